"""A finished game is never lost when another game takes the autosave: it is kept as
``finished-N`` and the title screen still offers its case summary (issue 11, item 1).

The command-line cases run the real program fed by a pipe; the title screen runs in process
with scripted input, as in test_saves_keep.py.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from rich.console import Console

from game.core.errors import SaveError
from game.play.title import title_screen
from game.saves import autosave
from game.saves.autosave import finished, keep_finished
from game.saves.slots import load_game
from game.ui.render import Renderer
from save_helpers import SAMPLE, keeper, refuse_temp_files, reseal, run_game, sample
from test_saves_keep import folder, ghostlight  # noqa: F401  (folder is a fixture)

STORY = ["--story", str(SAMPLE)]
LOST = ["1", "4", "1", "1"]  # in, wait for evening, go on, say nothing -> "Lost in the Dark"


def finished_with_an_older_save(folder: Path) -> None:
    """A slot 'early' saved at the start, then a game played to its end in the autosave."""
    run_game(["save early", *LOST], folder)
    assert finished(folder, sample()) is not None


def title(folder: Path, answers: list) -> tuple[tuple[str, object], str]:
    """The title screen over ``answers`` (an exception in them is raised at that read)."""
    out = io.StringIO()
    renderer = Renderer(sample(), Console(file=out, width=200, no_color=True), True)
    feed = iter(answers)

    def read(prompt: str) -> str:
        answer = next(feed, EOFError())
        if isinstance(answer, BaseException):
            raise answer
        return answer

    return title_screen(sample(), renderer, read, str(folder)), out.getvalue()


# --- keeping --------------------------------------------------------------------------------


def test_a_finished_autosave_is_copied_to_finished_n_and_loads_as_it_was(folder: Path) -> None:
    assert keep_finished(folder, sample()) is None  # nothing there
    run_game(["1", "1"], folder)
    assert keep_finished(folder, sample()) is None  # unfinished: not this function's
    finished_with_an_older_save(folder)
    before = (folder / "autosave.json").read_bytes()
    assert keep_finished(folder, sample()) == "finished-1"
    kept = load_game(folder, "finished-1", sample())
    assert kept.state.ending == "lost" and kept.header.slot == "finished-1"
    assert (folder / "autosave.json").read_bytes() == before  # the autosave itself is untouched


def test_the_keeper_says_where_the_finished_game_is_kept(folder: Path) -> None:
    finished_with_an_older_save(folder)
    said = keeper(folder).keep_unfinished()  # at start-up: whichever game the autosave holds
    assert said == [f"Your finished game (Lost in the Dark) was kept as 'finished-1' in {folder}: "
                    "the title screen's Case summary shows it again."]


def test_at_the_bound_nothing_is_replaced_and_the_player_is_told(folder: Path, monkeypatch) -> None:
    finished_with_an_older_save(folder)
    monkeypatch.setattr(autosave, "_KEPT_MAX", 2)
    assert keep_finished(folder, sample()) == "finished-1"
    assert keep_finished(folder, sample()) == "finished-2"
    before = (folder / "autosave.json").read_bytes()
    with pytest.raises(SaveError, match=r"already 2 finished games kept \(finished-1 to finished-2\)"):
        keeper(folder).keep_unfinished()
    assert (folder / "autosave.json").read_bytes() == before
    assert not (folder / "finished-3.json").exists()


def test_an_unwritable_folder_keeps_nothing_and_replaces_nothing(folder: Path, monkeypatch) -> None:
    finished_with_an_older_save(folder)
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    refuse_temp_files(monkeypatch)
    with pytest.raises(SaveError, match="may not write in the save folder"):
        keeper(folder).keep_unfinished()
    monkeypatch.undo()
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before


def spoil(path: Path, how: str) -> None:
    """A save whose header still reads but whose game does not: a bad state, or a bad checksum."""
    if how == "state":
        reseal(path, lambda d: d["state"].update(clues=5))
    else:
        document = json.loads(path.read_text(encoding="utf-8"))
        document["state"]["turn"] += 1  # the checksum left as it was
        path.write_text(json.dumps(document), encoding="utf-8")


@pytest.mark.parametrize("how", ["state", "checksum"])
def test_a_corrupt_finished_autosave_is_moved_aside_never_deleted(folder: Path, how: str) -> None:
    finished_with_an_older_save(folder)
    spoil(folder / "autosave.json", how)
    damaged = (folder / "autosave.json").read_bytes()
    said = " ".join(keeper(folder).keep_unfinished())
    assert "could not be read" in said and "autosave.json.damaged" in said and "nothing deleted" in said
    assert (folder / "autosave.json.damaged").read_bytes() == damaged
    assert not (folder / "autosave.json").exists() and not (folder / "finished-1.json").exists()


# --- through the program ----------------------------------------------------------------------


@pytest.mark.slow
def test_loading_an_older_save_keeps_the_finished_game_and_the_title_still_offers_it(folder: Path) -> None:
    finished_with_an_older_save(folder)
    loaded = ghostlight("play", "--load", "early", *STORY, "--saves", str(folder), stdin="1\n")
    assert loaded.returncode == 0
    assert "Your finished game (Lost in the Dark) was kept as 'finished-1'" in loaded.stdout
    assert finished(folder, sample()) is None  # the autosave now holds the loaded game
    listed = ghostlight("saves", "--saves", str(folder), "--plain")
    assert "Slot: finished-1" in listed.stdout and "The end: Lost in the Dark" in listed.stdout
    # The title: Continue for the game in the autosave, and the finished game's Case summary.
    (choice, text) = title(folder, ["summary"])
    assert choice == ("load", "finished-1")
    assert "Continue (autosave" in text and "Case summary (finished-1" in text
    assert title(folder, ["continue"])[0] == ("load", "autosave")
    # Seeing the summary keeps nothing more: the autosave's game is not replaced by it.
    shown = ghostlight("play", "--load", "finished-1", *STORY, "--saves", str(folder), stdin="look\n")
    assert shown.returncode == 0 and "Case summary" in shown.stdout and "This game is over" in shown.stdout
    # Not "Loaded": a finished game is shown, not started again (T53)
    assert "Loaded 'finished-1'" not in shown.stdout
    assert "The game in 'finished-1' (saved " in shown.stdout and "is over, Lost in the Dark. Its case summary:" in shown.stdout
    assert "kept as" not in shown.stdout and not (folder / "unfinished-1.json").exists()


@pytest.mark.slow
def test_a_new_game_after_a_finished_one_through_the_program(folder: Path) -> None:
    finished_with_an_older_save(folder)
    fresh = ghostlight("play", "--new", *STORY, "--saves", str(folder), stdin="1\n")
    assert fresh.returncode == 0 and "kept as 'finished-1'" in fresh.stdout
    assert load_game(folder, "finished-1", sample()).state.ending == "lost"


@pytest.mark.slow
def test_a_full_folder_of_finished_games_stops_before_replacing_anything(folder: Path) -> None:
    finished_with_an_older_save(folder)
    for number in range(1, 1000):  # every finished-N name taken (the bound is 999)
        (folder / f"finished-{number}.json").write_bytes(b"")
    before = (folder / "autosave.json").read_bytes()
    done = ghostlight("play", "--new", *STORY, "--saves", str(folder), stdin="1\n")
    assert done.returncode == 1 and "already 999 finished games kept" in done.stderr
    assert "nothing was replaced" in done.stderr
    assert (folder / "autosave.json").read_bytes() == before


@pytest.mark.slow
def test_a_corrupt_finished_autosave_through_the_program(folder: Path) -> None:
    finished_with_an_older_save(folder)
    spoil(folder / "autosave.json", "state")
    done = ghostlight("play", "--new", *STORY, "--saves", str(folder), stdin="1\n")
    assert done.returncode == 0 and "autosave.json.damaged" in done.stdout
    assert (folder / "autosave.json.damaged").exists() and "Go in" in done.stdout


@pytest.mark.parametrize("stop", [EOFError(), KeyboardInterrupt()])
def test_end_of_input_or_ctrl_c_at_the_title_after_it(folder: Path, stop: BaseException) -> None:
    finished_with_an_older_save(folder)
    keeper(folder).keep_unfinished()
    run_game(["load early", "1"], folder)  # the autosave now holds another game
    (choice, text) = title(folder, [stop])
    assert choice == ("quit", None) and text.rstrip().endswith("Goodbye.")
    assert "Case summary (finished-1" in text and "saved in the slot 'autosave'" in text
    assert load_game(folder, "finished-1", sample()).state.ending == "lost"
