"""The title screen: the game's name, the menu, and the endings found so far.

It draws only what it is given (:class:`TitleInfo`), so it does not care where saves and the
player's profile come from; ``game.play.title.title_screen`` runs the menu.
"""

from __future__ import annotations

from typing import Callable, Optional, Sequence

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.text import Text

from game.core.record import Record, field
from game.ui.look import Hanging, Look, frame
from game.ui.quitting import QuitAnswer
from game.ui.savelist import format_when
from game.core.words import clip
from game.ui.text import clean, shown

TAGLINE = "A murder mystery for the terminal"


class SaveInfo(Record):
    """One saved game as the title screen lists it."""

    slot: str
    saved_at: str = ""
    summary: str = ""
    ended: bool = False  # a finished game: the title offers its case summary, not "Continue"


class TitleInfo(Record):
    """What the title screen shows. ``saves`` newest first; ``endings`` maps id -> title."""

    title: str
    saves: Sequence[SaveInfo] = ()
    endings: Sequence[tuple[str, str]] = ()  # every ending of the story, (id, title), story order
    endings_found: frozenset[str] = field(default_factory=frozenset)
    clues_seen: int = 0
    clues_total: int = 0
    branches: Sequence[tuple[str, bool]] = ()  # installed branches, (label, switched on), in order


class TitleOption(Record):
    """A line of the title menu: ``key`` is what the app acts on, ``words`` what may be typed."""

    key: str
    label: str
    words: tuple[str, ...]


def title_options(info: TitleInfo) -> list[TitleOption]:
    """The menu, in order; continue and load appear only when there is a save."""
    options = [TitleOption("new", "New game", ("new", "start", "begin"))]
    if info.saves:
        latest, done = info.saves[0], finished_save(info)
        if not latest.ended:
            options.append(TitleOption("continue", f"Continue ({_detail(latest)})", ("continue", "resume")))
        if done is not None:
            # Nothing to continue in a finished game (T4-17): its summary, then the title. The
            # newest finished one is offered even when another game is newer (kept as finished-N).
            words = ("summary", "case") + (("continue",) if latest.ended else ())
            options.append(TitleOption("summary", f"Case summary ({_detail(done)})", words))
        options.append(TitleOption("load", "Load a saved game", ("load", "saves")))
    if info.branches:
        on = sum(1 for _label, enabled in info.branches if enabled)
        options.append(TitleOption("branches", f"Branches: {on} of {len(info.branches)} on", ("branches", "branch")))
    found = len(info.endings_found & {e for e, _t in info.endings})
    options.append(TitleOption("endings", f"Endings found: {found} of {len(info.endings)}", ("endings", "ending")))
    options.append(TitleOption("quit", "Quit", ("quit", "exit", "leave")))
    return options


def finished_save(info: TitleInfo) -> Optional[SaveInfo]:
    """The newest finished game among the saves (its case summary is on the menu), or None."""
    return next((s for s in info.saves if s.ended), None)


def _detail(save: SaveInfo) -> str:
    return " - ".join(clean(x) for x in (save.slot, save.summary or save.saved_at) if x)


def spaced(title: str) -> str:
    """``GHOST LIGHT`` as ``G H O S T   L I G H T``: a title without a font."""
    return "   ".join(" ".join(word) for word in clean(title).upper().split())


class TitleScreen:
    """The name of the game in a lit frame, a tagline, and the numbered menu."""

    def __init__(self, info: TitleInfo, look: Look) -> None:
        self.info, self.look = info, look

    def renderable(self, width: int) -> RenderableType:
        info, look = self.info, self.look
        menu = [Text(f"{n}. ").append(o.label) if look.plain
                else Hanging(Text(f"{n}. ", style=look.style("number")), Text(o.label))
                for n, o in enumerate(title_options(info), 1)]
        if look.plain:
            return Group(Text(clean(info.title)), Text(TAGLINE), Text(""), *menu)
        big = spaced(info.title)
        name = Text(big if len(big) + 4 <= width else clean(info.title).upper(),
                    style="bold bright_white", justify="center")
        lamp = Text("·  ✦  ·", style=look.style("act"), justify="center")
        head = Group(Text(""), lamp, name, Text(TAGLINE, style=look.style("dim"), justify="center"), Text(""))
        return Group(frame(look, head, style="act"), *menu)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self.renderable(options.max_width)


