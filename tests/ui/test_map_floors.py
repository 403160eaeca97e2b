"""The map names each floor and says where the player is, in every scene with a place (the
theatre included), at 40, 60 and 100 columns and in the plain look."""

from __future__ import annotations


import pytest

from game.core import record
from game.core import engine as e
from game.core.errors import StoryError
from game.loading.loader import load_story, read_story
from game.ui.look import PLAIN, RICH
from game.ui.map import SchoolMap
from tests.conftest import BUNDLED
from tests.ui.helpers import render, visible
from tests.ui.test_narrow import words

FLOORS = ("Roof", "Fifth floor", "Fourth floor", "Third floor", "Second floor", "Ground floor", "Basement")


@pytest.fixture(scope="module")
def case():
    story, findings = read_story(BUNDLED)
    assert story is not None, findings
    return story


def at(story, scene_id):
    state, _ = e.new_game(story)
    act = scene_id.split(".")[0]
    return record.replace(state, scene=scene_id, act=act if act in story.acts else state.act)


@pytest.mark.parametrize("width", [40, 60, 100])
@pytest.mark.parametrize("scene", ["act2.morning", "act3.rehearsal", "act3.ghost_light"])
def test_in_the_theatre_the_map_says_you_are_here(case, width, scene):
    out = visible(render(SchoolMap(case, at(case, scene), RICH), width))
    assert "You are here: The Theatre (Ground floor)" in words(out)
    assert "◉ you are here" in out and out.count("◉ you are here") == 2  # the square and the legend
    assert all(len(line) <= width for line in out.splitlines())
    for floor in FLOORS:
        assert floor in out


def test_every_scene_with_a_place_is_marked_on_the_map(case):
    for scene in case.scenes.values():
        if scene.place is None:
            continue
        plain = render(SchoolMap(case, at(case, scene.id), PLAIN), 200)
        name = case.places[scene.place].name
        assert f"You are here: {name}" in plain, scene.id
        assert f"{name} (you are here" in plain, scene.id
        assert plain.lower().count("you are here") == 2, scene.id  # the line and its square, no other


def test_the_theatre_scenes_have_a_place(case):
    for scene in ("act2.morning", "act3.rehearsal", "act3.ghost_light"):
        assert case.scenes[scene].place == "theatre"


def test_plain_map_reads_floor_by_floor(case):
    plain = render(SchoolMap(case, at(case, "act1.dorm"), PLAIN), 200)
    assert "Fourth floor: Room 4C (you are here, open); ? (not found yet)" in plain  # T3-12: not named
    assert "Director" not in plain and "closed)" not in plain
    assert plain.index("Roof:") < plain.index("Fifth floor:") < plain.index("Basement:")


def test_a_floor_that_is_not_text_is_a_clear_error(write_story):
    folder = write_story({"parts/a.yaml": "places:\n  hall:\n    name: Hall\n    floor: [1, 2]\n"
                                          "scenes:\n  a.start:\n    place: hall\n    text: A room.\n"})
    with pytest.raises(StoryError) as caught:
        load_story(folder)
    assert any("E110" in str(f) and "floor" in str(f) for f in caught.value.findings)
