"""The proofs checked by machine: small random stories, every proved verdict against brute force.

A seeded generator writes two-act stories from the pieces the proofs reason about (goto,
start_act, talk, spend, if, counters, tags, time, credibility, once, fallbacks, events). For each,
the soft-lock proof (escape.py) and the lost-deduction proof (keep.py) give a verdict; whenever
one says "proved", a search with no reductions over every state (tests/test_keep.py) must agree.
The budget is a count of stories and of states, never a time: the same stories every run.
"""

from __future__ import annotations

import random
from collections import deque
from game.core.record import replace

import pytest

from game.authoring.escape import prove
from game.authoring.facts import collect
from game.authoring.keep import prove_kept
from game.authoring.reach import reach
from game.core import engine as e
from game.loading.loader import read_story
from tests.test_keep import TooBig, _graph, structural_losses

SEED = 20261201
STORIES = 60  # stories generated per run (a count, so every run checks the same ones)
MAX_STATES = 1500  # a story whose brute-force graph is bigger is skipped, and counted
KEEP_STATES = 500  # the lost-deduction check builds a graph per state: only on stories this small

MANIFEST = """id: fuzz
title: Fuzz
start: a.s0
first_act: one
include: [parts/*.yaml]
flags: [f1, f2]
counters: {c: 0}
acts:
  one: {title: One, time: %(t1)d, credibility: 2, start: a.s0, on_timeout: a.dusk}
  two: {title: Two, time: %(t2)d, credibility: 2, start: b.s0, on_timeout: late}
accusation:
  if: act == 2
  culprit: Who did it?
  endings: [solved, wrong]
endings:
  solved: {title: Solved, text: Yes., if: accused(ann) and confirmed(d1)}
  wrong: {title: Wrong, text: No.}
  late: {title: Late, text: Too late.}
"""

CONDITIONS = ["flag(f1)", "not flag(f1)", "flag(f2)", "count(c) >= 1", "count(c) < 1", "clues(hard) >= 1",
              "time <= 2", "time > 1", "credibility >= 2", "has(ring)", "not has(ring)", "not has(note)"]


class _Writer:
    """One random story, as YAML text."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.scenes = {"a": [f"a.s{i}" for i in range(rng.randint(2, 3))],
                       "b": [f"b.s{i}" for i in range(rng.randint(2, 3))]}

    def effect(self, act: str, depth: int = 0) -> str:
        rng = self.rng
        kind = rng.choice(["gain", "gain", "set", "add", "spend", "goto", "start", "talk", "if", "clear"])
        if kind == "gain":
            return "{gain: %s}" % rng.choice(["ring", "note"])
        if kind == "set":
            return "{set: %s}" % rng.choice(["f1", "f2"])
        if kind == "clear":
            return "{clear: f1}"
        if kind == "add":
            return "{add: {c: %d}}" % rng.choice([1, -1])
        if kind == "spend":
            return "{spend: %d}" % rng.randint(1, 2)
        if kind == "goto":
            return "{goto: %s}" % rng.choice(self.scenes[act] + ["wrong"])
        if kind == "start":
            return "{start_act: two}"
        if kind == "talk":
            return "{talk: %s}" % rng.choice(["ann", "bo"])
        if depth > 0:
            return "{say: Nothing.}"
        return "{if: '%s', then: [%s], else: [%s]}" % (
            rng.choice(CONDITIONS), self.effect(act, 1), self.effect(act, 1))

    def effects(self, act: str, most: int = 2) -> str:
        return "[" + ", ".join(self.effect(act) for _ in range(self.rng.randint(0, most))) + "]"

    def choice(self, act: str) -> str:
        rng = self.rng
        parts = [f"text: C{rng.randint(0, 999)}"]
        if rng.random() < 0.4:
            parts.append(f"if: '{rng.choice(CONDITIONS)}'")
        if rng.random() < 0.4:
            parts.append("once: true")
        if rng.random() < 0.3:
            parts.append(f"cost: {rng.randint(1, 2)}")
        if rng.random() < 0.15:
            parts.append("fallback: true")
        if rng.random() < 0.4:
            parts.append(f"goto: {rng.choice(self.scenes[act])}")
        parts.append(f"do: {self.effects(act)}")
        return "      - {" + ", ".join(parts) + "}"

    def scene(self, act: str, scene: str) -> str:
        rng = self.rng
        lines = [f"  {scene}:", f"    text: Scene {scene}."]
        others = [s for s in self.scenes[act] if s != scene]
        exits = rng.sample(others, rng.randint(0, len(others)))
        if exits:
            lines.append(f"    exits: [{', '.join(exits)}]")
        if rng.random() < 0.25:
            lines.append(f"    on_enter: [{self.effect(act, 1)}]")
        lines.append("    choices:")
        lines += [self.choice(act) for _ in range(rng.randint(1, 3))]
        if act == "b" and rng.random() < 0.6:  # the usual "search again if you missed it"
            clue = rng.choice(["ring", "note"])
            lines.append(f"      - {{text: Search, if: 'not has({clue})', cost: 1, do: [{{gain: {clue}}}]}}")
        return "\n".join(lines)

    def part(self) -> str:
        rng = self.rng
        events = ""
        if rng.random() < 0.3:
            act = rng.choice(["one", "two"])
            events = ("events:\n  ev:\n    act: %s\n    if: '%s'\n    once: %s\n    do: [%s]\n" % (
                act, rng.choice(CONDITIONS), rng.choice(["true", "false"]),
                self.effect("a" if act == "one" else "b", 1)))
        topics = "\n".join(
            f"  {p}.t{i}: {{suspect: {p}, title: T{i}, text: Hm., cost: {rng.randint(0, 1)}, "
            f"do: {self.effects(rng.choice('ab'), 1)}}}"
            for p in ("ann", "bo") for i in range(rng.randint(1, 2)))
        return f"""clues:
  ring: {{name: A ring, tags: [hard]}}
  note: {{name: A note}}
