"""Property tests: whatever bytes or JSON reach the save reader, it returns a sound game or
raises SaveError; never another exception, never a state the engine cannot run."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.core import engine as e
from game.core.errors import SaveError
from game.saves.profile import _from_json as profile_from_json
from game.saves.document import build_save, checksum, encode, parse_save, read_header
from game.saves.slots import load_game
from save_helpers import SOLUTION, play, sample

json_scalars = st.none() | st.booleans() | st.integers(-2**70, 2**70) | st.floats(allow_nan=False, allow_infinity=False) \
    | st.text(max_size=30)
json_values = st.recursive(json_scalars, lambda inner: st.lists(inner, max_size=5)
                           | st.dictionaries(st.text(max_size=12), inner, max_size=5), max_leaves=25)
#: ids the story has, so random states sometimes make sense
ids = st.sampled_from(["hall.main", "study.day", "day", "night", "pianist", "torn_page", "ink_stain", "lamp",
                       "lamp_on", "knocks", "pianist.story", "pianist.story.never", "solved", "why.jealous", "x"])
near_values = json_values | ids | st.lists(ids, max_size=4) | st.dictionaries(ids, st.integers(-3, 3), max_size=3) \
    | st.fixed_dictionaries({"kind": st.sampled_from(["exploring", "talking", "testifying", "accusing", "ended"])},
                            optional={"person": ids, "testimony": ids, "statement": ids, "ending": ids,
                                      "culprit": ids, "answers": st.lists(ids, max_size=2),
                                      "evidence": st.lists(ids, max_size=2)})


@lru_cache(maxsize=1)
def good_document() -> dict:
    story = sample()
    session = play(story, SOLUTION[:12])
    return build_save(story, session.state, session.undo, session.transcript, slot="p", saved_at=0, played=0)


def check(data: bytes) -> None:
    """The property: a sound, playable game or a SaveError with a message."""
    story = sample()
    try:
        loaded = parse_save(data, story)
    except SaveError as exc:
        assert str(exc)
        return
    for state in [loaded.state, *loaded.undo]:
        assert state.scene in story.scenes and state.act in story.acts
        e.available_actions(story, state)  # the engine can run it


settings_ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@settings_
@given(st.binary(max_size=2000))
def test_random_bytes(data: bytes) -> None:
    check(data)
    try:
        read_header(data)
    except SaveError:
        pass


@settings_
@given(json_values)
def test_random_json(value) -> None:
    check(json.dumps(value).encode())


@settings_
@given(st.dictionaries(st.sampled_from(["format", "version", "story_id", "story_hash", "saved_at", "slot", "summary",
                                        "state", "undo", "checksum"]), json_values, max_size=10))
def test_random_json_with_the_save_keys(value) -> None:
    value.setdefault("format", "ghostlight-save")
    check(json.dumps(value).encode())


@settings_
@given(st.sampled_from(["story_hash", "saved_at", "slot", "summary", "state", "undo"]), near_values)
def test_a_valid_save_with_one_field_replaced_and_resealed(key, value) -> None:
    """Past the checksum (resealed), so the shape checks themselves are exercised."""
    document = json.loads(json.dumps(good_document()))
    document[key] = value
    document["checksum"] = checksum(document)
    check(encode(document))


@settings_
@given(st.sampled_from(["scene", "act", "time", "credibility", "seed", "turn", "mode", "clues", "items", "flags",
                        "counters", "visits", "taken", "asked", "pressed", "broken", "confirmed", "fired",
                        "silenced", "verdict"]), near_values, st.booleans())
def test_a_valid_save_with_one_state_field_replaced_and_resealed(field, value, in_undo) -> None:
    document = json.loads(json.dumps(good_document()))
    if in_undo and document["undo"]:
        document["undo"][len(document["undo"]) // 2]["diff"][field] = value
    else:
        document["state"][field] = value
    document["checksum"] = checksum(document)
    check(encode(document))


@settings_
@given(st.integers(0, 10_000), st.binary(min_size=1, max_size=3))
def test_a_valid_save_cut_short_or_with_bytes_changed(cut, junk) -> None:
    data = encode(good_document())
    cut %= len(data)
    check(data[:cut])
    check(data[:cut] + junk + data[cut + len(junk):])


@settings_
@given(json_values)
def test_random_json_as_a_profile(value) -> None:
    try:
        profile_from_json(value)
    except SaveError:
        pass


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=500))
def test_random_bytes_through_the_folder(tmp_path: Path, data: bytes) -> None:
    (tmp_path / "r.json").write_bytes(data)
    try:
        load_game(tmp_path, "r", sample())
    except SaveError:
        pass
