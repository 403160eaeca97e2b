"""W420: text the player can read before holding a clue that quotes that clue.

A clue's *distinctive phrases* are the times, phone numbers, symbols and four-word runs of its
name and text that no scene or place description says (those are public: anyone walking round
the building reads them). Every other text a player reads is checked against them: dossiers,
board titles, options and conclusions, endings and epilogues, choice labels and narration,
topics, testimony, events and the accusation (its options too). A text may quote a phrase only
where the condition that shows it guarantees the player holds a clue with that phrase (``if: has(x)``, ``confirmed(d)`` for a
slot that only takes such clues, a broken statement that only such clues break), or where the
text itself hands the clue over (the choice, topic or statement that gains it).

A clue may also list ``facts:``, short phrases a text *restating* it would use ("stress
fracture", "signed fit the same day"): a paraphrase shares no four-word run with the clue, so
these are searched for as well, whole words in order, under the same guards.

The guarantee is worked out from the condition alone, soundly and simply: ``has``/``evidence``
give their clue; ``and`` adds, ``or`` keeps only what both sides give; ``asked``, ``broken``,
``pressed`` and ``confirmed`` give what the topic, statement or deduction needs or hands
over; anything else (``not``, flags, numbers) gives nothing. So a finding may be a text whose
guard holds for a reason lint cannot see; reword it or guard it with ``has()`` to say so.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Iterator, Optional

from game.core.record import Record
from game.core.errors import Finding
from game.core.expr import Condition
from game.core.model import Branch, Deduction, Effect, Mark, Say, Story, gained

CODE = "W420"
MEANING = "text shown before a clue is held quotes that clue"

#: a guarantee: each set is a clause, "the player holds at least one of these clues"
Guard = tuple[frozenset[str], ...]

_STOP = frozenset(
    "a an the and or but of to in on at by for from with without into onto over under up down out "
    "off as is was were be been being are am it its it's this that these those there here then than "
    "so no not nor too very just only all any each every some one two i you he she we they me him "
    "her us them my your his our their what who whom which when where why how if do does did done "
    "has have had will would can could should may might must s t don't didn't isn't wasn't".split())
_TIME = re.compile(r"\b(\d{1,2}):(\d{2})(?::\d{2})?(?:\s*([ap])\.?m\.?\b)?", re.IGNORECASE)
_PHONE = re.compile(r"\b\d{3}-\d{3}-\d{4}\b")
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?|\S")
_MAX_CLAUSES = 64  # "or" multiplies clauses; past this the guard is dropped (safe: it only warns more)


def _proof(deduction: Deduction) -> tuple[frozenset[str], ...]:
    """What a confirmed ``deduction`` says the player holds: one answer of each clue slot."""
    return tuple(frozenset(s.answers) for s in deduction.slots if s.kind == "clue")


def _showing(story: Story, ids: tuple[str, ...]) -> frozenset[str]:
    """The clues one of which the player holds wherever a grid square shown by ``ids`` is read:
    a clue itself, and for a deduction any answer of its clue slots (confirming it takes one)."""
    out: set[str] = set()
    for name in ids:
        deduction = story.deductions.get(name)
        out |= frozenset().union(*_proof(deduction)) if deduction is not None else {name}
    return frozenset(out)


def _tokens(text: str) -> list[str]:
    """Lower-case words, with times as ``@HH:MM`` (``11:38 PM`` is ``@23:38``), phone numbers as
    ``#digits`` and each symbol (an emoji) as itself; punctuation is dropped."""

    def time(m: re.Match[str]) -> str:
        hour, minute, half = int(m.group(1)), m.group(2), (m.group(3) or "").lower()
        if half == "p" and hour < 12:
            hour += 12
        elif half == "a" and hour == 12:
            hour = 0
        return f" @{hour:02d}:{minute} " if hour < 24 else m.group(0)

    text = _PHONE.sub(lambda m: " #" + m.group(0).replace("-", "") + " ", text)
    text = _TIME.sub(time, text.replace("’", "'").replace("‘", "'"))
    out: list[str] = []
    for raw in text.lower().split():
        if raw[0] in "@#":
            out.append(raw)
            continue
        for word in _WORD.findall(raw):
            if word[0].isalnum() or unicodedata.category(word[0]) == "So":
                out.append(word)
    return out


