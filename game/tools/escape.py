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

from game.model import Branch, Effect, Goto, Spend, StartAct, Story, Talk, walk_effects
from game.tools.facts import Facts
from game.tools.reach import Reach

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
        self.trapped = {act for act, sites in self.events.items() if any(
            not story.events[s.element].once and any(isinstance(x, Talk) for x in walk_effects(s.effects))
            for s in sites)}
        self._memo: dict[tuple[Place, int], frozenset[Place]] = {}

    # -- where effects can leave the player -------------------------------------------------

    def enter(self, place: Place, chain: tuple = ()) -> frozenset[Place]:
        """Entering a scene (or an ending): the places its entry effects can leave the player in."""
        scene, act, fired = place
        if scene in self.story.endings or place == END:
            return frozenset([END])
        if place in chain or len(chain) > 32:
            return frozenset([place])  # a loop of entry moves: the engine stops following it
        return self.run(self.story.scenes[scene].on_enter, place, chain + (place,))

    def run(self, effects: Iterable[Effect], place: Place, chain: tuple = ()) -> frozenset[Place]:
        effects = tuple(effects)
        for index, effect in enumerate(effects):
            rest = effects[index + 1:]
            if isinstance(effect, Goto):
                out = set()
                for p in self.enter((effect.target, place[1], place[2]), chain):
                    out |= self.run(rest, p, chain) if p != END else {END}
                return frozenset(out)
            if isinstance(effect, StartAct):
                act = self.story.acts[effect.act]
                # The engine keeps an act's time-out "fired" when the act starts again, and a
                # restart resets the clock: either would break the draining argument, so an act
                # that can be started twice is treated as if its time-out had fired.
                again = act.id == place[1] or act.id in self.follows.get(act.id, ())
                out = set()
                for p in self.enter((act.start, act.id, again), chain):
                    out |= self.run(rest, p, chain) if p != END else {END}
                return frozenset(out)
            if isinstance(effect, Branch):
                return self.run(effect.then + rest, place, chain) | self.run(effect.otherwise + rest, place, chain)
        return frozenset([place])

    def spends(self, effects: Iterable[Effect]) -> bool:
        """Whether the effects always spend time (a spend inside one branch only may not run)."""
        for effect in effects:
            if isinstance(effect, Spend) and effect.turns > 0:
                return True
            if isinstance(effect, Branch) and self.spends(effect.then) and self.spends(effect.otherwise):
                return True
        return False

    def background(self, place: Place) -> frozenset[Place]:
        """What can happen to the player on any step in ``place``: events, and the time-out."""
        _, act_id, fired = place
        out: set[Place] = set()
        for site in self.events.get(act_id, ()):
            out |= self.run(site.effects, place)
        act = self.story.acts[act_id]
        if act.on_timeout and not fired:
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
            effects = choice.effects + ((Goto(choice.goto),) if choice.goto else ())
            out.append((choice.cost > 0 or self.spends(choice.effects), self.run(effects, place)))
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
            people = set()
            for site in self.at_scene.get(scene_id, ()):
                if site.kind == "choice":
                    effects = site.effects + ((Goto(site.goto),) if site.goto else ())
                    nxt |= self.run(effects, place)
                people |= {name for kind, name in site.moves if kind == "talk"}
            for site in self.events.get(act_id, ()):  # an event can open a conversation too
                people |= {name for kind, name in site.moves if kind == "talk"}
            todo_people, done_people = list(people), set()
            while todo_people:  # a topic can hand the conversation to someone else
                person = todo_people.pop()
                if person in done_people:
                    continue
                done_people.add(person)
                for site in self.talks.get(person, ()):
                    nxt |= self.run(site.effects, place)
                    todo_people.extend(name for kind, name in site.moves if kind == "talk")
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
    from game.tools.reach import act_view

    escape = _Escape(story, facts, reach, act_view(story, facts, reach).follows)
    places = escape.reachable()
    good = escape.safe(places)
    bad = sorted(p for p in places if p not in good)
    return (not bad, bad[0] if bad else None, len(places))


__all__ = ["prove", "Place"]
