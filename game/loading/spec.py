"""The story format, declared once: every element, every key, every effect.

Each key says how it is written (its :data:`type`), whether it is required, its default, which
kinds of id it names, which record field it fills and what it means in one line. Everything
else is derived from this table and from nothing else:

- the reader's key checks and the value each key is read into (:mod:`game.loading.reader`);
- the editor's JSON Schema, ``story/schema.json``, with each line as hover text
  (:mod:`game.loading.schema`);
- the compiled cache's codec, whose records are the ones named here, with their field types
  resolved from the records themselves (:mod:`game.loading.cache`).

A test reads every bundled story file through all three and checks that they agree.
"""

from __future__ import annotations

from typing import Any, Optional

from game.core import model
from game.core.record import Record

# --- how a value is written ------------------------------------------------------------------
# Scalars
TEXT = "text"            # plain text (a number or true/false is read as its text)
ID = "id"                # an id this element declares (a choice's, a statement's ...)
REF = "ref"              # one id of the kinds in ``ids``
REFS = "refs"            # a list of such ids (a single id is taken as a list of one)
WORDS = "words"          # a list of free words in id form (tags)
PHRASES = "phrases"      # a list of short texts (a clue's facts)
CONDITION = "condition"  # an expression, e.g. has(clue) and not flag(f)
WHOLE = "whole"          # a whole number from ``minimum`` to 1,000,000
BOOL = "bool"
CLOCK = "clock"          # a time of day, "21:30"
GRID = "grid"            # [column, row]
EFFECTS = "effects"      # a list of effects
TIMES = "times"          # a clock, or a list of {at: clock, what: text}
ACCEPT = "accept"        # the answers a typed answer accepts: a text or a list of texts
BREAKERS = "breakers"    # a list of clue ids, or of {clue, with} (a clue that breaks only with others held)
# Structures: ``of`` names the element kind
LIST = "list"            # a list of elements
ONE = "one"              # one element
SECTION = "section"      # a mapping of id -> element
OPTIONS = "options"      # a mapping of id -> text
ANSWER = "answer"        # one option id or a list of them
# Top level only
FLAGS = "flags"          # a list of declared flag names
COUNTERS = "counters"    # a mapping of counter name -> starting whole number
INCLUDE = "include"      # a file name or glob, or a list of them
VERSIONS = "versions"    # a whole number or a list of them (a branch's written_for)
FORMER = "former"        # ids an element had in earlier versions (a choice's may be SCENE#slug)
#: the most ids one ``was:`` may list (bounded work for the loader and for fitting a save)
MAX_FORMER = 32


class Key(Record):
    """One key an author may write in an element."""

    name: str
    type: str
    doc: str
    required: bool = False
    default: Any = None
    ids: tuple[str, ...] = ()  # the kinds of id a REF/REFS names
    field: str = ""  # the record field it fills; "" = the key's own name; "-" = none (read by hand)
    of: str = ""  # the element kind of a LIST / ONE / SECTION
    minimum: int = 0  # the least value of a WHOLE

    @property
    def target(self) -> str:
        return self.field or self.name


class Element(Record):
    """One kind of element: its keys, in the order the guide lists them, and the record it builds."""

    kind: str
    doc: str
    keys: tuple[Key, ...]
    record: Optional[type] = None

    def key(self, name: str) -> Key:
        return next(k for k in self.keys if k.name == name)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(k.name for k in self.keys)

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(k.name for k in self.keys if k.required)


def _text(name: str, doc: str, required: bool = False, default: str = "", field: str = "") -> Key:
    return Key(name, TEXT, doc, required, default, field=field)


def _if(doc: str, required: bool = False) -> Key:
    return Key("if", CONDITION, doc, required, field="condition")


def _do(name: str, doc: str, field: str = "") -> Key:
    return Key(name, EFFECTS, doc, default=(), field=field)


def _refs(name: str, ids: tuple[str, ...], doc: str, required: bool = False) -> Key:
    return Key(name, REFS, doc, required, (), ids)


_CELL = "a square of the motive / means / opportunity grid: {note, shown_by, ruled_out_by}"

