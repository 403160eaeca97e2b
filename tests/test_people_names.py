"""Issue 11: nothing names a person before the player knows their name.

The talk choice, the conversation and the speaker describe someone until their ``known:``
holds; typed `talk to NAME` neither confirms nor reveals a name; the accusation offers only
suspects the player knows; W421 finds a text naming someone too early; W420 finds a clue's
``facts:`` restated before the clue is held; bad YAML for the new keys is a clear error.
"""

from __future__ import annotations

import pytest

from game.authoring.names import name_findings
from game.authoring.quotes import quote_findings
from game.core import engine as e
from game.core import record
from game.core.people import called, known_people
from game.core.state import Accusing
from game.loading.branches import load_layered
from game.loading.loader import read_story
from game.play.commands import Problem, understand
from tests.conftest import BUNDLED
from tests.ui.helpers import by_label, run_game


@pytest.fixture(scope="module")
def case():
    story, findings = read_story(BUNDLED)
    assert story is not None, findings
    return story


def _green_room(case):
    state, _ = e.new_game(case)
    state, _ = e.step(case, state, by_label(case, state, "Stay in the lobby"))
    state, _ = e.step(case, state, by_label(case, state, "Green Room"))
    assert state.scene == "act1.green_room"
    return state


def test_the_green_room_menu_describes_the_two_strangers_until_they_give_their_names(case):
    text, game = run_game(case, _green_room(case), ["look"])
    assert "Talk to the girl with the ice pack" in text
    assert "Talk to the tall boy with the scratched hand" in text
    assert "Inés" not in text and "Theo" not in text
    text, game = run_game(case, game.state, ["talk to the girl", "1", "leave", "look"])
    assert "Talking with the girl with the ice pack" in text  # she has not said it yet
    assert "Talk to Inés" in text and "Talk to the girl with the ice pack" not in text.split("You leave")[-1]
    assert "Talk to the tall boy with the scratched hand" in text.split("You leave")[-1]


def test_typing_an_unknown_name_confirms_nothing(case):
    state = _green_room(case)
    for line in ("talk to ines", "talk to theo marchetti", "speak with jonah"):
        said = understand(case, state, line)
        assert isinstance(said, Problem), line
        assert "Inés" not in said.message and "Marchetti" not in said.message and "Jonah" not in said.message
    text, _game = run_game(case, state, ["talk to theo"])
    assert "Theo" not in text.replace("'talk to theo'", "")


def test_the_dock_names_jonah_only_after_he_does(case):
    state, _ = e.new_game(case)
    state = record.replace(state, act="act2", scene="act2.lobby")
    state, _ = e.step(case, state, by_label(case, state, "Loading Dock"))
    labels = [a.label for a in e.available_actions(case, state)]
    assert "Talk to the boy from the set crew" in labels and not any("Jonah" in x for x in labels)
    assert called(case, state, "jonah") == "the boy from the set crew"
    state = record.replace(state, asked=state.asked | {"jonah.hello"})
    assert "Talk to Jonah" in [a.label for a in e.available_actions(case, state)]


def test_the_accusation_offers_only_suspects_the_player_knows(case):
    state, _ = e.new_game(case)
    state = record.replace(state, act="act3", scene="act3.ghost_light", mode=Accusing())
    offered = {a.value for a in e.available_actions(case, state) if isinstance(a, e.Answer)}
    known = {p.id for p in known_people(case, state, suspects_only=True)}
    assert offered == known and "pell" in offered and "theo" not in offered and "victoria" not in offered
    after, events = e.step(case, state, e.Answer("theo"))
    assert after == state and isinstance(events[0], e.Rejected)


def test_the_culprit_is_known_from_the_first_scene(case):
    """Pell introduces herself in the opening scene, so the accusation always can name her."""
    state, _ = e.new_game(case)
    assert "pell" in {p.id for p in known_people(case, state, suspects_only=True)}


def test_the_bundled_case_and_branch_name_no_one_too_early(case):
    assert [str(f) for f in name_findings(case)] == []
    layered = load_layered(BUNDLED, [BUNDLED / "branches" / "wardrobe"])
    assert [str(f) for f in name_findings(layered)] == []
    assert called(layered, e.new_game(layered)[0], "dee") == "the woman at the sewing machine"


