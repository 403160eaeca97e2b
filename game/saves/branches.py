"""Saves and branches: a save records the branches its game was played with.

The document holds ``"branches": [{"id": ..., "hash": ...}]`` (only when there are any), in the
order they were applied. Loading compares it with the branches enabled now:

- a branch the save was made with that is not enabled now: the save is refused, naming the
  branch and how to enable it; nothing is written, so nothing is lost;
- a branch whose content changed since: the game is fitted to it as to an edited story
  (:mod:`game.saves.fit`), and the player is told which branch changed;
- a branch enabled now that the save was made without: the game goes on, and the player is
  told that the branch joins from here.

A game with branches autosaves to its own slot (``autosave-<story>-<hash of the branch ids>``),
so playing the case alone never continues, nor overwrites, a game played with branches.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

from game.core.model import Story

MAX_BRANCHES = 64  # branches a save may name; more is not a save this game wrote


class MissingBranch(Exception):
    """The save needs a branch that is not enabled: the message says which (a SaveRefused is
    raised from it by :mod:`game.saves.document`)."""


def record(story: Story) -> list[dict[str, str]]:
    """What the document keeps of the story's branches."""
    return [{"id": branch, "hash": digest} for branch, digest in story.branches]


def _saved(document: dict) -> list[tuple[str, str]]:
    raw: Any = document.get("branches", [])
    if not isinstance(raw, list) or len(raw) > MAX_BRANCHES:
        raise ValueError("its list of branches is not one")
    out = []
    for entry in raw:
        if not (isinstance(entry, dict) and isinstance(entry.get("id"), str) and isinstance(entry.get("hash"), str)):
            raise ValueError("its list of branches is not one")
        out.append((entry["id"][:100], entry["hash"][:100]))
    return out


def compare(document: dict, story: Story) -> list[str]:
    """Notices for a save's branches against the story's; raises :class:`MissingBranch` (or
    ValueError for a malformed list) when the save cannot be played without a branch."""
    saved = dict(_saved(document))
    now = dict(story.branches)
    missing = [b for b in saved if b not in now]
    if missing:
        names = ", ".join(f"'{_shown(b)}'" for b in missing)
        plural = "es" if len(missing) > 1 else ""
        raise MissingBranch(f"This game was played with the branch{plural} {names}, which "
                            f"{'are' if missing[1:] else 'is'} not enabled now. Enable {'them' if missing[1:] else 'it'} "
                            "to load it (ghostlight play --branch PATH, or switch it on at the title screen). "
                            "The save is left as it is.")
    notices = [f"The branch '{_shown(b)}' has changed since this game was saved; the game was fitted to it."
               for b, digest in saved.items() if now[b] != digest]
    notices += [f"The branch '{_shown(b)}' was not enabled when this game was saved; it joins the game from here."
                for b in now if b not in saved]
    return notices


def autosave_suffix(story: Story) -> str:
    """The part of the autosave slot that tells games with branches apart ("" without any)."""
    if not story.branches:
        return ""
    return hashlib.sha256(" ".join(sorted(b for b, _ in story.branches)).encode()).hexdigest()[:6]


def _shown(text: str) -> str:
    return re.sub(r"[^\w.\-]", "?", text)[:60]


__all__ = ["record", "compare", "autosave_suffix", "MissingBranch"]
