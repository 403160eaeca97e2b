"""The compiled story cache: as good as a cold load, and never stale."""

from __future__ import annotations

import json
import shutil
import zlib
from collections import abc
from pathlib import Path
from types import UnionType
from typing import Union, get_args, get_origin

import pytest

from game.loading import cache
from game.core.engine import available_actions, new_game, step
from game.core.errors import StoryError
from game.core.expr import Condition
from game.core.record import Record, fields
from game.loading.spec import RECORDS
from game.loading.loader import load_story

from tests.conftest import SAMPLE


@pytest.fixture
def story_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "sample"
    shutil.copytree(SAMPLE, folder)
    return folder


def entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.json"))


def read_entry(path: Path) -> tuple[dict, dict]:
    """An entry's header line and its body (the line after it; the tail follows)."""
    head, _, rest = path.read_bytes().partition(b"\n")
    return json.loads(head), json.loads(rest.partition(b"\n")[0])


def write_entry(path: Path, header: dict, body: dict) -> None:
    """Write an entry with a checksum that matches (a consistent entry, though maybe stale),
    keeping the tail that was there."""
    tail = path.read_bytes().partition(b"\n")[2].partition(b"\n")[2]
    data = json.dumps(body, separators=(",", ":"), ensure_ascii=False).encode() + b"\n" + tail
    path.write_bytes(json.dumps({**header, "size": len(data), "crc32": zlib.crc32(data)}).encode() + b"\n" + data)


def test_warm_story_equals_the_cold_one(story_copy: Path, tmp_path: Path) -> None:
    cold = load_story(story_copy)
    first = cache.load_story_cached(story_copy, tmp_path / "c")
    assert len(entries(tmp_path / "c")) == 1
    warm = cache.load_story_cached(story_copy, tmp_path / "c")
    for name in ("acts", "places", "clues", "items", "people", "topics", "testimonies", "deductions",
                 "events", "endings", "counters"):
        assert dict(getattr(warm, name)) == dict(getattr(cold, name)), name
    assert {k: warm.scenes[k] for k in warm.scenes} == dict(cold.scenes)
    assert (warm.id, warm.start, warm.content_hash, warm.accusation) == (cold.id, cold.start, cold.content_hash, cold.accusation)
    assert first.content_hash == cold.content_hash


def test_warm_story_plays_the_same(story_copy: Path, tmp_path: Path) -> None:
    cold = load_story(story_copy)
    cache.load_story_cached(story_copy, tmp_path / "c")
    warm = cache.load_story_cached(story_copy, tmp_path / "c")
    states = [new_game(cold)[0], new_game(warm)[0]]
    for _ in range(12):
        actions = [available_actions(s, st) for s, st in zip((cold, warm), states)]
        assert actions[0] == actions[1]
        if not actions[0]:
            break
        states = [step(s, st, a[0])[0] for s, st, a in zip((cold, warm), states, actions)]
        assert states[0] == states[1]


def test_an_edit_is_seen_at_once(story_copy: Path, tmp_path: Path) -> None:
    cache.load_story_cached(story_copy, tmp_path / "c")
    scenes = story_copy / "scenes.yaml"
    scenes.write_text(scenes.read_text().replace("The hall is cold.", "The hall is warm."))
    story = cache.load_story_cached(story_copy, tmp_path / "c")
    assert "warm" in story.scenes["hall.arrive"].text


