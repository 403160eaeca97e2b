"""No game is ever lost by starting another, and no save is moved or replaced unsaid (issue 13).

The command-line cases run the real program in a subprocess (``python -m game``), fed by a
pipe; the loop and title-screen cases run in process with scripted input.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from game.core.errors import SaveError
from game.saves.autosave import check_player_slot, keep_unfinished, unfinished
from game.saves.document import checksum, encode, parse_json
from game.saves.slots import list_saves, load_game
from save_helpers import SAMPLE, keeper, reseal, run_game, sample

STORY = ["--story", str(SAMPLE)]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return tmp_path / "saves"


def ghostlight(*args: str, stdin: str = "") -> subprocess.CompletedProcess:
    done = subprocess.run([sys.executable, "-m", "game", *args], input=stdin, capture_output=True,
                          text=True, timeout=60)
    assert "Traceback" not in done.stderr + done.stdout, done.stderr
    return done


def two_moves(folder: Path) -> dict:
    """A game of two moves kept only in the autosave; returns the autosave's state."""
    first = ghostlight("play", "--new", *STORY, "--saves", str(folder), stdin="1\n1\n")
    assert first.returncode == 0, first.stderr
    return json.loads((folder / "autosave.json").read_text())["state"]


@pytest.mark.slow
def test_play_new_keeps_the_unfinished_autosave_as_a_slot(folder: Path) -> None:
    state = two_moves(folder)
    again = ghostlight("play", "--new", *STORY, "--saves", str(folder), stdin="1\n")
    assert "kept as 'unfinished-1'" in again.stdout
    kept = load_game(folder, "unfinished-1", sample())
    assert kept.state.clues == frozenset(state["clues"]) and kept.state.turn == state["turn"]
    listed = ghostlight("saves", "--saves", str(folder), "--plain")
    assert "Slot: unfinished-1" in listed.stdout


@pytest.mark.slow
def test_play_load_of_another_slot_keeps_the_unfinished_autosave(folder: Path) -> None:
    ghostlight("play", "--new", *STORY, "--saves", str(folder), stdin="save start\n")
    two_moves(folder)
    loaded = ghostlight("play", "--load", "start", *STORY, "--saves", str(folder), stdin="")
    assert "Loaded 'start'" in loaded.stdout and "kept as 'unfinished-1'" in loaded.stdout
    assert len(load_game(folder, "unfinished-1", sample()).state.clues) == 1


def test_in_game_load_keeps_the_game_in_play(folder: Path) -> None:
    k = keeper(folder)
    run_game(["save start"], folder, saves=k)
    game, text = run_game(["1", "1", "load start"], folder, saves=keeper(folder))
    assert "kept as 'unfinished-1'" in text
    assert "torn_page" in load_game(folder, "unfinished-1", sample()).state.clues
    assert not game.state.clues


def test_loading_right_after_a_save_keeps_no_extra_copy(folder: Path) -> None:
    game, text = run_game(["1", "1", "save mine", "load mine"], folder)
    assert "unfinished" not in text
    assert not (folder / "unfinished-1.json").exists()


def test_nothing_to_keep_when_the_autosave_has_ended_or_is_missing(folder: Path) -> None:
    assert keep_unfinished(folder, sample()) is None
    run_game(["1", "1"], folder)
    reseal(folder / "autosave.json", lambda d: d["summary"].update(ending="The End"))
    assert unfinished(folder, sample()) is None and keep_unfinished(folder, sample()) is None


