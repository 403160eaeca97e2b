"""A place's ``notice``: a few words said after its name in 'Go to' lines (and on the map)
while their condition holds, so a player knows a place is shut before spending the move (T74 to
T77 each walked to a room locked till two). Loaded by the spec, read by the engine's one rule
(``mystery.place_notice``), bad shapes reported at file:line:col."""

from __future__ import annotations

from game.core import engine as e
from game.core import mystery
from game.core.record import replace
from game.loading.loader import read_story
from game.ui.choices import Menu
from game.ui.look import PLAIN
from tests.ui.helpers import render

PLACES = """
places:
  hall: {name: The Hall}
  study:
    name: The Study
    notice:
      - if: time > 3
        text: locked till the clock strikes
      - if: "true"
        text: open
"""
SCENES = """
scenes:
  a.start:
    place: hall
    text: The hall.
    exits: [a.study]
  a.study:
    place: study
    text: The study.
    exits: [a.start]
"""


def _errors(folder) -> list[str]:
    _story, found = read_story(folder)
    return [str(f) for f in found if f.is_error]


def test_the_first_notice_that_holds_is_said_after_the_place_name(write_story) -> None:
    story, found = read_story(write_story({"parts/a.yaml": PLACES + SCENES}))
    assert story is not None, found
    state, _ = e.new_game(story)
    menu = render(Menu(story, state, e.menu_actions(story, state), PLAIN), 80)
    assert "Go to The Study (locked till the clock strikes) (1 turn)" in menu
    late = replace(state, time=2)
    assert mystery.place_notice(story, late, "study") == "open"
    assert mystery.place_notice(story, state, "hall") == "" and mystery.place_notice(story, state, "nowhere") == ""


def test_a_notice_that_is_not_a_list_is_reported_at_its_line(write_story) -> None:
    bad = PLACES.replace("""    notice:
      - if: time > 3
        text: locked till the clock strikes
      - if: "true"
        text: open
""", "    notice: shut\n")
    errors = _errors(write_story({"parts/a.yaml": bad + SCENES}))
    assert any("parts/a.yaml:5:13: E110 place 'study': notice must be a list" in e for e in errors), errors


def test_a_notice_condition_naming_no_flag_is_reported_at_its_line(write_story) -> None:
    bad = PLACES.replace("if: time > 3", "if: flag(nope)")
    errors = _errors(write_story({"parts/a.yaml": bad + SCENES}))
    assert any("parts/a.yaml:6:18: E201" in e and "unknown flag 'nope'" in e for e in errors), errors


def test_markup_in_a_notice_is_shown_as_written(write_story) -> None:
    story, _ = read_story(write_story({"parts/a.yaml": PLACES.replace(
        "locked till the clock strikes", '"[bold red]locked[/]"') + SCENES}))
    assert story is not None
    state, _ = e.new_game(story)
    menu = render(Menu(story, state, e.menu_actions(story, state), PLAIN), 80)
    assert "(locked)" not in menu and "[bold red]locked[/]" in menu
