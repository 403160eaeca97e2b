"""The explorer's view of a story: canonical state keys and the moves worth trying.

Every reduction here is argued in story/README.md ("How explore keeps the search small").
The short version: two engine states get the same key only when no condition, no menu and no
effect the rest of the game can run tells them apart, and a move is skipped only when another
move that is tried leads to a state with the same key. Each function says which rule it uses.
"""

from __future__ import annotations

from itertools import combinations, product
from typing import Iterator, Optional, Union

from game.core import engine as e
from game.core import rules as core_rules
from game.core.record import Record, replace
from game.core.model import Say, Story
from game.core.blanks import slot_options
from game.core.mystery import known_people, wrong_check
from game.core.state import Accusing, Ended, Exploring, GameState, Mode, Talking, Testifying, Verdict
from game.authoring.facts import Facts, atoms, collect
from game.authoring.acts import act_view
from game.authoring.reach import reach

END = "end"


class Macro(Record):
    """The accusation as one move: confirm some board deductions, accuse, answer, confirm.

    ``deduce`` lists (deduction id, answers) confirmed first (deductions whose confirmation
    matters only to the endings are confirmed here rather than explored one state at a time);
    ``answers`` are the values given to each step of the accusation, in order.
    """

    deduce: tuple[tuple[str, tuple[tuple[str, str], ...]], ...]
    answers: tuple[str, ...]
    ending: str


Move = Union[e.Action, Macro]


def narration_only(effects) -> bool:
    return all(isinstance(x, Say) for x in effects)


