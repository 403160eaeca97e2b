"""End to end in a real pseudo-terminal: the game as a player meets it, the screen read through
a terminal emulator. Each step waits for text to appear, never for a fixed time."""

from __future__ import annotations

import threading

import pytest

from tests.ui.terminal import SAMPLE, Terminal

pytestmark = pytest.mark.slow

F1 = b"\x1bOP"
UP = b"\x1b[A"


@pytest.fixture
def game(tmp_path):
    terminal = Terminal(["play", "--new", "--story", str(SAMPLE), "--saves", str(tmp_path / "saves")])
    yield terminal
    terminal.close()


def test_a_short_session_as_a_player_sees_it(game):
    screen = game.wait_for("Act 1: The Afternoon", "Arrival", "1. Go in", "F1 help")
    assert "╭" in screen and "8 turns left" in screen and "0/3 clues" in screen  # panel and toolbar

    game.type("1")
    game.wait_for("The Hall", "1. Look under the piano", "5. Go to The Study")

    game.type("piano")  # a choice by a unique word
    screen = game.wait_for("Clue added to your notebook: A torn page", "1/3 clues")

    game.clear()
    game.type("notes")
    screen = game.wait_for("Notebook: 1 of 3 clues", "A torn page", "13:10")

    game.clear()
    game.type("save first")
    game.wait_for("first")

    game.clear()
    game.key(F1)
    game.wait_for("look", "-- Space: next page")  # taller than a page with the prompt under it: it pages
    game.type(" ", enter=False)
    game.wait_for("Ctrl-C", "F2", "-- end: Space or q to close --")  # its last page waits too
    game.type(" ", enter=False)
    game.wait_for("F1 help")  # closed by its own key, and the prompt back

    game.clear()
    game.type("map")
    game.wait_for("The school", "◉ you are here", "The Study")


def test_bad_input_is_answered_and_the_game_goes_on(game):
    game.wait_for("1. Go in", "F1 help")
    for line, answer in [("", "Type 1 to choose 'Go in'"), ("0", "There is no choice 0"),
                         ("-1", "There is no choice -1"), ("999", "There is no choice 999"),
                         ("[bold red]boom", "I don't understand '[bold red]boom'"),
                         ("😀 مرحبا", "I don't understand"),
                         ("save ../../etc/passwd", "etc/passwd")]:
        game.clear()
        game.type(line)
        game.wait_for(answer)
    game.clear()
    game.type("\x1b[31mred")  # a typed escape sequence: the editor takes it as keys, nothing is drawn red
    game.wait_for("I don't understand")
    game.clear()
    # A 100 KB paste, as a terminal sends it (bracketed), from a thread: the pty buffer is smaller.
    paste = b"\x1b[200~" + b"x" * 100_000 + b"\x1b[201~\r"
    sender = threading.Thread(target=game.child.send, args=(paste,))
    sender.start()
    game.wait_for("I don't understand 'xxxx")  # the paste stops at the line limit (issue 13)
    sender.join(timeout=30)
    game.clear()
    game.type("1")
    game.wait_for("1. Look under the piano")


def test_tab_completion_and_history(game):
    game.wait_for("1. Go in", "F1 help")
    game.type("1")
    game.wait_for("1. Look under the piano")
    game.clear()
    game.type("timel\t", enter=False)
    game.wait_for("> timeline")
    game.type("")
    game.wait_for("No times yet")
    game.clear()
    game.key(UP)
    game.wait_for("> timeline")
    game.type("")
    game.wait_for("No times yet")


def test_ctrl_c_asks_and_cancel_keeps_playing_then_ctrl_d_exits_cleanly(game):
    game.wait_for("1. Go in", "F1 help")
    game.key(b"\x03")
    game.wait_for("Quit the game?")
    game.clear()
    game.type("")  # Enter: keep playing
    game.type("1")
    game.wait_for("1. Look under the piano", "F1 help")  # the prompt is up (its toolbar) to read Ctrl-D
    game.key(b"\x04")
    game.wait_for("saved in the slot 'autosave'", "Goodbye.")  # says where, not only goodbye
    assert game.exit_code() == 0


