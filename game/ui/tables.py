"""A small table whose first column is a key the player must type (a slot name): never cut.

Where every column fits, a boxed table; where it does not (a narrow terminal), each row
becomes a block: the key on its own line, then ``Column: value`` lines indented under it.
The plain look is always one line per row, for screen readers.
"""

from __future__ import annotations

from typing import Sequence

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.text import Text

from game.ui.look import Hanging, Look
from game.ui.text import clean


class KeyedTable:
    """``rows`` under ``columns``; ``rows[i][0]`` is the key, shown whole at any width."""

    def __init__(self, title: str, columns: Sequence[str], rows: Sequence[Sequence[str]], look: Look) -> None:
        self.title, self.columns, self.rows, self.look = clean(title), tuple(map(clean, columns)), \
            [tuple(clean(v) for v in row) for row in rows], look

    def _fits(self, width: int) -> bool:
        """Whether a boxed table fits with the key whole and every other column at least as
        wide as its longest word (Rich then wraps them between words), plus Rich's borders
        and padding (3 cells a column, + 1)."""
        def longest_word(i: int) -> int:
            cells = [self.columns[i]] + [row[i] for row in self.rows if i < len(row)]
            return max((len(w) for cell in cells for w in cell.split()), default=0)

        key = max([len(self.columns[0])] + [len(row[0]) for row in self.rows if row])
        widths = [key] + [longest_word(i) for i in range(1, len(self.columns))]
        return sum(widths) + 3 * len(widths) + 1 <= width

    def blocks(self) -> RenderableType:
        """One block per row: the key, then each non-empty column indented under it."""
        look = self.look
        parts: list[RenderableType] = [Text(self.title, style=look.style("title"))]
        for row in self.rows:
            parts.append(Text(row[0], style=look.style("title")))
            for column, value in zip(self.columns[1:], row[1:]):
                if value:
                    parts.append(Hanging(Text(f"  {column}: ", style=look.style("dim")), Text(value)))
        return Group(*parts)

    def table(self) -> RenderableType:
        from rich.table import Table

        table = Table(title=Text(self.title))
        for number, column in enumerate(self.columns):
            table.add_column(Text(column), no_wrap=number == 0)
        for row in self.rows:
            table.add_row(*(Text(v) for v in row))
        return table

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        if self.look.plain:
            yield Text(self.title)
            for row in self.rows:
                yield Text(", ".join(f"{c}: {v}" for c, v in zip(self.columns, row) if v))
            return
        yield self.table() if self._fits(options.max_width) else self.blocks()
