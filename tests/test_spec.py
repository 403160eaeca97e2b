"""The one story spec: the reader, the JSON Schema and the compiled cache agree on every key.

game/loading/spec.py declares the format once; these tests read every bundled story file
through all three derived surfaces and check that they say the same thing, and check the
editor schema's behaviours that authors see (descriptions, manifest against content files,
effects told apart by their key).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Iterator

import jsonschema
import pytest
import yaml

from game.core.errors import StoryError
from game.core.expr import Condition
from game.core.record import fields
from game.loading import cache, schema as schema_tool, spec as S
from game.loading.branches import load_layered
from game.loading.loader import load_story

from tests.conftest import BUNDLED, SAMPLE

STORIES = [BUNDLED, SAMPLE]
SCHEMA = schema_tool.generate()
VALIDATOR = jsonschema.Draft7Validator(SCHEMA)


def errors(document: Any) -> list[str]:
    return [f"{'/'.join(map(str, e.path))}: {e.message}" for e in VALIDATOR.iter_errors(document)]


def _walk(value: Any, element: S.Element, path: tuple) -> Iterator[tuple[S.Element, dict, tuple]]:
    """Every mapping in a file with the spec element it is, following the spec's nesting."""
    if not isinstance(value, dict):
        return
    yield element, value, path
    for key in element.keys:
        inner = value.get(key.name)
        if inner is None or not key.of:
            continue
        nested = S.ELEMENTS.get(key.of) or S.EXTENSIONS[key.of]  # a branch's extend: nests its own
        if key.type == S.SECTION:
            for name, body in inner.items():
                yield from _walk(body, nested, (*path, key.name, name))
        elif key.type == S.LIST:
            for index, body in enumerate(inner):
                yield from _walk(body, nested, (*path, key.name, index))
        else:
            yield from _walk(inner, nested, (*path, key.name))


def _as_read(key: S.Key, written: Any) -> Any:
    """What the reader should make of a simply typed value; None when the type needs more."""
    if key.type in (S.TEXT, S.REF, S.BOOL, S.WHOLE):
        return written if key.type != S.TEXT or isinstance(written, str) else None
    if key.type in (S.REFS, S.WORDS):
        return tuple(written) if isinstance(written, list) else (written,)
    return None


def _record_of(story: Any, path: tuple) -> Any:
    """The model record a path in a file was read into (sections and lists of elements)."""
    tables = {"acts": story.acts, "places": story.places, "scenes": story.scenes, "clues": story.clues,
              "items": story.items, "suspects": story.people, "topics": story.topics,
              "testimonies": story.testimonies, "deductions": story.deductions, "events": story.events,
              "endings": story.endings}
    if len(path) < 2 or path[0] not in tables:
        return None
    record = tables[path[0]][path[1]]
    for step in path[2:]:
        if isinstance(step, int):
            record = record[step]
        else:
            key = next((k for e in S.ELEMENTS.values() if isinstance(record, e.record or ()) for k in e.keys
                        if k.name == step), None)
            if key is None or key.field == "-":
                return None
            record = getattr(record, key.target)
    return record


@pytest.mark.parametrize("folder", STORIES, ids=lambda p: p.name)
def test_every_bundled_file_agrees_through_reader_schema_and_cache(folder: Path, tmp_path: Path) -> None:
    manifest_names = {"story.yaml", "case.yaml"}
    checked = 0
    for path in sorted(folder.rglob("*.yaml")):
        # A branch's files (story/branches/NAME) are read with the story under them.
        branch = next((p for p in path.parents if (p / "branch.yaml").is_file()), None)
        cold = load_layered(folder, [branch] if branch else [])
        cache.load_story_cached(folder, tmp_path / "c", branches=[branch] if branch else [])
        warm = cache.load_story_cached(folder, tmp_path / "c", notice=pytest.fail, branches=[branch] if branch else [])
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert errors(document) == [], path  # the schema accepts what the reader accepted
        top = S.MANIFEST if path.name in manifest_names else S.FILE
        if branch is not None:
            top = S.BRANCH_MANIFEST if path.name == "branch.yaml" else S.BRANCH_FILE
        for element, mapping, where in _walk(document, top, ()):
            definition = SCHEMA["definitions"][element.kind]
            for name, written in mapping.items():
                assert name in element.names, (path, where, name)  # the spec (so the reader) has it
                assert name in definition["properties"], (path, where, name)  # so has the schema
                key = element.key(name)
                record = _record_of(cold, where)
                if record is None or key.field == "-" or key.type == S.SECTION:
                    continue
                value = getattr(record, key.target)
                twin = getattr(_record_of(warm, where), key.target)
                assert twin == value, (path, where, name)  # the cache keeps what the reader read
                expected = _as_read(key, written)
                if isinstance(value, Condition):
                    assert value.source == str(written).lower() if isinstance(written, bool) else written
                elif expected is not None:
                    assert value == expected, (path, where, name)
                checked += 1
    assert checked > (500 if folder == BUNDLED else 20)


