"""game/core/words.py: the one did-you-mean and the one clip, used by every part."""

from __future__ import annotations

from pathlib import Path

from game.core.words import MAX_COMPARED, clip, closest, did_you_mean, first_line

GAME = Path(__file__).resolve().parent.parent / "game"


def test_did_you_mean_suggests_the_nearest_or_nothing() -> None:
    assert did_you_mean("stduy", ["study", "hall"]) == " (did you mean 'study'?)"
    assert did_you_mean("zzz", ["study", "hall"]) == ""
    assert did_you_mean("x", []) == ""
    assert closest("hepl", ["help", "hint"], cutoff=0.75) == "help"


def test_a_very_long_name_is_not_compared() -> None:
    long = "a" * (MAX_COMPARED + 1)
    assert closest(long, [long]) is None  # bounded work: no quadratic comparison of long names
    assert closest("study", ["s" * 10_000, "study"]) == "study"


def test_clip_and_first_line() -> None:
    assert clip("short", 10) == "short" and clip("a" * 50, 10) == "aaaaaaa..." and len(clip("a" * 50, 10)) == 10
    assert first_line("  Search the desk\nand more") == "Search the desk"
    assert first_line("") == "" and first_line("x" * 60) == "x" * 37 + "..."


def test_only_words_compares_names() -> None:
    users = [p.relative_to(GAME).as_posix() for p in GAME.rglob("*.py") if "difflib" in p.read_text(encoding="utf-8")]
    assert users == ["core/words.py"]
