"""Round 13's story items (issue 11, blind tester T21): a scene seen again (load, undo, `look`)
describes its own place (act 2's assembly read as Studio A); d5's kinds of secret and the
accusation's motives of one shape, the right one no more specific than the decoys; Pell's act-3
cat scratch reads right whether or not the act-2 lie was broken; Reyes's "the boy" as her own
statements; the Paris recording's epilogue after it was played to Victoria; act 1's close names
Cassie's bed only for a player who went up to 4C. Through the real loop (plain mode) where the
player sees it, else the loaded story."""

from __future__ import annotations

import pytest

from game.cli.playtools import start_state
from game.core import engine as e
from game.core import record
from game.core.effects import scene_text
from tests.test_story_round6 import _flat, case  # noqa: F401  (case: the bundled story, a fixture)
from tests.ui.helpers import run_game

# -- item 1: revisit texts describe the scene's own place -----------------------------------------

# Words a revisit of each place may be recognised by (one at least), and the words of other
# places that must not appear as where the player stands (T21: "Studio A" in the theatre).
PLACE_WORDS = {
    "theatre": ("theatre", "stage", "stalls", "auditorium"),
    "lobby": ("lobby", "lilies", "tea lights", "memorial", "porter", "brass", "bar is finished", "bench"),
    "dorm": ("4c", "bed", "radiator", "cassie's half", "margot", "laptop"),
    "green_room": ("vending", "sofa", "window", "setting spray", "tutus", "margot"),
    "courtyard": ("floodlight", "bench", "roses", "tape", "moon", "bricks", "long way round"),
    "roof": ("gravel", "water tower", "freight-lift", "cone", "wind", "harnesses"),
    "studio_b": ("sixteen bars", "piano", "mirror", "hymn", "practice room"),
    "wellness": ("treatment table", "eucalyptus", "ice, tape", "dr. pell"),
    "harrow_office": ("harrow", "shredder", "bin", "landline"),
    "loading_dock": ("drill", "wedge", "hoist", "set crew", "set-crew"),
    "basement": ("boiler", "systems panel", "radio", "keys"),
    "reception_hall": ("portraits", "lectern", "flutes", "quartet", "victoria"),
}
ELSEWHERE = ("studio a", "after class")


def test_every_revisit_names_something_of_its_own_place(case) -> None:
    wrong = []
    for scene in case.scenes.values():
        if not scene.place or scene.place not in PLACE_WORDS:
            continue
        revisit = _flat(scene.revisit).lower()
        if not any(w in revisit for w in PLACE_WORDS[scene.place]) or any(w in revisit for w in ELSEWHERE):
            wrong.append((scene.id, scene.place, revisit[:80]))
    assert wrong == []
    assert {s.place for s in case.scenes.values() if s.place} <= set(PLACE_WORDS)  # no place unchecked


def test_act2_opening_after_a_load_shows_the_theatre(case) -> None:
    state, _ = start_state(case, "act2.morning", "act2")
    text, _game = run_game(case, state, [])  # no opening: the loop starts as a load does
    shown = _flat(text)
    assert "Thursday Morning" in shown and "The theatre after the assembly" in shown
    assert "Studio A" not in shown and "barre" not in shown
    assert "Seven o'clock class" not in shown  # the arrival is not played twice


def test_look_in_act3s_dress_rehearsal_stays_in_the_theatre(case) -> None:
    state, _ = start_state(case, "act3.rehearsal", "act3")
    text, _game = run_game(case, state, ["look"])
    assert _flat(text).count("The theatre in the middle of the dress") == 2  # the load, then look
    assert "stairwells" not in _flat(text)


# -- item 2: the board's d5 and the accusation's motives, one shape ---------------------------------


def _shape(text: str) -> tuple[str, int]:
    """An option's shape: its opening word and its length in words (a detail shows as length)."""
    return text.split()[0].lower(), len(text.split())


def test_d5_options_are_one_shape_and_the_right_one_no_more_specific(case) -> None:
    slot = next(s for s in case.deductions["d5_motive"].slots if s.id == "d5_motive.secret")
    options = dict(slot.options)
    (right,) = slot.answers
    assert len(options) == 5
    for text in options.values():
        kind, detail = text.split(": ", 1)
        assert kind.startswith("a ") and kind.endswith(" secret"), text
        assert detail.startswith(("what somebody's", "where somebody's", "how somebody's")), text
        assert detail.endswith(("really said", "really went", "really given out", "really was")), text
    lengths = sorted(len(t.split()) for t in options.values())
    assert len(options[right].split()) <= lengths[-2]  # not the longest on its own
    assert "injured" not in options[right] and "dancers" not in options[right]


