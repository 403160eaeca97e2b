"""Play options for authors: start anywhere (``--from``/``--with``) and reload on save (``--watch``)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Callable, Optional, Sequence

from game.core import engine as e
from game.core.errors import GameError
from game.core.words import did_you_mean
from game.loading.branches import read_layered
from game.loading.loader import find_manifest
from game.loading.locate import find_branch
from game.core.model import Story
from game.core.state import GameState
from game.authoring.facts import collect
from game.authoring.acts import act_view
from game.authoring.reach import reach


def start_state(story: Story, scene_id: str, given: str = "") -> tuple[GameState, tuple]:
    """A new game standing in ``scene_id``, holding the ids listed in ``given``.

    ``given`` is a comma-separated list of clue, item and flag ids, ``counter=N`` settings,
    ``time=N`` (the turns left in the act, as conditions read ``time``; by default the act's
    whole clock), topic ids (as already asked), statement ids (as already broken), deduction
    ids (as already confirmed) and at most one act id (the act to be in; by default the first
    act whose play can reach the scene). The scene is entered as if the player had just walked in: its
    ``on_enter`` effects run and scheduled events are checked, as in a new game.
    """
    if scene_id not in story.scenes:
        hint = did_you_mean(scene_id, story.scenes)
        raise GameError(f"--from: there is no scene '{scene_id}'{hint}")
    clues, items, flags, asked, broken, confirmed = set(), set(), set(), set(), set(), set()
    counters = dict(story.counters)
    act_id: Optional[str] = None
    time_left: Optional[int] = None
    for raw in (x.strip() for x in given.split(",")):
        if not raw:
            continue
        name, eq, amount = raw.partition("=")
        name = name.strip()
        if eq and name == "time":
            time_left = _whole(name, amount)
        elif eq:
            if name not in story.counters:
                raise GameError(f"--with: '{name}' is not a counter{did_you_mean(name, story.counters)}")
            counters[name] = _whole(name, amount)
        elif name in story.clues:
            clues.add(name)
        elif name in story.items:
            items.add(name)
        elif name in story.flags:
            flags.add(name)
        elif name in story.topics:
            asked.add(name)
        elif name in story.statements:
            broken.add(name)
        elif name in story.deductions:
            confirmed.add(name)
        elif name in story.acts:
            act_id = name
        else:
            known = [*story.clues, *story.items, *story.flags, *story.topics, *story.deductions, *story.acts]
            raise GameError(f"--with: '{name}' is not a clue, item, flag, counter, topic, statement, "
                            f"deduction or act{did_you_mean(name, known)}")
    if act_id is None:
        facts = collect(story)
        view = act_view(story, facts, reach(story, facts))
        acts = view.scene_acts.get(scene_id) or {story.first_act}
        act_id = min(acts, key=lambda a: story.acts[a].number)
    act = story.acts[act_id]
    if time_left is not None and not 1 <= time_left <= act.time:
        raise GameError(f"--with: time={time_left} is outside act '{act.id}', whose clock runs "
                        f"from {act.time} turns left down to 1")
    state = GameState(scene="", act=act.id, time=act.time if time_left is None else time_left, credibility=act.credibility,
                      clues=frozenset(clues), items=frozenset(items), flags=frozenset(flags),
                      counters=tuple(sorted((k, v) for k, v in counters.items() if v)),
                      asked=frozenset(asked), broken=frozenset(broken), confirmed=frozenset(confirmed))
    state, entered = e.enter_scene(story, state, scene_id)
    return state, (e.ActStarted(act.id, act.number, act.title), *entered)


def _whole(name: str, amount: str) -> int:
    try:
        return int(amount)
    except ValueError:
        raise GameError(f"--with: {name}={amount} needs a whole number") from None


class Watcher:
    """Notices when any story file under the story's folder is added, removed or saved."""

    def __init__(self, path: Path, locate: Callable[[Path], Path] = find_manifest) -> None:
        self.path, self.locate = path, locate  # locate: a story's manifest, or a branch's
        self.snapshot = self._snap()

    def _snap(self) -> tuple:
        try:
            folder = self.locate(self.path).resolve().parent
        except GameError:
            return ()
        out = []
        for root, _dirs, files in os.walk(folder):
            for name in files:
                if name.endswith((".yaml", ".yml")):
                    full = os.path.join(root, name)
                    try:
                        info = os.stat(full)
                    except OSError:
                        continue
                    out.append((full, info.st_mtime_ns, info.st_size))
        return tuple(sorted(out))

    def changed(self) -> bool:
        now = self._snap()
        if now != self.snapshot:
            self.snapshot = now
            return True
        return False


def refit(state: GameState, old: Story, new: Story) -> tuple[GameState, list[str]]:
    """``state`` carried over to an edited story, by the same rules a save is loaded by."""
    from game.saves.fit import fit_state
    from game.saves.codec import check_state_json, state_from_json, state_to_json

    data = check_state_json(state_to_json(state, old))
    fitted, notices = fit_state(data, new)
    return state_from_json(fitted, new), list(notices)


def watching(game, path: Path, branches: Sequence[str] = ()) -> Callable[[str], str]:
    """Wrap ``game.read`` so that, before each line is read, an edited story is reloaded.

    The state is kept (fitted to the new story as a save would be); a story that no longer
    loads is reported, one line per error, and play goes on with the story as it was.
    """
    read = game.read
    watchers = [Watcher(path), *(Watcher(Path(b), find_branch) for b in branches)]

    def read_line(prompt: str) -> str:
        changed = [w.changed() for w in watchers]  # each one asked: every snapshot moves on
        if any(changed):
            reload(game, path, branches)
        return read(prompt)

    return read_line


def reload(game, path: Path, branches: Sequence[str] = ()) -> bool:
    story, findings, _sources, _layered = read_layered(path, branches)
    if story is None:
        errors = [f for f in findings if f.is_error]
        game.r.notice(f"The story was edited but does not load ({len(errors)} error{'s' if len(errors) != 1 else ''}); "
                      "still playing the previous version:")
        for finding in errors[:10]:
            game.r.notice(str(finding))
        return False
    old = game.session.story
    state, notices = refit(game.session.state, old, story)
    game.session.story = story  # the one holder: the renderer and the saves follow it
    game.session.state = state
    game.session.undo.clear()  # earlier states belong to the old story
    game.r.notice("The story was edited: reloaded, and your place in it kept.")
    for message in notices:
        game.r.notice(message)
    if not state.ended:
        game.look()
        game.show_menu()
    return True


__all__ = ["start_state", "Watcher", "watching", "refit", "reload"]
