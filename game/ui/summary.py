"""The case summary shown after an ending (and when a finished game is continued).

It draws only what it is given (:class:`CaseSummary`); ``game.play.ending`` gathers it from
the story, the state, the player's profile and the play clock. Missed clues are named here,
after the ending, and nowhere before it; only those where the player went or from people they
met (game.core.mystery.missed_clues), the rest counted.
"""

from __future__ import annotations

from typing import Sequence

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.text import Text

from game.core.record import Record
from game.ui.look import Hanging, Look, frame
from game.ui.text import clean


class CaseSummary(Record):
    """What one finished game found, and what the player has found over every game."""

    ending: str  # the title of the ending reached
    endings_found: int
    endings_total: int
    clues_found: int
    clues_total: int
    missed: Sequence[str]  # names of the clues this game did not find where the player went, story order
    deductions: Sequence[tuple[str, bool]]  # (title, confirmed), board order
    moves: int
    played: str = ""  # e.g. "1h 05m"; empty when the play clock is unknown
    missed_elsewhere: int = 0  # the others, only counted: from places never visited or people never met


def missed_words(named: Sequence[str], elsewhere: int) -> str:
    """The Missed line: the clues named, then how many more were where the player never went."""
    more = "more " if named else ""
    rest = (f"{elsewhere} {more}clue{'s' if elsewhere != 1 else ''} in places you never went "
            "or with people you never met") if elsewhere else ""
    names = ", ".join(clean(m) for m in named)
    return f"{names}, and {rest}" if names and rest else names or rest


class SummaryView:
    """A :class:`CaseSummary` in either look."""

    def __init__(self, summary: CaseSummary, look: Look) -> None:
        self.summary, self.look = summary, look

    def renderable(self) -> RenderableType:
        s, look = self.summary, self.look
        rows: list[RenderableType] = [
            Text(f"Ending reached: {clean(s.ending)}"),
            Text(f"Endings found: {s.endings_found} of {s.endings_total}"),
            Text(f"Clues found: {s.clues_found} of {s.clues_total}"),
        ]
        missed = missed_words(s.missed, s.missed_elsewhere)
        if missed:
            rows.append(Hanging(Text("Missed: "), Text(missed, style=look.style("dim"))))
        confirmed = sum(1 for _t, ok in s.deductions if ok)
        if s.deductions:
            rows.append(Text(f"Deductions confirmed: {confirmed} of {len(s.deductions)}"))
            for title, ok in s.deductions:
                mark = ("confirmed: " if ok else "not confirmed: ") if look.plain else ("✔ " if ok else "· ")
                rows.append(Hanging(Text(f"  {mark}"), Text(clean(title), style=look.style("" if ok else "dim"))))
        played = f"{s.played}, " if s.played else ""
        rows.append(Text(f"Time played: {played}{s.moves} move{'s' if s.moves != 1 else ''}"))
        return frame(look, Group(*rows), Text("Case summary", style=look.style("title")))

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self.renderable()
