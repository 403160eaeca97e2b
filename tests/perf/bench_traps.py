"""Benchmark for W424, the testimony order trap (issue 11). Run: python -m tests.perf.bench_traps

Not collected by pytest. Prints, in one run, the time of the W424 proof alone against the whole
of lint (its baseline, measured in the same run) on the bundled case and on the generated
10,000-scene story, with the count of (statement, testimony) pairs it judged.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from game.authoring import traps
from game.authoring.facts import collect
from game.authoring.lint import lint
from game.authoring.reach import reach
from game.loading.loader import read_story
from tests.perf.timing import best_of

ROOT = Path(__file__).resolve().parent.parent.parent


def _measure(label: str, folder: Path) -> None:
    story, findings = read_story(folder)
    assert story is not None, "\n".join(map(str, findings[:5]))
    facts = collect(story)
    r = reach(story, facts)
    pairs = sum(len(t.statements) for t in story.testimonies.values()) * len(story.testimonies)
    alone = best_of(lambda: traps.trap_findings(story, facts, r), runs=5)
    whole = best_of(lambda: lint(story), runs=3)
    print(f"W424, {label:<16}: {alone * 1000:.2f} ms for at most {pairs} statement x testimony pairs, against "
          f"the whole lint's {whole * 1000:.0f} ms in the same run: {alone / whole:.1%} of it")


def main() -> None:
    _measure("bundled case", ROOT / "story")
    from tests.perf.generate import generate_story
    with tempfile.TemporaryDirectory() as tmp:
        _measure("10,000 scenes", generate_story(Path(tmp) / "gen", scenes=10_000, files=20))


if __name__ == "__main__":
    main()
