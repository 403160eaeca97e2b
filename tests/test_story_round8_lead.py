"""Round 8 (blind testers T10 and T11): story slips fixed by the lead. Each test fails on the
text the tester met."""

from __future__ import annotations

import re

from game.cli.playtools import start_state
from game.core import engine as e
from game.core.effects import scene_text
from game.core.record import replace
from tests.test_story_round6 import _flat, case  # noqa: F401  (case: the bundled story, a fixture)


def _dossier(case, state, person: str) -> str:
    p = case.people[person]
    return _flat(e.with_extras(case, state, p.text, p.extra))


def test_margot_does_not_tie_the_flash_to_the_fall_for_the_player(case) -> None:
    # d2 (the minute she fell) is the player's match to make: Margot only saw a flash
    text = _flat(case.topics["margot.video"].text)
    assert "falling" not in text and "23:38" in text


def test_reyes_card_is_on_the_desk_tonight_not_the_night_you_arrived_on_that_night(case) -> None:
    tonight, _ = start_state(case, "act1.lobby", "")
    tonight = tonight.with_visit("act1.lobby")
    assert "the night you arrived" not in _dossier(case, tonight, "reyes")
    assert "DET. A. REYES" in _dossier(case, tonight, "reyes")
    later = replace(tonight, act="act2")
    assert "the night you arrived" in _dossier(case, later, "reyes")


def test_harrows_claim_quotes_only_what_she_said_to_the_player(case) -> None:
    heard, _ = start_state(case, "act2.harrow_office", "act2")
    heard = replace(heard, pressed=heard.pressed | {"harrow.night.office"})
    said = _dossier(case, heard, "harrow")
    assert "Claims:" in said and "does not stop for grief" not in said
    told = replace(heard, asked=heard.asked | {"harrow.statement"})
    assert "does not stop for grief" in _dossier(case, told, "harrow")


def test_harrow_is_named_on_the_first_screen_and_offered_by_the_board(case) -> None:
    state = e.new_game(case)[0]
    assert "Celeste Harrow" in _flat(case.scenes[state.scene].text)
    from game.core import mystery
    assert "harrow" in [p.id for p in mystery.known_people(case, state, suspects_only=True)]


def test_the_way_up_offers_only_places_the_story_shows(case) -> None:
    # T10: "the fire escape", "the service stair", "the stairwell skylight" exist in no scene
    shown = " ".join(_flat(s.text).lower() for s in case.scenes.values())
    options = dict(case.deductions["d6_method"].slots[0].options)
    options.update(case.deductions["d6_method"].slots[1].options)
    for question in case.accusation.questions:
        if question.id == "method":
            options.update(question.options)
    for words in ("fire escape", "service stair", "skylight"):
        assert words not in shown, words  # still nowhere in the world ...
        assert not any(words in text.lower() for text in options.values()), words  # ... so never offered


def test_act3_lobby_introduces_the_day_porter_before_asking_her(case) -> None:
    lobby = case.scenes["act3.lobby"]
    assert "day porter" in _flat(lobby.text)
    asking = next(c for c in lobby.choices if "door logs" in c.text)
    assert "day porter" in asking.text and "she" in asking.say


def test_studio_b_in_act3_assumes_no_earlier_visit_and_names_the_piano(case) -> None:
    first = _flat(case.scenes["act3.studio_b"].text)
    assert "for once" not in first and re.search(r"\bpiano\b", first)
