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
from save_helpers import SAMPLE, sample

pytestmark = [pytest.mark.slow, pytest.mark.skipif(os.name != "posix", reason="needs SIGKILL")]

# A game that keeps walking between two rooms and saving after every step, continuing from
# the slot when it exists (so a lost save would show as the turn count going backwards).
SAVER = r"""
from game.core import record
import sys
from game.core import engine as e
from game.loading.loader import load_story
from game.saves.slots import SaveKeeper

class Session:
    def __init__(self, story, state):
        self.story, self.state, self.undo, self.transcript = story, state, [], []

folder, story_path, slot = sys.argv[1], sys.argv[2], sys.argv[3]
story = load_story(story_path)
keeper = SaveKeeper(folder, story)
session = Session(story, e.new_game(story)[0])
try:
    keeper.load(slot, session)
except Exception:
    pass
first = True
while True:
    if session.state.time <= 1:  # never let the act time out: the walk can go on for ever
        session.state = record.replace(session.state, time=8)
    actions = e.available_actions(story, session.state)
    action = next((a for a in actions if isinstance(a, e.Go)), actions[0])
    new, _ = e.step(story, session.state, action)
    session.undo.append(session.state)
    session.transcript.append(action.label)
    session.state = new
    keeper.save(slot, session)
    if len(sys.argv) > 4:
        keeper.note_progress(clues=[f"{sys.argv[4]}-{new.turn}"])
    if first:
        print("ready", flush=True)
        first = False
"""


def start(folder: Path, slot: str, tag: str = "") -> subprocess.Popen:
    args = [sys.executable, "-c", SAVER, str(folder), str(SAMPLE), slot] + ([tag] if tag else [])
    return subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def wait_ready(process: subprocess.Popen) -> None:
    line = process.stdout.readline()
    assert line.strip() == "ready", process.stderr.read()


def test_killed_at_random_moments_the_slot_always_loads(tmp_path: Path) -> None:
    rng = random.Random(20251125)
    story = sample()
    last_turn = -1
    kills = 30
    started = time.monotonic()
    for attempt in range(kills):
        process = start(tmp_path, "crash")
        try:
            wait_ready(process)
            time.sleep(rng.uniform(0.0, 0.06))
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
    assert time.monotonic() - started < 60


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
