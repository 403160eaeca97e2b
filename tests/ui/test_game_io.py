"""The game loop with scripted lines: bad input answered and the game goes on; the title menu;
the reveal effect; the plain look through a pipe."""

from __future__ import annotations

import os
import subprocess
import sys
from contextlib import contextmanager

import pytest

from game.core import engine as e
from game.play.session import Game, Session, title_screen
from game.ui.console import make_console, wants_plain
from game.ui.look import PLAIN
from game.ui.render import Renderer
from game.ui.reveal import Reveal, wanted
from game.ui.title import SaveInfo, TitleInfo, title_menu

from tests.ui.helpers import ESC, ROOT, SAMPLE, console, render, sample, script, visible

BAD_LINES = ["", "0", "-1", "999", "x" * 100_000, "😀", "مرحبا بالعالم", "שלום", "[bold red]boom",
             "\x1b[31m\x1b[2J", "\x1b]0;title\x07", "save ../../etc/passwd", "load ../../etc/passwd",
             "present", "present nothing", "deduce 99", "suspects nobody", "99999999999999999999999"]


def run_lines(lines, *, plain=True, color=False, width=80):
    story = sample()
    state, opening = e.new_game(story)
    out = console(width, color)
    read = script(lines)
    session = Session(story, state)
    code = Game(session, Renderer(story, out, plain), read).run(opening)
    return code, out.file.getvalue(), session


def test_every_bad_line_gets_an_answer_and_the_game_goes_on():
    code, text, session = run_lines(["1", *BAD_LINES, "1", "notes"])
    assert code == 0
    assert "Goodbye." in text
    assert "Clue added to your notebook: A torn page" in text  # the choice after the bad lines worked
    assert "Notebook: 1 of 3 clues" in text
    for expected in ("Type a number from 1 to 5", "There is no choice 0: choose a number from 1 to 5.",
                     "There is no choice -1", "There is no choice 999", "That line is 100000 characters long",
                     "I don't understand '😀'", "I don't understand 'مرحبا بالعالم'",
                     "I don't understand '[bold red]boom'", "There is no statement in front of you",
                     "No one you have met matches 'nobody'", "Type 'deduce 1'."):
        assert expected in text, expected
    assert ESC not in text and "\x07" not in text


def test_bad_slot_names_are_answered_without_a_traceback():
    code, text, _ = run_lines(["save ../../etc/passwd", "load ../../etc/passwd", "1"])
    assert code == 0 and "Traceback" not in text
    assert text.count("../../etc/passwd") >= 1 or "Saving is turned off" in text
    assert "Go in" in text


def test_every_bad_line_in_the_rich_look():
    code, text, _ = run_lines(["1", *BAD_LINES, "2"], plain=False, color=True, width=40)
    assert code == 0
    shown = visible(text)
    assert "[bold red]boom" in shown and "\x1b[2J" not in text and "\x1b]0;" not in text
    assert "Talking with Ida Marsh" in shown


def test_a_choice_by_a_unique_word_and_a_typo_suggestion():
    code, text, session = run_lines(["1", "look under the piano", "talk", "coppyist"])
    assert "Clue added to your notebook: A torn page" in text  # not the `look` command
    # the piano, looked under, keeps its line 1 ("(done)"): the talks are 2 and 3 (core.menu)
    assert "That matches more than one choice (2, 3); type its number." in text
    assert "Did you mean 3, 'Talk to the copyist'?" in text


def test_look_suspects_history_and_undo():
    code, text, session = run_lines(["1", "look", "suspects ida", "history", "undo"])
    assert "Ida Marsh (The pianist)" in text and "Paul Reed" not in text.split("Ida Marsh (The pianist)")[1]
    assert "So far" in text and "1. Go in" in text
    assert "Undone: Go in" in text


def test_ending_lines_through_the_loop():
    lines = ["1", "4", "1", "1"]  # in, wait for evening, go on, say nothing -> lost
    code, text, session = run_lines(lines)
    assert session.state.ended
    assert "THE END: Lost in the Dark" in text and "THE END: Lost in the Dark" in text.splitlines()


# --- the title menu ---------------------------------------------------------------------------


INFO = TitleInfo("Ghost Light", saves=(SaveInfo("autosave", "", "Act 1"), SaveInfo("mine", "", "Act 2")),
                 endings=(("a", "Full Truth"),), clues_total=3)


def menu(lines, load=lambda slot: None):
    out = console(80)
    read = script(lines)
    result = title_menu(out.print, read, INFO, PLAIN, load)
    return result, out.file.getvalue()


def test_title_menu_new_quit_and_bad_input():
    assert menu(["1"])[0] == "new"
    assert menu(["quit"])[0] == "quit"
    result, text = menu(["", "0", "999", "[bold]x", "new"])
    assert result == "new" and text.count("Type a number from 1 to 5") == 4
    assert menu([])[0] == "quit"  # end of input on the title screen leaves