ELEMENTS: dict[str, Element] = {e.kind: e for e in (
    Element("act", "An act: a stretch of the night with its own turns and credibility.", (
        _text("title", "The act's title, shown when it starts.", True),
        Key("time", WHOLE, "How many turns the act lasts (at least 1).", True, 10, minimum=1),
        Key("start", REF, "The scene the act opens in.", True, ids=("scene",)),
        Key("fallback", REF, "Where a save lands if its scene was deleted (default: start).", ids=("scene",)),
        Key("on_timeout", REF, "The scene or ending that follows when the act's time runs out.",
            ids=("scene", "ending")),
        Key("credibility", WHOLE, "Wrong presentations a witness forgives before falling silent.", default=3),
        Key("travel", WHOLE, "Turns a move through an exit costs (default 1).", default=1),
        Key("wrong_deduction", WHOLE, "Turns a wrong check on the board costs (default 1; 0: free).", default=1),
        Key("clock", CLOCK, 'The time of night the act starts, quoted: "21:30".'),
        Key("minutes", WHOLE, "Minutes of the clock one turn moves (default 0).", default=0),
    ), model.Act),
    Element("place", "A place on the map; scenes happen in places.", (
        _text("name", "The place's name, shown on the map and as a scene's default title.", True),
        _text("text", "A line about the place."),
        Key("map", GRID, "Where the place sits on the map: [column, row]."),
        Key("open", CONDITION, "When the place shows as open on the map."),
        _text("floor", "The floor the place is on, e.g. 'Fourth floor': the map labels its row with it."),
        Key("notice", LIST, "A few words said after the place's name in a 'Go to' line while their condition "
            "holds, so the player knows before the move (e.g. 'shut till two'): a list of {if, text}; the "
            "first that holds is said.", default=(), of="extra"),
    ), model.Place),
    Element("scene", "A scene: text to read and choices to make.", (
        Key("place", REF, "The place the scene is in.", ids=("place",)),
        _text("title", "The scene's heading (default: its place's name)."),
        _text("text", "What the player reads on entering.", True),
        _text("revisit", "Shown instead of text on later visits."),
        Key("extra", LIST, "Paragraphs added while their condition holds: a list of {if, text}.",
            default=(), of="extra"),
        _do("on_enter", "Effects run every time the scene is entered."),
        Key("choices", LIST, "The choices offered, in order.", default=(), of="choice"),
        _refs("exits", ("scene",), "Scenes reached by a 'Go to' choice costing the act's travel turns."),
    ), model.Scene),
    Element("choice", "One choice in a scene.", (
        _text("text", "The choice as the player sees it.", True),
        Key("id", ID, "The choice's id (default: SCENE#slug-of-its-text).", field="-"),
        Key("goto", REF, "The scene or ending it leads to.", ids=("scene", "ending")),
        _if("When the choice is offered."),
        Key("once", BOOL, "true: it disappears once taken.", default=False),
        Key("fallback", BOOL, "true: offered only when no other choice is.", default=False),
        Key("cost", WHOLE, "Turns it spends (default 0).", default=0),
        _text("say", "Narration shown when it is taken."),
        _do("do", "Effects run when it is taken.", field="effects"),
        Key("answer", ONE, "Ask the player to type an answer (a password): {prompt, accept, wrong}. Only a "
            "right answer takes the choice (its cost, say, do, goto); a wrong one costs nothing.",
            of="typed_answer"),
        Key("was", FORMER, "The ids the choice had in earlier versions of the story (its old SCENE#slug "
            f"after its text changed): a save that took it under one of them keeps it taken. At most {MAX_FORMER}.",
            default=(), field="-"),
    ), model.Choice),
    Element("typed_answer", "An answer the player types to take a choice.", (
        _text("prompt", "What the player is asked, e.g. Password.", default="Your answer"),
        Key("accept", ACCEPT, "The answers that are right: a text or a list; case, accents, spaces, a leading "
            "'the' and punctuation at either end do not count. Tools type the first.", True, ()),
        _text("wrong", "Said when a typed answer is not one of them."),
    ), model.TypedAnswer),
    Element("clue", "A clue the player can find and present.", (
        _text("name", "The clue's name in the notebook.", True),
        _text("text", "What the clue shows."),
        Key("tags", WORDS, "Free words, for the author and for conditions (`clues(tag)` counts the clues held with a tag); the player never sees them.",
            default=()),
        Key("time", TIMES, 'Places the clue on the timeline of the night: a quoted time, "23:38", or a list '
            'of {at: "21:14", what: sent} when it carries several.', default=(), field="times"),
        _refs("about", ("person",), "The suspects it points at."),
        Key("facts", PHRASES, "Short phrases a text restating the clue would say ('stress fracture', "
            "'same day'): lint (W420) warns where a text says one before the clue is held.", default=()),
    ), model.Clue),
    Element("clue_time", "One time a clue carries, on the timeline.", (
        Key("at", CLOCK, 'The time of day, quoted: "21:14".', True),
        _text("what", "What happened then, in a few words (sent, read, badged out)."),
    ), model.ClueTime),
    Element("item", "An item the player can carry.", (
        _text("name", "The item's name.", True),
        _text("text", "What the item is."),
    ), model.Item),
    Element("person", "A suspect or witness.", (
        _text("name", "The person's name.", True),
        _text("role", "Who they are, in a few words."),
        Key("aka", WORDS, 'Other words the player may call them by ("porter", "detective"): typed '
            "commands (talk to, examine) understand these, their name and their role.", default=()),
        _text("text", "Their dossier."),
        _text("alibi", "What they say they were doing."),
        Key("suspect", BOOL, "false: someone to talk to, not someone to accuse.", default=True),
        Key("known", CONDITION, "When the player knows their name (default: always); until then no view "
            "lists them and no menu names them.", field="known"),
        _text("unnamed", 'What the player calls them until they are known ("the girl with the ice pack"): '
              "a talk choice then reads 'Talk to' and this, and so does the conversation."),
        Key("motive", ONE, "Motive " + _CELL + ".", of="cell"),
        Key("means", ONE, "Means " + _CELL + ".", of="cell"),
        Key("opportunity", ONE, "Opportunity " + _CELL + ".", of="cell"),
        Key("extra", LIST, "Dossier paragraphs added while their condition holds: a list of {if, text}.",
            default=(), of="extra"),
    ), model.Person),
    Element("cell", "A square of a suspect's grid.", (
        _text("note", "What the square says once it is shown."),
        _refs("shown_by", ("clue", "deduction"),
              "Clues any one of which fills the square, and deductions that fill it once confirmed."),
        _refs("ruled_out_by", ("clue",), "Clues any one of which rules it out."),
    ), model.Cell),
    Element("topic", "A topic to ask a person about.", (
        Key("suspect", REF, "The person asked.", True, ids=("person",), field="person"),
        _text("title", "The topic as listed to the player.", True),
        _text("text", "The answer.", True),
        _if("When the topic is listed."),
        Key("cost", WHOLE, "Turns it spends the first time.", default=0),
        _do("do", "Effects run the first time it is asked.", field="effects"),
        Key("was", FORMER, "The ids the topic had in earlier versions of the story: a save that asked it "
            f"under one of them keeps it asked. At most {MAX_FORMER}.", default=(), field="-"),
    ), model.Topic),
    Element("testimony", "A testimony: statements to press and contradict.", (
        Key("suspect", REF, "The person testifying.", True, ids=("person",), field="person"),
        _text("title", "The testimony as listed to the player.", True),
        Key("statements", LIST, "The statements, in order (at least one).", True, (), of="statement"),
        _if("When the testimony is listed."),
        _text("closing", "Said when the last of its breakable statements breaks and it closes (the witness "
              "has no more to say on it): without it the talk goes back to the topics without a word."),
    ), model.Testimony),
    Element("statement", "One statement of a testimony.", (
        Key("id", ID, "The statement's id.", True, field="-"),
        _text("text", "What is said.", True),
        _text("press", "Said when the player presses (without it, it cannot be pressed)."),
        Key("contradicted_by", BREAKERS, "Clues that break the statement when presented: a clue id breaks "
            "it alone; {clue: X, with: Y} only while the player also holds Y (a clue or a list); either "
            "form as a mapping may carry its own broken: text ({clue: X, broken: ...}).",
            default=(), ids=("clue",)),
        _text("broken", "Said when the right clue is presented."),
        _do("on_break", "Effects run when it breaks."),
        Key("near", LIST, "Clues that bear on the statement without breaking it alone: presenting one "
            "shows its reply and costs no credibility ({clue: X, reply: ...}).", default=(), of="near"),
    ), model.Statement),
    Element("near", "A clue the witness answers without the statement breaking: an arguable clue is "
            "answered, not punished.", (
        Key("clue", REF, "The clue presented (one that does not break the statement alone).", True, ids=("clue",)),
        _text("reply", "What the witness says to it. The player holds the clue.", True),
    ), model.Near),
    Element("paired", "A clue that breaks a statement only together with clues the player holds, or with "
            "its own broken text (at least one of with and broken).", (
        Key("clue", REF, "The clue presented.", True, ids=("clue",)),
        Key("with", REFS, "The clue, or list of clues, the player must also hold (not the presented one).",
            False, (), ("clue",), field="needs"),
        _text("broken", "Said instead of the statement's broken when this entry breaks it (it may quote "
              "the clue and the with: clues: all are held)."),
    ), model.Paired),
    Element("deduction", "A deduction on the board: blanks to fill, confirmed all at once.", (
        _text("title", "The deduction's title on the board.", True),
        _text("question", "The question it answers."),
        _if("When it appears on the board (default: always); its number is its place in the story."),
        Key("slots", LIST, "The blanks (at least one).", True, (), of="slot"),
        _text("text", "The conclusion shown when confirmed."),
        _do("on_confirm", "Effects run when it is confirmed."),
        Key("extra", LIST, "Paragraphs added to the conclusion while their condition holds: a list of {if, text}.",
            default=(), of="extra"),
    ), model.Deduction),
    Element("slot", "One blank: exactly one of options (with answer), clue or suspect (with among).", (
        _text("prompt", "The blank's prompt.", True),
        Key("id", ID, "The slot's id (default: DEDUCTION.N).", field="-"),
        Key("options", OPTIONS, "Answers to choose from: a mapping of id to text.", field="-"),
        Key("answer", ANSWER, "The right option id, or a list of them.", field="-"),
        Key("clue", REFS, "Clues, any one of which is right.", ids=("clue",), field="-"),
        Key("suspect", REFS, "Suspects, any one of which is right.", ids=("person",), field="-"),
        Key("among", WORDS, "With suspect: the only suspects the blank offers (a list; the right ones among "
            "them), in the board's order; default: every suspect.", ids=("person",), field="-"),
    ), model.Slot),
    Element("event", "Something that happens on its own when its condition holds.", (
        _if("Checked after every step.", True),
        Key("act", REF, "Only in this act.", ids=("act",)),
        _text("text", "Narration shown when it fires."),
        _do("do", "Effects run when it fires.", field="effects"),
        Key("once", BOOL, "false: fire every time the condition holds (default true).", default=True),
    ), model.Event),
    Element("ending", "An ending of the story.", (
        _text("title", "The ending's title.", True),
        _text("text", "The ending's text.", True),
        _if("When this ending is the one chosen (first whose if holds)."),
        Key("epilogues", LIST, "Paragraphs appended while their condition holds: a list of {if, text}.",
            default=(), of="epilogue"),
    ), model.Ending),
    Element("epilogue", "A paragraph appended to an ending while its condition holds.", (
        _text("text", "The paragraph.", True),
        _if("When it is shown."),
    ), model.ConditionalText),
    Element("extra", "A paragraph added to a scene while its condition holds.", (
        _if("When it is shown.", True),
        _text("text", "The paragraph.", True),
    ), model.ConditionalText),
    Element("accusation", "The one-shot accusation that ends the story.", (
        _text("culprit", "The question naming the culprit, e.g. Who pushed her?", True),
        _refs("endings", ("ending",), "Endings tried in order; the first whose if holds follows.", True),
        _if("When `accuse` is open."),
        _text("text", "Shown when the accusation opens."),
        Key("questions", LIST, "Further questions: a list of {id, prompt, options}.", default=(), of="question"),
        Key("evidence", ONE, "The evidence asked for: {count, prompt}.", of="evidence", field="-"),
    ), model.Accusation),
    Element("question", "A question of the accusation.", (
        Key("id", ID, "The question's id.", True, field="-"),
        _text("prompt", "The question.", True),
        Key("options", OPTIONS, "The answers: a mapping of option id to text.", True, field="-"),
    ), model.Question),
    Element("evidence", "The evidence the accusation asks for.", (
        Key("count", WHOLE, "How many clues to lay out.", True, 0),
        _text("prompt", "The prompt.", default="Lay out your evidence."),
    )),
)}

