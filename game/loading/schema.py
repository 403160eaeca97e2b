"""The JSON Schema for story files, generated from the loader's own key table.

``python -m game.loading.schema > story/schema.json`` writes it; a test checks the committed file
is what this module generates, and that every key the loader allows (``loader.SCHEMA``) is in
it with a type, so the schema cannot drift from the loader. Editors use it to complete and
check keys while an author types (see story/README.md, "Editor support").

The schema is a guide for editors, not the judge: the loader still checks everything (ids that
exist, expressions that parse, numbers in range) and its messages are the ones that count.
"""

from __future__ import annotations

import json
from typing import Any

from game.loading.loader import SCHEMA
from game.core.model import EFFECT_KEYS

ID = {"type": "string", "pattern": r"^[A-Za-z][A-Za-z0-9_.\-]*$"}
IDS = {"anyOf": [ID, {"type": "array", "items": ID}]}
TEXT = {"type": ["string", "number", "boolean", "null"]}
CONDITION = {"type": ["string", "boolean"], "description": "an expression, e.g. has(clue) and not flag(f)"}
WHOLE = {"type": "integer", "minimum": 0}
BOOL = {"type": "boolean"}
CLOCK = {"anyOf": [{"type": "string", "pattern": r"^([01]?\d|2[0-3]):[0-5]\d$"}, {"type": "integer"}],
         "description": 'a time such as "21:30" (quote it)'}
EFFECTS = {"$ref": "#/definitions/effects"}


def ref(name: str) -> dict:
    return {"$ref": f"#/definitions/{name}"}


def list_of(name: str) -> dict:
    return {"type": "array", "items": ref(name)}


def section(kind: str) -> dict:
    return {"type": "object", "propertyNames": ID, "additionalProperties": ref(kind)}


