"""A map of the school: places laid out on their ``map: [col, row]`` grid.

Where the player stands and which places are closed are written in each square
(``◉ you are here``, ``✕ closed``), not shown by colour alone. The plain look reads the same
map row by row, for screen readers.
"""

from __future__ import annotations

from typing import Optional

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.text import Text

from game.core import mystery
from game.core.model import Place, Story
from game.core.state import GameState
from game.ui.look import Look, frame
from game.ui.text import clean

LEGEND = "◉ you are here   ✕ closed for now"
CELL_WIDTH = 18  # widest a square grows; narrower terminals shrink every square evenly


def current_place(story: Story, state: GameState) -> Optional[str]:
    scene = story.scenes.get(state.scene)
    return scene.place if scene else None


class SchoolMap:
    """The grid of places with text marks; places without a position are listed underneath."""

    def __init__(self, story: Story, state: GameState, look: Look) -> None:
        self.story, self.state, self.look = story, state, look

    def _layout(self) -> tuple[dict[tuple[int, int], Place], list[Place]]:
        placed: dict[tuple[int, int], Place] = {}
        loose: list[Place] = []
        for place in self.story.places.values():
            if place.map is None or tuple(place.map) in placed:
                loose.append(place)
            else:
                placed[tuple(place.map)] = place
        return placed, loose

    def _marks(self, place: Place, here: Optional[str], open_now: set[str]) -> list[str]:
        marks = []
        if place.id == here:
            marks.append("you are here")
        marks.append("open" if place.id in open_now else "closed")
        return marks

    def renderable(self, max_width: int) -> RenderableType:
        story, state, look = self.story, self.state, self.look
        if not story.places:
            return Text("This story has no places to map.", style=look.style("notice"))
        here = current_place(story, state)
        open_now = set(mystery.open_places(story, state))
        placed, loose = self._layout()
        if look.plain:
            lines: list[RenderableType] = [Text("The school, top row first:" if placed else "The places:")]
            for row in sorted({r for _c, r in placed}):
                squares = [placed[(c, r)] for c, r in sorted(placed) if r == row]
                said = "; ".join(f"{clean(p.name)} ({', '.join(self._marks(p, here, open_now))})" for p in squares)
                lines.append(Text(f"Row {row + 1}: {said}"))
            for place in loose:
                lines.append(Text(f"- {clean(place.name)} ({', '.join(self._marks(place, here, open_now))})"))
            return Group(*lines)
        from rich import box
        from rich.table import Table

        parts: list[RenderableType] = []
        if placed:
            cols = max(c for c, _r in placed) + 1
            rows = max(r for _c, r in placed) + 1
            width = min(max_width - 4, cols * (CELL_WIDTH + 3) + 1)
            table = Table(box=box.ROUNDED, show_header=False, show_lines=True, expand=True, width=width,
                          border_style=look.style("border"), padding=(0, 1))
            for _ in range(cols):
                table.add_column(ratio=1, overflow="fold")
            for row in range(rows):
                cells: list[RenderableType] = []
                for col in range(cols):
                    place = placed.get((col, row))
                    cells.append(Text("") if place is None else self._square(place, here, open_now))
                table.add_row(*cells)
            parts.append(table)
        if loose:
            names = ", ".join(clean(p.name) + (" (you are here)" if p.id == here else "")
                              + ("" if p.id in open_now else " (closed)") for p in loose)
            parts.append(Text(f"Elsewhere: {names}"))
        parts.append(Text(LEGEND, style=look.style("dim")))
        return frame(look, Group(*parts), Text("The school", style=look.style("title")))

    def _square(self, place: Place, here: Optional[str], open_now: set[str]) -> Text:
        look = self.look
        is_open = place.id in open_now
        text = Text(clean(place.name), style=look.style("title" if is_open else "closed"))
        if place.id == here:
            text.append("\n")
            text.append("◉ you are here", style=look.style("here"))
        if not is_open:
            text.append("\n✕ closed", style=look.style("closed"))
        return text

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self.renderable(options.max_width)
