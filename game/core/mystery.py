"""Views of the case computed from story and state: grids, notebook, timeline, hints. Pure."""

from __future__ import annotations

from typing import Optional, Sequence

from game.core.blanks import slot_options as slot_options  # re-exported: the board's surfaces read it here
from game.core.engine import Action, Deduce, EvalContext, TimeRanOut, clue_order, on_board, step
from game.core.expr import Condition
from game.core.record import Record
from game.core.model import Cell, Clue, ClueTime, Deduction, Effect, Goto, Person, Spend, Story, gained, walk_effects
from game.core.people import called as called, known_people as known_people, talks_to  # called, known_people re-exported: views read them here
from game.core.rules import wrong_check_cost
from game.core.state import Accusing, GameState

SHOWN, RULED_OUT, UNKNOWN = "shown", "ruled out", "unknown"


def cell_status(cell: Cell, state: GameState) -> str:
    """A grid square is ruled out by any of its clearing clues, else shown by any of its clues
    held or deductions confirmed: what the board has concluded, the grid never contradicts (T67
    read Dr. Pell's motive unknown under a confirmed "What she knew had Dr. Pell's name on it")."""
    if any(c in state.clues for c in cell.ruled_out_by):
        return RULED_OUT
    if any(c in state.clues or c in state.confirmed for c in cell.shown_by):
        return SHOWN
    return UNKNOWN


def numbered_clues(story: Story, state: GameState) -> list[tuple[int, str]]:
    """``(number, clue id)`` for every held clue: the one numbering of the whole game, used by
    the notebook, ``present N``, the board, the accusation, the timeline and every menu."""
    return list(enumerate(clue_order(story, state), 1))


def board(story: Story, state: GameState) -> list[tuple[int, Deduction]]:
    """``(number, deduction)`` for every deduction on the board now (its ``if`` holds, or it
    is confirmed). The number is its place in the story, so ``deduce N`` never shifts as
    more deductions appear."""
    return [(n, d) for n, d in board_numbers(story).items() if on_board(story, state, d.id)]


def board_numbers(story: Story) -> dict[int, Deduction]:
    """Every deduction by its board number, shown yet or not: its place in the story, from 1."""
    return dict(enumerate(story.deductions.values(), 1))


def grid(person: Person, state: GameState) -> dict[str, tuple[str, str]]:
    """``{"motive": (status, note), ...}``; a note is shown only once its square is known."""
    out = {}
    for key in ("motive", "means", "opportunity"):
        cell = getattr(person, key)
        status = cell_status(cell, state)
        out[key] = (status, cell.note if status != UNKNOWN else "")
    return out


def night_minutes(at: str) -> int:
    """Minutes into the night of a time of day "HH:MM": times after noon come first, and the
    night runs past midnight (00:10 is after 23:50)."""
    hours, minutes = (int(x) for x in at.split(":"))
    total = hours * 60 + minutes
    return total if total >= 12 * 60 else total + 24 * 60


def timeline(story: Story, state: GameState) -> list[tuple[ClueTime, Clue]]:
    """Every time of every held clue, in the order of the night; a clue with several times
    (sent, then read) is on the timeline once for each. Ties keep the story's order."""
    entries = [(t, story.clues[c]) for c in story.clues if c in state.clues for t in story.clues[c].times]
    return sorted(entries, key=lambda entry: night_minutes(entry[0].at))


def open_places(story: Story, state: GameState) -> list[str]:
    """Places open now, in story order."""
    ctx = EvalContext(story, state)
    return [p.id for p in story.places.values() if p.open is None or p.open(ctx)]


def place_notice(story: Story, state: GameState, place_id: str) -> str:
    """What the place says after its name now, in a 'Go to' line and on the map: the first of
    its ``notice`` texts whose condition holds ("shut till two"), or ""."""
    place = story.places.get(place_id)
    if place is None or not place.notice:
        return ""
    ctx = EvalContext(story, state)
    return next((x.text.strip() for x in place.notice if x.condition is None or x.condition(ctx)), "")


def known_places(story: Story, state: GameState) -> set[str]:
    """Places the player knows of: open now, where a scene they entered is (a place once seen
    stays known when it closes), or where an exit of this scene goes (its menu names it: T14 saw
    "Go to The Wellness Suite" while the map said "not found yet"). The map names only these;
    the rest are "?" (T3-12)."""
    seen = {story.scenes[s].place for s, _n in state.visits if s in story.scenes}
    scene = story.scenes.get(state.scene)
    offered = {story.scenes[t].place for t in scene.exits if t in story.scenes} if scene is not None else set()
    return set(open_places(story, state)) | {p for p in seen | offered if p is not None}


