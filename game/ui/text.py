"""Safe text: story and player strings become Rich ``Text``, never markup or raw escapes."""

from __future__ import annotations

import re

from rich.text import Text

# C0/C1 controls except newline and tab; ESC among them, so no escape sequence survives.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# The story's documented styling: **bold** and *italic*, nothing else.
_STYLE = re.compile(r"\*\*(?P<bold>[^*\n]+)\*\*|\*(?P<italic>[^*\n]+)\*")


def clean(value: str) -> str:
    """``value`` with every control character removed (newlines and tabs kept)."""
    return _CONTROL.sub("", value)


def story_text(value: str, style: str = "") -> Text:
    """Author text as a ``Text``: ``*italic*`` and ``**bold**`` styled, everything else literal."""
    value = clean(value)
    text = Text(style=style)
    pos = 0
    for match in _STYLE.finditer(value):
        text.append(value[pos:match.start()])
        if match.group("bold") is not None:
            text.append(match.group("bold"), style="bold")
        else:
            text.append(match.group("italic"), style="italic")
        pos = match.end()
    text.append(value[pos:])
    return text


def plain(value: str) -> Text:
    """Player or file text shown exactly as typed, minus control characters."""
    return Text(clean(value))


def paragraphs(value: str) -> str:
    """Reflow author text: single newlines inside a paragraph become spaces, blank lines stay."""
    blocks = re.split(r"\n\s*\n", value.strip())
    return "\n\n".join(" ".join(line.strip() for line in block.splitlines()) for block in blocks)
