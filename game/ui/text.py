"""Safe text: story and player strings become Rich ``Text``, never markup or raw escapes.

Everything shown on screen that did not come from our own code passes through here. Rich's
``Text`` is never parsed for markup, and :func:`clean` removes every control character, so
neither ``[bold red]`` nor an ``ESC [`` sequence typed by a player or written in a story file
can change the terminal. Authors get exactly the documented styling: ``*italic*`` and
``**bold**``.
"""

from __future__ import annotations

import re

from rich.text import Text

from game.core.words import clip

# C0/C1 controls except newline and tab; ESC is among them, so no escape sequence survives.
# Also the Unicode bidi embeddings, overrides and isolates (U+202A-E, U+2066-9): they reorder
# the rest of a line on screen, so text could be shown in a different order than it is read.
# Right-to-left letters themselves are kept; only the invisible reordering controls go.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# The story's documented styling: **bold** and *italic*, nothing else.
_STYLE = re.compile(r"\*\*(?P<bold>[^*\n]+)\*\*|\*(?P<italic>[^*\n]+)\*")


#: the longest line the game reads, typed or pasted; longer ones are refused (or, at the
#: prompt, stop taking keys) before any work is done on them. A command is a few words.
LINE_LIMIT = 500


def clean(value: str) -> str:
    """``value`` with every control character removed (newlines and tabs kept)."""
    return _CONTROL.sub("", value)


def shown(value: str, limit: int = 40) -> str:
    """Player input echoed back in a message: one line, cleaned, runs of spaces made one, at most
    ``limit`` characters (clipped by :func:`game.core.words.clip`, the one clipper)."""
    return clip(" ".join(clean(value).split()), limit)


def story_text(value: str, style: str = "") -> Text:
    """Author text as a ``Text``: ``*italic*`` and ``**bold**`` styled, everything else literal."""
    value = clean(value)
    text = Text()
    pos = 0
    for match in _STYLE.finditer(value):
        text.append(value[pos:match.start()])
        if match.group("bold") is not None:
            text.append(match.group("bold"), style="bold")
        else:
            text.append(match.group("italic"), style="italic")
        pos = match.end()
    text.append(value[pos:])
    if style:
        # A span, not the base style: text appended later must not inherit it.
        text.stylize(style, 0, len(text))
    return text


def plain(value: str, style: str = "") -> Text:
    """Player or file text shown exactly as typed, minus control characters."""
    return Text(clean(value), style=style)


def paragraphs(value: str) -> str:
    """Reflow author text: single newlines inside a paragraph become spaces, blank lines stay."""
    blocks = re.split(r"\n\s*\n", value.strip())
    return "\n\n".join(" ".join(line.strip() for line in block.splitlines()) for block in blocks)
