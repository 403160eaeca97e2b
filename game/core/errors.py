"""The errors the game raises on purpose: every one carries a message meant for a person."""

from __future__ import annotations

import re

from game.core.record import Record

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def _one_line(text: str) -> str:
    """``text`` with newlines, escapes and other control characters written out visibly."""
    return _CONTROL.sub(lambda m: {"\n": "\\n", "\t": "\\t", "\r": "\\r"}.get(m.group(), f"\\x{ord(m.group()):02x}"),
                        text)


class GameError(Exception):
    """Base of every error the game reports to a person instead of a traceback."""


class Finding(Record):
    """One problem in a story file, located to the column.

    ``code`` is stable across releases (E1xx structure, E2xx references, E3xx expressions,
    W4xx warnings) so editors and CI can match on it.
    """

    path: str
    line: int
    col: int
    code: str
    message: str

    @property
    def is_error(self) -> bool:
        return self.code.startswith("E")

    def __str__(self) -> str:
        # One line, always, and nothing a terminal would act on: messages quote story text.
        return _one_line(f"{self.path}:{self.line}:{self.col}: {self.code} {self.message}")


class StoryError(GameError):
    """A story could not be loaded; ``findings`` lists every problem found in one pass."""

    def __init__(self, findings: list[Finding]) -> None:
        self.findings = sorted(findings, key=lambda f: (f.path, f.line, f.col, f.code))
        errors = [f for f in self.findings if f.is_error]
        first = str(errors[0]) if errors else "story has errors"
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        super().__init__(first + more)


class SaveError(GameError):
    """A save could not be written or read; the message says why and what was kept."""
