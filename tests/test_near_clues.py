"""Issue 11 (round 26): a clue that bears on a statement without breaking it is answered, free.

A statement's ``near:`` lists clues with the witness's ``reply``: presenting one while it does
not break the statement shows the reply and a line that nothing was lost (T28 twice, T38, T43
and T44 lost credibility on clues like the torn nail against the cat, the wedged dock door
against "home by half past ten", the final warning against "never had a problem"). The engine
asks ``contradicted_by`` first, so a paired clue without its ``with:`` is answered, and breaks
once it is held. Played through the real program (piped, plain, ``--from``/``--with``), read by
the loader (bad shapes at file:line:col) and by the quoting lint (W420).
"""

from __future__ import annotations

import pytest


from game.authoring.lint import lint
from game.core import engine as e
from game.core.model import Near, Statement
from game.core.record import replace
from game.core.state import Testifying
from game.loading.loader import load_story
from tests.conftest import BUNDLED
from tests.test_paired_contradiction import _after, _errors, _play, _story

FREE = "bears on this, but does not break the statement alone. No credibility lost."
PELL_WRIST = ["talk to dr. pell", "What she knew", "next", "next", "next", "next"]
PELL_ROOF = ["talk to dr. pell", "where", "next", "next"]


def test_the_torn_nail_against_the_cat_is_answered_and_costs_nothing() -> None:
    out = _play("act2.wellness", "act2,time=14,torn_nail,allergy_sign", PELL_WRIST + ["present torn fingernail",
                                                                              "present allergy sign"])
    answered = _after(out, "> present torn fingernail").split("> present allergy sign")[0]
    assert "Half the building has a plaster on somewhere this week" in answered  # her own reply
    assert f"Your clue (The torn fingernail) {FREE}" in answered
    assert "Credibility left" not in answered and "Contradiction!" not in answered
    broke = _after(out, "> present allergy sign")  # the statement still stands, and breaks
    assert "Contradiction!" in broke and "Credibility 3 of 3" in broke


def test_the_watch_alone_is_answered_and_with_the_lift_log_it_breaks() -> None:
    alone = _after(_play("act3.wellness", "act3,hard_fall_alert", PELL_ROOF + ["present watch"]), "> present watch")
    assert "Eleven thirty-eight" in alone and FREE in alone and "Contradiction!" not in alone
    assert "lift" not in alone.lower()  # the answer does not say what else to find
    both = _after(_play("act3.wellness", "act3,hard_fall_alert,lift_key_log", PELL_ROOF + ["present watch"]),
                  "> present watch")
    assert "Contradiction!" in both and "Eleven thirty-eight" not in both and FREE not in both


def test_a_clue_neither_breaking_nor_near_still_costs_credibility() -> None:
    out = _after(_play("act3.wellness", "act3,cast_list", PELL_ROOF + ["present cast list"]), "> present cast list")
    assert "No contradiction with statement 3" in out and "Credibility left: 2 of 3" in out and FREE not in out


def test_the_engine_answers_near_clues_and_asks_the_break_first() -> None:
    case = load_story(BUNDLED)
    state, _ = e.new_game(case)
    state = replace(state, act="act3", clues=frozenset({"hard_fall_alert", "cast_list"}), mode=Testifying("pell.night", 2))
    after, events = e.step(case, state, e.Present("hard_fall_alert", "Present"))
    assert [type(x).__name__ for x in events] == ["Narration", "PresentationAnswered"]
    assert events[0].kind == "near" and events[0].speaker == "pell" and "Eleven thirty-eight" in events[0].text
    assert after.credibility == state.credibility and after.broken == state.broken and after.mode == state.mode
    missed, events = e.step(case, state, e.Present("cast_list", "Present"))  # neither: the old miss
    assert missed.credibility == state.credibility - 1 and isinstance(events[0], e.WrongPresentation)
    held = replace(state, clues=state.clues | {"lift_key_log"})
    broke, events = e.step(case, held, e.Present("hard_fall_alert", "Present"))  # its with: held: it breaks
    assert "pell.night.roof" in broke.broken and not any(isinstance(x, e.PresentationAnswered) for x in events)
    model = Statement(id="s", text="t", contradicted_by=("a",), near=(Near("b", "Not that."),))
    assert model.near_reply("b") == "Not that." and model.near_reply("a") == "" and model.near_reply("c") == ""


# -- loading: bad shapes are located errors (the small story's statement kim.night.roof) ------

