"""W421: a text names someone before the player can know their name.

A person with an ``unnamed`` description is met before they are named ("the girl with the ice
pack"); their ``known`` condition says when the player learns the name. Every text that says
their name (any word of it after a title: "Inés", "Duarte", "Theo Marchetti") must be shown
only where that condition is sure to hold: scene texts and re-visits, extra paragraphs, choice
labels and what choices say, topic titles and answers, testimony titles, statements (as said,
pressed and broken), events, clue names and texts (the notebook: read whenever the clue is held,
so sure of what was sure wherever it is found, of the calls that last), endings and epilogues. The talk choice is exempt:
its label is derived ("Talk to the girl with the ice pack" until she is known).

The guarantee is worked out soundly and simply, as W420 does: a text is sure of the calls its
condition makes true through ``and`` (an ``asked(t)`` also brings what topic ``t`` needs),
plus ``visited`` of its own scene and ``asked`` of its own topic (and the clues that topic hands over). ``known`` must then hold on
those alone: ``or`` needs one side, ``and`` both; anything else is not sure. People named
from the start (no ``unnamed``) are never checked.
"""

from __future__ import annotations

import re
from typing import Iterator, Optional

from game.core.errors import Finding
from game.core.expr import Condition
from game.core.model import Branch, Effect, Gain, Mark, Person, Say, SetFlag, Story, gained, walk_effects
from game.core.people import talks_to

CODE = "W421"
MEANING = "text names someone before the player can know their name"
CULPRIT_CODE = "W422"
CULPRIT_MEANING = "the accusation can open before the player knows the culprit"

