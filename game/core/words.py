"""Text helpers every part uses: the one did-you-mean, the one way to clip text for showing, and
the one way typed words pick a label (:func:`match_words`).

Suggestions cost work: a story with 200,000 unknown keys, or one unknown id among 10,000, would
otherwise spend seconds on hints nobody reads. So names longer than :data:`MAX_COMPARED` get
none, candidates whose length rules out a match are skipped before any comparison, and inside a
:func:`budget` block (one story load) at most :data:`BUDGET` comparisons are spent in all: after
that, one suggestion says they stopped and the rest carry none.
"""

from __future__ import annotations

import contextvars
import re
import unicodedata
from contextlib import contextmanager
from typing import Iterable, Iterator, Optional

#: longer names are not compared: a suggestion for a 100-character typo helps nobody, and the
#: comparison's work grows with the square of the length
MAX_COMPARED = 64
#: comparisons one :func:`budget` block may spend on suggestions (one name against one candidate)
BUDGET = 100_000
STOPPED = " (too many unknown names: no more suggestions)"

_left: contextvars.ContextVar[Optional[list[int]]] = contextvars.ContextVar("suggestions_left", default=None)


@contextmanager
def budget(comparisons: int = BUDGET) -> Iterator[None]:
    """Bound the suggestions made inside the ``with`` block by ``comparisons``."""
    token = _left.set([comparisons])
    try:
        yield
    finally:
        _left.reset(token)


class _Spent(Exception):
    """The block's budget ran out with this call; say so once."""


def _pool(name: str, choices: Iterable[str], cutoff: float) -> list[str]:
    # difflib's ratio is 2*matches/(len(a)+len(b)) with matches <= the shorter length, so a
    # candidate can reach ``cutoff`` only if its length lies within these bounds
    low, high = len(name) * cutoff / (2 - cutoff), len(name) * (2 - cutoff) / cutoff
    pool = [c for c in choices if low <= len(c) <= high and len(c) <= MAX_COMPARED]
    left = _left.get()
    if left is not None:
        if len(pool) > left[0]:
            first = left[0] >= 0
            left[0] = -1  # spent: say so once, then stay quiet
            if first:
                raise _Spent
            return []
        left[0] -= len(pool)
    return pool


def _nearest(name: str, pool: list[str], cutoff: float) -> Optional[str]:
    if not pool:
        return None
    import difflib  # imported when a suggestion is wanted: a message is being written, not a screen

    close = difflib.get_close_matches(name, pool, n=1, cutoff=cutoff)
    return close[0] if close else None


def closest(name: str, choices: Iterable[str], cutoff: float = 0.6) -> Optional[str]:
    """The one of ``choices`` nearest to ``name``, if it is near enough; else None."""
    if len(name) > MAX_COMPARED:
        return None
    try:
        return _nearest(name, _pool(name, choices, cutoff), cutoff)
    except _Spent:
        return None


def did_you_mean(name: str, choices: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` when one of ``choices`` is close to ``name``, else ``""``."""
    if len(name) > MAX_COMPARED:
        return ""
    try:
        near = _nearest(name, _pool(name, choices, 0.6), 0.6)
    except _Spent:
        return STOPPED
    return f" (did you mean '{near}'?)" if near else ""


#: how a clipped text ends: one character, so a clip keeps as much of the text as it can
ELLIPSIS = "…"
_WRITTEN = {"\n": "\\n", "\t": "\\t", "\r": "\\r"}


def _written(ch: str) -> str:
    code = ord(ch)
    if ch in _WRITTEN:
        return _WRITTEN[ch]
    if code < 0x20 or 0x7F <= code <= 0x9F:  # C0 and C1 controls, ESC among them
        return f"\\x{code:02x}"
    if ch.isspace():  # a no-break or other wide space, a line or paragraph separator
        return " "
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"  # bidi overrides, format chars


def visible(text: str) -> str:
    """``text`` on one line with nothing a terminal would act on: newlines, tabs, escapes and
    other controls (and the invisible bidi overrides) are written out (``\\n``, ``\\x1b``,
    ``\\u202e``), so the reader sees what is really there; other spaces become a plain space."""
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else _written(ch) for ch in text)


def clip(text: str, limit: int) -> str:
    """``text`` made :func:`visible` and cut to at most ``limit`` characters, a cut ending in "…".

    The one clipper: messages, findings, listings, diagrams and echoed input all use it, so a
    long or hostile text is shortened and shown the same way wherever it appears.
    """
    if limit < 1:
        return ""
    text = visible(text)
    return text if len(text) <= limit else text[: limit - 1] + ELLIPSIS


def first_line(text: str, limit: int = 40) -> str:
    """The first line of ``text``, clipped: how a long text is named in a message."""
    stripped = text.strip()
    return clip(stripped.splitlines()[0] if stripped else "", limit)


def quoted(text: str, limit: int = 40) -> str:
    """``text`` clipped and in quotes: how a name read from a file or typed is named back in a
    message, so an empty or odd name is still visibly one."""
    return f"'{clip(text, limit)}'"


# --- typed words against labels (menu lines, names, places) -------------------------------


def folded(text: str) -> list[str]:
    """Lower-case words with accents folded, so `ines` finds "Inés"."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return re.findall(r"[\w']+", bare)


#: small words a typed line may carry that a label need not ("try the laptop", "talk to marcus")
SMALL_WORDS = frozenset({"the", "a", "an", "to", "at", "with", "into", "in", "on", "about", "of"})


def _stem(word: str) -> str:
    """A plain English plural made singular ("photographs" -> "photograph"), so either finds
    the other; short words and "-ss" words are kept."""
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def match_words(text: str, labels: list[str]) -> list[int]:
    """Indexes of the labels containing every typed word, best matches only: a label that is
    exactly the words typed beats one containing them whole, which beats one where they only
    begin words. Accents are folded on both sides. When no label has every word, small words
    ("try the laptop") are left out and plurals made singular ("the photograph" finds
    "photographs"), and the labels with the remaining words match."""
    typed = folded(text)
    found = _ranked(typed, labels, stem=False)
    content = [w for w in typed if w not in SMALL_WORDS]
    if found or not content:
        return found
    return _ranked(content, labels, stem=True)


def _ranked(words: list[str], labels: list[str], *, stem: bool) -> list[int]:
    """The best-ranked labels holding every word (see :func:`match_words`)."""
    if not words:
        return []
    fix = _stem if stem else (lambda w: w)
    words = [fix(w) for w in words]
    ranked: dict[int, list[int]] = {}
    for index, label in enumerate(labels):
        label_words = [fix(w) for w in folded(label)]
        if not all(any(lw.startswith(w) for lw in label_words) for w in words):
            continue
        if label_words == words:
            rank = 0
        elif all(w in label_words for w in words):
            rank = 1
        else:
            rank = 2
        ranked.setdefault(rank, []).append(index)
    return ranked[min(ranked)] if ranked else []
