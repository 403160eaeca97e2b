"""A proof that no deduction is lost before the accusation except to the clock, with no search.

``explore`` checks this property on the states it visits; a story with long acts has far more
states than any search can visit (the bundled case's first act alone has millions), so this
module proves it for every state at once, or says why it cannot.

What is proved. A deduction is *lost to the clock* on a step when the state after the step,
with more time on the clock, could still confirm it. The proof shows that every deduction can
be confirmed from every state a play can reach before the story ends, given the full time of
the act the state is in. So no step ever loses a deduction except to the clock, and in the acts
before the accusation can be made no step loses one at all. Two things are shown:

1. *Drain* (acts in which the accusation can never be made): from every place a play can reach
   in those acts, moves that are always offered lead into an act in which it can be made (the
   same argument as the soft-lock proof in ``escape.py``, aimed at those acts instead of at an
   ending). Only ``start_act`` changes the act, and it fills the clock; the proof checks that
   nothing run in the same step after it (the rest of the effects, a choice's ``goto``, the
   act's start scene) can spend time, move the player or open a talk, so the player's first
   move in the new act is made with the clock full.
2. *Tour* (acts in which it can be made): from every place a play can reach in such an act,
   each deduction can be confirmed within the act's time, using only moves whose outcome no
   state can change: exits, unconditional choices, and for each clue slot a choice that gives
   one of the slot's clues and is hidden only once that clue is held (``if: not has(clue)``, or
   no condition). Nothing takes a clue away (the engine's ``lose`` takes only items; a test in
   tests/test_keep.py holds it to that), so the tour works from every state; it must end
   with at least one turn left, since the act's time-out fires after the step that empties it.
   Everything that can happen on the way must be calm: scene entries and the act's events may
   gain, set or narrate, but never move the player, spend time, open a talk or change the act.

When any of this does not hold the proof says which part failed and proves nothing; the
search then decides as far as it gets.
"""

from __future__ import annotations

import heapq
from typing import Iterable, Optional

from game.core import rules
from game.core.blanks import ever_offered
from game.core.record import Record, field
from game.core.model import Branch, Choice, Effect, Gain, Goto, Spend, StartAct, Story, Talk, walk_effects
from game.authoring.absval import NEVER
from game.authoring.escape import Place, _Escape
from game.authoring.facts import Facts
from game.authoring.acts import act_view, holds_in_act
from game.authoring.names import holds_given
from game.authoring.reach import Reach

INFINITE = 1 << 30


class KeepProof(Record):
    """The outcome: ``proved``, or the first reason it could not be (``reason``)."""

    proved: bool
    reason: str = ""
    final_acts: tuple[str, ...] = ()  # the acts in which the accusation can be made
    drained: tuple[str, ...] = ()  # the acts before them, every place of which leads into them
    #: deduction -> (the most turns its tour takes from any place, the turns the act allows)
    tours: dict[str, tuple[int, int]] = field(default_factory=dict)


def _calm(effects: Iterable[Effect]) -> bool:
    """Effects that cannot move the player, spend time, open a talk or change the act."""
    return rules.calm(effects)


def _starts_act(story: Story, scene_id: str, final: tuple[str, ...], seen: Optional[set[str]] = None) -> bool:
    """Whether entering ``scene_id`` may start one of ``final`` (its entry effects, or scenes they
    lead into, run ``start_act``)."""
    seen = set() if seen is None else seen
    if scene_id not in story.scenes or scene_id in seen:
        return False
    seen.add(scene_id)
    for effect in walk_effects(story.scenes[scene_id].on_enter):
        if _leads_to_start(story, effect, final, seen):
            return True
    return False


def _leads_to_start(story: Story, effect: Effect, final: tuple[str, ...], seen: Optional[set[str]] = None) -> bool:
    """Whether this effect may start one of ``final``: directly, or through a scene it enters
    (a goto's target, or the start scene of another act that it starts)."""
    if isinstance(effect, StartAct):
        return effect.act in final or _starts_act(story, story.acts[effect.act].start, final, seen)
    if isinstance(effect, Goto):
        return _starts_act(story, effect.target, final, seen)
    return False


