"""Crash safety with real processes: a game saving in a loop is killed with SIGKILL at random
moments, and every time the slot still loads; two games sharing a folder never corrupt or
lose each other's writes."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from game.saves.profile import read_profile
from game.saves.slots import load_game
from save_helpers import SAMPLE, sample, save_forever

pytestmark = [pytest.mark.slow, pytest.mark.skipif(os.name != "posix", reason="needs SIGKILL")]

# A game that keeps walking between two rooms and saving after every step, continuing from
# the slot when it exists (so a lost save would show as the turn count going backwards).
SAVER = r"""
import sys
sys.path.insert(0, sys.argv[5])
from game.loading.loader import load_story
from save_helpers import save_forever

folder, story_path, slot, tag = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
said = []

def on_save(state):
    if tag:
        keeper.note_progress(clues=[f"{tag}-{state.turn}"])
    said.append(True)
    if len(said) == 2:  # ready once two steps are saved: every run makes progress, however slow
        print("ready", flush=True)

story = load_story(story_path)
from game.play.keeper import SaveKeeper
keeper = SaveKeeper(folder, story)
save_forever(folder, slot, story, on_save)
"""


def start(folder: Path, slot: str, tag: str = "") -> subprocess.Popen:
    args = [sys.executable, "-c", SAVER, str(folder), str(SAMPLE), slot, tag, str(Path(__file__).parent)]
    return subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def wait_ready(process: subprocess.Popen) -> None:
    line = process.stdout.readline()
    assert line.strip() == "ready", process.stderr.read()


def test_killed_at_random_moments_the_slot_always_loads(tmp_path: Path) -> None:
    rng = random.Random(20251125)
    story = sample()
    last_turn = -1
    kills = 30
    for attempt in range(kills):
        process = start(tmp_path, "crash")
        try:
            wait_ready(process)
            time.sleep(rng.uniform(0.0, 0.06))  # where in a write the kill lands; no verdict reads it
        finally:
            process.send_signal(signal.SIGKILL)
            process.wait(10)
        loaded = load_game(tmp_path, "crash", story)
        # Never the backup: os.replace means the slot is always the old file or the new one.
        assert not loaded.from_backup, (attempt, loaded.notices)
        assert loaded.state.turn >= last_turn, "a save went backwards"
        assert len(loaded.undo) > 0
        last_turn = loaded.state.turn
    assert last_turn > kills  # progress was really being saved between kills


def test_two_games_on_one_folder_never_corrupt_or_lose_writes(tmp_path: Path) -> None:
    processes = [start(tmp_path, "shared", "first"), start(tmp_path, "shared", "second")]
    try:
        for process in processes:
            wait_ready(process)
        time.sleep(1.0)
    finally:
        for process in processes:
            process.send_signal(signal.SIGKILL)
            process.wait(10)
    loaded = load_game(tmp_path, "shared", sample())
    assert not loaded.from_backup
    # Each process added one made-up clue per turn to the profile under the lock; a lost update
    # would leave a gap in one process's run of turns.
    clues = read_profile(tmp_path).clues("sample")
    assert not read_profile(tmp_path).problem
    for tag in ("first", "second"):
        turns = sorted(int(c.split("-")[1]) for c in clues if c.startswith(tag + "-"))
        assert turns, f"{tag} wrote nothing"
        # The last turn may have been killed between the save and the profile write.
        assert turns == list(range(turns[0], turns[-1] + 1)), f"{tag} lost profile updates"


def _save_forever(folder: Path, ready: int) -> None:
    """In a forked child: :func:`save_forever` on slot 'crash'; one byte on ``ready`` after
    the first save."""
    def on_save(state) -> None:
        nonlocal ready
        if ready >= 0:
            os.write(ready, b"r")
            os.close(ready)
            ready = -1

    save_forever(folder, "crash", sample(), on_save)


def test_a_hundred_and_twenty_kills_while_saving_never_lose_or_corrupt_the_slot(tmp_path: Path) -> None:
    # Forked from this process (the game is already imported), so each kill costs milliseconds
    # and 120 of them fit in a test run; seeded, so a failure can be replayed.
    rng = random.Random(20261201)
    story = sample()
    last_turn = -1
    for attempt in range(120):
        ready_r, ready_w = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: never returns into pytest
            try:
                os.close(ready_r)
                _save_forever(tmp_path, ready_w)
            finally:
                os._exit(0)
        os.close(ready_w)
        try:
            assert os.read(ready_r, 1) == b"r", f"attempt {attempt}: the child never saved"
        finally:
            os.close(ready_r)
        time.sleep(rng.uniform(0.0, 0.03))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        loaded = load_game(tmp_path, "crash", story)
        assert not loaded.from_backup, (attempt, loaded.notices)
        assert loaded.state.turn >= last_turn, "a save went backwards"
        last_turn = loaded.state.turn
    assert last_turn >= 120  # every child saved at least once, continuing from the slot
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    assert len(leftovers) <= 2  # each save clears what a killed one left (the last: file + backup temp)
