"""Keys typed at a pager are kept, never acted on unseen (issue 11, item 13): the next prompt
starts with them in its input line and only the player's own Enter sends them; across a change
of screen (the ending, its summary, the title) they are dropped. Piped play is unchanged."""

from __future__ import annotations

import pytest

from game.ui.kept import MAX_LINES, kept_lines
from game.ui.pager import MORE
from game.ui.prompt import KEPT_NOTE
from game.ui.text import LINE_LIMIT
from tests.ui.helpers import SAMPLE
from tests.ui.terminal import Terminal
from tests.ui.test_endings import play_to_the_lost_ending, run_piped

WIDTHS = (40, 60, 100)


def test_kept_lines_are_what_was_typed_one_line_each_within_bounds():
    assert kept_lines("1\r") == ["1"]
    assert kept_lines("notes\rmap") == ["notes", "map"]
    assert kept_lines("lok\x7fok\r") == ["look"]  # Backspace as typed
    assert kept_lines("\x1b[A\x1bOP\r\r  \r") == []  # arrows, F1, empty lines: nothing to keep
    assert kept_lines("\x1b[200~go\nroof\x1b[201~") == ["go", "roof"]  # a paste
    assert kept_lines("\x00\x07[bold]x\r") == ["[bold]x"]  # control characters dropped, text kept as text
    assert kept_lines("x" * 100_000) == ["x" * LINE_LIMIT]
    assert len(kept_lines("a\r" * 1000)) == MAX_LINES


def _short(tmp_path, columns: int, *args: str) -> Terminal:
    # 10 rows (and one more for a two-line toolbar): the sample's opening pages, so there is a
    # "more" line to type at, and the hall's page still holds its menu.
    from game.ui.pager import toolbar_rows

    return Terminal(["play", "--story", str(SAMPLE), "--saves", str(tmp_path / "saves"), *args],
                    columns=columns, lines=9 + toolbar_rows(columns))


@pytest.mark.slow
@pytest.mark.parametrize("columns", WIDTHS)
def test_a_choice_typed_while_the_opening_pages_waits_in_the_input_line(tmp_path, columns):
    game = _short(tmp_path, columns, "--new")
    try:
        game.wait_for(MORE)
        game.clear()
        game.type("1")  # "1⏎" typed at the "more" line, before the menu is on screen
        screen = game.wait_for("1. Go in", "> 1", "F1 help")
        assert "Look under the piano" not in screen  # not chosen unseen
        # said, so the Enter typed with it does not seem lost (T17); the words fit 40 columns
        assert " ".join(KEPT_NOTE.split()) in " ".join(screen.split())
        game.key(b"\x03")  # Ctrl-C with the kept line up: asks, and Enter keeps playing
        game.wait_for("Quit the game?")
        game.clear()
        game.type("")
        game.wait_for("F1 help")
        game.clear()
        game.type("nonsense")  # still a line like any other
        game.wait_for("I don't understand")
        game.clear()
        game.type("1")  # the player's own choice, seen, is taken
        game.wait_for("Look under the piano")
        game.type("quit")
        assert game.exit_code() == 0 and b"Traceback" not in game.raw
    finally:
        game.close()


def _either(game: Terminal, one: str, other: str) -> str:
    """The screen once ``one`` or ``other`` shows (a bounded count of reads, each a safety net)."""
    for _ in range(2000):
        game.pump()
        if one in game.text() or other in game.text():
            return game.text()
    raise AssertionError(f"never saw {one!r} or {other!r}:\n{game.text()}")


@pytest.mark.slow
@pytest.mark.parametrize("columns", WIDTHS)
def test_a_command_typed_at_the_ending_never_reaches_the_title_screen(tmp_path, columns):
    game = _short(tmp_path, columns, "--new")
    try:
        game.wait_for(MORE)
        game.clear()
        game.key(b"q")  # the rest of the opening at once
        play_to_the_lost_ending(game)
        game.wait_for("THE END", " --")
        game.clear()
        game.type("look")  # typed at the ending's pager, as the tester did
        for _ in range(10):  # at 100 columns "look" itself was the key for the title screen
            screen = _either(game, " --", "Choose:")
            if "Choose:" in screen:
                break
            game.clear()
            # the key for the title screen with more typed after it, in one burst
            game.key(b"xyz\r" if "for the title screen" in screen else b" ")
        screen = game.wait_for("Choose:", "Endings found: 1 of 3")
        game.pump()
        screen = game.text()
        assert "Choose: look" not in screen and "Choose: yz" not in screen
        assert "Type a number" not in screen  # nothing was sent to the title menu
        game.key(b"\x04")
        game.wait_for("Goodbye.")
        assert game.exit_code() == 0
    finally:
        game.close()


def test_piped_lines_still_play_at_once(tmp_path):
    run = run_piped(["--new", "--saves", str(tmp_path / "saves")], ["1", "piano"])
    assert run.returncode == 0 and "A torn page" in run.stdout, run.stdout + run.stderr


def test_the_ctrl_c_question_is_never_prefilled_with_a_kept_line():
    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.output import DummyOutput

    from game.play.registry import command_table
    from game.play.session import Session
    from game.ui.pager import Typeahead
    from game.ui.prompt import GamePrompt
    from tests.ui.helpers import hall, sample

    story = sample()
    kept = Typeahead()
    kept.keep("notes\rmap\r")
    with create_pipe_input() as pipe:
        prompt = GamePrompt(Session(story, hall(story)), commands=command_table(), input=pipe,
                            output=DummyOutput(), typeahead=kept)
        pipe.send_text("\r")
        assert prompt.read("> ") == "notes"
        pipe.send_text("\r")  # Enter at "Quit the game?": keep playing, and no kept "map" sent
        answer = prompt.confirm()
        assert not answer.quit and answer.line == ""
        pipe.send_text("\r")
        assert prompt.read("> ") == "map"  # still kept for the next game prompt
        pipe.send_text("x\r")
        prompt.menu("Choose: ")  # a new screen: nothing kept is offered there
        kept.keep("look\r")
        pipe.send_text("\r")
        assert prompt.menu("Choose: ") == ""  # dropped, not prefilled
