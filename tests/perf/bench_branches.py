"""Benchmarks for branches (issue 14). Run: python -m tests.perf.bench_branches

Loading the case with the shipped branch (story/branches/wardrobe), cold and warm, against the
case alone in the same run. The branch should cost no more than its share of the content: the
extra load time, as a fraction of the case's, should not exceed the branch's share of the bytes
(printed beside it).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from game.loading.branches import read_layered
from game.loading.cache import load_story_cached

ROOT = Path(__file__).resolve().parents[2]
CASE = ROOT / "story"
BRANCH = CASE / "branches" / "wardrobe"


def _files(story: Path, branches: list[Path]) -> list[str]:
    _story, _findings, sources, _layered = read_layered(story, branches)
    assert sources is not None
    return list(sources.files)


def _bytes(story: Path, branches: list[Path]) -> int:
    return sum(Path(p).stat().st_size for p in _files(story, branches))


def _paired(first, second, runs: int) -> tuple[float, float]:
    """The fastest of ``runs`` calls of each, taken in turn, so that a busy spell of the
    machine slows both alike rather than one of them; timed in this process's CPU time, which
    other people's work on a shared machine disturbs far less than the wall clock."""
    import time

    best = [float("inf"), float("inf")]
    for _ in range(runs):
        for index, fn in enumerate((first, second)):
            start = time.process_time()
            fn()
            best[index] = min(best[index], time.process_time() - start)
    return best[0], best[1]


def _calls(fn) -> int:
    """Python function calls made by ``fn()``: a count, the same on a busy machine as on an idle one."""
    import cProfile
    import pstats

    profile = cProfile.Profile()
    profile.enable()
    fn()
    profile.disable()
    return pstats.Stats(profile).total_calls  # type: ignore[attr-defined]


def main() -> None:
    case_bytes, both_bytes = _bytes(CASE, []), _bytes(CASE, [BRANCH])
    share = (both_bytes - case_bytes) / case_bytes
    files = (len(_files(CASE, [])), len(_files(CASE, [BRANCH])))
    print(f"content: case {case_bytes / 1000:.0f} kB in {files[0]} files, branch {(both_bytes - case_bytes) / 1000:.1f} kB "
          f"in {files[1] - files[0]} (+{share:.1%} of the bytes, +{files[1] / files[0] - 1:.0%} of the files)")
    cold_case, cold_both = _paired(lambda: read_layered(CASE, []), lambda: read_layered(CASE, [BRANCH]), 15)
    print(f"cold load, case alone           : {cold_case * 1000:7.1f} ms")
    print(f"cold load, case + wardrobe      : {cold_both * 1000:7.1f} ms   "
          f"{cold_both / cold_case - 1:+.1%} (its share of the content: +{share:.1%})")
    with tempfile.TemporaryDirectory() as tmp:
        cache = Path(tmp)
        load_story_cached(CASE, cache)
        load_story_cached(CASE, cache, branches=[BRANCH])
        warm_case, warm_both = _paired(lambda: load_story_cached(CASE, cache),
                                       lambda: load_story_cached(CASE, cache, branches=[BRANCH]), 60)
        for name, fn in (("cold", read_layered), ("warm", lambda c, b: load_story_cached(c, cache, branches=b))):
            fn(CASE, []), fn(CASE, [BRANCH])  # one-time costs (imports, converter tables) out of the count
            alone, both = _calls(lambda: fn(CASE, [])), _calls(lambda: fn(CASE, [BRANCH]))
            print(f"{name} load, function calls    : case {alone}, case + wardrobe {both} ({both / alone - 1:+.1%})")
    print(f"warm load, case alone           : {warm_case * 1000:7.1f} ms   ({cold_case / warm_case:.0f}x faster than cold)")
    print(f"warm load, case + wardrobe      : {warm_both * 1000:7.1f} ms   "
          f"{warm_both / warm_case - 1:+.1%} ({cold_both / warm_both:.0f}x faster than cold)")


if __name__ == "__main__":
    main()
