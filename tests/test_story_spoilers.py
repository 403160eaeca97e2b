"""Issue 11, story side: nothing knows more than the player, and the suspense lasts.

Conditional ``extra`` paragraphs on dossiers and deductions; W420 (a text that quotes a clue the
player may not hold); the bundled case's dossiers, board, notebook groups and act-one suspects;
and the audited tables of which clue breaks which statement and proves which slot.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from game.core import record
from game.core import engine as e
from game.core import mystery
from game.core.model import Story, gained
from game.core.state import Testifying
from game.authoring.lint import lint
from game.authoring.quotes import quote_findings
from game.loading.loader import read_story
from game.ui.board import Board
from game.ui.look import PLAIN
from game.ui.notebook import Notebook
from game.ui.suspects import Dossier

from tests.conftest import BUNDLED, ROOT
from tests.ui.helpers import render


@pytest.fixture(scope="module")
def story() -> Story:
    loaded, findings = read_story(BUNDLED)
    assert loaded is not None, "\n".join(map(str, findings))
    return loaded


def _state(story: Story, **changes):
    state, _ = e.new_game(story)
    return record.replace(state, **changes)


# --- the format: extra paragraphs on people and deductions -----------------------------------

EXTRAS = """
clues:
  key: {name: The brass key, text: Heavy and cold.}
suspects:
  ida:
    name: Ida Fell
    text: A name on the staff list.
    extra:
      - if: has(key)
        text: She keeps the brass key on a red cord.
    motive: {note: m, shown_by: [key]}
    means: {note: m, shown_by: [key]}
    opportunity: {note: o, shown_by: [key]}
deductions:
  who:
    title: Who had it
    slots:
      - {prompt: It was, suspect: ida}
      - {prompt: Proof, clue: [key]}
    text: Ida had the key.
    extra:
      - if: has(key)
        text: The red cord gives her away.
      - if: "false"
        text: NEVER SHOWN.
scenes:
  a.start:
    text: A hall.
    choices:
      - {text: Take the key, do: [{gain: key}]}
      - {text: Finish, goto: done}
