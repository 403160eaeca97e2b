"""Issue 11 (round 30): what testers looked for in the notebook and could not put to anyone.

Six testers across rounds (T46, T50 and four before) read Margot's circled Tuesday, and found
the crew's two cones hidden under the cold tubs' tarp after Dr. Pell had said she "never even
covered them", and went to the notebook to present them: neither was a clue. Both are now
clues, each answered by the one it bears on (a ``near:``, free: neither breaks a statement),
and The Full Truth's epilogue pays off the cones. Played through the real program (piped,
plain, ``--from``/``--with``) and read from the ending's own text.
"""

from __future__ import annotations

from game.core import engine as e
from game.core.effects import end
from game.core.record import replace
from game.core.state import Talking, Testifying, Verdict
from game.loading.loader import load_story
from tests.conftest import BUNDLED
from tests.test_paired_contradiction import _after, _play

FREE = "bears on this, but does not break the statement alone. No credibility lost."


def test_reading_margots_calendar_writes_it_in_the_notebook() -> None:
    out = _play("act1.dorm", "act1", ["calendar", "notes"])
    notes = _after(out, "> notes")
    assert "The circle on Margot's calendar" in notes and "11. B. DON'T TELL C." in notes


def test_the_calendar_against_asleep_is_answered_by_margot_and_costs_nothing() -> None:
    out = _play("act2.studio_b", "act2,margot_calendar", ["talk margot", "Where she was", "present calendar"])
    answered = _after(out, "> present calendar")
    assert "Bed. At eleven. I told you." in answered  # her own reply, in her voice
    assert f"Your clue (The circle on Margot's calendar) {FREE}" in answered
    assert "Contradiction!" not in answered and "Credibility left" not in answered
    assert "Studio B" not in answered.split("No credibility lost.")[0]  # her reply gives nothing away


def test_lifting_the_tarp_finds_the_cones_and_costs_no_time() -> None:
    out = _play("act3.roof", "act3", ["tarp", "notes"])
    lifted = _after(out, "> tarp").split("> notes")[0]
    assert "SET CREW" in lifted
    assert "The crew's missing cones" in _after(out, "> notes")
    case = load_story(BUNDLED)
    state, _ = e.new_game(case)
    roof = replace(state, act="act3", scene="act3.roof")
    choice = next(c for c in case.scenes["act3.roof"].choices if c.text.startswith("Lift the tarp"))
    after, _ = e.step(case, roof, e.Choose(choice.id))
    assert "hidden_cones" in after.clues and after.time == roof.time  # found, and no time spent


def test_dr_pell_answers_the_cones_on_the_roof_free() -> None:
    out = _play("act3.wellness", "act3,hidden_cones", ["talk to dr. pell", "where", "next", "next",
                                                       "present missing cones"])
    answered = _after(out, "> present missing cones")
    assert "Two cones don't put anyone on that roof." in answered
    assert f"Your clue (The crew's missing cones) {FREE}" in answered and "Contradiction!" not in answered


def _ending_text(ending: str, **changes) -> str:
    """The text of ``ending`` (its epilogues chosen) for a new game in act 3 with ``changes``."""
    case = load_story(BUNDLED)
    state, _ = e.new_game(case)
    events: list = []
    end(case, replace(state, act="act3", **changes), ending, events)
    return " ".join(events[-1].text.split())


def _full_truth(held: frozenset[str], broken: frozenset[str], evidence: tuple[str, ...] = ()) -> str:
    verdict = Verdict(culprit="pell", answers=frozenset(), evidence=frozenset(evidence)) if evidence else None
    return _ending_text("full_truth", clues=held | set(evidence), broken=broken, verdict=verdict)


def test_the_full_truth_pays_off_the_cones_only_for_a_player_who_found_them() -> None:
    without = _full_truth(frozenset({"lift_key_log"}), frozenset())
    assert "cones" not in without
    found = _full_truth(frozenset({"hidden_cones"}), frozenset())
    assert "crew's two cones" in found and "never even covered" not in found
    # "never even covered them" is said only when her "home by half past ten" breaks
    heard = _full_truth(frozenset({"hidden_cones"}), frozenset({"pell.night.home"}))
    assert "never even covered the tubs" in heard and "hadn't touched the cones" in heard


