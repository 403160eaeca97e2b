"""Benchmarks for saves (issue 5). Run: python -m tests.perf.bench_saves

Not collected by pytest (the file name does not match ``test_*.py``). Every figure is printed
beside a baseline measured in the same run, on the same data and the same disk, as a ratio:

- autosave after a step, fsync on (target: median under 5 ms), against ``json.dump`` of the
  same document to a file plus flush and fsync;
- the size of a save after a full playthrough with its undo history (aim: under 64 KB),
  against the same history stored as whole states;
- loading a slot (target: median under 20 ms), against ``json.load`` of the same file.

Everything is written to a temporary folder, never to the real ``saves/``.
"""

from __future__ import annotations

import json
import os
import statistics
import tempfile
import time
from pathlib import Path
from typing import Callable

from game.core import engine as e
from game.play.session import Session
from game.loading.loader import load_story
from game.saves.document import build_save, encode
from game.saves.slots import SaveKeeper, load_game
from game.saves.codec import state_to_json
from tests.save_helpers import SOLUTION, play

ROOT = Path(__file__).resolve().parent.parent.parent
SAMPLE = ROOT / "tests" / "stories" / "sample"

def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def walk(story, session: Session) -> None:
    """One step between the hall and the study, rewinding the clock so the act never ends."""
    from game.core import record

    if session.state.time <= 1:
        session.state = record.replace(session.state, time=8)
    actions = e.available_actions(story, session.state)
    session.apply(next((a for a in actions if isinstance(a, e.Go)), actions[0]))


def baseline_dump(document: dict, path: Path) -> float:
    """A plain ``json.dump`` of the same document, flushed and fsynced."""
    def write() -> None:
        with open(path, "w", encoding="utf-8") as handle:
            json.dump(document, handle)
            handle.flush()
            os.fsync(handle.fileno())
    return timed(write)


def baseline_dumps(document: dict, path: Path) -> float:
    """The stricter baseline: ``json.dumps`` (the C encoder) written in one go, then fsync."""
    def write() -> None:
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(json.dumps(document))
            handle.flush()
            os.fsync(handle.fileno())
    return timed(write)


def bench_autosave(story, folder: Path, label: str, prefill: int, steps: int) -> None:
    keeper = SaveKeeper(folder, story)
    session = Session(story, e.new_game(story)[0])
    for _ in range(prefill):
        walk(story, session)
    ours, base, strict = [], [], []
    for _ in range(steps):
        walk(story, session)
        ours.append(timed(lambda: keeper.autosave(session)))
        document = build_save(story, session.state, session.undo, session.transcript, slot="autosave",
                              saved_at=time.time(), played=0, cache=keeper.cache)
        base.append(baseline_dump(document, folder / "baseline.json"))
        strict.append(baseline_dumps(document, folder / "baseline.json"))
    report_autosave(f"autosave after a step, {label}", ours, base, strict)


def report_autosave(label: str, ours: list[float], base: list[float], strict: list[float]) -> None:
    mine, theirs, tight = median_ms(ours), median_ms(base), median_ms(strict)
    print(f"{label:<48}: {mine:6.2f} ms median (p90 {statistics.quantiles(ours, n=10)[-1] * 1000:.2f}) "
          f"| json.dump+fsync {theirs:5.2f} ms, ratio {mine / theirs:.2f}x "
          f"| json.dumps+write+fsync {tight:5.2f} ms, ratio {mine / tight:.2f}x | target < 5 ms")


def bench_size(story, folder: Path) -> Path:
    session = play(story, SOLUTION)
    assert session.state.ending == "solved"
    keeper = SaveKeeper(folder, story)
    keeper.save("full", session)
    size = (folder / "full.json").stat().st_size
    whole = len(json.dumps({"state": state_to_json(session.state, story),
                            "undo": [state_to_json(s, story) for s in session.undo]}).encode())
    print(f"save size, full playthrough ({len(session.undo)} undo steps)  : {size / 1024:6.1f} KB "
          f"| same history as whole states {whole / 1024:.1f} KB | ratio {size / whole:.2f}x | aim < 64 KB")

    long = Session(story, e.new_game(story)[0])
    while len(long.undo) < 260:
        walk(story, long)
    keeper.save("long", long)
    size = (folder / "long.json").stat().st_size
    kept = long.undo[-200:]
    whole = len(json.dumps({"state": state_to_json(long.state, story),
                            "undo": [state_to_json(s, story) for s in kept]}).encode())
    print(f"save size, undo at its cap (200 of {len(long.undo)} steps) : {size / 1024:6.1f} KB "
          f"| same history as whole states {whole / 1024:.1f} KB | ratio {size / whole:.2f}x | aim < 64 KB")
    return folder


