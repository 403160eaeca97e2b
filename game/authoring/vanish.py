"""W425: a menu line that hides itself once used, so every line below it renumbers.

Blind testers type the number they learnt ("2" read the sketch a moment ago); when the line
they used disappears, the same digit picks the next line and spends a turn they did not mean
to. A once-only choice already taken keeps its place, dimmed "(done)" (see
:func:`game.core.menu.with_done`), and an asked topic keeps its place, "(asked)", while its
``if:`` holds. What still vanishes is a line whose own ``if:`` its own effects make false:

- a choice without ``once: true`` whose condition says ``not has(X)`` (or ``not flag(F)``)
  while the choice surely gains X (or sets F): say ``once: true`` instead;
- a topic whose condition says ``not has(X)``/``not flag(F)`` while asking it surely gains X
  or sets F: add ``or asked(topic)`` to that clause, or drop it.

Only the condition's top-level ``and`` terms and the effects that always run (not one side of
an ``if``) are read, so every finding is certain: the line is gone the moment it is used.
"""

from __future__ import annotations

from typing import Iterator

from game.core.model import Effect, Gain, Mark, SetFlag, Story
from game.authoring.facts import Locator

CODE = "W425"
MEANING = "a menu line hides itself once used, so the lines below it renumber"


def _terms(ast: tuple) -> Iterator[tuple]:
    """The terms of a condition's top-level ``and`` chain."""
    if ast[0] == "and":
        yield from _terms(ast[1])
        yield from _terms(ast[2])
    else:
        yield ast


def _negated(ast: tuple) -> Iterator[tuple[str, str]]:
    """``(function, id)`` for each top-level term ``not has(id)`` / ``not flag(id)``."""
    for term in _terms(ast):
        if term[0] == "not" and term[1][0] == "call" and term[1][1] in ("has", "flag"):
            yield term[1][1], term[1][2]


def _surely(effects: tuple[Effect, ...]) -> set[tuple[str, str]]:
    """What running ``effects`` always gains (``has``) or sets (``flag``)."""
    out: set[tuple[str, str]] = set()
    for effect in effects:
        if isinstance(effect, Gain):
            out.add(("has", effect.target))
        elif isinstance(effect, SetFlag):
            out.add(("flag", effect.flag))
    return out


def vanish_findings(story: Story) -> list[tuple[Mark, str, str]]:
    """(where, code, message) for every menu line that hides itself once used."""
    out: list[tuple[Mark, str, str]] = []
    locate = Locator(story)
    for scene in story.scenes.values():
        for choice in scene.choices:
            if choice.once or choice.condition is None:
                continue
            hidden = set(_negated(choice.condition.ast)) & _surely(choice.effects)
            if hidden:
                what = ", ".join(f"{fn}({name})" for fn, name in sorted(hidden))
                out.append((locate.choice(scene.id, choice.text, choice.id), CODE,
                            f"scene '{scene.id}': choice '{choice.text.strip().splitlines()[0]}' hides itself "
                            f"once taken (its if: says not {what}, which it makes true), so every line below "
                            "it renumbers; say 'once: true' instead: a taken once-only choice keeps its "
                            "place, marked (done)"))
    for topic in story.topics.values():
        if topic.condition is None:
            continue
        hidden = set(_negated(topic.condition.ast)) & _surely(topic.effects)
        if hidden:
            what = ", ".join(f"{fn}({name})" for fn, name in sorted(hidden))
            out.append((locate.mark(topic.id), CODE,
                        f"topic '{topic.id}' hides itself once asked (its if: says not {what}, which asking it "
                        f"makes true), so every topic below it renumbers; write '(not {what} or "
                        f"asked({topic.id}))', or drop the clause: an asked topic keeps its place, marked (asked)"))
    return out


__all__ = ["CODE", "MEANING", "vanish_findings"]
