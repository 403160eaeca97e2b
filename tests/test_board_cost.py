"""Issue 11, engine items: a wrong check on the board costs one turn of the act's clock (so the
board cannot be brute-forced for free), said plainly, and at the deadline it ends the act; the
engine refuses a suspect the player does not know. Through the engine, a save, and the real
loop in piped plain mode; the bad inputs of the new act key too."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.core import engine as e
from game.core import mystery, record
from game.loading.loader import load_story, read_story
from game.saves.slots import load_game, save_game
from game.authoring.explore import explore
from game.authoring.moves import Rules, moves
from tests.ui.helpers import play, render, run_game, sample
from game.ui.board import Board
from game.ui.look import Look

RIGHT = (("who_tore.who", "pianist"), ("who_tore.proof", "torn_page"), ("who_tore.why", "jealous"))
WRONG = RIGHT[:2] + (("who_tore.why", "careless"),)


def with_page():
    """The sample, in the hall with the torn page: 7 of the afternoon's 8 turns left (30 min each)."""
    state, _ = play(sample(), ("go in",), ("piano",))
    return state


def test_a_wrong_check_spends_one_turn_and_says_so() -> None:
    story, state = sample(), with_page()
    after, events = e.step(story, state, e.Deduce("who_tore", WRONG))
    assert after.time == state.time - 1 and "who_tore" not in after.confirmed
    rejected = next(x for x in events if isinstance(x, e.DeductionRejected))
    assert (rejected.turns, rejected.minutes) == (1, 30)
    assert e.TimePassed(1, state.time - 1) in events
    assert e.clock_text(story, after) != e.clock_text(story, state)  # the clock moved on too


def test_a_right_check_spends_nothing() -> None:
    story, state = sample(), with_page()
    after, events = e.step(story, state, e.Deduce("who_tore", RIGHT))
    assert after.time == state.time and "who_tore" in after.confirmed
    assert not any(isinstance(x, e.TimePassed) for x in events)


def test_a_refused_check_spends_nothing() -> None:
    # an empty slot, a clue not held, an unknown option: refused, not wrong, so no time passes
    story, state = sample(), with_page()
    for answers in (RIGHT[:2], (RIGHT[0], ("who_tore.proof", "ink_stain"), RIGHT[2]),
                    RIGHT[:2] + (("who_tore.why", "bored"),), (("who_tore.who", "nobody"),) + RIGHT[1:]):
        after, events = e.step(story, state, e.Deduce("who_tore", answers))
        assert after is state and isinstance(events[0], e.Rejected), answers


def test_at_the_deadline_a_wrong_check_ends_the_act_like_any_costed_action() -> None:
    story = sample()
    last = record.replace(with_page(), time=1)
    after, events = e.step(story, last, e.Deduce("who_tore", WRONG))
    assert any(isinstance(x, e.TimeRanOut) for x in events)
    assert after.scene == "hall.dusk"  # the act's on_timeout, as a costed choice would go
    assert after.time == 0 and after.act == last.act


def test_the_board_says_the_cost_and_warns_when_a_wrong_check_ends_the_act() -> None:
    story, state = sample(), with_page()
    plain = Look(plain=True)
    assert "A wrong check costs a turn (30 minutes); a right one costs nothing." in render(Board(story, state, plain), 100)
    last = record.replace(state, time=1)
    assert mystery.wrong_check_ends_act(story, last) and not mystery.wrong_check_ends_act(story, state)
    assert "Time is nearly up: a wrong check now ends The Afternoon." in render(Board(story, last, plain), 100)


def test_the_real_loop_shows_what_a_wrong_check_cost() -> None:
    # deduce 1: suspect 1 (the pianist), clue 1 (the page), option 2 ("careless"): wrong
    story, state = sample(), with_page()
    text, game = run_game(story, state, ["deduce 1", "1", "1", "2"])
    text = " ".join(text.split())  # as read, whatever the wrapping
    assert "You turn it over. It doesn't hold together: two of its three parts fit, one doesn't. " \
           "(30 minutes pass.)" in text
    assert game.state.time == state.time - 1
    text, game = run_game(story, record.replace(state, time=1), ["deduce 1", "1", "1", "2"])
    text = " ".join(text.split())
    before_slots = text.split("The page was torn by")[0]
    assert "a wrong check now ends The Afternoon" in before_slots  # told before, never after
    assert "Time is up for The Afternoon." in text


