"""The last line of defence (issue 13): whatever the environment does, a message or a quiet
exit, never a traceback. Each case runs the real program in a subprocess."""

from __future__ import annotations

import fcntl
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from game.saves.slots import load_game
from save_helpers import SAMPLE, keeper, run_game, sample

ROOT = Path(__file__).resolve().parent.parent
PLAY = [sys.executable, "-m", "game", "play"]


def run(args: list[str], *, stdin: str = "", env: dict | None = None, **kwargs) -> subprocess.CompletedProcess:
    done = subprocess.run(args, input=stdin, capture_output=True, text=True, timeout=90,
                          env={**os.environ, **(env or {})}, cwd=ROOT, **kwargs)
    assert "Traceback" not in done.stderr + done.stdout, done.stderr
    return done


@pytest.mark.slow
def test_standard_input_closed_is_the_end_of_input(tmp_path: Path) -> None:
    command = " ".join(PLAY + ["--new", "--story", str(SAMPLE), "--saves", str(tmp_path / "s")])
    done = run(["sh", "-c", f"exec {command} <&-"])
    assert done.returncode == 0 and "Goodbye." in done.stdout


@pytest.mark.slow
@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
def test_output_that_cannot_encode_the_story_replaces_characters(tmp_path: Path, encoding: str) -> None:
    # The bundled case has curly quotes and dashes from its first screen on.
    done = run(PLAY + ["--new", "--saves", str(tmp_path / "s")], stdin="1\n1\n",
               env={"PYTHONIOENCODING": encoding})
    assert done.returncode == 0 and "Goodbye." in done.stdout


@pytest.mark.slow
def test_a_reader_that_goes_away_is_a_quiet_exit(tmp_path: Path) -> None:
    command = " ".join(PLAY + ["--new", "--saves", str(tmp_path / "s")])
    done = run(["bash", "-c", f"printf '1\\n1\\nlook\\nlook\\n' | {command} | head -1; echo \"status=${{PIPESTATUS[1]}}\""])
    assert "status=0" in done.stdout and done.stderr == ""


@pytest.mark.slow
def test_a_full_output_device_gets_one_line_and_exit_1(tmp_path: Path) -> None:
    if not os.path.exists("/dev/full"):
        pytest.skip("this system has no /dev/full")
    with open("/dev/full", "w") as full:
        done = subprocess.run(PLAY + ["--new", "--story", str(SAMPLE), "--saves", str(tmp_path / "s")],
                              input="1\n", stdout=full, stderr=subprocess.PIPE, text=True, timeout=90)
    assert done.returncode == 1
    assert done.stderr.strip() == "ghostlight: cannot write the output (No space left on device)."


@pytest.mark.slow
def test_ctrl_c_at_any_moment_of_start_up_never_shows_a_traceback(tmp_path: Path) -> None:
    # Moments spread over start-up (imports, loading, first screen); what is asserted is the
    # answer at each, never how long anything took.
    for moment in (0.0, 0.01, 0.03, 0.06, 0.1, 0.15, 0.2, 0.3, 0.5):
        child = subprocess.Popen(PLAY + ["--new", "--story", str(SAMPLE), "--saves", str(tmp_path / "s")],
                                 stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                 text=True, cwd=ROOT)
        time.sleep(moment)
        child.send_signal(signal.SIGINT)
        out, err = child.communicate(timeout=90)
        err = _without_site_report(err)
        if err.startswith("Fatal Python error: init") or _only_interpreter_frames(err):
            # CPython's own start-up (the interpreter, or runpy finding the package) before the
            # first line of the game's code runs: out of reach of the game. Once a line of the
            # game has run, no traceback may show.
            continue
        assert "Traceback" not in err + out, (moment, err)
        assert child.returncode in (0, 130, -signal.SIGINT), (moment, child.returncode, err)


def _only_interpreter_frames(err: str) -> bool:
    """A KeyboardInterrupt traceback none of whose frames is the game's code: CPython starting
    (site, a .pth file, the editable install's finder, runpy) before game/__init__ runs."""
    frames = [line for line in err.splitlines() if line.strip().startswith("File ")]
    ours = str(ROOT / "game")
    return (err.rstrip().endswith("KeyboardInterrupt") and bool(frames)
            and not any(ours in line for line in frames))


def _without_site_report(err: str) -> str:
    """stderr less CPython's own report of an interrupt that landed while site ran a .pth file
    (the editable install's finder): site prints "Error processing line …", the traceback and
    "Remainder of file ignored", then carries on and starts the game, whose answer is checked.
    The report is removed only when none of its frames is the game's code."""
    marker = "Remainder of file ignored\n"
    while err.startswith("Error processing line") and marker in err:
        report, rest = err.split(marker, 1)
        if str(ROOT / "game") in report:
            break
        err = rest
    return err


_CRASH = textwrap.dedent("""
    import sys
    from game.play.session import Game
    real = Game.handle
    def handle(self, line):
        if line == "boom":
            raise RuntimeError("a bug nobody expected")
        return real(self, line)
    Game.handle = handle
    from game.cli.main import main
    sys.exit(main(sys.argv[1:]))
""")


