"""Suspects: a motive / means / opportunity grid for everyone, then each person's dossier."""

from __future__ import annotations

from typing import Optional

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.text import Text

from game.core import mystery
from game.core.engine import with_extras
from game.core.model import Person, Story
from game.core.state import GameState
from game.ui.look import Hanging, Look, frame
from game.ui.text import clean, paragraphs, story_text

KEYS = ("motive", "means", "opportunity")
#: a square of the grid: (symbol in the rich look, word in the plain look); shapes differ, so
#: the grid reads the same without colour
MARKS = {mystery.SHOWN: ("✔", "yes"), mystery.RULED_OUT: ("✘", "ruled out"), mystery.UNKNOWN: ("?", "unknown")}
MARK_STYLE = {mystery.SHOWN: "good", mystery.RULED_OUT: "bad", mystery.UNKNOWN: "dim"}
NARROW = 18  # three mark columns (min 4 cells) and the gaps between the four columns
LEGEND = "✔ shown   ✘ ruled out   ? not known yet"


class SuspectGrid:
    """One row per suspect, one column each for motive, means and opportunity."""

    def __init__(self, story: Story, state: GameState, look: Look) -> None:
        self.story, self.state, self.look = story, state, look

    def renderable(self, width: int = 80) -> RenderableType:
        story, state, look = self.story, self.state, self.look
        suspects = mystery.known_people(story, state, suspects_only=True)
        # A name wraps only at its spaces: its longest word sets the column; three mark columns
        # of at least 4 cells and their gaps need NARROW more. Narrower than that, a list.
        longest = max((len(w) for p in suspects for w in clean(p.name).split()), default=8)
        if look.plain or width < longest + NARROW:
            rows: list[RenderableType] = []
            for person in suspects:
                grid = mystery.grid(person, state)
                marks = ", ".join(f"{k} {MARKS[grid[k][0]][1]}" for k in KEYS)
                if look.plain:
                    rows.append(Text(f"{clean(person.name)}: {marks}"))
                else:
                    rows.append(Hanging(Text("· "), story_text(person.name, look.style("title")).append(f": {marks}")))
            return Group(Text("Suspects at a glance:"), *rows)
        from rich import box
        from rich.table import Table

        table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, expand=False,
                      caption=Text(LEGEND), caption_justify="left", caption_style=look.style("dim"))
        table.add_column(Text("Suspect"), overflow="fold", ratio=3, min_width=max(8, longest))
        for key in KEYS:
            # At 40 columns "opportunity" does not fit; "opp." is the header there.
            header = "Opp." if key == "opportunity" and width < 60 else key.capitalize()
            table.add_column(Text(header), justify="center", overflow="ellipsis", no_wrap=True,
                             min_width=3, ratio=1)
        for person in suspects:
            grid = mystery.grid(person, state)
            cells = [Text(MARKS[grid[k][0]][0], style=look.style(MARK_STYLE[grid[k][0]])) for k in KEYS]
            table.add_row(story_text(person.name, look.style("title")), *cells)
        return table

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self.renderable(options.max_width)


class Dossier:
    """A person: role, description, what they claim, and each square of their grid once known."""

    def __init__(self, story: Story, person: Person, state: GameState, look: Look) -> None:
        self.story, self.person, self.state, self.look = story, person, state, look

    def renderable(self) -> RenderableType:
        person, look = self.person, self.look
        parts: list[RenderableType] = []
        text = with_extras(self.story, self.state, person.text, person.extra)
        if text:
            parts.append(story_text(paragraphs(text)))
        if person.alibi:
            parts.append(Hanging(Text("Claims: ", style=look.style("title")), story_text(person.alibi)))
        # Only a suspect has the grid. Nobody else is labelled "Not a suspect": the player
        # judges that, not the game (T19 read it as Inés cleared after one talk).
        if person.suspect:
            for key, (status, note) in mystery.grid(person, self.state).items():
                symbol, word = MARKS[status]
                head = Text("  ")
                if not look.plain:
                    head.append(f"{symbol} ", style=look.style(MARK_STYLE[status]))
                line = Text(f"{key}: {word}")
                if note:
                    line.append(" - ").append_text(story_text(note))
                parts.append(Hanging(head, line))  # a long note wraps under its words, not the margin
        title = Text(clean(person.name), style=look.style("title"))
        if person.role:
            title.append(f" · {clean(person.role)}", style=look.style("dim"))
        if look.plain:
            title = Text(f"{clean(person.name)}" + (f" ({clean(person.role)})" if person.role else ""))
            return Group(Text(""), title, *parts)
        return frame(look, Group(*parts) if parts else Text(""), title)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self.renderable()


def find_person(story: Story, text: str, state: Optional[GameState] = None) -> Optional[Person]:
    """A person by id or by words of their name (``suspects ida``), if exactly one matches;
    given ``state``, only among the people the player knows of."""
    text = text.strip().lower()
    if not text:
        return None
    people = {p.id: p for p in (story.people.values() if state is None else mystery.known_people(story, state))}
    if text in people:
        return people[text]
    words = text.split()
    found = [p for p in people.values() if all(w in p.name.lower() for w in words)]
    return found[0] if len(found) == 1 else None


class Suspects:
    """The grid, then every dossier (or just ``only``'s)."""

    def __init__(self, story: Story, state: GameState, look: Look, only: Optional[Person] = None) -> None:
        self.story, self.state, self.look, self.only = story, state, look, only

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        story, state, look = self.story, self.state, self.look
        if self.only is not None:
            yield Dossier(story, self.only, state, look)
            return
        people = mystery.known_people(story, state)
        if not people:
            yield Text("You have met no one in this case yet.", style=look.style("notice"))
            return
        if any(p.suspect for p in people):
            yield SuspectGrid(story, state, look)
        for person in people:
            yield Dossier(story, person, state, look)
        yield Text("Type 'suspects NAME' to see one person.", style=look.style("dim"))
