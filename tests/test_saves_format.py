"""The save document: checksum, versions, migrations, other stories, and loading into an
edited story."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from game.core import engine as e
from game.core.errors import SaveError
from game.saves.document import ForeignSaveError, NewerSaveError, build_save, checksum, encode, parse_save, read_header
from game.saves.migrations import FORMAT, MIGRATIONS, VERSION, migrate_0_to_1
from game.saves.slots import load_game, save_game
from game.core.state import Accusing, Ended, Exploring, Talking
from game.core.state import Testifying as Hearing
from save_helpers import FIXTURES, SOLUTION, edited_sample, keeper, play, run_game, sample


def save_bytes(session, slot: str = "s") -> bytes:
    story = session.story
    return encode(build_save(story, session.state, session.undo, session.transcript, slot=slot,
                             saved_at=1_750_000_000, played=95))


def document_of(session) -> dict:
    return json.loads(save_bytes(session))


def test_a_save_has_the_documented_fields_and_a_valid_checksum() -> None:
    document = document_of(play(sample(), ["Go in", "Look under the piano"]))
    assert list(document) == ["format", "version", "story_id", "story_hash", "saved_at", "slot", "summary",
                              "state", "undo", "checksum"]
    assert document["format"] == FORMAT and document["version"] == VERSION == 1
    assert document["story_id"] == "sample" and document["story_hash"] == sample().content_hash
    assert document["saved_at"] == "2025-06-15T15:06:40Z"
    assert document["summary"] == {"act": "day", "act_number": 1, "act_title": "The Afternoon", "scene": "hall.main",
                                   "place": "The Hall", "clues": 1, "clues_total": 3, "turn": 2, "played": 95,
                                   "ending": None}
    assert len(document["checksum"]) == 64 and document["checksum"] == checksum(document)


def test_the_checksum_covers_every_field() -> None:
    document = document_of(play(sample(), ["Go in"]))
    for key in ("story_id", "slot", "summary", "state", "undo", "saved_at"):
        changed = json.loads(json.dumps(document))
        changed[key] = "tampered" if not isinstance(changed[key], dict) else {**changed[key], "x": 1}
        with pytest.raises(SaveError, match="checksum does not match"):
            parse_save(json.dumps(changed).encode(), sample())


def test_the_checksum_is_checked_before_the_story_id() -> None:
    document = document_of(play(sample(), ["Go in"]))
    document["story_id"] = "another"
    with pytest.raises(SaveError, match="checksum"):
        parse_save(json.dumps(document).encode(), sample())


def test_a_save_from_another_story_is_refused_clearly(tmp_path: Path) -> None:
    other = edited_sample(tmp_path, (r"(?m)^id: sample", "id: other-case"))
    data = save_bytes(play(other, ["Go in"]))
    with pytest.raises(ForeignSaveError, match=r"belongs to another story \('other-case'\), not to 'The Missing Score'"):
        parse_save(data, sample())


def test_a_save_from_a_newer_format_is_refused_clearly() -> None:
    document = document_of(play(sample(), ["Go in"]))
    document["version"] = VERSION + 1
    document["state"] = {"something": "new"}
    document["checksum"] = "whatever a newer game does"
    with pytest.raises(NewerSaveError, match=r"newer Ghost Light \(save format 2; this game reads up to 1\)"):
        parse_save(json.dumps(document).encode(), sample())


@pytest.mark.parametrize("value", [None, "1", 1.0, True, -1])
def test_a_version_that_is_not_a_number_is_damage(value) -> None:
    document = document_of(play(sample(), ["Go in"]))
    document["version"] = value
    with pytest.raises(SaveError):
        parse_save(json.dumps(document).encode(), sample())


def test_not_a_save_at_all() -> None:
    for data in (b'{"format": "something-else", "version": 1}', b"[1, 2, 3]", b'"ghostlight-save"', b"{}"):
        with pytest.raises(SaveError, match="not a Ghost Light save"):
            parse_save(data, sample())


def test_the_header_reads_without_the_story() -> None:
    header = read_header(save_bytes(play(sample(), SOLUTION), slot="done"))
    assert header.slot == "done" and header.story_id == "sample"
    assert header.summary.ending == "The Score Restored" and header.summary.clues == 2


# --- migrations ----------------------------------------------------------------------------


def test_every_older_version_has_a_migration() -> None:
    assert sorted(MIGRATIONS) == list(range(VERSION))


def test_a_version_0_save_migrates_to_the_same_game() -> None:
    story = sample()
    loaded = parse_save((FIXTURES / "v0_sample.json").read_bytes(), story)
    expected = play(story, ["Go in", "Look under the piano", "Talk to the pianist", "Her cuff"])
    assert loaded.migrated_from == 0
    assert loaded.state == expected.state
    assert loaded.undo == expected.undo
    assert loaded.header.saved_at == "2024-11-25T17:18:00Z"
    assert loaded.header.summary.act == "day" and loaded.header.summary.clues == 2
    assert loaded.notices == []


def test_migration_0_to_1_produces_a_checkable_version_1_document() -> None:
    document = migrate_0_to_1(json.loads((FIXTURES / "v0_sample.json").read_text()))
    assert document["version"] == 1
    assert [entry["label"] for entry in document["undo"]] == ["", "", "", ""]
    assert document["state"]["clues"] == ["ink_stain", "torn_page"]
    assert document["state"]["counters"] == {"knocks": 1}
    assert document["state"]["mode"] == {"kind": "talking", "person": "pianist"}
    # Sealed and read as a version 1 file, it is the same game.
    document["checksum"] = checksum(document)
    again = parse_save(json.dumps(document).encode(), sample())
    assert again.migrated_from is None
    assert again.state == parse_save((FIXTURES / "v0_sample.json").read_bytes(), sample()).state


@pytest.mark.parametrize("change", [
    lambda d: d["state"].pop("inventory"),
    lambda d: d["state"].__setitem__("inventory", {"clues": "torn_page"}),
    lambda d: d["state"].__setitem__("counters", [["knocks"]]),
    lambda d: d["state"].__setitem__("counters", {"knocks": 1}),
    lambda d: d["state"].__setitem__("mode", {"name": "Flying"}),
    lambda d: d["state"].__setitem__("mode", "Exploring"),
    lambda d: d.__setitem__("undo", {"not": "a list"}),
    lambda d: d.__setitem__("saved_at", "yesterday"),
    lambda d: d.__setitem__("saved_at", 1e300),
    lambda d: d.pop("story_id"),
])
def test_a_damaged_version_0_save_is_a_clear_error_or_a_sound_game(change) -> None:
    document = json.loads((FIXTURES / "v0_sample.json").read_text())
    change(document)
    try:
        loaded = parse_save(json.dumps(document).encode(), sample())
    except SaveError as exc:
        assert str(exc)
    else:
        assert loaded.state.scene in sample().scenes


# --- effects are never re-applied ---------------------------------------------------------


def test_loading_three_times_never_reruns_entry_effects(tmp_path: Path) -> None:
    story = sample()
    session = play(story, [])  # at the start: hall.arrive's on_enter has added one knock
    assert session.state.counter("knocks") == 1
    save_game(tmp_path, "start", story, session.state, saved_at=0, played=0)
    for _ in range(3):
        loaded = load_game(tmp_path, "start", story)
        assert loaded.state.counter("knocks") == 1
        assert loaded.state.visit_count("hall.arrive") == 1
        assert loaded.state == session.state
        save_game(tmp_path, "start", story, loaded.state, saved_at=0, played=0)  # and again, from the load
    assert load_game(tmp_path, "start", story).state == session.state


def test_loading_three_times_in_the_game_never_reruns_entry_effects(tmp_path: Path) -> None:
    game, text = run_game(["save here", "load here", "load here", "load here"], tmp_path)
    assert game.state.counter("knocks") == 1
    assert game.state.visit_count("hall.arrive") == 1
    assert text.count("Loaded 'here'.") == 3


# --- loading into an edited story ---------------------------------------------------------


def reload_into(tmp_path: Path, session, story) -> tuple:
    save_game(tmp_path, "old", session.story, session.state, session.undo, session.transcript, saved_at=0, played=0)
    loaded = load_game(tmp_path, "old", story)
    return loaded, " ".join(loaded.notices)


def test_a_removed_clue_is_dropped_with_a_notice(tmp_path: Path) -> None:
    session = play(sample(), ["Go in", "Talk to the copyist", "Where he was"])
    assert "ticket" in session.state.clues
    edited = edited_sample(tmp_path, (r"\bticket\b", "train_ticket"))
    loaded, notice = reload_into(tmp_path, session, edited)
    assert "ticket" not in loaded.state.clues
    assert "clues 'ticket'" in notice and "The story has changed" in notice
    assert loaded.state.mode == Talking("copyist")  # everything else is kept
    assert all("ticket" not in s.clues for s in loaded.undo)


def test_a_removed_item_and_flag_are_dropped_with_a_notice(tmp_path: Path) -> None:
    session = play(sample(), ["Go in", "Go to The Study", "Take the lamp", "Light the lamp"])
    assert "lamp_on" in session.state.flags and "lamp" in session.state.items
    edited = edited_sample(tmp_path, (r"\blamp_on\b", "lamp_lit"), (r"\blamp\b(?!_)", "lantern"))
    loaded, notice = reload_into(tmp_path, session, edited)
    assert loaded.state.flags == frozenset() and loaded.state.items == frozenset()
    assert "items 'lamp'" in notice and "flags 'lamp_on'" in notice
    assert loaded.state.scene == "study.day"


def test_an_added_counter_takes_its_default(tmp_path: Path) -> None:
    session = play(sample(), ["Go in"])
    edited = edited_sample(tmp_path, (r"counters: \{knocks: 0\}", "counters: {knocks: 0, bells: 3}"))
    loaded, notice = reload_into(tmp_path, session, edited)
    assert loaded.state.counter("bells") == 3
    assert e.EvalContext(edited, loaded.state).count("bells") == 3
    assert loaded.state.counter("knocks") == 1
    assert notice == ""


def test_a_removed_counter_is_dropped(tmp_path: Path) -> None:
    session = play(sample(), ["Go in"])
    edited = edited_sample(tmp_path, (r"counters: \{knocks: 0\}", "counters: {taps: 0}"),
                           (r"\{add: \{knocks: 1\}\}", "{add: {taps: 1}}"))
    loaded, notice = reload_into(tmp_path, session, edited)
    assert loaded.state.counters == ()
    assert "counters 'knocks'" in notice


def test_a_removed_scene_puts_the_player_at_the_acts_fallback(tmp_path: Path) -> None:
    session = play(sample(), ["Go in", "Go to The Study"])
    assert session.state.scene == "study.day"
    edited = edited_sample(tmp_path, (r"study\.day", "study.afternoon"))
    loaded, notice = reload_into(tmp_path, session, edited)
    assert loaded.state.scene == "hall.main"  # the act 'day' declares fallback: hall.main
    assert loaded.state.mode == Exploring()
    assert "The scene you were in ('study.day') is no longer in the story: you are at The Hall instead." in notice
    assert e.available_actions(edited, loaded.state)  # and the game goes on from there


def test_a_removed_act_and_scene_go_to_the_first_acts_fallback(tmp_path: Path) -> None:
    session = play(sample(), ["Go in", "Wait for evening", "Go on"])
    assert (session.state.act, session.state.scene) == ("night", "study.night")
    edited = edited_sample(tmp_path, (r"\bnight\b", "evening"))
    loaded, notice = reload_into(tmp_path, session, edited)
    assert (loaded.state.act, loaded.state.scene) == ("day", "hall.main")
    assert "The act you were in ('night') is no longer in the story" in notice
    assert "you are at The Hall instead" in notice


def test_a_removed_testimony_falls_back_to_exploring(tmp_path: Path) -> None:
    session = play(sample(), ["Go in", "Talk to the pianist", "Her afternoon"])
    assert isinstance(session.state.mode, Hearing)
    edited = edited_sample(tmp_path, (r"pianist\.story", "pianist.account"))
    loaded, notice = reload_into(tmp_path, session, edited)
    assert loaded.state.mode == Exploring()
    assert "The testimony you were hearing ('pianist.story') is no longer in the story." in notice


def test_a_changed_statement_goes_back_to_the_conversation(tmp_path: Path) -> None:
    session = play(sample(), ["Go in", "Talk to the pianist", "Her afternoon", "Next statement"])
    edited = edited_sample(tmp_path, (r"pianist\.story\.never", "pianist.story.denial"))
    loaded, notice = reload_into(tmp_path, session, edited)
    assert loaded.state.mode == Talking("pianist")
    assert "has changed: you are back in conversation" in notice


def test_a_removed_person_ends_the_conversation(tmp_path: Path) -> None:
    session = play(sample(), ["Go in", "Talk to the copyist"])
    edited = edited_sample(tmp_path, (r"\bcopyist\b", "scribe"))
    loaded, notice = reload_into(tmp_path, session, edited)
    assert loaded.state.mode == Exploring()
    assert "The person you were talking to ('copyist') is no longer in the story." in notice


def test_a_removed_ending_puts_the_player_back_in_play(tmp_path: Path) -> None:
    session = play(sample(), ["Go in", "Wait for evening", "Go on", "Say nothing"])
    assert session.state.mode == Ended("lost")
    edited = edited_sample(tmp_path, (r"\blost\b", "gone_dark"))
    loaded, notice = reload_into(tmp_path, session, edited)
    assert loaded.state.mode == Exploring()
    assert "The ending you reached ('lost') is no longer in the story" in notice


def test_a_changed_accusation_is_set_aside(tmp_path: Path) -> None:
    session = play(sample(), SOLUTION[:-2])  # culprit and motive given, evidence not yet
    assert isinstance(session.state.mode, Accusing) and session.state.mode.answers == ("why.jealous",)
    edited = edited_sample(tmp_path, (r"why\.jealous", "why.envy"))
    loaded, notice = reload_into(tmp_path, session, edited)
    assert loaded.state.mode == Exploring()
    assert "set yours aside" in notice


def test_an_edit_that_removes_nothing_says_nothing(tmp_path: Path) -> None:
    session = play(sample(), SOLUTION[:8])
    edited = edited_sample(tmp_path, (r"The hall is cold\.", "The hall is freezing."))
    assert edited.content_hash != sample().content_hash
    loaded, notice = reload_into(tmp_path, session, edited)
    assert loaded.state == session.state and loaded.undo == session.undo
    assert notice == ""


def test_undo_after_loading_into_an_edited_story_stays_in_the_story(tmp_path: Path) -> None:
    session = play(sample(), ["Go in", "Go to The Study", "Go to The Hall"])
    edited = edited_sample(tmp_path, (r"study\.day", "study.afternoon"))
    loaded, _ = reload_into(tmp_path, session, edited)
    for state in loaded.undo:
        assert state.scene in edited.scenes
        e.available_actions(edited, state)  # every undo state is playable


def test_keeper_load_replaces_the_session(tmp_path: Path) -> None:
    story = sample()
    saved = play(story, SOLUTION[:6])
    k = keeper(tmp_path)
    k.save("mid", saved)
    fresh = play(story, [])
    k.load("mid", fresh)
    assert fresh.state == saved.state and fresh.undo == saved.undo and fresh.transcript == saved.transcript


@pytest.mark.parametrize("data,message", [
    (b"[" * 100_000, "nested too deeply|not valid JSON|cut short"),
    (b'{"format": "ghostlight-save", "version": ' + b"9" * 5000 + b"}", "not valid JSON"),
    (b'{"format": "ghostlight-save", "version": 1, "x": 1e999}', "not valid JSON"),
    (b'{"format": "ghostlight-save", "version": 1, "x": NaN}', "not valid JSON"),
    (b"", "empty"),
    (b"   \n", "empty"),
    (b"\xef\xbb\xbf{}", "not a Ghost Light save"),
])
def test_hostile_json_is_a_clear_error(data: bytes, message: str) -> None:
    with pytest.raises(SaveError, match=message):
        parse_save(data, sample())


def test_a_deeply_nested_field_behind_a_valid_checksum_is_a_clear_error() -> None:
    document = document_of(play(sample(), ["Go in"]))
    text = json.dumps({k: v for k, v in document.items() if k != "checksum"})
    deep = "[" * 5000 + "]" * 5000
    text = text[:-1] + ', "extra": ' + deep + ', "checksum": "x"}'
    with pytest.raises(SaveError):
        parse_save(text.encode(), sample())
