"""A map of the school: places laid out on their ``map: [col, row]`` grid.

Where the player stands and which places are closed are written in each square
(``◉ you are here``, ``✕ closed``), not shown by colour alone. The plain look reads the same
map row by row, for screen readers. A place the player has not found yet (never open, never
entered: :func:`game.core.mystery.known_places`) is a "?" square, never named (T3-12).
"""

from __future__ import annotations

from typing import Optional

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.text import Text

from game.core import mystery
from game.core.model import Place, Story
from game.core.state import GameState
from game.ui.look import Hanging, Look, frame
from game.ui.text import clean

LEGEND = "◉ you are here   ✕ closed for now   ? not found yet"
UNKNOWN = "?"
CELL_WIDTH = 18  # widest a square grows; narrower terminals shrink every square evenly
MIN_CELL = 14  # narrower than this (plus borders) a square folds names mid-word: list by floor


def current_place(story: Story, state: GameState) -> Optional[str]:
    scene = story.scenes.get(state.scene)
    return scene.place if scene else None


class SchoolMap:
    """The grid of places with text marks; places without a position are listed underneath."""

    def __init__(self, story: Story, state: GameState, look: Look) -> None:
        self.story, self.state, self.look = story, state, look
        self.known: set[str] = set()  # set by renderable(): the places the player knows of

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
        if place.id not in self.known and place.id != here:
            return ["not found yet"]
        marks = []
        if place.id == here:
            marks.append("you are here")
        marks.append("open" if place.id in open_now or place.id == here else "closed")
        notice = self._notice(place)
        if notice:
            marks.append(notice)
        return marks

    def _notice(self, place: Place) -> str:
        """The place's notice now ("shut till two"), as the 'Go to' lines say it."""
        return clean(mystery.place_notice(self.story, self.state, place.id))

    def row_label(self, row: int, placed: dict[tuple[int, int], Place]) -> str:
        """The floor the places of ``row`` name (``floor:``), else ``Row N``."""
        floors = [placed[(c, r)].floor for c, r in sorted(placed) if r == row and placed[(c, r)].floor]
        return clean(floors[0]) if floors else f"Row {row + 1}"

    def here_line(self, here: Optional[str]) -> Optional[Text]:
        """``You are here: The Lobby (Ground floor)``: said in words, whatever the layout."""
        if here is None or here not in self.story.places:
            return None
        place = self.story.places[here]
        floor = f" ({clean(place.floor)})" if place.floor else ""
        return Text(f"You are here: {clean(place.name)}{floor}", style=self.look.style("title"))

    def renderable(self, max_width: int) -> RenderableType:
        story, state, look = self.story, self.state, self.look
        if not story.places:
            return Text("This story has no places to map.", style=look.style("notice"))
        here = current_place(story, state)
        open_now = set(mystery.open_places(story, state))
        self.known = mystery.known_places(story, state)
        placed, loose = self._layout()
        here_line = self.here_line(here)
        if look.plain:
            lines: list[RenderableType] = [here_line] if here_line is not None else []
            lines.append(Text("The school, top row first:" if placed else "The places:"))
            for row in sorted({r for _c, r in placed}):
                squares = [placed[(c, r)] for c, r in sorted(placed) if r == row]
                said = "; ".join(f"{self._name(p, here)} ({', '.join(self._marks(p, here, open_now))})" for p in squares)
                lines.append(Text(f"{self.row_label(row, placed)}: {said}"))
            for place in (p for p in loose if p.id in self.known or p.id == here):
                lines.append(Text(f"- {clean(place.name)} ({', '.join(self._marks(place, here, open_now))})"))
            return Group(*lines)
        parts: list[RenderableType] = [here_line] if here_line is not None else []
        if placed:
            cols = max(c for c, _r in placed) + 1
            labels = any(p.floor for p in placed.values())
            label_width = max(len(self.row_label(r, placed)) for _c, r in placed) if labels else 0
            if cols * MIN_CELL + (label_width + 3 if labels else 0) + 5 > max_width:
                parts.append(self._by_floor(placed, here, open_now))
            else:
                parts.append(self._grid(placed, here, open_now, max_width, label_width))
        loose = [p for p in loose if p.id in self.known or p.id == here]  # not found yet: left out
        if loose:
            names = ", ".join(clean(p.name) + (" (you are here)" if p.id == here else "")
                              + ("" if p.id in open_now or p.id == here else " (closed)") for p in loose)
            parts.append(Text(f"Elsewhere: {names}"))
        parts.append(Text(LEGEND, style=look.style("dim")))
        return frame(look, Group(*parts), Text("The school", style=look.style("title")))

    def _grid(self, placed: dict[tuple[int, int], Place], here: Optional[str], open_now: set[str],
              max_width: int, label_width: int) -> RenderableType:
        """The squares on their grid, each floor's name in a first column when there are names."""
        from rich import box
        from rich.table import Table

        look = self.look
        cols = max(c for c, _r in placed) + 1
        rows = max(r for _c, r in placed) + 1
        width = min(max_width - 4, cols * (CELL_WIDTH + 3) + 1 + (label_width + 3 if label_width else 0))
        table = Table(box=box.ROUNDED, show_header=False, show_lines=True, expand=True, width=width,
                      border_style=look.style("border"), padding=(0, 1))
        if label_width:
            table.add_column(width=label_width, no_wrap=True)
        for _ in range(cols):
            table.add_column(ratio=1, overflow="fold")
        for row in range(rows):
            cells: list[RenderableType] = []
            if label_width:
                used = any(r == row for _c, r in placed)
                cells.append(Text(self.row_label(row, placed) if used else "", style=look.style("dim")))
            for col in range(cols):
                place = placed.get((col, row))
                cells.append(Text("") if place is None else self._square(place, here, open_now))
            table.add_row(*cells)
        return table

    def _by_floor(self, placed: dict[tuple[int, int], Place], here: Optional[str],
                  open_now: set[str]) -> RenderableType:
        """A narrow terminal: each floor's name, then its places, one a line (never folded mid-word)."""
        look = self.look
        lines: list[RenderableType] = []
        for row in sorted({r for _c, r in placed}):
            lines.append(Text(self.row_label(row, placed), style=look.style("dim")))
            for c, r in sorted(placed):
                if r == row:
                    square = self._square(placed[(c, r)], here, open_now)
                    lines.append(Hanging(Text("  "), Text("  ").join(square.split("\n"))))
        return Group(*lines)

    def _name(self, place: Place, here: Optional[str]) -> str:
        return clean(place.name) if place.id in self.known or place.id == here else UNKNOWN

    def _square(self, place: Place, here: Optional[str], open_now: set[str]) -> Text:
        look = self.look
        if place.id not in self.known and place.id != here:
            return Text(UNKNOWN, style=look.style("closed"))
        is_open = place.id in open_now or place.id == here  # where the player stands is never "closed"
        text = Text(clean(place.name), style=look.style("title" if is_open else "closed"))
        if place.id == here:
            text.append("\n")
            text.append("◉ you are here", style=look.style("here"))
        notice = self._notice(place)
        if not is_open:
            text.append("\n✕ closed", style=look.style("closed"))
        elif notice:
            text.append(f"\n{notice}", style=look.style("notice"))
        return text

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self.renderable(options.max_width)