class EndingsList:
    """Endings found so far by title; the rest stay hidden as ``???`` so nothing is spoiled."""

    def __init__(self, info: TitleInfo, look: Look) -> None:
        self.info, self.look = info, look

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        info, look = self.info, self.look
        rows: list[RenderableType] = []
        for number, (ending, title) in enumerate(info.endings, 1):
            found = ending in info.endings_found
            text = Text(clean(title) if found else "??? (not found yet)",
                        style=look.style("title" if found else "dim"))
            mark = ("found " if found else "") if look.plain else ("✔ " if found else "· ")
            rows.append(Text(f"{number}. {mark}").append_text(text))
        if not rows:
            rows.append(Text("This story has no endings listed."))
        if info.clues_total:
            rows.append(Text(f"Clues ever found: {info.clues_seen} of {info.clues_total}", style=look.style("dim")))
        found = len(info.endings_found & {e for e, _t in info.endings})
        yield frame(look, Group(*rows), Text(f"Endings found: {found} of {len(info.endings)}",
                                             style=look.style("title")))


class BranchList:
    """The installed branches, numbered, each on or off."""

    def __init__(self, info: TitleInfo, look: Look) -> None:
        self.info, self.look = info, look

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        look = self.look
        rows: list[RenderableType] = []
        for number, (label, on) in enumerate(self.info.branches, 1):
            mark = ("on  " if on else "off ") if look.plain else ("● " if on else "○ ")
            body = Text(mark, style=look.style("title" if on else "dim")).append(clean(label), style=None)
            rows.append(Hanging(Text(f"{number}. ", style=look.style("number")), body))
        yield frame(look, Group(*rows), Text("Branches: stories that plug into this one", style=look.style("title")))


class SaveList:
    """The saved games, numbered for ``load``."""

    def __init__(self, saves: Sequence[SaveInfo], look: Look) -> None:
        self.saves, self.look = saves, look

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        look = self.look
        if not self.saves:
            yield Text("There are no saved games yet.", style=look.style("notice"))
            return
        rows: list[RenderableType] = []
        for number, save in enumerate(self.saves, 1):
            body = Text(clean(save.slot), style=look.style("title"))
            for extra in (save.saved_at, save.summary):
                if extra:
                    body.append(f"  {clean(extra)}", style=look.style("dim"))
            rows.append(Hanging(Text(f"{number}. ", style=look.style("number")), body))
        yield frame(look, Group(*rows), Text("Saved games", style=look.style("title")))


# --- from the saves engineer's records ------------------------------------------------------


def info_from_records(story, slots: Sequence, progress) -> TitleInfo:
    """A :class:`TitleInfo` from ``game.saves.slots`` slot listings and a ``game.saves.profile`` progress view.

    Duck-typed (``slot``, ``header.saved_at``, ``header.summary``; ``endings``, ``clues_found``)
    so the title screen does not import the save machinery it only displays.
    """
    saves = []
    for info in slots:
        header = getattr(info, "header", None)
        if header is None:
            status = "made by a newer Ghost Light" if getattr(info, "newer", False) else "damaged"
            saves.append(SaveInfo(info.slot, "", f"{status}: " + clip(getattr(info, "problem", ""), 60)))
            continue
        s = header.summary
        bits = [f"Act {s.act_number}" if getattr(s, "act_number", 0) else "",
                f"the end: {s.ending}" if getattr(s, "ending", None) else getattr(s, "place", ""),
                f"{s.clues} of {s.clues_total} clues" if getattr(s, "clues_total", 0) else ""]
        when = format_when(getattr(header, "moment", None), header.saved_at)
        saves.append(SaveInfo(info.slot, when, ", ".join(clean(b) for b in bits if b),
                              bool(getattr(s, "ending", None))))
    endings = tuple((e.id, e.title) for e in story.endings.values())
    found = frozenset(e for e, _t, reached in getattr(progress, "endings", ()) if reached)
    return TitleInfo(story.title, tuple(saves), endings, found,
                     getattr(progress, "clues_found", 0), len(story.clues))


# --- the menu -------------------------------------------------------------------------------


