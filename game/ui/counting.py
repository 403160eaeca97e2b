"""Counts in words, as the game says them to the player ("two of its three parts fit")."""

from __future__ import annotations

_WORDS = ("none", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
          "eleven", "twelve")


def number_word(n: int) -> str:
    """``n`` as a word up to twelve, else in digits (a deduction rarely has more parts)."""
    return _WORDS[n] if 0 <= n < len(_WORDS) else str(n)


def parts_fit(right: int, of: int) -> str:
    """How many of a wrong check's ``of`` parts hold, never which: "two of its three parts fit,
    one doesn't", "none of its parts fit". ``right`` is below ``of`` (the check was wrong)."""
    if right <= 0:
        return "none of its parts fit"
    wrong = of - right
    verb = "fits" if right == 1 else "fit"
    return (f"{number_word(right)} of its {number_word(of)} parts {verb}, "
            f"{number_word(wrong)} {'doesn' if wrong == 1 else 'don'}'t")