def _after_start_calm(story: Story, effects: tuple[Effect, ...], final: tuple[str, ...],
                      started: bool = False) -> tuple[bool, bool]:
    """(whether everything that runs after one of ``final`` starts in these effects is calm,
    whether it may have started): the clock must still be full at the player's first move in
    the new act. An act starts by ``start_act``, or by a ``goto`` into a scene that runs one."""
    for effect in effects:
        if started and isinstance(effect, (Goto, StartAct, Spend, Talk)):
            return False, started  # (a goto or start_act here may lead on before the first move)
        if _leads_to_start(story, effect, final):
            started = True
        elif isinstance(effect, Branch):
            then_ok, then_started = _after_start_calm(story, effect.then, final, started)
            else_ok, else_started = _after_start_calm(story, effect.otherwise, final, started)
            if not (then_ok and else_ok):
                return False, started
            started = started or then_started or else_started
    return True, started


def _entries_calm(story: Story, facts: Facts, final: tuple[str, ...]) -> str:
    """Why entering a last act may not leave the clock full, or "" when it always does."""
    for act_id in final:
        start = story.acts[act_id].start
        if start in story.scenes and not _calm(story.scenes[start].on_enter):
            return f"entering {act_id} runs scene '{start}', which can move the player, spend time or open a talk"
    for site in facts.sites:
        ok, started = _after_start_calm(story, site.effects, final)
        if ok and started and site.goto and site.goto in story.scenes and not _calm(story.scenes[site.goto].on_enter):
            ok = False
        if not ok:
            return (f"{site.label} starts {', '.join(final)} and then can move the player, spend time or "
                    f"open a talk before the player's first move")
    return ""


def _self_guard(choice: Choice, clue: str) -> bool:
    """No condition, or exactly ``not has(clue)``: hidden only once the clue is held."""
    if choice.condition is None:
        return True
    ast = choice.condition.ast  # ("not", ("call", "has", id, line, col)): positions ignored
    return ast[0] == "not" and ast[1][:3] == ("call", "has", clue)


def _spent(effects: tuple[Effect, ...]) -> Optional[int]:
    """The turns the effects spend, when that is the same in every state: the engine's own count
    (:func:`game.core.rules.spent_range`), sure and most alike."""
    sure, most = rules.spent_range(effects)
    return sure if sure == most else None


def _known_from_start(story: Story, person_id: str) -> bool:
    """Whether the player surely knows ``person_id`` by name in every state: no ``known``, or one
    that holds once the first scene is visited (visits never go away; W422's test)."""
    person = story.people.get(person_id)
    return person is not None and person.suspect and (
        person.known is None or holds_given(person.known, frozenset({("visited", story.start)})))


class _Tours:
    """Shortest tours that confirm a deduction from a scene, over the calm part of one act."""

    def __init__(self, story: Story, act_id: str) -> None:
        self.story = story
        act = story.acts[act_id]
        self.travel = act.travel
        self.calm = {s.id for s in story.scenes.values() if _calm(s.on_enter)}
        # scene -> [(cost, where the player is afterwards, clue gained or "")]
        self.moves: dict[str, list[tuple[int, str, str]]] = {}
        for scene in story.scenes.values():
            out = [(self.travel, t, "") for t in scene.exits if t in self.calm]
            for choice in scene.choices:
                if choice.fallback:
                    continue  # shown only while nothing else is: not a move every state has
                after = choice.goto or scene.id
                spent = _spent(choice.effects)
                if after not in self.calm or spent is None or not self._calm_choice(choice):
                    continue
                cost = choice.cost + spent
                top_gains = [x.target for x in choice.effects if isinstance(x, Gain) and x.target in story.clues]
                for clue in top_gains:
                    if _self_guard(choice, clue):
                        out.append((cost, after, clue))
                if choice.condition is None and not choice.once and choice.goto:
                    out.append((cost, after, ""))
            self.moves[scene.id] = out

    @staticmethod
    def _calm_choice(choice: Choice) -> bool:
        """Its effects may spend time (the tour counts it) but not move the player or open a talk."""
        return not (rules.changed_by(choice.effects) & (rules.UNSETTLING - {"time"}))

    def cost(self, start: str, slots: list[frozenset[str]]) -> int:
        """The fewest turns from ``start`` to holding one clue of every slot (Dijkstra)."""
        full = (1 << len(slots)) - 1
        best = {(start, 0): 0}
        heap = [(0, start, 0)]
        while heap:
            turns, scene, have = heapq.heappop(heap)
            if have == full:
                return turns
            if best.get((scene, have), INFINITE) < turns:
                continue
            for cost, after, clue in self.moves.get(scene, ()):
                now = have
                if clue:
                    for index, answers in enumerate(slots):
                        if clue in answers:
                            now |= 1 << index
                    if now == have:
                        continue
                state = (after, now)
                if turns + cost < best.get(state, INFINITE):
                    best[state] = turns + cost
                    heapq.heappush(heap, (turns + cost, after, now))
        return INFINITE