def _content(word: str, names: frozenset[str] = frozenset()) -> bool:
    """A word that can make a run a quotation: not a small word, not a person's name."""
    return word not in _STOP and word not in names and (len(word) >= 3 or (len(word) >= 2 and word.isdigit()))


def _phrases(text: str, rare: Optional[set[str]] = None, names: frozenset[str] = frozenset()) -> set[str]:
    """The candidate phrases of a text: times, phone numbers, symbols, and four-word runs with
    at least two content words, one of them ``rare`` (when given): a run of everyday words
    ("a room full of") is how people talk, not a quotation."""
    words = _tokens(text)
    out = {w for w in words if w[0] in "@#" or unicodedata.category(w[0]) == "So"}
    for i in range(len(words) - 3):
        run = words[i:i + 4]
        content = [w for w in run if w[0].isalnum() and _content(w, names)]
        if (all(w[0].isalnum() for w in run) and len(content) >= 2
                and (rare is None or any(w in rare for w in content))):
            out.add(" ".join(run))
    return out


#: a word in more texts than this is everyday vocabulary of the story, not a clue's own word
RARE_TEXTS = 12


def distinctive_phrases(story: Story, texts: list[str]) -> dict[str, frozenset[str]]:
    """phrase -> the clues whose name or text has it, for phrases no public description has.
    ``texts`` is everything a player reads, to tell rare words from everyday ones."""
    counts: dict[str, int] = {}
    for text in texts:
        for word in set(_tokens(text)):
            counts[word] = counts.get(word, 0) + 1
    rare = {w for w, n in counts.items() if n <= RARE_TEXTS}
    names = frozenset(w for p in story.people.values() for w in _tokens(p.name))
    public: set[str] = set()
    for scene in story.scenes.values():
        public |= _phrases(scene.text) | _phrases(scene.revisit)
    for place in story.places.values():
        public |= _phrases(place.text)
    owners: dict[str, set[str]] = {}
    for clue in story.clues.values():
        for phrase in _phrases(clue.name + "\n" + clue.text, rare, names) - public:
            owners.setdefault(phrase, set()).add(clue.id)
    return {p: frozenset(c) for p, c in owners.items()}


def _any_way(ways: tuple[frozenset[str], ...]) -> Guard:
    """"Every clue of one of ``ways`` is held" as clauses: each picks one clue of every way
    (plain clues give the one clause "one of them"; a paired way adds its with: clues)."""
    clauses: set[frozenset[str]] = {frozenset()} if ways else set()
    for way in ways:
        clauses = {c | {x} for c in clauses for x in way}
        if len(clauses) > _MAX_CLAUSES:  # each way holds its presented clue: still sound
            return (frozenset(c for way in ways for c in way),)
    return tuple(sorted(clauses, key=sorted))


class _Guards:
    """What a condition guarantees the player holds (see the module's docstring)."""

    def __init__(self, story: Story) -> None:
        self.story = story
        self.statements = {s.id: (t, s) for t in story.testimonies.values() for s in t.statements}

    def of(self, condition: Optional[Condition], depth: int = 0) -> Guard:
        return () if condition is None or depth > 8 else self._ast(condition.ast, depth)

    def _gives(self, effects: tuple[Effect, ...]) -> Guard:
        return tuple(frozenset({c}) for c in gained(effects) if c in self.story.clues)

    def _ast(self, node: tuple, depth: int) -> Guard:
        kind = node[0]
        if kind == "and":
            return self._ast(node[1], depth) + self._ast(node[2], depth)
        if kind == "or":
            left, right = self._ast(node[1], depth), self._ast(node[2], depth)
            both = tuple(a | b for a in left for b in right)
            return both if len(both) <= _MAX_CLAUSES else ()
        if kind != "call":
            return ()
        name, arg = node[1], node[2]
        story = self.story
        if name in ("has", "evidence") and arg in story.clues:
            return (frozenset({arg}),)
        if name == "asked" and arg in story.topics:
            topic = story.topics[arg]
            return self.of(topic.condition, depth + 1) + self._gives(topic.effects)
        if name in ("broken", "pressed") and arg in self.statements:
            testimony, statement = self.statements[arg]
            guard = self.of(testimony.condition, depth + 1)
            if name == "broken":
                guard += _any_way(statement.ways)
                guard += self._gives(statement.on_break)
            return guard
        if name == "confirmed" and arg in story.deductions:
            return _proof(story.deductions[arg])
        return ()


