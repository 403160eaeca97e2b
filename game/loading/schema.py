"""The JSON Schema for story files, generated from the story spec (:mod:`game.loading.spec`).

``python -m game.loading.schema > story/schema.json`` writes it; a test checks the committed file
is what this module generates. Editors use it to complete and check keys while an author types,
with each key's line from the spec as its hover text (see story/README.md, "Editor support").

Shapes an editor must tell apart are made so that its message names the real mistake:

- a manifest is a file with ``id`` or ``start``; anything else is a content file, where the
  manifest's own keys are refused;
- an effect is checked by its key: each alternative applies only when its key is there
  (``if``/``then``), and a ``propertyNames`` list names the keys, so ``{tlak: marcus}`` is
  reported as an unknown key rather than as a ``gain`` missing.

The schema is a guide for editors, not the judge: the loader still checks everything (ids that
exist, expressions that parse, numbers in range) and its messages are the ones that count.
"""

from __future__ import annotations

import json
from typing import Any

from game.loading import spec as S

ID = {"type": "string", "pattern": r"^[A-Za-z][A-Za-z0-9_.\-]*$"}
IDS = {"anyOf": [ID, {"type": "array", "items": ID}]}
TEXT = {"type": ["string", "number", "boolean", "null"]}
CLOCK = {"anyOf": [{"type": "string", "pattern": r"^([01]?\d|2[0-3]):[0-5]\d$"}, {"type": "integer"}]}
STRINGS = {"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]}


def ref(name: str) -> dict:
    return {"$ref": f"#/definitions/{name}"}


def _whole(minimum: int) -> dict:
    return {"type": "integer", "minimum": minimum}


#: a choice id as ``was:`` lists it: a declared id, or SCENE#slug
FORMER_ID = {"type": "string", "pattern": r"^[A-Za-z][A-Za-z0-9_.\-]*(#[a-z0-9][a-z0-9\-]*)?$"}

#: the JSON shape of each spec type that needs nothing but the key
_SHAPES: dict[str, Any] = {
    S.TEXT: TEXT, S.ID: ID, S.REF: ID, S.REFS: IDS, S.WORDS: {"type": "array", "items": ID},
    S.PHRASES: {"type": "array", "items": TEXT},
    S.FORMER: {"anyOf": [FORMER_ID, {"type": "array", "items": FORMER_ID, "maxItems": S.MAX_FORMER}]},
    S.CONDITION: {"type": ["string", "boolean"]}, S.BOOL: {"type": "boolean"}, S.CLOCK: CLOCK,
    S.GRID: {"type": "array", "items": {"type": "integer"}, "minItems": 2, "maxItems": 2},
    S.EFFECTS: {"type": "array", "items": ref("effect")},
    S.OPTIONS: {"type": "object", "propertyNames": ID, "additionalProperties": TEXT},
    S.ANSWER: IDS, S.FLAGS: {"type": "array", "items": ID},
    S.COUNTERS: {"type": "object", "propertyNames": ID, "additionalProperties": {"type": "integer"}},
    S.INCLUDE: STRINGS, S.TIMES: {"anyOf": [CLOCK, {"type": "array", "items": ref("clue_time"), "minItems": 1}]}, S.ACCEPT: {"anyOf": [TEXT, {"type": "array", "items": TEXT, "minItems": 1}]},
    S.BREAKERS: {"anyOf": [ID, {"type": "array", "items": {"anyOf": [ID, ref("paired")]}}]},
    S.VERSIONS: {"anyOf": [{"type": "integer", "minimum": 1}, {"type": "array", "items": {"type": "integer", "minimum": 1}}]},
}


def shape(key: S.Key) -> dict:
    """The JSON Schema of one key, with its spec line as the description editors show."""
    if key.type == S.WHOLE:
        out = _whole(key.minimum)
    elif key.type == S.LIST:
        out = {"type": "array", "items": ref(key.of)}
    elif key.type == S.ONE:
        out = {"allOf": [ref(key.of)]}  # draft-07 ignores a description beside a bare $ref
    elif key.type == S.SECTION:
        out = {"type": "object", "propertyNames": ID, "additionalProperties": ref(key.of)}
    else:
        out = dict(_SHAPES[key.type])
    if key.ids:
        out["description"] = f"{key.doc} ({' or '.join(key.ids)} id)"
    else:
        out["description"] = key.doc
    return out


def element(spec: S.Element) -> dict:
    """An element as a closed object: only its keys are offered, and any other is refused."""
    properties = {k.name: shape(k) for k in spec.keys}
    out: dict[str, Any] = {"type": "object", "description": spec.doc, "additionalProperties": False,
                           "properties": properties}
    if spec.required:
        out["required"] = list(spec.required)
    return out


def effect() -> dict:
    """One effect: a one-key mapping, told apart by its key."""
    branches: list[dict] = []
    for e in S.EFFECTS_SPEC.values():
        if e.name == "if":
            then: dict[str, Any] = {"properties": {
                "if": {**_SHAPES[S.CONDITION], "description": e.doc},
                **{k: {"type": "array", "items": ref("effect"), "description": d} for k, d in S.BRANCH_KEYS.items()}}}
        else:
            then = {"maxProperties": 1, "properties": {e.name: _effect_value(e)}}
        branches.append({"if": {"required": [e.name]}, "then": then})
    branches.append({"if": {"anyOf": [{"required": [k]} for k in S.BRANCH_KEYS]}, "then": {"required": ["if"]}})
    names = [*S.EFFECTS_SPEC, *S.BRANCH_KEYS]
    return {
        "type": "object", "description": "An effect: a one-key mapping such as {gain: clue}.",
        "minProperties": 1, "propertyNames": {"enum": names},
        "properties": {n: {"description": S.EFFECTS_SPEC[n].doc if n in S.EFFECTS_SPEC else S.BRANCH_KEYS[n]}
                       for n in names},
        "allOf": branches,
    }


def _effect_value(e: S.EffectSpec) -> dict:
    if e.type == "add":
        value: dict[str, Any] = {"anyOf": [ID, {"type": "object", "propertyNames": ID, "minProperties": 1,
                                                "maxProperties": 1, "additionalProperties": {"type": "integer"}}]}
    elif e.type == S.WHOLE:
        value = _whole(0)
    else:
        value = dict(_SHAPES[e.type])
    suffix = f" ({' or '.join(e.ids)} id)" if e.ids and e.type == S.REF else ""
    return {**value, "description": e.doc + suffix}


def generate() -> dict:
    """The schema, as a dict ready for ``json.dumps``."""
    definitions: dict[str, Any] = {kind: element(e) for kind, e in S.ELEMENTS.items()}
    definitions["effect"] = effect()
    definitions["manifest"] = element(S.MANIFEST)
    definitions["file"] = element(S.FILE)  # the manifest's own keys are not offered, and refused
    # A branch's files (story/README.md, "Writing a branch"): its manifest says `branch:`; a
    # content file that extends the story's elements says `extend:`.
    definitions.update({kind: element(e) for kind, e in S.EXTENSIONS.items()})
    definitions["branch_manifest"] = element(S.BRANCH_MANIFEST)
    definitions["branch_file"] = element(S.BRANCH_FILE)
    manifest_marks = [{"required": [name]} for name in S.MANIFEST.required]
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "$id": "https://ghostlight.invalid/story.schema.json",
        "title": "Ghost Light story file",
        "description": "A story manifest (id, title, start, include, ...), a content file of sections, or a "
                       "branch's manifest (branch, extends, ...) or file (sections and extend). "
                       "Generated by game/loading/schema.py from the story spec; do not edit.",
        "if": {"required": ["branch"]}, "then": ref("branch_manifest"),
        "else": {"if": {"anyOf": manifest_marks}, "then": ref("manifest"),
                 "else": {"if": {"required": ["extend"]}, "then": ref("branch_file"), "else": ref("file")}},
        "definitions": definitions,
    }


def text() -> str:
    return json.dumps(generate(), indent=2, ensure_ascii=False) + "\n"


if __name__ == "__main__":  # pragma: no cover - the documented way to regenerate story/schema.json
    import sys

    sys.stdout.write(text())