def test_the_cache_codec_knows_every_record_the_spec_builds() -> None:
    for element in S.ELEMENTS.values():
        if element.record is not None:
            assert element.record in S.RECORDS
            names = {f.name for f in fields(element.record)}
            for key in element.keys:
                assert key.field == "-" or key.target in names, (element.kind, key.name)
    assert {cls.__name__ for cls in S.RECORDS} == set(cache._CLASSES)


def test_every_key_in_the_schema_carries_its_description() -> None:
    for kind, definition in SCHEMA["definitions"].items():
        assert definition.get("description"), kind
        for name, prop in definition.get("properties", {}).items():
            assert prop.get("description"), (kind, name)
    assert "(scene or ending id)" in SCHEMA["definitions"]["choice"]["properties"]["goto"]["description"]


def test_the_committed_schema_carries_the_spec_text() -> None:
    committed = json.loads((BUNDLED / "schema.json").read_text(encoding="utf-8"))
    assert committed == SCHEMA


MANIFEST = {"id": "s", "title": "S", "start": "a", "include": ["*.yaml"]}


def test_a_manifest_passes_and_one_without_id_fails() -> None:
    assert errors(MANIFEST) == []
    missing = errors({k: v for k, v in MANIFEST.items() if k != "id"})
    assert missing and any("'id' is a required property" in e for e in missing), missing


@pytest.mark.parametrize("key, value, named", [
    ("title", "S", "'title' was unexpected"), ("version", 2, "'version' was unexpected"),
    ("first_act", "a1", "'first_act' was unexpected"),
    ("id", "x", "'start' is a required property"),  # an id makes it a manifest, which needs a start
])
def test_a_manifest_key_in_a_content_file_fails(key: str, value: Any, named: str) -> None:
    content = {"clues": {"c": {"name": "C"}}}
    assert errors(content) == []
    found = errors({**content, key: value})
    assert any(named in e for e in found), found


def test_a_content_file_is_not_offered_the_manifests_keys() -> None:
    offered = set(SCHEMA["definitions"]["file"]["properties"])
    assert offered.isdisjoint(S.MANIFEST_ONLY) and {"id", "start", "title"} <= set(S.MANIFEST_ONLY)


def _effect_errors(effect: Any) -> list[str]:
    return errors({"scenes": {"a": {"text": "x", "on_enter": [effect]}}})


def test_an_effect_typo_names_the_unknown_key_and_no_missing_gain() -> None:
    found = _effect_errors({"tlak": "marcus"})
    assert any("'tlak' is not one of ['gain', 'lose'" in e for e in found), found
    assert not any("gain" in e and "required" in e for e in found), found
    assert not any("any of the given schemas" in e for e in found), found  # no guessing among alternatives


@pytest.mark.parametrize("effect, word", [
    ({"gain": 5}, "string"), ({"spend": -1}, "minimum"), ({"gain": "a", "set": "b"}, "too many"),
    ({"then": [{"gain": "a"}]}, "'if' is a required property"), ({"if": "has(a)", "then": [{"gian": "a"}]}, "'gian'"),
])
def test_effects_are_told_apart_by_their_key(effect: dict, word: str) -> None:
    found = _effect_errors(effect)
    assert any(word in e for e in found), found


@pytest.mark.parametrize("effect", [{"gain": "a"}, {"add": {"c": -2}}, {"add": "c"}, {"say": "Hi"},
                                    {"if": "has(a)", "then": [{"set": "f"}], "else": [{"spend": 2}]}])
def test_good_effects_pass(effect: dict) -> None:
    assert _effect_errors(effect) == []


def test_the_reader_refuses_what_the_schema_refuses(write_story) -> None:
    folder = write_story({"parts/extra.yaml": "clues:\n  c: {name: C}\ntitle: Not here\n"})
    with pytest.raises(StoryError) as caught:
        load_story(folder)
    assert "unknown key 'title'" in str(caught.value)


def test_the_spec_lists_every_effect_the_model_has() -> None:
    from typing import get_args

    from game.core import model

    assert {e.record for e in S.EFFECTS_SPEC.values()} == set(get_args(model.Effect))


def test_the_guides_key_table_lists_the_specs_keys() -> None:
    import re

    rows = {}
    text = (BUNDLED / "README.md").read_text(encoding="utf-8")
    table = text[text.index("## Every key"):text.index("## Expressions in full")]
    for line in table.splitlines():
        cells = [c.strip() for c in line.split("|")]
        if len(cells) > 3 and cells[2].startswith("`"):
            rows[cells[1]] = re.findall(r"`([a-z_]+!?)`", cells[2])
    elements = {**S.ELEMENTS, "suspect": S.ELEMENTS["person"], "content file": S.FILE,
                "manifest": S.MANIFEST, "branch manifest": S.BRANCH_MANIFEST, "extend": S.EXTENSIONS["extend"]}
    only = {"manifest": S.MANIFEST_ONLY, "branch manifest": S.BRANCH_MANIFEST_ONLY}
    for row, keys in rows.items():
        element = elements[row]
        names = [k.rstrip("!") for k in keys]
        expected = [*only[row], "include"] if row in only else list(element.names)
        assert sorted(names) == sorted(expected), row
        assert sorted(k[:-1] for k in keys if k.endswith("!")) == sorted(
            k for k in element.required if k in names), row
    assert len(rows) == 21
