"""GameState <-> JSON: every mode, every field, by ids; compact undo diffs."""

from __future__ import annotations

import json

import pytest

from game.core import engine as e
from game.core.errors import SaveError
from game.saves.document import UNDO_CAP, build_save, encode, parse_save
from game.saves.codec import check_state_json, mode_from_json, mode_to_json, state_from_json, state_to_json
from game.saves.history import apply_diff, diff_states
from game.core.state import Accusing, Ended, Exploring, GameState, Talking, Verdict
from game.core.state import Testifying as Hearing  # a name pytest will not try to collect
from save_helpers import SOLUTION, pick, play, sample, wander


def roundtrip(state: GameState) -> GameState:
    story = sample()
    data = json.loads(json.dumps(state_to_json(state, story)))  # through real JSON text
    return state_from_json(check_state_json(data), story)


def every_state_of_the_solution() -> list[GameState]:
    session = play(sample(), SOLUTION)
    return session.undo + [session.state]


def test_every_state_of_a_full_playthrough_round_trips_exactly() -> None:
    states = every_state_of_the_solution()
    modes = {type(s.mode) for s in states}
    assert modes == {Exploring, Talking, Hearing, Accusing, Ended}  # every mode is exercised
    for state in states:
        assert roundtrip(state) == state


@pytest.mark.parametrize("mode", [
    Exploring(), Talking("pianist"), Hearing("pianist.story", 1),
    Accusing(), Accusing("pianist"), Accusing("pianist", ("why.jealous",), ("ink_stain",)), Ended("solved"),
], ids=lambda m: type(m).__name__ + str(len(repr(m))))
def test_each_mode_has_an_explicit_json_form(mode) -> None:
    story = sample()
    data = mode_to_json(mode, story)
    assert isinstance(data["kind"], str)
    assert mode_from_json(json.loads(json.dumps(data)), story) == mode


def test_testifying_is_saved_by_statement_id_not_position() -> None:
    data = mode_to_json(Hearing("pianist.story", 1), sample())
    assert data == {"kind": "testifying", "testimony": "pianist.story", "statement": "pianist.story.never"}
    assert "index" not in data


def test_state_json_holds_only_ids_numbers_and_lists() -> None:
    state = every_state_of_the_solution()[-1]
    data = state_to_json(state, sample())
    assert data["verdict"] == {"culprit": "pianist", "answers": ["why.jealous"], "evidence": ["ink_stain"]}
    assert data["counters"] == {"knocks": 2}
    assert data["clues"] == sorted(data["clues"])

    def walk(value):
        if isinstance(value, dict):
            for key, inner in value.items():
                assert isinstance(key, str)
                walk(inner)
        elif isinstance(value, list):
            for inner in value:
                walk(inner)
        else:
            assert value is None or isinstance(value, (str, int)), value

    walk(data)


def test_verdict_round_trips() -> None:
    state = GameState("hall.main", "day", 3, 1, verdict=Verdict("pianist", frozenset({"why.money"}), frozenset()))
    assert roundtrip(state) == state


@pytest.mark.parametrize("field,value", [
    ("scene", 3), ("time", "3"), ("time", True), ("time", 1.5), ("turn", -1), ("clues", "torn_page"),
    ("clues", [1]), ("counters", [["knocks", 1]]), ("counters", {"knocks": "1"}), ("mode", "exploring"),
    ("mode", {"kind": "dancing"}), ("mode", {"kind": "talking"}), ("verdict", {"answers": []}),
    ("flags", ["a\x1b[31m"]), ("scene", "x" * 500),
])
def test_a_field_of_the_wrong_shape_is_a_clear_save_error(field, value) -> None:
    data = state_to_json(every_state_of_the_solution()[3], sample())
    data[field] = value
    with pytest.raises(SaveError, match=r"The save is damaged: state\." + field):
        check_state_json(data)