def test_the_badge_log_against_ms_harrow_is_answered_free() -> None:
    """T50 and T55 presented the porter's log (a door held open at 22:58, no staff card till hers
    at 01:12) against "I spoke to no one": it names nobody, so she answers it; against "in my
    office" it bears her out, and she says so."""
    opened = ["talk harrow", "Where she was", "next", "next", "present badge log"]
    phone = _after(_play("act2.harrow_office", "act2,pell_badge_out", opened), "> present badge log")
    assert "A door that opens doesn't speak to anyone" in phone
    assert f"Your clue (Tuesday's badge log) {FREE}" in phone and "Credibility left" not in phone
    office = _after(_play("act2.harrow_office", "act2,pell_badge_out", opened[:2] + ["present badge log"]),
                    "> present badge log")
    assert "Twelve minutes past one" in office and FREE in office and "Contradiction!" not in office


def test_the_full_truth_puts_down_first_the_strong_evidence_the_player_chose() -> None:
    """T54 laid weaker evidence and read the same ending: Reyes now leads with the player's own
    pick, the first of the four that carry The Full Truth, and only one of them."""
    first = "she puts on the interview-room table first is"
    lift = _full_truth(frozenset(), frozenset(), ("lift_key_log", "allergy_sign", "hidden_xray"))
    assert first + " the freight-lift log:" in lift and lift.count(first) == 1
    sign = _full_truth(frozenset(), frozenset(), ("allergy_sign", "dock_wedged", "hidden_xray"))
    assert first + " the wellness suite's door sign:" in sign and sign.count(first) == 1
    coat = _full_truth(frozenset(), frozenset(), ("dock_witness", "allergy_sign", "hidden_xray"))
    assert first + " the camel coat." in coat and coat.count(first) == 1
    # Reyes asked for paper, and a witness is not: she says so, by her own test (T64)
    assert "It isn't paper, and she says so" in coat and "That's the test." in coat
    assert "It isn't paper" not in lift and "It isn't paper" not in sign
    assert first not in _full_truth(frozenset({"lift_key_log"}), frozenset())  # no accusation made: none


def test_the_knot_keeps_its_place_when_his_story_breaks_and_the_roof_comes_after() -> None:
    """T56 typed 5 for "The threads in the knot upstairs" after breaking Marcus's "went straight
    up": the knot had gone and "What he saw on the roof" had its number, so a turn went on the
    roof. The knot stays; the roof is a new line after the ones already seen."""
    from game.cli.playtools import start_state
    from tests.test_story_round12 import _offered

    case = load_story(BUNDLED)
    before, _ = start_state(case, "act2.basement", "act2,act1.gauze_knot")
    after = replace(before, broken=before.broken | {"marcus.night.straight_up"})
    was, now = _offered(case, before, "marcus"), _offered(case, after, "marcus")
    assert "marcus.knot" in was and "marcus.roof" not in was
    assert now.index("marcus.knot") == was.index("marcus.knot") and now.index("marcus.roof") > now.index("marcus.knot")
    told = _play("act2.basement", "act2,act1.gauze_knot,boiler_dispatch",
                 ["talk marcus", "What he did on Tuesday night", "next", "present boiler", "0", "threads in the knot"])
    knot = _after(told, "> threads in the knot")
    assert "I tied it. Tuesday. After." in knot and "he has told you that much already" in knot
    assert "He doesn't say after what" not in knot


def test_the_full_truth_says_whose_door_it_was_at_2258_to_a_player_who_never_heard() -> None:
    door = "The front door held open from inside at two minutes to eleven"
    assert door in _full_truth(frozenset({"pell_badge_out"}), frozenset())
    assert door not in _full_truth(frozenset({"pell_badge_out"}), frozenset({"theo.night.rehearsal"}))  # he told it
    assert door not in _full_truth(frozenset(), frozenset())  # never read the log