def test_a_save_made_before_a_wrong_check_loads_and_behaves_the_same(tmp_path: Path) -> None:
    story, state = sample(), with_page()
    save_game(tmp_path, "before", story, state, saved_at=1_750_000_000.0, played=60.0)
    loaded = load_game(tmp_path, "before", story).state
    assert loaded == state
    assert e.step(story, loaded, e.Deduce("who_tore", WRONG)) == e.step(story, state, e.Deduce("who_tore", WRONG))


STORY = """
id: board_cost
title: Board Cost
start: hall
include: [parts/*.yaml]
acts:
  one: {title: One, time: 3, start: hall, on_timeout: late%s}
endings:
  late: {title: Late, text: Too late.}
  solved: {title: Solved, text: Solved., if: accused(ann)}
  wrong: {title: Wrong, text: Wrong.}
"""
PARTS = """
scenes:
  hall:
    text: A hall.
    choices:
      - {text: Look at the note, once: true, do: [{gain: note}]}
      - {text: Meet the stranger, once: true, do: [{set: met}]}
clues:
  note: {name: A note, text: A note.}
flags: [met]
suspects:
  ann:
    name: Ann Bell
    unnamed: the stranger
    known: flag(met)
    motive: {note: m, shown_by: [note]}
    means: {note: m, shown_by: [note]}
    opportunity: {note: m, shown_by: [note]}
  bob:
    name: Bob Cole
    motive: {note: m, shown_by: [note]}
    means: {note: m, shown_by: [note]}
    opportunity: {note: m, shown_by: [note]}
deductions:
  who:
    title: Who
    slots:
      - {id: who.who, prompt: It was, suspect: [ann]}
      - {id: who.proof, prompt: Proof, clue: [note]}
accusation:
  culprit: Who?
  endings: [solved, wrong]
"""


def _story(write_story, extra: str = ""):
    folder = write_story({"story.yaml": STORY % extra, "parts/a.yaml": PARTS})
    story, findings = read_story(folder)
    assert story is not None, findings
    return story


def test_the_engine_refuses_a_suspect_the_player_does_not_know(write_story) -> None:
    story = _story(write_story)
    state, _ = e.new_game(story)
    state, _ = e.step(story, state, e.Choose("hall#look-at-the-note"))
    answers = (("who.who", "ann"), ("who.proof", "note"))
    after, events = e.step(story, state, e.Deduce("who", answers))
    assert after is state and len(events) == 1 and isinstance(events[0], e.Rejected)
    assert "suspect you know" in events[0].reason and "Ann" not in events[0].reason  # names nobody
    met, _ = e.step(story, state, e.Choose("hall#meet-the-stranger"))
    done, events = e.step(story, met, e.Deduce("who", answers))
    assert "who" in done.confirmed


def test_an_act_can_make_wrong_checks_free_and_the_explorer_then_keeps_them_idle(write_story) -> None:
    story = _story(write_story, ", wrong_deduction: 0")
    state, _ = e.new_game(story)
    state, _ = e.step(story, state, e.Choose("hall#look-at-the-note"))
    after, events = e.step(story, state, e.Deduce("who", (("who.who", "bob"), ("who.proof", "note"))))
    assert after.time == state.time and isinstance(events[0], e.DeductionRejected) and events[0].turns == 0
    assert not any(isinstance(m, e.Deduce) and "bob" in str(m) for m, _ in moves(Rules(story), state))


def test_the_explorer_tries_a_wrong_check_as_a_move_that_spends_time(write_story) -> None:
    # time runs out only through wrong checks here (no choice costs anything): the time-out
    # ending is reachable, and explore must find it by the wrong check
    story = _story(write_story)
    state, _ = e.new_game(story)
    state, _ = e.step(story, state, e.Choose("hall#look-at-the-note"))
    tried = [(m, new) for m, new in moves(Rules(story), state) if isinstance(m, e.Deduce)]
    assert len(tried) == 1 and tried[0][1].time == state.time - 1  # one wrong check, a turn spent
    report = explore(story, max_states=10_000)
    assert report.exhaustive and report.endings["late"] is not None
    assert any(isinstance(m, e.Deduce) for m in report.endings["late"])
    assert not report.softlocks and not report.losses


