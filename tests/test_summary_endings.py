"""The case summary's "Endings found" counts every ending the player has reached, whichever
game, keeper or process reached it (issue 11, item 2: "1 of 4" after a second ending)."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.core import engine as e
from game.core.menu import menu_numbers
from game.play.session import Session
from game.saves.profile import read_profile
from save_helpers import SOLUTION, keeper, play, run_game, sample

LOST = ["1", "4", "1", "1"]  # in, wait for evening, go on, say nothing -> "Lost in the Dark"


def to_the_last_choice(k, slot: str) -> tuple[Session, str]:
    """``slot`` loaded through ``k``, played up to "Make it final"; returns it and that choice's number."""
    session = Session(sample(), e.new_game(sample())[0])
    k.load(slot, session)
    play(sample(), SOLUTION[:-1], session)
    actions = e.menu_actions(sample(), session.state)
    number = next(n for n, a in zip(menu_numbers(actions), actions) if "final" in a.label.lower())
    return session, str(number)


def endings_line(text: str) -> str:
    return next(line for line in text.splitlines() if line.startswith("Endings found"))


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    folder = tmp_path / "saves"
    run_game(["save early"], folder)
    return folder


def test_two_endings_in_one_run_with_a_load_between_them(folder: Path) -> None:
    k = keeper(folder)
    _game, text = run_game(LOST, folder, saves=k)
    assert endings_line(text) == "Endings found: 1 of 3"
    session, final = to_the_last_choice(k, "early")  # the same keeper: the title's load, then play
    _game, text = run_game([final], folder, session=session, saves=k)
    assert "THE END: The Score Restored" in text and endings_line(text) == "Endings found: 2 of 3"


def test_two_endings_across_two_runs(folder: Path) -> None:
    run_game(LOST, folder)
    session, final = to_the_last_choice(keeper(folder), "early")
    _game, text = run_game([final], folder, session=session, saves=keeper(folder))
    assert endings_line(text) == "Endings found: 2 of 3"


def test_an_ending_another_game_reached_meanwhile_is_counted(folder: Path) -> None:
    """Two games open at once: this one's keeper read the profile before the other's ending."""
    k = keeper(folder)
    session, final = to_the_last_choice(k, "early")  # reads the profile: no ending yet
    run_game(LOST, folder)  # the other game reaches its ending now
    _game, text = run_game([final], folder, session=session, saves=k)
    assert endings_line(text) == "Endings found: 2 of 3"


def test_an_ending_met_while_the_folder_is_busy_is_counted_and_kept_for_later(folder: Path) -> None:
    from game.saves.store import FolderBusy, SaveFolder

    k = keeper(folder)
    session, final = to_the_last_choice(k, "early")
    real = SaveFolder.locked

    def busy(self):
        raise FolderBusy("Another Ghost Light is using the save folder.")

    SaveFolder.locked = busy  # type: ignore[method-assign]
    try:
        _game, text = run_game([final], folder, session=session, saves=k)
    finally:
        SaveFolder.locked = real  # type: ignore[method-assign]
    assert endings_line(text) == "Endings found: 1 of 3"
    assert "solved" not in read_profile(folder).endings("sample")
    k.note_progress()  # the next write that gets through records it
    assert "solved" in read_profile(folder).endings("sample")
