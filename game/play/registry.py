"""The one list of typed commands: name, arguments, help, handler.

``help`` lists it, the prompt completes from it and the loop dispatches through it, so the
three cannot drift apart. The ui never imports this module: the loop hands the ui
:func:`command_table`, plain tuples of what help and completion show.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from game.core.record import Record
from game.core import engine as e

if TYPE_CHECKING:
    from game.play.session import Game


class QuitGame(Exception):
    """The player asked to leave."""


#: what a command's argument names, for completion: clues held, deductions, people, save slots
CLUE, DEDUCTION, PERSON, SLOT = "clue", "deduction", "person", "slot"
#: what `examine` looks at (game/play/understanding.py): a clue, a person, or a choice's thing
SIGHT = "sight"


class CommandSpec(Record):
    """One command. ``args`` is how its argument is written in help ("" when it takes none);
    ``completes`` says what the argument names (see the constants above)."""

    name: str
    help: str
    handler: Callable[["Game", str], None]
    args: str = ""
    aliases: tuple[str, ...] = ()
    completes: str = ""
    soft: bool = False  # a menu choice with the same words wins over the command
    view: bool = False  # a full view: the menu is shown again after it, so the player sees what to do

    @property
    def takes_argument(self) -> bool:
        return bool(self.args)


def _quit(game: "Game", arg: str) -> None:
    raise QuitGame()


def _look(game: "Game", arg: str) -> None:
    game.look()
    game.show_menu()


REGISTRY: tuple[CommandSpec, ...] = (
    CommandSpec("look", "show the scene again", _look, aliases=("l",)),
    CommandSpec("notes", "your notebook of clues, numbered in the order you found them",
                lambda g, a: g.r.notes(g.state), aliases=("clues", "notebook", "n"), view=True),
    CommandSpec("suspects", "the people in the case and what you know of each",
                lambda g, a: g.r.suspects(g.state, a), args="[NAME]", aliases=("people",), completes=PERSON,
                view=True),
    CommandSpec("board", "the deductions; `deduce N` to try one", lambda g, a: g.r.board(g.state),
                aliases=("b",), view=True),
    CommandSpec("deduce", "fill and check deduction N on the board", lambda g, a: g.deduce(a),
                args="N", completes=DEDUCTION),
    CommandSpec("timeline", "the night, rebuilt from the clues you hold", lambda g, a: g.r.timeline(g.state),
                view=True),
    CommandSpec("map", "the school, and which places are open", lambda g, a: g.r.map(g.state), aliases=("m",),
                view=True),
    CommandSpec("present", "show a clue against the statement in front of you (its number in your notes, "
                "or words of its name)", lambda g, a: g.present(a), args="N|NAME", completes=CLUE),
    CommandSpec("examine", "look closely at a clue in your notes, or at something in the scene",
                lambda g, a: g.plainly("examine", a), args="NAME", aliases=("x",), completes=SIGHT),
    CommandSpec("wait", "how many turns are left in this act (time moves only when you act)",
                lambda g, a: g.plainly("wait", a),
                aliases=("z",), soft=True),
    CommandSpec("sleep", "end the day, where a choice offers to (a bed)", lambda g, a: g.plainly("sleep", a), soft=True),
    CommandSpec("accuse", "make the accusation (once only)", lambda g, a: g.act(e.Accuse())),
    CommandSpec("hint", "a nudge toward what to look for next", lambda g, a: g.hint(), view=True),
    CommandSpec("save", "save the game (to the quicksave when no slot is named)",
                lambda g, a: g.save_command("save", a), args="[SLOT]", completes=SLOT),
    CommandSpec("load", "load a saved game (the quicksave when no slot is named)",
                lambda g, a: g.save_command("load", a), args="[SLOT]", completes=SLOT),
    CommandSpec("saves", "list your saved games", lambda g, a: g.save_command("saves", a), view=True),
    CommandSpec("undo", "take back your last action", lambda g, a: g.undo(), aliases=("u",)),
    CommandSpec("history", "what has happened so far", lambda g, a: g.r.history(g.session.transcript), view=True),
    CommandSpec("help", "this list", lambda g, a: g.r.help(command_table(), g.state), aliases=("?", "h"), view=True),
    CommandSpec("quit", "save and leave the game", _quit, aliases=("exit",)),
)

COMMANDS: dict[str, CommandSpec] = {spec.name: spec for spec in REGISTRY}
#: commands after which a lone q or Esc closes what they showed: the views, and examine
VIEWS = frozenset(spec.name for spec in REGISTRY if spec.view) | {"examine"}
ALIASES: dict[str, str] = {alias: spec.name for spec in REGISTRY for alias in spec.aliases}


def command_table() -> tuple[tuple[str, str, str, str], ...]:
    """``(name, args, help, completes)`` for every command, in help's order: what the ui shows."""
    return tuple((s.name, s.args, s.help, s.completes) for s in REGISTRY)


def dispatch(game: "Game", name: str, arg: str) -> None:
    """Run command ``name`` (already understood, so it is in the registry) with ``arg``."""
    spec = COMMANDS[name]
    spec.handler(game, arg)
    if spec.view:
        game.remind()
