"""Counts in words, as the game says them to the player ("two of its three parts fit")."""

from __future__ import annotations

from game.core.model import Story

_WORDS = ("none", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
          "eleven", "twelve")


def number_word(n: int) -> str:
    """``n`` as a word up to twelve, else in digits (a deduction rarely has more parts)."""
    return _WORDS[n] if 0 <= n < len(_WORDS) else str(n)


#: the fewest parts a deduction has for a wrong check to say how many fit. With two, "one of
#: its two parts fits" tells which, by changing one part at a time (T20 found d3's person so).
COUNTED_FROM = 3


def parts_fit(right: int, of: int) -> str:
    """How many of a wrong check's ``of`` parts hold, never which: "two of its three parts fit,
    one doesn't", "none of its parts fit". ``right`` is below ``of`` (the check was wrong)."""
    if right <= 0:
        return "none of its parts fit"
    wrong = of - right
    verb = "fits" if right == 1 else "fit"
    return (f"{number_word(right)} of its {number_word(of)} parts {verb}, "
            f"{number_word(wrong)} {'doesn' if wrong == 1 else 'don'}'t")


def turn_words(story: Story, act_id: str) -> str:
    """The act card's line on how long one turn is, from the act's own ``minutes`` ("" for an
    act without a clock), and plainly when it differs from the act before it (round 11:
    testers met 15-minute turns, then 30, without a word). The one place these words are made;
    the first turn spent in such an act says them again (game/ui/scene.py, T28)."""
    act = story.acts.get(act_id)
    if act is None or act.minutes <= 0:
        return ""
    length = f"{act.minutes} minute{'s' if act.minutes != 1 else ''}"
    if turn_changed(story, act_id):
        before = next(a for a in story.acts.values() if a.number == act.number - 1)
        return f"Each turn is {length} now, not {before.minutes} as before."
    return f"Each turn is {length}."


def turn_changed(story: Story, act_id: str) -> bool:
    """Whether a turn in the act is longer or shorter than in the act before it."""
    act = story.acts.get(act_id)
    before = next((a for a in story.acts.values() if act is not None and a.number == act.number - 1), None)
    return act is not None and before is not None and 0 < act.minutes and 0 < before.minutes != act.minutes
