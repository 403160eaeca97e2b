"""The save folder and bad input: every way a file or a name can be wrong gives a clear
message, the game goes on, and nothing already saved is lost."""

from __future__ import annotations

import errno
import json
import os
import sys
import threading
import time
from pathlib import Path
from typing import Optional

import pytest

from game.saves import document as savefile
from game.saves import store as savestore
from game.core.errors import SaveError
from game.saves.slots import (
    QUICKSAVE, default_save_folder, list_saves, load_game, save_game,
)
from game.saves.autosave import autosave_slot
from game.ui.savelist import listing
from game.saves.store import MAX_FILE_BYTES, SaveFolder, check_slot
from save_helpers import SOLUTION, edited_sample, play, refuse_temp_files, reseal, run_game, sample


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return tmp_path / "saves"


def saved(folder: Path, slot: str = "good", steps=("Go in",)) -> bytes:
    """Save a short game to ``slot``; returns the file's bytes."""
    session = play(sample(), list(steps))
    save_game(folder, slot, sample(), session.state, session.undo, session.transcript, saved_at=1, played=1)
    return (folder / f"{slot}.json").read_bytes()


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every regular file in the folder and its bytes (the lock file is empty and ignored)."""
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())
            if p.is_file() and not p.is_symlink() and p.name != ".lock"}


# --- slot names ------------------------------------------------------------------------------


@pytest.mark.parametrize("name,expected", [
    ("quicksave", "quicksave"), ("Act2", "act2"), ("before-the-trial", "before-the-trial"), ("a_b", "a_b"),
    ("  x ", "x"), ("9", "9"), ("a" * 32, "a" * 32),
])
def test_good_slot_names(name: str, expected: str) -> None:
    assert check_slot(name) == expected


@pytest.mark.parametrize("name,message", [
    ("../../x", "is not a slot name"),
    ("/etc/passwd", "is not a slot name"),
    ("con", "Windows reserves"),
    ("CON", "Windows reserves"),
    ("nul", "Windows reserves"),
    ("Aux", "Windows reserves"),
    ("prn", "Windows reserves"),
    ("com1", "Windows reserves"),
    ("LPT9", "Windows reserves"),
    ("", "needs a name"),
    ("   ", "needs a name"),
    ("x" * 300, "300 characters long; the most is 32"),
    ("a" * 33, "33 characters"),
    ("-x", "is not a slot name"),
    ("_x", "is not a slot name"),
    ("a.json", "is not a slot name"),
    ("a b", "is not a slot name"),
    ("..", "is not a slot name"),
    ("a\\b", "is not a slot name"),
    ("a\x00b", "is not a slot name"),
    ("\x1b[31mred", "is not a slot name"),
    ("café", "is not a slot name"),
    ("profile", "choose another slot name"),
])
def test_bad_slot_names_are_refused_with_a_clear_message(name: str, message: str) -> None:
    with pytest.raises(SaveError, match=message.replace("(", r"\(")) as caught:
        check_slot(name)
    assert "\x1b" not in str(caught.value) and "\x00" not in str(caught.value)


# (An empty name in the game means the quicksave slot: see test_quicksave_is_the_default_slot_in_the_game.)
@pytest.mark.parametrize("name", ["../../x", "/etc/passwd", "con", "x" * 300])
def test_bad_slot_names_in_the_game_change_nothing(tmp_path: Path, folder: Path, name: str) -> None:
    game, text = run_game(["1", f"save {name}", f"load {name}", "1"], folder)
    assert "slot" in text.lower()
    assert game.state.scene == "hall.main"  # the game went on: both choices were played
    assert sorted(p.name for p in folder.iterdir()) == [".lock", "autosave.json", "autosave.json.bak", "profile.json"] \
        or sorted(p.name for p in folder.iterdir()) == [".lock", "autosave.json", "autosave.json.bak"]
    assert not (tmp_path / "x").exists() and not (tmp_path / "x.json").exists()


# --- the atomic writer -------------------------------------------------------------------------


def test_a_save_keeps_the_previous_file_as_a_backup(folder: Path) -> None:
    first = saved(folder, "slot", ["Go in"])
    second = saved(folder, "slot", ["Go in", "Look under the piano"])
    assert (folder / "slot.json").read_bytes() == second
    assert (folder / "slot.json.bak").read_bytes() == first
    assert not [p for p in folder.iterdir() if p.name.endswith(".tmp")]


def test_save_files_are_private_to_the_player(folder: Path) -> None:
    saved(folder)
    assert (folder / "good.json").stat().st_mode & 0o077 == 0


def test_a_damaged_main_file_falls_back_to_the_backup_and_says_so(folder: Path) -> None:
    saved(folder, "slot", ["Go in"])
    saved(folder, "slot", ["Go in", "Look under the piano"])
    (folder / "slot.json").write_bytes(b'{"format": "ghostlight-save", "vers')
    loaded = load_game(folder, "slot", sample())
    assert loaded.from_backup
    assert loaded.state == play(sample(), ["Go in"]).state
    assert "could not be read" in loaded.notices[0] and "Its backup, the save made before it," in loaded.notices[0]
    assert "was loaded instead" in loaded.notices[0]


def test_when_both_files_are_damaged_both_are_left_alone(folder: Path) -> None:
    saved(folder, "slot")
    saved(folder, "slot")
    (folder / "slot.json").write_bytes(b"garbage")
    (folder / "slot.json.bak").write_bytes(b"more garbage")
    with pytest.raises(SaveError, match="Its backup could not be read either.*left as they are"):
        load_game(folder, "slot", sample())
    assert (folder / "slot.json").read_bytes() == b"garbage"


def test_a_missing_slot_says_so(folder: Path) -> None:
    with pytest.raises(SaveError, match="There is no save called 'nothing'"):
        load_game(folder, "nothing", sample())


def test_stale_temporary_files_from_a_killed_process_are_cleaned(folder: Path) -> None:
    saved(folder)
    stale = folder / ".good.json.0123456789abcdef.tmp"
    stale.write_bytes(b"half a save")
    saved(folder)
    assert not stale.exists()


# --- bad input, one test each ------------------------------------------------------------------


def load_in_game(folder: Path, slot: str) -> tuple[object, str]:
    """Load ``slot`` inside a running game, then play on: returns the game and its output."""
    return run_game(["1", f"load {slot}", "Look under the piano"], folder)


def assert_game_went_on(game) -> None:
    assert "torn_page" in game.state.clues  # the line after the failed load was played


def test_truncated_file(folder: Path) -> None:
    data = saved(folder)
    (folder / "good.json").write_bytes(data[: len(data) // 2])
    before = snapshot(folder)
    with pytest.raises(SaveError, match="cut short"):
        savefile.parse_save(data[: len(data) // 2], sample())
    game, text = load_in_game(folder, "good")
    assert "cut short" in text
    assert_game_went_on(game)
    assert snapshot(folder)["good.json"] == before["good.json"]


def test_invalid_json(folder: Path) -> None:
    saved(folder)
    (folder / "good.json").write_bytes(b'{"format": "ghostlight-save", version: 1}')
    with pytest.raises(SaveError, match=r"not valid JSON \(line 1, column 31\)"):
        load_game(folder, "good", sample())
    game, text = load_in_game(folder, "good")
    assert "not valid JSON" in text
    assert_game_went_on(game)


def test_not_text(folder: Path) -> None:
    saved(folder)
    (folder / "good.json").write_bytes(b"\xff\xfe\x00\x01" * 10)
    with pytest.raises(SaveError, match="not text"):
        load_game(folder, "good", sample())


def test_valid_json_of_the_wrong_shape(folder: Path) -> None:
    saved(folder)
    reseal(folder / "good.json", lambda d: d["state"].__setitem__("clues", {"torn_page": True}))
    with pytest.raises(SaveError, match=r"The save is damaged: state\.clues should be a list, not an object"):
        load_game(folder, "good", sample())
    game, text = load_in_game(folder, "good")
    assert "state.clues should be a list" in text
    assert_game_went_on(game)


def test_valid_json_that_is_not_a_save(folder: Path) -> None:
    folder.mkdir()
    (folder / "list.json").write_text("[1, 2, 3]")
    game, text = load_in_game(folder, "list")
    assert "not a Ghost Light save" in text
    assert_game_went_on(game)


def test_checksum_mismatch(folder: Path) -> None:
    data = saved(folder)
    document = json.loads(data)
    document["state"]["clues"] = ["torn_page", "ink_stain", "ticket"]  # a hand edit, checksum left as it was
    (folder / "good.json").write_text(json.dumps(document))
    with pytest.raises(SaveError, match="checksum does not match"):
        load_game(folder, "good", sample())
    game, text = load_in_game(folder, "good")
    assert "checksum does not match" in text
    assert_game_went_on(game)


def test_a_save_from_another_story(tmp_path: Path, folder: Path) -> None:
    other = edited_sample(tmp_path, (r"(?m)^id: sample", "id: other-case"))
    session = play(other, ["Go in"])
    save_game(folder, "theirs", other, session.state, saved_at=0, played=0)
    save_game(folder, "theirs", other, session.state, saved_at=0, played=0)  # a backup exists too
    with pytest.raises(SaveError, match="belongs to another story"):
        load_game(folder, "theirs", sample())  # and the backup is not tried: it is no better
    game, text = load_in_game(folder, "theirs")
    assert "belongs to another story ('other-case')" in text
    assert_game_went_on(game)


def test_a_save_from_a_future_format_version(folder: Path) -> None:
    saved(folder)
    document = json.loads((folder / "good.json").read_text())
    document["version"] = 99
    (folder / "good.json").write_text(json.dumps(document))
    with pytest.raises(SaveError, match="newer Ghost Light"):
        load_game(folder, "good", sample())
    game, text = load_in_game(folder, "good")
    assert "Update the game to load it" in text
    assert_game_went_on(game)
    assert json.loads((folder / "good.json").read_text())["version"] == 99  # never overwritten


def test_a_read_only_save_folder_simulated(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    previous = saved(folder)
    before = snapshot(folder)
    refuse_temp_files(monkeypatch)
    with pytest.raises(SaveError, match=r"may not write in the save folder .*\(Permission denied\)") as caught:
        saved(folder)
    assert "Nothing saved before was changed" in str(caught.value)
    assert "--saves DIR or GHOSTLIGHT_SAVES" in str(caught.value)
    game, text = run_game(["save good", "1"], folder)
    assert "may not write in the save folder" in text
    assert "Autosave failed" in text
    assert game.state.scene == "hall.main"
    monkeypatch.undo()
    assert snapshot(folder) == before
    assert (folder / "good.json").read_bytes() == previous


def test_a_replace_refused_simulated(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    saved(folder)
    before = snapshot(folder)

    def refusing_replace(src, dst, *args, **kwargs):
        raise PermissionError(errno.EPERM, "Operation not permitted", str(dst))

    monkeypatch.setattr(os, "replace", refusing_replace)
    with pytest.raises(SaveError, match="may not write in the save folder"):
        saved(folder, steps=["Go in", "Look under the piano"])
    monkeypatch.undo()
    assert snapshot(folder) == before  # no temp file left, old save and backup as they were


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0,
                    reason="root ignores file permissions; the simulated tests above cover this")
def test_a_read_only_save_folder_for_real(folder: Path) -> None:
    previous = saved(folder)
    folder.chmod(0o500)
    try:
        with pytest.raises(SaveError, match="may not write in the save folder"):
            saved(folder, steps=["Go in", "Look under the piano"])
        assert load_game(folder, "good", sample()).state == play(sample(), ["Go in"]).state
    finally:
        folder.chmod(0o700)
    assert (folder / "good.json").read_bytes() == previous


@pytest.mark.parametrize("call", ["write", "fsync"])
def test_a_full_disk(folder: Path, monkeypatch: pytest.MonkeyPatch, call: str) -> None:
    saved(folder, steps=["Go in"])
    saved(folder, steps=["Go in", "Look under the piano"])
    before = snapshot(folder)

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, call, full)
    with pytest.raises(SaveError, match="The disk is full, so the slot 'good' was not saved") as caught:
        saved(folder, steps=["Go in", "Go to The Study"])
    assert "Nothing saved before was changed. Free some space and save again." in str(caught.value)
    game, text = run_game(["save good", "1", "2"], folder)
    assert "The disk is full" in text
    assert text.count("Autosave failed") == 1  # told once, not at every step
    monkeypatch.undo()
    assert snapshot(folder) == before  # the previous save and its backup survive, no temp file
    assert load_game(folder, "good", sample()).state == play(sample(), ["Go in", "Look under the piano"]).state


def test_a_save_file_replaced_by_a_directory(folder: Path) -> None:
    saved(folder, "slot")
    saved(folder, "slot")  # so there is a backup
    (folder / "slot.json").unlink()
    (folder / "slot.json").mkdir()
    loaded = load_game(folder, "slot", sample())  # the backup is used, and the player told
    assert loaded.from_backup and "is a folder, not a save" in loaded.notices[0]
    with pytest.raises(SaveError, match="slot.json in the save folder is a folder"):
        saved(folder, "slot")
    assert (folder / "slot.json").is_dir()
    (folder / "slot.json.bak").unlink()
    game, text = load_in_game(folder, "slot")
    assert "is a folder, not a save" in text
    assert_game_went_on(game)


def test_a_save_file_replaced_by_a_symlink_pointing_outside(tmp_path: Path, folder: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    secret = outside / "secret.json"
    secret.write_bytes(saved(folder, "bait"))  # even a perfectly good save is not read through a link
    (folder / "slot.json").symlink_to(secret)
    with pytest.raises(SaveError, match="slot.json in the save folder is a link; Ghost Light does not follow links"):
        load_game(folder, "slot", sample())
    with pytest.raises(SaveError, match="is a link"):
        saved(folder, "slot")
    assert secret.read_bytes() == (folder / "bait.json").read_bytes()  # untouched
    assert (folder / "slot.json").is_symlink()
    game, text = load_in_game(folder, "slot")
    assert "is a link" in text
    assert_game_went_on(game)


def test_a_backup_that_is_a_symlink_is_not_followed(tmp_path: Path, folder: Path) -> None:
    outside = tmp_path / "outside.json"
    outside.write_bytes(saved(folder, "bait"))
    saved(folder, "slot")
    (folder / "slot.json").write_bytes(b"broken")
    (folder / "slot.json.bak").symlink_to(outside)
    with pytest.raises(SaveError, match="is a link"):
        load_game(folder, "slot", sample())


def test_the_lock_file_is_not_followed_out_of_the_folder(tmp_path: Path, folder: Path) -> None:
    folder.mkdir()
    target = tmp_path / "elsewhere"
    (folder / ".lock").symlink_to(target)
    with pytest.raises(SaveError, match="lock file"):
        saved(folder)
    assert not target.exists()


def test_a_huge_file_is_refused_by_size_before_it_is_read(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    saved(folder)
    with open(folder / "good.json", "r+b") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)  # sparse: costs no disk
    read_calls = []
    real_read = os.read
    monkeypatch.setattr(os, "read", lambda fd, n: read_calls.append(n) or real_read(fd, n))
    monkeypatch.setattr(savefile, "parse_json", lambda data: pytest.fail("parsed a huge file"))
    with pytest.raises(SaveError, match=r"good.json is 8.0 MB; a save is never more than 8 MB, so it was not read"):
        load_game(folder, "good", sample())
    assert read_calls == []
    monkeypatch.undo()
    game, text = load_in_game(folder, "good")
    assert "never more than 8 MB" in text
    assert_game_went_on(game)


def test_a_fifo_in_place_of_a_save_does_not_hang(folder: Path) -> None:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs here")
    folder.mkdir()
    os.mkfifo(folder / "pipe.json")
    with pytest.raises(SaveError, match="not an ordinary file"):
        load_game(folder, "pipe", sample())


def test_the_save_folder_is_a_file(tmp_path: Path) -> None:
    (tmp_path / "saves").write_text("not a folder")
    with pytest.raises(SaveError, match="is a file, not a folder"):
        saved(tmp_path / "saves")


# --- the lock --------------------------------------------------------------------------------


class _FakeClock:
    """``time.monotonic`` and ``time.sleep`` for the lock: sleeping moves the clock."""

    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps = 0

    def monotonic(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds
        self.sleeps += 1


def test_a_held_lock_makes_a_writer_wait_then_give_up_clearly(folder: Path) -> None:
    saved(folder)
    holder = SaveFolder(folder)
    waiter = SaveFolder(folder, lock_timeout=0.2)
    clock = _FakeClock()
    with holder.locked():
        # The waiter's clock is one the test moves: each retry sleeps 5 ms of fake time, so how
        # long it waits is a count of retries, not a reading of a busy machine's clock.
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(savestore, "time", clock)
            with pytest.raises(SaveError, match="Another Ghost Light is using the save folder"):
                waiter.write("good.json", b"{}")
        assert 0.2 <= clock.now < 0.25 and clock.sleeps == pytest.approx(40, abs=1)
    waiter.write("other.json", b"{}")  # once released, writing works


def test_a_writer_waits_for_the_lock_and_then_writes(folder: Path) -> None:
    saved(folder)
    holder = SaveFolder(folder)
    done = threading.Event()

    def write_later() -> None:
        SaveFolder(folder).write("later.json", b"{}")
        done.set()

    with holder.locked():
        thread = threading.Thread(target=write_later)
        thread.start()
        time.sleep(0.1)
        assert not done.is_set()  # waiting for us
    thread.join(60)  # a safety net against a hang; the verdict is the file written
    assert done.is_set() and (folder / "later.json").read_bytes() == b"{}"


def test_the_lock_is_reentrant_within_one_folder_object(folder: Path) -> None:
    store = SaveFolder(folder, lock_timeout=0.2)
    with store.locked():
        store.write("x.json", b"{}")  # would time out if the lock were taken twice


# --- listing -----------------------------------------------------------------------------------


def test_listing_shows_slots_newest_first_with_a_damaged_one_last(folder: Path) -> None:
    story = sample()
    for slot, steps, when in (("early", ["Go in"], 100), ("solved", list(SOLUTION), 300), ("mid", SOLUTION[:3], 200)):
        session = play(story, steps)
        save_game(folder, slot, story, session.state, saved_at=when, played=3725)
    (folder / "broken.json").write_text("{")
    (folder / "notes.txt").write_text("not a save")
    (folder / "Bad Name.json").write_text("{}")
    infos = list_saves(folder)
    assert [i.slot for i in infos] == ["solved", "mid", "early", "broken"]
    columns, rows = listing(infos)
    assert columns == ("Slot", "When", "Act", "Place", "Clues found", "Play time")
    assert rows[0][0] == "solved" and rows[0][2] == "Act 2: The Evening"
    assert rows[0][3] == "The end: The Score Restored" and rows[0][4] == "2 of 3" and rows[0][5] == "1h 02m"
    assert rows[2][2:5] == ("Act 1: The Afternoon", "The Hall", "0 of 3")
    assert rows[3][:2] == ("broken", "damaged") and "cut short" in rows[3][3]


def test_listing_uses_the_backup_of_a_damaged_slot(folder: Path) -> None:
    saved(folder, "slot")
    saved(folder, "slot")
    (folder / "slot.json").write_text("{")
    infos = list_saves(folder)
    assert infos[0].from_backup and listing(infos)[1][0][0] == "slot (backup)"


def test_listing_an_empty_or_missing_folder(tmp_path: Path) -> None:
    assert list_saves(tmp_path / "none") == []


def test_listing_filters_by_story(tmp_path: Path, folder: Path) -> None:
    other = edited_sample(tmp_path, (r"(?m)^id: sample", "id: other-case"))
    saved(folder, "mine")
    save_game(folder, "theirs", other, play(other, []).state, saved_at=0, played=0)
    assert [i.slot for i in list_saves(folder, "sample")] == ["mine"]
    assert {i.slot for i in list_saves(folder)} == {"mine", "theirs"}


# --- autosave slot and the default folder --------------------------------------------------------


def test_autosave_of_another_story_is_never_overwritten(tmp_path: Path, folder: Path) -> None:
    other = edited_sample(tmp_path, (r"(?m)^id: sample", "id: other-case"))
    assert autosave_slot(folder, sample()) == "autosave"
    save_game(folder, "autosave", other, play(other, []).state, saved_at=0, played=0)
    assert autosave_slot(folder, sample()) == "autosave-sample"
    assert autosave_slot(folder, other) == "autosave"


def test_default_folder_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    checkout = tmp_path / "checkout"
    (checkout / "game").mkdir(parents=True)
    (checkout / "saves").mkdir()
    (checkout / "pyproject.toml").write_text("")
    package = checkout / "game"
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    env = {"GHOSTLIGHT_SAVES": str(tmp_path / "env"), "HOME": str(tmp_path / "home")}
    assert default_save_folder("/given", environ=env, package_dir=package) == Path("/given")
    assert default_save_folder(None, environ=env, package_dir=package) == tmp_path / "env"
    env.pop("GHOSTLIGHT_SAVES")
    assert default_save_folder(None, environ=env, package_dir=package) == checkout / "saves"
    installed = tmp_path / "site-packages" / "game"
    installed.mkdir(parents=True)
    if sys.platform.startswith("linux"):  # platformdirs' own rules; checked here only where they apply
        assert default_save_folder(None, environ=env, package_dir=installed) == \
            tmp_path / "home" / ".local" / "share" / "ghostlight" / "saves"
        monkeypatch.setenv("XDG_DATA_HOME", "/xdg")
        assert default_save_folder(None, environ=env, package_dir=installed) == Path("/xdg/ghostlight/saves")


@pytest.mark.parametrize("home", [None, "", "  "])
def test_without_a_home_saves_go_to_the_working_folder_never_the_root(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, home: Optional[str]) -> None:
    from game.core.places import user_folder

    installed = tmp_path / "site-packages" / "game"
    installed.mkdir(parents=True)
    monkeypatch.chdir(tmp_path)
    env = {} if home is None else {"HOME": home}
    if os.name == "posix":
        assert default_save_folder(None, environ=env, package_dir=installed) == tmp_path / "saves"
        assert user_folder("cache", env) == tmp_path / "saves" / ".cache"


def test_other_platforms_come_from_platformdirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from platformdirs.macos import MacOS

    from game.core.places import user_folder

    monkeypatch.setenv("HOME", str(tmp_path))
    for name in ("XDG_DATA_HOME", "XDG_CACHE_HOME"):  # platformdirs honours these on macOS too
        monkeypatch.delenv(name, raising=False)
    assert user_folder("data", {"HOME": str(tmp_path)}, dirs=MacOS) == \
        tmp_path / "Library" / "Application Support" / "ghostlight"
    assert user_folder("cache", {"HOME": str(tmp_path)}, dirs=MacOS) == tmp_path / "Library" / "Caches" / "ghostlight"


def test_the_cache_and_the_saves_follow_the_same_rule(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from game.loading.cache import default_cache_dir

    monkeypatch.delenv("GHOSTLIGHT_CACHE", raising=False)
    monkeypatch.setenv("HOME", "")
    monkeypatch.chdir(tmp_path)
    if os.name == "posix":
        assert default_cache_dir() == tmp_path / "saves" / ".cache"


def test_the_checkout_is_detected_from_the_real_package() -> None:
    # Tests set GHOSTLIGHT_SAVES (see conftest); without it, a checkout uses its saves/ folder.
    root = Path(savestore.__file__).resolve().parents[2]
    assert default_save_folder(None, environ={}) == root / "saves"
    assert os.environ["GHOSTLIGHT_SAVES"] != str(root / "saves")


def test_quicksave_is_the_default_slot_in_the_game(folder: Path) -> None:
    game, text = run_game(["1", "save", "Look under the piano", "load"], folder)
    assert f"Saved to '{QUICKSAVE}'" in text and f"Loaded '{QUICKSAVE}'" in text
    assert game.state.clues == frozenset()


def test_load_without_a_quicksave_lists_the_saves(folder: Path) -> None:
    game, text = run_game(["1", "save mine", "load"], folder)
    assert "There is no quicksave yet" in text and "Slot: mine" in text


def test_without_hard_links_the_backup_is_a_copy(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = saved(folder, "slot", ["Go in"])

    def no_links(*args, **kwargs):
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    second = saved(folder, "slot", ["Go in", "Look under the piano"])
    assert (folder / "slot.json.bak").read_bytes() == first
    assert (folder / "slot.json").read_bytes() == second
    assert (folder / "slot.json.bak").stat().st_ino != (folder / "slot.json").stat().st_ino


# --- one reader for saves and the profile -------------------------------------------------------


def _parse_ok(data: bytes) -> str:
    if data.startswith(b"bad"):
        raise SaveError("damaged.")
    if data.startswith(b"newer"):
        raise savefile.NewerSaveError("newer.")
    return data.decode()


def test_the_shared_reader_falls_back_to_the_backup_and_says_why(folder: Path) -> None:
    from game.saves.fallback import Unreadable, read_with_backup

    store = SaveFolder(folder)
    assert read_with_backup(store, "x.json", _parse_ok, missing="gone.") is None
    store.write("x.json", b"one")
    store.write("x.json", b"bad two")
    assert read_with_backup(store, "x.json", _parse_ok, missing="gone.") == ("one", "damaged.")
    (folder / "x.json").unlink()
    assert read_with_backup(store, "x.json", _parse_ok, missing="gone.") == ("one", "gone.")
    (folder / "x.json.bak").write_bytes(b"bad too")
    (folder / "x.json").write_bytes(b"bad three")
    with pytest.raises(Unreadable) as caught:
        read_with_backup(store, "x.json", _parse_ok, missing="gone.")
    assert caught.value.problem == "damaged." and caught.value.backup_problem == "damaged."


def test_the_shared_reader_never_tries_the_backup_of_a_refused_file(folder: Path) -> None:
    from game.saves.fallback import read_with_backup

    store = SaveFolder(folder)
    store.write("x.json", b"one")
    store.write("x.json", b"newer")
    with pytest.raises(savefile.NewerSaveError):
        read_with_backup(store, "x.json", _parse_ok, missing="gone.", refused=(savefile.NewerSaveError,))


def test_saves_and_the_profile_share_the_checksum(folder: Path) -> None:
    from game.saves.profile import PROFILE_FILE, record_progress

    record_progress(folder, "sample", clues=["torn_page"], now=0)
    document = json.loads((folder / PROFILE_FILE).read_text())
    assert document["checksum"] == savefile.checksum(document)