def prove_kept(story: Story, facts: Facts, reach: Reach) -> KeepProof:
    """Prove that no deduction is lost before the accusation except to the clock (see above)."""
    if story.accusation is None:
        return KeepProof(False, "the story has no accusation, so no act is known to be the last")
    view = act_view(story, facts, reach)
    condition = story.accusation.condition
    final = tuple(a for a in story.acts if a in reach.acts and (
        condition is None or holds_in_act(story, reach, view, condition, a) != NEVER))
    if not final:
        return KeepProof(False, "the accusation can never be made")
    entry = _entries_calm(story, facts, final)
    if entry:
        return KeepProof(False, entry, final)
    escape = _Escape(story, facts, reach, view.follows)
    places = escape.reachable()
    target = {p for p in places if p[1] in final}
    good = escape.safe(places, target)
    stuck: list[Place] = sorted(p for p in places if p[1] not in final and p not in good)
    drained = tuple(sorted({p[1] for p in places if p[1] not in final}))
    if stuck:
        scene, act, _ = stuck[0]
        return KeepProof(False, f"from scene '{scene}' in {act}, moves that are always offered do not surely "
                                f"lead into {', '.join(final)}, where the accusation is made", final, drained)
    tours: dict[str, tuple[int, int]] = {}
    for act_id in final:
        for site in facts.sites:
            if site.kind == "event" and site.owner in ("", act_id) and id(site) in reach.live \
                    and not _calm(site.effects):
                return KeepProof(False, f"event '{site.element}' can move the player, spend time or open a "
                                        f"talk in {act_id}", final, drained)
        # the time-out fires after the step that empties the clock (an arrival on the last turn
        # gives the player one step more: core.rules.times_out; so this budget is a safe bound)
        budget = story.acts[act_id].time - 1
        tour = _Tours(story, act_id)
        starts = sorted({p[0] for p in target if p[1] == act_id})
        for deduction in story.deductions.values():
            for slot in deduction.slots:  # what the board can offer (blanks.ever_offered)
                offered = ever_offered(story, slot)
                if offered is not None and offered.isdisjoint(slot.answers):
                    return KeepProof(False, f"deduction '{deduction.id}': slot '{slot.id}' has no right answer "
                                            f"the board offers", final, drained, tours)
                if slot.kind == "suspect" and not any(_known_from_start(story, p) for p in slot.answers):
                    # the board (and the engine) take only a suspect the player knows by name
                    return KeepProof(False, f"deduction '{deduction.id}': slot '{slot.id}' names only people the "
                                            "player may not know by name yet", final, drained, tours)
            slots = [frozenset(s.answers) for s in deduction.slots if s.kind == "clue"]
            worst, where = 0, ""
            for scene in starts:
                turns = tour.cost(scene, slots)
                if turns > worst:
                    worst, where = turns, scene
            if worst > budget:
                why = ("no tour of moves every state offers gives a clue for each of its slots"
                       if worst >= INFINITE else f"its tour takes {worst} turns, and {act_id} allows {budget}")
                return KeepProof(False, f"deduction '{deduction.id}' from scene '{where}' in {act_id}: {why}",
                                 final, drained, tours)
            previous = tours.get(deduction.id, (0, budget))
            tours[deduction.id] = max(previous, (worst, budget))
    return KeepProof(True, "", final, drained, tours)


__all__ = ["KeepProof", "prove_kept"]
