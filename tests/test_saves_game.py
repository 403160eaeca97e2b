"""Saves in the running game and on the command line: autosave, quicksave, load, undo after
load, the profile, play time, `ghostlight saves` and `ghostlight play --load`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from game.play.session import Session
from game.saves.profile import PROFILE_FILE, read_profile, record_progress, story_progress
from game.play.keeper import SaveKeeper
from game.saves.slots import AUTOSAVE, load_game, save_game
from save_helpers import SAMPLE, SOLUTION, FakeClock, keeper, play, run_game, sample

SOLVE_LINES = ["1", "look under", "deduce 1", "1", "1", "1", "wait", "1", "accuse", "1", "1", "1", "1"]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return tmp_path / "saves"


# --- autosave --------------------------------------------------------------------------------


def test_autosave_follows_every_step_that_changes_the_state(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    k = keeper(folder)
    saves: list[tuple[str, int]] = []
    real_save = SaveKeeper._write

    def counting_save(self, slot, session):
        saves.append((slot, session.state.turn))
        return real_save(self, slot, session)

    monkeypatch.setattr(SaveKeeper, "_write", counting_save)
    game, text = run_game(["1", "notes", "help", "99", "2", "look", "1"], folder, saves=k)
    # Three steps changed the state; 'notes', 'help', '99' and 'look' did not. One more on leaving.
    assert saves == [(AUTOSAVE, 1), (AUTOSAVE, 2), (AUTOSAVE, 3), (AUTOSAVE, 3)]
    assert load_game(folder, AUTOSAVE, sample()).state == game.state


def test_quitting_autosaves_first(folder: Path) -> None:
    game, text = run_game(["1", "quit"], folder)
    assert load_game(folder, AUTOSAVE, sample()).state == game.state
    assert text.rstrip().endswith("Goodbye.")


def test_end_of_input_autosaves_first(folder: Path) -> None:
    k = keeper(folder)
    session = Session(sample(), play(sample(), []).state)
    game, _ = run_game([], folder, session=session, saves=k)  # Ctrl-D at the first prompt
    assert load_game(folder, AUTOSAVE, sample()).state == session.state


def test_undo_autosaves_and_works_after_load(folder: Path) -> None:
    story = sample()
    k = keeper(folder)
    session = play(story, SOLUTION[:5])
    k.save("five", session)
    fresh = Session(story, play(story, []).state)
    game, text = run_game(["load five", "undo", "undo", "history"], folder, session=fresh, saves=k)
    assert game.state == session.undo[-2]
    assert "Undone: Her afternoon" in text and "Undone: Her cuff" in text
    assert "So far" in text and "3. Talk to the pianist" in text  # the history came back with the save
    assert load_game(folder, AUTOSAVE, story).state == session.undo[-2]  # undo autosaved


def test_undo_all_the_way_back_after_load(folder: Path) -> None:
    story = sample()
    session = play(story, SOLUTION)
    k = keeper(folder)
    k.save("done", session)
    fresh = Session(story, play(story, []).state)
    k.load("done", fresh)
    while fresh.undo:
        fresh.state = fresh.undo.pop()
    assert fresh.state == play(story, []).state


def test_save_and_load_in_the_game(folder: Path) -> None:
    game, text = run_game(["1", "save before-piano", "1", "load before-piano", "saves"], folder)
    assert "Saved to 'before-piano'. Type 'load before-piano' to come back here." in text
    assert "Loaded 'before-piano'." in text
    assert game.state.clues == frozenset()
    assert "Saved games" in text and "Slot: before-piano" in text and "Slot: autosave" in text


def test_saves_command_with_no_saves(folder: Path) -> None:
    k = keeper(folder)
    game, text = run_game(["saves"], folder, session=Session(sample(), play(sample(), []).state), saves=k)
    assert "No saved games yet" in text


def test_the_save_records_the_shells_clock_and_play_time(folder: Path) -> None:
    clock = FakeClock(epoch=1_800_000_000)
    k = keeper(folder, clock=clock)
    session = play(sample(), ["Go in"])
    clock.advance(125)
    header = k.save("timed", session)
    assert header.saved_at == "2027-01-15T08:02:05Z" and header.summary.played == 125
    # Play time goes on from the loaded save, not from zero.
    later = FakeClock(epoch=1_900_000_000)
    k2 = keeper(folder, clock=later)
    k2.load("timed", Session(sample(), session.state))
    later.advance(60)
    assert k2.save("timed", session).summary.played == 185


# --- the profile -------------------------------------------------------------------------------


def test_the_profile_keeps_clues_and_endings_across_playthroughs(folder: Path) -> None:
    lost = ["1", "4", "1", "1"]  # go in, wait for evening, go on, say nothing: the 'lost' ending
    run_game(lost, folder)
    profile = read_profile(folder)
    assert profile.endings("sample") == {"lost"} and profile.clues("sample") == frozenset()
    run_game(["1", "1", "quit"], folder)  # a second game finds the torn page
    run_game(["1", "3", "1", "quit"], folder)  # and a third the ticket
    profile = read_profile(folder)
    assert profile.clues("sample") == {"torn_page", "ticket"}
    assert profile.endings("sample") == {"lost"}
    view = story_progress(sample(), profile)
    assert (view.clues_found, view.clues_total, view.endings_reached) == (2, 3, 1)
    assert [(e, reached) for e, _title, reached in view.endings] == [("solved", False), ("wrong", False), ("lost", True)]


def test_reaching_an_ending_twice_counts_it(folder: Path) -> None:
    record_progress(folder, "sample", endings=["lost"], now=0)
    profile = record_progress(folder, "sample", endings=["lost"], now=100)
    record = profile.progress("sample").endings["lost"]
    assert record.times == 2 and record.first == "1970-01-01T00:00:00Z"


def test_read_profile_never_raises(folder: Path) -> None:
    assert read_profile(folder).stories == {}
    folder.mkdir()
    (folder / PROFILE_FILE).write_text("{broken")
    profile = read_profile(folder)
    assert profile.stories == {} and "cannot be shown" in profile.problem


def test_a_damaged_profile_falls_back_to_its_backup(folder: Path) -> None:
    record_progress(folder, "sample", clues=["ticket"], now=0)
    record_progress(folder, "sample", clues=["torn_page"], now=0)
    (folder / PROFILE_FILE).write_text("{broken")
    profile = read_profile(folder)
    assert profile.clues("sample") == {"ticket"} and "backup was used" in profile.problem
    updated = record_progress(folder, "sample", clues=["ink_stain"], now=0)
    assert updated.clues("sample") == {"ticket", "ink_stain"}


def test_a_profile_beyond_repair_is_kept_aside_and_a_new_one_started(folder: Path) -> None:
    folder.mkdir()
    (folder / PROFILE_FILE).write_text('{"format": "ghostlight-profile", "version": 1, "stories": 3}')
    game, text = run_game(["1", "1"], folder)
    assert "kept as profile.json.damaged" in text
    assert (folder / "profile.json.damaged").read_text().endswith('"stories": 3}')
    assert read_profile(folder).clues("sample") == {"torn_page"}


def test_a_profile_from_a_newer_game_is_never_overwritten(folder: Path) -> None:
    folder.mkdir()
    newer = json.dumps({"format": "ghostlight-profile", "version": 9, "stories": {}})
    (folder / PROFILE_FILE).write_text(newer)
    game, text = run_game(["1", "1"], folder)
    assert "newer Ghost Light" in text and "torn_page" in game.state.clues
    assert (folder / PROFILE_FILE).read_text() == newer


def test_the_profile_is_written_only_when_something_is_new(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import game.play.keeper as saves_module

    writes = []
    real = saves_module.record_progress
    monkeypatch.setattr(saves_module, "record_progress", lambda *a, **k: writes.append(k) or real(*a, **k))
    run_game(["1", "1", "undo", "1", "2", "leave"], folder)
    assert len(writes) == 1  # the torn page, once; finding it again after undo is not news


# --- the command line ---------------------------------------------------------------------------


def ghostlight(*args: str, stdin: str = "", env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "game", *args], input=stdin, capture_output=True, text=True,
                          timeout=60, env={**os.environ, **(env or {})})


@pytest.mark.slow
def test_cli_saves_play_load_and_resume(folder: Path) -> None:
    story = ["--story", str(SAMPLE), "--saves", str(folder)]
    first = ghostlight("play", "--new", *story, stdin="1\n1\nsave piano\n")
    assert first.returncode == 0 and "Saved to 'piano'" in first.stdout
    listed = ghostlight("saves", "--saves", str(folder))
    assert listed.returncode == 0
    assert "Slot: piano" in listed.stdout and "Clues found: 1 of 3" in listed.stdout and "Place: The Hall" in listed.stdout
    assert "Act: Act 1: The Afternoon" in listed.stdout and "Play time:" in listed.stdout
    # Without --new the autosave is continued, and nothing is replayed.
    resumed = ghostlight("play", *story, stdin="notes\n")
    assert "Continuing your game" in resumed.stdout and "A torn page" in resumed.stdout
    assert "Clue added" not in resumed.stdout
    loaded = ghostlight("play", "--load", "piano", *story, stdin="history\n")
    assert "Loaded 'piano'" in loaded.stdout and "2. Look under the piano" in loaded.stdout
    fresh = ghostlight("play", "--new", *story, stdin="notes\n")
    assert "Continuing" not in fresh.stdout and "notebook is empty" in fresh.stdout


@pytest.mark.slow
def test_cli_load_problems_are_one_clear_line(folder: Path) -> None:
    story = ["--story", str(SAMPLE), "--saves", str(folder)]
    for slot, message in (("../../x", "is not a slot name"), ("nothing", "There is no save called 'nothing'")):
        result = ghostlight("play", "--load", slot, *story)
        assert result.returncode == 1
        assert message in result.stderr and "Traceback" not in result.stderr
    folder.mkdir(exist_ok=True)
    (folder / "bad.json").write_text("{")
    result = ghostlight("play", "--load", "bad", *story)
    assert result.returncode == 1 and "cut short" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.slow
def test_cli_uses_the_environment_variable_and_the_flag_wins(tmp_path: Path) -> None:
    env_folder, flag_folder = tmp_path / "env", tmp_path / "flag"
    ghostlight("play", "--new", "--story", str(SAMPLE), stdin="1\n", env={"GHOSTLIGHT_SAVES": str(env_folder)})
    assert (env_folder / "autosave.json").is_file()
    ghostlight("play", "--new", "--story", str(SAMPLE), "--saves", str(flag_folder), stdin="1\n",
               env={"GHOSTLIGHT_SAVES": str(env_folder)})
    assert (flag_folder / "autosave.json").is_file()
    listed = ghostlight("saves", env={"GHOSTLIGHT_SAVES": str(env_folder)})
    assert "Slot: autosave" in listed.stdout


@pytest.mark.slow
def test_cli_saves_on_an_empty_folder(folder: Path) -> None:
    result = ghostlight("saves", "--saves", str(folder))
    assert result.returncode == 0 and "No saved games in" in result.stdout


@pytest.mark.slow
def test_cli_resume_of_a_damaged_autosave_starts_a_new_game_and_says_why(folder: Path) -> None:
    folder.mkdir()
    (folder / "autosave.json").write_text("{")
    result = ghostlight("play", "--story", str(SAMPLE), "--saves", str(folder), stdin="1\n")
    assert result.returncode == 0
    assert "cut short" in result.stdout and "Starting a new game" in result.stdout
    assert "it was moved to autosave.json.damaged" in result.stdout and "nothing was deleted" in result.stdout
    assert "left as they are" not in result.stdout  # the old message contradicted itself
    assert (folder / "autosave.json.damaged").read_text() == "{"  # kept for whoever wants to look
    assert load_game(folder, AUTOSAVE, sample()).state.scene == "hall.main"


def test_an_autosave_from_a_newer_game_is_never_overwritten(folder: Path) -> None:
    session = play(sample(), ["Go in"])
    save_game(folder, AUTOSAVE, sample(), session.state, saved_at=0, played=0)
    document = json.loads((folder / "autosave.json").read_text())
    document["version"] = 7
    newer = json.dumps(document)
    (folder / "autosave.json").write_text(newer)
    game, _ = run_game(["1", "1", "quit"], folder)
    assert (folder / "autosave.json").read_text() == newer
    assert load_game(folder, "autosave-sample", sample()).state == game.state


def test_a_solved_game_through_the_loop_saves_its_ending(folder: Path) -> None:
    game, text = run_game(SOLVE_LINES, folder)
    assert game.state.ending == "solved", text[-2000:]
    assert load_game(folder, AUTOSAVE, sample()).state.ending == "solved"
    assert read_profile(folder).endings("sample") == {"solved"}
