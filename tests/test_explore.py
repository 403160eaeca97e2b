"""``ghostlight explore``: planted defects found with paths, walkthroughs that really play, and
the search's reductions checked against a search without any (on stories small enough)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections import deque
from game.core.record import replace
from itertools import product
from pathlib import Path

import pytest

from game.core import engine as e
from game.loading.loader import load_story
from game.core.state import Accusing
from game.authoring.explore import explore
from game.authoring.moves import Rules, apply_move
from game.authoring.walkthrough import input_lines
from tests.conftest import ROOT, SAMPLE


def ghostlight(*args: str, stdin: str = "", timeout: float = 900) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "game", *args], input=stdin, capture_output=True, text=True,
                          cwd=ROOT, timeout=timeout, env={**os.environ})


SOFTLOCK = {"parts/a.yaml": """
scenes:
  a.start:
    text: A hatch in the floor.
    exits: [b.hall]
    choices:
      - {text: Climb down the hatch, goto: c.pit}
      - {text: Finish, goto: done}
  b.hall:
    text: A hall.
    exits: [a.start]
  c.pit:
    text: The hatch shuts above you.
    choices:
      - {text: Shout for help, say: Nobody hears.}
"""}

UNREACHABLE = {"parts/a.yaml": """
flags: [key]
clues:
  map: {name: A map}
scenes:
  a.start:
    text: A locked door.
    choices:
      - {text: Look around, once: true, cost: 1, say: Dust.}
      - {text: Open the door, if: flag(key), goto: secret}
      - {text: Read the map, if: flag(key), do: [{gain: map}]}
      - {text: Finish, goto: done}
endings:
  secret: {title: The Secret Room, text: You found it.}
"""}


def test_a_planted_soft_lock_is_found_with_the_path_into_it(write_story) -> None:
    story = load_story(write_story(SOFTLOCK))
    report = explore(story)
    assert report.exhaustive
    assert report.softlocks == 3  # the pit at 5, 4 and 3 turns left
    assert [m.label for m in report.softlock] == ["Climb down the hatch"]
    assert not report.holds


def test_a_planted_unreachable_ending_and_clue_are_refuted(write_story) -> None:
    report = explore(load_story(write_story(UNREACHABLE)))
    assert report.exhaustive and not report.holds
    assert report.endings["secret"] is None and report.endings["done"] is not None
    assert report.clues["map"] is None
    # how close play gets: the scene that would give them, and the path there
    (what, path), = report.misses["map"]
    assert "choice 'Read the map'" in what and path == []  # the scene is where the game opens
    assert report.misses["secret"][0][0].startswith("scene 'a.start': choice 'Open the door'")


def test_the_cli_prints_each_defect_with_a_path(write_story) -> None:
    result = ghostlight("explore", str(write_story(SOFTLOCK)))
    assert result.returncode == 1, result.stderr
    assert "soft-locks: 3 states from which no ending can be reached" in result.stdout
    assert "after: Climb down the hatch" in result.stdout
    result = ghostlight("explore", str(write_story(UNREACHABLE)))
    assert result.returncode == 1
    assert "secret: NEVER reached in any play" in result.stdout
    assert "map: NEVER found in any play" in result.stdout
    assert "closest play: (the opening)" in result.stdout
    assert "exhaustive" in result.stdout and "states/s" in result.stdout


def test_a_sound_story_is_proved_and_exits_0(write_story) -> None:
    folder = write_story({"parts/a.yaml": """
scenes:
  a.start:
    text: A hall.
    choices:
      - {text: Finish, goto: done}