#: the JSON type of every key the loader allows, per kind of element (kinds as in loader.SCHEMA)
TYPES: dict[str, dict[str, Any]] = {
    "act": {"title": TEXT, "time": {"type": "integer", "minimum": 1}, "start": ID, "fallback": ID,
            "on_timeout": ID, "credibility": WHOLE, "travel": WHOLE, "clock": CLOCK, "minutes": WHOLE},
    "place": {"name": TEXT, "text": TEXT, "open": CONDITION,
              "map": {"type": "array", "items": {"type": "integer"}, "minItems": 2, "maxItems": 2}},
    "scene": {"place": ID, "title": TEXT, "text": TEXT, "revisit": TEXT, "extra": list_of("extra"),
              "on_enter": EFFECTS, "choices": list_of("choice"), "exits": IDS},
    "choice": {"text": TEXT, "id": ID, "goto": ID, "if": CONDITION, "once": BOOL, "fallback": BOOL,
               "cost": WHOLE, "say": TEXT, "do": EFFECTS},
    "clue": {"name": TEXT, "text": TEXT, "tags": {"type": "array", "items": ID}, "time": CLOCK, "about": IDS},
    "item": {"name": TEXT, "text": TEXT},
    "person": {"name": TEXT, "role": TEXT, "text": TEXT, "alibi": TEXT, "suspect": BOOL,
               "motive": ref("cell"), "means": ref("cell"), "opportunity": ref("cell"), "extra": list_of("extra")},
    "cell": {"note": TEXT, "shown_by": IDS, "ruled_out_by": IDS},
    "topic": {"suspect": ID, "title": TEXT, "text": TEXT, "if": CONDITION, "cost": WHOLE, "do": EFFECTS},
    "testimony": {"suspect": ID, "title": TEXT, "statements": list_of("statement"), "if": CONDITION},
    "statement": {"id": ID, "text": TEXT, "press": TEXT, "contradicted_by": IDS, "broken": TEXT,
                  "on_break": EFFECTS},
    "deduction": {"title": TEXT, "question": TEXT, "slots": list_of("slot"), "text": TEXT, "on_confirm": EFFECTS,
                  "extra": list_of("extra")},
    "slot": {"prompt": TEXT, "id": ID, "options": {"type": "object", "propertyNames": ID, "additionalProperties": TEXT},
             "answer": IDS, "clue": IDS, "suspect": IDS},
    "event": {"if": CONDITION, "act": ID, "text": TEXT, "do": EFFECTS, "once": BOOL},
    "ending": {"title": TEXT, "text": TEXT, "if": CONDITION, "epilogues": list_of("epilogue")},
    "epilogue": {"text": TEXT, "if": CONDITION},
    "extra": {"if": CONDITION, "text": TEXT},
    "accusation": {"culprit": TEXT, "endings": IDS, "if": CONDITION, "text": TEXT,
                   "questions": list_of("question"), "evidence": ref("evidence")},
    "question": {"id": ID, "prompt": TEXT, "options": {"type": "object", "propertyNames": ID,
                                                       "additionalProperties": TEXT}},
    "evidence": {"count": WHOLE, "prompt": TEXT},
    "manifest": {"id": ID, "title": TEXT, "version": WHOLE, "start": ID, "first_act": ID,
                 "include": {"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]}},
}
#: sections shared by the manifest and content files
SECTIONS = {"acts": "act", "places": "place", "scenes": "scene", "clues": "clue", "items": "item",
            "suspects": "person", "topics": "topic", "testimonies": "testimony", "deductions": "deduction",
            "events": "event", "endings": "ending"}
FILE_TYPES: dict[str, Any] = {
    **{name: section(kind) for name, kind in SECTIONS.items()},
    "flags": {"type": "array", "items": ID},
    "counters": {"type": "object", "propertyNames": ID, "additionalProperties": {"type": "integer"}},
    "accusation": ref("accusation"),
    "include": TYPES["manifest"]["include"],
}


def _object(kind: str, spec: tuple[str, ...], types: dict[str, Any]) -> dict:
    keys = [k.lstrip("!") for k in spec]
    missing = [k for k in keys if k not in types]
    if missing:
        raise KeyError(f"schema.py has no type for {kind} key(s) {missing}: add them to TYPES")
    out: dict[str, Any] = {"type": "object", "additionalProperties": False,
                           "properties": {k: types[k] for k in keys}}
    required = [k[1:] for k in spec if k.startswith("!")]
    if required:
        out["required"] = required
    return out


def _effects() -> dict:
    one = {"type": "object", "minProperties": 1, "maxProperties": 1}
    effect_types = {
        "gain": ID, "lose": ID, "set": ID, "clear": ID,
        "add": {"anyOf": [ID, {"type": "object", "propertyNames": ID, "additionalProperties": {"type": "integer"},
                               "minProperties": 1, "maxProperties": 1}]},
        "spend": WHOLE, "say": TEXT, "goto": ID, "start_act": ID, "talk": ID,
    }
    variants = [{**one, "properties": {k: t}, "required": [k]} for k, t in effect_types.items()]
    variants.append({"type": "object", "additionalProperties": False, "required": ["if"],
                     "properties": {"if": CONDITION, "then": EFFECTS, "else": EFFECTS}})
    assert set(effect_types) | {"if"} == set(EFFECT_KEYS), "an effect key is missing from schema.py"
    return {"type": "array", "items": {"anyOf": variants}}


def generate() -> dict:
    """The schema, as a dict ready for ``json.dumps``."""
    definitions: dict[str, Any] = {}
    for kind, spec in SCHEMA.items():
        if kind in ("manifest", "file"):
            continue
        definitions[kind] = _object(kind, spec, TYPES[kind])
    definitions["effects"] = _effects()
    file_types = {**FILE_TYPES, **TYPES["manifest"]}
    definitions["manifest"] = _object("manifest", SCHEMA["manifest"], file_types)
    definitions["file"] = _object("file", SCHEMA["file"], file_types)
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "$id": "https://ghostlight.invalid/story.schema.json",
        "title": "Ghost Light story file",
        "description": "A story manifest (id, title, start, include, ...) or a content file of sections. "
                       "Generated by game/loading/schema.py from the loader's key table; do not edit.",
        "anyOf": [ref("manifest"), ref("file")],
        "definitions": definitions,
    }


def text() -> str:
    return json.dumps(generate(), indent=2, ensure_ascii=False) + "\n"


if __name__ == "__main__":  # pragma: no cover - the documented way to regenerate story/schema.json
    import sys

    sys.stdout.write(text())