def test_accusation_motives_are_one_shape_with_no_date_or_detail(case) -> None:
    motive = next(q for q in case.accusation.questions if q.id == "motive")
    texts = [text for _id, text in motive.options]
    assert len(texts) == 5 and all(t.startswith("To ") for t in texts)
    assert max(len(t.split()) for t in texts) - min(len(t.split()) for t in texts) <= 3, texts
    days = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "showcase")
    assert not [t for t in texts if any(d in t.lower() for d in days)]


# -- item 3: Pell's act-3 cat scratch, read both ways --------------------------------------------


def _pell_night_menu(case, given: str) -> str:
    state, _ = start_state(case, "act3.wellness", given)
    text, _game = run_game(case, state, ["talk to pell", "Where she was on Tuesday night",
                                         "next statement", "next statement", "next statement"])
    return _flat(text)


@pytest.mark.parametrize("given", ["act3", "act3,allergy_sign,pell.tuesday.wrist"])
def test_pells_act3_scratch_holds_to_the_cat_knowingly(case, given) -> None:
    shown = _pell_night_menu(case, given)
    assert "It's what I've told everyone" in shown and "however they look at me" in shown, shown[-1500:]
    statement = next(s for s in case.testimonies["pell.night"].statements if s.id == "pell.night.scratch")
    assert not statement.text.startswith("This? I've told everyone. A cat scratch.")


# -- item 4: Reyes's "the boy" is her own statement, named as the player saw him ---------------------


def test_reyes_names_the_scratched_boy_as_seen_and_as_her_own_statements(case) -> None:
    text = _flat(case.topics["reyes.scratch"].text)
    said = text.split("Reyes lets you finish.", 1)[1]
    assert "The boy says" not in said
    assert "I took their statements myself" in said and "The tall one from the green room" in said
    # what the player saw of him: the tall boy's scratched hand in the green room (on a revisit
    # an extra says it while his name is not known: round 15)
    assert any("tall boy" in _flat(x.text) for x in case.scenes["act1.green_room"].extra)


def test_reyes_scratch_talk_through_the_loop(case) -> None:
    state, _ = start_state(case, "act2.courtyard", "act2,torn_nail")
    state = state.with_visit("act1.green_room")
    text, _game = run_game(case, state, ["talk to reyes", "Tell her who you've seen with a dressing on their hands"])
    shown = _flat(text)
    assert "I took their statements myself" in shown and "The boy says" not in shown, shown[-1500:]


# -- item 5: the Paris recording's epilogue knows it was played to Victoria ---------------------------


def _epilogue(case, state) -> str:
    body = case.endings["full_truth"]
    return _flat(e.with_extras(case, state, body.text, body.epilogues))


def test_recording_played_to_victoria_is_not_told_nobody_heard_it(case) -> None:
    held, _ = start_state(case, "act3.reception_hall", "act3,bribe_recording")
    assert "nobody else has heard it" in _epilogue(case, held)
    played = record.replace(held, broken=held.broken | {"victoria.night.private"})
    text = _epilogue(case, played)
    assert "nobody else has heard it" not in text and "You played it once, to Mrs. Ashby-Crane herself" in text
    assert "Mrs. Ashby-Crane's money arrives on schedule" in text
    exposed = record.replace(played, flags=played.flags | {"victoria_exposed"})
    text = _epilogue(case, exposed)
    assert "folder on your laptop" not in text and "ten o'clock news" in text


# -- item 6: act 1's close names Cassie's bed only after 4C -----------------------------------------


def test_lights_out_for_a_player_who_never_went_up_says_no_cassies_bed(case) -> None:
    state, _ = start_state(case, "act1.lobby", "act1")
    assert "act1.dorm" not in dict(state.visits)
    state = record.replace(state, time=1)
    # the last turn spent arriving in the courtyard, the next move ends the night (rules.times_out)
    text, game = run_game(case, state, ["go courtyard", "go lobby"])
    shown = _flat(text)
    assert game.state.scene == "act1.lights_out", shown[-800:]
    assert "Cassie's bed" not in shown and "the room the porter's list gave you" in shown
    assert "The radiator knocks" in shown and "I'm Margot" in shown  # she says whose bed it is


def test_lights_out_after_4c_still_says_cassies_bed(case) -> None:
    state, _ = start_state(case, "act1.dorm", "act1")
    moved, _ = start_state(case, "act1.lights_out", "act1")
    moved = moved.with_visit("act1.dorm")
    shown = _flat(scene_text(case, moved, case.scenes["act1.lights_out"]))
    assert "lying on Cassie's bed" in shown and "porter's list" not in shown
    assert "The radiator knocks" in shown and '"You\'re in her bed," Margot says' in shown
    assert "act1.dorm" in dict(state.visits)
