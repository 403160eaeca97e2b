"""Typed answers (a password, a name): the one rule for what a typed answer must look like and
when it matches what the story accepts.

The engine judges a typed answer with :func:`matches`; the loader and lint check a story's
accepted answers with :func:`normal` and :data:`MAX_ANSWER`; the tools that play a story without
a player (explore, reach, walkthroughs, coverage) type :func:`first_answer`. Pure: no I/O.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Optional

from game.core.model import Choice, TypedAnswer

#: the longest answer the engine reads, in characters; checked before any other work, so a
#: pasted page costs nothing (the prompt stops taking keys at the same length)
MAX_ANSWER = 60

_SPACES = re.compile(r"\s+")
_LEADING_THE = re.compile(r"^the(\s+|$)")


def _edge(ch: str) -> bool:
    """Punctuation or a symbol: stripped from either end of an answer (quotes, *, ., !)."""
    return unicodedata.category(ch)[0] in "PS"


def normal(text: str) -> str:
    """``text`` as answers are compared: accents folded, case folded, punctuation and symbols
    stripped from both ends, runs of spaces made one, and a leading "the" dropped.
    ``"  The Auditorium  Théâtre!"`` and ``"auditorium theatre"`` are the same answer."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    bare = _SPACES.sub(" ", bare).strip()
    start, end = 0, len(bare)
    while start < end and (_edge(bare[start]) or bare[start] == " "):
        start += 1
    while end > start and (_edge(bare[end - 1]) or bare[end - 1] == " "):
        end -= 1
    return _LEADING_THE.sub("", bare[start:end])


def problem(text: str) -> str:
    """Why ``text`` cannot be judged as an answer ("" when it can): too long, or nothing in it.
    The length is checked first, before the text is folded."""
    if len(text) > MAX_ANSWER:
        return (f"That answer is {len(text)} characters long; an answer here is at most {MAX_ANSWER}. "
                "Nothing was tried.")
    if not normal(text):
        return "There is no answer in that: type a word or two."
    return ""


def matches(answer: TypedAnswer, text: str) -> bool:
    """Whether ``text`` (already checked by :func:`problem`) is one of the accepted answers."""
    typed = normal(text)
    return any(typed == normal(accepted) for accepted in answer.accept)


def first_answer(choice: Choice) -> Optional[str]:
    """What a tool types for ``choice``: the story's first accepted answer (None: no answer
    is asked, or the story accepts none)."""
    if choice.answer is None or not choice.answer.accept:
        return None
    return choice.answer.accept[0]


__all__ = ["MAX_ANSWER", "normal", "problem", "matches", "first_answer"]