def bench_load(story, folder: Path, slot: str, label: str, runs: int = 60) -> None:
    path = folder / f"{slot}.json"
    ours = [timed(lambda: load_game(folder, slot, story)) for _ in range(runs)]

    def plain() -> None:
        with open(path, encoding="utf-8") as handle:
            json.load(handle)

    base = [timed(plain) for _ in range(runs)]
    mine, theirs = median_ms(ours), median_ms(base)
    print(f"load a slot, {label:<38}: {mine:6.2f} ms median | json.load {theirs:6.3f} ms | "
          f"ratio {mine / theirs:.1f}x | target < 20 ms")


def bundled_walk(story, steps: int, seed: int = 5) -> Session:
    """A seeded random walk through a bigger story, stepping back from any ending so the
    undo history keeps growing (the bundled case is still being written: no fixed solution)."""
    import random

    rng = random.Random(seed)
    session = Session(story, e.new_game(story)[0])
    tries = 0
    while len(session.undo) < steps and tries < steps * 20:
        tries += 1
        actions = [a for a in e.available_actions(story, session.state) if not isinstance(a, e.Deduce)]
        if not actions:
            break
        before = session.state
        session.apply(rng.choice(actions))
        if session.state.ended:
            session.state = session.undo.pop()
            session.transcript.pop()
        elif session.state is before:
            continue
    return session


def bench_bundled(folder: Path) -> None:
    from game.core.errors import StoryError

    try:
        story = load_story(ROOT / "story")
    except StoryError as exc:
        print(f"bundled story: skipped ({exc})")
        return
    session = bundled_walk(story, 260)
    keeper = SaveKeeper(folder, story)
    keeper.save("bundled", session)
    size = (folder / "bundled.json").stat().st_size
    kept = session.undo[-200:]
    whole = len(json.dumps({"state": state_to_json(session.state, story),
                            "undo": [state_to_json(s, story) for s in kept]}).encode())
    print(f"bundled story ({len(story.scenes)} scenes, {len(story.clues)} clues), random walk of {len(session.undo)} steps:")
    print(f"  save size with undo at its cap : {size / 1024:6.1f} KB | as whole states {whole / 1024:.1f} KB | "
          f"ratio {size / whole:.2f}x | aim < 64 KB")
    ours, base, strict = [], [], []
    for _ in range(40):
        before = len(session.undo)
        actions = [a for a in e.available_actions(story, session.state) if not isinstance(a, e.Deduce)]
        session.apply(actions[0])
        if session.state.ended or len(session.undo) == before:
            if session.state.ended:
                session.state = session.undo.pop()
                session.transcript.pop()
            continue
        ours.append(timed(lambda: keeper.autosave(session)))
        document = build_save(story, session.state, session.undo, session.transcript, slot="autosave",
                              saved_at=time.time(), played=0, cache=keeper.cache)
        base.append(baseline_dump(document, folder / "baseline.json"))
        strict.append(baseline_dumps(document, folder / "baseline.json"))
    if len(ours) > 1:
        report_autosave("  autosave after a step", ours, base, strict)
    bench_load(story, folder, "bundled", "bundled story, undo at its cap")


def main() -> None:
    story = load_story(SAMPLE)
    with tempfile.TemporaryDirectory(dir=ROOT / "tests" / "perf") as tmp:
        # On the checkout's disk (not a RAM-backed /tmp), so fsync costs what it costs a player.
        folder = Path(tmp)
        print(f"sample story; saves written to {folder} (fsync on)")
        bench_autosave(story, folder, "early (10 undo steps)", 0, 10)
        bench_autosave(story, folder, "undo at its cap (200)", 250, 60)
        bench_size(story, folder)
        bench_load(story, folder, "full", "full playthrough (16 undo steps)")
        bench_load(story, folder, "long", "undo at its cap (200 undo steps)")
        document = json.loads((folder / "long.json").read_text())
        print(f"(for scale: encode alone of the capped save: "
              f"{median_ms([timed(lambda: encode(document)) for _ in range(50)]):.2f} ms)")
        bench_bundled(folder)


if __name__ == "__main__":
    main()
