"""Text helpers every part uses: the one did-you-mean and the one way to clip text for a message."""

from __future__ import annotations

from typing import Iterable, Optional

#: longer names are not compared: a suggestion for a 100-character typo helps nobody, and the
#: comparison's work grows with the square of the length
MAX_COMPARED = 64


def closest(name: str, choices: Iterable[str], cutoff: float = 0.6) -> Optional[str]:
    """The one of ``choices`` nearest to ``name``, if it is near enough; else None."""
    if len(name) > MAX_COMPARED:
        return None
    import difflib  # imported when a suggestion is wanted: a message is being written, not a screen

    close = difflib.get_close_matches(name, [c for c in choices if len(c) <= MAX_COMPARED], n=1, cutoff=cutoff)
    return close[0] if close else None


def did_you_mean(name: str, choices: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` when one of ``choices`` is close to ``name``, else ``""``."""
    near = closest(name, choices)
    return f" (did you mean '{near}'?)" if near else ""


def clip(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters, ending in ``...`` when it was cut."""
    return text if len(text) <= limit else text[: limit - 3] + "..."


def first_line(text: str, limit: int = 40) -> str:
    """The first line of ``text``, clipped: how a long text is named in a message."""
    stripped = text.strip()
    return clip(stripped.splitlines()[0] if stripped else "", limit)