"""


def test_extra_paragraphs_on_a_dossier_show_only_while_their_condition_holds(write_story) -> None:
    loaded, findings = read_story(write_story({"parts/a.yaml": EXTRAS}))
    assert loaded is not None, findings
    person = loaded.people["ida"]
    before = render(Dossier(loaded, person, _state(loaded), PLAIN))
    after = render(Dossier(loaded, person, _state(loaded, clues=frozenset({"key"})), PLAIN))
    assert "A name on the staff list." in before and "red cord" not in before
    assert "A name on the staff list." in after and "She keeps the brass key on a red cord." in after


def test_a_confirmed_deduction_says_its_extras_in_the_event_and_on_the_board(write_story) -> None:
    loaded, _ = read_story(write_story({"parts/a.yaml": EXTRAS}))
    assert loaded is not None
    state, _ = e.new_game(loaded)
    state, _ = e.step(loaded, state, e.available_actions(loaded, state)[0])  # take the key
    slots = loaded.deductions["who"].slots
    state, events = e.step(loaded, state, e.Deduce("who", ((slots[0].id, "ida"), (slots[1].id, "key"))))
    confirmed = [x for x in events if isinstance(x, e.DeductionConfirmed)]
    assert confirmed and confirmed[0].text == "Ida had the key.\n\nThe red cord gives her away."
    board = render(Board(loaded, state, PLAIN))
    assert "The red cord gives her away." in board and "NEVER SHOWN" not in board


@pytest.mark.parametrize("bad, code", [
    ("    extra: {if: has(key), text: x}\n", "E110"),
    ("    extra:\n      - {if: has(key), txt: x}\n", "E111"),
    ("    extra:\n      - {if: has(nothing), text: x}\n", "E201"),
    ("    extra:\n      - {text: x}\n", "E112"),
])
def test_a_malformed_extra_on_a_person_is_a_clear_load_error(write_story, bad: str, code: str) -> None:
    text = EXTRAS.replace("    extra:\n      - if: has(key)\n        text: She keeps the brass key on a red cord.\n",
                          bad, 1)
    loaded, findings = read_story(write_story({"parts/a.yaml": text}))
    assert loaded is None and any(f.code == code for f in findings), [str(f) for f in findings]


def test_the_editor_schema_knows_extra_on_people_and_deductions() -> None:
    schema = json.loads((ROOT / "story" / "schema.json").read_text(encoding="utf-8"))
    text = json.dumps(schema)
    assert text.count('"extra"') >= 3  # scene, person, deduction


# --- W420: quoting a clue the player may not hold -------------------------------------------


def test_the_bundled_case_quotes_no_clue_before_it_is_held(story: Story) -> None:
    assert [str(f) for f in quote_findings(story)] == []
    assert not [f for f in lint(story) if f.code == "W420"]


def _planted(tmp_path: Path, file: str, old: str, new: str) -> list[str]:
    """The W420 findings of a copy of the case with one edit."""
    copy = tmp_path / "case"
    shutil.copytree(BUNDLED, copy)
    path = copy / file
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")
    loaded, findings = read_story(copy)
    assert loaded is not None, [str(f) for f in findings if f.is_error]
    return [str(f) for f in quote_findings(loaded)]


@pytest.mark.parametrize("file, old, new, clue", [
    # the option that gave the answer away, as the issue found it
    ("board.yaml", 't2338: "23:38"', 't2338: "23:38, in the middle of the reception\'s toast"', "23:38"),
    # a dossier that knows the phone number before the card is read
    ("people/pell.yaml", "a strip of white tape at one wrist.",
     "a strip of white tape at one wrist. Her number is 312-555-0147.", "3125550147"),
    # a board title that names the contact
    ("board.yaml", "title: Who Cassie had arranged to see", "title: The contact saved as 🩹", "🩹"),
    # an ending that quotes the message whoever never opened the laptop
    ("endings.yaml", "They take Dr. Pell from the wellness suite",
     "*Roof 11:30. Bring Rosalind's file or Saturday it goes to the Tribune.* They take Dr. Pell from the "
     "wellness suite", "bandage_text"),
    # a confirmation that quotes the watch, which the player may never have seen
    ("board.yaml", "23:38. Not *around midnight*,", "23:38, Hard fall detected on Cassie's Watch. Not *around midnight*,",
     "hard_fall_alert"),
])
def test_a_planted_slip_is_caught(tmp_path: Path, file: str, old: str, new: str, clue: str) -> None:
    found = _planted(tmp_path, file, old, new)
    assert len(found) == 1 and "W420" in found[0], found
    assert clue.lstrip("#") in found[0].replace(":", "").replace("-", "") or clue in found[0]


def test_the_same_quote_behind_the_right_condition_is_not_a_slip(tmp_path: Path) -> None:
    guarded = """    extra:
      - if: has(after_hours_card)
        text: Her number is 312-555-0147.
      - if: asked(pell.welcome)"""
    assert _planted(tmp_path, "people/pell.yaml", "    extra:\n      - if: asked(pell.welcome)", guarded) == []


def test_an_or_guard_protects_only_what_both_sides_hold(tmp_path: Path) -> None:
    both = """    extra:
      - if: has(after_hours_card) or has(hard_fall_alert)
        text: Her number is 312-555-0147.
      - if: asked(pell.welcome)"""
    found = _planted(tmp_path, "people/pell.yaml", "    extra:\n      - if: asked(pell.welcome)", both)
    assert len(found) == 1 and "after_hours_card" in found[0]


# --- the case: labels, dossiers and the board know no more than the player ------------------


def test_no_clue_is_tagged_as_a_red_herring_and_no_notebook_group_says_so(story: Story) -> None:
    assert not [c.id for c in story.clues.values() if any("herring" in t.lower() for t in c.tags)]
    everything = _state(story, clues=frozenset(story.clues))
    assert "herring" not in render(Notebook(story, everything, PLAIN)).lower()


def test_the_notebook_files_no_clue_as_anyones_means_or_alibi(story: Story) -> None:
    """Issue 11 item 3: no heading of a deduction tag, no "(about Dr. Nadia Pell)": the player
    makes the match; the tags still feed the timeline."""
    everything = _state(story, clues=frozenset(story.clues))
    text = render(Notebook(story, everything, PLAIN), width=60)
    tags = {t for c in story.clues.values() for t in c.tags}
    assert tags and not [t for t in tags if f"{t.capitalize()} (" in text or t.upper() in text.split()]
    assert "(about" not in text
    assert all(f"{n}. " in text for n in range(1, len(story.clues) + 1))
    assert mystery.timeline(story, everything)  # the times still make the timeline


def test_the_timeline_ties_no_clue_to_a_person(story: Story) -> None:
    """A blind tester's timeline read "22:58 ... held open from inside (Dr. Nadia Pell)": the
    unsigned door tied to Pell by the author's ``about``. The timeline names nobody itself."""
    from game.ui.timeline import Timeline

    everything = _state(story, clues=frozenset(story.clues))
    text = render(Timeline(story, everything, PLAIN), width=100)
    assert "held open from inside" in text.lower()
    for clue in story.clues.values():
        for person in clue.about:
            assert f"({story.people[person].name})" not in text, (clue.id, person)


