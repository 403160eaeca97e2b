"""Start-up does less before the first prompt (game/__init__.py): the cyclic garbage collector
is paused from the game's first line until the prompt is built, then runs again with what
start-up built set aside. Only the program pauses it; a test or a tool importing the game
never has its collector touched. (Nothing here is timed: tests/perf/bench_ui.py times it.)"""

from __future__ import annotations

import gc
import io
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

import game
from game.cli import main as cli
from game.play.deferred import DeferredPrompt
from save_helpers import SAMPLE

ROOT = Path(__file__).resolve().parent.parent


def _probe(code: str, argv0: str) -> str:
    """What ``code`` prints in a fresh interpreter whose ``sys.argv[0]`` is ``argv0``."""
    script = f"import sys\nsys.argv = [{argv0!r}]\n" + textwrap.dedent(code)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


@pytest.fixture
def paused(monkeypatch: pytest.MonkeyPatch):
    """This process as the program leaves it after its first line: the collector paused."""
    was = gc.isenabled()
    gc.disable()
    monkeypatch.setattr(game, "_paused", True)
    yield
    game._paused = False
    gc.unfreeze()  # (what the test froze goes back to the collector)
    if was:
        gc.enable()


def test_the_program_pauses_the_collector_at_its_first_line_and_nothing_else_does() -> None:
    check = "import gc, game\nprint(gc.isenabled(), game._paused)\n"
    assert _probe(check, "/usr/local/bin/ghostlight") == "False True"
    assert _probe(check, "-m") == "False True"  # python -m game
    assert _probe(check, "/usr/bin/pytest") == "True False"  # a test or a tool importing it
    assert _probe("import gc\ngc.disable()\nimport game\nprint(gc.isenabled(), game._paused)\n",
                  "ghostlight") == "False False"  # already off: not the game's to turn back on


def test_started_runs_the_collector_again_once_and_only_when_the_game_paused_it(paused) -> None:
    game.started()
    assert gc.isenabled() and not game._paused
    gc.disable()
    game.started()  # a second call (or one by a tool whose caller paused it) changes nothing
    assert not gc.isenabled()
    gc.enable()


def test_the_collector_runs_again_once_the_prompt_is_built_not_before(paused) -> None:
    built: list[bool] = []

    def build(session, **options):
        built.append(gc.isenabled())  # still paused while prompt_toolkit loads and the prompt is built
        return cli._game_prompt(session, input=pipe, output=DummyOutput(), **options)

    with create_pipe_input() as pipe:
        prompt = DeferredPrompt(build)
        assert not gc.isenabled()
        pipe.send_text("1\r")
        assert prompt.menu("> ") == "1"
    assert built == [False] and gc.isenabled() and not game._paused


def test_validate_runs_the_collector_again_before_its_work(paused, monkeypatch, capsys) -> None:
    from game.authoring import lint

    seen: list[bool] = []
    real = lint.lint
    monkeypatch.setattr(lint, "lint", lambda story: seen.append(gc.isenabled()) or real(story))
    assert cli.main(["validate", str(SAMPLE)]) == 0
    assert seen == [True] and not game._paused


def test_a_piped_game_runs_the_collector_again_before_it_plays(paused, monkeypatch, tmp_path, capsys) -> None:
    from game.play.session import Game

    seen: list[bool] = []
    real = Game.run
    monkeypatch.setattr(Game, "run", lambda self, opening=(): seen.append(gc.isenabled()) or real(self, opening))
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))  # not a terminal, and at once at its end
    monkeypatch.setenv("GHOSTLIGHT_CACHE", str(tmp_path / "cache"))
    assert cli.main(["play", "--new", "--story", str(SAMPLE), "--saves", str(tmp_path / "saves")]) == 0
    assert seen == [True] and gc.isenabled() and not game._paused


# --- the command line: only the command being run gets a parser ---------------------------

COMMAND_LINES = [[], ["play", "--new", "--story", "x"], ["saves"], ["validate", "x", "--format", "json"], ["lsp"],
                 ["graph", "x", "--format", "dot"], ["explore", "--seed", "3"], ["branches", "--folder", "f"]]


@pytest.mark.parametrize("argv", COMMAND_LINES, ids=lambda a: " ".join(a) or "nothing")
def test_a_parser_made_for_one_command_reads_it_as_the_whole_parser_does(argv, monkeypatch) -> None:
    import argparse

    whole = cli.build_parser()
    made: list[object] = []
    init = argparse.ArgumentParser.__init__
    monkeypatch.setattr(argparse.ArgumentParser, "__init__",
                        lambda self, *a, **k: made.append(self) or init(self, *a, **k))
    one = cli.build_parser(argv)
    assert len(made) == 2  # ghostlight's, and the command's: none for the six others
    assert one.format_usage() == whole.format_usage()  # every command is still named
    assert vars(one.parse_args(argv or [])) == vars(whole.parse_args(argv or []))


@pytest.mark.parametrize("argv", [["--help"], ["--version"], ["nonsense"], ["-x"], ["PLAY"]])
def test_help_version_and_words_that_name_no_command_get_the_whole_parser(argv) -> None:
    assert cli.build_parser(argv).format_help() == cli.build_parser().format_help()


@pytest.mark.parametrize("argv", [["play", "--bogus"], ["nonsense"], ["explore", "--max-states", "x"]])
def test_a_mistyped_command_line_is_answered_as_by_the_whole_parser(argv, capsys) -> None:
    with pytest.raises(SystemExit) as one:
        cli.build_parser(argv).parse_args(argv)
    said = capsys.readouterr().err
    with pytest.raises(SystemExit) as whole:
        cli.build_parser().parse_args(argv)
    assert said == capsys.readouterr().err and one.value.code == whole.value.code == 2
