"""An explorer path as the lines a player would type: what ``ghostlight play`` reads from a pipe.

Menu choices are their numbers in :func:`game.core.engine.menu_actions` (the numbering the play
loop reads), a clue is presented as ``present N`` (N its number in
:func:`game.core.mystery.numbered_clues`), a deduction is ``deduce N`` followed by one number
per slot (as the board asks for them), a typed answer is the choice's number and then the answer
(the story's first accepted one), and the accusation starts with the ``accuse`` command. Every line is produced by playing
the path with the real engine, so a path that no longer plays raises :class:`ReplayError`.
"""

from __future__ import annotations

from game.core import engine as e
from game.core.model import Story
from game.core.record import replace
from game.core.blanks import slot_options
from game.core.state import Accusing, GameState
from game.authoring.moves import Macro, Move, ReplayError, apply_move


def deduce_lines(story: Story, state: GameState, deduction_id: str, answers: tuple[tuple[str, str], ...]) -> list[str]:
    deduction = story.deductions[deduction_id]
    given = dict(answers)
    lines = [f"deduce {list(story.deductions).index(deduction_id) + 1}"]
    for slot in deduction.slots:
        value = given[slot.id]
        pool = [v for v, _label in slot_options(story, state, slot)]  # as the board numbers them
        if value not in pool:
            raise ReplayError(f"'{value}' is not offered for '{slot.prompt}'")
        lines.append(str(pool.index(value) + 1))
    return lines


def _number(story: Story, state: GameState, action: e.Action) -> str:
    if isinstance(action, e.Present):
        return f"present {e.clue_order(story, state).index(action.clue) + 1}"  # not on the menu
    actions = e.menu_actions(story, state)
    if action in actions:
        return str(e.number_of(actions, action))
    if isinstance(action, e.Accuse):
        return "accuse"  # from a conversation the accusation is a command, not a menu line
    raise ReplayError(f"{action!r} is not on the menu")


def input_lines(story: Story, path: list[Move]) -> tuple[list[str], GameState]:
    """The lines that play ``path`` from a new game, and the state they end in."""
    state, _ = e.new_game(story, seed=0)
    lines: list[str] = []
    for move in path:
        if isinstance(move, Macro):
            for deduction, answers in move.deduce:
                lines += deduce_lines(story, state, deduction, answers)
                state = apply_move(story, state, e.Deduce(deduction, answers))
            if not isinstance(state.mode, Accusing):
                lines.append("accuse")
                state = apply_move(story, state, e.Accuse())
            for value in move.answers:
                lines.append(_number(story, state, e.Answer(value)))
                state = apply_move(story, state, e.Answer(value))
            lines.append(_number(story, state, e.Confirm()))
            state = apply_move(story, state, e.Confirm())
        elif isinstance(move, e.Deduce):
            lines += deduce_lines(story, state, move.deduction, move.answers)
            state = apply_move(story, state, move)
        elif isinstance(move, e.Typed):  # the choice's number, then the answer at its prompt
            lines += [_number(story, state, replace(move, text="")), move.text]
            state = apply_move(story, state, move)
        else:
            lines.append(_number(story, state, move))
            state = apply_move(story, state, move)
    return lines, state


def describe(move: Move) -> str:
    """One move in words, for paths printed in reports."""
    if isinstance(move, Macro):
        parts = [f"confirm {d}" for d, _ in move.deduce] + ["accuse: " + ", ".join(move.answers)]
        return "; ".join(parts) + f" -> {move.ending}"
    if isinstance(move, e.Deduce):
        return f"deduce {move.deduction}"
    return move.label or type(move).__name__


__all__ = ["input_lines", "deduce_lines", "describe", "ReplayError"]
