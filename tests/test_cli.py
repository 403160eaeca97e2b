"""The command line as a person or a script uses it: real processes, piped input, exit codes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, SAMPLE


def run(*args: str, stdin: str | bytes = "", cwd: Path = ROOT, env: dict | None = None,
        timeout: float = 60) -> subprocess.CompletedProcess:
    data = stdin.encode() if isinstance(stdin, str) else stdin
    return subprocess.run([sys.executable, "-m", "game", *args], input=data, capture_output=True,
                          cwd=cwd, timeout=timeout, env={**os.environ, **(env or {})})


def out(result: subprocess.CompletedProcess) -> str:
    return result.stdout.decode("utf-8", "replace")


def err(result: subprocess.CompletedProcess) -> str:
    return result.stderr.decode("utf-8", "replace")


SOLVE = "\n".join([
    "1",                    # Go in
    "look under",           # the torn page, chosen by a word
    "deduce 1", "1", "1", "1",  # the pianist, the torn page, jealousy
    "wait",                 # Wait for evening
    "1",                    # Go on
    "accuse", "1", "1", "1", "1",  # Ida Marsh, jealousy, the torn page, make it final
]) + "\n"

WRONG = "\n".join(["1", "look under", "wait", "1", "accuse", "2", "2", "1", "1"]) + "\n"


def test_piped_playthrough_reaches_the_solved_ending() -> None:
    result = run("play", "--new", "--story", str(SAMPLE), stdin=SOLVE)
    text = out(result)
    assert result.returncode == 0, err(result)
    assert "THE END: The Score Restored" in text
    assert "(ending:" not in text  # the id is the story's, not the player's
    assert "Traceback" not in text + err(result)


def test_piped_playthrough_reaches_the_other_ending() -> None:
    result = run("play", "--new", str(SAMPLE), stdin=WRONG)
    assert result.returncode == 0, err(result)
    assert "THE END:" in out(result) and "(ending: wrong)" not in out(result)


def test_plain_output_has_no_colour_or_box_drawing() -> None:
    result = run("play", "--new", "--story", str(SAMPLE), stdin=SOLVE)
    text = out(result)
    assert "\x1b" not in text
    assert not any(ch in text for ch in "─│╭╮╰╯┌┐└┘━┃")


def test_end_of_input_exits_cleanly() -> None:
    result = run("play", "--new", "--story", str(SAMPLE), stdin="1\n")
    assert result.returncode == 0
    assert "Traceback" not in err(result)


def test_no_input_at_all_exits_cleanly() -> None:
    result = subprocess.run([sys.executable, "-m", "game", "play", "--new", "--story", str(SAMPLE)],
                            stdin=subprocess.DEVNULL, capture_output=True, cwd=ROOT, timeout=60)
    assert result.returncode == 0
    assert b"Traceback" not in result.stderr


@pytest.mark.parametrize("line", ["", "0", "-1", "999", "x" * 100_000, "[bold red]boom", "\x1b[31mred",
                                  "héllo 👻 שלום", "../../etc/passwd", "present nothing", "deduce 99"])
def test_nonsense_at_the_prompt_gets_an_answer_and_the_game_goes_on(line: str) -> None:
    result = run("play", "--new", "--story", str(SAMPLE), stdin=line + "\n1\n")
    text = out(result)
    assert result.returncode == 0
    assert "Traceback" not in text + err(result)
    assert "The hall. A door leads to the study." in text  # the next line still played
    assert "\x1b[31m" not in text


def test_bytes_that_are_not_utf8_do_not_end_the_game() -> None:
    result = run("play", "--new", "--story", str(SAMPLE), stdin=b"\xff\xfe\n1\n")
    assert result.returncode == 0
    assert "The hall. A door leads to the study." in out(result)


def test_validate_ok_story_exits_zero() -> None:
    result = run("validate", str(SAMPLE))
    assert result.returncode == 0, out(result) + err(result)
    assert "ok: 'The Missing Score'" in out(result).splitlines()[-1]


def test_validate_names_the_branch_it_layered_and_counts_in_words() -> None:
    """An author validating a branch saw only the clue count change (40 to 41)."""
    result = run("validate", "--branch", str(ROOT / "story" / "branches" / "wardrobe"))
    assert result.returncode == 0, out(result) + err(result)
    assert "ok: 'Ghost Light' with branch 'wardrobe' has " in out(result).splitlines()[-1]
    from game.cli.validate import _counted
    assert _counted(1, "scene") == "1 scene" and _counted(0, "warning") == "0 warnings"


def test_validate_broken_story_lists_findings_and_exits_one(tmp_path: Path) -> None:
    (tmp_path / "story.yaml").write_text("id: t\nstart: nowhere\nacts: {a: {title: A, time: 2, start: nowhere}}\n")
    result = run("validate", str(tmp_path))
    text = out(result)
    assert result.returncode == 1
    assert "story.yaml:2:8: E201 manifest: start: unknown scene 'nowhere'" in text
    assert "Traceback" not in text + err(result)


def test_validate_json_format(tmp_path: Path) -> None:
    import json

    (tmp_path / "story.yaml").write_text("id: t\nstart: nowhere\n")
    result = run("validate", str(tmp_path), "--format", "json")
    data = json.loads(out(result))
    assert result.returncode == 1 and data["ok"] is False
    assert {"path", "line", "col", "code", "severity", "message"} <= set(data["findings"][0])


def test_play_with_a_broken_story_says_where_and_exits_one(tmp_path: Path) -> None:
    (tmp_path / "story.yaml").write_text("id: t\nstart: [oops\n")
    result = run("play", "--new", "--story", str(tmp_path))
    assert result.returncode == 1
    lines = err(result).strip().splitlines()
    assert lines and all(": E1" in line or ": E2" in line for line in lines)
    assert "Traceback" not in err(result)


def test_missing_story_path() -> None:
    result = run("play", "--new", "--story", "/no/such/story")
    assert result.returncode == 1
    assert "E100 no such file or folder" in err(result)


def test_python_dash_m_and_the_console_script_agree() -> None:
    script = Path(sys.executable).parent / "ghostlight"
    if not script.exists():
        pytest.skip("the console script is installed only with the package")
    direct = subprocess.run([str(script), "validate", str(SAMPLE)], capture_output=True, timeout=60)
    assert direct.returncode == 0 and direct.stdout == run("validate", str(SAMPLE)).stdout


def test_the_bundled_story_is_the_default() -> None:
    result = run("validate")
    assert result.returncode == 0, out(result)[-2000:]
    assert "Ghost Light" in out(result)
