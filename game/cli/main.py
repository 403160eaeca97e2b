"""The ``ghostlight`` command: play a story, or check one."""

from __future__ import annotations

import argparse
import importlib
import select
import sys
from pathlib import Path
from typing import Optional, Sequence

from game.cli import guard
from game.cli.about import PLAYING
from game import __version__, started
from game.core.errors import GameError, StoryError, shown
from game.core.words import clip, quoted
from game.ui.keys import Interrupts
from game.cli.branchtools import add_branch_option, add_branches_command, cmd_branches
from game.cli.validate import cmd_validate


def bundled_story() -> Path:
    """The case that ships with the game: inside the package when installed, else the checkout's."""
    package = Path(__file__).resolve().parents[1]
    installed = package / "bundled"
    if (installed / "case.yaml").is_file():
        return installed
    return package.parent / "story"


def _story_arg(value: Optional[str]) -> Path:
    return Path(value) if value else bundled_story()


def _seed(text: str) -> int:
    """A ``--seed`` a save can hold: a whole number within what every JSON reader agrees on."""
    from game.saves.codec import MAX_INT

    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{quoted(text)} is not a whole number") from None
    if not -MAX_INT <= value <= MAX_INT:
        raise argparse.ArgumentTypeError(f"the seed must be between -2**53 and 2**53 (a save could not hold {clip(text, 40)})")
    return value


class Commands:
    """``ghostlight``'s sub-commands. With ``only`` (the one being run), no other is even
    made: argparse's parsers for the six others (their headings, help option and options)
    were two thirds of the parser's cost at every start. Their names still show in every
    usage line (see :meth:`finish`); help and errors (``only`` None) get every command."""

    def __init__(self, sub, only: Optional[str]) -> None:
        self.sub, self.only = sub, only
        self.names: list[str] = []

    def add(self, name: str, help: str) -> Optional[argparse.ArgumentParser]:
        """The parser of ``name`` to fill, or None when another command runs."""
        self.names.append(name)
        if self.only not in (None, name):
            return None
        parser: argparse.ArgumentParser = self.sub.add_parser(name, help=help)
        return parser

    def finish(self) -> bool:
        """Every usage line names every command; False when ``only`` named none of them."""
        if self.only is None:
            return True  # all made: argparse lists them itself
        self.sub.metavar = "{" + ",".join(self.names) + "}"  # (as argparse would list them all)
        return self.only in self.names


def build_parser(argv: Optional[Sequence[str]] = None) -> argparse.ArgumentParser:
    """The ``ghostlight`` parser. With ``argv``, the parser for it: only the sub-command it
    names (play, when it is empty) is made; without, or when it names none, the whole parser."""
    only = None if argv is None else (argv[0] if argv else "play")
    parser = argparse.ArgumentParser(
        prog="ghostlight",
        description="Ghost Light: a murder mystery at the Archer School of Ballet.",
        epilog=PLAYING, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"ghostlight {__version__}")
    commands = Commands(parser.add_subparsers(dest="command"), only)

    play = commands.add("play", help="play the game (the default)")
    if play is not None:
        play.add_argument("story_path", nargs="?", metavar="PATH", help="a story folder or manifest")
        play.add_argument("--story", dest="story_opt", metavar="PATH", help="a story folder or manifest")
        play.add_argument("--new", action="store_true", help="start a new game")
        play.add_argument("--plain", action="store_true", help="plain text: no colour, no boxes")
        play.add_argument("--reveal", action="store_true",
                          help="type the story's text out as you read (any key shows it all)")
        play.add_argument("--seed", type=_seed, default=0, help="seed for anything random (default 0)")
        play.add_argument("--saves", metavar="DIR", help="the folder for saved games")
        play.add_argument("--load", metavar="SLOT", help="resume the game saved in SLOT")
        add_branch_option(play)

    saves = commands.add("saves", help="list saved games")
    if saves is not None:
        saves.add_argument("--saves", metavar="DIR", help="the folder for saved games")
        saves.add_argument("--plain", action="store_true", help="plain text: no colour, no boxes")

    validate = commands.add("validate", help="check a story and report every problem")
    if validate is not None:
        validate.add_argument("story_path", nargs="?", metavar="PATH", help="a story folder or manifest")
        validate.add_argument("--format", choices=("text", "json"), default="text")
        add_branch_option(validate)

    commands.add("lsp", help="serve the story language server over stdin/stdout (needs ghostlight[lsp])")

    from game.cli.author import add_commands, add_play_options  # the authors' tools

    if play is not None:
        add_play_options(play)
    add_commands(commands)
    add_branches_command(commands)
    return parser if commands.finish() else build_parser()