class Rules:
    """Everything about a story the explorer decides once, before the search starts."""

    def __init__(self, story: Story, facts: Optional[Facts] = None) -> None:
        self.story = story
        facts = facts or collect(story)
        self.facts = facts
        r = reach(story, facts)
        view = act_view(story, facts, r)
        reads = facts.reads  # conditions that change what happens (not text-only ones)
        read = {fn: {name for (f, name) in reads if f == fn} for fn in
                ("has", "flag", "visited", "visits", "count", "asked", "broken", "pressed", "confirmed",
                 "accused", "chose", "evidence", "clues")}
        self.flags_read = frozenset(read["flag"])
        self.counters_read = frozenset(read["count"])
        self.pressed_read = frozenset(read["pressed"])
        self.visits_exact = frozenset(read["visits"])
        self.visited_only = frozenset(read["visited"] - read["visits"])
        self.needs_credibility = bool(story.testimonies) or ("var", "credibility") in reads
        # --- per act: what can still matter from here on (this act and every act after it) ---
        future = {a: {a} | view.follows.get(a, set()) for a in story.acts}
        choice_scene = {c.id: s.id for s in story.scenes.values() for c in s.choices}
        self.pure_choices = frozenset(
            c.id for s in story.scenes.values() for c in s.choices
            if not c.goto and not c.cost and narration_only(c.effects)
            # A choice's visibility decides whether fallback choices show, unless the scene has
            # exits (then fallbacks never show) or no fallbacks at all.
            and (s.exits or not any(x.fallback for x in s.choices)))
        self.pure_topics = frozenset(t.id for t in story.topics.values()
                                     if not t.cost and narration_only(t.effects) and t.id not in read["asked"])
        self.live_taken: dict[str, frozenset[str]] = {}
        self.live_asked: dict[str, frozenset[str]] = {}
        self.live_fired: dict[str, frozenset[str]] = {}
        for act in story.acts:
            acts = future[act]
            self.live_taken[act] = frozenset(
                cid for cid, sid in choice_scene.items()
                if cid not in self.pure_choices and (view.scene_acts.get(sid, set()) & acts))
            self.live_asked[act] = frozenset(
                t.id for t in story.topics.values()
                if t.id in read["asked"] or (t.id not in self.pure_topics and view.talk_acts.get(t.person, set()) & acts))
            self.live_fired[act] = frozenset(
                [ev.id for ev in story.events.values() if ev.once and not narration_only(ev.effects)
                 and (ev.act is None or ev.act in acts)] + [core_rules.timeout_key(a) for a in acts])
        self.events = [ev for ev in story.events.values() if not narration_only(ev.effects)]
        # --- the board ---
        ending_reads = set()
        for ending in story.endings.values():
            if ending.condition is not None:
                ending_reads |= set(atoms(ending.condition.ast))
        other_confirmed = set(read["confirmed"]) - {n for f, n in ending_reads if f == "confirmed"}
        # A deduction with no effects of its own, read only by endings, is "deferred": whether it
        # is on the board matters only when the accusation is made, and its clues are never lost
        # (nothing takes a clue away), so confirming it can wait until then.
        self.deferred = frozenset(
            d.id for d in story.deductions.values()
            if not d.on_confirm and d.id not in other_confirmed)
        self.deferred_read = frozenset(d for d in self.deferred if ("confirmed", d) in ending_reads)
        self.eager = [d for d in story.deductions.values() if d.id not in self.deferred]
        self.chose_read = frozenset(read["chose"]) | {n for f, n in ending_reads if f == "chose"}
        self.evidence_read = frozenset(n for f, n in ending_reads if f == "evidence")
        # What else the endings read decides which endings a verdict gives: part of the memo key.
        self.ending_atoms = sorted({a for a in ending_reads if a[0] not in ("accused", "chose", "evidence")
                                    and not (a[0] == "confirmed" and a[1] in self.deferred)})
        self._verdicts: dict[tuple, list[tuple[str, tuple, tuple, tuple]]] = {}
        self._pool: dict = {}
        self.reach = r
        self.view = view

    # --- keys ----------------------------------------------------------------------------------

    def key(self, s: GameState) -> tuple:
        """The canonical key: ``s`` with every field no later step can read dropped."""
        mode = s.mode
        if isinstance(mode, Ended):
            return (END, mode.ending)
        if isinstance(mode, Exploring):
            m: tuple = ()
        elif isinstance(mode, Talking):
            m = ("T", mode.person)
        elif isinstance(mode, Testifying):
            m = ("S", mode.testimony, mode.index)
        else:
            m = ("A", mode.culprit, mode.answers, tuple(sorted(mode.evidence)))
        act = s.act
        visits: tuple[tuple[str, int], ...] = ()
        if s.visits and (self.visits_exact or self.visited_only):
            visits = tuple((k, v if k in self.visits_exact else 1) for k, v in s.visits
                           if k in self.visits_exact or k in self.visited_only)
        counters = s.counters if not s.counters else tuple(x for x in s.counters if x[0] in self.counters_read)
        # Equal sets are shared through a pool: a search keeps millions of keys that differ in
        # one field, and the other fields' sets repeat.
        pool = self._pool
        sets = [s.clues, s.items, s.flags & self.flags_read, s.taken & self.live_taken[act],
                s.asked & self.live_asked[act], s.pressed & self.pressed_read if s.pressed else s.pressed,
                s.broken, s.confirmed, s.fired & self.live_fired[act], s.silenced, counters, visits]
        clues, items, flags, taken, asked, pressed, broken, confirmed, fired, silenced, counters, visits = (
            pool.setdefault(x, x) for x in sets)
        return (s.scene, act, s.time, s.credibility if self.needs_credibility else 0, m, clues, items,
                flags, counters, visits, taken, asked, pressed, broken, confirmed, fired, silenced)

    def state_of(self, key: tuple) -> GameState:
        """A state with this key. Whatever the key dropped, no later step reads (see key)."""
        if key[0] == END:
            return GameState(scene="", act="", time=0, credibility=0, mode=Ended(key[1]))
        (scene, act, time, credibility, m, clues, items, flags, counters, visits, taken, asked, pressed,
         broken, confirmed, fired, silenced) = key
        mode: Mode
        if not m:
            mode = Exploring()
        elif m[0] == "T":
            mode = Talking(m[1])
        elif m[0] == "S":
            mode = Testifying(m[1], m[2])
        else:
            mode = Accusing(m[1], m[2], m[3])
        return GameState(scene=scene, act=act, time=time, credibility=credibility, mode=mode, clues=clues,
                         items=items, flags=flags, counters=counters, visits=visits, taken=taken, asked=asked,
                         pressed=pressed, broken=broken, confirmed=confirmed, fired=fired, silenced=silenced)

    # --- events still to fire ------------------------------------------------------------------

    def pending(self, s: GameState) -> bool:
        """Whether any step (even one that changes nothing) would fire an event or a time-out.

        The engine checks events after every step; one event can enable another that comes
        earlier in the story's order, which then fires on the next step, whatever that step is.
        """
        # (Narration-only events are left out: firing one changes nothing the key keeps.)
        return core_rules.due(self.story, s, e.EvalContext(self.story, s), self.events)

    # --- the board -----------------------------------------------------------------------------

    def correct_answers(self, deduction, s: GameState) -> Optional[tuple[tuple[str, str], ...]]:
        """Right answers for every slot from what ``s`` holds, or None when a clue is missing or
        the deduction is not on the board (the engine checks only those: ``engine.on_board``)."""
        if not e.on_board(self.story, s, deduction.id):
            return None
        out = []
        for slot in deduction.slots:
            if slot.kind == "clue":
                held = [c for c in self.story.clues if c in slot.answers and c in s.clues]
                if not held:
                    return None
                out.append((slot.id, held[0]))
            elif slot.kind == "suspect":
                # the engine takes only a suspect the board offers (known by name, and among)
                known = {v for v, _label in slot_options(self.story, s, slot)}
                named = sorted(a for a in slot.answers if a in known)
                if not named:
                    return None
                out.append((slot.id, named[0]))
            else:
                out.append((slot.id, sorted(slot.answers)[0]))
        return tuple(out)

    def confirmable(self, deduction_id: str, s: GameState) -> bool:
        """The deduction is on the board, or its clues are held (confirming costs no time)."""
        if deduction_id in s.confirmed:
            return True
        return self.correct_answers(self.story.deductions[deduction_id], s) is not None

    def wrong_deduction(self, s: GameState) -> Optional[e.Deduce]:
        """A check the board will find wrong (``core.mystery.wrong_check``): it spends the act's
        ``wrong_deduction`` turns and changes nothing else, so every wrong check leads to the
        same state. With a cost of 0 it changes nothing but the turn (an idle step, rule 4)."""
        return wrong_check(self.story, s)

    # --- the accusation ------------------------------------------------------------------------

    def verdicts(self, s: GameState) -> list[tuple[str, tuple, tuple, tuple]]:
        """``(ending, deductions to confirm first, answers, evidence)``, one per ending reachable
        by accusing now (or finishing the accusation already under way)."""
        story, acc = self.story, self.story.accusation
        assert acc is not None
        mode = s.mode
        partial = mode if isinstance(mode, Accusing) else Accusing()
        held = [c for c in story.clues if c in s.clues]
        ev_read = [c for c in held if c in self.evidence_read]
        others = [c for c in held if c not in self.evidence_read and c not in partial.evidence]
        can_defer = () if isinstance(mode, Accusing) else tuple(
            d for d in sorted(self.deferred_read) if d not in s.confirmed and self.confirmable(d, s))
        ctx = e.EvalContext(story, s)
        # the accusation offers only the suspects the player knows (the engine's one list)
        culprits = [partial.culprit] if partial.culprit else [p.id for p in known_people(story, s, suspects_only=True)]
        memo_key = (partial, tuple(culprits), frozenset(ev_read), min(len(others), acc.evidence_count), can_defer,
                    s.confirmed & self.deferred_read,
                    tuple(bool(ctx.has(n)) if f == "has" else _read(ctx, f, n) for f, n in self.ending_atoms))
        cached = self._verdicts.get(memo_key)
        if cached is not None:
            return cached
        questions = []
        for index, question in enumerate(acc.questions):
            if index < len(partial.answers):
                questions.append([partial.answers[index]])
                continue
            options = [o for o, _ in question.options]
            kept = [o for o in options if o in self.chose_read]
            spare = [o for o in options if o not in self.chose_read]
            questions.append(kept + spare[:1])  # unread options are interchangeable: try one
        need = acc.evidence_count - len(partial.evidence)
        evidence_sets = []
        if need <= len(held) - len(partial.evidence):
            pool = [c for c in ev_read if c not in partial.evidence]
            for size in range(0, min(need, len(pool)) + 1):
                if need - size > len(others):
                    continue
                for chosen in combinations(pool, size):
                    evidence_sets.append(tuple(partial.evidence) + chosen + tuple(others[:need - size]))
        found: dict[str, tuple[str, tuple, tuple, tuple]] = {}
        for count in range(len(can_defer) + 1):
            for deduce in combinations(can_defer, count):
                confirmed = s.confirmed | set(deduce)
                for culprit, answers, evidence in product(culprits, product(*questions), evidence_sets):
                    trial = replace(s, confirmed=confirmed, mode=Exploring(),
                                    verdict=Verdict(culprit, frozenset(answers), frozenset(evidence)))
                    ending = core_rules.chosen_ending(story, e.EvalContext(story, trial))
                    if ending not in found:
                        found[ending] = (ending, deduce, (culprit, *answers), evidence)
        result = list(found.values())
        self._verdicts[memo_key] = result
        return result

    def macro(self, s: GameState, ending: str, deduce: tuple, answers: tuple, evidence: tuple) -> Macro:
        steps = []
        for d in deduce:
            got = self.correct_answers(self.story.deductions[d], s)
            assert got is not None
            steps.append((d, got))
        mode = s.mode
        done = 0
        if isinstance(mode, Accusing):
            done = (1 if mode.culprit else 0) + len(mode.answers) + len(mode.evidence)
        full = tuple(answers) + tuple(evidence)
        return Macro(tuple(steps), full[done:], ending)


