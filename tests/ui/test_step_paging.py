"""One step's output (narration, notices, an act's title, the next scene) is paged in a
terminal's rich look when taller than a page (issue 11, T4-1/T4-5); a step that fits, the plain
look and a pipe print it at once, as before."""

from __future__ import annotations

import pytest

from game.core import engine as e
from game.play.session import Game, Session
from game.ui.pager import MORE, Pager
from game.ui.render import Renderer
from tests.ui.helpers import console, sample, script


@pytest.mark.parametrize("width", [40, 60, 100])
def test_a_step_taller_than_the_page_waits_before_its_top_scrolls_away(width):
    story = sample()
    state, opening = e.new_game(story)
    out = console(width, height=6)
    screens: list[str] = []
    renderer = Renderer(story, out, False, pager=Pager(out, lambda: screens.append(out.file.getvalue()) or " "))
    renderer.opening(opening, state)
    before = len(screens)
    state, events = e.step(story, state, e.menu_actions(story, state)[0])
    mark = len(out.file.getvalue())
    renderer.events(events, state)
    shown = out.file.getvalue()[mark:]
    assert len(screens) > before and MORE in shown  # it waited: the top was on screen, unread no longer
    first_page = shown.split(MORE)[0]
    assert len(first_page.rstrip("\n").splitlines()) <= 6 - 3


def test_a_step_that_fits_prints_at_once_and_the_plain_look_never_pages():
    story = sample()
    for plain, height in ((False, 200), (True, 6)):
        state, opening = e.new_game(story)
        out = console(40, height=height)

        def never() -> str:
            raise AssertionError("waited for a key")

        renderer = Renderer(story, out, plain, pager=Pager(out, never))
        state, events = e.step(story, state, e.menu_actions(story, state)[0])
        renderer.events(events, state)
        assert MORE not in out.file.getvalue() and out.file.getvalue().strip()


def test_through_the_loop_a_tall_step_pages_and_the_game_goes_on():
    story = sample()
    state, opening = e.new_game(story)
    out = console(40, height=6)
    renderer = Renderer(story, out, False, pager=Pager(out, lambda: " "))
    game = Game(Session(story, state), renderer, script(["1", "quit"]))
    assert game.run(opening) == 0
    text = out.file.getvalue()
    assert text.count(MORE) >= 2 and "Traceback" not in text