#: what `play` imports before its first screen; see :func:`main`
PLAY_MODULES = ("game.ui.console", "game.loading.cache", "game.ui.render", "game.ui.pager", "game.ui.reveal",
                "game.play.session", "game.play.keeper", "game.saves.autosave", "game.saves.slots", "game.ui.savelist")


def main(argv: Optional[Sequence[str]] = None) -> int:
    """The ``ghostlight`` command; every way out goes through :func:`game.cli.guard.guarded`.

    Run as the program to play, the modules play needs are imported first, while Ctrl-C still
    ends the program quietly (game/__init__.py): once the guard takes Ctrl-C over, one landing
    inside an import is caught by CPython's import lock, which prints "Exception ignored ...
    Traceback" and carries on (the clean-clone CI run of round 25 caught it at 0.1 s; more
    modules, more such moments)."""
    words = list(argv if argv is not None else sys.argv[1:])
    # (not for --help or --version, which play nothing: they would only wait on the imports)
    if argv is None and (not words or words[0] == "play" or words[0].startswith("-")) \
            and not {"-h", "--help", "--version"} & set(words):
        for name in PLAY_MODULES:
            importlib.import_module(name)
    return guard.guarded(lambda: _main(argv))


def _main(argv: Optional[Sequence[str]]) -> int:
    words = list(argv if argv is not None else sys.argv[1:])
    parser = build_parser(words)
    args = parser.parse_args(words)
    if args.command not in (None, "play"):
        started()  # only play keeps the collector paused, until its prompt is up (game/__init__.py)
    try:
        if args.command == "validate":
            return cmd_validate(args, _story_arg(args.story_path))
        if args.command == "lsp":
            return cmd_lsp()
        if args.command == "saves":
            return cmd_saves(args)
        if args.command == "branches":
            return cmd_branches(args)
        if args.command in ("graph", "explore"):
            from game.cli.author import run

            return run(args)
        if args.command in (None, "play"):
            if args.command is None:
                args = parser.parse_args(["play", *words])
            return cmd_play(args)
    except StoryError as exc:
        first, more = shown(exc.findings)
        for finding in first:
            print(finding, file=sys.stderr)
        if more:
            print(more, file=sys.stderr)
        return 1
    except GameError as exc:
        print(f"ghostlight: {exc}", file=sys.stderr)
        return 1
    parser.print_help()
    return 2


def cmd_lsp() -> int:
    """The language server; pygls is imported here only, so `play` never loads it."""
    try:
        from game.authoring.lsp.server import run
    except ImportError as exc:
        print(f"ghostlight lsp needs the lsp extra: pip install 'ghostlight[lsp]' ({exc})", file=sys.stderr)
        return 1
    return run()


def _wants_plain(args: argparse.Namespace, interactive: bool) -> bool:
    from game.ui.console import wants_plain

    return wants_plain(args.plain, interactive)


def _reveal(args: argparse.Namespace, console, allowed: bool, keys: Interrupts, typeahead=None):
    """The text-reveal effect when asked for (``--reveal`` or ``GHOSTLIGHT_REVEAL=1``), else None."""
    from contextlib import contextmanager

    from game.ui.reveal import Reveal, tty_keys, wanted

    if not allowed or not wanted(getattr(args, "reveal", False)):
        return None

    @contextmanager
    def reading():  # the effect reads keys (any key, or Ctrl-C, shows the rest at once)
        with keys.waiting(), tty_keys(sys.stdin.fileno()) as pressed:
            yield pressed
    return Reveal(console, reading, typeahead=typeahead)  # keys typed over the text go to the prompt


def _pager(console, allowed: bool, keys: Interrupts, typeahead=None):
    """Pages long text (the ending) in a terminal's rich look; None elsewhere. ``typeahead``
    (a game.ui.pager.Typeahead) keeps what is typed at a "more" line for the prompt."""
    if not allowed:
        return None
    from game.ui.pager import Pager, tty_key

    return Pager(console, keys.reader(lambda: tty_key(sys.stdin.fileno())), style="reverse", typeahead=typeahead)


def _game_prompt(session, **options):
    """The game's prompt, built at its first question (after the first screen); once it is
    built, start-up is over (see game.started)."""
    from game.ui.prompt import GamePrompt

    try:
        return GamePrompt(session, **options)
    finally:
        started()


def _input_line(prompt: str) -> str:
    """One line from a terminal in the plain look: the prompt is shown, nothing else drawn
    (game/ui/keys.py says why this is not ``input()``)."""
    from game.ui.keys import line_from_terminal

    return line_from_terminal(prompt)


