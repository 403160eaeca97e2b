"""Bounded work while loading: each limit is tested by the message that refuses the work,
never by how long the work took."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from game.cli.main import main
from game.core import expr
from game.core.errors import MAX_SHOWN
from game.core import words as suggest
from game.loading.loader import read_story

SCENE = "scenes:\n  a.start:\n    text: Hello.\n    choices:\n      - text: Finish\n        goto: done\n"
LONG_SUM = "1" + " + 1" * 499 + " > 0"  # 500 terms, about 2 KB


def test_a_long_chain_is_refused_by_depth_not_by_recursion_error() -> None:
    with pytest.raises(expr.ExprError) as caught:
        expr.condition(LONG_SUM.replace(" ", ""))  # 1+1+...: 1 KB, under the length limit
    assert caught.value.code == "E304"
    assert f"expression is too deep: more than {expr.MAX_DEPTH} operators chained or nested" in caught.value.message


def test_a_chain_at_the_depth_limit_still_works() -> None:
    cond, _refs = expr.condition(" and ".join(["true"] * expr.MAX_DEPTH))
    assert cond(object()) is True
    with pytest.raises(expr.ExprError, match="too deep"):
        expr.condition(" and ".join(["true"] * (expr.MAX_DEPTH + 1)))


def _deep_story(write_story) -> Path:
    return write_story({"parts/a.yaml": SCENE.replace("goto: done", "goto: done\n        if: " + LONG_SUM.replace(" ", ""))})


def test_validate_reports_the_deep_condition_where_it_is(write_story, capsys: pytest.CaptureFixture) -> None:
    folder = _deep_story(write_story)
    assert main(["validate", str(folder)]) == 1
    out = capsys.readouterr().out
    assert "parts/a.yaml:7:13: E304 scene 'a.start': choice 'Finish': if: expression is too deep" in out
    assert "Traceback" not in out


def test_play_reports_the_deep_condition_and_exits_one(write_story, capsys: pytest.CaptureFixture) -> None:
    folder = _deep_story(write_story)
    assert main(["play", "--new", "--plain", "--story", str(folder)]) == 1
    err = capsys.readouterr().err
    assert "parts/a.yaml:7:13: E304" in err and "Traceback" not in err


def _unknown_keys(write_story, count: int) -> Path:
    keys = "".join(f"    k{i:05d}: 1\n" for i in range(count))
    return write_story({"parts/a.yaml": SCENE.replace("    text: Hello.\n", "    tilte: Hello.\n    text: Hello.\n" + keys)})


def test_suggestions_stop_at_their_budget_and_say_so_once(write_story) -> None:
    # each unknown key is compared with the scene's 8 keys: 20,000 of them would cost 160,000
    # comparisons; the budget allows 100,000
    folder = _unknown_keys(write_story, 20_000)
    _story, findings = read_story(folder)
    messages = [f.message for f in findings if f.code == "E111"]
    assert len(messages) == 20_001
    assert messages[0] == "scene 'a.start': unknown key 'tilte' (did you mean 'title'?)"
    stopped = [i for i, m in enumerate(messages) if m.endswith(suggest.STOPPED)]
    assert len(stopped) == 1 and stopped[0] == 1 + (suggest.BUDGET - 8) // 8  # tilte, then 8 per key
    assert not any("did you mean" in m for m in messages[stopped[0]:])


def test_suggestions_skip_names_too_long_to_be_typos() -> None:
    assert suggest.did_you_mean("title" + "x" * suggest.MAX_COMPARED, ["title"]) == ""
    assert suggest.did_you_mean("tilte", ["title"]) == " (did you mean 'title'?)"


def test_printed_findings_are_capped_with_the_count_of_the_rest(write_story, capsys: pytest.CaptureFixture) -> None:
    folder = _unknown_keys(write_story, 1_000)
    assert main(["validate", str(folder)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == MAX_SHOWN + 2
    assert lines[-2] == f"... and {1_001 - MAX_SHOWN} more ({1_001 - MAX_SHOWN} errors, 0 warnings); fix these first"
    assert lines[-1] == "1001 errors, 0 warnings."
    assert main(["validate", "--format", "json", str(folder)]) == 1
    data = json.loads(capsys.readouterr().out)
    assert len(data["findings"]) == MAX_SHOWN and data["omitted"] == 1_001 - MAX_SHOWN
    assert main(["play", "--new", "--plain", "--story", str(folder)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert len(err) == MAX_SHOWN + 1 and err[-1].startswith(f"... and {1_001 - MAX_SHOWN} more")
