"""Warnings about a story that loads: parts no play can reach, loose ends, unfair puzzles.

Every warning has a stable code (W4xx), a ``path:line:col`` from the loader's marks and one
line of text; the authoring guide (story/README.md) lists each code with how to fix it. The
reachability warnings rest on :mod:`game.authoring.reach`, a sound over-approximation: when a
warning says something can never happen, no play can make it happen. (The reverse does not
hold: lint can miss a part that only *looks* reachable; ``ghostlight explore`` decides those.)
"""

from __future__ import annotations

import gc
from typing import Optional

from game.core.errors import Finding
from game.core import answers
from game.core.model import Mark, Story
from game.core.words import first_line
from game.authoring import names, quotes, silent, traps, vanish
from game.authoring.absval import blockers
from game.authoring.breakage import _listed, _mark, breakage  # (shared helpers)
from game.authoring.facts import Facts, Locator, Site, collect, targets
from game.authoring.acts import act_view, holds_in_act
from game.authoring.reach import Reach, env_for, reach

#: every warning code lint (or the loader) gives, with its one-line meaning
CODES: dict[str, str] = {
    "W401": "scene can never be reached",
    "W402": "dead end: a scene with no way on",
    "W403": "scene can leave the player with nothing to choose",
    "W404": "choice can never be shown",
    "W405": "topic or testimony can never be listed",
    "W406": "event can never fire",
    "W407": "clue or item can never be found",
    "W408": "clue or item is never used",
    "W409": "flag or counter is set but never read",
    "W410": "act has no on_timeout (reported by the loader)",
    "W411": "flag or counter is read but never set",
    "W412": "suspect is missing a motive, means or opportunity",
    "W413": "deduction has fewer than three supporting clues",
    "W414": "deduction's clues are found in fewer than three places",
    "W415": "gated by a clue that cannot be found before it closes",
    "W416": "ending can never be reached",
    "W417": "deduction can never be confirmed",
    "W418": "scenes enter each other on entry for ever",
    "W419": "choice goes back to its own scene and changes nothing",
    "W423": "a choice that asks for a typed answer gives the answer away",
    quotes.CODE: quotes.MEANING,
    names.CODE: names.MEANING,
    names.CULPRIT_CODE: names.CULPRIT_MEANING,
    traps.CODE: traps.MEANING,
    vanish.CODE: vanish.MEANING,
    silent.CODE: silent.MEANING,
}

#: Warnings that are definite breakage, not style: ``explore`` fails a story that has one.
STATIC_FAILURES = ("W407", "W416", "W417", "W418", "W419")


class _Report:
    def __init__(self) -> None:
        self.findings: list[Finding] = []

    def add(self, mark: Mark, code: str, message: str) -> None:
        self.findings.append(Finding(mark.path, mark.line, mark.col, code, message))


def lint(story: Story, facts: Optional[Facts] = None) -> list[Finding]:
    """Every W4xx warning for ``story`` (except W410, which the loader reports), sorted."""
    # Like the loader, pause the cyclic collector: lint builds tens of thousands of small
    # objects with no cycles, and the collector's rescans of them cost more than the analysis.
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _lint(story, facts)
    finally:
        if enabled:
            gc.enable()


def _lint(story: Story, facts: Optional[Facts]) -> list[Finding]:
    facts = facts or collect(story)
    r = reach(story, facts)
    out = _Report()
    _scenes(story, facts, r, out)
    _conditions(story, facts, r, out)
    _clues(story, facts, r, out)
    _flags_and_counters(story, facts, out)
    _suspects(story, out)
    _deductions(story, facts, out)
    _endings(story, r, out)
    for mark, code, message in breakage(story, facts, r) + traps.trap_findings(story, facts, r) + vanish.vanish_findings(story) \
            + silent.silent_findings(story):
        out.add(mark, code, message)
    _quotes(story, out)
    _typed_answers(story, out)
    return sorted(out.findings, key=lambda f: (f.path, f.line, f.col, f.code, f.message))


# --- scenes ----------------------------------------------------------------------------------