NEAR = "[card]\n        near: %s"


@pytest.mark.parametrize("near, where, code, words", [
    ("[{clue: alrm, reply: No.}]", "16:23", "E201", "unknown clue 'alrm' (did you mean 'alarm'?)"),
    ("[{clue: card, reply: No.}]", "16:23", "E119", "'card' also breaks the statement alone"),
    ("[{clue: alarm, reply: No.}, {clue: alarm, reply: Yes.}]", "16:50", "E119", "'alarm' is listed twice"),
    ("[{clue: alarm}]", "16:16", "E112", "reply"),
    ("[{clue: alarm, reply: No., also: x}]", "16:42", "E111", "also"),
    ("{clue: alarm, reply: No.}", "16:15", "E110", "must be a list"),
])
def test_a_bad_near_entry_is_one_located_error(write_story, near: str, where: str, code: str, words: str) -> None:
    errors = _errors(_story(write_story, NEAR % near))
    assert len(errors) == 1, errors
    assert f"a.yaml:{where}: {code}" in errors[0] and words in errors[0], errors[0]


def test_a_near_entry_loads_and_a_paired_clue_may_be_near_until_its_with_is_held(write_story) -> None:
    story = load_story(_story(write_story, "[card, {clue: alarm, with: log}]\n        near: "
                                           "[{clue: alarm, reply: A time is not a place.}]"))
    statement = story.testimonies["kim.night"].statements[0]
    assert statement.near == (Near("alarm", "A time is not a place."),)
    assert not statement.broken_by("alarm", frozenset({"alarm"})) and statement.near_reply("alarm")


def test_a_near_reply_quoting_a_clue_the_player_may_not_hold_is_w420(write_story) -> None:
    quoting = load_story(_story(write_story, NEAR % '[{clue: alarm, reply: "Key two up at 23:33, you say?"}]'))
    assert any("answering 'alarm'" in f.message and "'log'" in f.message for f in lint(quoting) if f.code == "W420")
    own = load_story(_story(write_story, NEAR % '[{clue: log, reply: "Key two up at 23:33, you say?"}]'))
    assert not any("answering 'log'" in f.message for f in lint(own) if f.code == "W420")


# -- a branch adds near: entries to a statement of the story --------------------------------


def _branch(write_story, body: str, breakers: str = "[card]"):
    """The small story (kim.night.roof's contradicted_by: ``breakers``) read with a branch whose
    extend: gives that statement ``body``: (story or None, error lines)."""
    from game.loading.branches import read_layered

    folder = _story(write_story, breakers)
    branch = folder / "branch"
    branch.mkdir()
    (branch / "branch.yaml").write_text(
        "branch: more\nextends: tiny\nextend:\n  testimonies:\n    kim.night:\n      statements:\n"
        f"        kim.night.roof: {body}\n", encoding="utf-8")
    story, findings, _sources, _layered = read_layered(folder / "story.yaml", [branch])
    return story, [str(f) for f in findings if f.is_error]


def test_a_branch_adds_a_near_entry_and_a_break_together_or_alone(write_story) -> None:
    story, errors = _branch(write_story, "{near: [{clue: alarm, reply: A time is not a place.}]}")
    assert story is not None, errors
    statement = story.testimonies["kim.night"].statements[0]
    assert statement.contradicted_by == ("card",) and statement.near == (Near("alarm", "A time is not a place."),)
    story, errors = _branch(write_story, "{contradicted_by: [log], near: [{clue: alarm, reply: No.}]}")
    assert story is not None, errors
    statement = story.testimonies["kim.night"].statements[0]
    assert statement.contradicted_by == ("card", "log") and statement.near_reply("alarm") == "No."


@pytest.mark.parametrize("body, where, code, words", [
    ("{near: [{clue: card, reply: No.}]}", "7:40", "E119", "'card' also breaks the statement alone"),
    ("{contradicted_by: [log], near: [{clue: log, reply: No.}]}", "7:64", "E119", "'log' also breaks"),
    ("{near: [{clue: alrm, reply: No.}]}", "7:40", "E201", "unknown clue 'alrm'"),
    ("{}", "7:25", "E112", "give contradicted_by, near, or both"),
])
def test_a_branchs_bad_near_entry_is_one_located_error(write_story, body: str, where: str, code: str,
                                                       words: str) -> None:
    story, errors = _branch(write_story, body)
    assert story is None and len(errors) == 1, errors
    assert f"branch.yaml:{where}: {code}" in errors[0] and words in errors[0], errors[0]


