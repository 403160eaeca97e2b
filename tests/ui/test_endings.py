"""After an ending: the text paged in a terminal (never scrolled away unread), a case summary,
then back to the title screen; a pipe gets it all at once and exits 0. A finished game
continued shows its summary instead of an empty scene."""

from __future__ import annotations

import subprocess
import sys

import pytest

from game.core import engine as e
from game.play.session import Game, Session
from game.ui.pager import MORE, Pager
from game.ui.render import Renderer
from game.ui.choices import HELD
from tests.ui.helpers import ROOT, SAMPLE, console, sample, script

LOST = ["1", "4", "1", "1"]  # in, wait for evening, go on, say nothing -> "Lost in the Dark"


def keys(*presses):
    """A wait_key that answers each press in turn: a string, or an exception to raise."""
    queue = list(presses)

    def wait() -> str:
        press = queue.pop(0) if queue else " "
        if isinstance(press, BaseException):
            raise press
        return press

    return wait, queue


def play(lines, *, height=8, width=60, plain=False, presses=()):
    # 60 columns: at 40 the toolbar's two lines leave a page so short that LOST's menus are held
    story = sample()
    state, opening = e.new_game(story)
    out = console(width, height=height)
    ending_keys, left = keys(*presses)

    def wait() -> str:
        # The opening is paged too on so short a screen: its pages are turned with any key;
        # the presses given are for the ending's pages.
        return ending_keys() if "THE END" in out.file.getvalue() else " "

    renderer = Renderer(story, out, plain, pager=Pager(out, wait))
    game = Game(Session(story, state), renderer, script(lines))
    code = game.run(opening)
    return code, out.file.getvalue(), game, left


def test_the_ending_is_paged_by_the_terminal_height_then_the_summary():
    code, text, game, left = play(LOST, presses=[" "] * 20)
    assert code == 0 and game.state.ended and game.paged == "key"
    ending = text[text.index("THE END"):]
    pages = ending.split(MORE)
    assert len(pages) >= 3, "a 8-line terminal needs several pages for the ending and the summary"
    for page in pages[:-1]:
        assert len(page.rstrip("\n").splitlines()) <= 8 - 2 + 1  # the page, plus the erased prompt line
    assert "THE END: Lost in the Dark" in ending and "Case summary" in ending
    assert "Endings found: 1 of 3" in ending and "Clues found: 0 of 3" in ending
    assert "Missed: A torn page" in ending.replace("\n", " ")
    assert "for the title screen" in ending


def test_q_shows_the_rest_at_once_and_nothing_is_lost():
    code, text, game, _ = play(LOST, presses=["q"])
    assert game.paged in ("key", "q") and text[text.index("THE END"):].count(MORE) == 1
    assert "THE END: Lost in the Dark" in text and "(ending: lost)" not in text and "Time played:" in text


@pytest.mark.parametrize("stop, outcome", [(EOFError(), "eof"), (KeyboardInterrupt(), "interrupt")])
def test_end_of_input_or_ctrl_c_while_paging_prints_the_rest(stop, outcome):
    code, text, game, _ = play(LOST, presses=[stop])
    assert code == 0 and game.paged == outcome
    assert text[text.index("THE END"):].count(MORE) == 1 and "for the title screen" not in text
    assert "THE END: Lost in the Dark" in text and "(ending: lost)" not in text and "Time played:" in text  # everything printed all the same


def test_the_plain_look_never_pages():
    code, text, game, left = play(LOST, plain=True, presses=[EOFError()])
    assert MORE not in text and len(left) == 1  # no key was waited for
    assert "THE END: Lost in the Dark" in text and "Case summary" in text


def test_a_wide_tall_terminal_shows_the_ending_on_one_page():
    code, text, game, left = play(LOST, height=200, width=100, presses=["x"])  # any key at the last one
    assert MORE not in text and left == []  # only the "back to the title" key
    assert "Endings found: 1 of 3" in text


def run_piped(args, lines):
    return subprocess.run([sys.executable, "-m", "game", "play", "--story", str(SAMPLE), *args],
                          input="".join(f"{x}\n" for x in lines), capture_output=True, text=True,
                          cwd=ROOT, timeout=60)


