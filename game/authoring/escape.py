"""A proof of "no soft-lock" that needs no search: every state can drain its way to an ending.

Where a state is matters for getting out of it; what the player holds does not, if the way out
uses only moves that are always there: exits, choices with no ``if`` and no ``once``, leaving a
conversation, taking back an accusation. (Leaving a conversation is no way out in an act with
an event that can fire on every step and opens a talk: nothing in such an act counts as safe.)
So the proof works on *places*: (scene, act, whether the act's time-out has fired), and treats
everything a condition decides as the story's choice, not the player's (an event may or may
not fire; both branches of an ``if`` effect may run).

A place is safe when the player has an always-available move whose every possible outcome is
safe. Spending time is what makes this work in a timed story: in an act with a time-out, a
place from which time-spending moves can be repeated without leaving safe ground is safe as
long as the time-out leads somewhere safe, because every such move brings the time-out nearer
and nothing stops it firing. When every place a play can reach is safe, no play can soft-lock.
When the proof fails it says nothing (the story may still be fine: ``explore`` then decides).
"""

from __future__ import annotations

from typing import Iterable, Optional

from game.core.model import Branch, Effect, Goto, StartAct, Story, Talk, walk_effects
from game.core.rules import deeper, entered, spends_surely, too_deep
from game.authoring.facts import Facts
from game.authoring.reach import Reach

Place = tuple[str, str, bool]  # (scene, act, time-out of the act already fired)
END: Place = ("", "", True)