def _input_confirm(keys: Interrupts):
    """Ctrl-C in the plain look: ask before quitting (a second Ctrl-C or end of input means yes;
    anything but an answer goes back to the screen: game/ui/quitting.py)."""
    from game.ui.quitting import QUESTION, QuitAnswer, quit_answer

    try:
        return quit_answer(keys.reader(_input_line)(QUESTION))
    except (EOFError, KeyboardInterrupt):
        return QuitAnswer(True)


def cmd_play(args: argparse.Namespace) -> int:
    from game.ui.console import make_console
    from game.loading.cache import load_story_cached
    from game.ui.render import Renderer

    story_path = _story_arg(args.story_opt or args.story_path)
    story = load_story_cached(story_path, branches=args.branch)
    if hasattr(sys.stdin, "reconfigure"):  # (a closed stdin was made an empty one by guard)
        sys.stdin.reconfigure(errors="replace")  # bytes that are not UTF-8 must not end the game
    interactive = sys.stdin.isatty() and sys.stdout.isatty()
    plain = _wants_plain(args, interactive)
    console = make_console(plain, interactive)

    typeahead = None
    if interactive and not plain:
        from game.ui.pager import Typeahead

        typeahead = Typeahead()  # what the pager reads that is not its own goes to the prompt

    keys = Interrupts()  # a Ctrl-C while the game prints is kept for the next question

    def make_renderer(story):
        rich_terminal = interactive and not plain
        return Renderer(story, console, plain, reveal=_reveal(args, console, rich_terminal, keys, typeahead),
                        interactive=interactive, pager=_pager(console, rich_terminal, keys, typeahead))

    # Keys pressed while the game prints mean what they mean at a prompt (game/ui/keys.py).
    undo_terminal = keys.settle(sys.stdin.fileno(), line_mode=plain) if interactive else (lambda: None)
    try:
        return _play(args, story, story_path, (plain, interactive), make_renderer, typeahead, keys)
    finally:
        undo_terminal()


def _play(args, story, story_path, looks: tuple[bool, bool], make_renderer, typeahead, keys: Interrupts) -> int:
    """:func:`cmd_play` once the terminal is set: the title, the game, the title again.
    ``looks`` is (plain, interactive)."""
    plain, interactive = looks
    renderer = make_renderer(story)
    # A terminal gets prompt_toolkit (completion, toolbar, keys); the plain look in a terminal
    # gets input(), which screen readers follow more easily; a pipe gets bare lines.
    prompt = None
    if interactive and not plain:
        from game.play.deferred import DeferredPrompt  # prompt_toolkit loads after the first screen

        prompt = DeferredPrompt(_game_prompt, typeahead=typeahead, reading=keys.reader)
        if typeahead is not None:
            typeahead.held = prompt.holds_keys  # a line typed ahead: the pager does not wait over it
    else:
        started()  # no prompt to wait for: start-up is over
    read_line = prompt.read if prompt else (keys.reader(_input_line) if interactive else _read_plain_line)
    # A terminal starts at the title screen (unless told what to play) and comes back to it
    # after an ending; a pipe plays one game and exits.
    use_title = interactive and not args.new and not args.load and not args.from_scene
    while True:
        if use_title:
            from game.cli.branchtools import title_with_branches

            choice, slot, story, renderer = title_with_branches(
                story, story_path, args, renderer, make_renderer, prompt.menu if prompt else read_line,
                confirm=prompt.confirm if prompt else lambda: _input_confirm(keys))  # Ctrl-C asks, as in the game
            if choice == "quit":
                return 0
            args.new, args.load = choice == "new", slot
        game, opening, keeper = _make_game(args, story, renderer, prompt, read_line, interactive, keys)
        try:
            code = game.run(opening)
        except Exception as exc:  # the last line of defence (game/cli/guard.py) reports it
            if keeper is not None:
                guard.save_on_crash(exc, lambda: keeper.on_exit(game.session))
            raise
        if not interactive or args.from_scene or not game.state.ended or game.paged == "eof":
            return code
        use_title = True


def _keys_waiting() -> bool:
    """Whether keys typed at the terminal are waiting to be read (typed while the game printed).
    ``select`` is imported with this module, never here: an import at the first prompt was a
    window where a Ctrl-C showed CPython's "Exception ignored" traceback (test_cli_guard)."""
    try:
        return bool(select.select([sys.stdin], [], [], 0)[0])
    except (OSError, ValueError):  # no terminal to ask: nothing is waiting
        return False


