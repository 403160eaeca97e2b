"""The night, rebuilt from the clues held: a vertical rail with gaps drawn to scale."""

from __future__ import annotations

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.text import Text

from game.core import mystery
from game.core.model import Story
from game.core.state import GameState
from game.ui.look import Hanging, Look, frame
from game.ui.text import clean, story_text

MINUTES_PER_ROW = 15  # one extra rail row for every quarter hour between two clues...
MAX_GAP_ROWS = 3  # ...but no more than this, so a long quiet stretch does not fill the screen


def _gap(minutes: int) -> str:
    if minutes < 60:
        return f"{minutes} min"
    hours, rest = divmod(minutes, 60)
    return f"{hours} h {rest:02d} min" if rest else f"{hours} h"


class Timeline:
    """Times on the left, a rail in the middle, what happened on the right; gaps labelled in words."""

    def __init__(self, story: Story, state: GameState, look: Look) -> None:
        self.story, self.state, self.look = story, state, look

    def renderable(self) -> RenderableType:
        story, state, look = self.story, self.state, self.look
        entries = mystery.timeline(story, state)
        if not entries:
            return Text("No times yet. Clues with a time on them will build the night here.",
                        style=look.style("notice"))
        numbers = {c: n for n, c in mystery.numbered_clues(story, state)}
        rows: list[RenderableType] = []
        previous = None
        for index, (when, clue) in enumerate(entries):
            now = mystery.night_minutes(when.at)
            if previous is not None and now > previous:
                gap = now - previous
                if look.plain:
                    rows.append(Text(f"  ({_gap(gap)} later)"))
                else:
                    extra = min(MAX_GAP_ROWS, max(1, gap // MINUTES_PER_ROW))
                    for row in range(extra):
                        label = f"  {_gap(gap)}" if row == extra // 2 else ""
                        rows.append(Text.assemble(("      │", look.style("border")), (label, look.style("dim"))))
            previous = now
            body = story_text(clue.name, look.style("title"))
            if when.what:
                body.append(f": {clean(when.what)}")
            # No "(about ...)": who a clue concerns is the author's reading, and on a timeline it
            # tied an unsigned door to Dr. Pell for a blind tester (the notebook dropped it too).
            # in brackets, after one space: two spaces read as a typo (T13, "last edited  #10")
            body.append(f" [{numbers[clue.id]}]" if look.plain else f" (#{numbers[clue.id]})",
                        style=look.style("dim"))
            if look.plain:
                prefix = Text(f"{clean(when.at)}  ")
            else:
                node = "┬" if index == 0 else ("┴" if index == len(entries) - 1 else "┼")
                prefix = Text(f"{clean(when.at):>5} ", style=look.style("time"))
                prefix.append(f"{node}─ ", style=look.style("border"))
            # A wrapped entry hangs under its text with the rail still running beside it (T7 at
            # 60 columns: continuation lines lost the rail); the last entry's rail has ended.
            last = index == len(entries) - 1
            rail = None if look.plain else Text.assemble(
                ("      " + (" " if last else "│"), look.style("border")), "  ")
            rows.append(Hanging(prefix, body, rail))
        title = Text("The night, as far as you can tell", style=look.style("title"))
        footer = Text("Times come from the clues you hold; [N] is the clue's number in your notes."
                      if look.plain else "Times come from the clues you hold; #N is the clue's number in your notes.",
                      style=look.style("dim"))
        return frame(look, Group(*rows, footer), title)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self.renderable()