@pytest.mark.parametrize("value, code", [("-1", "E116"), ("lots", "E110"), ("[1]", "E110"), ("1.5", "E110")])
def test_a_badly_written_wrong_deduction_is_a_clear_error(write_story, value: str, code: str) -> None:
    folder = write_story({"story.yaml": STORY % f", wrong_deduction: {value}", "parts/a.yaml": PARTS})
    story, findings = read_story(folder)
    assert story is None
    assert [f.code for f in findings] == [code] and "wrong_deduction" in findings[0].message
    assert findings[0].line == 6


def test_the_bundled_case_costs_a_turn_a_wrong_check() -> None:
    from tests.conftest import BUNDLED

    assert [act.wrong_deduction for act in load_story(BUNDLED).acts.values()] == [1, 1, 1]  # the default


def test_the_menu_warns_that_a_wrong_check_ends_the_act_too() -> None:
    from game.ui.choices import Menu

    story, state = sample(), with_page()
    plain = Look(plain=True)
    last = record.replace(state, time=1)
    text = " ".join(render(Menu(story, last, e.menu_actions(story, last), plain), 100).split())
    assert "a wrong check on the board" in text and "ends The Afternoon" in text
    calm = " ".join(render(Menu(story, state, e.menu_actions(story, state), plain), 100).split())
    assert "wrong check" not in calm and "Time is nearly up" not in calm


def test_keep_needs_a_suspect_slot_to_name_someone_known_from_the_start(write_story) -> None:
    # the engine takes only known suspects, so a slot whose answers may be strangers is no
    # proof that the deduction can still be confirmed; named from the first scene, it is
    from game.authoring.facts import collect
    from game.authoring.keep import prove_kept
    from game.authoring.reach import reach

    story = _story(write_story)
    facts = collect(story)
    kept = prove_kept(story, facts, reach(story, facts))
    assert not kept.proved and "may not know by name" in kept.reason and "who.who" in kept.reason
    story = _story(write_story)  # the same, with Ann known from the start
    ann = record.replace(story.people["ann"], known=None)
    story = record.replace(story, people={**story.people, "ann": ann})
    facts = collect(story)
    assert "may not know by name" not in prove_kept(story, facts, reach(story, facts)).reason


def test_the_reduced_search_agrees_with_the_naive_one_when_only_wrong_checks_spend_time(write_story) -> None:
    from tests.test_explore import naive

    story = _story(write_story)
    endings, clues, locked = naive(story)  # every deduction attempt, every answer, no reduction
    assert "late" in endings  # reached only by wrong checks: nothing else here spends time
    report = explore(story, max_states=10_000)
    assert {x for x, p in report.endings.items() if p is not None} == endings
    assert {c for c, p in report.clues.items() if p is not None} == clues
    assert bool(report.softlocks) == locked


def test_the_first_screen_never_reads_every_scene_for_the_clock_warnings(monkeypatch) -> None:
    """At an act's full clock neither warning (the menu's, the board's) asks for the bound on
    one step, which decodes every scene of a lazily read story (perf7: it cost the first prompt
    about 18 M instructions); a turn later the warning is asked as before."""
    from game.ui.choices import Menu

    story = sample()
    state = record.replace(with_page(), time=story.acts[with_page().act].time)  # the act's full clock
    asked: list[int] = []
    bound = mystery.most_spent_in_one_step
    monkeypatch.setattr(mystery, "most_spent_in_one_step", lambda s: asked.append(1) or bound(s))
    assert not mystery.wrong_check_ends_act(story, state)
    render(Menu(story, state, e.menu_actions(story, state), Look(plain=True)), 100)
    render(Board(story, state, Look(plain=True)), 100)
    assert asked == []
    last = record.replace(state, time=1)
    assert mystery.wrong_check_ends_act(story, last) and asked  # a low clock still asks
