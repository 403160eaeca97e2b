"""Where a story's manifest is. Kept apart from the loader so that finding a story does not
import YAML: a warm start from the compiled cache never needs it."""

from __future__ import annotations

import os
from pathlib import Path

from game.core.errors import Finding, StoryError
from game.loading.files import manifest_above

MANIFEST_NAMES = ("story.yaml", "case.yaml")


def find_manifest(path: str | os.PathLike) -> Path:
    """The manifest file for ``path``: the file itself, or the manifest inside a folder."""
    p = Path(path)
    if p.is_dir():
        for name in MANIFEST_NAMES:
            # exists, not is_file: a FIFO or device named story.yaml is refused by the reader
            # with a message rather than passed over in silence
            if (p / name).exists():
                return _confined(p / name)
        above = manifest_above(p / MANIFEST_NAMES[0], MANIFEST_NAMES)
        hint = f"; this folder is part of the story at '{above.parent}'" if above is not None else ""
        if (p / "branch.yaml").exists():  # an author's branch, checked as if it were a story
            hint += f"; it holds a branch: check it over the story it extends with --branch {p}"
        raise StoryError([Finding(str(p), 0, 0, "E100",
                                  f"no story manifest here (looked for {' or '.join(MANIFEST_NAMES)}){hint}")])
    if not p.exists():
        raise StoryError([Finding(str(p), 0, 0, "E100", "no such file or folder")])
    return _confined(p)


def _confined(manifest: Path) -> Path:
    """The manifest, unless it is a symlink that leads out of its own folder."""
    folder = manifest.parent.resolve()
    real = manifest.resolve()
    if real.parent != folder and folder not in real.parents:
        raise StoryError([Finding(str(manifest), 1, 1, "E123",
                                  f"the manifest is a link to '{real}', outside the story folder: "
                                  "a story may only read files inside its folder")])
    return manifest


BRANCH_MANIFEST = "branch.yaml"


def find_branch(path: str | os.PathLike) -> Path:
    """The manifest of the branch at ``path``: the file itself, or ``branch.yaml`` in a folder."""
    p = Path(path)
    if p.is_dir():
        if (p / BRANCH_MANIFEST).is_file():
            return _confined(p / BRANCH_MANIFEST)
        raise StoryError([Finding(str(p), 0, 0, "E100", f"no branch manifest here (looked for {BRANCH_MANIFEST})")])
    if not p.exists():
        raise StoryError([Finding(str(p), 0, 0, "E100", "no such branch file or folder")])
    return _confined(p)
