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


def _bytes(story: Path, branches: list[Path]) -> int:
    _story, _findings, sources, _layered = read_layered(story, branches)
    assert sources is not None
    return sum(Path(p).stat().st_size for p in sources.files)


def _paired(first, second, runs: int) -> tuple[float, float]:
    """The fastest of ``runs`` calls of each, taken in turn, so that a busy spell of the
    machine slows both alike rather than one of them."""
    import time

    best = [float("inf"), float("inf")]
    for _ in range(runs):
        for index, fn in enumerate((first, second)):
            start = time.perf_counter()
            fn()
            best[index] = min(best[index], time.perf_counter() - start)
    return best[0], best[1]


def main() -> None:
    case_bytes, both_bytes = _bytes(CASE, []), _bytes(CASE, [BRANCH])
    share = (both_bytes - case_bytes) / case_bytes
    print(f"content: case {case_bytes / 1000:.0f} kB, branch {(both_bytes - case_bytes) / 1000:.1f} kB "
          f"(+{share:.1%} of the case)")
    cold_case, cold_both = _paired(lambda: read_layered(CASE, []), lambda: read_layered(CASE, [BRANCH]), 9)
    print(f"cold load, case alone           : {cold_case * 1000:7.1f} ms")
    print(f"cold load, case + wardrobe      : {cold_both * 1000:7.1f} ms   "
          f"+{cold_both / cold_case - 1:.1%} (its share of the content: +{share:.1%})")
    with tempfile.TemporaryDirectory() as tmp:
        cache = Path(tmp)
        load_story_cached(CASE, cache)
        load_story_cached(CASE, cache, branches=[BRANCH])
        warm_case, warm_both = _paired(lambda: load_story_cached(CASE, cache),
                                       lambda: load_story_cached(CASE, cache, branches=[BRANCH]), 25)
    print(f"warm load, case alone           : {warm_case * 1000:7.1f} ms   ({cold_case / warm_case:.0f}x faster than cold)")
    print(f"warm load, case + wardrobe      : {warm_both * 1000:7.1f} ms   "
          f"+{warm_both / warm_case - 1:.1%} ({cold_both / warm_both:.0f}x faster than cold)")


if __name__ == "__main__":
    main()
