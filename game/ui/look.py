"""The two looks of the game and the small building blocks every view shares.

``Look(plain=True)`` is for screen readers, pipes, ``NO_COLOR`` and ``TERM=dumb``: no colour,
no box drawing, no ornamental symbols, one idea per line. The default look frames things in
panels and uses symbols, but every symbol sits next to a word or a legend, so nothing is said
by colour or shape alone.

Only ``rich.text`` and ``rich.panel`` are imported here: these modules are on the path to
the first screen, and start-up time is measured.
"""

from __future__ import annotations

from typing import Iterable, Optional

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.measure import Measurement
from rich.text import Text

from game.core.record import Record

#: style names used by the rich look; the plain look uses none of them
STYLES = {
    "title": "bold bright_white",
    "place": "bold bright_white",
    "status": "grey62",
    "dim": "dim",
    "number": "bold cyan",
    "notice": "yellow",
    "good": "bold green",
    "bad": "bold red",
    "event": "italic magenta",
    "speaker": "bold cyan",
    "border": "grey50",
    "talk": "cyan",
    "statement": "magenta",
    "act": "bold yellow",
    "ending": "bold yellow",
    "tag": "bold underline",
    "here": "bold reverse",
    "closed": "dim",
    "time": "bold cyan",
}


class Look(Record):
    """How to draw: ``plain`` for the screen-reader look; ``reveal`` for the typewriter effect."""

    plain: bool = False

    def style(self, name: str) -> str:
        """The style called ``name`` in the rich look; no style at all in the plain look."""
        return "" if self.plain else STYLES.get(name, "")


PLAIN = Look(plain=True)
RICH = Look(plain=False)


def frame(look: Look, body: RenderableType, title: Optional[Text] = None, *,
          style: str = "border", subtitle: Optional[Text] = None) -> RenderableType:
    """A titled panel in the rich look; in the plain look the title on its own line, then the body.

    Titles are always ``Text``: a ``str`` title would be read as markup by Rich.
    """
    if look.plain:
        parts: list[RenderableType] = []
        if title is not None:
            parts.append(Text(title.plain.strip()))
        parts.append(body)
        if subtitle is not None:
            parts.append(Text(subtitle.plain.strip()))
        return Group(*parts)
    return Framed(body, title, border_style=look.style(style), subtitle=subtitle)


class Framed:
    """A panel whose title is never cut: a title too long for the top border (a narrow
    terminal) moves inside the panel as its first, wrapped, line."""

    def __init__(self, body: RenderableType, title: Optional[Text], *, border_style: str,
                 subtitle: Optional[Text] = None) -> None:
        self.body, self.title, self.border_style, self.subtitle = body, title, border_style, subtitle

    def panel(self, width: int):
        from rich.panel import Panel

        body, title = self.body, self.title
        # The top border holds "╭─ " + title + " ─…╮": 6 cells besides the title itself.
        if title is not None and title.cell_len + 6 > width:
            # "Name · role": the name stays on the border when it fits, the role goes inside
            # (T21: a dossier's whole title moved into the box read as a wrapped mess).
            cut = title.plain.find(" · ")
            if 0 < cut and cut + 6 <= width:
                inside, title = title[cut + 3:], title[:cut]
            else:
                inside, title = title.copy(), None
                inside.stylize("bold")
            body = Group(inside, body)
        return Panel(body, title=title, title_align="left", subtitle=self.subtitle, subtitle_align="right",
                     border_style=self.border_style, padding=(0, 1))

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        # A box has an edge even when the console soft-wraps (piped rich look): inside it, text
        # wraps; left unwrapped, the panel would clip each long line at its border.
        inside = options.update(no_wrap=False, overflow="fold")
        yield from console.render(self.panel(options.max_width), inside)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement.get(console, options, self.panel(options.max_width))


class Hanging:
    """``prefix`` then ``body``, with wrapped lines of the body indented under its first line.

    Menus and notebooks use it so a long choice wraps as a block beside its number instead of
    running back under it. Cheaper than a ``Table`` (which is not imported on the first screen).
    """

    def __init__(self, prefix: Text, body: Text, rest: Optional[Text] = None, *,
                 tail: Optional[Text] = None) -> None:
        """``rest`` begins each wrapped line instead of spaces (the timeline's rail), as wide
        as ``prefix``. ``tail`` ends the body and is never split across lines: a menu line's
        mark, "(1 turn)", goes whole to the next line rather than "(1" / "turn)" (T21)."""
        self.prefix = prefix
        self.body = body
        self.rest = rest
        self.tail = tail

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        indent = self.prefix.cell_len
        pad = self.rest if self.rest is not None else Text(" " * indent)
        width = max(1, options.max_width - indent)
        body = self.body
        if self.tail is not None and options.no_wrap:
            body = Text.assemble(body, " ", self.tail)
        if options.no_wrap:
            # Soft-wrapped output (a pipe): whole lines, only the body's own breaks indented.
            lines = body.split("\n")
        else:
            lines = body.wrap(console, width, overflow="fold")
            if self.tail is not None:
                last = lines[-1] if lines else Text()
                if lines and last.cell_len + 1 + self.tail.cell_len <= width:
                    last.append(" ").append_text(self.tail)
                else:
                    lines.extend(self.tail.wrap(console, width, overflow="fold"))
        for number, line in enumerate(lines):
            # Append rather than copy: a copied prefix would lend its style to the whole line.
            start = Text()
            start.append_text(self.prefix if number == 0 else pad)
            start.append_text(line)
            start.end = "\n"
            yield start

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        body = Measurement.get(console, options, self.body if self.tail is None
                               else Text.assemble(self.body, " ", self.tail))
        indent = self.prefix.cell_len
        return Measurement(min(options.max_width, indent + body.minimum),
                           min(options.max_width, indent + body.maximum))


def numbered(number: int, body: Text, look: Look, widest: int = 0, *, tail: Optional[Text] = None) -> Hanging:
    """One line of a numbered list (a menu, the clues to pick from, the notebook): the number
    flush left as the main menus have it, and in the rich look the text of every line in one
    column, the padding after a short number (never before it, which read as a stray indent
    before 1 to 9 in a list that reaches 10: issue 11). ``widest`` is the list's widest
    number. The plain look keeps ``N. text``, the shape piped transcripts rely on."""
    prefix = f"{number}. "
    if not look.plain:
        prefix = f"{number}.".ljust(len(str(max(widest, number))) + 1) + " "
    return Hanging(Text(prefix, style=look.style("number")), body, tail=tail)


def lines(*items: RenderableType | None) -> Group:
    """A group of renderables, skipping ``None`` (views build optional parts inline)."""
    return Group(*(i for i in items if i is not None))


def bar(filled: int, total: int, width: int = 10) -> str:
    """A small gauge such as ``▰▰▰▱▱`` (always shown beside the same number in words)."""
    if total <= 0:
        return ""
    cells = min(width, total)
    on = round(cells * max(0, min(filled, total)) / total)
    return "▰" * on + "▱" * (cells - on)


def joined(parts: Iterable[str], look: Look) -> str:
    """Status parts joined: a middle dot in the rich look, commas for a screen reader."""
    return (", " if look.plain else " · ").join(p for p in parts if p)