"""})
    result = ghostlight("explore", str(folder))
    assert result.returncode == 0, result.stdout
    assert "PROVED" in result.stdout


def test_the_sample_loses_a_deduction_by_waiting_for_evening() -> None:
    report = explore(load_story(SAMPLE))
    assert report.exhaustive
    assert all(report.endings.values()) and all(report.clues.values())
    assert report.softlocks == 0
    loss = report.losses["who_tore"]
    assert not loss.clock and [m.label for m in loss.path] == ["Go in", "Wait for evening"]


@pytest.mark.parametrize("ending", ["solved", "wrong", "lost"])
def test_walkthroughs_play_through_the_real_cli(ending: str, tmp_path: Path) -> None:
    made = ghostlight("explore", str(SAMPLE), "--walkthrough", ending)
    assert made.returncode == 0, made.stderr
    lines = made.stdout
    assert lines.strip() and all(line for line in lines.splitlines())
    played = ghostlight("play", "--new", "--plain", str(SAMPLE), stdin=lines)
    assert played.returncode == 0, played.stderr
    assert f"THE END: {load_story(SAMPLE).endings[ending].title}" in played.stdout
    assert "(ending:" not in played.stdout  # the id is the story's, never shown


def test_walkthrough_of_an_unknown_or_unreachable_ending(write_story) -> None:
    result = ghostlight("explore", str(SAMPLE), "--walkthrough", "solvd")
    assert result.returncode == 1 and "did you mean 'solved'" in result.stderr
    result = ghostlight("explore", str(write_story(UNREACHABLE)), "--walkthrough", "secret")
    assert result.returncode == 1 and "no play reaches it" in result.stderr


def test_coverage_counts_endings_and_clues() -> None:
    result = ghostlight("explore", str(SAMPLE), "--coverage", "30", "--seed", "4")
    assert result.returncode == 0, result.stderr
    assert "coverage: 30 random playthroughs" in result.stdout
    assert "torn_page" in result.stdout and "solved" in result.stdout
    again = ghostlight("explore", str(SAMPLE), "--coverage", "30", "--seed", "4")
    assert again.stdout == result.stdout  # seeded: the same runs every time


def test_bad_input_is_one_line_and_exit_1(tmp_path: Path) -> None:
    result = ghostlight("explore", str(tmp_path / "missing"))
    assert result.returncode == 1
    assert "E100" in result.stderr and "Traceback" not in result.stderr
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "story.yaml").write_text("id: x\nstart: [\n")
    result = ghostlight("explore", str(broken))
    assert result.returncode == 1 and "E101" in result.stderr and "Traceback" not in result.stderr


# --- the reductions, checked against a search with none ------------------------------------

RICH = {"story.yaml": """
id: rich
title: Rich
start: a.hall
first_act: one
include: [parts/*.yaml]
flags: [lamp, told]
counters: {knocks: 0}
acts:
  one: {title: One, time: 4, credibility: 1, start: a.hall, on_timeout: a.dusk}
  two: {title: Two, time: 3, start: b.night, on_timeout: lost}
accusation:
  if: act == 2
  culprit: Who?
  questions:
    - id: why
      prompt: Why?
      options: {why.money: Money, why.love: Love, why.fear: Fear}
  evidence: {count: 1}
  endings: [solved, half, wrong]
endings:
  solved: {title: Solved, text: Yes., if: accused(ann) and chose(why.money) and confirmed(d1) and evidence(ring)}
  half: {title: Half, text: Almost., if: accused(ann)}
  wrong: {title: Wrong, text: No.}
  lost: {title: Lost, text: Too late.}
  early: {title: Early, text: You ran.}
""", "parts/a.yaml": """
clues:
  ring: {name: A ring, tags: [means]}
  note: {name: A note, tags: [motive]}
  mud: {name: Mud}
suspects:
  ann: {name: Ann, motive: {note: m, shown_by: [note]}, means: {note: m, shown_by: [ring]}, opportunity: {note: o}}
  bo: {name: Bo, motive: {note: m}, means: {note: m}, opportunity: {note: o, ruled_out_by: [mud]}}
topics:
  ann.hello: {suspect: ann, title: Hello, text: Hi.}
  ann.ring: {suspect: ann, title: The ring, text: Mine., if: has(ring), cost: 1, do: [{set: told}]}
  bo.mud: {suspect: bo, title: Mud, text: Garden., cost: 1, do: [{gain: mud}]}
testimonies:
  ann.story:
    suspect: ann
    title: Her story
    statements:
      - {id: ann.s1, text: I was out., press: Out!}
      - {id: ann.s2, text: I never wrote., contradicted_by: [note], on_break: [{gain: ring}]}
deductions:
  d1:
    title: Ann did it
    slots:
      - {id: d1.who, prompt: Who, suspect: [ann]}
      - {id: d1.why, prompt: Why, clue: [ring, note]}
events:
  knock: {if: time <= 2, do: [{add: {knocks: 1}}]}
  second: {if: count(knocks) >= 1 and flag(told), text: A second knock., do: [{set: lamp}]}
scenes:
  a.hall:
    text: A hall.
    exits: [a.study]
    choices:
      - {text: Look at the ceiling, once: true}
      - {text: Talk to Ann, do: [{talk: ann}]}
      - {text: Talk to Bo, do: [{talk: bo}]}
      - {text: Run away, if: flag(lamp), goto: early}
  a.study:
    text: A study.
    exits: [a.hall]
    choices:
      - {text: Search the desk, once: true, cost: 1, do: [{gain: note}]}
      - {text: Sit, fallback: true, goto: a.hall}
  a.dusk:
    text: Dusk.
    choices:
      - {text: Go on, do: [{start_act: two}]}
  b.night:
    text: Night.
    choices:
      - {text: Wait, fallback: true, goto: lost}
      - {text: Talk to Ann, do: [{talk: ann}]}
"""}


def naive(story) -> tuple[set[str], set[str], bool]:
    """Breadth-first search with no reductions at all: every action, every deduction attempt,
    every answer; states differ by everything but the turn counter. Endings, clues, soft-lock."""
    start, _ = e.new_game(story)
    # Visit counts are kept unless no condition reads them at all (then they only grow).
    reads_visits = any(f in ("visited", "visits") for f, _ in Rules(story).facts.reads)
    key = lambda s: replace(s, turn=0, visits=s.visits if reads_visits else ())  # noqa: E731
    seen = {key(start): start}
    order = [key(start)]
    succ: dict = {}
    queue = deque([start])
    endings, clues = set(), set(start.clues)
    while queue:
        s = queue.popleft()
        actions = list(e.available_actions(story, s))
        if not s.ended and not isinstance(s.mode, Accusing):
            for d in story.deductions.values():
                pools = []
                for slot in d.slots:
                    pools.append([o for o, _ in slot.options] if slot.kind == "options" else
                                 [p.id for p in story.suspects] if slot.kind == "suspect" else sorted(s.clues))
                for combo in product(*pools):
                    actions.append(e.Deduce(d.id, tuple((slot.id, v) for slot, v in zip(d.slots, combo))))
            if isinstance(s.mode, e.Talking) and e.accusation_open(story, s):
                actions.append(e.Accuse())
        out = []
        for action in actions:
            new, _ = e.step(story, s, action)
            k = key(new)
            clues |= new.clues
            if new.ended:
                endings.add(new.ending)
            if k not in seen:
                seen[k] = new
                order.append(k)
                queue.append(new)
            out.append(k)
        succ[key(s)] = out
    good = {k for k, s in seen.items() if s.ended}
    changed = True
    while changed:
        changed = False
        for k, out in succ.items():
            if k not in good and any(o in good for o in out):
                good.add(k)
                changed = True
    return endings, clues, len(good) < len(seen)


@pytest.mark.parametrize("name", ["rich", "softlock", "unreachable", "restart"])
def test_the_reduced_search_agrees_with_the_naive_one(name, write_story) -> None:
    files = {"rich": RICH, "softlock": SOFTLOCK, "unreachable": UNREACHABLE, "restart": RESTART}[name]
    story = load_story(write_story(files))
    endings, clues, locked = naive(story)
    report = explore(story)
    assert report.exhaustive
    assert {x for x, p in report.endings.items() if p is not None} == endings
    assert {c for c, p in report.clues.items() if p is not None} == clues
    assert bool(report.softlocks) == locked


def test_the_reduced_search_agrees_on_the_sample() -> None:
    story = load_story(SAMPLE)
    endings, clues, locked = naive(story)
    report = explore(story)
    assert {x for x, p in report.endings.items() if p is not None} == endings
    assert {c for c, p in report.clues.items() if p is not None} == clues
    assert bool(report.softlocks) == locked


def test_every_proved_path_replays_with_the_engine(write_story) -> None:
    story = load_story(write_story(RICH))
    report = explore(story)
    for ending, path in report.endings.items():
        if path is not None:
            lines, state = input_lines(story, path)
            assert state.ending == ending and lines
    for clue, path in report.clues.items():
        state, _ = e.new_game(story)
        for move in path or []:
            state = apply_move(story, state, move)
        assert clue in state.clues


def test_the_reductions_shrink_the_search(write_story) -> None:
    story = load_story(write_story(RICH))
    rules = Rules(story)
    assert "a.hall#look-at-the-ceiling" in rules.pure_choices
    assert "ann.hello" in rules.pure_topics
    assert rules.deferred == {"d1"}
    assert explore(story, rules=rules).states < 5000


# --- no soft-lock, proved without the search (game/authoring/escape.py) ----------------------------

RESTART = {"parts/a.yaml": """
scenes:
  a.start:
    text: A hall with one door.
    exits: [b.clock]
  b.clock:
    text: The clock on the wall winds itself back, and you are in the hall again.
    on_enter: [{start_act: one}]
    exits: [a.start]
"""}


def _proved(story) -> bool:
    from game.authoring.escape import prove
    from game.authoring.facts import collect
    from game.authoring.reach import reach

    facts = collect(story)
    return prove(story, facts, reach(story, facts))[0]


@pytest.mark.parametrize("files", [RICH, SOFTLOCK, UNREACHABLE, RESTART],
                         ids=["rich", "softlock", "unreachable", "restart"])
def test_the_static_proof_never_clears_a_story_that_can_soft_lock(files, write_story) -> None:
    story = load_story(write_story(files))
    _, _, locked = naive(story)
    if _proved(story):
        assert not locked
    if files is SOFTLOCK or files is RESTART:
        assert locked and not _proved(story)


def test_the_static_proof_clears_the_bundled_case_and_the_sample() -> None:
    from tests.conftest import BUNDLED

    assert _proved(load_story(BUNDLED))
    assert _proved(load_story(SAMPLE))


def test_a_partial_search_reports_the_static_proof(write_story) -> None:
    report = explore(load_story(SAMPLE), max_states=50)
    assert not report.exhaustive and report.softlocks == 0 and report.softlock_proved
    assert not report.holds  # the other properties still need the whole search


def test_the_time_limit_is_only_a_safety_net_and_says_so() -> None:
    from tests.conftest import BUNDLED

    result = ghostlight("explore", str(BUNDLED), "--max-seconds", "0.001")
    assert result.returncode == 1
    assert "CUT SHORT by the time limit" in result.stdout
    assert "NOT PROVED: cut short by the time limit" in result.stdout
    # It claims no cause it did not establish: no "closest play", no "never".
    assert "closest play" not in result.stdout and "NEVER" not in result.stdout
    made = ghostlight("explore", str(BUNDLED), "--walkthrough", "full_truth", "--max-seconds", "0.001")
    assert made.returncode == 1 and "cut short by the time limit" in made.stderr


BUNDLED_ENDINGS = ("full_truth", "ghost_light", "collateral", "scapegoat")


@pytest.mark.slow
@pytest.mark.parametrize("ending", BUNDLED_ENDINGS)
def test_every_bundled_walkthrough_plays_through_the_real_cli(ending: str) -> None:
    # No time budget: the searches are bounded by counts, so this passes on any machine.
    from tests.conftest import BUNDLED

    made = ghostlight("explore", str(BUNDLED), "--walkthrough", ending)
    assert made.returncode == 0, made.stderr
    played = ghostlight("play", "--new", "--plain", str(BUNDLED), stdin=made.stdout)
    assert played.returncode == 0, played.stderr
    assert f"THE END: {load_story(BUNDLED).endings[ending].title}" in played.stdout


BURNER = "import time\nend = time.monotonic() + 600\nwhile time.monotonic() < end:\n    pass\n"


def _verdict_lines(result: subprocess.CompletedProcess) -> list[str]:
    """The report without its last line, the only one that may differ between machines."""
    lines = result.stdout.splitlines()
    assert lines and "states/s" in lines[-1], result.stdout + result.stderr
    return lines[:-1]


@pytest.mark.slow
def test_explore_gives_the_same_report_twice_with_two_cpu_burners_alongside(tmp_path: Path) -> None:
    import shutil

    from tests.conftest import BUNDLED

    # A planted fault in a copy of the case: an ending nothing leads to. With a small state
    # budget the search is partial, which is where a time budget used to change the answer.
    planted = tmp_path / "planted"
    shutil.copytree(BUNDLED, planted)
    with open(planted / "endings.yaml", "a", encoding="utf-8") as handle:
        handle.write("  lost_forever: {title: Lost, text: Nobody ever gets here.}\n")
    # Small budgets keep the test short; they are counts, so each run stops at the same state.
    runs = [(str(BUNDLED), "--max-states", "4000"), (str(planted), "--max-states", "3000")]
    burners = [subprocess.Popen([sys.executable, "-c", BURNER]) for _ in range(2)]
    try:
        reports = []
        for _ in range(2):
            started = [subprocess.Popen([sys.executable, "-m", "game", "explore", *args], stdout=subprocess.PIPE,
                                        stderr=subprocess.PIPE, text=True, cwd=ROOT) for args in runs]
            outs = []
            for process, args in zip(started, runs):
                stdout, stderr = process.communicate(timeout=900)  # a safety net against a hang
                outs.append(subprocess.CompletedProcess(args, process.returncode, stdout, stderr))
            reports.append(outs)
    finally:
        for burner in burners:
            burner.kill()
            burner.wait()
    (bundled_1, planted_1), (bundled_2, planted_2) = reports
    assert _verdict_lines(bundled_1) == _verdict_lines(bundled_2)
    assert _verdict_lines(planted_1) == _verdict_lines(planted_2)
    assert "soft-locks: none, PROVED without the search" in bundled_1.stdout
    assert "cut short" not in bundled_1.stdout + planted_1.stdout
    assert planted_1.returncode == planted_2.returncode == 1
    assert "lost_forever: not reached" in planted_1.stdout
