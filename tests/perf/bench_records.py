"""Records: today's :class:`game.core.record.Record` against ``msgspec.Struct`` (issue 10, item 4).

Run: ``python -m tests.perf.bench_records`` (msgspec must be installed to compare; the game
does not depend on it). Every figure is printed beside the other convention's, measured in the
same run:

- import: what ``import msgspec`` adds to a bare interpreter, against what the whole of
  ``game.core.engine`` costs (``-X importtime``, median of 5 fresh processes);
- class creation: the model's and engine's ~65 record classes, made as Records and as Structs;
- construction: a nine-field choice by keyword;
- cache decode: the generated 6 MB story's compiled-cache entry decoded by today's codec (JSON
  with an object hook and types resolved from the records) against a typed msgspec decode of
  the same story into mirror Structs built from the same resolved types.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
import typing
from pathlib import Path
from typing import Any, Optional, Union

from game.core import model
from game.core.expr import Condition
from game.core.record import Record, fields
from game.loading import cache
from game.loading.loader import load_story
from tests.perf.generate import generate_story
from tests.perf.timing import best_of


def import_ms(module: str, runs: int = 5) -> float:
    """Cumulative import time of ``module`` in a fresh interpreter, in ms (median)."""
    out = []
    for _ in range(runs):
        err = subprocess.run([sys.executable, "-X", "importtime", "-c", f"import {module}"],
                             capture_output=True, text=True).stderr
        for line in err.splitlines():
            parts = [p.strip() for p in line.split("|")]
            if len(parts) == 3 and parts[2] == module:
                out.append(int(parts[1]) / 1000)
    return statistics.median(out)


def record_classes() -> list[type]:
    from game.core import engine

    found = []
    for module in (model, engine):
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, Record) and value is not Record \
                    and value.__module__ == module.__name__:
                found.append(value)
    return found


def bench_class_creation(msgspec: Any) -> None:
    classes = record_classes()
    shapes = [(c.__name__, [(f.name, f.type) for f in fields(c)]) for c in classes]

    def as_records() -> None:
        for name, fs in shapes:
            type(name, (Record,), {"__annotations__": {n: "Any" for n, _ in fs}})

    def as_structs() -> None:
        for name, fs in shapes:
            msgspec.defstruct(name, [(n, Any) for n, _ in fs], frozen=True)

    r, s = best_of(as_records, 20), best_of(as_structs, 20)
    print(f"class creation, {len(shapes)} classes: Record {r * 1000:6.2f} ms   msgspec.Struct {s * 1000:6.2f} ms"
          f"   ratio {s / r:.2f}")


def bench_construction(msgspec: Any) -> None:
    Struct = msgspec.defstruct("Choice", [(f.name, Any, getattr(model.Choice, "_record_specs")[f.name].default)
                                          if i >= 2 else (f.name, Any) for i, f in enumerate(fields(model.Choice))],
                               frozen=True)
    n = 100_000

    def make(cls: Any) -> float:
        start = time.perf_counter()
        for i in range(n):
            cls(id="c", text="Go", goto="s", condition=None, once=False, fallback=False, cost=i, say="", effects=())
        return (time.perf_counter() - start) / n

    import dataclasses

    Data = dataclasses.make_dataclass("Choice", [(f.name, Any, dataclasses.field(default=None)) for f in
                                                 fields(model.Choice)], frozen=True, slots=True)
    r = min(make(model.Choice) for _ in range(5))
    s = min(make(Struct) for _ in range(5))
    d = min(make(Data) for _ in range(5))
    print(f"construct a 9-field choice by keyword: Record {r * 1e6:6.2f} us   msgspec.Struct {s * 1e6:6.2f} us"
          f" (ratio {s / r:.2f})   frozen dataclass {d * 1e6:6.2f} us (ratio {d / r:.2f})")


def _mirror(msgspec: Any) -> tuple[dict[type, Any], Any]:
    """Struct twins of the model's records, built from their resolved field types."""
    twins: dict[Any, Any] = {}
    cond = twins["cond"] = msgspec.defstruct("Cond", [("source", str), ("ast", Any)], array_like=True, frozen=True)

    def convert(tp: Any) -> Any:
        if tp is Condition:
            return cond
        if isinstance(tp, type) and issubclass(tp, Record):
            return twins[tp]
        origin, args = typing.get_origin(tp), typing.get_args(tp)
        if origin is Union:
            return Union[tuple(convert(a) for a in args)]
        if origin is not None and args:
            origin = dict if origin is typing.Mapping or str(origin).endswith("Mapping'>") else origin
            return origin[tuple(convert(a) for a in args)]
        return tp

    order = [model.Mark, model.Gain, model.Lose, model.SetFlag, model.ClearFlag, model.Add, model.Spend,
             model.Say, model.Goto, model.StartAct, model.Talk]
    for cls in order:
        twins[cls] = msgspec.defstruct(cls.__name__, [(f.name, convert(f.type)) for f in fields(cls)],
                                       array_like=True, frozen=True, tag=True)
    effect_twin: Any = None
    branch = msgspec.defstruct("Branch", [("condition", cond), ("then", Any), ("otherwise", Any)],
                               array_like=True, frozen=True, tag=True)
    twins[model.Branch] = branch
    effect_twin = Union[tuple(twins[c] for c in (*order[1:], model.Branch))]
    rest = [model.Act, model.Place, model.ConditionalText, model.Choice, model.Scene, model.Clue, model.Item,
            model.Cell, model.Person, model.Topic, model.Statement, model.Testimony, model.Slot, model.Deduction,
            model.Question, model.Accusation, model.Ending, model.Event]
    effect = {f.type for f in fields(model.Choice) if f.name == "effects"}.pop()
    for cls in rest:
        twins[cls] = msgspec.defstruct(cls.__name__, [
            (f.name, tuple[effect_twin, ...] if f.type == effect else convert(f.type)) for f in fields(cls)],
            array_like=True, frozen=True)
    tables = {f.name: dict[str, twins[typing.get_args(f.type)[1]]]
              for f in fields(model.Story) if f.name in ("acts", "places", "clues", "items", "people", "topics",
                                                          "testimonies", "deductions", "events", "endings")}
    story = msgspec.defstruct("Story", [(n, t) for n, t in tables.items()] + [
        ("scenes", dict[str, twins[model.Scene]]), ("accusation", Optional[twins[model.Accusation]])])
    return twins, story


