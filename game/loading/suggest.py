""""Did you mean ...?", with the work it may cost bounded by counts.

Each suggestion compares a name with candidates; a story with 200,000 unknown keys, or one
unknown id among 10,000, would otherwise spend seconds on hints nobody reads. Names longer
than :data:`MAX_NAME` get none, candidates whose length rules out a match are skipped before
any comparison, and one load spends at most :data:`BUDGET` comparisons in all: after that,
one finding says the suggestions stopped and the rest carry none.
"""

from __future__ import annotations

import contextvars
import difflib
from contextlib import contextmanager
from typing import Iterable, Iterator

MAX_NAME = 64
#: comparisons one load may spend on suggestions (each one name against one candidate)
BUDGET = 100_000
STOPPED = " (too many unknown names: no more suggestions)"

_left: contextvars.ContextVar[list[int] | None] = contextvars.ContextVar("suggestions_left", default=None)


@contextmanager
def budget(comparisons: int = BUDGET) -> Iterator[None]:
    """Bound the suggestions made inside the ``with`` block (one story load) by ``comparisons``."""
    token = _left.set([comparisons])
    try:
        yield
    finally:
        _left.reset(token)


def did_you_mean(name: str, choices: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` when one of ``choices`` is close to ``name``, else ``""``."""
    if len(name) > MAX_NAME:
        return ""
    # difflib's ratio is 2*matches/(len(a)+len(b)) and matches <= the shorter length, so a
    # candidate can reach the 0.6 cutoff only if its length is within these bounds
    low, high = len(name) * 3 / 7, len(name) * 7 / 3
    pool = [c for c in choices if low <= len(c) <= high]
    left = _left.get()
    if left is not None:
        if len(pool) > left[0]:
            stopped_now = left[0] >= 0
            left[0] = -1  # spent: say so once, then stay quiet
            return STOPPED if stopped_now else ""
        left[0] -= len(pool)
    close = difflib.get_close_matches(name, pool, n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""