@pytest.mark.slow
def test_an_unexpected_error_saves_the_game_and_writes_a_crash_report(tmp_path: Path) -> None:
    cache, saves = tmp_path / "cache", tmp_path / "s"
    done = subprocess.run([sys.executable, "-c", _CRASH, "play", "--new", "--story", str(SAMPLE), "--saves", str(saves)],
                          input="1\n1\nboom\n", capture_output=True, text=True, timeout=90, cwd=ROOT,
                          env={**os.environ, "GHOSTLIGHT_CACHE": str(cache)})
    assert done.returncode == 70
    assert "Traceback" not in done.stderr + done.stdout
    assert "something went wrong" in done.stderr and "Your game was saved first." in done.stderr
    reports = list(cache.glob("crash-*.txt"))
    assert len(reports) == 1 and str(reports[0]) in done.stderr
    report = reports[0].read_text()
    assert "Traceback" in report and "a bug nobody expected" in report
    assert "torn_page" in load_game(saves, "autosave", sample()).state.clues


def test_a_crash_report_that_cannot_be_written_still_gets_a_message(tmp_path: Path) -> None:
    from game.cli.guard import crash_report

    blocked = tmp_path / "file"
    blocked.write_text("")
    assert crash_report(RuntimeError("x"), blocked / "cache") is None
    written = crash_report(RuntimeError("x"), tmp_path / "cache")
    assert written is not None and "RuntimeError: x" in written.read_text()


