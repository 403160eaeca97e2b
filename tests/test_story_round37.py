"""Blind round 37's items (issue 11, testers T68 and T69), through the real program (piped,
plain, ``--from``/``--with``): the porter's log against Theo's "home in bed by ten" is answered,
not charged; Margot's calendar can be put to her on Thursday; the last-turn warning reads in
one pass; `sleep` before the bed is offered says it comes later (tests/test_understanding.py)."""

from __future__ import annotations

from game.cli.playtools import start_state
from game.core import engine as e
from game.loading.loader import load_story
from tests.conftest import BUNDLED
from tests.test_paired_contradiction import _after, _play

FREE = "bears on this, but does not break the statement alone. No credibility lost."
THEO = ["talk to theo", "Where he was on Tuesday night"]


def test_the_porters_log_against_home_by_ten_is_answered_by_theo_and_costs_nothing() -> None:
    """T68 presented the door held open at 22:58 (it was Cassie letting him in) against "I was
    home in bed by ten" and lost a point: it names nobody, so he answers it, giving nothing."""
    out = _play("act2.green_room", "act2,pell_badge_out,theo.hello", [*THEO, "next", "present badge log"])
    assert "I was home in bed by ten" in out
    said = " ".join(_after(out, "> present badge log").split())
    assert "Somebody held a door." in said and f"Your clue (Tuesday's badge log) {FREE}" in said
    assert "Contradiction!" not in said and "Credibility left" not in said
    assert "Cassie" not in said.split("No credibility lost.")[0]  # his answer names nobody


def test_the_receipt_still_breaks_home_by_ten() -> None:
    out = _play("act2.green_room", "act2,theo_rideshare,theo.hello", [*THEO, "next", "present receipt"])
    assert "Contradiction!" in _after(out, "> present receipt")


def test_margots_calendar_can_be_put_to_her_on_thursday_in_studio_b() -> None:
    """T68 read the calendar on Wednesday's last moment and found the topic gone on Thursday."""
    out = _play("act2.studio_b", "act2,margot_calendar", ["talk to margot", "The circle on her calendar"])
    said = " ".join(_after(out, "> The circle on her calendar").split())
    assert "You read my calendar." in said and "in the mirror" in said
    assert "doesn't turn over" not in said  # Wednesday's staging (in bed) is not Thursday's
    case = load_story(BUNDLED)
    for given, offered in (("act2,margot_calendar", True), ("act2", False),
                           ("act2,margot_calendar,margot.calendar", False),  # told on Wednesday: once
                           ("act2,margot_calendar,margot.night.asleep", False),  # broken: Studio B is known
                           ("act2,margot_calendar,margot.night.asleep,margot.calendar_day", True)):  # asked: kept
        state, _ = start_state(case, "act2.studio_b", given)
        state, _ = e.step(case, state, next(a for a in e.menu_actions(case, state)
                                            if getattr(a, "label", "") == "Talk to Margot"))
        titles = [getattr(a, "label", "") for a in e.menu_actions(case, state)]
        assert ("The circle on her calendar" in " ".join(titles)) == offered, (given, titles)


def test_the_porters_log_against_didnt_come_back_is_answered_too() -> None:
    """T71 presented the same log against "I left the building after and didn't come back" and
    lost a point; the receipt (the front door at 23:24) still breaks it."""
    out = _play("act2.green_room", "act2,pell_badge_out,theo.hello", [*THEO, "present badge log"])
    assert "didn't come back" in out
    said = " ".join(_after(out, "> present badge log").split())
    assert "That's a door, not a person." in said and f"Your clue (Tuesday's badge log) {FREE}" in said
    assert "Contradiction!" not in said and "Credibility left" not in said
    broken = _play("act2.green_room", "act2,theo_rideshare,theo.hello", [*THEO, "present receipt"])
    assert "Contradiction!" in _after(broken, "> present receipt")


def test_reyes_given_the_recording_does_not_settle_mrs_ashby_cranes_alibi_for_the_player() -> None:
    """T70 had not found the photographer's pictures when Reyes said "that woman was at a
    microphone in front of two hundred people", nor met a daughter she named as known."""
    case = load_story(BUNDLED)
    text = " ".join(case.topics["reyes.recording"].text.split())
    assert "she'll tell me she was at a microphone in front of two hundred people, and I'll check" in text
    assert "Her daughter" not in text and "Her kid's a student here, too" in text


def test_ines_tells_of_the_2258_door_in_play_and_names_nobody() -> None:
    """Five testers (T65, T66, T68, T70, T71) found the porter's 22:58 line explained only in The
    Full Truth's epilogue. Inés saw Cassie go down and somebody come up with her; Theo's night
    stays his to tell."""
    out = _play("act2.green_room", "act2,pell_badge_out,ines.hello",
                ["talk to ines", "The front door held open at 22:58"])
    said = " ".join(_after(out, "> The front door held open at 22:58").split())
    assert "somebody came up with her" in said and "Theo" not in said and "Don't ask me who." in said
    case = load_story(BUNDLED)
    for given, offered in (("act2,pell_badge_out,ines.hello", True), ("act2,ines.hello", False),
                           ("act1,pell_badge_out,ines.hello", False)):  # on Thursday, once the log is read
        scene = "act1.green_room" if given.startswith("act1") else "act2.green_room"
        state, _ = start_state(case, scene, given)
        state, _ = e.step(case, state, next(a for a in e.menu_actions(case, state)
                                            if getattr(a, "label", "") == "Talk to Inés"))
        titles = [getattr(a, "label", "") for a in e.menu_actions(case, state)]
        assert ("The front door held open at 22:58" in " ".join(titles)) == offered, (given, titles)


def test_deduce_n_for_a_deduction_not_up_yet_says_so_and_not_what_it_is() -> None:
    """T73 typed `deduce 2` while the board showed 1 and 3: it opened the board and said nothing."""
    out = _play("act2.lobby", "act2,cassie_planner", ["deduce 2", "deduce 9"])
    two = " ".join(_after(out, "> deduce 2").split("> deduce 9")[0].split())
    assert "Deduction 2 is not on your board yet" in two and "one of 1, 3." in two
    case = load_story(BUNDLED)
    assert case.deductions["d2_time"].title not in two  # what is still to find is not told
    nine = " ".join(_after(out, "> deduce 9").split())
    assert "not on your board yet" not in nine and "one of 1, 3." in nine  # no deduction 9 at all


def test_jonah_speaks_of_the_coat_on_the_lift_only_once_he_has_told_of_it() -> None:
    """T73 asked about the freight lift first and read "after the coat went past" before he had
    told of any coat."""
    first = _play("act2.loading_dock", "act2,lift_key_log,jonah.hello", ["talk to jonah", "The freight lift"])
    said = " ".join(_after(first, "> The freight lift").split())
    assert "round about half eleven, it whined up" in said and "coat" not in said
    after = _play("act2.loading_dock", "act2,lift_key_log,jonah.hello,jonah.tuesday",
                  ["talk to jonah", "The freight lift"])
    assert "after the coat went past" in " ".join(_after(after, "> The freight lift").split())
