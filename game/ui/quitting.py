"""The question Ctrl-C asks, and what its answer means: one rule for the game and the title.

A player who presses Ctrl-C and then types what the screen behind the question offers (a
``1`` for the title's "New game", a command in the game) means that, not "no": the answer
hands such a line back to the screen, so nothing typed is eaten.
"""

from __future__ import annotations

from game.core.record import Record

QUESTION = "Quit the game? Type y to quit, Enter to keep playing: "
YES = ("y", "yes", "q", "quit")
NO = ("", "n", "no")


class QuitAnswer(Record):
    """``quit``: leave. Otherwise ``line`` is what was typed instead of an answer (``""`` for
    Enter or no), for the screen behind the question to read as its own input."""

    quit: bool
    line: str = ""


def quit_answer(typed: str) -> QuitAnswer:
    """What ``typed`` at the question means (a second Ctrl-C or end of input is a yes: the
    callers say so with ``QuitAnswer(True)``)."""
    text = typed.strip().lower()
    if text in YES:
        return QuitAnswer(True)
    if text in NO:
        return QuitAnswer(False)
    return QuitAnswer(False, typed)
