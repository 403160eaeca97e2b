"""``help``: the commands, the keys, and how choices are chosen. One list feeds both the help
screen and the prompt's key bindings, so they cannot drift apart."""

from __future__ import annotations

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.text import Text

from game.play.commands import COMMANDS
from game.ui.look import Hanging, Look, frame

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
    ("Tab", "complete a command, a choice word, a clue or a name"),
    ("Up / Down", "earlier lines you typed (history)"),
    ("Ctrl-R", "search your history"),
    ("Ctrl-L", "clear the screen"),
    ("Ctrl-C", "asks whether to quit"),
    ("Ctrl-D", "save and leave (on an empty line)"),
)


class HelpView:
    """Commands with one line each, then the keys; the plain look drops the frame and symbols."""

    def __init__(self, look: Look, *, keys: bool = True) -> None:
        self.look, self.keys = look, keys

    def renderable(self) -> RenderableType:
        look = self.look
        width = max(len(n) for n in COMMANDS) + 2
        rows: list[RenderableType] = []
        for name, text in COMMANDS.items():
            rows.append(Hanging(Text(f"  {name:<{width}}", style=look.style("number")), Text(text)))
        rows.append(Text("Choose a numbered choice by its number or by a word from it.", style=look.style("dim")))
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