class _Site(Record):
    text: str
    guard: Guard
    gives: frozenset[str]
    mark: Mark
    label: str
    options: bool = False  # one of a list of answers: a bare time there states no fact


def _says(effects: tuple[Effect, ...], guard: Guard, guards: _Guards) -> Iterator[tuple[str, Guard]]:
    for effect in effects:
        if isinstance(effect, Say):
            yield effect.text, guard
        elif isinstance(effect, Branch):
            yield from _says(effect.then, guard + guards.of(effect.condition), guards)
            yield from _says(effect.otherwise, guard, guards)


def _sites(story: Story, guards: _Guards) -> Iterator[_Site]:
    """Every text a player reads except scene and place descriptions, with its guard."""
    mark = lambda element: story.marks.get(element) or Mark("?", 0, 0)  # noqa: E731
    none: frozenset[str] = frozenset()
    for place in story.places.values():
        for x in place.notice:
            yield _Site(x.text, guards.of(x.condition), none, mark(place.id), f"a notice of place '{place.id}'")
    for p in story.people.values():
        m = mark(p.id)
        for text in (p.name, p.role, p.text, p.alibi):
            yield _Site(text, (), none, m, f"the dossier of '{p.id}'")
        for x in p.extra:
            yield _Site(x.text, guards.of(x.condition), none, m, f"an extra paragraph of '{p.id}'s dossier")
        for key in ("motive", "means", "opportunity"):
            cell = getattr(p, key)
            shown = (_showing(story, cell.shown_by) | frozenset(cell.ruled_out_by),)
            yield _Site(cell.note, shown, none, m, f"the {key} note of '{p.id}'")
    for d in story.deductions.values():
        m = mark(d.id)
        done = _proof(d)  # confirmed(d)
        for text in (d.title, d.question, *(s.prompt for s in d.slots)):
            yield _Site(text, (), none, m, f"the board's '{d.id}'")
        for slot in d.slots:
            for _, text in slot.options:
                yield _Site(text, (), none, m, f"an option of '{slot.id}'", options=True)
        yield _Site(d.text, done, none, m, f"the conclusion of '{d.id}'")
        for x in d.extra:
            yield _Site(x.text, done + guards.of(x.condition), none, m, f"an extra paragraph of '{d.id}'")
    for e in story.endings.values():
        m, guard = mark(e.id), guards.of(e.condition)
        yield _Site(e.text, guard, none, m, f"ending '{e.id}'")
        for x in e.epilogues:
            yield _Site(x.text, guard + guards.of(x.condition), none, m, f"an epilogue of '{e.id}'")
    for scene in story.scenes.values():
        for x in scene.extra:
            yield _Site(x.text, guards.of(x.condition), none, mark(scene.id), f"an extra paragraph of '{scene.id}'")
        for c in scene.choices:
            m, guard = story.marks.get(c.id) or mark(scene.id), guards.of(c.condition)
            gives = frozenset(gained(c.effects))
            yield _Site(c.text, guard, gives, m, f"choice '{c.id}'")
            yield _Site(c.say, guard, gives, m, f"what choice '{c.id}' says")
            for text, g in _says(c.effects, guard, guards):
                yield _Site(text, g, gives, m, f"what choice '{c.id}' says")
    for t in story.topics.values():
        m, guard, gives = mark(t.id), guards.of(t.condition), frozenset(gained(t.effects))
        yield _Site(t.title, guard, gives, m, f"topic '{t.id}'")
        yield _Site(t.text, guard, gives, m, f"topic '{t.id}'")
        for text, g in _says(t.effects, guard, guards):
            yield _Site(text, g, gives, m, f"topic '{t.id}'")
    for ts in story.testimonies.values():
        m, guard = mark(ts.id), guards.of(ts.condition)
        yield _Site(ts.title, guard, none, m, f"testimony '{ts.id}'")
        closed = guard + tuple(clause for ways in ts.closing_ways for clause in _any_way(ways))
        yield _Site(ts.closing, closed, none, m, f"the closing of testimony '{ts.id}'")
        for s in ts.statements:
            yield _Site(s.text + "\n" + s.press, guard, none, m, f"statement '{s.id}'")
            for text, ways in s.break_texts:  # the statement's text, and each entry's own (its clues held)
                yield _Site(text, guard + _any_way(ways), frozenset(gained(s.on_break)), m, f"statement '{s.id}' broken")
            for n in s.near:  # answered only while the clue is held (it was presented)
                yield _Site(n.reply, guard + _any_way((frozenset({n.clue}),)), none, m, f"statement '{s.id}' answering '{n.clue}'")
    for ev in story.events.values():
        m, guard = mark(ev.id), guards.of(ev.condition)
        yield _Site(ev.text, guard, none, m, f"event '{ev.id}'")
        for text, g in _says(ev.effects, guard, guards):
            yield _Site(text, g, none, m, f"event '{ev.id}'")
    yield from _accusation_sites(story, guards)