#: top-level sections: key -> the element kind each id in it names
SECTIONS: dict[str, str] = {
    "acts": "act", "places": "place", "scenes": "scene", "clues": "clue", "items": "item",
    "suspects": "person", "topics": "topic", "testimonies": "testimony",
    "deductions": "deduction", "events": "event", "endings": "ending",
}
_SECTION_DOCS = {
    "acts": "Acts by id.", "places": "Places by id.", "scenes": "Scenes by id.", "clues": "Clues by id.",
    "items": "Items by id.", "suspects": "Suspects and witnesses by id.", "topics": "Topics by id.",
    "testimonies": "Testimonies by id.", "deductions": "Deductions on the board, by id.",
    "events": "Scheduled events by id.", "endings": "Endings by id.",
}
_INCLUDE = Key("include", INCLUDE, "Other story files to read: a file name, a glob, or a list of them, "
                                   "relative to this file.", default=())
FILE = Element("file", "A story content file: sections of elements by id.", (
    *(Key(name, SECTION, _SECTION_DOCS[name], of=kind) for name, kind in SECTIONS.items()),
    Key("flags", FLAGS, "Flag names, declared so a misspelt one is an error.", default=()),
    Key("counters", COUNTERS, "Counters and their starting values.", default=()),
    Key("accusation", ONE, "The accusation (once in the whole story).", of="accusation", field="-"),
    _INCLUDE,
))
MANIFEST = Element("manifest", "A story manifest: names the story and includes its files.", (
    Key("id", ID, "The story's id; saves remember it.", True),
    _text("title", "The story's title (default: its id)."),
    Key("version", WHOLE, "Bump when you publish a change (default 1).", default=1),
    Key("start", REF, "The first scene.", True, ids=("scene",)),
    Key("first_act", REF, "The act the game opens in (default: the first act written).", ids=("act",)),
    *FILE.keys,
))
#: keys only a manifest may hold
MANIFEST_ONLY: tuple[str, ...] = tuple(k for k in MANIFEST.names if k not in FILE.names)