class Hint(Record):
    """A nudge: which deduction is open and where to look, never the answer."""

    deduction: str
    level: int
    text: str


MAX_HINT_LEVEL = 3


def hint(story: Story, state: GameState, level: int = 1) -> Optional[Hint]:
    """A graded nudge toward the first open deduction on the board.

    Level 1 names the open question (and says so when the notebook already holds a clue for
    every clue slot). Level 2 names a place open now, or a person, where a clue that would
    advance it can be found. Level 3 names the very choice or question that yields it. No
    level ever fills in a slot: the player still has to make the connection.
    """
    for _number, deduction in board(story, state):  # never the question of one not on the board
        if deduction.id in state.confirmed:
            continue
        question = deduction.question or deduction.title
        clue_slots = [slot for slot in deduction.slots if slot.kind == "clue"]
        ready = clue_slots and all(slot.answers & state.clues for slot in clue_slots)
        if level <= 1 or ready:
            if ready:
                return Hint(deduction.id, 1, f"Still open: {question} You may already hold what you need. "
                                             "Try it on the board.")
            return Hint(deduction.id, 1, f"Still open: {question}")
        missing = [c for c in _supporting(deduction) if c not in state.clues]
        source = _nearest_source(story, state, missing)
        if source is None:
            return Hint(deduction.id, 2, f"Still open: {question} Keep looking; ask the people you have not asked.")
        where, how = source
        if level == 2:
            return Hint(deduction.id, 2, f"Still open: {question} Something that bears on it is to be found {where}.")
        return Hint(deduction.id, 3, f"Still open: {question} Try this {where}: \u201c{how}\u201d.")
    return None


class Leads(Record):
    """What is still to try in this act when the board has nothing open (a deduction still
    hidden): the people with a question not asked, with a statement not broken, and the places
    with a choice not taken; each as the player knows them (never a name not yet learnt)."""

    asking: tuple[str, ...] = ()
    breaking: tuple[str, ...] = ()
    places: tuple[str, ...] = ()


def scenes_ahead(story: Story, state: GameState) -> frozenset[str]:
    """The scenes the player can still come to from where they are, by the ways
    :func:`act_scenes` follows (conditions and costs set aside: a lead is a place to look, and a
    scene left behind for good, like the front door the first night, is none)."""
    return _reached(story, [state.scene])


def leads(story: Story, state: GameState) -> Leads:
    """The :class:`Leads` now: topics and testimonies whose condition holds (the ones a talk
    offers now, so this act's), of people the player knows; places the player knows, of this
    act, with a once-only choice not taken whose condition holds. Never which one matters."""
    ctx = EvalContext(story, state)
    # people known by name and someone a choice of this act talks to: a hint never sends the
    # player to a person they cannot reach in this act (T14: Harrow, named from the first
    # screen, was a lead in act 1, when no scene has her)
    # (and only in scenes still ahead: T50 was sent to Dr. Pell after she had left for the night)
    ahead = scenes_ahead(story, state)
    here = {talks_to(c) for s in ahead for c in story.scenes[s].choices}
    known = {p.id for p in known_people(story, state)} & here

    def holds(condition: Optional[Condition]) -> bool:
        return condition is None or bool(condition(ctx))

    asking = {t.person for t in story.topics.values()
              if t.person in known and t.id not in state.asked and holds(t.condition)}
    breaking = {t.person for t in story.testimonies.values()
                if t.person in known and holds(t.condition)
                and any(s.contradicted_by and s.id not in state.broken for s in t.statements)}
    seen = known_places(story, state)
    places = {story.scenes[s].place for s in ahead
              if story.scenes[s].place in seen
              and any(c.once and c.id not in state.taken and holds(c.condition) for c in story.scenes[s].choices)}
    return Leads(tuple(called(story, state, p) for p in story.people if p in asking),
                 tuple(called(story, state, p) for p in story.people if p in breaking),
                 tuple(story.places[p].name for p in story.places if p in places))


def _supporting(deduction: Deduction) -> list[str]:
    return sorted({c for slot in deduction.slots if slot.kind == "clue" for c in slot.answers})


