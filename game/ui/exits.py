"""The exits of a menu on a few lines instead of one each, when the full menu would push the
text above it off the screen (issue 11: T13's allergy sign and T15's board page at 40 columns).

Numbers never change: "5 Lobby · 6 Room 4C · 7 Green Room" keeps each exit's number from the
full menu, and an exit is never split from its number across lines. Only the rich look folds;
the plain look (screen readers, pipes) keeps one choice per line.
"""

from __future__ import annotations

from typing import Sequence

from rich.console import Console, ConsoleOptions, RenderResult
from rich.text import Text

from game.ui.look import Look

SEPARATOR = " · "
INDENT = "  "


def short_place(name: str) -> str:
    """A place as the folded exits name it: "The Lobby" -> "Lobby" (the toolbar's short form)."""
    return name[4:] if name.startswith("The ") else name


class FoldedExits:
    """A heading ("Go to, 1 turn each:") and the exits as ``N Place`` items, wrapped as whole
    items under it."""

    def __init__(self, numbers: Sequence[int], places: Sequence[str], look: Look, *,
                 note: str = "", note_style: str = "dim") -> None:
        self.items = list(zip(numbers, places))
        # What every exit shares, said once: "1 turn each", "each ends the act", or nothing.
        self.note, self.note_style = note, note_style
        self.look = look

    def heading(self) -> Text:
        heading = Text("Go to")
        if self.note:
            heading.append(f" ({self.note})", style=self.look.style(self.note_style))
        heading.append(":")
        return heading

    def item(self, number: int, place: str) -> Text:
        text = Text(str(number), style=self.look.style("number"))
        text.append(" " + place)
        return text

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self.heading()
        width = max(1, options.max_width)
        line = Text(INDENT)
        for number, place in self.items:
            item = self.item(number, place)
            if line.cell_len > len(INDENT):
                if line.cell_len + len(SEPARATOR) + item.cell_len > width:
                    yield line
                    line = Text(INDENT)
                else:
                    line.append(SEPARATOR, style=self.look.style("dim"))
            line.append_text(item)
        if line.cell_len > len(INDENT):
            yield line