TINY = """
clues:
  xray: {name: The X-ray, text: "A grey picture of a foot.", facts: %s}
scenes:
  a.start:
    text: The start.
    choices:
      - {text: Look at the X-ray, do: [{gain: xray}]}
      - {text: Tell someone, say: "%s", goto: done}
"""


def test_w420_finds_a_paraphrase_by_the_clues_facts(write_story):
    loose = write_story({"parts/a.yaml": TINY % ("[stress fracture]", "She had a stress fracture, you say.")})
    story, findings = read_story(loose)
    assert story is not None, findings
    found = [str(f) for f in quote_findings(story)]
    assert len(found) == 1 and "W420" in found[0] and "stress fracture" in found[0], found
    quiet = write_story({"parts/a.yaml": TINY % ("[stress fracture]", "Her foot was fractured, you say.")})
    story, findings = read_story(quiet)
    assert story is not None and quote_findings(story) == []


@pytest.mark.parametrize("value, words", [
    ("{a: b}", "must be a list of texts"),
    ("[[a, b]]", "must be a list of texts"),
])
def test_a_badly_written_facts_key_is_a_clear_error(write_story, value, words):
    folder = write_story({"parts/a.yaml": TINY % (value, "Fine.")})
    story, findings = read_story(folder)
    errors = [str(f) for f in findings if f.is_error]
    assert errors and words in errors[0] and "parts/a.yaml:2:" in errors[0], errors


@pytest.mark.parametrize("line, code", [
    ("    unnamed: [a, girl]", "E110"),
    ("    known: asked(no.such)", "E2"),
])
def test_a_badly_written_person_is_a_clear_error(write_story, line, code):
    person = "suspects:\n  kim:\n    name: Kim\n    suspect: false\n" + line + "\n"
    folder = write_story({"parts/a.yaml": "scenes:\n  a.start:\n    text: The start.\n"
                                          "    choices:\n      - {text: Finish, goto: done}\n" + person})
    _story, findings = read_story(folder)
    errors = [str(f) for f in findings if f.is_error]
    assert errors and f" {code}" in errors[0] and "parts/a.yaml:10:" in errors[0], errors


def test_the_accusation_menu_in_the_real_loop_lists_only_known_suspects(case):
    state, _ = e.new_game(case)
    state = record.replace(state, act="act3", scene="act3.ghost_light",
                           visits=state.visits + (("act1.dorm", 1), ("act3.ghost_light", 1)))
    text, game = run_game(case, state, ["accuse"])
    menu = text.split("Who")[-1]
    assert "Dr. Nadia Pell" in menu and "Margot Lindqvist" in menu
    assert "Celeste Harrow" in menu  # named on the first screen (she signs the admission email)
    for stranger in ("Theo", "Victoria"):
        assert stranger not in menu, stranger
    text, game = run_game(case, game.state, ["theo"])
    assert isinstance(game.state.mode, Accusing) and game.state.mode.culprit is None


def test_a_hint_calls_a_stranger_by_their_description(case):
    from game.core.mystery import _nearest_source

    state = _green_room(case)
    where, _how = _nearest_source(case, state, ["band_aid_nickname"])
    assert where == "with the girl with the ice pack"


@pytest.mark.parametrize("plain", [True, False])
def test_the_reply_that_gives_a_name_is_headed_by_the_description(case, plain):
    """T4-10: a reply's heading is what the player called the speaker BEFORE it; the next one
    uses the name it gave. Through the real loop (plain, and the rich look at 40 columns)."""
    text, game = run_game(case, _green_room(case), ["talk to the girl", "1", "2"], plain=plain, width=40)
    heading = text.split("Oh my God")[0].rsplit("0. Leave", 1)[-1]  # between the menu and her words
    assert "The girl with the ice pack" in heading and "Inés" not in heading
    heading = text.split("Band-Aid?")[0].rsplit("0. Leave", 1)[-1]
    assert "Inés Duarte" in heading  # the next reply: headed by the name she gave