def _scenes(story: Story, facts: Facts, r: Reach, out: _Report) -> None:
    choices_of: dict[str, list[Site]] = {}
    for site in facts.sites:
        if site.kind == "choice":
            choices_of.setdefault(site.owner, []).append(site)
    moving_people = {s.owner for s in facts.sites if s.kind in ("topic", "statement")
                     and any(k in ("goto", "act") for k, _ in targets(s.effects))}
    for scene in story.scenes.values():
        mark = _mark(story, scene.id)
        if scene.id not in r.scenes:
            out.add(mark, "W401", f"scene '{scene.id}' can never be reached: nothing that can happen goes to it")
            continue
        sites = choices_of.get(scene.id, [])
        live = [s for s in sites if id(s) in r.live]

        def moves(site: Site) -> bool:
            if site.goto:
                return True
            return any(kind in ("goto", "act") or (kind == "talk" and name in moving_people)
                       for kind, name in targets(site.effects))

        leaves = bool(scene.exits) or any(moves(s) for s in live) or any(
            kind in ("goto", "act") for kind, _ in targets(scene.on_enter))
        if not leaves:
            out.add(mark, "W402", f"scene '{scene.id}' is a dead end: no exit, and no choice that can be "
                                  "shown leads anywhere")
            continue
        always = [s for s, c in zip(sites, scene.choices) if c.condition is None and not c.once]
        if not scene.exits and not always and not any(kind in ("goto", "act") for kind, _ in targets(scene.on_enter)):
            out.add(mark, "W403", f"scene '{scene.id}' has no exit and no choice that is always shown: "
                                  "once its once-only choices are taken or its conditions fail, the player "
                                  "has nothing to choose (add an exit or a choice without `if`/`once`)")


# --- conditions that can never hold ------------------------------------------------------------


def _conditions(story: Story, facts: Facts, r: Reach, out: _Report) -> None:
    env = env_for(r)
    view = act_view(story, facts, r)
    for site in facts.sites:
        if site.kind not in ("choice", "topic", "testimony", "event") or site.condition is None:
            continue
        if site.kind == "choice" and site.owner not in r.scenes:
            continue  # W401 on its scene says it already
        if site.kind in ("topic", "testimony") and site.owner not in r.talkable:
            continue  # reported below, once per person
        if site.kind == "event" and site.owner and site.owner not in r.acts:
            continue
        code = {"choice": "W404", "topic": "W405", "testimony": "W405", "event": "W406"}[site.kind]
        verb = {"choice": "can never be shown", "topic": "can never be listed",
                "testimony": "can never be listed", "event": "can never fire"}[site.kind]
        if id(site) not in r.live:
            why = blockers(site.condition.ast, env)
            reason = f": it needs {_reason(why, story, facts)}" if why else ""
            out.add(facts.mark_of(site), code, f"{site.label} {verb}{reason}")
            continue
        if site.kind in ("choice", "topic", "testimony") and _depends_on_act(site, r, view):
            acts = view.site_acts.get(id(site), set())
            if acts and not any(holds_in_act(story, r, view, site.condition, a)[1] for a in acts):
                needed = _gating(site, r, view, acts)
                act_names = ", ".join(sorted(acts, key=lambda a: story.acts[a].number))
                what = f"it needs {_listed(needed)}, which cannot be had" if needed else "its condition cannot hold"
                out.add(facts.mark_of(site), "W415", f"{site.label} {verb}: {what} before it closes (it is only "
                                           f"offered in {'act' if len(acts) == 1 else 'acts'} {act_names})")
    for person in story.people:
        if person not in r.talkable and (story.topics_by_person.get(person) or story.testimonies_by_person.get(person)):
            out.add(_mark(story, person), "W405", f"nobody can talk to '{person}', so their topics and testimonies "
                                                 "are never listed (add a choice with {talk: " + person + "})")


def _reason(why: list[str], story: Story, facts: Facts) -> str:
    parts = []
    for read in why[:3]:
        function, _, rest = read.partition("(")
        name = rest.rstrip(")")
        if function == "has":
            parts.append(f"{read}, and nothing that can happen gains '{name}'")
        elif function == "flag":
            parts.append(f"{read}, and nothing that can happen sets '{name}'")
        elif function in ("visited", "visits"):
            parts.append(f"{read}, and scene '{name}' can never be reached")
        elif function in ("accused", "chose", "evidence"):
            parts.append(f"{read}, which only the accusation sets, and it ends the story")
        else:
            parts.append(read)
    return "; ".join(parts)


