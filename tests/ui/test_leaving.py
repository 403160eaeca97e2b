"""Leaving from the title screen says where the game in progress is saved (issue 11, item 15b):
the game's own `quit` already did; Quit and Ctrl-D on the title screen now say it too."""

from __future__ import annotations

import pytest

from tests.ui.terminal import SAMPLE, Terminal

pytestmark = pytest.mark.slow


PROMPT_UP = b"\x1b[?2004h"  # prompt_toolkit turns bracketed paste on as each prompt starts


def _wait_prompt(terminal: Terminal, count: int) -> None:
    for _ in range(2000):  # a bounded count of reads; each read's timeout is only a safety net
        if terminal.raw.count(PROMPT_UP) >= count:
            return
        terminal.pump()
    raise AssertionError("the next prompt never started")


def _title(tmp_path, columns: int) -> Terminal:
    return Terminal(["play", "--story", str(SAMPLE), "--saves", str(tmp_path / "saves")], columns=columns)


def _make_a_save(tmp_path) -> None:
    terminal = _title(tmp_path, 60)
    try:
        terminal.wait_for("1. New game", "Choose:")
        terminal.type("new")
        terminal.wait_for("1. Go in", "F1 help")
        terminal.type("quit")
        terminal.wait_for("saved in the slot 'autosave'")
        assert terminal.exit_code() == 0
    finally:
        terminal.close()


@pytest.mark.parametrize("columns", [40, 60, 100])
@pytest.mark.parametrize("how", [b"quit\r", b"\x04"], ids=["quit", "ctrl-d"])
def test_leaving_the_title_screen_says_where_the_game_is_saved(tmp_path, columns, how):
    _make_a_save(tmp_path)
    terminal = _title(tmp_path, columns)
    try:
        terminal.wait_for("Continue", "Choose:")
        terminal.key(how)
        screen = terminal.wait_for("Goodbye.")
        flat = " ".join(screen.split())
        assert "saved in the slot 'autosave'" in flat and "--load autosave" in flat
        assert terminal.exit_code() == 0
    finally:
        terminal.close()


def test_leaving_a_title_screen_with_no_game_says_goodbye_and_names_no_save(tmp_path):
    terminal = _title(tmp_path, 40)
    try:
        terminal.wait_for("1. New game", "Choose:")
        prompts = terminal.raw.count(PROMPT_UP)
        terminal.type("nonsense")  # refused, the title stays
        terminal.wait_for("Type a number from 1 to")
        _wait_prompt(terminal, prompts + 1)  # a Ctrl-D between prompts is a tty EOF no prompt sees
        terminal.key(b"\x04")
        screen = terminal.wait_for("Goodbye.")
        assert "saved in the slot" not in screen and terminal.exit_code() == 0
    finally:
        terminal.close()


@pytest.mark.parametrize("columns", [40, 100])
def test_a_new_game_after_an_ending_says_it_keeps_the_finished_one_and_asks_nothing(tmp_path, columns):
    """Issue 11 item 15c: a finished game is kept as finished-N (its summary stays on the title),
    so no question; a line says where it is kept, and the endings found stay counted."""
    from tests.ui.test_endings import past_opening, play_to_the_lost_ending, turn_pages

    game = _title(tmp_path, columns)
    try:
        game.wait_for("1. New game", "Choose:")
        game.type("new")
        past_opening(game, "F1 help")
        play_to_the_lost_ending(game)
        turn_pages(game)
        game.clear()
        game.key(b" ")
        game.wait_for("Choose:", "Endings found: 1 of 3")
        game.clear()
        game.type("new")
        screen = game.wait_for("1. Go in", "F1 help")
        flat = " ".join(screen.split())
        assert "Your finished game (Lost in the Dark) was kept as 'finished-1'" in flat
        assert "Start a new game?" not in flat  # no question to answer
        game.type("quit")
        game.wait_for("Goodbye.")
        assert game.exit_code() == 0
    finally:
        game.close()
    again = _title(tmp_path, columns)
    try:
        again.wait_for("Endings found: 1 of 3", "Choose:")  # the ending is still counted
        again.key(b"\x04")
        again.wait_for("Goodbye.")
    finally:
        again.close()