def test_ctrl_c_then_yes_quits_cleanly(game):
    game.wait_for("1. Go in", "F1 help")
    game.key(b"\x03")
    game.wait_for("Quit the game?")
    game.type("y")
    game.wait_for("saved in the slot 'autosave'", "Goodbye.")  # says where, not only goodbye
    assert game.exit_code() == 0


def test_quit_command_exits_cleanly(game):
    game.wait_for("1. Go in", "F1 help")
    game.type("quit")
    game.wait_for("saved in the slot 'autosave'", "Goodbye.")  # says where, not only goodbye
    assert game.exit_code() == 0


def test_the_title_screen_starts_a_new_game(tmp_path):
    terminal = Terminal(["play", "--story", str(SAMPLE), "--saves", str(tmp_path / "saves")])
    try:
        terminal.wait_for("T H E", "1. New game", "Endings found: 0 of 3", "Quit", "Choose:")
        terminal.type("endings")
        terminal.wait_for("??? (not found yet)")
        terminal.type("new")
        terminal.wait_for("Act 1: The Afternoon", "1. Go in", "F1 help")
        terminal.type("quit")
        assert terminal.exit_code() == 0
    finally:
        terminal.close()


@pytest.mark.parametrize("answer", [b"y\r", b"\x03"], ids=["y", "ctrl-c-twice"])
def test_ctrl_c_on_the_title_screen_asks_as_in_the_game(tmp_path, answer):
    terminal = Terminal(["play", "--story", str(SAMPLE), "--saves", str(tmp_path / "saves")])
    try:
        terminal.wait_for("1. New game", "Choose:")
        terminal.key(b"\x03")
        terminal.wait_for("Quit the game?")
        terminal.clear()
        terminal.type("")  # Enter: stay on the title screen
        terminal.wait_for("Choose:")
        terminal.type("zzz")  # a bad answer is refused, the title screen stays
        terminal.wait_for("Type a number from 1 to")
        assert terminal.child.isalive()
        terminal.clear()  # wait for the question asked now, not the one still on screen
        terminal.key(b"\x03")
        terminal.wait_for("Quit the game?")
        terminal.key(answer)  # y, or a second Ctrl-C at the question, quits
        assert terminal.exit_code() == 0
        assert "Traceback" not in terminal.text()
    finally:
        terminal.close()


def test_narrow_terminal_wraps_inside_the_panel(tmp_path):
    terminal = Terminal(["play", "--new", "--story", str(SAMPLE), "--saves", str(tmp_path / "s")], columns=40)
    try:
        screen = terminal.wait_for("1. Go in")
        assert all(len(line) <= 40 for line in screen.splitlines())
        assert "Somewhere a clock" in screen
    finally:
        terminal.close()


def test_plain_in_a_terminal_has_no_boxes_and_still_asks_on_ctrl_c(tmp_path):
    terminal = Terminal(["play", "--new", "--plain", "--story", str(SAMPLE), "--saves", str(tmp_path / "s")])
    try:
        screen = terminal.wait_for("1. Go in\n>")
        assert "╭" not in screen and "Arrival (Act 1, The Hall, 14:00, 8 turns left)" in screen
        assert b"\x1b[3" not in terminal.raw  # no colour codes at all
        terminal.key(b"\x03")
        terminal.wait_for("Quit the game?")
        terminal.clear()
        terminal.type("")  # Enter: keep playing, the prompt again
        terminal.wait_for(">")
        terminal.key(b"\x03")
        terminal.wait_for("Quit the game?")
        terminal.type("1")  # a choice typed at the question is the choice (game/ui/quitting.py)
        terminal.wait_for("Look under the piano")
        terminal.key(b"\x04")
        assert terminal.exit_code() == 0
    finally:
        terminal.close()


def test_keys_typed_before_the_prompt_is_up_are_not_lost(tmp_path):
    # The scene is drawn before prompt_toolkit is loaded (game/play/deferred.py); a player who
    # types at once must still be heard: the keys wait in the terminal until the prompt reads them.
    terminal = Terminal(["play", "--new", "--story", str(SAMPLE), "--saves", str(tmp_path / "saves")])
    try:
        terminal.type("1")  # sent at once, before the game has drawn anything
        terminal.wait_for("The Hall", "1. Look under the piano", "F1 help")
    finally:
        terminal.close()
