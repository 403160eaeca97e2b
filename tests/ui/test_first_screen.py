"""The first screen costs what it must: the opening is laid out once, and shows what printing
each of its views would. (Work is counted here, never timed: tests/perf/bench_ui.py times it.)"""

from __future__ import annotations

import pytest

from game.core import engine as e
from game.ui import look
from game.ui.scene import event_views
from tests.ui.helpers import console
from tests.ui.test_narrow import WIDTHS
from tests.ui.test_narrow_views import paged_renderer


def _count_frames(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """A counter of the panels laid out from now on (every view of the opening is framed)."""
    laid = [0]
    real = look.Framed.__rich_console__

    def counted(self, console, options):
        laid[0] += 1
        return real(self, console, options)

    monkeypatch.setattr(look.Framed, "__rich_console__", counted)
    return laid


@pytest.mark.parametrize("width", WIDTHS)
def test_an_opening_that_fits_is_laid_out_once_and_shows_what_each_view_prints(width, monkeypatch):
    r, out = paged_renderer(width, 500, color=True)
    state, opening = e.new_game(r.story)
    views = [view for view, _prose in event_views(r.story, state, opening, r.look)]
    expected = console(width, True, height=500)
    laid = _count_frames(monkeypatch)
    for view in views:
        expected.print(view)
    once = laid[0]
    assert once >= 1
    r.opening(opening, state)
    assert laid[0] == 2 * once  # as many layouts as printing the views once: none to measure
    shown = out.file.getvalue()
    assert shown[shown.rindex("\x1b[2J"):].endswith(expected.file.getvalue())


def test_an_opening_with_the_reveal_effect_is_still_measured_then_typed(monkeypatch):
    """The typewriter prints each prose view itself, so there the opening is laid out to be
    measured first (and paged when taller than the screen)."""
    typed: list[object] = []

    class Reveal:
        def print(self, view) -> None:
            typed.append(view)

    r, out = paged_renderer(100, 500, color=True)
    r.reveal = Reveal()
    state, opening = e.new_game(r.story)
    r.opening(opening, state)
    assert typed  # the prose went through the typewriter
