"""Benchmark for the extended W421 and W420 (issue 11). Run: python -m tests.perf.bench_names

Not collected by pytest. Prints, in one run, the time of W421 (names) and W420 (quotes) on the
bundled case as they are now against the same checks as they were before the extension (the
modules at commit b3d2053, read from git and run side by side: the baseline, measured in the
same run), and each against the whole lint.
"""

from __future__ import annotations

import importlib.util
import subprocess
import tempfile
import types
from pathlib import Path

from game.authoring import names, quotes
from game.authoring.lint import lint
from game.loading.loader import read_story
from tests.perf.timing import best_of

ROOT = Path(__file__).resolve().parent.parent.parent
BASE = "b3d2053"


def _old(module: str, folder: Path) -> types.ModuleType:
    """The module as it was at BASE (its file from git, imported under another name)."""
    source = subprocess.run(["git", "show", f"{BASE}:game/authoring/{module}.py"], cwd=ROOT, check=True,
                            capture_output=True, text=True).stdout
    path = folder / f"old_{module}.py"
    path.write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location(f"old_{module}", path)
    assert spec is not None and spec.loader is not None
    old = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(old)
    return old


def main() -> None:
    story, findings = read_story(ROOT / "story")
    assert story is not None, findings
    with tempfile.TemporaryDirectory() as folder:
        old_names, old_quotes = _old("names", Path(folder)), _old("quotes", Path(folder))

    def fresh_names() -> object:
        names._IMPLIED.clear()  # what a clue or flag implies is worked out once a story: count it
        return names.name_findings(story)

    whole = best_of(lambda: lint(story), runs=5)
    for label, new, old in (("W421", fresh_names, lambda: old_names.name_findings(story)),
                            ("W420", lambda: quotes.quote_findings(story), lambda: old_quotes.quote_findings(story))):
        before, after = best_of(old, runs=5), best_of(new, runs=5)
        print(f"{label} on the case: {after * 1000:.1f} ms now, {before * 1000:.1f} ms before (same run): "
              f"x{after / before:.2f}; the whole lint {whole * 1000:.0f} ms, of which it is {after / whole:.1%}")


if __name__ == "__main__":
    main()