def _depends_on_act(site: Site, r: Reach, view) -> bool:
    """Whether the per-act check can say more than the whole-story one: the condition reads
    the act, or a clue or flag that some act the site is offered in cannot have yet."""
    from game.authoring.facts import atoms

    acts = view.site_acts.get(id(site), ())
    assert site.condition is not None  # (only sites with a condition are checked)
    for function, name in atoms(site.condition.ast):
        if function == "var" and name == "act":
            return True
        if function == "has" and name in r.gained and any(name not in view.held_by.get(a, ()) for a in acts):
            return True
        if function == "flag" and name in r.flags and any(name not in view.flags_by.get(a, ()) for a in acts):
            return True
    return False


def _gating(site: Site, r: Reach, view, acts: set[str]) -> list[str]:
    """The clues, items and flags the condition reads that some act it is offered in cannot have yet."""
    from game.authoring.facts import atoms

    needed = set()
    assert site.condition is not None
    for function, name in atoms(site.condition.ast):
        if function == "has" and name in r.gained and not all(name in view.held_by.get(a, ()) for a in acts):
            needed.add(name)
        elif function == "flag" and name in r.flags and not all(name in view.flags_by.get(a, ()) for a in acts):
            needed.add(name)
    return sorted(needed)


# --- clues and items ----------------------------------------------------------------------


def _uses(story: Story, facts: Facts) -> set[str]:
    """Clues and items something depends on (a condition, a testimony, the board, a grid)."""
    used: set[str] = set()
    for (function, name) in list(facts.reads) + list(facts.text_reads):
        if function in ("has", "evidence"):
            used.add(name)
        elif function == "clues":
            used |= set(story.clues_by_tag.get(name, ()))
    for testimony in story.testimonies.values():
        for statement in testimony.statements:
            used.update(*statement.ways)  # a paired entry's with: clues are used too
    for deduction in story.deductions.values():
        for slot in deduction.slots:
            if slot.kind == "clue":
                used |= set(slot.answers)
    for person in story.people.values():
        for cell in (person.motive, person.means, person.opportunity):
            used |= set(cell.shown_by) | set(cell.ruled_out_by)
    return used


def _clues(story: Story, facts: Facts, r: Reach, out: _Report) -> None:
    used = _uses(story, facts)
    for table, kind in ((story.clues, "clue"), (story.items, "item")):
        for name in table:
            mark = _mark(story, name)
            if name not in r.gained:
                if facts.gains.get(name):
                    where = _listed(sorted({s.label for s in facts.gains[name]}), 2)
                    out.add(mark, "W407", f"{kind} '{name}' can never be found: it is only gained by {where}, "
                                          "which can never happen")
                else:
                    out.add(mark, "W407", f"{kind} '{name}' can never be found: nothing gains it "
                                          f"(add {{gain: {name}}} to a choice, topic or statement)")
            if name not in used:
                out.add(mark, "W408", f"{kind} '{name}' is never used: no condition, testimony break, deduction "
                                      "or suspect grid refers to it (a near: reply alone opens nothing)")


# --- flags and counters -------------------------------------------------------------------


def _flags_and_counters(story: Story, facts: Facts, out: _Report) -> None:
    for flag in sorted(story.flags):
        mark = _mark(story, flag)
        read = facts.read_by("flag", flag) or facts.text_reads.get(("flag", flag))
        written = facts.sets.get(flag)
        if written and not read:
            out.add(mark, "W409", f"flag '{flag}' is set but never read: no condition checks flag({flag})")
        elif read and not written:
            out.add(mark, "W411", f"flag '{flag}' is read but never set: flag({flag}) is always false "
                                  f"(add {{set: {flag}}} somewhere, or remove the check)")
        elif not read and not written and not facts.clears.get(flag):
            out.add(mark, "W409", f"flag '{flag}' is declared but never set or read")
    for counter in sorted(story.counters):
        mark = _mark(story, counter)
        read = facts.read_by("count", counter) or facts.text_reads.get(("count", counter))
        changed = facts.adds.get(counter)
        if changed and not read:
            out.add(mark, "W409", f"counter '{counter}' is changed but never read: no condition uses count({counter})")
        elif read and not changed:
            out.add(mark, "W411", f"counter '{counter}' is read but never changed: count({counter}) is always "
                                  f"{story.counters[counter]}")
        elif not read and not changed:
            out.add(mark, "W409", f"counter '{counter}' is declared but never changed or read")


# --- the mystery: grids and the board -------------------------------------------------------