def test_piped_ending_prints_the_summary_and_exits_0_then_continue_shows_it_again(tmp_path):
    saves = str(tmp_path / "saves")
    run = run_piped(["--new", "--saves", saves], LOST + ["look", "nonsense"])
    assert run.returncode == 0, run.stderr
    out = run.stdout
    assert "THE END: Lost in the Dark" in out.splitlines() and "Case summary" in out
    assert out.index("THE END: Lost in the Dark") < out.index("Case summary")
    assert "Endings found: 1 of 3" in out and "Missed: A torn page" in out
    assert "look" not in out[out.index("Case summary"):]  # the game stopped reading after the end
    # Loading the finished game: its summary and a way to a new game, never an empty scene.
    again = run_piped(["--load", "autosave", "--saves", saves], ["look"])
    assert again.returncode == 0 and "Traceback" not in again.stderr
    assert "Case summary" in again.stdout and "This game is over" in again.stdout
    assert "ghostlight play --new" in again.stdout
    # Without --load, a finished autosave is not resumed: a new game starts, the finished one kept.
    fresh = run_piped(["--saves", saves], [])
    assert "Arrival" in fresh.stdout and "Ending reached" not in fresh.stdout
    assert "Your finished game (Lost in the Dark) was kept as 'finished-1'" in fresh.stdout


def test_loading_a_finished_game_inside_a_game_shows_its_summary(tmp_path):
    saves = str(tmp_path / "saves")
    run_piped(["--new", "--saves", saves], LOST)
    run = run_piped(["--new", "--saves", saves], ["load autosave", "look"])
    assert run.returncode == 0 and "Case summary" in run.stdout and "This game is over" in run.stdout
    # T53: "Loaded" read as the game started again; the line says it is over and why a summary follows
    assert "Loaded 'autosave'" not in run.stdout and "is over, Lost in the Dark. Its case summary:" in run.stdout


def past_opening(game, shows: str) -> str:
    """Wait for ``shows``, turning the opening's pages (a short screen pages it) on the way."""
    for _ in range(10):
        game.pump()
        end = 0
        while shows not in game.text() and MORE not in game.text() and HELD not in game.text() and end < 600:
            game.pump()
            end += 1
        if shows in game.text():
            return game.text()
        held = HELD in game.text() and MORE not in game.text()
        game.clear()
        game.key(b"\r" if held else b" ")  # held choices come on Enter, a page on Space
    return game.wait_for(shows)


def play_to_the_lost_ending(game) -> None:
    """From the first menu, the moves to "Lost in the Dark", up to the ending's first "more"."""
    for line, shows in zip(LOST, ["Wait for evening", "Go on", "Say nothing", " --"]):
        game.wait_for("F1 help")
        game.clear()
        game.type(line)
        past_opening(game, shows)  # a step taller than the screen pages too (T4-5)


def turn_pages(game) -> str:
    """Press a key at each "more" until the last page asks for the title screen."""
    screen = game.text()
    for _ in range(10):
        if "for the title screen" in screen:
            return screen
        game.clear()
        game.key(b" ")
        screen = game.wait_for(" --")  # the more line or "-- press a key for the title screen --"
    raise AssertionError(f"still paging after 10 keys:\n{screen}")