def _read(ctx: e.EvalContext, function: str, name: str):
    if function == "var":
        return getattr(ctx, {"act": "act_number"}.get(name, name))
    if function == "clues":
        return ctx.clues_tagged(name)
    if function == "visited":
        return ctx.visits(name) > 0
    return getattr(ctx, function)(name)


def moves(rules: Rules, s: GameState) -> Iterator[tuple[Move, Optional[GameState]]]:
    """The moves worth trying from ``s``, each with the state it leads to.

    Macros (the accusation) yield ``None`` for the state: they end the story in ``macro.ending``.
    """
    story = rules.story
    mode = s.mode
    if isinstance(mode, Ended):
        return
    pending = rules.pending(s)
    idle: Optional[e.Action] = None  # a step that changes nothing the key keeps (for the tick)
    if isinstance(mode, Accusing) and not pending:
        for ending, deduce, answers, evidence in rules.verdicts(s):
            yield rules.macro(s, ending, deduce, answers, evidence), None
        new, _ = e.step(story, s, e.Retract())
        yield e.Retract(), new
        return
    actions = e.proof_actions(story, s)  # a typed answer is typed right: a wrong one changes nothing
    wrong_done = right_done = False
    for action in actions:
        if isinstance(action, e.Choose):
            if action.choice in rules.pure_choices:
                idle = idle or action  # narration only: taking it changes nothing that matters
                continue
        elif isinstance(action, e.Ask):
            if action.topic in s.asked or action.topic in rules.pure_topics:
                idle = idle or action  # asked before (free, no effects again) or narration only
                continue
        elif isinstance(action, e.Press):
            assert isinstance(mode, Testifying)
            statement = story.testimonies[mode.testimony].statements[mode.index]
            if statement.id not in rules.pressed_read:
                idle = idle or action  # nothing reads pressed() for it
                continue
        elif isinstance(action, e.Present):
            # Every right clue leads to the same state, and so does every wrong one: the clue
            # presented is not remembered. Try one of each.
            assert isinstance(mode, Testifying)
            statement = story.testimonies[mode.testimony].statements[mode.index]
            right = statement.broken_by(action.clue, s.clues) and statement.id not in s.broken
            if right:
                if right_done:
                    continue
                right_done = True
            else:
                if wrong_done:
                    continue
                wrong_done = True
        elif isinstance(action, e.Accuse) and not pending:
            for ending, deduce, answers, evidence in rules.verdicts(s):
                yield rules.macro(s, ending, deduce, answers, evidence), None
            continue
        new, _ = e.step(story, s, action)
        yield action, new
    # The accusation is open from a conversation too (by typing `accuse`).
    if isinstance(mode, Talking) and e.accusation_open(story, s):
        if pending:
            new, _ = e.step(story, s, e.Accuse())
            yield e.Accuse(), new
        else:
            for ending, deduce, answers, evidence in rules.verdicts(s):
                yield rules.macro(s, ending, deduce, answers, evidence), None
    if not isinstance(mode, Accusing):
        for deduction in rules.eager:
            if deduction.id in s.confirmed:
                continue
            found = rules.correct_answers(deduction, s)
            if found is not None:
                action = e.Deduce(deduction.id, found, f"Deduce: {deduction.title}")
                new, _ = e.step(story, s, action)
                yield action, new
    if not isinstance(mode, Accusing):
        # Rule 6: a wrong check spends the act's wrong_deduction turns and changes nothing else
        # (every wrong check the same), so when it costs time it is a real move, like a wait: it
        # can bring on events and the time-out. When it is free it is only an idle step (rule 4).
        guess = rules.wrong_deduction(s)
        if guess is not None and core_rules.wrong_check_cost(story, s) > 0:
            new, _ = e.step(story, s, guess)
            yield guess, new
        elif pending and idle is None:
            idle = guess
    if pending:
        if idle is not None:
            new, _ = e.step(story, s, idle)
            yield idle, new


class ReplayError(Exception):
    """A move could not be replayed: the engine refused it (the story changed, or a bug)."""


def apply_move(story: Story, state: GameState, move: Move) -> GameState:
    """Play one explorer move with the real engine (a macro is several steps)."""

    def play(s: GameState, action: e.Action) -> GameState:
        new, events = e.step(story, s, action)
        refused = [x for x in events if isinstance(x, e.Rejected)]
        if refused:
            raise ReplayError(f"{action!r} was refused: {refused[0].reason}")
        return new

    if isinstance(move, Macro):
        for deduction, answers in move.deduce:
            state = play(state, e.Deduce(deduction, answers))
        if not isinstance(state.mode, Accusing):
            state = play(state, e.Accuse())
        for value in move.answers:
            state = play(state, e.Answer(value))
        return play(state, e.Confirm())
    return play(state, move)


__all__ = ["Rules", "Macro", "Move", "moves", "apply_move", "ReplayError", "END"]