def _nearest_source(story: Story, state: GameState, clues: list[str]) -> Optional[tuple[str, str]]:
    """Where one of ``clues`` can be had now: (where, the choice or topic), preferring what is
    offered right now, then places open now, then conversations."""
    if not clues:
        return None
    wanted = set(clues)
    ctx = EvalContext(story, state)
    open_now = set(open_places(story, state))
    this_act = act_scenes(story, state.act)
    later: Optional[tuple[str, str]] = None
    for scene in story.scenes.values():
        if not scene.place or scene.place not in open_now or scene.id not in this_act:
            continue
        for choice in scene.choices:
            if choice.once and choice.id in state.taken:
                continue
            if gained(choice.effects) & wanted:
                where = f"in {story.places[scene.place].name}"
                if choice.condition is None or choice.condition(ctx):
                    return where, choice.text
                later = later or (where, choice.text)
    for topic in story.topics.values():
        if topic.id not in state.asked and gained(topic.effects) & wanted:
            where = f"with {called(story, state, topic.person)}"  # a hint never introduces a name
            if topic.condition is None or topic.condition(ctx):
                return where, topic.title
            later = later or (where, topic.title)
    return later


def act_scenes(story: Story, act_id: str) -> frozenset[str]:
    """Scenes reachable within an act from its start and fallback scenes, following exits,
    gotos and branches but not the start of another act. Conditions are ignored: this is
    where the act's story can go, not where the player can go now."""
    act = story.acts.get(act_id)
    if act is None:
        return frozenset()
    return _reached(story, [act.start, act.fallback])


def _reached(story: Story, starts: Sequence[str]) -> frozenset[str]:
    """The scenes reachable from ``starts`` by exits, gotos (a choice's, in its effects and
    branches, or on entry), never the start of another act; conditions ignored."""
    def targets(effects: tuple[Effect, ...]) -> set[str]:
        return {e.target for e in walk_effects(effects) if isinstance(e, Goto)}

    seen: set[str] = set()
    todo = [s for s in starts if s in story.scenes]
    while todo:
        scene_id = todo.pop()
        if scene_id in seen or scene_id not in story.scenes:
            continue
        seen.add(scene_id)
        scene = story.scenes[scene_id]
        nxt = set(scene.exits) | targets(scene.on_enter)
        for choice in scene.choices:
            nxt |= targets(choice.effects)
            if choice.goto:
                nxt.add(choice.goto)
        todo.extend(n for n in nxt if n in story.scenes and n not in seen)
    return frozenset(seen)


# --- the clock --------------------------------------------------------------------------------


_BOUND: list[tuple[Story, int]] = []  # (story, bound) for the last story asked about


def most_spent_in_one_step(story: Story) -> int:
    """An upper bound on the turns one step can spend: the dearest choice, topic or journey,
    plus the dearest scene entry, plus every scheduled event. Below it no step ends an act.
    Remembered for the last story (it reads every scene, which a lazily decoded story only
    does on demand: about 17 ms for the bundled case, once)."""
    if _BOUND and _BOUND[0][0] is story:
        return _BOUND[0][1]
    def spends(effects: tuple[Effect, ...]) -> int:
        return sum(x.turns for x in walk_effects(effects) if isinstance(x, Spend))

    acting = [max(a.travel, a.wrong_deduction) for a in story.acts.values()]  # a journey, a wrong check
    acting += [c.cost + spends(c.effects) for s in story.scenes.values() for c in s.choices]
    acting += [t.cost + spends(t.effects) for t in story.topics.values()]
    entering = [spends(s.on_enter) for s in story.scenes.values()]
    scheduled = sum(spends(ev.effects) for ev in story.events.values())
    bound = max(acting, default=0) + max(entering, default=0) + scheduled
    _BOUND[:] = [(story, bound)]
    return bound


def _clock_is_low(story: Story, state: GameState) -> bool:
    """Whether few enough turns are left in an act that ends on timeout for one step to end it.
    An act's full clock is taken as safe, so the first screen never pays for reading every
    scene (:func:`most_spent_in_one_step`); the menu and the board's warning both ask here."""
    act = story.acts.get(state.act)
    return (act is not None and bool(act.on_timeout) and state.time < act.time
            and state.time <= most_spent_in_one_step(story))


def act_enders(story: Story, state: GameState, actions: Sequence[Action]) -> frozenset[int]:
    """Indexes of the ``actions`` that would run out the act's time now (the first of
    :func:`clock_marks`)."""
    return clock_marks(story, state, actions)[0]


