"""T75 broke Margot's first statement before hearing the other three: the testimony closed and
they were never shown. A testimony that closes now shows the statements not yet heard, once,
framed as statements are; one heard through shows none. Through the real program, piped."""

from __future__ import annotations

from game.cli.playtools import start_state
from tests.ui.helpers import run_game
from tests.ui.test_interface_misfires import _flat, case

REST = "(You had not heard all of it. The rest, as it was given:)"


def _margot(lines: list[str]) -> str:
    state, _ = start_state(case(), "act2.studio_b", "act2,studio_b_swipes")
    text, _game = run_game(case(), state, ["talk margot", "where", *lines, "present swipe"])
    return _flat(text.split("Contradiction!", 1)[1])


def test_a_testimony_closed_at_its_first_statement_shows_the_rest_once() -> None:
    said = _margot([])
    assert REST in said
    rest = said.split(REST, 1)[1]
    for number in (2, 3, 4):
        assert rest.count(f"Statement {number} of 4:") == 1
    assert "Statement 1 of 4:" not in rest  # the broken one was heard
    assert "I sleep with earplugs in." in rest


def test_a_testimony_heard_through_shows_nothing_more() -> None:
    said = _margot(["next", "next", "next", "next"])  # round to statement 1 again
    assert "That testimony is over" in said and REST not in said
    assert "Statement 2 of 4:" not in said
