"""Presenting a clue against the statement in front of the player: which clue the typed words
mean, why nothing can be presented now, and the one question asked before a presentation that
may not be the one the player means (it costs credibility when it proves nothing)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Optional

from game.core import engine as e
from game.core import mystery
from game.core.actions import Hear
from game.core.menu import menu_numbers
from game.core.model import Story
from game.core.people import called
from game.core.state import GameState, Talking, Testifying
from game.core.words import match_words
from game.ui.text import shown

if TYPE_CHECKING:
    from game.play.session import Game


def find_clue(story: Story, state: GameState, text: str) -> tuple[Optional[str], str]:
    """A held clue by its number (the game's one numbering), its id, or words of its name;
    or ``None`` and what to tell the player."""
    numbered = mystery.numbered_clues(story, state)
    held = [clue for _number, clue in numbered]
    text = text.strip()
    if re.fullmatch(r"[+-]?\d+", text):
        number = int(text) if len(text) < 12 else 0  # no huge integers from a pasted line
        if 1 <= number <= len(held):
            return held[number - 1], ""
        return None, (f"There is no clue {shown(text, 12)} in your notebook: "
                      f"your clues are numbered 1 to {len(held)}.")
    if text in held:
        return text, ""
    names = [story.clues[c].name for c in held]
    found = match_words(text, names)
    if not found and text and not re.search(r"\w", text):
        # Symbols only ("present 🩹"): they are no words to match, but a name may hold them (T23).
        found = [i for i, name in enumerate(names) if text in name]
    if len(found) == 1:
        return held[found[0]], ""
    if found:
        listed = ", ".join(str(i + 1) for i in found[:6])
        return None, f"That matches more than one clue ({listed}); type 'present' and its number."
    return None, f"No clue in your notebook matches '{shown(text)}'. Type 'notes' to see them numbered."


def no_statement(story: Story, state: GameState) -> str:
    """Why `present` has nothing to answer, and, in a conversation, which of its lines opens a
    testimony to present against (T10 typed 'present allergy' to Pell between topics)."""
    said = "There is no statement in front of you to present a clue against."
    if not isinstance(state.mode, Talking):
        return f"{said} Talk to someone and hear their testimony first."
    actions = e.menu_actions(story, state)  # the numbers the menu on screen shows
    heard = [(n, a) for n, a in zip(menu_numbers(actions), actions) if isinstance(a, Hear)]
    who = called(story, state, state.mode.person)
    if not heard:
        return f"{said} {who} has no statement for you to test yet: ask about what you want to know."
    listed = " or ".join(f"{n} '{shown(a.label, 50)}'" for n, a in heard[:3])
    return f"{said} To test what {who} says, hear it first: choose {listed}, then present while it is in front of you."


def doubt(story: Story, state: GameState, arg: str, clue: str, *, reopened: int = -1) -> str:
    """Why a presentation may not be the one the player means, or "" when there is no doubt.

    Two doubts: ``present 3`` at statement 3 (the number may mean the statement: T21 lost
    credibility so), and a testimony heard again and not moved through yet after the player had
    left it further on (``reopened``: the statement it was left at, else -1). It begins at its
    first statement; T28 came back for statement 5 and presented at once, and three testers
    counted from where they thought it began: the statement's own words settle it. Left at its
    first statement, nothing differs and nothing is asked (T59, T61, T62, T65 met the question
    where it had no reason to be)."""
    mode = state.mode
    assert isinstance(mode, Testifying)
    name = shown(story.clues[clue].name, 40)
    testimony = story.testimonies[mode.testimony]
    said = shown(testimony.statements[mode.index].text, 70)
    where = f"statement {mode.index + 1} of {len(testimony.statements)}"
    if arg.strip() == str(mode.index + 1):
        return (f"Clue {arg.strip()} in your notes is '{name}' (notes number clues; this is "
                f"statement {mode.index + 1} too). Present it against {where}, \u201c{said}\u201d?")
    if reopened > mode.index:  # why it is asked now and not every time (T35 found it asked "only sometimes")
        return (f"You had left this testimony at statement {reopened + 1}; heard again, it began at its first. "
                f"Present '{name}' against {where}, \u201c{said}\u201d?")
    return ""


def sure_to_present(game: "Game", question: str) -> bool:
    """Asked once, as the quit question is: y presents; anything else keeps it back, free."""
    game.r.notice(f"{question} Type y to present it, Enter to keep it back.")
    try:
        answer = game.ask("present? ").strip().lower()
    except (EOFError, KeyboardInterrupt):
        answer = ""
    if answer in ("y", "yes"):
        return True
    game.r.notice("Nothing presented; it costs nothing.")
    game.remind()
    return False


def present(game: "Game", arg: str) -> None:
    """`present N` / `present WORDS`: the clue shown against the statement in front of the player."""
    story, state = game.story, game.state
    if not isinstance(state.mode, Testifying):
        game.refuse(no_statement(story, state))
        return
    if not state.clues:
        game.refuse("Your notebook is empty: there is nothing to present yet.")
        return
    if not arg.strip():
        game.r.notice("Present which clue? Type 'present N' with N from your notes, "
                      "or 'present' and words of its name.")
        game.r.notes(state)
        game.remind()  # a view: what can be done is shown again under it
        return
    clue, problem = find_clue(story, state, arg)
    if clue is None:
        game.refuse(problem)
        return
    question = doubt(story, state, arg, clue, reopened=game.reopened)
    if question and not sure_to_present(game, question):
        return
    game.reopened = -1
    game.act(e.Present(clue, f"Present {story.clues[clue].name}"))
