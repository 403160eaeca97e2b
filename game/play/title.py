"""The title screen's loop: the title menu (game/ui/title.py draws it), with saves checked
before a choice is handed back and a question before a new game replaces an unfinished one.

Presentation only: the save machinery is asked for listings and loads, nothing else.
"""

from __future__ import annotations

from game.core.record import replace
from typing import Callable, Optional, Sequence

from game.core.errors import SaveError
from game.core.model import Story
from game.play.keeper import SaveKeeper
from game.ui.quitting import QuitAnswer
from game.ui.render import Renderer

Reader = Callable[[str], str]


def title_screen(story: Story, renderer: Renderer, read: Reader,
                 saves_dir: Optional[str] = None, branches: Sequence[tuple[str, bool]] = (),
                 toggle: Optional[Callable[[int], Sequence[tuple[str, bool]]]] = None,
                 confirm: Optional[Callable[[], QuitAnswer]] = None) -> tuple[str, Optional[str]]:
    """Show the title menu; returns ``("new", None)``, ``("load", slot)`` or ``("quit", None)``,
    or ``("branches", None)`` when the player switched installed branches on or off
    (``branches``: (label, on) for each; ``toggle(i)`` switches one and returns them anew).
    ``confirm()`` is asked on Ctrl-C, as in the game (see :meth:`Game.run`).

    A save is checked (read once) before the menu hands it back, so a damaged one is reported
    on the title screen and the player can choose again instead of the game stopping.
    """
    from game.ui.title import TitleInfo, info_from_records, title_menu

    keeper = None
    try:
        from game.saves.slots import default_save_folder
        from game.saves.profile import story_progress

        keeper = SaveKeeper(default_save_folder(saves_dir), story)
        info = info_from_records(story, keeper.slots(), story_progress(story, keeper.profile()))
    except SaveError as exc:
        renderer.notice(str(exc))
        info = TitleInfo(story.title, endings=tuple((x.id, x.title) for x in story.endings.values()),
                         clues_total=len(story.clues))
    chosen: list[str] = []

    def load(slot: str) -> Optional[str]:
        if keeper is None:
            return "Saved games cannot be read now."
        try:
            keeper.load(slot)
        except SaveError as exc:
            return str(exc)
        chosen.append(slot)
        return None

    if branches:
        info = replace(info, branches=tuple(branches))
    switch = None if toggle is None else (lambda i: replace(info, branches=tuple(toggle(i))))
    while True:
        result = title_menu(renderer.say, read, info, renderer.look, load, toggle=switch, confirm=confirm)
        if result == "branches":
            return "branches", None
        if result == "loaded":
            return "load", chosen[-1]
        if result == "quit":
            _farewell(keeper, renderer)
        if result != "new" or keeper is None or _may_replace(keeper, renderer, read):
            return result, None


def _farewell(keeper: Optional[SaveKeeper], renderer: Renderer) -> None:
    """Quit (or Ctrl-D) at the title: where the game in progress is saved, as the game itself
    says when it closes, then goodbye; nothing is saved here, so only a save already there is named."""
    if keeper is not None:
        try:
            slot = keeper.autosave_slot
            there = any(s.slot == slot and getattr(s, "header", None) for s in keeper.slots())
        except SaveError:
            there = False
        if there:
            # A finished game has no Continue on the title (it offers Case summary instead).
            ending = _finished(keeper)
            renderer.notice(keeper.where_finished(slot, ending) if ending else keeper.where_saved(slot))
    renderer.notice("Goodbye.")


def _finished(keeper: SaveKeeper) -> str:
    """The ending's title of the finished game in the autosave, or ""."""
    try:
        slot = keeper.autosave_slot
        for info in keeper.slots():
            header = getattr(info, "header", None)
            if info.slot == slot and header is not None:
                return header.summary.ending or ""
    except SaveError:
        pass  # an unreadable folder: nothing to say, the new game still starts
    return ""


def _may_replace(keeper: SaveKeeper, renderer: Renderer, read: Reader) -> bool:
    """Asked before "New game" when an unfinished game is in the autosave (it is then kept as
    a slot of its own, not lost; see SaveKeeper.keep_unfinished)."""
    from game.saves.autosave import unfinished

    if unfinished(keeper.folder, keeper.story) is None:
        # No question (issue 11, item 15c): a finished game is kept as finished-N before the
        # new one takes the autosave, and the game says so then (SaveKeeper.keep_finished).
        return True
    renderer.notice("You have an unfinished game. Starting a new one keeps it as a saved game you can "
                    "load later.")
    try:
        answer = read("Start a new game? Type y to start, Enter to go back: ")
    except (EOFError, KeyboardInterrupt):
        return False
    return answer.strip().lower() in ("y", "yes")