Sure = frozenset[tuple[str, str]]  # the calls ("visited", scene) sure to hold where a text shows
_TITLES = {"dr", "dr.", "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "detective"}


def first_name(person: Person) -> str:
    """The word a text uses to name them: the first word of their name after any title."""
    words = name_words(person)
    return words[0] if words else person.name


def name_words(person: Person) -> list[str]:
    """Every word that names them: first name, surname, any middle name (titles left out), so
    "Inés", "Duarte" and "Inés Duarte" all name her."""
    return [w.strip(",.") for w in person.name.split() if w.lower() not in _TITLES and w.strip(",.")]


def _sure(story: Story, condition: Optional[Condition], depth: int = 0,
          implied: Optional[dict[tuple[str, str], Sure]] = None) -> Sure:
    if condition is None or depth > 8:
        return frozenset()
    return _ast(story, condition.ast, depth, _implied(story) if implied is None else implied)


def _ast(story: Story, node: tuple, depth: int, implied: dict[tuple[str, str], Sure]) -> Sure:
    if node[0] == "and":
        return _ast(story, node[1], depth, implied) | _ast(story, node[2], depth, implied)
    if node[0] == "or":
        return _ast(story, node[1], depth, implied) & _ast(story, node[2], depth, implied)
    if node[0] != "call":
        return frozenset()
    out: Sure = frozenset({(node[1], node[2])})
    if node[1] == "asked" and node[2] in story.topics:
        out |= _sure(story, story.topics[node[2]].condition, depth + 1, implied)
    return out | implied.get((node[1], node[2]), frozenset())


def _holds(node: tuple, sure: Sure) -> bool:
    """Whether the condition ``node`` must hold when every call in ``sure`` holds."""
    if node[0] == "or":
        return _holds(node[1], sure) or _holds(node[2], sure)
    if node[0] == "and":
        return _holds(node[1], sure) and _holds(node[2], sure)
    return node[0] == "call" and (node[1], node[2]) in sure


def holds_given(condition: Condition, sure: Sure) -> bool:
    """Whether ``condition`` must hold when every call in ``sure`` holds (and/or of those calls)."""
    return _holds(condition.ast, sure)


def _says(effects: tuple[Effect, ...], sure: Sure, story: Story) -> Iterator[tuple[str, Sure]]:
    for effect in effects:
        if isinstance(effect, Say):
            yield effect.text, sure
        elif isinstance(effect, Branch):
            yield from _says(effect.then, sure | _sure(story, effect.condition), story)
            yield from _says(effect.otherwise, sure, story)


def _texts(story: Story) -> Iterator[tuple[str, Sure, str, str, frozenset[str]]]:
    """(text, what is sure there, element for the mark, label, people its own talk names)."""
    none: frozenset[str] = frozenset()
    for scene in story.scenes.values():
        here: Sure = frozenset({("visited", scene.id)})
        yield scene.text, here, scene.id, f"scene '{scene.id}'", none
        yield scene.revisit, here, scene.id, f"the revisit text of '{scene.id}'", none
        for x in scene.extra:
            yield x.text, here | _sure(story, x.condition), scene.id, f"an extra paragraph of '{scene.id}'", none
        for c in scene.choices:
            sure = here | _sure(story, c.condition)
            talk = talks_to(c)
            own = frozenset({talk}) if talk else none  # shown as written only once they are known
            element = c.id if c.id in story.marks else scene.id
            yield c.text, sure, element, f"choice '{c.id}'", own
            said = sure | {("has", g) for g in gained(c.effects)}  # a clue that names them, handed over
            for text, s in ((c.say, said), *_says(c.effects, said, story)):
                yield text, s, element, f"what choice '{c.id}' says", none
    for t in story.topics.values():
        sure = _sure(story, t.condition)
        yield t.title, sure, t.id, f"the title of topic '{t.id}'", none
        asked = sure | {("asked", t.id)} | {("has", c) for c in gained(t.effects)}  # what it hands over
        for text, s in ((t.text, asked), *_says(t.effects, asked, story)):
            yield text, s, t.id, f"topic '{t.id}'", none
    for ts in story.testimonies.values():
        heard = _sure(story, ts.condition)
        yield ts.title, heard, ts.id, f"testimony '{ts.id}'", none
        closed = heard | {("broken", st.id) for st in ts.statements if st.contradicted_by}
        yield ts.closing, closed, ts.id, f"the closing of testimony '{ts.id}'", none
        for st in ts.statements:
            element = st.id if st.id in story.marks else ts.id
            yield st.text, heard, element, f"statement '{st.id}'", none
            yield st.press, heard | {("pressed", st.id)}, element, f"what statement '{st.id}' says pressed", none
            broke = heard | {("broken", st.id)} | {("has", g) for g in gained(st.on_break)}  # what it hands over
            for text, _ in st.break_texts:  # the statement's broken text and each entry's own
                yield text, broke, element, f"what statement '{st.id}' says broken", none
            for n in st.near:  # said to a clue the player holds, the statement still standing
                yield n.reply, heard | {("has", n.clue)}, element, f"what statement '{st.id}' answers to '{n.clue}'", none
    for ev in story.events.values():
        sure = _sure(story, ev.condition)
        for text, s in ((ev.text, sure), *_says(ev.effects, sure, story)):
            yield text, s, ev.id, f"event '{ev.id}'", none
    for clue in story.clues.values():
        held = frozenset({("has", clue.id)}) | _implied(story).get(("has", clue.id), frozenset())
        yield clue.name + "\n" + clue.text, held, clue.id, f"clue '{clue.id}' (the notebook)", none
    for ending in story.endings.values():
        sure = _sure(story, ending.condition)
        yield ending.text, sure, ending.id, f"ending '{ending.id}'", none
        for x in ending.epilogues:
            yield x.text, sure | _sure(story, x.condition), ending.id, f"an epilogue of '{ending.id}'", none


#: calls that stay true once true (nothing unvisits a scene, unasks a topic or takes a clue away)
_LASTING = frozenset({"visited", "asked", "broken", "pressed", "confirmed"})
_IMPLIED: list[tuple[Story, dict[tuple[str, str], Sure]]] = []  # for the last story asked about


def _implied(story: Story) -> dict[tuple[str, str], Sure]:
    """``("has", x)`` / ``("flag", f)`` -> the lasting calls sure whenever it holds: a clue or
    item is held, a flag set, only after some place that gains or sets it ran (the game starts
    with none), and what lasted there still holds. So a clue's notebook entry, or a text behind
    ``flag(f)``, is sure of what was sure at *every* place that gives it (the intersection)."""
    if _IMPLIED and _IMPLIED[0][0] is story:
        return _IMPLIED[0][1]
    found: dict[tuple[str, str], list[Sure]] = {}
    plain: dict[tuple[str, str], Sure] = {}  # (implications are not chained: sound, and simple)

    def at(effects: tuple[Effect, ...], sure: Sure) -> None:
        lasting = frozenset(c for c in sure if c[0] in _LASTING or (c[0] == "has" and c[1] in story.clues))
        for effect in walk_effects(effects):
            if isinstance(effect, Gain):
                found.setdefault(("has", effect.target), []).append(lasting)
            elif isinstance(effect, SetFlag):
                found.setdefault(("flag", effect.flag), []).append(lasting)

    def sure(condition: Optional[Condition]) -> Sure:
        return _sure(story, condition, 0, plain)

    for scene in story.scenes.values():
        here: Sure = frozenset({("visited", scene.id)})
        at(scene.on_enter, here)
        for c in scene.choices:
            at(c.effects, here | sure(c.condition))
    for t in story.topics.values():
        at(t.effects, sure(t.condition) | {("asked", t.id)})
    for ts in story.testimonies.values():
        for st in ts.statements:
            at(st.on_break, sure(ts.condition) | {("broken", st.id)})
    for d in story.deductions.values():
        at(d.on_confirm, frozenset({("confirmed", d.id)}))
    for ev in story.events.values():
        at(ev.effects, sure(ev.condition))
    out = {call: frozenset.intersection(*sites) for call, sites in found.items()}
    _IMPLIED[:] = [(story, out)]
    return out


def _naming(pattern: re.Pattern[str], text: str, person: Person) -> Optional[str]:
    """The first word of ``text`` that names ``person``. A surname right after a capitalised word
    that is not theirs is part of another name ("the Ellery Street Self Park" is a garage, not
    Jonah Park); the first name always counts, as before."""
    words = name_words(person)
    for match in pattern.finditer(text):
        word = match.group(0)
        if word != words[0]:
            before = text[:match.start()]
            last = before.split()[-1] if before.endswith(" ") and before.split() else ""
            # (only a word right before it, with no stop or comma between: "Self Park", not "Fine, Park")
            if last[:1].isupper() and last[-1:].isalnum() and last not in words and last.lower() not in _TITLES:
                continue
        return word
    return None


def name_findings(story: Story) -> list[Finding]:
    """A W421 finding for each text that names a person the player may not know there."""
    people = [(p, re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w) for w in name_words(p)) + r")(?!\w)"))
              for p in story.people.values() if p.unnamed and p.known is not None and name_words(p)]
    out: list[Finding] = []
    for text, sure, element, label, own in _texts(story):
        if not text:
            continue
        for person, pattern in people:
            said = _naming(pattern, text, person) if person.id not in own else None
            if said is None:
                continue
            assert person.known is not None
            # (an ending that accuses them is read in the step the accusation named them, which
            # it can only do once they are known: the accusation lists no one else)
            if not _holds(person.known.ast, sure) and ("accused", person.id) not in sure:
                mark = story.marks.get(element) or Mark("?", 0, 0)
                out.append(Finding(mark.path, mark.line, mark.col, CODE,
                                   f"{label} names {said!r} where the player may not know "
                                   f"them yet: say '{person.unnamed}', or show it only when {person.id}'s "
                                   "known: holds"))
                break
    return out


