"""Benchmarks for loading and stepping (issue 2). Run: python -m tests.perf.bench_load

Every figure is printed beside a baseline measured in the same run, as a ratio, because
absolute times drift on shared machines.
"""

from __future__ import annotations

import gc
import hashlib
import statistics
import tempfile
import time
from pathlib import Path

import yaml

from game.loading.cache import load_story_cached
from game.core.engine import available_actions, new_game, step
from game.loading.loader import load_story
from tests.perf.generate import generate_story
from tests.perf.timing import best_of

SAMPLE = Path(__file__).resolve().parent.parent / "stories" / "sample"




def _without_gc(fn):
    enabled = gc.isenabled()
    gc.disable()
    try:
        return fn()
    finally:
        if enabled:
            gc.enable()


def _timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def bench_warm(manifest: Path, cache: Path, files: list[Path], cold: float, rounds: int = 5, runs: int = 7) -> None:
    """Warm against cold, round by round: each round times one cold load, then the median of
    ``runs`` warm loads and of ``runs`` passes of the floor, so a busy spell hits all three.

    The floor is what no warm load can skip: reading and hashing every file of the story,
    which is how the cache knows the entry is still current."""

    def floor() -> None:
        for path in files:
            hashlib.sha256(path.read_bytes()).hexdigest()

    colds, warms, floors = [], [], []
    for _ in range(rounds):
        colds.append(_timed(lambda: load_story(manifest)))
        warms.append(statistics.median(_timed(lambda: load_story_cached(manifest, cache)) for _ in range(runs)))
        floors.append(statistics.median(_timed(floor) for _ in range(runs)))
    ratios = sorted(c / w for c, w in zip(colds, warms))
    to_floor = sorted(w / f for w, f in zip(warms, floors))
    warm = min(warms)
    print(f"warm load from compiled cache   : {warm * 1000:8.1f} ms   {cold / warm:.1f}x faster than the best cold "
          f"(target >= 40x)")
    print(f"  round by round ({rounds} rounds, cold once against the median of {runs} warm): "
          f"{ratios[0]:.1f}x min, {statistics.median(ratios):.1f}x median, {ratios[-1]:.1f}x max")
    print(f"  floor, reading and hashing the story's {len(files)} files: {min(floors) * 1000:.1f} ms; "
          f"warm load / floor {to_floor[0]:.2f}x min, {statistics.median(to_floor):.2f}x median, {to_floor[-1]:.2f}x max")


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        manifest = generate_story(Path(tmp) / "story")
        files = sorted(manifest.parent.rglob("*.yaml"))
        texts = [f.read_text(encoding="utf-8") for f in files]
        size = sum(len(t) for t in texts)
        print(f"generated story: {len(files)} files, {size / 1e6:.1f} MB")

        baseline = best_of(lambda: [yaml.load(t, Loader=yaml.CSafeLoader) for t in texts])
        baseline_nogc = best_of(lambda: _without_gc(lambda: [yaml.load(t, Loader=yaml.CSafeLoader) for t in texts]))
        cold = best_of(lambda: load_story(manifest))
        print(f"libyaml CSafeLoader parse alone : {baseline * 1000:8.1f} ms "
              f"({baseline_nogc * 1000:.1f} ms with the garbage collector paused, as the loader does)")
        print(f"cold load into the model        : {cold * 1000:8.1f} ms   ratio {cold / baseline:.2f}x (target <= 1.25x); "
              f"{cold / baseline_nogc:.2f}x against the paused-collector parse")

        cache = Path(tmp) / "cache"
        load_story_cached(manifest, cache)  # fill the cache
        bench_warm(manifest, cache, files, cold)

    story = load_story(SAMPLE)
    state, _ = new_game(story)
    first = available_actions(story, state)[0]
    samples = []
    for _ in range(2000):
        start = time.perf_counter()
        step(story, state, first)
        samples.append(time.perf_counter() - start)
    noop = []
    for _ in range(2000):
        start = time.perf_counter()
        available_actions(story, state)
        noop.append(time.perf_counter() - start)
    median = statistics.median(samples)
    print(f"engine step on the sample story : {median * 1e3:8.3f} ms median (target < 0.2 ms); "
          f"listing actions alone {statistics.median(noop) * 1e3:.3f} ms, ratio {median / statistics.median(noop):.1f}x")


if __name__ == "__main__":
    main()