def _make_game(args: argparse.Namespace, story, renderer, prompt, read_line, interactive: bool, keys: Interrupts):
    """The game to play now (see _open_game) wired to the prompt, and its opening events."""
    from game.play.session import Game

    session, opening, keeper = _open_game(args, story, renderer)
    if prompt is not None:
        prompt.attach(session, lambda: [i.slot for i in keeper.slots()] if keeper else [])
        game = Game(session, renderer, read_line, confirm_quit=prompt.confirm, saves=keeper, ask=prompt.answer,
                    ask_text=prompt.typed, typed_ahead=lambda: prompt.holds_keys() or _keys_waiting())
    else:
        confirm = (lambda: _input_confirm(keys)) if interactive else None
        game = Game(session, renderer, read_line, confirm_quit=confirm, saves=keeper)
    if args.watch:  # reload the story between inputs when its files change (game/cli/playtools.py)
        from game.cli.playtools import watching

        game.read = watching(game, _story_arg(args.story_opt or args.story_path), args.branch)
    return game, opening, keeper


def _open_game(args: argparse.Namespace, story, renderer):
    """The game to play: the slot named by ``--load``; else, unless ``--new``, the autosave
    to continue; else a new game. Returns the session, its opening events and the keeper."""
    from game.play.session import Session
    from game.core.engine import new_game
    from game.play.keeper import SaveKeeper
    from game.saves.autosave import resume
    from game.saves.slots import default_save_folder
    from game.ui.savelist import format_when

    if args.from_scene:  # an author trying a branch: a made-up state, so nothing is saved
        from game.cli.playtools import start_state

        state, opening = start_state(story, args.from_scene, args.with_ids)
        return Session(story, state), opening, None
    keeper = SaveKeeper(default_save_folder(args.saves), story)
    loaded = None
    if args.load:
        loaded = keeper.load(args.load)  # a SaveError ends here with its message, nothing lost
    # A finished game loaded is only shown (its summary): it never takes the autosave's place.
    other = loaded is not None and args.load.strip().lower() != keeper.autosave_slot and not loaded.state.ended
    if args.new or other:
        # Another game is about to take the autosave's place: keep the one there first, as
        # unfinished-N or finished-N (a SaveError ends here, before anything is replaced).
        for message in keeper.keep_unfinished():
            renderer.notice(message)
    if loaded is not None:
        renderer.notice(keeper.loaded_words(loaded, format_when(loaded.header.moment, loaded.header.saved_at)))
    elif not args.new:
        loaded, notices = resume(keeper.folder, story)
        for message in notices if loaded is None else ():
            renderer.notice(message)
        if loaded is None:  # a finished game in the autosave makes way for a new one: kept first
            for message in keeper.keep_finished():
                renderer.notice(message)
        if loaded is not None:
            renderer.notice(f"Continuing your game from {format_when(loaded.header.moment, loaded.header.saved_at)}. "
                            "To start over: ghostlight play --new")
    if loaded is not None:
        session = Session(story, loaded.state)
        keeper.restore(session, loaded)
        for message in loaded.notices:
            renderer.notice(message)
        return session, (), keeper
    state, opening = new_game(story, seed=args.seed)
    session = Session(story, state)
    for message in keeper.after_step(session, opening, changed=False):
        renderer.notice(message)
    return session, opening, keeper


def cmd_saves(args: argparse.Namespace) -> int:
    """``ghostlight saves``: a table of the saved games (slot, when, act, place, clues, time)."""
    from game.saves.slots import default_save_folder, list_saves
    from game.ui.savelist import listing

    folder = default_save_folder(args.saves)
    infos = list_saves(folder, full=True)  # every check a load makes: a listed save is a loadable one
    if not infos:
        print(f"No saved games in {folder}.")
        return 0
    columns, rows = listing(infos)
    stories = {i.header.story_id for i in infos if i.header}
    if len(stories) > 1:  # only worth a column when the folder holds games of several stories
        columns = columns + ("Story",)
        rows = [row + (clip(info.header.story_id, 40) if info.header else "",) for row, info in zip(rows, infos)]
    from game.ui.console import make_console
    from game.ui.look import Look
    from game.ui.tables import KeyedTable

    look = Look(plain=_wants_plain(args, sys.stdout.isatty()))
    make_console(look.plain, sys.stdout.isatty()).print(KeyedTable(f"Saved games in {folder}", columns, rows, look))
    return 0


def _read_plain_line(prompt: str) -> str:
    """One line from a pipe or file, echoed after the prompt so that a transcript of a piped
    game reads like the game played at a terminal (one line, clipped by the one clip)."""
    from game.ui.text import LINE_LIMIT

    line = sys.stdin.readline(LINE_LIMIT + 2)
    if line == "":
        raise EOFError
    if len(line) > LINE_LIMIT and not line.endswith("\n"):  # longer than any command: skip the rest
        while (rest := sys.stdin.readline(1 << 16)) and not rest.endswith("\n"):
            pass
        line += "…"  # past the limit: understand() says so without looking further
    line = line.rstrip("\r\n")
    print(f"{prompt}{clip(line, 200)}", flush=True)
    return line
