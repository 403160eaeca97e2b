"""graph, the editor schema, and play's author options (--from, --with, --watch)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml
from rich.console import Console

from game.play.session import Game, Session
from game.core.errors import GameError
from game.loading.loader import load_story
from game.loading.spec import ELEMENTS, FILE, MANIFEST
from game.loading import schema as schema_tool
from game.authoring.graph import dot, edges, mermaid
from game.cli.playtools import refit, start_state, watching
from game.ui.render import Renderer
from tests.conftest import BUNDLED, ROOT, SAMPLE

SCHEMA_FILE = ROOT / "story" / "schema.json"


def ghostlight(*args: str, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "game", *args], input=stdin, capture_output=True, text=True,
                          cwd=ROOT, timeout=120, env={**os.environ})


# --- graph ---------------------------------------------------------------------------------


def test_mermaid_groups_scenes_by_act_and_labels_clue_gated_edges(write_story) -> None:
    folder = write_story({"parts/a.yaml": """
clues:
  key: {name: A key}
scenes:
  a.start:
    text: A door.
    exits: [b.room]
    choices:
      - {text: Take the key, once: true, do: [{gain: key}]}
      - {text: Unlock the door, if: has(key), goto: done}
  b.room:
    text: A room.
    exits: [a.start]
"""})
    story = load_story(folder)
    text = mermaid(story)
    assert text.startswith("flowchart LR")
    assert 'subgraph g0["act one"]' in text
    assert '|"Unlock the door [needs key]"|' in text
    assert '(["ending: done<br/>Done"])' in text
    assert "-.->|\"time runs out\"|" in text
    by_place = dot(story, "place")
    assert by_place.startswith('digraph "tiny"') and "subgraph cluster_0" in by_place
    assert 'label="Unlock the door [needs key]"' in by_place
    assert {(x.source, x.target) for x in edges(story)} >= {("a.start", "done"), ("a.start", "b.room")}


def test_graph_cli_on_the_bundled_case() -> None:
    result = ghostlight("graph", str(BUNDLED), "--format", "dot")
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("subgraph cluster_") == 3  # one per act
    result = ghostlight("graph", str(BUNDLED))
    assert result.returncode == 0 and "flowchart LR" in result.stdout
    missing = ghostlight("graph", "/no/such/story")
    assert missing.returncode == 1 and "E100" in missing.stderr


# --- the editor schema ---------------------------------------------------------------------


def _story_files() -> list[Path]:
    return sorted(BUNDLED.rglob("*.yaml")) + sorted(SAMPLE.rglob("*.yaml"))


def test_the_committed_schema_is_what_the_generator_writes() -> None:
    assert SCHEMA_FILE.read_text(encoding="utf-8") == schema_tool.text(), \
        "story/schema.json is stale: run python -m game.loading.schema > story/schema.json"


def test_the_schema_has_exactly_the_loaders_keys() -> None:
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    defs = schema["definitions"]
    for element in (*ELEMENTS.values(), FILE, MANIFEST):
        assert set(defs[element.kind]["properties"]) == set(element.names), element.kind
        assert set(defs[element.kind].get("required", [])) == set(element.required), element.kind


@pytest.mark.parametrize("path", _story_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_every_story_file_validates_against_the_schema(path: Path) -> None:
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    errors = [f"{'/'.join(map(str, e.path))}: {e.message}" for e in jsonschema.Draft7Validator(schema).iter_errors(data)]
    assert errors == []


def test_the_schema_catches_a_misspelt_key() -> None:
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    bad = {"scenes": {"a": {"text": "x", "choices": [{"text": "Go", "gotoo": "b"}]}}}
    assert list(jsonschema.Draft7Validator(schema).iter_errors(bad))
    good = {"scenes": {"a": {"text": "x", "choices": [{"text": "Go", "goto": "b", "do": [{"gain": "c"}]}]}}}
    assert not list(jsonschema.Draft7Validator(schema).iter_errors(good))


# --- play --from / --with / --watch ------------------------------------------------------------


def test_start_state_stands_in_the_scene_with_what_was_given() -> None:
    story = load_story(SAMPLE)
    state, events = start_state(story, "study.day", "torn_page, lamp, lamp_on, knocks=4")
    assert state.scene == "study.day" and state.act == "day"
    assert state.clues == {"torn_page"} and state.items == {"lamp"} and state.flags == {"lamp_on"}
    assert state.counter("knocks") == 4 and state.visit_count("study.day") == 1
    night, _ = start_state(story, "study.night")
    assert night.act == "night" and night.time == story.acts["night"].time


def test_start_state_sets_the_turns_left_with_time() -> None:
    story = load_story(SAMPLE)
    whole = story.acts["day"].time
    late, _ = start_state(story, "study.day", f"time={whole - 1}")
    assert late.time == whole - 1 and late.counter("time") == 0  # the clock, not a counter
    last, _ = start_state(story, "study.day", "time=1")
    assert last.time == 1


@pytest.mark.parametrize("scene, given, message", [
    ("stuyd.day", "", "there is no scene 'stuyd.day' (did you mean 'study.day'?)"),
    ("study.day", "tornpage", "'tornpage' is not a clue, item, flag"),
    ("study.day", "knocks=many", "knocks=many needs a whole number"),
    ("study.day", "time=soon", "time=soon needs a whole number"),
    ("study.day", "time=0", "time=0 is outside act 'day', whose clock runs from"),
    ("study.day", "time=999", "time=999 is outside act 'day'"),
])
def test_start_state_refuses_unknown_ids(scene: str, given: str, message: str) -> None:
    with pytest.raises(GameError, match=message.replace("(", r"\(").replace(")", r"\)").replace("?", r"\?")):
        start_state(load_story(SAMPLE), scene, given)


def test_play_from_a_scene_on_the_command_line() -> None:
    result = ghostlight("play", str(SAMPLE), "--from", "hall.main", "--with", "ink_stain", "--plain", stdin="2\n")
    assert result.returncode == 0, result.stderr
    assert "The hall. A door leads to the study." in result.stdout
    assert "Talking with Ida Marsh" in result.stdout or "Ida Marsh" in result.stdout
    bad = ghostlight("play", str(SAMPLE), "--from", "nowhere")
    assert bad.returncode == 1 and "there is no scene 'nowhere'" in bad.stderr and "Traceback" not in bad.stderr


def _game(story, lines: list[str], on_read=None) -> tuple[Game, Console]:
    console = Console(record=True, width=100, force_terminal=False, color_system=None)
    state, opening = start_state(story, "hall.main")
    feed = iter(lines)

    def read(prompt: str) -> str:
        if on_read is not None:
            on_read()
        try:
            return next(feed)
        except StopIteration:
            raise EOFError from None

    game = Game(Session(story, state), Renderer(story, console, True), read)
    return game, console


def _sample_copy(tmp_path: Path) -> Path:
    """The sample story copied to a folder a test may edit."""
    folder = tmp_path / "story"
    folder.mkdir()
    for f in SAMPLE.iterdir():
        (folder / f.name).write_text(f.read_text(encoding="utf-8"), encoding="utf-8")
    return folder


def test_watch_reloads_an_edited_story_and_keeps_the_place(tmp_path: Path) -> None:
    folder = _sample_copy(tmp_path)
    story = load_story(folder)
    scenes = folder / "scenes.yaml"
    edits = iter([
        lambda: scenes.write_text(scenes.read_text().replace("The hall again.", "The great hall again.")),  # `look` re-describes
        lambda: scenes.write_text(scenes.read_text().replace("choices:", "choices: [", 1)),  # broken
        lambda: None,
    ])

    def edit() -> None:
        next(edits, lambda: None)()
        os.utime(scenes, ns=(os.stat(scenes).st_mtime_ns + 10**9,) * 2)  # the clock may be coarse

    game, console = _game(story, ["look", "look", "look"])
    game.read = watching(game, folder)
    calls = {"n": 0}
    inner = game.read

    def read(prompt: str) -> str:
        if calls["n"] < 2:
            edit()
        calls["n"] += 1
        return inner(prompt)

    game.read = read
    game.run(())
    text = console.export_text()
    assert "The story was edited: reloaded" in text
    assert "The great hall again." in text
    assert "does not load" in text and "E101" in text  # reported, and play went on
    assert game.session.state.scene == "hall.main"
    assert game.r.story is game.session.story is not story  # one holder: the view follows it


def test_reload_patches_one_holder_that_the_view_and_the_saves_follow(tmp_path: Path) -> None:
    from game.cli.playtools import reload
    from game.play.keeper import SaveKeeper

    folder = _sample_copy(tmp_path)
    story = load_story(folder)
    game, console = _game(story, [])
    keeper = SaveKeeper(tmp_path / "saves", story)
    game = type(game)(game.session, game.r, game.read, saves=keeper)
    scenes = folder / "scenes.yaml"
    scenes.write_text(scenes.read_text().replace("The hall. A door", "The great hall. A door"))
    assert reload(game, folder)
    assert game.session.story is not story
    assert game.r.story is game.session.story and keeper.story is game.session.story
    keeper.save("after", game.session)
    assert keeper.load("after").state == game.session.state


def test_refit_drops_what_the_new_story_lacks(write_story) -> None:
    old = load_story(SAMPLE)
    state, _ = start_state(old, "study.day", "torn_page,ticket")
    folder = write_story({"parts/a.yaml": "clues:\n  torn_page: {name: Page}\nscenes:\n  a.start:\n    text: x\n"
                                          "    choices: [{text: Go, goto: done}]\n"})
    new = load_story(folder)
    fitted, notices = refit(state, old, new)
    assert fitted.clues == {"torn_page"} and fitted.scene == "a.start"
    assert notices