def _accusation_sites(story: Story, guards: _Guards) -> Iterator[_Site]:
    """The accusation's texts, under its own condition: its opening, the culprit question, each
    question's prompt and options (each option at its own line), the evidence prompt. It opens
    whatever the player holds, so an option that restates a clue gives that clue away."""
    acc = story.accusation
    if acc is None:
        return
    none: frozenset[str] = frozenset()
    guard = guards.of(acc.condition)
    # (the accusation has no line of its own: its first question, else its first ending)
    first = acc.questions[0].id if acc.questions else (acc.endings[0] if acc.endings else story.start)
    m = story.marks.get(first) or Mark("?", 0, 0)
    for text in (acc.text, acc.culprit, acc.evidence_prompt):
        yield _Site(text, guard, none, m, "the accusation")
    for question in acc.questions:
        qm = story.marks.get(question.id) or m
        yield _Site(question.prompt, guard, none, qm, f"the accusation's question '{question.id}'")
        for option, text in question.options:
            yield _Site(text, guard, none, story.marks.get(option) or qm, f"the accusation's option '{option}'",
                        options=True)


def _bare_times(text: str) -> bool:
    """An option that only names a time (``23:38``, ``at 23:38``) states no fact."""
    return all(w[0] == "@" or w == "at" for w in _tokens(text))


def quote_findings(story: Story) -> list[Finding]:
    """A W420 finding for each text that quotes a clue the player may not hold when reading it."""
    guards = _Guards(story)
    sites = list(_sites(story, guards))
    texts = [site.text for site in sites] + [c.name + "\n" + c.text for c in story.clues.values()]
    texts += [t for scene in story.scenes.values() for t in (scene.text, scene.revisit)]
    owners = distinctive_phrases(story, texts)
    facts = _facts(story)
    out: list[Finding] = []
    for site in sites:
        if not site.text:
            continue
        for phrase in sorted(_phrases(site.text)) + _restated(site.text, facts):
            clues = owners.get(phrase) or facts.get(phrase)
            if not clues or (site.options and phrase[0] == "@" and _bare_times(site.text)):
                continue
            if site.gives & clues or any(clause <= clues for clause in site.guard):
                continue
            shown = phrase.lstrip("@#")
            out.append(Finding(site.mark.path, site.mark.line, site.mark.col, CODE,
                               f"{site.label} quotes \"{shown}\" from {_names(clues)}, which the player may "
                               f"not hold there: guard it with if: has(...) or reword it"))
            break  # one finding a text is enough to send the author to it
    return out


def _facts(story: Story) -> dict[str, frozenset[str]]:
    """A clue's own ``facts:`` (a paraphrase's words: "stress fracture") as phrases -> their clues."""
    owners: dict[str, set[str]] = {}
    for clue in story.clues.values():
        for fact in clue.facts:
            words = " ".join(_tokens(fact))
            if words:
                owners.setdefault(words, set()).add(clue.id)
    return {p: frozenset(c) for p, c in owners.items()}


def _restated(text: str, facts: dict[str, frozenset[str]]) -> list[str]:
    """The clue facts ``text`` says, as whole words in order ("a stress fracture" says "stress
    fracture"; "fractured" does not)."""
    if not facts:
        return []
    words = " " + " ".join(_tokens(text)) + " "
    return sorted(f for f in facts if f" {f} " in words)


def _names(clues: frozenset[str]) -> str:
    names = sorted(clues)
    return ("clue " if len(names) == 1 else "clues ") + ", ".join(f"'{n}'" for n in names[:3])