def test_a_same_size_edit_with_the_same_mtime_is_seen(story_copy: Path, tmp_path: Path) -> None:
    import os

    cache.load_story_cached(story_copy, tmp_path / "c")
    scenes = story_copy / "scenes.yaml"
    stat = scenes.stat()
    scenes.write_text(scenes.read_text().replace("cold", "COLD"))
    os.utime(scenes, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert "COLD" in cache.load_story_cached(story_copy, tmp_path / "c").scenes["hall.arrive"].text


def test_a_new_file_matching_an_include_is_seen(tmp_path: Path, write_story) -> None:
    folder = write_story({"parts/a.yaml": "scenes:\n  a.start: {text: Hi., choices: [{text: End, goto: done}]}\n"})
    assert "c1" not in cache.load_story_cached(folder, tmp_path / "c").clues
    (folder / "parts" / "b.yaml").write_text("clues:\n  c1: {name: New}\n")
    assert "c1" in cache.load_story_cached(folder, tmp_path / "c").clues
    (folder / "parts" / "b.yaml").unlink()
    assert "c1" not in cache.load_story_cached(folder, tmp_path / "c").clues


def test_a_broken_edit_raises_instead_of_serving_the_old_story(story_copy: Path, tmp_path: Path) -> None:
    cache.load_story_cached(story_copy, tmp_path / "c")
    scenes = story_copy / "scenes.yaml"
    scenes.write_text(scenes.read_text().replace("goto: hall.main", "goto: hall.mian", 1))
    with pytest.raises(StoryError) as caught:
        cache.load_story_cached(story_copy, tmp_path / "c")
    assert "hall.mian" in str(caught.value)


@pytest.mark.parametrize("damage", [
    b"", b"{", b"[1, 2]", b'{"format": 1}', b'{"format": 99, "version": "0.1.0"}',
    b'{"format": 1, "version": "0.1.0", "manifest": "x", "files": {}, "globs": [], "story": {"@": "Nope", "f": []}}',
    "\u00ff not json".encode("latin-1"),
])
def test_a_damaged_entry_is_ignored_and_rewritten(story_copy: Path, tmp_path: Path, damage: bytes) -> None:
    cache.load_story_cached(story_copy, tmp_path / "c")
    [entry] = entries(tmp_path / "c")
    entry.write_bytes(damage)
    story = cache.load_story_cached(story_copy, tmp_path / "c", notice=lambda line: None)
    assert story.id == "sample"
    assert read_entry(entry)[0]["format"] == cache.CACHE_FORMAT


def test_an_entry_for_the_right_manifest_but_tampered_story_is_not_trusted_blindly(story_copy: Path, tmp_path: Path) -> None:
    cache.load_story_cached(story_copy, tmp_path / "c")
    [entry] = entries(tmp_path / "c")
    header, data = read_entry(entry)
    data["files"] = {k: "0" * 64 for k in data["files"]}  # hashes no longer match the files
    write_entry(entry, header, data)
    assert cache.load_story_cached(story_copy, tmp_path / "c", notice=pytest.fail).id == "sample"
    assert read_entry(entry)[1]["files"] != data["files"]


def _damage_a_scene(entry: Path, scene: str) -> None:
    """Break one scene's stored JSON (in the entry's tail) by hand."""
    _header, body = read_entry(entry)
    scenes = body["story"]["f"][list(cache._FIELDS["Story"]).index("scenes")]
    start = scenes["at"][scenes["ids"].index(scene)]
    data = entry.read_bytes()
    at = data.index(b"\n", data.index(b"\n") + 1) + 1 + start
    entry.write_bytes(data[:at] + b"#" + data[at + 1:])


def test_a_hand_damaged_scene_is_rebuilt_with_one_notice_not_a_traceback(story_copy: Path, tmp_path: Path) -> None:
    cold = load_story(story_copy)
    cache.load_story_cached(story_copy, tmp_path / "c")
    [entry] = entries(tmp_path / "c")
    _damage_a_scene(entry, "hall.arrive")
    heard: list[str] = []
    story = cache.load_story_cached(story_copy, tmp_path / "c", notice=heard.append)
    assert len(heard) == 1 and "damaged" in heard[0] and "\n" not in heard[0]
    assert story.scenes["hall.arrive"] == cold.scenes["hall.arrive"]  # entering it works
    again = cache.load_story_cached(story_copy, tmp_path / "c", notice=heard.append)
    assert len(heard) == 1 and again.scenes["hall.arrive"] == cold.scenes["hall.arrive"]  # rewritten whole


def test_a_damaged_entry_with_a_forged_checksum_is_still_rebuilt(story_copy: Path, tmp_path: Path) -> None:
    cache.load_story_cached(story_copy, tmp_path / "c")
    [entry] = entries(tmp_path / "c")
    header, data = read_entry(entry)
    data["story"] = {"@": "Nope", "f": []}
    write_entry(entry, header, data)
    heard: list[str] = []
    assert cache.load_story_cached(story_copy, tmp_path / "c", notice=heard.append).id == "sample"
    assert len(heard) == 1


def test_the_default_notice_is_one_line_on_standard_error(story_copy: Path, tmp_path: Path, capsys) -> None:
    cache.load_story_cached(story_copy, tmp_path / "c")
    [entry] = entries(tmp_path / "c")
    entry.write_bytes(entry.read_bytes()[:-10])  # cut short
    cache.load_story_cached(story_copy, tmp_path / "c")
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("ghostlight: the compiled story cache was damaged")


def test_an_unwritable_cache_folder_only_costs_speed(story_copy: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")
    assert cache.load_story_cached(story_copy, blocker).id == "sample"


def test_cache_lives_outside_the_source_tree(story_copy: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("GHOSTLIGHT_CACHE", str(tmp_path / "elsewhere"))
    cache.load_story_cached(story_copy)
    assert entries(tmp_path / "elsewhere")
    assert not any(p.suffix == ".json" for p in story_copy.rglob("*"))


def test_a_warm_load_parses_an_element_only_when_play_reaches_it(story_copy: Path, tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    cold = load_story(story_copy)
    cache.load_story_cached(story_copy, tmp_path / "c")
    parsed: list[str] = []
    element = cache._Decoder.element
    monkeypatch.setattr(cache._Decoder, "element",
                        lambda self, kind, starts, number: parsed.append(kind.__name__) or element(self, kind, starts, number))
    warm = cache.load_story_cached(story_copy, tmp_path / "c", notice=pytest.fail)
    assert parsed == []
    assert len(warm.scenes) == len(cold.scenes) and set(warm.clues) == set(cold.clues) and parsed == []
    assert warm.scenes[warm.start] == cold.scenes[cold.start] and warm.scenes[warm.start] is warm.scenes[warm.start]
    assert parsed == ["Scene"]  # once, however often it is read


@pytest.mark.parametrize("index", [
    {"at": [0, 10 ** 9]}, {"at": [5, 2]}, {"at": [-1, 0]}, {"at": [0, "9"]}, {"at": [0]}, {"ids": []},
])
def test_a_table_index_that_does_not_fit_the_entry_is_a_damaged_entry(story_copy: Path, tmp_path: Path,
                                                                      index: dict) -> None:
    cache.load_story_cached(story_copy, tmp_path / "c")
    [entry] = entries(tmp_path / "c")
    header, body = read_entry(entry)
    clues = body["story"]["f"][list(cache._FIELDS["Story"]).index("clues")]
    clues.update({"ids": clues["ids"][:1], **index})  # one clue, where the index says it is
    write_entry(entry, header, body)  # with a checksum that matches: only the index is wrong
    heard: list[str] = []
    story = cache.load_story_cached(story_copy, tmp_path / "c", notice=heard.append)
    assert len(heard) == 1 and "damaged" in heard[0]
    assert dict(story.clues) == dict(load_story(story_copy).clues)


def test_every_sequence_a_story_record_holds_is_a_tuple_outside_any_mapping() -> None:
    """The cache makes every JSON array in a record's fields a tuple, without looking up the
    field's type: right while the records' resolved types say so, which this checks."""
    def check(tp: object, where: str, in_mapping: bool = False) -> None:
        origin, args = get_origin(tp), get_args(tp)
        if origin is tuple:
            assert not in_mapping, where  # (a mapping's values are left as JSON gives them)
            for arg in args:
                if arg is not Ellipsis:
                    check(arg, where)
        elif origin in (Union, UnionType):
            for arg in args:
                check(arg, where, in_mapping)
        elif origin is abc.Mapping:
            assert args[0] is str, where
            check(args[1], where, True)
        elif origin is frozenset:
            assert args == (str,), where  # tagged in the entry, decoded as a frozenset
        else:
            assert origin is None and isinstance(tp, type), where
            assert tp in (str, int, bool, type(None), Condition) or issubclass(tp, Record), where

    for cls in RECORDS:
        for info in fields(cls):
            check(info.type, f"{cls.__name__}.{info.name}")