class EffectSpec(Record):
    """One effect key: how its value is written, the record it builds, what it does."""

    name: str
    type: str
    doc: str
    record: Any  # the effect's record class
    ids: tuple[str, ...] = ()


#: the effects, in the order the guide lists them (``if`` is the branch, read by hand)
EFFECTS_SPEC: dict[str, EffectSpec] = {e.name: e for e in (
    EffectSpec("gain", REF, "Gain a clue or an item.", model.Gain, ("clue", "item")),
    EffectSpec("lose", REF, "Lose an item (or a clue).", model.Lose, ("item", "clue")),
    EffectSpec("set", REF, "Set a flag.", model.SetFlag, ("flag",)),
    EffectSpec("clear", REF, "Clear a flag.", model.ClearFlag, ("flag",)),
    EffectSpec("add", "add", "Add to a counter: {counter: amount} (negative subtracts), or a name for 1.",
               model.Add, ("counter",)),
    EffectSpec("spend", WHOLE, "Spend turns of the act's time.", model.Spend),
    EffectSpec("say", TEXT, "Narrate a line.", model.Say),
    EffectSpec("goto", REF, "Go to a scene or an ending.", model.Goto, ("scene", "ending")),
    EffectSpec("start_act", REF, "Begin an act: its time, credibility and start scene.", model.StartAct, ("act",)),
    EffectSpec("talk", REF, "Open a conversation with a person.", model.Talk, ("person",)),
    EffectSpec("if", CONDITION, "Branch: {if: condition, then: [effects], else: [effects]}.", model.Branch),
)}
BRANCH_KEYS = {"then": "Effects run when the condition holds.", "else": "Effects run when it does not."}

