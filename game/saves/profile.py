"""The player's profile: endings reached and clues ever found, across every playthrough.

Kept in ``profile.json`` in the save folder, apart from the slots, written by the same atomic
writer under the same lock (a read-modify-write, so two games never lose each other's
progress). The title screen reads it with :func:`read_profile` and :func:`story_progress`;
neither ever raises.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Any, Iterable, Mapping

from game.core.record import Record, field
from game.core.errors import SaveError
from game.core.model import Story
from game.saves.document import NewerSaveError, checksum, encode, parse_json, timestamp
from game.saves.fallback import Unreadable, read_with_backup
from game.saves.store import SaveFolder

PROFILE_FILE = "profile.json"
FORMAT = "ghostlight-profile"
VERSION = 1
_MAX_ENTRIES = 100_000


class EndingRecord(Record):
    """One ending reached: when first (ISO 8601 UTC) and how many times."""

    first: str
    times: int = 1


class StoryProgress(Record):
    """What the player has seen of one story, over all playthroughs."""

    clues: frozenset[str] = frozenset()
    endings: Mapping[str, EndingRecord] = field(default_factory=lambda: MappingProxyType({}))


class Profile(Record):
    """Every story's progress. ``problem`` is set when the file could not be read as it was."""

    stories: Mapping[str, StoryProgress] = field(default_factory=lambda: MappingProxyType({}))
    problem: str = ""

    def progress(self, story_id: str) -> StoryProgress:
        """The progress kept for ``story_id`` (empty if none)."""
        return self.stories.get(story_id, StoryProgress())

    def endings(self, story_id: str) -> frozenset[str]:
        """Ids of the endings of ``story_id`` ever reached."""
        return frozenset(self.progress(story_id).endings)

    def clues(self, story_id: str) -> frozenset[str]:
        """Ids of the clues of ``story_id`` ever found."""
        return self.progress(story_id).clues


class ProgressView(Record):
    """A story's progress as the title screen shows it: only what the story still has."""

    endings: tuple[tuple[str, str, bool], ...]  # (ending id, title, reached), in story order
    clues_found: int
    clues_total: int

    @property
    def endings_reached(self) -> int:
        return sum(1 for _id, _title, reached in self.endings if reached)


def story_progress(story: Story, profile: Profile) -> ProgressView:
    """What ``profile`` says of ``story``, ready to show: endings reached, clues ever found."""
    progress = profile.progress(story.id)
    endings = tuple((e.id, e.title, e.id in progress.endings) for e in story.endings.values())
    found = sum(1 for c in progress.clues if c in story.clues)
    return ProgressView(endings, found, len(story.clues))


# --- JSON ---------------------------------------------------------------------------------


def _to_json(profile: Profile) -> dict:
    stories = {}
    for story_id, progress in sorted(profile.stories.items()):
        stories[story_id] = {
            "clues": sorted(progress.clues),
            "endings": {e: {"first": r.first, "times": r.times} for e, r in sorted(progress.endings.items())},
        }
    document: dict[str, Any] = {"format": FORMAT, "version": VERSION, "stories": stories}
    document["checksum"] = checksum(document)
    return document


def _bad(what: str) -> SaveError:
    return SaveError(f"The profile is damaged: {what}.")


def _short_text(value: Any, what: str) -> str:
    if not isinstance(value, str) or not value or len(value) > 200:
        raise _bad(f"{what} is not a name")
    return value


