"""Benchmark for W424, the testimony order trap (issue 11). Run: python -m tests.perf.bench_traps

Not collected by pytest. Prints, in one run, the time of the W424 proof alone against the whole
of lint (its baseline, measured in the same run) on the bundled case and on the generated
10,000-scene story (which has no testimony: the cost of looking), and on a generated story of
300 witnesses with five statements each whose conditions all read their own statements and a
shared flag (the worst shape for it), with the count of (statement, testimony) pairs.
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


def _witnesses(folder: Path, people: int = 300) -> Path:
    """A story of ``people`` witnesses, five breakable statements each, every condition reading
    its own statements and a flag every statement's on_break may set (all pairs share a read)."""
    parts = ["clues:\n  card: {name: The card, text: A card.}\nflags: [shaken]\nsuspects:\n"]
    parts += [f"  p{i}: {{name: P{i}, suspect: false}}\n" for i in range(people)]
    parts.append("testimonies:\n")
    for i in range(people):
        ids = [f"p{i}.s{j}" for j in range(5)]
        every = " and ".join(f"broken({x})" for x in ids)
        parts.append(f"  p{i}.t:\n    suspect: p{i}\n    title: T\n    if: not flag(shaken) or not ({every})\n"
                     "    statements:\n")
        parts += [f"      - {{id: {x}, text: S., contradicted_by: [card], on_break: [{{if: {every}, then: "
                  "[{set: shaken}]}]}\n" for x in ids]
    talks = "".join(f"      - {{text: Talk {i}, do: [{{talk: p{i}}}]}}\n" for i in range(people))
    parts.append("scenes:\n  a.start:\n    text: The start.\n    choices:\n      - {text: Card, do: [{gain: card}]}\n"
                 + talks + "      - {text: Finish, goto: done}\n")
    (folder / "parts").mkdir(parents=True)
    (folder / "parts" / "a.yaml").write_text("".join(parts), encoding="utf-8")
    (folder / "story.yaml").write_text("id: w\ntitle: W\nstart: a.start\ninclude: [parts/*.yaml]\nacts:\n"
                                       "  one: {title: One, time: 5, start: a.start, on_timeout: done}\n"
                                       "endings:\n  done: {title: Done, text: The end.}\n", encoding="utf-8")
    return folder


def main() -> None:
    _measure("bundled case", ROOT / "story")
    from tests.perf.generate import generate_story
    with tempfile.TemporaryDirectory() as tmp:
        _measure("10,000 scenes", generate_story(Path(tmp) / "gen", scenes=10_000, files=20))
        _measure("300 witnesses", _witnesses(Path(tmp) / "witnesses"))


if __name__ == "__main__":
    main()