def test_a_testimony_that_closes_says_why_and_that_the_rest_stand() -> None:
    """T56 broke Mrs. Ashby-Crane's one breakable statement, her testimony closed, and read it as
    being cut off before testing the others: the close now says every statement a clue can break
    is broken, and how many stand."""
    case = load_story(BUNDLED)
    state, _ = e.new_game(case)
    hearing = replace(state, act="act2", scene="act2.reception_hall", clues=frozenset({"bribe_recording"}),
                      mode=Testifying("victoria.night", 1))
    after, events = e.step(case, hearing, e.Present("bribe_recording", "Present"))
    closed = [x for x in events if isinstance(x, e.TestimonyClosed)]
    assert closed == [e.TestimonyClosed("victoria.night", 3)] and isinstance(after.mode, Talking)
    out = _play("act2.reception_hall", "act2,bribe_recording", ["talk to mrs", "Where she was", "next", "present recording"])
    said = _after(out, "> present recording")
    assert "(That testimony is over: every statement in it that a clue can break is broken. The 3 left unbroken " \
        "stand: no clue breaks them.)" \
        in " ".join(said.split())
    # a statement broken while others can still break closes nothing
    pell = replace(state, act="act3", clues=frozenset({"allergy_sign"}), mode=Testifying("pell.night", 3))
    _, events = e.step(case, pell, e.Present("allergy_sign", "Present"))
    assert not [x for x in events if isinstance(x, e.TestimonyClosed)]


def _ghost_light(answers: set[str], evidence: set[str]) -> str:
    verdict = Verdict(culprit="pell", answers=frozenset(answers), evidence=frozenset(evidence))
    return _ending_text("ghost_light", clues=frozenset(evidence | {"lift_key_log"}), verdict=verdict,
                        confirmed=frozenset({"d4_alibi", "d5_motive"}))


def test_the_losing_ending_names_the_part_of_the_accusation_that_failed() -> None:
    """T56 changed the motive (and the evidence) with the board complete, and read only "you put
    down the wrong thing": the wrong part is named, and the lawyer argues only what was laid."""
    weak = {"breathwork_rota", "after_hours_card", "hidden_xray"}
    why = _ghost_light({"motive.secret", "method.lift"}, weak)
    assert "the why you gave Reyes" in why and "put down the wrong thing" not in why
    how = _ghost_light({"motive.coverup", "method.stairs"}, weak)
    assert "the way up you gave Reyes" in how and "the why you gave" not in how
    paper = _ghost_light({"motive.coverup", "method.lift"}, weak)
    assert "you put down the wrong thing" in paper and "you gave Reyes in the empty theatre" not in paper
    assert "phantom rides" not in paper  # the lift log was held, never laid
    assert "phantom rides" in _ghost_light({"motive.secret", "method.lift"}, {"lift_key_log", "hidden_xray", "dock_wedged"})


def test_the_officers_are_brought_in_by_the_slips_own_words() -> None:
    """T59 was in the basement when the PA said officers would come "this afternoon", and the next
    line held the slip out "to the officers in the doorway", who had never been seen arriving."""
    out = _play("act2.basement", "act2,boiler_dispatch,act2.police_for_marcus", ["show the officers"])
    shown = " ".join(_after(out, "> show the officers").split())
    assert "The two officers who have come down for Marcus are waiting in the doorway" in shown
    assert shown.index("waiting in the doorway") < shown.index("hold it out to them")


def test_thursdays_bed_is_offered_from_four_oclock_as_its_comment_always_said() -> None:
    """T60 typed `sleep` in Room 4C at 16:00 and was refused: "Lie down and let Thursday go"
    came only at 17:00 (time <= 8), against its own "from 16:00"."""
    from game.cli.playtools import start_state
    from game.core.effects import clock_text

    case = load_story(BUNDLED)
    dorm, _ = start_state(case, "act2.dorm", "act2")
    offered = lambda t: any("Lie down" in a.label for a in e.menu_actions(case, replace(dorm, time=t)))  # noqa: E731
    assert clock_text(case, replace(dorm, time=10)) == "16:00" and offered(10)
    assert clock_text(case, replace(dorm, time=11)) == "15:30" and not offered(11)


