"""Where a story's manifest is. Kept apart from the loader so that finding a story does not
import YAML: a warm start from the compiled cache never needs it."""

from __future__ import annotations

import os
from pathlib import Path

from game.core.errors import Finding, StoryError

MANIFEST_NAMES = ("story.yaml", "case.yaml")


def find_manifest(path: str | os.PathLike) -> Path:
    """The manifest file for ``path``: the file itself, or the manifest inside a folder."""
    p = Path(path)
    if p.is_dir():
        for name in MANIFEST_NAMES:
            if (p / name).is_file():
                return p / name
        raise StoryError([Finding(str(p), 0, 0, "E100",
                                  f"no story manifest here (looked for {' or '.join(MANIFEST_NAMES)})")])
    if not p.exists():
        raise StoryError([Finding(str(p), 0, 0, "E100", "no such file or folder")])
    return p


BRANCH_MANIFEST = "branch.yaml"


def find_branch(path: str | os.PathLike) -> Path:
    """The manifest of the branch at ``path``: the file itself, or ``branch.yaml`` in a folder."""
    p = Path(path)
    if p.is_dir():
        if (p / BRANCH_MANIFEST).is_file():
            return p / BRANCH_MANIFEST
        raise StoryError([Finding(str(p), 0, 0, "E100", f"no branch manifest here (looked for {BRANCH_MANIFEST})")])
    if not p.exists():
        raise StoryError([Finding(str(p), 0, 0, "E100", "no such branch file or folder")])
    return p
