"""``help``: the commands, the keys, and how choices are chosen; and ``hint``'s words when the board
has nothing open (:func:`where_next`). The commands come from the play
loop's registry as plain rows; one list of keys feeds both the help screen and the prompt's key
bindings, so they cannot drift apart."""

from __future__ import annotations

from typing import TYPE_CHECKING, Sequence

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.text import Text

from game.ui.look import Hanging, Look, frame
from game.ui.text import clean

if TYPE_CHECKING:  # the help screen is drawn without the mystery queries
    from game.core.mystery import Leads

#: one command as the ui shows it: (name, how its argument is written or "", help, what its
#: argument names for completion or "")
CommandRow = tuple[str, str, str, str]

#: (key as prompt_toolkit names it, as the player reads it, the command it types or what it does)
FUNCTION_KEYS: tuple[tuple[str, str, str], ...] = (
    ("f1", "F1", "help"),
    ("f2", "F2", "notes"),
    ("f3", "F3", "map"),
    ("f4", "F4", "board"),
    ("f5", "F5", "timeline"),
    ("f6", "F6", "suspects"),
)
#: keys the line editor provides, documented here because players ask
EDITING_KEYS: tuple[tuple[str, str], ...] = (
    ("Enter", "at 'Press Enter for the choices': the choices a long text left waiting"),
    ("Tab", "complete a command, a choice word, a clue or a name"),
    ("Up / Down", "earlier lines you typed (history)"),
    ("Ctrl-R", "search your history"),
    ("Ctrl-L", "clear the screen"),
    ("Ctrl-C", "asks whether to quit"),
    ("Ctrl-D", "save and leave (on an empty line)"),
)


#: what a move marked '(last turn)' does: help's words and the last-turn warning's (game.ui.choices)
LAST_TURN_MEANS = ("spends the last turn getting there: you arrive and can look round, and the next "
                   "thing you do that takes time {ends}")

#: what a menu line's cost mark means (game.ui.choices.cost_mark), said once in `help`
TIME_MARK = ("A line marked '(1 turn)' spends that much of the act's time, '(may take a turn)' "
             "only sometimes; unmarked lines are free. The turns left are on the status line. Near "
             "the end, '(ends the act)' ends it, and a move marked '(last turn)' "
             + LAST_TURN_MEANS.format(ends="ends it") + ".")


class HelpView:
    """Commands with one line each, then the keys; the plain look drops the frame and symbols."""

    def __init__(self, look: Look, commands: Sequence[CommandRow], *, keys: bool = True, credibility: str = "") -> None:
        self.look, self.commands, self.keys, self.credibility = look, tuple(commands), keys, credibility

    def renderable(self) -> RenderableType:
        look = self.look
        usages = [(f"{name} {args}".rstrip(), text) for name, args, text, _completes in self.commands]
        width = max((len(u) for u, _text in usages), default=8) + 2
        rows: list[RenderableType] = []
        for usage, text in usages:
            rows.append(Hanging(Text(f"  {usage:<{width}}", style=look.style("number")), Text(text)))
        rows.append(Text("Choose a numbered choice by its number or by a word from it; 0 (or Esc) leaves a conversation (in a testimony, 0 stops listening first; a second 0 leaves).", style=look.style("dim")))
        rows.append(Text(TIME_MARK, style=look.style("dim")))
        if self.credibility:  # the testimony view's own words for this act (ui.trial.credibility_rule)
            rows.append(Text("Credibility lasts one act. " + self.credibility, style=look.style("dim")))
        if self.keys:
            rows.append(Text(""))
            rows.append(Text("Keys:", style=look.style("title")))
            for _name, shown, command in FUNCTION_KEYS:
                rows.append(Hanging(Text(f"  {shown:<{width}}", style=look.style("number")), Text(command)))
            for shown, text in EDITING_KEYS:
                rows.append(Hanging(Text(f"  {shown:<{width}}", style=look.style("number")), Text(text)))
        return frame(look, Group(*rows), Text("Commands", style=look.style("title")))

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self.renderable()


def where_next(leads: "Leads") -> str:
    """The hint when the board has nothing open: what is left to try in this act (T6: "keep
    looking" alone gave no direction), never which of it matters."""
    def names(items: tuple[str, ...]) -> str:
        shown_ = [clean(i) for i in items[:4]] + (["others"] if len(items) > 4 else [])
        return shown_[0] if len(shown_) == 1 else ", ".join(shown_[:-1]) + " and " + shown_[-1]

    parts = []
    if leads.asking:
        parts.append(f"questions you have not asked {names(leads.asking)}")
    if leads.breaking:
        parts.append(f"statements not yet broken ({names(leads.breaking)})")
    if leads.places:
        parts.append(f"choices not yet taken in {names(leads.places)}")
    said = "Everything on your board is confirmed, and more will appear there."
    if not parts:
        return f"{said} Keep looking and asking."
    return f"{said} Still open in this act: " + "; ".join(parts) + "."