class _Escape:
    def __init__(self, story: Story, facts: Facts, reach: Reach, follows: dict[str, set[str]]) -> None:
        self.story = story
        self.r = reach
        self.follows = follows
        live = [s for s in facts.sites if id(s) in reach.live]
        self.live = live
        self.events = {act: [s for s in live if s.kind == "event" and s.owner in ("", act)] for act in story.acts}
        self.talks: dict[str, list] = {}
        self.at_scene: dict[str, list] = {}  # scene -> its live choices and entry effects
        for site in live:
            if site.kind in ("topic", "statement"):
                self.talks.setdefault(site.owner, []).append(site)
            elif site.kind in ("choice", "scene"):
                self.at_scene.setdefault(site.owner, []).append(site)
        self.board = [site for site in live if site.kind == "deduction"]
        # Leaving a conversation is a way out only if nothing opens it again at once: an event
        # that can fire on every step and opens a talk would catch the player on each Leave.
        self._memo: dict[tuple[Place, int], frozenset[Place]] = {}
        self.trapped = {act for act, sites in self.events.items() if any(
            not story.events[s.element].once and self.may_talk(s.effects) for s in sites)}
        talked = {name for site in live for kind, name in site.moves if kind == "talk"}
        self.talk_sites = [site for person in sorted(talked) for site in self.talks.get(person, ())]

    # -- where effects can leave the player -------------------------------------------------

    def enter(self, place: Place, depth: int = 0, before: Optional[Place] = None) -> frozenset[Place]:
        """Entering a scene (or an ending) ``depth`` entries into one step's chain, as the engine
        does it: past MAX_CHAIN the entry does not happen and the player stays ``before``."""
        scene, act, fired = place
        if scene in self.story.endings or place == END:
            return frozenset([END])
        if too_deep(depth):
            return frozenset([before]) if before is not None else frozenset()
        key = (place, depth)
        found = self._memo.get(key)
        if found is None:  # (depth grows along a chain, so no entry waits on itself)
            found = self.run(self.story.scenes[scene].on_enter, place, depth)
            self._memo[key] = found
        return found

    def run(self, effects: Iterable[Effect], place: Place, depth: int = 0) -> frozenset[Place]:
        """The places ``effects`` can leave the player in, run at chain ``depth`` (the engine's
        count: a goto or start_act enters one deeper, and so does an ``if``)."""
        effects = tuple(effects)
        for index, effect in enumerate(effects):
            rest = effects[index + 1:]
            if isinstance(effect, Goto):
                landed = self.enter((effect.target, place[1], place[2]), deeper(effect, depth), place)
                return self._then(landed, rest, depth)
            if isinstance(effect, StartAct):
                act = self.story.acts[effect.act]
                # The engine keeps an act's time-out "fired" when the act starts again, and a
                # restart resets the clock: either would break the draining argument, so an act
                # that can be started twice is treated as if its time-out had fired.
                again = act.id == place[1] or act.id in self.follows.get(act.id, ())
                landed = self.enter((act.start, act.id, again), deeper(effect, depth), (place[0], act.id, again))
                return self._then(landed, rest, depth)
            if isinstance(effect, Branch):
                out: set[Place] = set()
                for side in (effect.then, effect.otherwise):
                    out |= self._then(self.run(side, place, deeper(effect, depth)), rest, depth)
                return frozenset(out)
        return frozenset([place])

    def _then(self, places: Iterable[Place], rest: tuple[Effect, ...], depth: int) -> frozenset[Place]:
        out: set[Place] = set()
        for p in places:
            out |= {END} if p == END else self.run(rest, p, depth)
        return frozenset(out)

    def choose(self, effects: tuple[Effect, ...], goto: Optional[str], place: Place) -> frozenset[Place]:
        """Taking a choice: its effects, then its own ``goto`` (a fresh chain, as in the engine)."""
        out: set[Place] = set()
        for p in self.run(effects, place):
            if p == END or not goto:
                out.add(p)
            else:
                out |= self.enter((goto, p[1], p[2]), 0, p)
        return frozenset(out)

    def may_talk(self, effects: Iterable[Effect], seen: Optional[set[str]] = None) -> bool:
        """Whether ``effects`` can open a conversation, also from the scenes they lead into."""
        seen = set() if seen is None else seen
        for effect in walk_effects(tuple(effects)):
            if isinstance(effect, Talk):
                return True
            target = entered(self.story, effect)
            if target is not None and target in self.story.scenes and target not in seen:
                seen.add(target)
                if self.may_talk(self.story.scenes[target].on_enter, seen):
                    return True
        return False

    def spends(self, effects: Iterable[Effect]) -> bool:
        """Whether the effects always spend time (a spend inside one branch only may not run)."""
        return spends_surely(effects)

    def background(self, place: Place) -> frozenset[Place]:
        """What can happen to the player on any step in ``place``: events, and the time-out."""
        _, act_id, fired = place
        out: set[Place] = set()
        for site in self.events.get(act_id, ()):
            out |= self.run(site.effects, place)
        act = self.story.acts[act_id]
        # A place of an act that can start again is marked "fired" even on the first time
        # through, when the time-out is still to come: keep the time-out among what may happen.
        if act.on_timeout and (not fired or act_id in self.follows.get(act_id, ())):
            out |= self.enter((act.on_timeout, act_id, True))
        out.discard(place)
        return frozenset(out)

    def moves(self, place: Place) -> list[tuple[bool, frozenset[Place]]]:
        """The always-available moves from ``place``: (spends time, where it can lead)."""
        scene_id, act_id, _ = place
        scene = self.story.scenes[scene_id]
        act = self.story.acts[act_id]
        out = []
        for target in scene.exits:
            out.append((act.travel > 0, self.enter((target, act_id, place[2]))))
        regular = [c for c in scene.choices if not c.fallback]
        for choice in scene.choices:
            if choice.condition is not None or choice.once:
                continue
            if choice.fallback and (scene.exits or regular):
                continue  # a fallback shows only when nothing else does
            out.append((choice.cost > 0 or self.spends(choice.effects),
                        self.choose(choice.effects, choice.goto, place)))
        return out

    # -- every place a play can be in ------------------------------------------------------

    def reachable(self) -> set[Place]:
        story = self.story
        start = self.enter((story.start, story.first_act, False))
        seen: set[Place] = set()
        todo = [p for p in start if p != END]
        while todo:
            place = todo.pop()
            if place in seen:
                continue
            seen.add(place)
            scene_id, act_id, fired = place
            scene = story.scenes[scene_id]
            nxt: set[Place] = set(self.background(place))
            for target in scene.exits:
                nxt |= self.enter((target, act_id, fired))
            for site in self.at_scene.get(scene_id, ()):
                if site.kind == "choice":
                    nxt |= self.choose(site.effects, site.goto, place)
            # Anyone who can ever be talked to may be in a conversation here: effects open talks
            # from scenes, choices, events, the board and other talks, and a talk opened by an
            # effect that also moves the player happens where it leaves them.
            for site in self.talk_sites:
                nxt |= self.run(site.effects, place)
            for site in self.board:  # the board's effects can happen anywhere
                nxt |= self.run(site.effects, place)
            todo.extend(p for p in nxt if p != END and p not in seen)
        return seen

    # -- the proof ---------------------------------------------------------------------------

    def safe(self, places: set[Place], target: Optional[set[Place]] = None) -> set[Place]:
        """The places from which always-offered moves surely reach ``target`` (by default, an
        ending): the places themselves count as reached."""
        good: set[Place] = {END} if target is None else set(target)
        info = {p: (self.background(p), self.moves(p)) for p in places}
        changed = True
        while changed:
            changed = False
            # 1. A move that always lands on safe ground, whatever events do meanwhile.
            for place, (background, moves) in info.items():
                if place in good or place[1] in self.trapped or not background <= good:
                    continue
                if any(outcomes <= good for _, outcomes in moves):
                    good.add(place)
                    changed = True
            # 2. Draining the clock: within one act, time-spending moves that stay on ground that
            #    is safe or drainable, when the act's time-out lands on safe ground.
            for act in self.story.acts.values():
                if not act.on_timeout or not self.enter((act.on_timeout, act.id, True)) <= good:
                    continue
                if act.id in self.trapped:
                    continue
                drain = {p for p in info if p[1] == act.id and not p[2] and p not in good}
                shrinking = True
                while shrinking:
                    shrinking = False
                    for place in list(drain):
                        background, moves = info[place]
                        ok_ground = good | drain
                        if not background <= ok_ground or not any(
                                spends and outcomes <= ok_ground for spends, outcomes in moves):
                            drain.discard(place)
                            shrinking = True
                if drain:
                    good |= drain
                    changed = True
        return good


def prove(story: Story, facts: Facts, reach: Reach) -> tuple[bool, Optional[Place], int]:
    """(proved, a place the proof could not show safe, how many places were checked)."""
    from game.authoring.acts import act_view

    escape = _Escape(story, facts, reach, act_view(story, facts, reach).follows)
    places = escape.reachable()
    good = escape.safe(places)
    bad = sorted(p for p in places if p not in good)
    return (not bad, bad[0] if bad else None, len(places))


__all__ = ["prove", "Place"]