def bench_decode(msgspec: Any) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        manifest = generate_story(Path(tmp) / "story")
        story = load_story(manifest)
        folder = Path(tmp) / "cache"
        cache.load_story_cached(manifest, folder)
        entry = next(folder.glob("*.json")).read_bytes()  # header line, body line, the elements' tail

    def today() -> None:
        warm = cache.decode_entry(entry)["story"]
        for name in warm.scenes:  # decode every scene, as a typed decode would
            warm.scenes[name]

    twins, story_twin = _mirror(msgspec)

    def to_twin(value: Any) -> Any:
        if isinstance(value, Condition):
            return twins_cond(value.source, value.ast)
        if isinstance(value, Record):
            return twins[type(value)](*(to_twin(getattr(value, f.name)) for f in fields(value)))
        if isinstance(value, (tuple, list)):
            return tuple(to_twin(v) for v in value)
        if isinstance(value, frozenset):
            return frozenset(value)
        return value

    twins_cond = twins["cond"]
    tables = ("acts", "places", "clues", "items", "people", "topics", "testimonies", "deductions", "events", "endings")
    mirrored = story_twin(**{n: {k: to_twin(v) for k, v in getattr(story, n).items()} for n in tables},
                          scenes={k: to_twin(v) for k, v in story.scenes.items()},
                          accusation=to_twin(story.accusation))
    data = msgspec.json.encode(mirrored)
    decoder = msgspec.json.Decoder(story_twin)
    t, m = best_of(today, 5), best_of(lambda: decoder.decode(data), 5)
    print(f"decode the generated story's cache entry ({len(entry) / 1e6:.1f} MB; msgspec's {len(data) / 1e6:.1f} MB):"
          f" today {t * 1000:7.1f} ms   msgspec typed {m * 1000:7.1f} ms   ratio {m / t:.2f}")


def main() -> None:
    try:
        import msgspec
    except ImportError:
        print("msgspec is not installed: pip install msgspec to compare")
        return
    engine, ms = import_ms("game.core.engine"), import_ms("msgspec")
    print(f"import: game.core.engine (all of it) {engine:6.1f} ms;   msgspec alone adds {ms:6.1f} ms"
          f"   ratio {ms / engine:.2f}")
    bench_class_creation(msgspec)
    bench_construction(msgspec)
    bench_decode(msgspec)


if __name__ == "__main__":
    main()
