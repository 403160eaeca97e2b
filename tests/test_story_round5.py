"""Issue 11, round 5 (story): suspense in act 1, fairness to the player against Pell, Pell's
lobby scene and her greeting in her own suite.

- A: act 1's pointers to Pell are shared: the badge log lists another late card, the rota names a
  second lift keyholder, and Marcus and Margot each leave a trace the player finds (gauze in the
  knot on the roof; Tuesday circled on a calendar), each explained later and shown only once seen.
- B: the floodlight time alone cannot put Pell on the roof, and pressing her says what would;
  the cat scratch she tells on Thursday can be broken on Thursday, by the allergy sign only.
- C, D: every arrival choice that ends her stay says so; her greeting fits where she is.

Through the real loop (piped plain mode) where it is cheap; the rest reads the case.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from game.core import engine as e
from game.core import mystery
from game.core import record
from game.core.state import Exploring
from game.loading.loader import load_story
from game.ui.look import PLAIN
from game.ui.suspects import Dossier

from tests.conftest import BUNDLED
from tests.test_story_continuity import _play as _play_raw
from tests.test_story_spoilers import ACT_ONE_CLUES
from tests.ui.helpers import render, run_game


@pytest.fixture(scope="module")
def case():
    return load_story(BUNDLED)


def _state(case, **changes):
    return record.replace(e.new_game(case)[0], **changes)


def _holds(case, state, condition) -> bool:
    return condition is None or bool(condition(e.EvalContext(case, state)))


def _flat(text: str) -> str:
    """Rendered text with its wrapping undone, so a phrase can be looked for across a line end."""
    return " ".join(text.split())


def _dossier(case, who: str, state) -> str:
    return _flat(render(Dossier(case, case.people[who], state, PLAIN), 100))


def _run(case, state, lines):
    text, game = run_game(case, state, lines)
    return _flat(text), game


def _play(lines: str, tmp_path: Path) -> str:
    """The game in piped plain mode from a new game (the continuity tests' runner), unwrapped."""
    return _flat(_play_raw(lines, tmp_path))


# --- A: suspense in act 1 -----------------------------------------------------------------------

def test_the_badge_log_no_longer_underlines_pells_card_and_shows_another_late_card(case) -> None:
    _scene, choice = case.choices["act1.lobby#read-the-badge-log-on-the-porter-s-desk"]
    clue = case.clues["pell_badge_out"].text
    for text in (choice.say, clue):
        assert "isn't used again" not in text and "22:05:41" in text and "22:58:10" in text
        assert "HARROW C / DIRECTOR / FRONT EXIT / 01:12:09" in text
    assert [t.at for t in case.clues["pell_badge_out"].times] == ["22:05", "22:58", "01:12"]
    _scene, fallback = case.choices["act2.lobby#ask-the-porter-for-tuesday-s-badge-log"]
    assert "isn't used again" not in fallback.say and "01:12:09" in fallback.say  # act 2 reads the same log


def test_the_rota_names_two_keyholders_everywhere_it_is_read(case) -> None:
    rotas = [c.say for _s, c in case.choices.values() if c.say and "DAWN BREATHWORK" in c.say]
    assert len(rotas) == 3  # act 1, and the fallbacks of acts 2 and 3
    for text in rotas + [case.clues["breathwork_rota"].text]:
        assert "wellness key, or ask Marcus (facilities)" in text and "(wellness key)" not in text


def test_at_the_end_of_act_one_marcus_has_a_shown_means_and_pell_still_only_means(case) -> None:
    state = _state(case, clues=frozenset(ACT_ONE_CLUES))
    marcus, pell = mystery.grid(case.people["marcus"], state), mystery.grid(case.people["pell"], state)
    assert marcus["means"][0] == mystery.SHOWN  # the rota: facilities rides the lift to the roof
    assert pell["motive"][0] == mystery.UNKNOWN and pell["opportunity"][0] == mystery.UNKNOWN


def test_the_gauze_in_the_knot_is_told_only_once_seen_and_explained_only_once_told(case) -> None:
    fresh = _state(case)
    seen = record.replace(fresh, flags=frozenset({"act1.gauze_knot"}))
    told = record.replace(seen, asked=frozenset({"marcus.roof"}))
    asked = record.replace(seen, asked=frozenset({"marcus.knot"}))
    assert "threads of white gauze" not in _dossier(case, "marcus", fresh)
    # seen, but filed under his name only once he is asked about the knot (round 21, T37: the
    # card drew the line from the threads to his hand for the player)
    assert "threads of white gauze" not in _dossier(case, "marcus", seen)
    assert "threads of white gauze" in _dossier(case, "marcus", asked)
    assert "was his" not in _dossier(case, "marcus", asked)
    assert "The gauze in the knot on the roof was his" in _dossier(case, "marcus", told)
    knot = case.topics["marcus.knot"]
    assert not _holds(case, fresh, knot.condition) and _holds(case, seen, knot.condition)
    broken = record.replace(seen, broken=frozenset({"marcus.night.straight_up"}))
    assert _holds(case, broken, knot.condition)  # kept in its place once he has told it all (round 30, T56)


def test_margots_calendar_is_told_only_once_read_and_explained_once_her_alibi_breaks(case) -> None:
    fresh = _state(case)
    seen = record.replace(fresh, clues=frozenset({"margot_calendar"}))
    broken = record.replace(seen, broken=frozenset({"margot.night.asleep"}))
    assert "DON'T TELL C." not in _dossier(case, "margot", fresh)
    assert "DON'T TELL C." in _dossier(case, "margot", seen)
    assert "Studio B at eleven" not in _dossier(case, "margot", seen)
    assert "Studio B at eleven" in _dossier(case, "margot", broken)
    topic = case.topics["margot.calendar"]
    assert not _holds(case, fresh, topic.condition) and _holds(case, seen, topic.condition)


def test_a_first_night_finds_the_calendar_and_the_gauze_and_asks_about_both(tmp_path: Path) -> None:
    out = _play("suitcase\ncalendar\ntalk margot\ncircle\nleave\nroof\nwalk\nlobby\ntalk marcus\n"
                "knot\nleave\n", tmp_path)
    assert "11. B. DON'T TELL C." in out and "B is for bed." in out
    assert "Caught in the knot, a few threads of white gauze" in out
    assert "I tied it. Tuesday. After." in out
    for refusal in ("I don't understand", "There is no choice", "matches more than one"):
        assert refusal not in out, refusal


def test_nonsense_and_end_of_input_at_the_calendar_lose_nothing(tmp_path: Path) -> None:
    out = _play("suitcase\ncalendar\ncalendar\nx circle of nonsense\n", tmp_path)
    assert out.count("11. B. DON'T TELL C.") == 1  # read once
    assert "Your game is saved" in out


# --- B: fairness against Pell -----------------------------------------------------------------

def _act3(case, **changes):
    return _state(case, act="act3", scene="act3.wellness", time=10, clues=frozenset(case.clues),
                  found=tuple(case.clues), mode=Exploring(), **changes)


def _act2(case, **changes):
    return _state(case, act="act2", scene="act2.wellness", time=14, clues=frozenset(case.clues),
                  found=tuple(case.clues), mode=Exploring(), **changes)


def test_pressing_i_wasnt_on_that_roof_says_a_time_is_not_enough(case) -> None:
    roof = next(s for s in case.testimonies["pell.night"].statements if s.id == "pell.night.roof")
    assert "floodlight_log" not in roof.contradicted_by  # a time of the fall puts nobody up there
    text, game = _run(case, _act3(case), ["talk to dr. pell", "where", "next", "next", "press"])
    assert "A time alone won't put anyone on that roof" in text
    assert "her name, or her key" not in text  # round 6: the press no longer names what would
    assert game.state.credibility == _act3(case).credibility


def test_the_floodlight_against_the_roof_is_answered_and_the_key_log_breaks_it(case) -> None:
    # Without the key log a time puts nobody up there; with it held, the floodlight breaks it too
    # (issue 11, T11: {clue: floodlight_log, with: lift_key_log}). Alone it is answered, free
    # (round 26: a time of the fall is her near: clue).
    full = _act3(case)
    start = record.replace(full, clues=full.clues - {"lift_key_log"},
                    found=tuple(c for c in full.found if c != "lift_key_log"))
    text, game = _run(case, start, ["talk to dr. pell", "where", "next", "next", "present floodlight"])
    assert "pell.night.roof" not in game.state.broken and game.state.credibility == start.credibility
    assert "A lamp in the courtyard, at twenty-two minutes to twelve." in text
    text, game = _run(case, record.replace(game.state, clues=full.clues, found=full.found), ["present floodlight"])
    assert "pell.night.roof" in game.state.broken
    text, game = _run(case, full, ["talk to dr. pell", "where", "next", "next", "present lift"])
    assert "pell.night.roof" in game.state.broken


def test_the_cat_scratch_breaks_on_thursday_with_the_allergy_sign_and_not_with_a_wrong_clue(case) -> None:
    start = _act2(case)
    steps = ["talk to dr. pell", "health", "next", "next", "next", "next"]
    text, game = _run(case, start, steps + ["press", "present floodlight"])
    assert "My neighbour's cat." in text and "Biscuit" in text
    assert "pell.tuesday.wrist" not in game.state.broken and game.state.credibility == start.credibility - 1
    text, game = _run(case, game.state, ["present allergy"])
    assert "pell.tuesday.wrist" in game.state.broken and "Severe allergy. Anaphylaxis." in text
    assert "Go on, sweetheart." in text


def test_a_cat_broken_on_thursday_is_remembered_on_friday_and_she_stops_without_it_twice(case) -> None:
    broken = frozenset({"pell.tuesday.sound", "pell.tuesday.message", "pell.tuesday.wrist"})
    text, game = _run(case, _act3(case, broken=broken),
                          ["talk to dr. pell", "where", "next", "present lift", "next", "present lift"])
    assert "I think I'd like to stop now, Neveah." in text  # the cat was broken already: enough
    assert "pell_stopped" in game.state.flags and "pell.night.scratch" not in game.state.broken
    # and she says why Friday's cat stays standing (T47 read it as closing without warning)
    said = " ".join(text.split())
    assert "you've had the cat from me once already" in said
    assert said.index("you've had the cat") < said.index("I think I'd like to stop now")
    broken = frozenset({"pell.tuesday.wrist"})
    text, game = _run(case, _act3(case, broken=broken),
                          ["talk to dr. pell", "where", "next", "next", "next", "present allergy"])
    assert "the second time you have read her the door" in text
    text, game = _run(case, _act3(case), ["talk to dr. pell", "where", "next", "next", "next",
                                              "present allergy"])
    assert "second time" not in text  # told the first time on Friday, nothing to remember


# --- C: Pell's lobby scene ----------------------------------------------------------------------

def test_every_arrival_choice_that_ends_her_stay_says_so(case) -> None:
    arrival = case.scenes["act1.arrival"]
    for choice in arrival.choices:
        if choice.text.startswith("Talk to Dr. Pell"):
            continue
        assert "goodnight" in choice.text, choice.text  # round 6: "while she waits" read as a stay
        assert "the brass door sighs shut behind her" in (choice.say or "").lower() or choice.say is None


def test_the_tape_is_at_her_wrist_in_the_lobby_and_in_the_dossier(case) -> None:
    assert "white tape at one wrist" in case.scenes["act1.arrival"].text
    assert "tape at one wrist" in case.people["pell"].text
    assert "one cuff" not in case.scenes["act1.arrival"].text + case.people["pell"].text


def test_talk_porter_and_suitcase_still_reach_their_choices_on_arrival(tmp_path: Path) -> None:
    out = _play("talk pell\nname\nleave\nsuitcase\n", tmp_path)
    assert "matches more than one" not in out and "I don't understand" not in out
    assert "Room 4C" in out


# --- D: her greeting fits where she is ----------------------------------------------------------

def test_your_name_in_the_lobby_points_upstairs_and_in_her_suite_at_the_door(case) -> None:
    lobby, suite = case.topics["pell.welcome"], case.topics["pell.welcome_suite"]
    act1 = _state(case)
    act2 = _act2(case)
    assert _holds(case, act1, lobby.condition) and not _holds(case, act1, suite.condition)
    assert _holds(case, act2, suite.condition) and not _holds(case, act2, lobby.condition)
    asked = record.replace(act2, asked=frozenset({"pell.welcome"}))
    assert not _holds(case, asked, suite.condition)  # greeted once is enough
    assert "My suite's on the third floor" in lobby.text
    assert "third floor" not in suite.text and "That card on the door" in suite.text
    text, _game = _run(case, act2, ["talk to dr. pell", "your name"])
    assert "That card on the door has my mobile on it." in text