def _from_json(document: Any) -> Profile:
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise SaveError("The profile is not a Ghost Light profile.")
    version = document.get("version")
    if isinstance(version, bool) or not isinstance(version, int):
        raise _bad("its version is not a number")
    if version > VERSION:
        raise NewerSaveError(f"The profile was written by a newer Ghost Light (format {version}); "
                             "it is left as it is.")
    try:
        expected = checksum(document)
    except (ValueError, RecursionError):
        raise _bad("its content cannot be checked") from None
    if document.get("checksum") != expected:
        raise _bad("its checksum does not match")
    stories_json = document.get("stories")
    if not isinstance(stories_json, dict) or len(stories_json) > _MAX_ENTRIES:
        raise _bad("'stories' is not a table")
    stories: dict[str, StoryProgress] = {}
    for story_id, entry in stories_json.items():
        _short_text(story_id, "a story id")
        if not isinstance(entry, dict):
            raise _bad(f"the entry for {story_id[:40]!r} is not a table")
        clues = entry.get("clues", [])
        endings = entry.get("endings", {})
        if not isinstance(clues, list) or not isinstance(endings, dict) or len(clues) > _MAX_ENTRIES:
            raise _bad(f"the entry for {story_id[:40]!r} has the wrong shape")
        records = {}
        for ending_id, record in endings.items():
            _short_text(ending_id, "an ending id")
            if not isinstance(record, dict):
                raise _bad(f"ending {ending_id[:40]!r} is not a table")
            times = record.get("times", 1)
            if isinstance(times, bool) or not isinstance(times, int) or not 0 < times < 2**53:
                raise _bad(f"ending {ending_id[:40]!r} has a bad count")
            first = record.get("first", "")
            if not isinstance(first, str) or len(first) > 100:
                raise _bad(f"ending {ending_id[:40]!r} has a bad date")
            records[ending_id] = EndingRecord(first, times)
        stories[story_id] = StoryProgress(frozenset(_short_text(c, "a clue id") for c in clues),
                                          MappingProxyType(records))
    return Profile(MappingProxyType(stories))


# --- reading and writing --------------------------------------------------------------------


def _folder(folder: SaveFolder | str) -> SaveFolder:
    return folder if isinstance(folder, SaveFolder) else SaveFolder(folder)


def _read(folder: SaveFolder) -> Profile:
    """The profile, from its backup if the file is damaged; SaveError only if neither is usable
    and something is there (a missing profile is an empty one). A newer game's profile is
    raised as NewerSaveError: not damage, to be left exactly as it is."""
    try:
        found = read_with_backup(folder, PROFILE_FILE, lambda data: _from_json(parse_json(data)),
                                 missing="The profile is missing.", refused=(NewerSaveError,))
    except Unreadable as exc:
        raise SaveError(exc.problem) from None
    if found is None:
        return Profile()
    profile, problem = found
    return Profile(profile.stories, f"{problem} Its backup was used instead.") if problem else profile


def read_profile(folder: SaveFolder | str) -> Profile:
    """The player's profile in ``folder``. Never raises: a profile that cannot be read is shown
    as empty, with ``problem`` saying why (and the file is left as it is)."""
    try:
        return _read(_folder(folder))
    except SaveError as exc:
        return Profile(problem=f"{exc} Your endings and clues cannot be shown.")


def record_progress(folder: SaveFolder | str, story_id: str, *, clues: Iterable[str] = (),
                    endings: Iterable[str] = (), now: float) -> Profile:
    """Add ``clues`` found and ``endings`` reached in ``story_id`` to the profile.

    ``now`` (epoch seconds, from the shell) dates a first ending. Writes only if something is
    new. Raises SaveError if the profile cannot be written; a damaged profile that cannot be
    read is not overwritten.
    """
    folder = _folder(folder)
    clues = frozenset(clues)
    endings = tuple(endings)
    with folder.locked():
        try:
            profile = _read(folder)  # inside the lock: another game may have just added to it
        except NewerSaveError:
            raise
        except SaveError as exc:
            # Neither the profile nor its backup can be read. Keep the damaged file for
            # whoever wants to look at it, and start a new profile rather than stop keeping one.
            kept = folder.set_aside(PROFILE_FILE)
            profile = Profile(problem=f"{exc} It was kept as {kept} and a new profile was started.")
        progress = profile.progress(story_id)
        new_clues = clues - progress.clues
        records = dict(progress.endings)
        for ending in endings:
            old = records.get(ending)
            records[ending] = EndingRecord(timestamp(now)) if old is None else EndingRecord(old.first, old.times + 1)
        if not new_clues and not endings:
            return profile
        stories = dict(profile.stories)
        stories[story_id] = StoryProgress(progress.clues | new_clues, MappingProxyType(records))
        updated = Profile(MappingProxyType(stories), profile.problem)
        folder.write(PROFILE_FILE, encode(_to_json(updated)), what="your profile")
        return updated

