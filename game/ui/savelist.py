"""Saved games as the player sees them: the table of saves, times and play time.

Duck-typed over :class:`game.saves.slots.SlotInfo` (``slot``, ``header``, ``problem``,
``from_backup``) so the views do not import the save machinery they only display.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Iterable, Optional

from game.core.words import clip

COLUMNS = ("Slot", "When", "Act", "Place", "Clues found", "Play time")


def listing(infos: Iterable[Any]) -> tuple[tuple[str, ...], list[tuple[str, ...]]]:
    """Columns and rows for a table of saves (the `saves` command and the title screen)."""
    rows = []
    for info in infos:
        header = info.header
        if header is None:
            # A newer game's save is not damaged, and is never replaced: say which it is.
            status = "newer version" if getattr(info, "newer", False) else "damaged"
            rows.append((info.slot, status, "", info.problem, "", ""))
            continue
        s = header.summary
        act = f"Act {s.act_number}: {s.act_title}" if s.act_number and s.act_title else s.act
        place = f"The end: {s.ending}" if s.ending else (s.place or s.scene)
        clues = f"{s.clues} of {s.clues_total}" if s.clues_total else str(s.clues)
        slot = info.slot + (" (backup)" if info.from_backup else "")
        rows.append((slot, format_when(header.moment, header.saved_at), act, place, clues, format_played(s.played)))
    # Summaries are text from a file: keep them printable and short for any table.
    return COLUMNS, [tuple(clip(cell, 100) for cell in row) for row in rows]


def format_played(seconds: float) -> str:
    """Play time for people: ``45s``, ``12m``, ``1h 05m``."""
    seconds = max(0, int(seconds))
    if seconds < 60:
        return f"{seconds}s"
    minutes = seconds // 60
    if minutes < 60:
        return f"{minutes}m"
    return f"{minutes // 60}h {minutes % 60:02d}m"


def format_when(moment: Optional[datetime], saved_at: str = "") -> str:
    """A save's time (``header.moment``) in the player's local time, to the minute; the text
    as saved (``header.saved_at``) when it is not a time this game writes."""
    if moment is None:
        return clip(saved_at, 20) or "?"
    try:
        return moment.astimezone().strftime("%Y-%m-%d %H:%M")
    except (OverflowError, OSError, ValueError):
        return moment.strftime("%Y-%m-%d %H:%M UTC")
