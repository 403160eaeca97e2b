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

ENV_VAR = "GHOSTLIGHT_BRANCHES"
MAX_INSTALLED = 200  # folders looked at; more is not a collection of branches but a mistake


def add_branch_option(parser: argparse.ArgumentParser) -> None:
    """``--branch PATH``, repeatable: branches to layer over the story."""
    parser.add_argument("--branch", action="append", default=[], metavar="PATH",
                        help="a branch folder (or its branch.yaml) to play over the story; repeat for more. "
                             "Branches apply in the order of their ids")


def add_branches_command(sub) -> None:
    branches = sub.add_parser("branches", help="list the branches installed in the user data folder")
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


def _clean(text: str) -> str:
    """Branch text is the author's: shown as plain characters, never as terminal escapes."""
    return "".join(ch if ch.isprintable() else " " for ch in text)[:200]


def with_branches(where: str, branches: list[str]) -> str:
    """``where``, naming the branches over it (for tool summaries)."""
    if not branches:
        return where
    return f"{where} with branch{'es' if len(branches) > 1 else ''} {', '.join(branches)}"


__all__ = ["add_branch_option", "add_branches_command", "cmd_branches", "installed_folder", "installed",
           "with_branches", "ENV_VAR"]