# --- branches: add-on packs that plug into a story (read by game/loading/branches.py) --------
# A branch folder has its own manifest and content files. Its files hold new elements under the
# same sections as a story's, and ``extend:``, the small additive vocabulary below, each entry
# naming an existing element of the story by id. Nothing here can delete or rewrite the case.


def _but(kind: str, drop: str, new_kind: str, doc: str) -> Element:
    """An element as ``kind`` writes it, less the key ``drop`` that the extension supplies."""
    base = ELEMENTS[kind]
    return Element(new_kind, doc, tuple(k for k in base.keys if k.name != drop), base.record)


def _more(name: str, ids: tuple[str, ...], doc: str) -> Key:
    return Key(name, REFS, doc, True, (), ids)


EXTENSIONS: dict[str, Element] = {e.kind: e for e in (
    Element("extend", "Additions to the story's own elements, each named by its id.", (
        Key("scenes", SECTION, "Scenes to add choices, exits or extra paragraphs to.", of="scene_extension"),
        Key("suspects", SECTION, "People to add topics to, or clues that show a square of their grid.",
            of="person_extension"),
        Key("deductions", SECTION, "Deductions whose clue slots more clues can prove.", of="deduction_extension"),
        Key("testimonies", SECTION, "Testimonies whose statements more clues can break.",
            of="testimony_extension"),
        Key("acts", SECTION, "Acts to add events to.", of="act_extension"),
    )),
    Element("scene_extension", "Added to a scene of the story: after its own, never instead.", (
        Key("choices", LIST, "Choices offered after the scene's own, in order.", default=(), of="choice"),
        _refs("exits", ("scene",), "More 'Go to' exits, after the scene's own."),
        Key("extra", LIST, "More paragraphs shown while their condition holds: a list of {if, text}.",
            default=(), of="extra"),
    )),
    Element("person_extension", "Added to a suspect or witness of the story.", (
        Key("topics", SECTION, "New topics to ask this person about, by id (no suspect: key).",
            of="person_topic"),
        Key("motive", ONE, "More clues that show the motive square: {shown_by: [clue, ...]}.",
            of="cell_extension"),
        Key("means", ONE, "More clues that show the means square: {shown_by: [clue, ...]}.",
            of="cell_extension"),
        Key("opportunity", ONE, "More clues that show the opportunity square: {shown_by: [clue, ...]}.",
            of="cell_extension"),
    )),
    Element("cell_extension", "More clues that fill a square of a suspect's grid.", (
        _more("shown_by", ("clue", "deduction"),
              "Clues any one of which also fills the square, and deductions that fill it once confirmed."),
    )),
    _but("topic", "suspect", "person_topic", "A topic added to the person it is written under."),
    Element("deduction_extension", "Added to a deduction of the story.", (
        Key("slots", SECTION, "Its clue slots by slot id (e.g. who_tore.proof): more clues that are right.",
            of="slot_extension"),
    )),
    Element("slot_extension", "More right answers for a clue slot.", (
        _more("clue", ("clue",), "Clues any one of which also fills the slot."),
    )),
    Element("testimony_extension", "Added to a testimony of the story.", (
        Key("statements", SECTION, "Its statements by id: more clues that break them.",
            of="statement_extension"),
    )),
    Element("statement_extension", "More clues that break a statement, or that it answers (at least one).", (
        Key("contradicted_by", BREAKERS, "More clues that break the statement: clue ids, or {clue: X, with: Y, broken: ...}.",
            False, (), ("clue",)),
        Key("near", LIST, "More clues it answers without breaking: {clue: X, reply: ...}, free to present.",
            default=(), of="near"),
    )),
    Element("act_extension", "Added to an act of the story.", (
        Key("events", SECTION, "New events by id, checked only in this act (no act: key).", of="act_event"),
    )),
    _but("event", "act", "act_event", "An event added to the act it is written under."),
)}
_EXTEND = Key("extend", ONE, "Additions to the story's own elements (only in a branch's files).", of="extend")
#: a content file of a branch: a story file's sections, and extend
BRANCH_FILE = Element("branch_file", "A branch content file: new elements by section, and extend.", (
    *(k for k in FILE.keys if k.name != "accusation"), _EXTEND))
