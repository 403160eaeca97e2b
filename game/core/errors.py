"""The errors the game raises on purpose: every one carries a message meant for a person."""

from __future__ import annotations

from game.core.record import Record
from game.core.words import visible


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
        return visible(f"{self.path}:{self.line}:{self.col}: {self.code} {self.message}")


#: findings printed for one story at most; a file built to produce millions would otherwise
#: flood the terminal or a CI log (the count of the rest is always given)
MAX_SHOWN = 200


def shown(findings: list[Finding], limit: int = MAX_SHOWN) -> tuple[list[Finding], str]:
    """The findings to print, and a last line for the ones left out (``""`` when none are)."""
    if len(findings) <= limit:
        return findings, ""
    rest = findings[limit:]
    errors = sum(1 for f in rest if f.is_error)
    warnings = len(rest) - errors
    return findings[:limit], (f"... and {len(rest)} more ({errors} error{'s' if errors != 1 else ''}, "
                              f"{warnings} warning{'s' if warnings != 1 else ''}); fix these first")


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
