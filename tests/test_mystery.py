"""Views of the case and hints, on the sample story and the bundled case."""

from __future__ import annotations

from game.core import record

import pytest

from game.core import engine as e
from game.core import mystery
from game.loading.loader import load_story

from tests.conftest import BUNDLED, SAMPLE


@pytest.fixture(scope="module")
def story():
    return load_story(SAMPLE)


def start(story):
    state, _ = e.new_game(story)
    return e.step(story, state, e.available_actions(story, state)[0])[0]


def test_grid_fills_as_clues_are_found(story) -> None:
    state = start(story)
    pianist = story.people["pianist"]
    assert mystery.grid(pianist, state)["motive"] == (mystery.UNKNOWN, "")
    state = record.replace(state, clues=frozenset({"torn_page"}))
    assert mystery.grid(pianist, state)["motive"] == (mystery.SHOWN, "The score went to her rival.")
    copyist = story.people["copyist"]
    state = record.replace(state, clues=frozenset({"ticket"}))
    assert mystery.grid(copyist, state)["opportunity"][0] == mystery.RULED_OUT


def test_notebook_lists_clues_in_the_order_found_under_no_interpreting_label(story) -> None:
    from game.ui.notebook import Notebook
    from game.ui.look import PLAIN
    from tests.ui.helpers import render

    state = record.replace(start(story), clues=frozenset({"ticket", "torn_page", "ink_stain"}),
                           found=("ink_stain", "ticket", "torn_page"))
    text = render(Notebook(story, state, PLAIN))
    names = [story.clues[c].name for c in ("ink_stain", "ticket", "torn_page")]
    assert [text.index(n) for n in names] == sorted(text.index(n) for n in names)
    assert f"1. {names[0]}" in text and f"3. {names[2]}" in text
    for label in ("Means", "Opportunity", "Alibi", "MEANS", "(about"):
        assert label not in text


def test_timeline_orders_the_night(story) -> None:
    state = record.replace(start(story), clues=frozenset({"ticket", "torn_page"}))
    assert [when.at for when, _clue in mystery.timeline(story, state)] == ["13:05", "13:10"]


def test_hints_are_graded_and_never_name_an_answer(story) -> None:
    state = start(story)
    one = mystery.hint(story, state, 1)
    two = mystery.hint(story, state, 2)
    three = mystery.hint(story, state, 3)
    assert one.level == 1 and "Who tore the page out?" in one.text
    assert two.level == 2 and "The Hall" in two.text
    assert three.level == 3 and "Look under the piano" in three.text
    for hint in (one, two, three):
        assert "pianist" not in hint.text.lower() and "jealous" not in hint.text.lower()


def test_hint_says_when_the_notebook_is_ready(story) -> None:
    state = record.replace(start(story), clues=frozenset({"torn_page"}))
    assert "Try it on the board" in mystery.hint(story, state, 3).text


def test_no_hint_once_the_board_is_done(story) -> None:
    state = record.replace(start(story), confirmed=frozenset(story.deductions))
    assert mystery.hint(story, state, 1) is None


def test_act_scenes_stay_inside_their_act() -> None:
    case = load_story(BUNDLED)
    for act_id in case.acts:
        scenes = mystery.act_scenes(case, act_id)
        assert case.acts[act_id].start in scenes
        others = {a for a in case.acts if a != act_id}
        assert not any(s.startswith(tuple(f"{o}." for o in others)) for s in scenes), (act_id, sorted(scenes))


def test_hints_on_the_bundled_case_point_somewhere_open() -> None:
    case = load_story(BUNDLED)
    state, _ = e.new_game(case)
    hint = mystery.hint(case, state, 2)
    assert hint is not None and "Something that bears on it is to be found" in hint.text


def test_hints_grow_for_one_question_and_start_over_for_the_next(story) -> None:
    import io

    from rich.console import Console

    from game.play.session import Game, Session
    from game.ui.render import Renderer

    out = io.StringIO()
    state = start(story)
    session = Session(story, state)
    game = Game(session, Renderer(story, Console(file=out, width=100, color_system=None), True), lambda p: "")

    def hint() -> str:
        """What one 'hint' said, without the menu it shows again after it (whose first choice
        in the hall is 'Look under the piano' too)."""
        mark = len(out.getvalue())
        game.handle("hint")
        said = out.getvalue()[mark:]
        assert "\n1. " in said  # the menu is shown again
        return said.split("\n1. ")[0]

    said = [hint() for _ in range(3)]
    assert "Look under the piano" in said[2] and "Look under the piano" not in said[0]  # level 3 by the third ask
    session.state = record.replace(session.state, confirmed=frozenset({"who_tore"}))
    assert "Every deduction is on the board" in hint()
    session.state = record.replace(session.state, confirmed=frozenset())
    last = hint()
    assert "Who tore the page out?" in last and "Look under the piano" not in last  # gentle again