def test_a_new_game_dossier_describes_nobody_as_met_and_lists_no_claim(story: Story) -> None:
    state = _state(story)
    for person in story.people.values():
        text = render(Dossier(story, person, state, PLAIN))
        assert "Claims:" not in text and "Says:" not in text, person.id
    ines = render(Dossier(story, story.people["ines"], state, PLAIN))
    assert "adopted you" not in ines and "thirty seconds" not in ines


def test_a_claim_appears_in_the_dossier_once_it_is_made(story: Story) -> None:
    state = _state(story, asked=frozenset({"pell.cassie"}))
    assert "Claims:" in render(Dossier(story, story.people["pell"], state, PLAIN))
    assert "Claims:" not in render(Dossier(story, story.people["theo"], state, PLAIN))


def test_the_board_names_nobody_and_no_option_gives_its_answer(story: Story) -> None:
    names = {w.lower() for p in story.people.values() for w in p.name.replace(".", "").split() if len(w) > 3}
    for d in story.deductions.values():
        words = " ".join([d.title, d.question, *(s.prompt for s in d.slots),
                          *(text for s in d.slots for _, text in s.options)]).lower()
        assert "🩹" not in words, d.id
        assert not [n for n in names if n in words.split()], d.id
    when = dict(story.deductions["d2_time"].slots[0].options)
    assert all(len(text) == 5 and text[2] == ":" for text in when.values()), when


ACT_ONE_CLUES = {"torn_nail", "drag_scuffs", "parapet_gap", "cassie_planner", "band_aid_nickname",
                 "pell_badge_out", "hidden_xray", "reyes_sketch", "breathwork_rota", "cast_list",
                 "margot_calendar"}


def test_every_clue_act_one_offers_is_the_list_above(story: Story) -> None:
    act_one = {c for scene in story.scenes.values() if scene.id.startswith("act1.")
               for choice in scene.choices for c in gained(choice.effects)}
    # and what the people act one lets you talk to hand over without an act condition
    for topic in story.topics.values():
        if topic.person in {"pell", "margot", "theo", "marcus", "ines", "reyes"} and (
                topic.condition is None or "act" not in topic.condition.source):
            act_one |= gained(topic.effects) & set(story.clues)
    act_one -= {"theo_rideshare", "sorry_text", "protocol_sheet"}  # behind act-two testimony or trust
    assert act_one == ACT_ONE_CLUES


def test_at_the_end_of_act_one_three_suspects_are_open_and_the_culprit_is_not_marked(story: Story) -> None:
    """With everything act one offers, three people have something against them and nobody is
    cleared; the culprit's motive and opportunity are still blank."""
    state = _state(story, clues=frozenset(ACT_ONE_CLUES))
    grids = {p.id: mystery.grid(p, state) for p in story.suspects}
    open_ = [p for p, g in grids.items() if any(s == mystery.SHOWN for s, _ in g.values())
             and not any(s == mystery.RULED_OUT for s, _ in g.values())]
    assert len(open_) >= 3, grids
    assert grids["pell"]["motive"][0] == mystery.UNKNOWN and grids["pell"]["opportunity"][0] == mystery.UNKNOWN


# --- the audits: every clue that logically breaks a statement, or proves a slot, is accepted ----

CONTRADICTIONS = {
    "pell.tuesday.appointment": set(), "pell.tuesday.sound": {"hidden_xray", "tribune_draft", "rosalind_message"},  # round 11: a cleared injury
    "pell.tuesday.message": {"bandage_text"}, "pell.tuesday.pressure": set(),
    "pell.night.badge": set(), "pell.night.home": {"lift_key_log", "garage_claim", "dock_witness"},
    "pell.night.roof": {"lift_key_log"}, "pell.night.scratch": {"allergy_sign"},
    "pell.tuesday.wrist": {"allergy_sign"},  # the cat, told on Thursday too (issue 11: challengeable where it is told)
    "margot.night.asleep": {"studio_b_swipes", "accompanist_heard"}, "margot.night.earplugs": set(),
    "margot.night.roof": set(), "margot.night.want": set(),
    "theo.night.rehearsal": {"theo_rideshare"}, "theo.night.home": {"theo_rideshare"},
    "theo.night.fine": {"sorry_text"}, "theo.night.roof": set(),
    "marcus.night.rounds": {"boiler_dispatch", "lift_key_log"},
    "marcus.night.straight_up": {"boiler_dispatch", "lift_key_log"},
    "marcus.night.called": {"marcus_call_log"}, "marcus.night.problem": set(),
    "harrow.night.office": set(), "harrow.night.paperwork": {"shredder_scraps", "landline_log"},
    "harrow.night.phone": {"landline_log"}, "harrow.night.heard": set(),
    "victoria.night.toast": set(), "victoria.night.private": {"bribe_recording"},
    "victoria.night.keys": set(), "victoria.night.daughter": set(),
}