@pytest.mark.slow
def test_in_a_terminal_the_ending_pages_then_the_title_comes_back(tmp_path):
    from tests.ui.terminal import Terminal

    game = Terminal(["play", "--story", str(SAMPLE), "--saves", str(tmp_path / "saves")], columns=40, lines=12)
    try:
        game.wait_for("New game", "Choose:")
        game.clear()
        game.type("1")
        past_opening(game, "Go in")
        # each line typed only once the prompt is up (its bar): on a busy machine a line typed as
        # the menu is still being drawn is kept for the prompt, and waits for a second Enter (a
        # clean-clone run on a loaded box typed 4 so, and never saw "Go on")
        play_to_the_lost_ending(game)
        screen = game.wait_for("THE END", " --")
        assert "Time played" not in screen  # the first page waits: nothing scrolled past unread
        screen = turn_pages(game)
        assert "Time played" in screen
        game.clear()
        game.key(b" ")
        screen = game.wait_for("Choose:", "Endings found: 1 of 3")
        assert "Case summary (autosave" in screen and "Continue (" not in screen  # T4-17
        # Continue on the finished game: its summary, and the title again (with New game).
        game.clear()
        game.type("continue")
        game.wait_for("Case summary", " --")
        screen = turn_pages(game)
        assert "This game is over" in screen
        game.clear()
        game.key(b"\x04")  # end of input at that key: the game leaves, cleanly

        assert game.exit_code() == 0
    finally:
        game.close()


@pytest.mark.slow
def test_ctrl_c_while_paging_shows_the_rest_then_the_title(tmp_path):
    from tests.ui.terminal import Terminal

    game = Terminal(["play", "--new", "--story", str(SAMPLE), "--saves", str(tmp_path / "saves")],
                    columns=40, lines=10)
    try:
        past_opening(game, "F1 help")
        play_to_the_lost_ending(game)
        game.clear()
        game.key(b"\x03")
        screen = game.wait_for("Choose:", "New game")  # the rest printed, then the title
        assert "Traceback" not in game.raw.decode("utf-8", "replace")
        assert b"Time played" in game.raw
        game.type("quit")
        assert game.exit_code() == 0
    finally:
        game.close()


def test_the_ending_pages_even_over_a_line_typed_ahead_and_drops_it():
    """T3-10: "look" typed quickly after the last choice; the ending still waits on each page
    (its banner is read, not scrolled away) and the typed line is not carried to the title."""
    from game.ui.pager import Typeahead

    story = sample()
    state, opening = e.new_game(story)
    out = console(60, height=8)  # (at 40 the two-line toolbar holds the menus: LOST would need Enters)
    typed = Typeahead()
    typed.held = lambda: "THE END" in out.file.getvalue()  # the prompt holds keys from here on
    turns: list[str] = []

    def wait() -> str:
        if "THE END" in out.file.getvalue():
            turns.append(" ")
        return " "

    typed.keep("look\r")
    renderer = Renderer(story, out, False, pager=Pager(out, wait, typeahead=typed))
    game = Game(Session(story, state), renderer, script(LOST))
    assert game.run(opening) == 0 and game.paged == "key"
    ending = out.file.getvalue()[out.file.getvalue().index("THE END"):]
    assert ending.count(MORE) >= 2 and len(turns) == ending.count(MORE) + 1  # pages + title key
    assert typed.take() == ""  # what was typed ahead is dropped at the ending


def test_a_view_still_stops_waiting_when_a_line_is_typed_ahead():
    from rich.text import Text

    from game.ui.pager import Typeahead

    out = console(40, height=8)
    typed = Typeahead()
    typed.keep("look\r")
    pager = Pager(out, lambda: (_ for _ in ()).throw(AssertionError("waited")), typeahead=typed)
    assert pager.show([Text(f"line {n}") for n in range(30)]) == "rest"
    assert typed.take() == "look\r"  # kept for the prompt: only the ending drops it


def test_quit_on_the_title_after_an_ending_names_the_finished_case_not_continue(tmp_path):
    """Round 7 (T9): after an ending the title offers Case summary, not Continue, so its Quit
    must not tell the player to choose Continue."""
    from game.loading.loader import load_story
    from game.play.keeper import SaveKeeper
    from game.play.title import _farewell

    saves = tmp_path / "saves"
    assert run_piped(["--new", "--saves", str(saves)], LOST).returncode == 0
    said: list[str] = []

    class Notices:
        def notice(self, text: str) -> None:
            said.append(text)

    _farewell(SaveKeeper(saves, load_story(SAMPLE)), Notices())  # type: ignore[arg-type]
    text = " ".join(said)
    assert "Lost in the Dark" in text and "Case summary" in text and "Continue" not in text
    assert said[-1] == "Goodbye."
