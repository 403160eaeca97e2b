"""game/core/words.py: the one did-you-mean and the one clip, used by every part."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.core.words import MAX_COMPARED, clip, closest, did_you_mean, first_line, quoted, visible

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
    assert clip("short", 10) == "short" and clip("a" * 50, 10) == "a" * 9 + "…" and len(clip("a" * 50, 10)) == 10
    assert clip("a" * 10, 10) == "a" * 10 and clip("a" * 11, 10) == "a" * 9 + "…"  # the exact limit is kept whole
    assert clip("anything", 1) == "…" and clip("anything", 0) == "" and clip("", 0) == ""
    assert first_line("  Search the desk\nand more") == "Search the desk"
    assert first_line("") == "" and first_line("x" * 60) == "x" * 39 + "…"
    assert quoted("x" * 60) == "'" + "x" * 39 + "…'" and quoted("") == "''"


def test_clip_writes_out_what_does_not_print() -> None:
    hostile = "red\x1b[31m\nline\ttab\x00\u202eevil\x9b\u00a0end"
    out = clip(hostile, 100)
    assert out.isprintable() and out == "red\\x1b[31m\\nline\\ttab\\x00\\u202eevil\\x9b end"
    assert visible(hostile) == out and visible("plain text") == "plain text"
    assert clip("é" * 5 + "日本", 6) == "é" * 5 + "…"  # letters of any script are kept
    assert clip("\x1b" * 10, 8) == "\\x1b\\x1…"  # the limit counts what is shown


# Every place that shortens text for showing, each as (what it shows for a text, its limit):
# all of them must show exactly core.words.clip's cut, so a long or hostile text looks the same
# in a message, a listing, a diagram and an echoed line.
def _store(text: str) -> str:
    from game.core.errors import SaveError
    from game.saves.store import SaveFolder

    try:
        SaveFolder("unused")._file(text + "/")  # the folder's guard names the refused file name
    except SaveError as exc:
        return str(exc)
    raise AssertionError("a name with a slash is not a file name in the folder")


def _echo(text: str) -> str:
    import io
    import sys
    from contextlib import redirect_stdout

    from game.cli.main import _read_plain_line

    out, stdin = io.StringIO(), sys.stdin
    sys.stdin = io.StringIO(text + "\n")
    try:
        with redirect_stdout(out):
            _read_plain_line("> ")
    finally:
        sys.stdin = stdin
    return out.getvalue()


def _cut(text: str) -> str:
    from yaml.nodes import ScalarNode

    from game.loading.yamlwords import cut_warning

    node = ScalarNode("tag:yaml.org,2002:str", "kept")
    node.style, node.end_mark = None, type("M", (), {"line": 1, "column": 2})()
    return cut_warning(node, {(1, 2): text}, "suspect 'al': alibi") or ""


def _branch(text: str) -> str:
    from game.cli.branchtools import _clean

    return _clean(text)


def _shown(text: str) -> str:
    from game.ui.text import shown

    return shown(text, 40)


def _words(text: str) -> str:
    from game.ui.text import clean

    return " ".join(clean(text).split())  # a player's words: controls dropped, spaces made one


def _finding(text: str) -> str:
    from yaml.nodes import ScalarNode

    from game.core.errors import Finding
    from game.loading.nodes import describe

    return str(Finding("a.yaml", 1, 1, "E110", f"places must be a mapping, not {describe(ScalarNode('x', text))}"))


SURFACES = {"finding": (_finding, 30, str), "slot name": (_store, 40, str), "echoed line": (_echo, 200, str), "cut comment": (_cut, 30, str),
            "branch text": (_branch, 200, str), "echoed word": (_shown, 40, _words)}


@pytest.mark.parametrize("name", sorted(SURFACES))
@pytest.mark.parametrize("text", ["a b", "bad name\x1b[2J", "x y" * 100, "z" * 39 + " w"])
def test_every_clip_surface_shows_the_one_clip(name: str, text: str) -> None:
    surface, limit, words = SURFACES[name]
    out = surface(text)
    expected = clip(words(text), limit)
    assert expected in out, (name, out)
    assert "\x1b" not in out and "..." not in out
    if len(text) > limit:
        assert expected.endswith("…") and text[: limit - 1] + "…" in out  # cut at the limit, marked once


def test_only_words_compares_names() -> None:
    users = [p.relative_to(GAME).as_posix() for p in GAME.rglob("*.py") if "difflib" in p.read_text(encoding="utf-8")]
    assert users == ["core/words.py"]