PROOFS = {
    "d1_pushed.proof": {"torn_nail", "drag_scuffs", "parapet_gap", "reyes_sketch", "cassie_planner",
                        "tribune_draft", "lift_key_log", "bandage_text"},  # "Roof 11:30": someone was asked up
    "d2_time.proof": {"hard_fall_alert", "floodlight_log", "margot_video"},
    # issue 11 item 8: the text's number is Pell's mobile; round 13 (T20): the board is up only on
    # a clue that shows an arrangement; round 26 (T42, T46): with one held, the door card (the 🩹
    # contact's number) and the nickname (Band-Aid, 🩹) tell who it was, by the player's match
    "d3_bandage.proof": {"cassie_planner", "wellness_signup", "mother_text", "bandage_text",
                         "after_hours_card", "band_aid_nickname"},
    "d4_alibi.proof": {"lift_key_log", "dock_witness", "bandage_text"},  # what puts her on the roof (T12)
    "d5_motive.proof": {"hidden_xray", "clearance_form", "shredder_scraps", "rosalind_message",
                        "tribune_draft"},  # round 6: the draft is what Cassie meant to publish
    # issue 11 (T4-4): no clue proves both the way up and the place, so each has its own slot
    "d6_method.route_proof": {"lift_key_log", "dock_witness", "breathwork_rota", "dock_wedged"},  # T60: the way in unseen
    "d6_method.where_proof": {"parapet_gap", "reyes_sketch", "drag_scuffs"},
}


#: issue 11 (T8, T11): clues that break a statement only with another held, {clue: X, with: Y}
_FALL = ("hard_fall_alert", "floodlight_log", "margot_video")  # the time of the fall, 23:38
PAIRED = {
    "marcus.night.straight_up": {(x, (y,)) for x in _FALL for y in ("lift_key_log", "boiler_dispatch")},
    "pell.night.roof": {(x, ("lift_key_log",)) for x in _FALL},
    "theo.night.rehearsal": {("sorry_text", ("theo_rideshare",))},
    "theo.night.home": {("sorry_text", ("theo_rideshare",))},
}


def test_every_statement_accepts_exactly_the_clues_the_audit_found_break_it(story: Story) -> None:
    statements = [s for t in story.testimonies.values() for s in t.statements]
    alone = {s.id: {c if isinstance(c, str) else c.clue for c in s.contradicted_by if isinstance(c, str) or not c.needs}
             for s in statements}  # an entry with only its own broken: text still breaks it alone
    assert alone == CONTRADICTIONS
    paired = {s.id: {(c.clue, c.needs) for c in s.contradicted_by if not isinstance(c, str) and c.needs}
              for s in statements}
    assert {k: v for k, v in paired.items() if v} == PAIRED


def test_a_statement_a_clue_breaks_has_something_to_say_when_it_breaks(story: Story) -> None:
    for t in story.testimonies.values():
        for s in t.statements:
            assert not s.contradicted_by or s.broken.strip(), s.id


def test_every_proof_slot_accepts_exactly_the_clues_the_audit_found_prove_it(story: Story) -> None:
    found = {s.id: set(s.answers) for d in story.deductions.values() for s in d.slots if s.kind == "clue"}
    assert found == PROOFS


def test_the_freight_lift_log_breaks_both_lies_it_logically_breaks(story: Story) -> None:
    """Presenting the key log against Marcus's "rounds upstairs" breaks it, through the engine."""
    state = _state(story, act="act2", scene="act2.basement", clues=frozenset({"lift_key_log"}),
                   time=story.acts["act2"].time, credibility=3, mode=Testifying("marcus.night", 0))
    state, events = e.step(story, state, e.Present("lift_key_log"))
    assert any(isinstance(x, e.StatementBroken) for x in events), events
    assert "marcus.night.rounds" in state.broken