def culprit_findings(story: Story) -> list[Finding]:
    """A W422 finding for the culprit (whom the accusation's first ending, the best one,
    accuses: ``accused(x)`` outside any ``not``) if their ``known`` is not sure when the
    accusation opens: it lists only people the player knows, so the case could not be solved.
    Sure there: the accusation's own condition and a visit to the first scene."""
    acc = story.accusation
    if acc is None:
        return []
    sure = _sure(story, acc.condition) | {("visited", story.start)}
    best = story.endings.get(acc.endings[0]) if acc.endings else None
    named = set(_accused(best.condition.ast)) if best is not None and best.condition is not None else set()
    out: list[Finding] = []
    for person_id in sorted(named):
        person = story.people.get(person_id)
        if person is None or person.known is None or _holds(person.known.ast, sure):
            continue
        mark = story.marks.get(person_id) or Mark("?", 0, 0)
        out.append(Finding(mark.path, mark.line, mark.col, CULPRIT_CODE,
                           f"the accusation opens before the player can know {person.name!r}, whom an ending "
                           "accuses: the accusation lists only people the player knows; make their known: "
                           "hold by then (or guard the accusation's if: with it)"))
    return out


def _accused(node: tuple) -> Iterator[str]:
    """The people ``accused(x)`` names, outside any ``not``."""
    if node[0] in ("and", "or"):
        yield from _accused(node[1])
        yield from _accused(node[2])
    elif node[0] == "call" and node[1] == "accused":
        yield node[2]
