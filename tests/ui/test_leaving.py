"""Leaving from the title screen says where the game in progress is saved (issue 11, item 15b):
the game's own `quit` already did; Quit and Ctrl-D on the title screen now say it too."""

from __future__ import annotations

import pytest

from tests.ui.terminal import SAMPLE, Terminal

pytestmark = pytest.mark.slow


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
        terminal.type("nonsense")  # refused, the title stays
        terminal.wait_for("Type a number from 1 to")
        terminal.key(b"\x04")
        screen = terminal.wait_for("Goodbye.")
        assert "saved in the slot" not in screen and terminal.exit_code() == 0
    finally:
        terminal.close()