def test_a_kept_game_fails_loudly_and_replaces_nothing_when_it_cannot_be_written(
        folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    run_game(["1", "1"], folder)
    before = (folder / "autosave.json").read_bytes()
    from game.saves import store

    def full(*args, **kwargs):
        raise SaveError("The disk is full.")

    monkeypatch.setattr(store.SaveFolder, "write", full)
    with pytest.raises(SaveError, match="disk is full"):
        keeper(folder).keep_unfinished()
    assert (folder / "autosave.json").read_bytes() == before


def test_the_title_screen_asks_before_a_new_game_replaces_an_unfinished_one(folder: Path) -> None:
    from game.play.session import title_screen
    from save_helpers import Renderer, Console
    import io

    run_game(["1", "1"], folder)
    out = io.StringIO()
    renderer = Renderer(sample(), Console(file=out, width=200, no_color=True), True)
    answers = iter(["new", "", "quit"])
    assert title_screen(sample(), renderer, lambda prompt: next(answers), str(folder)) == ("quit", None)
    assert "You have an unfinished game" in out.getvalue()
    answers = iter(["new", "y"])
    assert title_screen(sample(), renderer, lambda prompt: next(answers), str(folder)) == ("new", None)


def test_save_to_a_name_the_game_writes_itself_is_refused(folder: Path) -> None:
    for name in ("autosave", "AutoSave", "autosave-sample"):
        with pytest.raises(SaveError, match="saves by itself"):
            check_player_slot(name)
    game, text = run_game(["1", "save autosave"], folder)
    assert "saves by itself" in text
    assert check_player_slot("unfinished-1") == "unfinished-1"


@pytest.mark.slow
@pytest.mark.parametrize("seed", [str(2**53 + 1), str(-(2**53) - 1), "1e9", "ten"])
def test_a_seed_a_save_cannot_hold_is_refused(folder: Path, seed: str) -> None:
    done = ghostlight("play", "--new", "--seed", seed, *STORY, "--saves", str(folder), stdin="")
    assert done.returncode == 2 and "--seed" in done.stderr
    assert not folder.exists()


@pytest.mark.slow
def test_the_largest_seed_allowed_saves_and_resumes(folder: Path) -> None:
    ghostlight("play", "--new", "--seed", str(2**53), *STORY, "--saves", str(folder), stdin="1\n")
    resumed = ghostlight("play", *STORY, "--saves", str(folder), stdin="")
    assert "Continuing your game" in resumed.stdout


@pytest.mark.slow
def test_a_newer_versions_autosave_is_named_kept_and_never_replaced(folder: Path) -> None:
    folder.mkdir()
    newer = encode({"format": "ghostlight-save", "version": 99, "story_id": "sample", "state": {}})
    (folder / "autosave.json").write_bytes(newer)
    done = ghostlight("play", *STORY, "--saves", str(folder), stdin="1\n1\n")
    assert "newer version of Ghost Light" in done.stdout and "never replaced" in done.stdout
    assert "damaged" not in done.stdout
    assert (folder / "autosave.json").read_bytes() == newer
    assert not (folder / "autosave.json.damaged").exists()
    assert (folder / "autosave-sample.json").exists()
    listed = ghostlight("saves", "--saves", str(folder), "--plain")
    assert "Slot: autosave, When: newer version" in listed.stdout


@pytest.mark.parametrize("cut", [0.3, 0.5, 0.9])
def test_a_truncated_save_says_it_was_cut_short(folder: Path, cut: float) -> None:
    run_game(["1", "1"], folder)
    data = (folder / "autosave.json").read_bytes()
    with pytest.raises(SaveError, match="cut short"):
        parse_json(data[: int(len(data) * cut)])


def test_the_saves_listing_checks_each_save_fully(folder: Path) -> None:
    run_game(["1", "1", "save typed"], folder)
    reseal(folder / "typed.json", lambda d: d["state"].update(clues=5))
    (folder / "typed.json.bak").unlink(missing_ok=True)
    quick = {i.slot: i for i in list_saves(folder)}
    full = {i.slot: i for i in list_saves(folder, full=True)}
    assert quick["typed"].header is not None  # the header alone looks fine...
    assert full["typed"].header is None and "state.clues" in full["typed"].problem  # ...the save is not
    assert full["autosave"].header is not None


def test_the_listing_refuses_a_bomb_within_its_budget(folder: Path) -> None:
    from save_helpers import save_bomb

    folder.mkdir()
    (folder / "bomb.json").write_bytes(save_bomb(sample(), ids=100_000, steps=2000))
    info = list_saves(folder, full=True)[0]
    assert info.header is None and "ids in all" in info.problem
