"""Issue 11: a choice may list the ids it had in earlier versions (``was:``), so a save made
before a rename (its text changed, so its SCENE#slug id did) keeps the choice taken: fitted to
the story as it is now (game/saves/fit.py), the old id becomes the new one, and nothing is
said. The bad inputs of the key: clear file:line:col errors; and the loader cache's format."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.core import engine as e
from game.loading import cache
from game.loading.loader import read_story
from game.saves.slots import load_game, save_game
from tests.ui.helpers import run_game

BEFORE = """
scenes:
  a.start:
    text: A quiet room.
    choices:
      - {text: Look at the note, once: true, say: It is a note., do: [{set: seen}]}
      - {text: Open the box, id: box.open, once: true, say: Empty.}
      - {text: Wait, say: You wait.}
flags: [seen]
"""
# The note's text changed twice (the save was made under the first), the box's id changed
AFTER = """
scenes:
  a.start:
    text: A quiet room.
    choices:
      - text: Read the folded note
        was: [a.start#look-at-the-note, a.start#read-the-note]
        once: true
        say: It is a note.
        do: [{set: seen}]
      - {text: Open the box, id: box.opened, was: box.open, once: true, say: Empty.}
      - {text: Wait, say: You wait.}
flags: [seen]
"""


def _load(write_story, parts: str):
    story, findings = read_story(write_story({"parts/a.yaml": parts}))
    assert story is not None, findings
    return story


def test_an_old_save_keeps_a_renamed_choice_taken_and_says_nothing(write_story, tmp_path: Path) -> None:
    old = _load(write_story, BEFORE)
    state, _ = e.new_game(old)
    state, _ = e.step(old, state, e.Choose("a.start#look-at-the-note"))
    state, _ = e.step(old, state, e.Choose("box.open"))
    assert {"a.start#look-at-the-note", "box.open"} <= state.taken
    save_game(tmp_path, "before", old, state, saved_at=1_750_000_000.0, played=60.0)

    new = _load(write_story, AFTER)
    loaded = load_game(tmp_path, "before", new)
    assert {"a.start#read-the-folded-note", "box.opened"} <= loaded.state.taken
    assert not {"a.start#look-at-the-note", "box.open"} & loaded.state.taken
    assert not any("changed" in n or "left out" in n for n in loaded.notices), loaded.notices
    text, _game = run_game(new, loaded.state, [])
    text = " ".join(text.split())
    assert "Read the folded note (done)" in text and "Open the box (done)" in text
    assert "Wait (done)" not in text


def test_without_was_the_old_save_loses_the_mark_and_is_told(write_story, tmp_path: Path) -> None:
    # the control: the same rename with no `was:` is a dropped id, listed in a notice
    old = _load(write_story, BEFORE)
    state, _ = e.new_game(old)
    state, _ = e.step(old, state, e.Choose("a.start#look-at-the-note"))
    save_game(tmp_path, "before", old, state, saved_at=1_750_000_000.0, played=60.0)
    new = _load(write_story, AFTER.replace("        was: [a.start#look-at-the-note, a.start#read-the-note]\n", ""))
    loaded = load_game(tmp_path, "before", new)
    assert "a.start#read-the-folded-note" not in loaded.state.taken
    assert any("a.start#look-at-the-note" in n for n in loaded.notices)


def test_was_is_read_into_the_model(write_story) -> None:
    story = _load(write_story, AFTER)
    _scene, note = story.choices["a.start#read-the-folded-note"]
    assert note.was == ("a.start#look-at-the-note", "a.start#read-the-note")
    assert story.choices["box.opened"][1].was == ("box.open",)


OTHERS = """
      - {text: Open the box, once: true}
"""


# the choice's `was:` value starts at line 5, column 36 of the file (the text is dedented)
@pytest.mark.parametrize("was, code, message, line, col", [
    ("{old: id}", "E110", "must be a list of the ids the choice had before, not a mapping", 5, 36),
    ("[a.start#x, [nested]]", "E113", "is not a valid choice id", 5, 48),
    ("['has space']", "E113", "'has space' is not a valid choice id", 5, 37),
    ("[a.start#wait]", "E125", "is still the id of a choice in scene 'a.start'", 5, 37),
    ("[a.start#read-the-note]", "E125", "this choice's own id", 5, 37),
    ("[%s]" % ", ".join(f"old{i}" for i in range(33)), "E125", "lists 33 ids; at most 32", 5, 36),
])
def test_a_badly_written_was_is_a_clear_error(write_story, was, code, message, line, col) -> None:
    parts = f"""
scenes:
  a.start:
    text: A room.
    choices:
      - {{text: Read the note, was: {was}}}
      - {{text: Wait}}
"""
    story, findings = read_story(write_story({"parts/a.yaml": parts}))
    assert story is None
    found = [f for f in findings if f.code == code]
    assert found and message in found[0].message, findings
    assert (found[0].path.endswith("a.yaml"), found[0].line, found[0].col) == (True, line, col)


def test_an_old_id_listed_under_two_choices_names_where_it_was_first(write_story) -> None:
    parts = """
scenes:
  a.start:
    text: A room.
    choices:
      - {text: Read the note, was: [a.start#note]}
      - {text: Burn the note, was: [a.start#note]}
"""
    story, findings = read_story(write_story({"parts/a.yaml": parts}))
    assert story is None and [f.code for f in findings] == ["E125"]
    f = findings[0]
    assert (f.line, f.col) == (6, 37)
    assert "already listed under choice 'a.start#read-the-note' at " in f.message and ":5:37" in f.message


def test_the_cache_format_moved_on_with_the_model() -> None:
    # entries written before `was:` existed hold choices without it: never read them back
    assert cache.CACHE_FORMAT >= 9


TOPICS = """
scenes:
  a.start:
    text: A quiet room.
    choices:
      - {text: Talk to Ann, do: [{talk: ann}]}
suspects:
  ann:
    name: Ann Bell
    suspect: false
topics:
  %s:%s
    suspect: ann
    title: About Tuesday
    text: She was out.
"""


def test_an_old_save_keeps_a_renamed_topic_asked(write_story, tmp_path: Path) -> None:
    old = _load(write_story, TOPICS % ("ann.tuesday", ""))
    state, _ = e.new_game(old)
    state, _ = e.step(old, state, e.Choose("a.start#talk-to-ann"))
    state, _ = e.step(old, state, e.Ask("ann.tuesday"))
    assert "ann.tuesday" in state.asked
    save_game(tmp_path, "before", old, state, saved_at=1_750_000_000.0, played=60.0)
    new = _load(write_story, TOPICS % ("ann.tuesday_night", "\n    was: ann.tuesday"))
    loaded = load_game(tmp_path, "before", new)
    assert "ann.tuesday_night" in loaded.state.asked and "ann.tuesday" not in loaded.state.asked
    assert not loaded.notices


@pytest.mark.parametrize("was, code, message", [
    ("[ann.tuesday_night]", "E125", "this topic's own id"),
    ("[a.start#talk]", "E113", "is not a valid topic id"),
    ("{x: y}", "E110", "must be a list of the ids the topic had before"),
])
def test_a_badly_written_topic_was_is_a_clear_error(write_story, was, code, message) -> None:
    story, findings = read_story(write_story({"parts/a.yaml": TOPICS % ("ann.tuesday_night", f"\n    was: {was}")}))
    assert story is None and [f.code for f in findings] == [code] and message in findings[0].message
    assert findings[0].line == 12  # the `was:` line


def test_a_topic_was_naming_a_live_topic_is_an_error(write_story) -> None:
    parts = TOPICS % ("ann.tuesday_night", "\n    was: ann.monday") + """
  ann.monday: {suspect: ann, title: About Monday, text: She was in.}
"""
    story, findings = read_story(write_story({"parts/a.yaml": parts}))
    assert story is None and [f.code for f in findings] == ["E125"]
    assert "'ann.monday' is still the id of a topic" in findings[0].message and findings[0].line == 12