def test_title_menu_continue_load_and_endings():
    loaded = []
    result, text = menu(["endings", "2"], lambda slot: loaded.append(slot))
    assert result == "loaded" and loaded == ["autosave"] and "??? (not found yet)" in text
    loaded.clear()
    result, text = menu(["load", "mine"], lambda slot: loaded.append(slot))
    assert result == "loaded" and loaded == ["mine"] and "Saved games" in text
    result, text = menu(["load", "../../etc/passwd", "load", "", "quit"])
    assert result == "quit" and "No save matches '../../etc/passwd'." in text


def test_title_menu_shows_a_failed_load_and_stays():
    result, text = menu(["continue", "1"], lambda slot: "The save is damaged.")
    assert result == "new" and "The save is damaged." in text


def test_title_screen_reads_the_save_folder(tmp_path):
    story = sample()
    out = console(80)
    script = iter(["4", "1"])
    choice = title_screen(story, Renderer(story, out, True), lambda p: next(script), str(tmp_path))
    assert choice == ("new", None)
    text = out.file.getvalue()
    assert "The Missing Score" in text and "Endings found: 0 of 3" in text


# --- the reveal effect --------------------------------------------------------------------------


@contextmanager
def keys(presses):
    calls = iter(presses)
    yield lambda: next(calls, False)


def test_reveal_types_out_and_a_key_shows_the_rest():
    from rich.text import Text

    body = Text("one two three four five six seven eight nine ten " * 3)
    expected = render(body, 30)
    for presses in ([], [False, False, True], [True]):
        out = console(30)
        sleeps = []
        Reveal(out, lambda: keys(presses), sleep=sleeps.append).print(body)
        assert out.file.getvalue() == expected
        assert len(sleeps) == (30 if not presses else len(presses))


def test_reveal_is_off_by_default():
    assert not wanted(False, {})
    assert wanted(True, {}) and wanted(False, {"GHOSTLIGHT_REVEAL": "1"})
    story = sample()
    assert Renderer(story, console(), True, reveal=object()).reveal is None  # never in plain


def test_ctrl_c_during_the_reveal_shows_the_rest():
    from rich.text import Text

    @contextmanager
    def interrupting():
        def pressed():
            raise KeyboardInterrupt

        yield pressed

    out = console(40)
    Reveal(out, interrupting, sleep=lambda s: None).print(Text("a b c d"))
    assert out.file.getvalue() == "a b c d\n"


# --- the plain look ----------------------------------------------------------------------------


@pytest.mark.parametrize("env,flag,interactive,plain", [
    ({}, False, True, False), ({}, True, True, True), ({"NO_COLOR": "1"}, False, True, True),
    ({"NO_COLOR": ""}, False, True, False),  # empty means unset (no-color.org)
    ({"TERM": "dumb"}, False, True, True), ({}, False, False, True)])
def test_when_the_look_is_plain(env, flag, interactive, plain):
    assert wants_plain(flag, interactive, env) is plain


def test_plain_console_writes_no_escapes():
    import io

    buffer = io.StringIO()
    make_console(True, True, file=buffer, width=40).print(render("x", 40))
    assert ESC not in buffer.getvalue()


@pytest.mark.parametrize("extra_env", [{}, {"NO_COLOR": "1"}, {"TERM": "dumb"}])
def test_piped_playthrough_is_plain_and_ends_cleanly(extra_env):
    env = {**os.environ, **extra_env}
    run = subprocess.run([sys.executable, "-m", "game", "play", "--new", "--story", str(SAMPLE)],
                         input="1\n1\nnotes\nmap\nboard\ntimeline\nsuspects\nhelp\n", capture_output=True,
                         text=True, cwd=ROOT, timeout=60, env=env)
    assert run.returncode == 0, run.stderr
    out = run.stdout
    assert ESC not in out and not set("╭╮╰╯│─▰◉✔") & set(out)
    assert "1. Look under the piano (1 turn)" in out.splitlines()  # its cost: 1, marked before it is taken
    assert "Notebook: 1 of 3 clues" in out and "Row 1: The Hall (you are here, open); The Study (open)" in out
    assert "F1" not in out  # keys are only listed where there is a keyboard


def test_piped_playthrough_reaches_an_ending():
    run = subprocess.run([sys.executable, "-m", "game", "play", "--new", "--story", str(SAMPLE)],
                         input="1\n4\n1\n1\n", capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert run.returncode == 0
    assert "THE END: Lost in the Dark" in run.stdout and "THE END: Lost in the Dark" in run.stdout.splitlines()


def test_screenshot_script_writes_an_svg_of_a_real_session(tmp_path):
    from game.cli.screenshot import main

    out = tmp_path / "shot.svg"
    assert main(["--story", str(SAMPLE), "--out", str(out), "--width", "80"]) == 0
    svg = out.read_text()
    assert svg.startswith("<svg") and "Goodbye" not in svg
    assert "you&#160;are&#160;here" in svg or "you are here" in svg
