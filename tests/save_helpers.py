"""Helpers shared by the save tests: the sample story, a scripted playthrough, edited copies of
the story, a game loop writing to a buffer, and re-sealing a save after changing it."""

from __future__ import annotations

from game.core import record
import io
import json
import re
import shutil
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable, Optional

from rich.console import Console

from game.core import engine as e
from game.play.session import Game, Session
from game.loading.loader import load_story
from game.core.model import Story
from game.saves.document import checksum
from game.play.keeper import SaveKeeper
from game.core.state import GameState
from game.ui.render import Renderer

SAMPLE = Path(__file__).resolve().parent / "stories" / "sample"
FIXTURES = Path(__file__).resolve().parent / "saves"


@lru_cache(maxsize=1)
def sample() -> Story:
    return load_story(SAMPLE)


def pick(story: Story, state: GameState, text: str) -> e.Action:
    """The available action whose label contains ``text`` (exactly one must)."""
    found = [a for a in e.available_actions(story, state) if text.lower() in a.label.lower()]
    assert len(found) == 1, (text, [a.label for a in e.available_actions(story, state)])
    return found[0]


#: the sample story solved, as labels of the menu (or actions where there is no menu)
SOLUTION: tuple = (
    "Go in", "Look under the piano", "Talk to the pianist", "Her cuff", "Her afternoon", "Next statement",
    e.Present("ink_stain"), "Leave",
    e.Deduce("who_tore", (("who_tore.who", "pianist"), ("who_tore.proof", "ink_stain"),
                          ("who_tore.why", "jealous"))),
    "Wait for evening", "Go on", "Make the accusation", "Ida Marsh", "Jealousy", "Ink on the cuff", "Make it final",
)


def play(story: Story, steps: Iterable, session: Optional[Session] = None) -> Session:
    """Apply ``steps`` (labels or actions) to ``session`` (a new game by default)."""
    if session is None:
        session = Session(story, e.new_game(story)[0])
    for step in steps:
        action = pick(story, session.state, step) if isinstance(step, str) else step
        before = session.state
        session.apply(action)
        assert session.state is not before, f"step {step!r} changed nothing"
    return session


def wander(story: Story, count: int, seed: int = 1) -> Session:
    """A session of ``count`` state-changing steps walking between the hall and the study
    (long undo histories without ending the story)."""
    session = Session(story, e.new_game(story)[0])
    play(story, ["Go in"], session)
    while len(session.undo) < count:
        here = session.state.scene
        play(story, ["Go to The Study" if here == "hall.main" else "Go to The Hall"], session)
        if session.state.time <= 1:  # keep the act from timing out: rewind time, keep history
            session.state = record.replace(session.state, time=8)
    return session


def edited_sample(tmp_path: Path, *edits: tuple[str, str], name: str = "edited") -> Story:
    """A copy of the sample story with regex ``(pattern, replacement)`` edits applied to every file."""
    folder = tmp_path / name
    shutil.copytree(SAMPLE, folder)
    for path in folder.glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        for pattern, replacement in edits:
            text = re.sub(pattern, replacement, text)
        path.write_text(text, encoding="utf-8")
    return load_story(folder)


def reseal(path: Path, change: Callable[[dict], None]) -> None:
    """Change a save file's JSON with ``change`` and write it back with a correct checksum."""
    document = json.loads(path.read_text(encoding="utf-8"))
    change(document)
    document["checksum"] = checksum(document)
    path.write_text(json.dumps(document), encoding="utf-8")


class FakeClock:
    """Epoch and monotonic clocks the test moves by hand."""

    def __init__(self, epoch: float = 1_750_000_000.0) -> None:
        self.epoch = epoch
        self.mono = 100.0

    def advance(self, seconds: float) -> None:
        self.epoch += seconds
        self.mono += seconds

    def time(self) -> float:
        return self.epoch

    def monotonic(self) -> float:
        return self.mono


def keeper(folder: Path, story: Optional[Story] = None, clock: Optional[FakeClock] = None) -> SaveKeeper:
    clock = clock or FakeClock()
    return SaveKeeper(folder, story or sample(), clock=clock.time, ticker=clock.monotonic)


def run_game(lines: list[str], folder: Path, story: Optional[Story] = None,
             session: Optional[Session] = None, saves: Optional[SaveKeeper] = None) -> tuple[Game, str]:
    """Run the game loop over ``lines`` (then end of input); returns the game and what it printed."""
    story = story or sample()
    if session is None:
        state, opening = e.new_game(story)
        session = Session(story, state)
    else:
        opening = ()
    out = io.StringIO()
    console = Console(file=out, width=1000, highlight=False, markup=False, emoji=False, no_color=True)
    feed = iter(lines)

    def read(prompt: str) -> str:
        try:
            return next(feed)
        except StopIteration:
            raise EOFError from None

    game = Game(session, Renderer(story, console, True), read, saves=saves or keeper(folder, story))
    game.run(opening)
    return game, out.getvalue()


def save_bomb(story: Story, *, ids: int, steps: int, slot: str = "bomb") -> bytes:
    """A save file with a valid checksum whose undo history is as costly to rebuild as the file
    format lets it be: the state holds ``ids`` clue ids and each of ``steps`` undo diffs changes
    that set by one id, so every earlier state would need the whole set rebuilt (issue 13)."""
    from game.saves.document import build_save, encode

    state = e.new_game(story)[0]
    document = build_save(story, state, (), (), slot=slot, saved_at=1_750_000_000.0, played=0)
    names = [f"x{n:06d}" for n in range(ids)]
    document["state"] = {**document["state"], "clues": names}
    document["undo"] = [{"label": f"step {n}", "diff": {"clues": {"-": [names[n % ids]]}}} for n in range(steps)]
    document["checksum"] = checksum({k: v for k, v in document.items() if k != "checksum"})
    return encode(document)


def save_forever(folder: Path, slot: str, story: Story, on_save: Callable[[GameState], None]) -> None:
    """Continue ``slot`` (or a new game), walk between rooms and save after every step, for
    ever; ``on_save(state)`` after each save. The body of the SIGKILL tests' children."""
    keeper_ = SaveKeeper(folder, story)
    session = Session(story, e.new_game(story)[0])
    try:
        keeper_.load(slot, session)
    except Exception:
        pass
    while True:
        if session.state.time <= 1:  # never let the act time out: the walk can go on for ever
            session.state = record.replace(session.state, time=8)
        actions = e.available_actions(story, session.state)
        session.apply(next((a for a in actions if isinstance(a, e.Go)), actions[0]))
        keeper_.save(slot, session)
        on_save(session.state)


def refuse_temp_files(monkeypatch) -> None:
    """Make the save folder refuse new files (as a read-only folder does) for the rest of a test:
    every temp file a write starts with is refused with EACCES."""
    import errno
    import os

    real_open = os.open

    def refusing_open(path, flags, *args, **kwargs):
        if flags & os.O_CREAT and str(path).endswith(".tmp"):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", refusing_open)
