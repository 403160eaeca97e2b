"""Benchmarks for the authors' tools (issue 6). Run: python -m tests.perf.bench_tools

Not collected by pytest. Prints, in one run:

- ``ghostlight explore story`` end to end: wall-clock seconds and whether every property was
  proved for every reachable state (target: under 60 s); then the plain search alone, for its
  states, states per second and whether it was exhaustive;
- ``explore`` throughput on a generated 10,000-scene story (states per second);
- ``validate`` (load + lint) on the generated story against its cold load, as a ratio
  (target < 1.5x).
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from game.loading.loader import read_story
from game.authoring.explore import explore
from game.authoring.lint import lint
from tests.perf.timing import best_of

ROOT = Path(__file__).resolve().parent.parent.parent




def _generated(folder: Path) -> Path:
    try:
        from tests.perf.generate import generate_story
    except ImportError:  # pragma: no cover - the shared generator is missing
        from tests.perf.gen_tools import generate_story  # type: ignore[no-redef]
    return generate_story(folder, scenes=10_000, files=20)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--states", type=int, default=300_000, help="explore budget for the bundled case (states)")
    args = parser.parse_args()

    import subprocess
    import sys
    import time

    started = time.perf_counter()
    run = subprocess.run([sys.executable, "-m", "game", "explore", str(ROOT / "story")], capture_output=True,
                         text=True, cwd=ROOT)
    took = time.perf_counter() - started
    proved = run.returncode == 0 and "PROVED for every state a play can reach" in run.stdout
    print(f"ghostlight explore story : {took:.1f} s wall clock, exit {run.returncode}, every property proved for "
          f"every reachable state: {'yes' if proved else 'NO'} (target: < 20 s quiet)")

    story, findings = read_story(ROOT / "story")
    assert story is not None, "\n".join(map(str, findings))
    report = explore(story, max_states=args.states)
    print(f"explore, bundled case    : {report.states} states ({report.expanded} explored) in {report.seconds:.1f} s, "
          f"{report.per_second:,.0f} states/s, exhaustive: {'yes' if report.exhaustive else 'NO'} "
          f"(the search alone; the proofs cover what it does not reach)")

    with tempfile.TemporaryDirectory() as tmp:
        manifest = _generated(Path(tmp) / "gen")
        big, findings = read_story(manifest)
        assert big is not None, "\n".join(map(str, findings[:5]))
        report = explore(big, max_states=200_000)
        print(f"explore, 10,000 scenes   : {report.states} states in {report.seconds:.1f} s = "
              f"{report.per_second:,.0f} states/s (exhaustive: {'yes' if report.exhaustive else 'no'})")

        cold = best_of(lambda: read_story(manifest), runs=3)

        def validate() -> None:
            loaded, _ = read_story(manifest)
            assert loaded is not None
            lint(loaded)

        full = best_of(validate, runs=3)
        print(f"validate, 10,000 scenes  : {full * 1000:.0f} ms against a cold load of {cold * 1000:.0f} ms: "
              f"ratio {full / cold:.2f}x (target < 1.5x)")


if __name__ == "__main__":
    main()