suspects:
  ann: {{name: Ann, motive: {{note: m, shown_by: [note]}}, means: {{note: m, shown_by: [ring]}}, opportunity: {{note: o}}}}
  bo: {{name: Bo, motive: {{note: m}}, means: {{note: m}}, opportunity: {{note: o}}}}
topics:
{topics}
testimonies:
  ann.night:
    suspect: ann
    title: Her night
    statements:
      - {{id: ann.s1, text: I slept., contradicted_by: [ring], on_break: [{{set: f2}}]}}
deductions:
  d1:
    title: Ann did it
    slots:
      - {{id: d1.who, prompt: Who, suspect: [ann]}}
      - {{id: d1.proof, prompt: Proof, clue: [ring, note]}}
{events}scenes:
  a.dusk:
    text: Dusk.
    choices:
      - {{text: Go on, do: [{rng.choice(["{start_act: two}", "{start_act: two}", "{start_act: two}, {spend: 1}"])}]}}
""" + "\n".join(self.scene(act, s) for act in ("a", "b") for s in self.scenes[act]) + "\n"

    def manifest(self) -> str:
        rng = self.rng
        return MANIFEST % {"t1": rng.randint(2, 3), "t2": rng.randint(2, 4)}


def _stories(write_story):
    rng = random.Random(SEED)
    for _ in range(STORIES):
        writer = _Writer(rng)
        files = {"story.yaml": writer.manifest(), "parts/a.yaml": writer.part()}
        story, findings = read_story(write_story(files))
        if story is not None:
            yield files, story


def _softlocked(story) -> list:
    """States a play can reach from which no ending can be reached: the definition."""
    start, _ = e.new_game(story)
    seen, succ = _graph(story, start)
    rev: dict = {}
    for k, out in succ.items():
        for o in out:
            rev.setdefault(o, []).append(k)
    good = {k for k, s in seen.items() if s.ended}
    todo = deque(good)
    while todo:
        for prev in rev.get(todo.popleft(), ()):
            if prev not in good:
                good.add(prev)
                todo.append(prev)
    return [s for k, s in seen.items() if k not in good]


def _claim_violations(story) -> list:
    """tests/test_keep.claim_violations, with the graph from each full-clock twin built once
    (states that differ only in time share it): the same answer, a few times faster."""
    start, _ = e.new_game(story)
    seen, _ = _graph(story, start)
    confirmable: dict = {}
    out = []
    for state in seen.values():
        if state.ended:
            continue
        twin = replace(state, time=story.acts[state.act].time, turn=0)
        if twin not in confirmable:
            graph, _ = _graph(story, twin)
            confirmable[twin] = frozenset().union(*(s.confirmed for s in graph.values()))
        out += [(d, state) for d in story.deductions if d not in state.confirmed and d not in confirmable[twin]]
    return out


def _size(story) -> int:
    """States in the brute-force graph, or 0 past MAX_STATES."""
    start, _ = e.new_game(story)
    try:
        return len(_graph(story, start, MAX_STATES)[0])
    except TooBig:
        return 0


@pytest.mark.slow
def test_every_proved_verdict_agrees_with_brute_force_on_random_stories(write_story) -> None:
    checked = {"stories": 0, "skipped": 0, "softlock proofs": 0, "keep proofs": 0}
    for files, story in _stories(write_story):
        size = _size(story)
        if not size:
            checked["skipped"] += 1
            continue
        checked["stories"] += 1
        facts = collect(story)
        r = reach(story, facts)
        if prove(story, facts, r)[0]:
            checked["softlock proofs"] += 1
            locked = _softlocked(story)
            assert not locked, (f"escape.py proved no soft-lock, but this state has no way to an ending: "
                                f"{locked[0]}\n{files}")
        if size <= KEEP_STATES and prove_kept(story, facts, r).proved:
            checked["keep proofs"] += 1
            losses = structural_losses(story)
            assert not losses, f"keep.py proved it, but {losses[0][0]} is lost\n{files}"
            assert not _claim_violations(story), files
    # Not vacuous: most stories are checked, and both proofs say "proved" on some of them.
    assert checked["stories"] >= STORIES // 2, checked
    assert checked["softlock proofs"] >= 5 and checked["keep proofs"] >= 2, checked