def clock_marks(story: Story, state: GameState, actions: Sequence[Action]) -> tuple[frozenset[int], frozenset[int]]:
    """Indexes of the ``actions`` that would run out the act's time now, and of those that
    would spend the rest of it arriving somewhere, where the act goes on (the menu marks them
    "last turn": core.rules.times_out). The engine is asked (each is stepped), only when few
    enough turns are left for any step to matter. An act's full clock is taken as safe, so the
    first screen never pays for reading every scene."""
    if not _clock_is_low(story, state):
        return frozenset(), frozenset()
    ends, arrives = set(), set()
    for index, action in enumerate(actions):
        after, events = step(story, state, action)
        if any(isinstance(x, TimeRanOut) for x in events):
            ends.add(index)
        elif 0 < state.time and after.time <= 0 and after.act == state.act and not after.ended:
            arrives.add(index)
    return frozenset(ends), frozenset(arrives)


# --- a wrong check on the board ---------------------------------------------------------------


def wrong_check(story: Story, state: GameState) -> Optional[Deduce]:
    """A check the board would take and find wrong now (a deduction on the board, not yet
    confirmed, each blank filled from what the board offers, one of them wrongly), or None when
    no wrong check can be made. The clock warning and the explorer try this one: every wrong
    check has the same effect (it spends the act's ``wrong_deduction`` turns)."""
    if isinstance(state.mode, Accusing) or state.ended:
        return None
    for _number, deduction in board(story, state):
        if deduction.id in state.confirmed:
            continue
        answers, wrong = [], False
        for slot in deduction.slots:
            pool = [value for value, _label in slot_options(story, state, slot)]  # what the board offers
            if not pool:
                break
            bad = [v for v in pool if v not in slot.answers]
            answers.append((slot.id, bad[0] if bad else pool[0]))
            wrong = wrong or bool(bad)
        else:
            if wrong:
                return Deduce(deduction.id, tuple(answers), "a wrong check")
    return None


def wrong_check_ends_act(story: Story, state: GameState) -> bool:
    """Whether a wrong check on the board now would run out the act's time (the engine is asked,
    as for the menu's choices: :func:`act_enders`). Only when the clock is that low."""
    if not _clock_is_low(story, state):
        return False
    guess = wrong_check(story, state) if wrong_check_cost(story, state) else None
    return guess is not None and any(isinstance(x, TimeRanOut) for x in step(story, state, guess)[1])


# --- where a clue comes from (the case summary's "Missed") ------------------------------------


class ClueSources(Record):
    """Where a clue can be had: the places of the scenes that gain it (a choice or the arrival)
    and the people whose topics or broken statements hand it over."""

    places: frozenset[str] = frozenset()
    people: frozenset[str] = frozenset()


def clue_sources(story: Story) -> dict[str, ClueSources]:
    """Every clue's :class:`ClueSources`, read from the effects that gain it (the engine's own
    ``gained``), so it is the one answer to "where does this clue come from". A clue only an
    event or nothing gains has none."""
    places: dict[str, set[str]] = {c: set() for c in story.clues}
    people: dict[str, set[str]] = {c: set() for c in story.clues}
    for scene in story.scenes.values():
        for clue in gained(scene.on_enter).union(*(gained(c.effects) for c in scene.choices)):
            if clue in places and scene.place:
                places[clue].add(scene.place)
    for topic in story.topics.values():
        for clue in gained(topic.effects) & set(people):
            people[clue].add(topic.person)
    for testimony in story.testimonies.values():
        for statement in testimony.statements:
            for clue in gained(statement.on_break) & set(people):
                people[clue].add(testimony.person)
    return {c: ClueSources(frozenset(places[c]), frozenset(people[c])) for c in story.clues}


def met_people(story: Story, state: GameState) -> frozenset[str]:
    """People the player has met: known by name, and spoken with (a topic of theirs asked, or a
    statement of theirs heard)."""
    spoke = {story.topics[t].person for t in state.asked if t in story.topics}
    spoke |= {t.person for t in story.testimonies.values() if any(s.id in state.heard for s in t.statements)}
    return frozenset(p.id for p in known_people(story, state) if p.id in spoke)


def missed_clues(story: Story, state: GameState) -> tuple[tuple[str, ...], int]:
    """The clues ``state`` did not find, as a finished player may see them: the ids of those
    that come from a place the player went to or a person they met (story order), and how many
    others there are (from places never visited, people never met, or nowhere the player could
    tell): naming those would spoil what is still to be found, or introduce a stranger."""
    went = {place for s, _n in state.visits if s in story.scenes and (place := story.scenes[s].place)}
    met = met_people(story, state)
    sources = clue_sources(story)
    missed = [c for c in story.clues if c not in state.clues]
    named = tuple(c for c in missed if sources[c].places & went or sources[c].people & met)
    return named, len(missed) - len(named)
