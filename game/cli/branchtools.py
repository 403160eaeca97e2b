"""Branches on the command line: ``--branch PATH`` and ``ghostlight branches``.

Installed branches live in one folder, each in its own sub-folder with a ``branch.yaml``:
``$GHOSTLIGHT_BRANCHES`` when set, else ``branches/`` beside the save folder (the user data
folder, e.g. ``~/.local/share/ghostlight/branches``). Sharing a branch is copying its folder
there; ``ghostlight branches`` lists what is installed and whether each fits the case.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Mapping, Optional

from game.core.words import clip

ENV_VAR = "GHOSTLIGHT_BRANCHES"
MAX_INSTALLED = 200  # folders looked at; more is not a collection of branches but a mistake


def add_branch_option(parser: argparse.ArgumentParser) -> None:
    """``--branch PATH``, repeatable: branches to layer over the story."""
    parser.add_argument("--branch", action="append", default=[], metavar="PATH",
                        help="a branch folder (or its branch.yaml) to play over the story; repeat for more. "
                             "Branches apply in the order of their ids")


def add_branches_command(commands) -> None:
    """Register ``branches`` (on a :class:`game.cli.main.Commands`)."""
    branches = commands.add("branches", help="list the branches installed in the user data folder")
    if branches is not None:
        branches.add_argument("story_path", nargs="?", metavar="PATH", help="the story they should fit (default: the case)")
        branches.add_argument("--folder", metavar="DIR", help=f"the branches folder (default: ${ENV_VAR} or the user data folder)")


def installed_folder(override: Optional[str] = None, environ: Mapping[str, str] = os.environ) -> Path:
    """The folder of installed branches (see the module's docstring)."""
    if override:
        return Path(override).expanduser()
    if environ.get(ENV_VAR):
        return Path(environ[ENV_VAR]).expanduser()
    from game.saves.slots import default_save_folder

    return default_save_folder(environ=environ).parent / "branches"


def installed(folder: Path) -> list[Path]:
    """The branch folders in ``folder`` (those with a branch.yaml), sorted by name."""
    try:
        entries = sorted(folder.iterdir())[:MAX_INSTALLED]
    except OSError:
        return []
    return [p for p in entries if (p / "branch.yaml").is_file()]


def cmd_branches(args: argparse.Namespace) -> int:
    """``ghostlight branches``: each installed branch, what it extends, and whether it fits."""
    from game.cli.main import _story_arg
    from game.loading.branches import read_layered

    folder = installed_folder(args.folder)
    found = installed(folder)
    if not found:
        print(f"No branches installed in {folder}. To install one, copy its folder there.")
        return 0
    print(f"Branches in {folder}:")
    for path in found:
        story, findings, _sources, layered = read_layered(_story_arg(args.story_path), [path])
        errors = [f for f in findings if f.is_error]
        if story is None or not layered.branches:
            first = errors[0] if errors else None
            print(f"  {path.name}: does not load ({len(errors)} error{'s' if len(errors) != 1 else ''})"
                  + (f": {first}" if first else ""))
            continue
        b = layered.branches[0]
        versions = ", ".join(str(v) for v in b.written_for) or "any"
        warnings = len(findings) - len(errors)
        note = f"; {warnings} warning{'s' if warnings != 1 else ''}" if warnings else ""
        print(f"  {b.id}: {_clean(b.title)} (extends {b.extends}, written for version {versions}{note})")
        if b.description:
            print(f"      {_clean(b.description)}")
        print(f"      play it: ghostlight play --branch {path}")
    return 0


class TitleBranches:
    """The installed branches the title screen offers, which are on, and remembering it.

    Installed branches are switched on and off only on the title screen, and what the player
    chose is remembered beside the profile (:mod:`game.saves.branchchoice`). ``--branch`` on
    the command line, ``--new``, ``--load`` and piped play never read it, so a script plays the
    same story wherever it runs.
    """

    def __init__(self, story_id: str, saves_dir: Optional[str], folder: Optional[str] = None) -> None:
        from game.loading.branches import manifest_words  # YAML: only when branches are installed
        from game.saves.branchchoice import read_choice
        from game.saves.slots import default_save_folder

        self.story_id, self.saves = story_id, default_save_folder(saves_dir)
        self.paths = installed(installed_folder(folder))
        words = [manifest_words(p / "branch.yaml") for p in self.paths]
        # Only branches for this story are offered; the others are listed by `ghostlight branches`.
        keep = [i for i, w in enumerate(words) if w.get("extends") in (None, story_id)]
        self.paths = [self.paths[i] for i in keep]
        self.labels = [_clean(words[i].get("title") or self.paths[n].name) for n, i in enumerate(keep)]
        chosen, self.problem = read_choice(self.saves, story_id)
        self.on = [p.name in chosen for p in self.paths]

    def rows(self) -> list[tuple[str, bool]]:
        return list(zip(self.labels, self.on))

    def toggle(self, index: int) -> list[tuple[str, bool]]:
        self.on[index] = not self.on[index]
        return self.rows()

    def enabled(self) -> list[Path]:
        return [p for p, on in zip(self.paths, self.on) if on]

    def remember(self) -> str:
        """Write the choice; returns a problem to tell the player, or ""."""
        from game.core.errors import SaveError
        from game.saves.branchchoice import write_choice

        try:
            write_choice(self.saves, self.story_id, [p.name for p in self.enabled()])
        except SaveError as exc:
            return f"{exc} The branches stay as chosen for this game."
        return ""


def title_with_branches(story, story_path: Path, args: argparse.Namespace, renderer, make_renderer, read,
                        confirm=None):
    """The title screen, offering the installed branches (unless ``--branch`` chose already):
    switching any reloads the story with them and shows the title again. Returns the choice,
    the slot, and the story and renderer to play with."""
    from game.loading.cache import load_story_cached
    from game.play.title import title_screen

    from game.core.errors import StoryError

    picker = None if args.branch else TitleBranches(story.id, args.saves)
    if picker is None or not picker.paths:
        choice, slot = title_screen(story, renderer, read, args.saves, confirm=confirm)
        return choice, slot, story, renderer
    notices = [picker.problem] if picker.problem else []
    kept = [False] * len(picker.on)  # what loads: the story alone, until the chosen set does
    switched = False  # the player switched branches on this title screen: remember the choice
    while True:
        if picker.on != kept:
            try:
                story = load_story_cached(story_path, branches=picker.enabled())
                kept = list(picker.on)
                renderer = make_renderer(story)
            except StoryError as exc:
                first = exc.findings[0] if exc.findings else "it has errors"
                notices.append(f"Those branches do not load with this story ({first}); "
                               "they were switched back off. `ghostlight branches` shows what is wrong.")
                picker.on = list(kept)
        if switched:
            notices += [p for p in [picker.remember()] if p]
        for notice in notices:
            renderer.notice(notice)
        notices = []
        choice, slot = title_screen(story, renderer, read, args.saves, branches=picker.rows(), toggle=picker.toggle,
                                    confirm=confirm)
        if choice != "branches":
            args.branch = [str(p) for p in picker.enabled()]  # what --watch reloads with
            return choice, slot, story, renderer
        switched = True


def _clean(text: str) -> str:
    """Branch text is the author's: shown as plain characters, never as terminal escapes."""
    return clip(text, 200)


def with_branches(where: str, branches: list[str]) -> str:
    """``where``, naming the branches over it (for tool summaries)."""
    if not branches:
        return where
    return f"{where} with branch{'es' if len(branches) > 1 else ''} {', '.join(branches)}"


__all__ = ["add_branch_option", "add_branches_command", "cmd_branches", "installed_folder", "installed",
           "with_branches", "ENV_VAR", "TitleBranches", "title_with_branches"]