BRANCH_MANIFEST = Element("branch_manifest", "A branch manifest: names the branch and the story it plugs into.", (
    Key("branch", ID, "The branch's id; saves remember it.", True),
    _text("title", "The branch's title (default: its id)."),
    Key("extends", TEXT, "The id of the story it plugs into.", True),
    Key("written_for", VERSIONS, "The story version(s) it was written against: a number or a list of them.",
        default=(), field="-"),
    _text("description", "A line about the branch, shown where branches are listed."),
    *BRANCH_FILE.keys,
))
#: keys only a branch manifest may hold
BRANCH_MANIFEST_ONLY: tuple[str, ...] = tuple(k for k in BRANCH_MANIFEST.names if k not in BRANCH_FILE.names)

#: every record a loaded story is made of: what the compiled cache encodes
RECORDS: tuple[type, ...] = tuple(dict.fromkeys((
    model.Story, model.Mark,
    *(e.record for e in ELEMENTS.values() if e.record is not None),
    *(e.record for e in EFFECTS_SPEC.values()),
)))

__all__ = ["Key", "Element", "ELEMENTS", "SECTIONS", "FILE", "MANIFEST", "MANIFEST_ONLY",
           "EFFECTS_SPEC", "EffectSpec", "BRANCH_KEYS", "RECORDS",
           "EXTENSIONS", "BRANCH_FILE", "BRANCH_MANIFEST", "BRANCH_MANIFEST_ONLY"]