def test_a_folder_locked_by_another_process_is_told_once_and_never_waited_on_again(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from game.saves.store import SaveFolder

    folder = tmp_path / "saves"
    folder.mkdir()
    waits: list[float] = []
    real = SaveFolder._acquire

    def acquire(self, fd):
        waits.append(self.lock_timeout)
        return real(self, fd)

    monkeypatch.setattr(SaveFolder, "_acquire", acquire)
    # flock locks belong to an open file: this one conflicts with the game's own, as another
    # process's would.
    holder = os.open(folder / ".lock", os.O_RDWR | os.O_CREAT)
    fcntl.flock(holder, fcntl.LOCK_EX)
    try:
        k = keeper(folder)
        k.folder.lock_timeout = 0.2  # the player's own commands; unasked writes wait less still
        game, text = run_game(["1", "1", "2", "leave", "3"], folder, saves=k)
    finally:
        os.close(holder)
    assert text.count("Another Ghost Light is using the save folder") == 1
    assert waits[0] == pytest.approx(0.2) and set(waits[1:]) == {0.0}
    game, text = run_game(["1"], folder, saves=k)  # the lock is free again: autosave works
    assert "Autosave works again." in text
    assert (folder / "autosave.json").exists()


# --- pasted input has a length limit, checked before any work ------------------------------------


def test_a_line_over_the_limit_is_refused_before_any_work(tmp_path: Path) -> None:
    from game.ui.text import LINE_LIMIT

    game, text = run_game(["x" * (LINE_LIMIT + 1), "1"], tmp_path / "s")
    assert f"nothing here needs more than {LINE_LIMIT}" in text
    assert game.state.turn == 1  # the next line was played as usual


def test_keys_past_the_limit_are_dropped_before_prompt_toolkit_sees_them() -> None:
    from prompt_toolkit.key_binding.key_processor import KeyPress
    from prompt_toolkit.keys import Keys

    from game.ui.prompt import limit_keys
    from game.ui.text import LINE_LIMIT

    keys = [KeyPress("x", "x")] * 100_000 + [KeyPress(Keys.ControlM, "\r"), KeyPress("y", "y")]
    kept = limit_keys(keys, used=10)
    assert len(kept) == LINE_LIMIT - 10 + 2
    assert kept[-2].key == Keys.ControlM and kept[-1].key == "y"  # Enter, and the next line, survive
    assert limit_keys([KeyPress(Keys.Left, "")] * 3, used=LINE_LIMIT) == [KeyPress(Keys.Left, "")] * 3


@pytest.mark.slow
def test_a_huge_line_through_a_pipe_is_refused_and_the_game_goes_on(tmp_path: Path) -> None:
    done = run(PLAY + ["--new", "--story", str(SAMPLE), "--saves", str(tmp_path / "s")],
               stdin="x" * 1_000_000 + "\n1\nnotes\n")
    assert "nothing here needs more than" in done.stdout and "Goodbye." in done.stdout
    assert done.stdout.count("> ") >= 3


@pytest.mark.slow
def test_100k_characters_pasted_without_bracketed_paste_do_not_freeze_the_prompt(tmp_path: Path) -> None:
    # In a real terminal (pty) with the full prompt. The limit is a count: what is asserted is
    # that the line that reaches the game is cut at it and that the game answers and goes on.
    from game.ui.text import LINE_LIMIT
    from tests.ui.terminal import Terminal

    terminal = Terminal(["play", "--new", "--story", str(SAMPLE), "--saves", str(tmp_path / "s")])
    try:
        terminal.wait_for("Go in")
        data = b"x" * 100_000
        for start in range(0, len(data), 4096):
            terminal.child.send(data[start:start + 4096])
            terminal.pump(0.0)
        terminal.child.send(b"\r")
        terminal.clear()
        terminal.wait_for("x" * 40, timeout=120)  # the echo of the (cut) line, as a notice quotes it
        terminal.type("quit")
        assert terminal.exit_code(timeout=120) == 0
    finally:
        terminal.close()
    assert b"Traceback" not in terminal.raw
    assert "x" * (LINE_LIMIT + 1) not in terminal.text()  # the prompt's line stopped at the limit


def test_only_a_site_report_without_the_games_frames_is_set_aside() -> None:
    # The shape CI met: an interrupt while site ran the editable install's .pth file.
    site = ('Error processing line 1 of /v/site-packages/__editable__.ghostlight-0.1.0.pth:\n\n'
            '  Traceback (most recent call last):\n'
            '    File "/v/site-packages/__editable___ghostlight_0_1_0_finder.py", line 7, in <module>\n'
            '  KeyboardInterrupt\n\nRemainder of file ignored\n')
    assert _without_site_report(site + "later\n") == "later\n"
    ours = site.replace("/v/site-packages/__editable___ghostlight_0_1_0_finder.py", str(ROOT / "game" / "x.py"))
    assert _without_site_report(ours) == ours
    assert _without_site_report("Traceback (most recent call last):\n") == "Traceback (most recent call last):\n"


def test_play_imports_its_modules_before_the_guard_takes_ctrl_c_over() -> None:
    """A Ctrl-C landing inside an import once the guard has Ctrl-C is caught by CPython's import
    lock, which prints "Exception ignored ... Traceback" (the clean-clone CI of round 25, at 0.1 s).
    Run as the program, play's modules are imported first, while Ctrl-C still ends it quietly."""
    probe = (
        "import sys\n"
        "import game.cli.guard as guard\n"
        "from game.cli.main import PLAY_MODULES, main\n"
        "before = [m for m in PLAY_MODULES if m in sys.modules]\n"
        "guard.guarded = lambda run: print(before, all(m in sys.modules for m in PLAY_MODULES)) or 0\n"
        "sys.argv = ['ghostlight', 'play']\n"
        "main()\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert out.returncode == 0, out.stderr
    before, loaded = out.stdout.rsplit("]", 1)
    assert "game.play.session" not in before  # not loaded by importing the command itself
    assert loaded.strip() == "True"  # but loaded before the guard is called


def test_help_and_version_do_not_wait_on_plays_imports() -> None:
    probe = (
        "import sys\n"
        "import game.cli.guard as guard\n"
        "from game.cli.main import PLAY_MODULES, main\n"
        "guard.guarded = lambda run: print('game.play.session' in sys.modules) or 0\n"
        "sys.argv = ['ghostlight', sys.argv[1]]\n"
        "main()\n"
    )
    for flag in ("--version", "--help"):
        out = subprocess.run([sys.executable, "-c", probe, flag], capture_output=True, text=True, cwd=ROOT, timeout=120)
        assert out.returncode == 0 and out.stdout.strip() == "False", (flag, out.stdout, out.stderr)


def test_help_says_how_to_play_before_the_authors_tools() -> None:
    """T53 read `ghostlight --help` for the player's part and found only the sub-commands."""
    import subprocess
    import sys

    from tests.conftest import ROOT

    shown = subprocess.run([sys.executable, "-m", "game", "--help"], capture_output=True, text=True,
                           cwd=ROOT, timeout=120).stdout
    assert "to play: run ghostlight with no arguments and choose New game" in shown
    assert "type help (or press F1) for the commands" in shown
    assert shown.index("to play:") < shown.index("are for authors of stories")


def test_nothing_runs_python_code_in_the_games_first_lines_before_ctrl_c_is_quiet() -> None:
    """A Ctrl-C pending from start-up is raised at the first call into Python code: the import
    of a module Python has not loaded yet (gc once was, and a run of the test above caught a
    traceback there), or a library function. Before the handler, game/__init__.py imports only
    modules a bare interpreter has already loaded and calls nothing but built-in methods."""
    import ast

    loaded = subprocess.run([sys.executable, "-c", "import sys; print(' '.join(sys.modules))"],
                            capture_output=True, text=True, timeout=60).stdout.split()
    tree = ast.parse((ROOT / "game" / "__init__.py").read_text())
    first = next(i for i, node in enumerate(tree.body) if "_signal.signal(" in ast.unparse(node))
    before = tree.body[:first]
    imported = [alias.name for node in before if isinstance(node, ast.Import) for alias in node.names]
    assert imported and set(imported) <= set(loaded), (imported, [m for m in imported if m not in loaded])
    assert not [node for node in before if isinstance(node, ast.ImportFrom)]
    called = [ast.unparse(call.func) for node in before if not isinstance(node, ast.FunctionDef)
              for call in ast.walk(node) if isinstance(call, ast.Call)]
    assert all(not name.startswith(("_os.", "os.")) for name in called), called