def test_a_missing_field_is_named() -> None:
    data = state_to_json(every_state_of_the_solution()[0], sample())
    del data["visits"]
    with pytest.raises(SaveError, match="lacks visits"):
        check_state_json(data)


# --- undo diffs ----------------------------------------------------------------------------


def test_diff_then_apply_gives_the_earlier_state_back() -> None:
    story = sample()
    states = [state_to_json(s, story) for s in every_state_of_the_solution()]
    for older, newer in zip(states, states[1:]):
        diff = diff_states(older, newer)
        assert apply_diff(check_state_json(newer), json.loads(json.dumps(diff)), "undo") == check_state_json(older)


def test_a_diff_holds_only_what_changed() -> None:
    story = sample()
    session = play(story, ["Go in", "Look under the piano"])
    diff = diff_states(state_to_json(session.undo[-1], story), state_to_json(session.state, story))
    assert diff == {"time": 8, "turn": 1, "clues": {"-": ["torn_page"]}, "found": [],
                    "taken": {"-": ["hall.main#look-under-the-piano"]}}


def test_a_bad_diff_is_a_clear_save_error() -> None:
    story = sample()
    base = check_state_json(state_to_json(every_state_of_the_solution()[2], story))
    for diff in ([], {"clues": ["x"]}, {"clues": {"+": "x"}}, {"nonsense": 1}, {"time": "soon"},
                 {"counters": {"+": {"knocks": "two"}}}):
        with pytest.raises(SaveError):
            apply_diff(base, diff, "undo[0].diff")


def test_undo_history_is_kept_whole_and_restored() -> None:
    story = sample()
    session = play(story, SOLUTION)
    document = build_save(story, session.state, session.undo, session.transcript, slot="s", saved_at=0, played=0)
    loaded = parse_save(encode(document), story)
    assert loaded.undo == session.undo
    assert loaded.transcript == session.transcript


def test_undo_history_is_capped_at_the_last_states() -> None:
    story = sample()
    session = wander(story, UNDO_CAP + 50)
    document = build_save(story, session.state, session.undo, session.transcript, slot="s", saved_at=0, played=0)
    assert len(document["undo"]) == UNDO_CAP
    loaded = parse_save(encode(document), story)
    assert loaded.undo == session.undo[-UNDO_CAP:]
    assert loaded.transcript == session.transcript[-UNDO_CAP:]


def test_compact_undo_is_much_smaller_than_whole_states() -> None:
    story = sample()
    session = wander(story, UNDO_CAP)
    compact = encode(build_save(story, session.state, session.undo, session.transcript, slot="s",
                                saved_at=0, played=0))
    whole = json.dumps([state_to_json(s, story) for s in session.undo]).encode()
    assert len(compact) < 64 * 1024
    assert len(compact) * 3 < len(whole)


def test_the_engine_state_after_load_behaves_the_same() -> None:
    """A loaded state offers the same actions and steps to the same result as the original."""
    story = sample()
    for state in every_state_of_the_solution():
        again = roundtrip(state)
        assert e.available_actions(story, again) == e.available_actions(story, state)
        for action in e.available_actions(story, state):
            assert e.step(story, again, action) == e.step(story, state, action)


def test_pick_helper_sanity() -> None:
    story = sample()
    state = e.new_game(story)[0]
    assert pick(story, state, "Go in").label == "Go in"


def test_the_state_cache_stays_bounded_over_a_long_session() -> None:
    """Autosaving after each of 450 steps reuses cached diffs but never keeps dead states."""
    from game.saves.document import StateCache

    story = sample()
    states = wander(story, 450).undo
    cache = StateCache()
    for n in range(1, len(states)):
        build_save(story, states[n], states[:n], [], slot="s", saved_at=0, played=0, cache=cache)
        assert len(cache._json) <= 4 * (UNDO_CAP + 1 + 8)
    assert parse_save(encode(build_save(story, states[-1], states[:-1], [], slot="s", saved_at=0, played=0,
                                        cache=cache)), story).undo == states[:-1][-UNDO_CAP:]