def pick(options: Sequence[str], line: str, words: Sequence[Sequence[str]] = ()) -> Optional[int]:
    """The index ``line`` chooses among ``options``: a number from 1, or a unique word."""
    text = line.strip().lower()
    if not text:
        return None
    if text.isdigit():
        number = int(text)
        return number - 1 if 1 <= number <= len(options) else None
    found = [i for i, option in enumerate(options)
             if text in (words[i] if i < len(words) else ()) or option.lower().startswith(text)
             or text in option.lower().split()]
    return found[0] if len(found) == 1 else None


def title_menu(say: Callable[[RenderableType], None], read: Callable[[str], str], info: TitleInfo,
               look: Look, load: Callable[[str], Optional[str]],
               toggle: Optional[Callable[[int], TitleInfo]] = None,
               confirm: Optional[Callable[[], QuitAnswer]] = None) -> str:
    """Run the title screen until the player starts, loads or leaves.

    ``load(slot)`` makes the session that save and returns ``None``, or returns what went
    wrong (the menu shows it and stays). Returns ``"new"``, ``"loaded"`` or ``"quit"``.
    ``read`` may raise ``EOFError`` (leave) or ``KeyboardInterrupt``: then ``confirm()`` asks,
    as in the game (a second Ctrl-C or y quits; a menu choice typed there is taken as one);
    without ``confirm`` it leaves at once. ``toggle(i)`` switches the i-th branch on or off and returns the
    info updated; when the player leaves the branch list having switched any, the menu
    returns ``"branches"`` (the story is then loaded again with them, and the menu shown anew).
    """
    say(TitleScreen(info, look))
    while True:
        options = title_options(info)
        try:
            line = read("Choose: ")
        except EOFError:
            return "quit"
        except KeyboardInterrupt:
            answer = QuitAnswer(True) if confirm is None else confirm()
            if answer.quit:
                return "quit"
            if not answer.line:
                continue
            line = answer.line  # typed at the question, meant for this menu ("1": New game)
        index = pick([o.label for o in options], line, [o.words for o in options])
        if index is None:
            say(Text(f"Type a number from 1 to {len(options)}, or a word such as 'new' or 'quit'.",
                     style=look.style("notice")))
            continue
        key = options[index].key
        if key in ("new", "quit"):
            return key
        if key == "endings":
            say(EndingsList(info, look))
        elif key == "branches":
            info, changed = _branch_menu(say, read, info, look, toggle)
            if changed:
                return "branches"
        elif key in ("continue", "summary"):
            done = finished_save(info)
            problem = load(done.slot if key == "summary" and done is not None else info.saves[0].slot)
            if problem is None:
                return "loaded"
            say(Text(clean(problem), style=look.style("notice")))
        elif key == "load":
            say(SaveList(info.saves, look))
            try:
                # The hint on a line of its own: a prompt wider than the screen wraps badly.
                say(Text("Type its number or name; Enter to go back.", style=look.style("dim")))
                line = read("Which save? ")
            except (EOFError, KeyboardInterrupt):
                line = ""
            slots = [s.slot for s in info.saves]
            chosen = pick(slots, line) if line.strip() else None
            if chosen is None and line.strip() in slots:
                chosen = slots.index(line.strip())
            if chosen is None:
                if line.strip():
                    say(Text(f"No save matches '{shown(line)}'.", style=look.style("notice")))
            else:
                problem = load(slots[chosen])
                if problem is None:
                    return "loaded"
                say(Text(clean(problem), style=look.style("notice")))
        options = title_options(info)
        for number, option in enumerate(options, 1):
            say(Text(f"{number}. ").append(option.label) if look.plain
                else Hanging(Text(f"{number}. ", style=look.style("number")), Text(option.label)))


def _branch_menu(say: Callable[[RenderableType], None], read: Callable[[str], str], info: TitleInfo,
                 look: Look, toggle: Optional[Callable[[int], TitleInfo]]) -> tuple[TitleInfo, bool]:
    """The branch list: a number switches that branch; Enter goes back. Returns the info and
    whether anything was switched."""
    changed = False
    while True:
        say(BranchList(info, look))
        try:
            say(Text("Type its number; Enter to go back.", style=look.style("dim")))
            line = read("Switch which branch? ").strip()
        except (EOFError, KeyboardInterrupt):
            line = ""
        if not line:
            return info, changed
        index = pick([label for label, _on in info.branches], line)
        if index is None or toggle is None:
            say(Text(f"Type a number from 1 to {len(info.branches)}, or Enter to go back.", style=look.style("notice")))
            continue
        info, changed = toggle(index), True
