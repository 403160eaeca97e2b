"""Nothing from a story file or from the player is read as Rich markup or reaches the terminal
as an escape sequence; authors get exactly ``*italic*`` and ``**bold**``."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from rich.text import Text

from game.core import engine as e
from game.core import record
from game.play.session import Game, Session
from game.loading.loader import load_story
from game.ui.look import PLAIN, RICH
from game.ui.notebook import Notebook
from game.ui.render import Renderer
from game.ui.scene import event_views, scene_panel
from game.ui.text import clean, shown, story_text

from tests.ui.helpers import ESC, ROOT, SAMPLE, console, render, visible

HOSTILE = "[bold red]boom[/] \x1b[31mred\x1b]0;pwned\x07 \u202eevil\u202c :smile: [link=http://x]y[/link]"


def test_clean_removes_controls_and_bidi_overrides_but_keeps_letters():
    assert clean("a\x1b[31mb\x07c\x9bd\u202ee\u2066f") == "a[31mbcdef"
    assert clean("line\nnext\ttab") == "line\nnext\ttab"
    assert clean("مرحبا 😀 שלום") == "مرحبا 😀 שלום"


def test_shown_is_one_clipped_line():
    assert shown("a\nb\x1b c") == "a b c"
    assert shown("x" * 100, 10) == "x" * 9 + "…"


def test_story_text_keeps_brackets_literal_and_styles_only_stars():
    text = story_text("[bold]not bold[/bold] **bold** *it*")
    assert text.plain == "[bold]not bold[/bold] bold it"
    styles = {str(span.style) for span in text.spans}
    assert styles == {"bold", "italic"}


@pytest.mark.parametrize("color", [False, True])
def test_hostile_text_renders_literally(color):
    out = render(story_text(HOSTILE), 120, color)
    assert "[bold red]boom[/]" in out and ":smile:" in out and "[link=http://x]y[/link]" in out
    assert "\x07" not in out and "]0;pwned" in out  # the OSC is defused: its ESC and BEL are gone
    # The only escapes are the console's own colour codes, never the story's.
    assert "\x1b[31m" not in out and "\x1b]" not in out and "\u202e" not in out


@pytest.fixture(scope="module")
def hostile_story(tmp_path_factory) -> Path:
    """The sample story with Rich markup written into its prose, choices, names and titles.

    (The loader itself refuses control characters in story text; the in-memory story below
    checks that the screen would be safe even if one got through.)
    """
    folder = tmp_path_factory.mktemp("hostile")
    for path in SAMPLE.iterdir():
        shutil.copy(path, folder / path.name)
    scenes = (folder / "scenes.yaml").read_text()
    scenes = scenes.replace("The hall is cold. Somewhere a clock ticks.",
                            '"[bold red]boom[/] **bold** [blink]x :smile:"')
    scenes = scenes.replace("- text: Go in", '- text: "[red]Go in"')
    (folder / "scenes.yaml").write_text(scenes)
    story = (folder / "story.yaml").read_text()
    story = story.replace("name: A torn page", 'name: "[bold]A torn page"')
    story = story.replace("title: The Afternoon", 'title: "[u]The Afternoon"')
    (folder / "story.yaml").write_text(story)
    return folder


def escaped_story():
    """The sample with escape sequences in its strings, as if they had got past the loader."""
    story = load_story(SAMPLE)
    scenes = dict(story.scenes)
    arrive = scenes["hall.arrive"]
    choice = record.replace(arrive.choices[0], text="\x1b[5mGo in\x1b]0;pwned\x07")
    scenes["hall.arrive"] = record.replace(arrive, text="boom \x1b[31mred\x1b[0m \x1b[2J \u202eevil",
                                                choices=(choice,))
    clues = dict(story.clues)
    clues["torn_page"] = record.replace(clues["torn_page"], name="A torn page\x1b[H")
    return record.replace(story, scenes=scenes, clues=clues)


def test_hostile_story_loads_with_its_markup(hostile_story):
    story = load_story(hostile_story)
    assert "[bold red]boom" in story.scenes["hall.arrive"].text


def _play_two(story, look, color) -> str:
    state, events = e.new_game(story)
    state, more = e.step(story, state, e.available_actions(story, state)[0])
    state, found = e.step(story, state, e.available_actions(story, state)[0])
    out = console(80, color)
    for view, _prose in event_views(story, state, [*events, *more, *found], look):
        out.print(view)
    out.print(Notebook(story, state, look))
    out.print(scene_panel(story, state, look))
    return out.file.getvalue()


@pytest.mark.parametrize("look,color", [(RICH, True), (PLAIN, False)])
def test_markup_in_a_story_file_is_shown_literally(hostile_story, look, color):
    text = _play_two(load_story(hostile_story), look, color)
    shown_text = visible(text)
    assert "[bold red]boom[/]" in shown_text and "[bold]A torn page" in shown_text
    assert "[u]The Afternoon" in shown_text and ":smile:" in shown_text and "😄" not in shown_text
    assert "**" not in shown_text  # the documented styling still works
    if not color:
        assert ESC not in text


@pytest.mark.parametrize("look,color", [(RICH, True), (PLAIN, False)])
def test_escapes_in_story_strings_never_reach_the_terminal(look, color):
    text = _play_two(escaped_story(), look, color)
    for bad in ("\x1b[31m", "\x1b[2J", "\x1b[H", "\x1b]", "\x07", "\x1b[5m", "\u202e"):
        assert bad not in text
    assert "boom [31mred" in visible(text)


def test_hostile_story_piped_through_the_game(hostile_story):
    run = subprocess.run([sys.executable, "-m", "game", "play", "--new", "--story", str(hostile_story)],
                         input="1\n1\nnotes\n[bold red]boom\n\x1b[31mtyped\n", capture_output=True,
                         text=True, cwd=ROOT, timeout=60)
    assert run.returncode == 0, run.stderr
    assert ESC not in run.stdout and "\x07" not in run.stdout
    assert "[bold red]boom[/]" in run.stdout and "[bold]A torn page" in run.stdout
    assert "I don't understand '[bold red]boom'." in run.stdout
    assert "I don't understand '[31mtyped'." in run.stdout


def test_player_lines_are_echoed_literally_by_the_game_loop():
    story = load_story(SAMPLE)
    state, opening = e.new_game(story)
    out = console(80, True)
    lines = iter(["[bold red]boom", "\x1b[2Jclear", "present [blink]x"])

    def read(prompt: str) -> str:
        try:
            return next(lines)
        except StopIteration:
            raise EOFError

    Game(Session(story, state), Renderer(story, out, False), read).run(opening)
    text = out.file.getvalue()
    assert "[bold red]boom" in visible(text) and "\x1b[2J" not in text
    assert "[2Jclear" in visible(text)


def test_renderer_say_takes_strings_literally():
    story = load_story(SAMPLE)
    out = console(80, True)
    Renderer(story, out, False).say("[bold]x[/bold]")
    Renderer(story, out, False).notice("[red]y \x1b[31m")
    text = out.file.getvalue()
    assert "[bold]x[/bold]" in text and "[red]y" in text and "\x1b[31m" not in text
    assert isinstance(story_text("x"), Text)
