"""Blind round 15's left items (issue 11): a line typed over a view is sent as it shows."""

from __future__ import annotations

import pytest
from rich.text import Text

from game.ui.pager import MORE_VIEW
from game.ui.prompt import KEPT_NOTE
from tests.ui.helpers import SAMPLE, hall, sample
from tests.ui.terminal import Terminal
from tests.ui.test_loop_keys import _pager

WIDTHS = (40, 60, 100)


def test_only_a_line_typed_over_a_view_is_marked_to_send():
    lines = [Text(f"line {n}") for n in range(30)]
    pager, _out = _pager(60, ["look\r"])
    assert pager.show(lines, closable=True) == "closed"
    assert pager.typeahead.typed_over_view()
    assert pager.typeahead.take() == "look\r" and not pager.typeahead.typed_over_view()  # once
    pager, _out = _pager(60, ["q"])  # q closes a view with nothing typed: nothing to send
    assert pager.show(lines, closable=True) == "closed" and not pager.typeahead.typed_over_view()
    pager, _out = _pager(60, ["look\r"])  # over the story's own text: kept, never sent unseen
    assert pager.show(lines) == "rest" and not pager.typeahead.typed_over_view()


def _prompt(pipe, kept: list[str], over_view: bool):
    from prompt_toolkit.output import DummyOutput

    from game.play.registry import command_table
    from game.play.session import Session
    from game.ui.prompt import GamePrompt

    story = sample()
    return GamePrompt(Session(story, hall(story)), commands=command_table(), input=pipe, output=DummyOutput(),
                      typeahead=lambda: kept.pop() if kept else "", typed_over_view=lambda: over_view and bool(kept))


def test_a_line_typed_over_a_view_with_its_enter_is_sent_without_another():
    from prompt_toolkit.input import create_pipe_input

    with create_pipe_input() as pipe:
        prompt = _prompt(pipe, ["notes\rmap\r"], over_view=True)
        assert prompt.read("> ") == "notes"  # no key sent: the kept line went by itself
        pipe.send_text("\r")  # the second line was typed blind: it waits for its own Enter
        assert prompt.read("> ") == "map"
    with create_pipe_input() as pipe:
        prompt = _prompt(pipe, ["not"], over_view=True)  # no Enter yet: the player goes on typing
        pipe.send_text("es\r")
        assert prompt.read("> ") == "notes"
    with create_pipe_input() as pipe:
        prompt = _prompt(pipe, ["1\r"], over_view=False)  # over the story's text: never sent unseen
        pipe.send_text("\x7f2\r")
        assert prompt.read("> ") == "2"
    with create_pipe_input() as pipe:
        prompt = _prompt(pipe, ["notes\r"], over_view=True)
        pipe.send_text("\r")
        assert not prompt.confirm().quit  # the Ctrl-C question is never answered by it
        pipe.send_text("\r")  # after the question it is kept, and waits for the player's Enter
        assert prompt.read("> ") == "notes"


@pytest.mark.slow
@pytest.mark.parametrize("columns", WIDTHS)
def test_a_command_typed_at_a_views_more_line_runs_at_once(tmp_path, columns):
    game = Terminal(["play", "--story", str(SAMPLE), "--saves", str(tmp_path / "saves"), "--new"],
                    columns=columns, lines=10)
    try:
        game.wait_for(" --")
        game.key(b"q")  # the rest of the opening
        game.wait_for("F1 help")
        game.clear()
        game.type("help")  # longer than 10 rows: its "more" line
        game.wait_for(MORE_VIEW)
        game.clear()
        game.key(b"wibble\r")  # typed over the view, Enter and all, in one burst (T24)
        screen = game.wait_for("I don't understand")
        assert KEPT_NOTE not in " ".join(screen.split())
        game.type("quit")
        assert game.exit_code() == 0 and b"Traceback" not in game.raw
    finally:
        game.close()