def _suspects(story: Story, out: _Report) -> None:
    for person in story.suspects:
        missing = [key for key in ("motive", "means", "opportunity")
                   if not (getattr(person, key).note or getattr(person, key).shown_by
                           or getattr(person, key).ruled_out_by)]
        if missing:
            out.add(_mark(story, person.id), "W412",
                    f"suspect '{person.id}' has no {' or '.join(missing)}: give each cell a note and the clues "
                    "that show it (shown_by) or rule it out (ruled_out_by)")


def clue_places(story: Story, facts: Facts) -> dict[str, set[str]]:
    """clue -> the distinct places it is found in: a scene's place, a person, the board, an event."""
    out: dict[str, set[str]] = {}
    for clue, sites in facts.gains.items():
        for site in sites:
            if site.kind in ("scene", "choice"):
                scene = story.scenes.get(site.owner)
                where = f"place {scene.place}" if scene is not None and scene.place else f"scene {site.owner}"
            elif site.kind in ("topic", "statement", "testimony"):
                where = f"person {site.owner}"
            elif site.kind == "deduction":
                where = "the board"
            else:
                where = f"{site.kind} {site.element}"
            out.setdefault(clue, set()).add(where)
    return out


def _deductions(story: Story, facts: Facts, out: _Report) -> None:
    places = clue_places(story, facts)
    for deduction in story.deductions.values():
        mark = _mark(story, deduction.id)
        slots = [s for s in deduction.slots if s.kind == "clue"]
        if not slots:
            out.add(mark, "W413", f"deduction '{deduction.id}' has no clue slot: it can be solved by guessing "
                                  "(add a slot with `clue: [...]` listing at least three clues)")
            continue
        for slot in slots:
            where = story.marks.get(slot.id, mark)
            if len(slot.answers) < 3:
                out.add(where, "W413", f"deduction '{deduction.id}': slot '{slot.id}' accepts "
                                       f"{len(slot.answers)} clue{'s' if len(slot.answers) != 1 else ''}; the "
                                       "three-clue rule wants at least three that each prove it")
            found = set().union(*(places.get(c, set()) for c in slot.answers)) if slot.answers else set()
            if len(found) < 3:
                shown = ", ".join(sorted(found)) or "nowhere"
                out.add(where, "W414", f"deduction '{deduction.id}': the clues for slot '{slot.id}' are found in "
                                       f"{len(found)} place{'s' if len(found) != 1 else ''} ({shown}); put them "
                                       "in at least three, so a missed one has another route")


def _quotes(story: Story, out: _Report) -> None:
    """W420, in its own module: a text that quotes a clue the player may not hold yet."""
    out.findings.extend(quotes.quote_findings(story))
    out.findings.extend(names.name_findings(story))  # W421, in its own module too
    out.findings.extend(names.culprit_findings(story))  # W422


def _typed_answers(story: Story, out: _Report) -> None:
    """W423: the menu line, the prompt or the wrong-answer line of a choice that asks for a
    typed answer holds an accepted answer (compared as the engine compares answers), so the
    player reads it instead of finding it. The narration after a right answer may say it."""
    for scene in story.scenes.values():
        for choice in scene.choices:
            if choice.answer is None:
                continue
            shown = {"text": choice.text, "prompt": choice.answer.prompt, "wrong": choice.answer.wrong}
            for accepted in choice.answer.accept:
                wanted = f" {answers.normal(accepted)} "
                leaks = [key for key, text in shown.items() if wanted in f" {_words(text)} "]
                if leaks:
                    mark = Locator(story).choice(scene.id, choice.text, choice.id)
                    out.add(mark, "W423", f"scene '{scene.id}': choice '{first_line(choice.text)}': its "
                                          f"{' and '.join(leaks)} give{'s' if len(leaks) == 1 else ''} away the "
                                          f"answer '{accepted}'; let the player find it in the world")
                    break


def _words(text: str) -> str:
    """``text`` folded as answers are, word by word (punctuation between words is a space)."""
    return " ".join(answers.normal(word) for word in text.split() if answers.normal(word))


def _endings(story: Story, r: Reach, out: _Report) -> None:
    for ending in story.endings:
        if ending not in r.endings:
            out.add(_mark(story, ending), "W416", f"ending '{ending}' can never be reached: no goto, time-out or "
                                                  "accusation that can happen leads to it")


__all__ = ["lint", "CODES", "STATIC_FAILURES", "clue_places"]