def test_a_branchs_break_of_a_clue_the_statement_answers_is_an_error_at_it(write_story) -> None:
    story, errors = _branch(write_story, "{contradicted_by: [alarm]}",
                            "[card]\n        near: [{clue: alarm, reply: A time is not a place.}]")
    assert story is None and len(errors) == 1 and "branch.yaml:7:43: E119" in errors[0], errors  # at its contradicted_by
    assert "'alarm' is one the statement answers without breaking" in errors[0]


def test_a_mapping_entry_with_its_own_text_breaks_alone_so_the_same_near_clue_is_an_error(write_story) -> None:
    errors = _errors(_story(write_story, '[card, {clue: alarm, broken: "Fine."}]\n'
                                         "        near: [{clue: alarm, reply: No.}]"))
    assert len(errors) == 1 and "'alarm' also breaks the statement alone" in errors[0], errors


def test_a_statement_broken_with_nothing_said_is_w426(write_story) -> None:
    silent = load_story(_story(write_story, "[card]", broken='""'))
    found = [f for f in lint(silent) if f.code == "W426"]
    assert len(found) >= 1 and "'kim.night.roof' is broken by 'card' with nothing said" in found[0].message
    own = load_story(_story(write_story, '[{clue: card, broken: "She looks away."}]', broken='""'))
    assert not any("kim.night.roof" in f.message for f in lint(own) if f.code == "W426")


def test_validate_on_a_branch_folder_says_to_check_it_with_branch(tmp_path) -> None:
    from game.loading.loader import read_story

    (tmp_path / "branch.yaml").write_text("branch: x\nextends: lumen\n", encoding="utf-8")
    story, findings = read_story(tmp_path)
    assert story is None and "E100" in str(findings[0])
    assert f"it holds a branch: check it over the story it extends with --branch {tmp_path}" in str(findings[0])


def test_on_friday_dr_pell_has_no_tape_on_her_wrist_in_anything_she_says_or_does() -> None:
    """T49: Friday's suite says the bandage is off, a scratch healing pink; the stop said she
    tugged her cuff "over the tape". Every text of her Friday testimony and of her stop."""
    from game.core.steps import Say, walk_effects

    case = load_story(BUNDLED)
    texts = [text for s in case.testimonies["pell.night"].statements
             for text in (s.text, s.press, *(t for t, _ in s.break_texts), *(n.reply for n in s.near))]
    texts += [x.text for x in walk_effects(case.events["pell.stops"].effects) if isinstance(x, Say)]
    assert len(texts) > 10
    assert not [t for t in texts if "tape" in t.lower().replace("taped", "")], "Friday: no tape"


@pytest.mark.parametrize("scene, held, steps, clue, says", [
    ("act3.reception_hall", "act3,reception_photos", ["talk to victoria", "where"], "present photographer",
     "Half past to a quarter to, darling, frame after frame."),
    ("act3.wellness", "act3,pell_badge_out", ["talk to dr. pell", "where"], "present badge log",
     "Five past ten, on the porter's log, the way I told you."),
])
def test_a_clue_that_bears_an_alibi_out_is_answered_free(scene, held, steps, clue, says) -> None:
    """T51 presented the photographer's pictures against Mrs. Ashby-Crane's toast to confirm it,
    and lost a point: a clue that bears a statement out is answered, not charged."""
    out = _after(_play(scene, held, [*steps, clue]), f"> {clue}")
    assert says in " ".join(out.split()) and FREE in " ".join(out.split()) and "Credibility left" not in out


def test_d4_says_the_fall_was_inside_the_ride_only_to_a_player_who_holds_when_she_fell() -> None:
    """T52 confirmed D4 on the lift log alone, before finding when Cassie fell, and read
    "eight minutes with the worst one in the middle"."""
    from game.cli.playtools import start_state
    from game.core.engine import with_extras

    case = load_story(BUNDLED)
    d4 = case.deductions["d4_alibi"]
    alone, _ = start_state(case, "act2.lobby", "act2,lift_key_log")
    timed, _ = start_state(case, "act2.lobby", "act2,lift_key_log,floodlight_log")
    said_alone = with_extras(case, alone, d4.text, d4.extra)
    said_timed = with_extras(case, timed, d4.text, d4.extra)
    assert "worst one in the middle" not in said_alone and "up at 23:33 and down at 23:41" in said_alone
    assert "worst one in the middle" in said_timed
