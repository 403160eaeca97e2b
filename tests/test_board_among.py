"""A suspect slot's ``among:`` (issue 11, T30-T33): d3 asks who on the school's staff Cassie had
arranged to see, so its blank offers only the staff suspects, not the students. One home
(game.core.blanks.slot_options) read by the engine, ``deduce``, the clock's wrong check and the
authoring tools; every bad ``among:`` is one located error, never a traceback."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from game.core import engine as e
from game.core import record
from game.core.blanks import ever_offered, slot_options
from game.core.mystery import known_people, wrong_check
from game.core.state import Exploring
from game.loading.loader import load_story, read_story
from game.saves.document import build_save, encode, parse_save

from tests.conftest import BUNDLED
from tests.test_loader import SCENE
from tests.ui.helpers import run_game

STAFF = {"harrow", "marcus", "pell"}

PEOPLE = SCENE + """suspects:
  ann: {name: Ann Reed}
  bob: {name: Bob Stone}
  cal: {name: Cal Moss}
  dee: {name: Dee Fox, suspect: false}
deductions:
  d1:
    title: Who
    slots:
      - id: d1.who
        prompt: It was
"""


def _errors(write_story, slot_lines: str) -> list[str]:
    """The error findings of a story whose one slot ends with ``slot_lines`` (indented under it)."""
    body = PEOPLE + "".join(f"        {line}\n" for line in slot_lines.strip().splitlines())
    story, found = read_story(write_story({"parts/a.yaml": body}))
    errors = [str(f) for f in found if f.is_error]
    assert (story is None) == bool(errors)
    return errors


def _one(write_story, slot_lines: str) -> str:
    errors = _errors(write_story, slot_lines)
    assert len(errors) == 1, errors
    return errors[0]


# --- the loader ------------------------------------------------------------------------------


def test_among_loads_in_the_order_written_and_offers_in_story_order(write_story) -> None:
    assert _errors(write_story, "suspect: bob\namong: [cal, bob]") == []
    story = load_story(write_story({"parts/a.yaml": PEOPLE + "        suspect: bob\n        among: [cal, bob]\n"}))
    slot = story.deductions["d1"].slots[0]
    assert slot.among == ("cal", "bob")
    state = e.new_game(story)[0]
    assert slot_options(story, state, slot) == [("bob", "Bob Stone"), ("cal", "Cal Moss")]  # the board's order
    assert ever_offered(story, slot) == {"bob", "cal"}


def test_unknown_id_is_located_with_did_you_mean(write_story) -> None:
    error = _one(write_story, "suspect: bob\namong: [bob, cla]")
    assert error.endswith("E201 deduction 'd1': slot 1: among: unknown person 'cla' (did you mean 'cal'?)")
    assert "parts/a.yaml:19:22: E201" in error  # path:line:col of the unknown id itself


def test_right_answer_not_among_is_an_error_at_the_among_line(write_story) -> None:
    error = _one(write_story, "suspect: bob\namong: [ann, cal]")
    assert ":19:16: E119 deduction 'd1': slot 1: the right answer 'bob' is not among the people it offers " \
           "(ann, cal): add it to among" in error


def test_empty_among_is_an_error(write_story) -> None:
    error = _one(write_story, "suspect: bob\namong: []")
    assert ":19:16: E115 deduction 'd1': slot 1: among must list at least one suspect" in error


def test_among_as_a_string_not_a_list_is_an_error(write_story) -> None:
    error = _one(write_story, "suspect: bob\namong: bob")
    assert ":19:16: E110 deduction 'd1': slot 1: among must be a list of suspect ids, like [pell, harrow], " \
           "not " in error


def test_among_on_an_options_or_clue_slot_is_an_error(write_story) -> None:
    error = _one(write_story, "options: {a: A, b: B}\nanswer: a\namong: [ann]")
    assert ":20:16: E119 deduction 'd1': slot 1: among goes only with suspect; a options slot offers its options" \
        in error
    clues = PEOPLE.replace("deductions:", "clues:\n  note: {name: A note, text: A note.}\ndeductions:")
    story, found = read_story(write_story({"parts/a.yaml": clues + "        clue: note\n        among: [ann]\n"}))
    errors = [str(f) for f in found if f.is_error]
    assert story is None and len(errors) == 1
    assert "E119 deduction 'd1': slot 1: among goes only with suspect; a clue slot offers the clues in the notebook" \
        in errors[0]


def test_someone_who_is_not_a_suspect_in_among_is_an_error(write_story) -> None:
    error = _one(write_story, "suspect: bob\namong: [bob, dee]")
    assert error.endswith("a.yaml:19:22: E202 deduction 'd1': slot 1: among: 'dee' is not a suspect "
                          "(suspect: false), and the board offers only suspects")


def test_validate_reports_a_bad_among_with_no_traceback(write_story) -> None:
    folder = write_story({"parts/a.yaml": PEOPLE + "        suspect: bob\n        among: [ann]\n"})
    done = subprocess.run([sys.executable, "-m", "game", "validate", str(folder)], capture_output=True,
                          text=True, timeout=120)
    out = done.stdout + done.stderr
    assert done.returncode == 1 and "Traceback" not in out
    assert "a.yaml:19:16: E119" in out and "'bob' is not among" in out


def test_schema_lists_among_as_a_list_of_ids() -> None:
    schema = json.loads((Path(BUNDLED) / "schema.json").read_text(encoding="utf-8"))
    among = schema["definitions"]["slot"]["properties"]["among"]
    assert among["type"] == "array" and among["items"]["type"] == "string"  # a bare id is refused, as the loader does


def test_the_guide_s_among_example_is_a_slot_the_loader_takes(write_story) -> None:
    guide = (Path(BUNDLED) / "README.md").read_text(encoding="utf-8")
    block = next(b for b in re.findall(r"```yaml\n(.*?)```", guide, re.DOTALL) if "among:" in b)
    slot = next(s for d in yaml.safe_load(block)["deductions"].values() for s in d["slots"] if "among" in s)
    assert isinstance(slot["among"], list) and slot["suspect"] in slot["among"]
    people = "".join(f"  {p}: {{name: {p.title()}}}\n" for p in slot["among"])
    body = PEOPLE.replace("  ann: {name: Ann Reed}\n", people) + \
        f"        suspect: {slot['suspect']}\n        among: [{', '.join(slot['among'])}]\n"
    story, found = read_story(write_story({"parts/a.yaml": body}))
    assert story is not None, [str(f) for f in found]


# --- the case: d3 offers only the staff --------------------------------------------------------


@pytest.fixture(scope="module")
def case():
    return load_story(BUNDLED)


def _everyone(case, *clues):
    """Act 2, every suspect known by name (met, or introduced), holding ``clues``."""
    fresh = e.new_game(case)[0]
    visits = (("act1.arrival", 1), ("act1.dorm", 1), ("act2.reception_hall", 1), ("act2.wellness", 1))
    return record.replace(fresh, act="act2", scene="act2.lobby", time=10, clues=frozenset(clues), found=clues,
                          visits=visits, asked=frozenset({"theo.hello"}), mode=Exploring())


def _who(case):
    return next(s for s in case.deductions["d3_bandage"].slots if s.id == "d3_bandage.who")


def test_d3_offers_only_the_staff_suspects(case) -> None:
    slot = _who(case)
    assert set(slot.among) == STAFF and ever_offered(case, slot) == STAFF
    assert all(case.people[p].suspect for p in STAFF)
    students = {p.id for p in case.suspects} - STAFF
    assert {"margot", "theo"} <= students  # the students are suspects, just not offered here
    state = _everyone(case, "bandage_text")
    offered = [v for v, _ in slot_options(case, state, slot)]
    known = [p.id for p in known_people(case, state, suspects_only=True)]
    assert set(known) == {p.id for p in case.suspects}  # everyone could be offered: only the staff are
    assert offered == [p for p in known if p in STAFF]  # the board's order, filtered
    assert "pell" in offered


def test_deduce_shows_only_the_staff_and_refuses_a_student_by_name(case) -> None:
    state = _everyone(case, "bandage_text")
    known = {p.id: p.name for p in known_people(case, state, suspects_only=True)}
    student = next(p for p in ("margot", "theo", "victoria") if p in known)
    text, game = run_game(case, state, ["deduce 3", known[student], "", "deduce 3", "99", ""])
    assert f"{known[student]} is not one of the choices for 'Cassie had arranged to see'." in text
    question = text.split("Cassie had arranged to see", 1)[1].split("(blank line to cancel)", 1)[0]
    assert known[student] not in question and "Dr. Nadia Pell" in question
    assert game.state.confirmed == state.confirmed and game.state.time == state.time  # nothing spent
    assert "Traceback" not in text


def test_deduce_by_number_and_by_name_picks_among_the_staff(case) -> None:
    state = _everyone(case, "bandage_text")
    offered = [v for v, _ in slot_options(case, state, _who(case))]
    number = str(offered.index("pell") + 1)
    _text, game = run_game(case, state, ["deduce 3", number, "Cassie's text"])
    assert "d3_bandage" in game.state.confirmed


def test_the_engine_refuses_a_known_suspect_the_slot_does_not_offer(case) -> None:
    state = _everyone(case, "bandage_text")
    known = {p.id: p.name for p in known_people(case, state, suspects_only=True)}
    student = next(p for p in ("margot", "theo", "victoria") if p in known)
    after, events = e.step(case, state, e.Deduce("d3_bandage", (("d3_bandage.who", student),
                                                                ("d3_bandage.proof", "bandage_text"))))
    assert after == state
    assert [x.reason for x in events if isinstance(x, e.Rejected)] == [
        f"'{known[student]}' is not one of the choices for 'Cassie had arranged to see'."]


def test_the_clock_s_wrong_check_picks_only_offered_people(case) -> None:
    state = _everyone(case, "bandage_text")
    guess = wrong_check(case, state)
    assert guess is not None
    for deduction_id, answers in [(guess.deduction, guess.answers)]:
        for slot in case.deductions[deduction_id].slots:
            assert dict(answers)[slot.id] in dict(slot_options(case, state, slot))


def test_a_save_with_d3_confirmed_still_loads_confirmed(case) -> None:
    """Saves keep which deductions are confirmed, never the answers picked; d3 could only be
    confirmed with Pell (one of the staff), so an old save's board is kept as it was."""
    state = record.replace(_everyone(case, "bandage_text"), confirmed=frozenset({"d3_bandage"}))
    older = record.replace(state, confirmed=frozenset())  # the undo step before the check
    data = encode(build_save(case, state, [older], ["deduce 3"], slot="s1", saved_at=0.0, played=0.0))
    loaded = parse_save(data, case)
    assert "d3_bandage" in loaded.state.confirmed and loaded.undo[-1].confirmed == frozenset()
    assert not loaded.notices  # nothing was dropped: a save holds no slot answers to fit