def test_the_close_names_what_stands_without_an_unclear_the_other_one() -> None:
    """T61 read "The other one stands as said." and could not tell which one was meant."""
    from game.ui.look import PLAIN
    from game.ui.scene import event_view
    from tests.ui.helpers import render

    case = load_story(BUNDLED)
    state, _ = e.new_game(case)
    heard = frozenset(s.id for s in case.testimonies["victoria.night"].statements)  # heard through
    state = replace(state, heard=heard)
    said = {n: " ".join(render(event_view(case, state, e.TestimonyClosed("victoria.night", n), PLAIN)[0], 100).split())
            for n in (0, 1, 2)}
    assert said[1].endswith("The one left unbroken stands: no clue breaks it.)")
    assert said[2].endswith("The 2 left unbroken stand: no clue breaks them.)")
    assert said[0].endswith("is broken.)") and "the other" not in " ".join(said.values()).lower()


def test_the_lift_log_against_marcus_called_as_soon_as_is_answered_free() -> None:
    """T62 read "A pause that goes on too long" as a lie to break, presented the lift log, and
    lost a point: it says when he went up, not when he called; he answers it."""
    out = _play("act2.basement", "act2,lift_key_log",
                ["talk marcus", "What he did on Tuesday night", "next", "next", "present key log"])
    said = _after(out, "> present key log")
    assert "It doesn't know what I did with my hands after." in said
    assert f"Your clue (The freight-lift key log) {FREE}" in said and "Credibility left" not in said


def test_the_call_log_against_as_soon_as_says_it_back_to_him_not_the_story_again() -> None:
    """The call log is his to give only when "went straight up" breaks, where he has told the
    seven minutes already; T64 read the same story twice when it broke "as soon as"."""
    out = _play("act2.basement", "act2,marcus_call_log,marcus.night.straight_up",
                ["talk marcus", "What he did on Tuesday night", "next", "next", "present call log"])
    said = " ".join(_after(out, "> present call log").split())
    assert "Contradiction!" in said and "I told you already." in said and "I said *as soon as*" not in said
    assert "I said as soon as. It wasn't." in said
    assert "Because I know what it looks like" not in said  # his first telling, not said again


def test_reyes_introduction_keeps_its_place_on_wednesday_after_another_question() -> None:
    """T64 and T66 asked Reyes something else first on Wednesday night: "('Introduce yourself' is
    gone: the ones after it moved up.)", and the menu renumbered. The late introduction now takes
    its place, as it did on Thursday."""
    from game.cli.playtools import start_state
    from tests.ui.helpers import run_game

    case = load_story(BUNDLED)
    state, _ = start_state(case, "act1.courtyard", "act1")
    first, _ = run_game(case, state, ["talk to reyes"])
    menu = first[first.rindex("Detective Alma Reyes"):]
    place = next(line for line in menu.splitlines() if line.strip().endswith("Introduce yourself"))
    text, game = run_game(case, state, ["talk to reyes", "Ask what the police think happened", "Introduce yourself"])
    assert "is gone" not in text and place in text.split("Ask what the police think happened", 1)[1]
    assert "All this talking and I never got your name" in " ".join(text.split())
    assert "reyes.hello_late" in game.state.asked and "reyes.hello" not in game.state.asked


def test_the_breathwork_rota_names_tuesdays_four_and_margot_is_not_one() -> None:
    """T66 read "four names in felt-tip" that were never given and presented the rota against
    Margot's "I haven't been up to the roof since the first week": it named nobody, and cost 1."""
    case = load_story(BUNDLED)
    rota = case.clues["breathwork_rota"].text
    assert "Priya S., Hana K., Lucy M., Dani O." in rota and "Margot" not in rota
    out = _play("act1.roof", "act1", ["laminated"])
    assert "Priya S., Hana K., Lucy M., Dani O." in " ".join(_after(out, "> laminated").split())
