"""W424: the testimony order trap. Breaking one statement closes a testimony for good while
other statements in it could still be broken, so a player who breaks that one first can never
break the rest.

The proof is static and asks the existing condition analysis (:mod:`game.authoring.absval`
over :mod:`game.authoring.reach`'s environment) rather than re-deriving it. For each
statement X a clue can break and each testimony T whose condition reads what breaking X
changes, it evaluates T's condition in the states just after X was broken *first*:

- ``broken(X)`` holds, and no other breakable statement of T is broken yet;
- the flags X's ``on_break`` sets on every path (an ``if`` decided by the same environment
  counts; an undecided one does not) hold, when nothing in the story ever clears them;
- the clues it gains are held (clues are never lost);
- everything else is what reach says any play may have.

If the condition then *cannot* be true, T is closed for ever (``broken`` never reverts, and
those flags are never cleared), and every other breakable statement of T is lost: a definite
trap, never a guess. The cost is two walks of each statement's on_break, a set test per
(statement, testimony) pair, and two abstract evaluations for each pair that shares a read of
what the break surely changes (tests/perf/bench_traps.py measures it).
"""

from __future__ import annotations

from game.core.model import Branch, ClearFlag, Effect, Gain, Mark, SetFlag, Statement, Story, Testimony
from game.authoring.absval import ALWAYS, NEVER, AbstractEnv, Range, Truth, truth
from game.authoring.facts import Facts, atoms
from game.authoring.reach import Reach, env_for

CODE = "W424"
MEANING = "breaking one statement first closes a testimony while others could still be broken"


class _AfterBreak:
    """The reach environment, with what breaking ``statement`` first makes certain."""

    def __init__(self, base: AbstractEnv, statement: str, unbroken: set[str],
                 flags: set[str], clues: set[str]) -> None:
        self.base, self.statement, self.unbroken = base, statement, unbroken
        self.flags, self.clues = flags, clues

    def truth_of(self, function: str, arg: str) -> Truth:
        if function == "broken" and arg == self.statement:
            return ALWAYS
        if function == "broken" and arg in self.unbroken:
            return NEVER
        if (function == "flag" and arg in self.flags) or (function == "has" and arg in self.clues):
            return ALWAYS
        return self.base.truth_of(function, arg)

    def range_of(self, function: str, arg: str) -> Range:
        return self.base.range_of(function, arg)

    def var(self, name: str) -> Range:
        return self.base.var(name)


def _certain(effects: tuple[Effect, ...], env: AbstractEnv, flags: set[str], clues: set[str]) -> None:
    """Add to ``flags`` / ``clues`` what ``effects`` set or gain on every path through them."""
    for effect in effects:
        if isinstance(effect, SetFlag):
            flags.add(effect.flag)
        elif isinstance(effect, ClearFlag):
            flags.discard(effect.flag)
        elif isinstance(effect, Gain):
            clues.add(effect.target)
        elif isinstance(effect, Branch):
            can_false, can_true = truth(effect.condition.ast, env)
            if can_true and not can_false:
                _certain(effect.then, env, flags, clues)
            elif can_false and not can_true:
                _certain(effect.otherwise, env, flags, clues)
            else:  # undecided: only what both sides make certain
                then_flags, then_clues = set(flags), set(clues)
                else_flags, else_clues = set(flags), set(clues)
                _certain(effect.then, env, then_flags, then_clues)
                _certain(effect.otherwise, env, else_flags, else_clues)
                flags.intersection_update(then_flags & else_flags)  # (a side may clear one)
                flags.update(then_flags & else_flags)
                clues.update(then_clues & else_clues)


def _breakable(testimony: Testimony, r: Reach) -> list[str]:
    """Statements of ``testimony`` a clue some play can find breaks."""
    return [s.id for s in testimony.statements if any(way <= r.gained for way in s.ways)]


def trap_findings(story: Story, facts: Facts, r: Reach) -> list[tuple[Mark, str, str]]:
    """(where, code, message) for every W424, at the testimony that closes."""
    base = env_for(r)
    sites = {s.element: s for s in facts.sites if s.kind == "testimony"}
    reads: dict[str, set[tuple[str, str]]] = {}
    breakable: dict[str, list[str]] = {}
    for testimony in story.testimonies.values():
        site = sites.get(testimony.id)
        if testimony.condition is not None and site is not None and id(site) in r.live:
            reads[testimony.id] = set(atoms(testimony.condition.ast))
        breakable[testimony.id] = _breakable(testimony, r)
    found: list[tuple[Mark, str, str]] = []
    for closer in story.testimonies.values():
        for statement in closer.statements:
            if statement.id not in breakable[closer.id]:
                continue
            # What the break surely changes is worked out once per statement, not per pair: for
            # its own testimony with its siblings unbroken; for any other with nothing assumed
            # (fewer branches decided, so fewer flags certain: it only ever errs toward silence).
            # A testimony whose condition reads none of it costs one set test.
            own = [s for s in breakable[closer.id] if s != statement.id]
            changes = {True: _changes(story, facts, base, statement, set(own)),
                       False: _changes(story, facts, base, statement, set())}
            for tid, read in reads.items():
                same = tid == closer.id
                flags, clues, changed = changes[same]
                if not (read & changed):
                    continue
                lost = own if same else breakable[tid]
                if lost and _closes(base, statement.id, story.testimonies[tid], set(lost), flags, clues):
                    found.append((sites[tid].mark, CODE, _message(tid, statement.id, lost)))
    return found


def _changes(story: Story, facts: Facts, base: AbstractEnv, statement: Statement,
             unbroken: set[str]) -> tuple[set[str], set[str], set[tuple[str, str]]]:
    """The flags and clues breaking ``statement`` surely leaves set for good, and the reads they
    (and its ``broken``) change."""
    flags: set[str] = set()
    clues: set[str] = set()
    _certain(statement.on_break, _AfterBreak(base, statement.id, unbroken, set(), set()), flags, clues)
    flags = {f for f in flags if not facts.clears.get(f)}  # a flag cleared later may reopen it
    clues = {c for c in clues if c in story.clues}  # items can be lost; clues cannot
    changed = {("broken", statement.id)} | {("flag", f) for f in flags} | {("has", c) for c in clues}
    return flags, clues, changed


def _closes(base: AbstractEnv, statement: str, testimony: Testimony, unbroken: set[str],
            flags: set[str], clues: set[str]) -> bool:
    """Whether breaking ``statement`` first surely closes ``testimony``, which could be open before."""
    assert testimony.condition is not None
    if truth(testimony.condition.ast, _AfterBreak(base, statement, unbroken, flags, clues))[1]:
        return False
    before = _AfterBreak(base, "", unbroken | {statement}, set(), set())
    return truth(testimony.condition.ast, before)[1]  # not open even before: nothing was closed


def _message(testimony: str, statement: str, lost: list[str]) -> str:
    others = ", ".join(f"'{s}'" for s in lost)
    return (f"testimony '{testimony}': breaking statement '{statement}' closes it while {others} could "
            f"still be broken; a player who breaks '{statement}' first can never break "
            f"{'it' if len(lost) == 1 else 'them'} (close it only once every statement is "
            "broken: a flag set by an event or an on_break whose `if:` checks them all)")


__all__ = ["trap_findings", "CODE", "MEANING"]
