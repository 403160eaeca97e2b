"""The play-testers' layout misfires at 40, 60 and 100 columns: the scene status keeps "N turns
left" whole, suspect names break only at spaces, the notebook wraps (never clips) and lists each
clue once per heading in number order."""

from __future__ import annotations

import io
import re
from functools import lru_cache

import pytest
from rich.console import Console, Group

from game.core import engine as e
from game.core import record
from game.core.model import Story
from game.loading.loader import load_story
from game.ui.look import RICH
from game.ui.notebook import Notebook
from game.ui.scene import StatusLine, ScenePanel, event_views
from game.ui.suspects import SuspectGrid
from tests.ui.helpers import ROOT, render
from tests.ui.test_narrow import WIDTHS, words


@lru_cache(maxsize=None)
def bundled() -> Story:
    return load_story(ROOT / "story")


def holding(story: Story, count: int):
    """A new game holding ``count`` clues found in a scrambled order (so numbers differ from story order)."""
    state, _ = e.new_game(story)
    ids = list(story.clues)[:count]
    ids = ids[1::2] + ids[::2]
    return record.replace(state, clues=frozenset(ids), found=tuple(ids))


def soft(width: int) -> Console:
    """A console like the game's when its output is piped: soft wrap on."""
    return Console(file=io.StringIO(), width=width, color_system=None, markup=False, highlight=False,
                   emoji=False, soft_wrap=True)


@pytest.mark.parametrize("width", WIDTHS)
def test_the_turns_left_stay_with_their_number_and_gauge(width):
    story = bundled()
    state, _ = e.new_game(story)
    shown = render(ScenePanel(story, state, "The Stage Door", "Rain on the glass.", RICH), width=width)
    lines = shown.splitlines()
    holder = [line for line in lines if re.search(rf"\b{state.time} turns left", line)]
    assert len(holder) == 1, shown
    if "▰" in shown or "▱" in shown:
        assert "▰" in holder[0] or "▱" in holder[0], "the gauge is on the line of its number"
    assert all(len(line) <= width for line in lines)
    if width >= 100:
        assert "▰" in shown and len([line for line in lines if "Act " in line]) == 1  # one line when it fits


@pytest.mark.parametrize("width", [40, 60])
def test_the_gauge_stays_whatever_the_length_of_the_place_name(width):
    """T29, T31 at 60 columns: the gauge went to keep the status on one line, so it came and
    went with the length of the place's name. It stays, beside the turns left, where it fits."""
    story = bundled()
    state, _ = e.new_game(story)
    for place in ("The Lobby", "The Loading Dock", "The Loading Dock and Freight Lift"):
        status = StatusLine(renamed_place(story, state, place), state, RICH)
        rows = [line.plain for line in status.lines(width - 4)]
        assert re.search(r"[▰▱]+ \d+ turns left", rows[-1]), rows
        assert all(len(row) <= width - 4 for row in rows), rows


@pytest.mark.parametrize("width", [22, 30, 40, 60, 100])
def test_the_status_head_breaks_between_phrases_never_inside_one(width):
    """Issue 11 item 6: at 40 columns the head dropped the act's title, not the clock, and
    never leaves "21:30" alone under a cut line; narrower, it breaks only at its dots."""
    story = bundled()
    state, _ = e.new_game(story)
    lines = StatusLine(story, state, RICH).lines(width - 4)  # inside a panel's border and padding
    rows = [line.plain for line in lines]
    phrases = {"Act 1", "The Lobby", "21:30"}
    for row in rows[:-1]:
        assert set(row.replace(f"Act 1 {story.acts[state.act].title}", "Act 1").split(" · ")) <= phrases, rows
    assert all(len(row) <= width - 4 for row in rows), rows
    assert {p for row in rows for p in phrases if p in row} == phrases  # the clock is kept
    if width == 40:
        assert rows[0] == "Act 1 · The Lobby · 21:30", rows  # one line: the act banner has the title
    if width >= 60:
        # Never the act's title, at any width: the banner shows it once, and a head that kept it
        # only where it fit read as two kinds of header to blind testers (rounds 6 and 7).
        assert story.acts[state.act].title not in rows[0] and rows[0].startswith("Act 1 · "), rows
    if width >= 100:
        assert len(rows) == 1


def everyone_met(story, state):
    """``state`` having been everywhere once and introduced themselves to everyone (the people
    first met unnamed say their names then): every person of the case is known by then."""
    from game.core import mystery, record

    hellos = frozenset(t for t in story.topics if t.endswith(".hello"))
    met = record.replace(state, visits=tuple(sorted((scene, 1) for scene in story.scenes)),
                         asked=state.asked | hellos)
    assert len(mystery.known_people(story, met)) == len(story.people)
    return met


@pytest.mark.parametrize("width", WIDTHS)
def test_suspect_names_break_only_at_spaces(width):
    story = bundled()
    state = everyone_met(story, e.new_game(story)[0])
    shown = render(SuspectGrid(story, state, RICH), width=width)
    tokens = set(words(shown).split())
    for person in story.suspects:
        for word in person.name.split():
            assert word in tokens or word + ":" in tokens, f"{word!r} broken at {width}:\n{shown}"
    assert all(len(line) <= width for line in shown.splitlines())


def test_a_very_narrow_grid_becomes_a_list():
    story = bundled()
    state = everyone_met(story, e.new_game(story)[0])
    shown = render(SuspectGrid(story, state, RICH), width=26)
    assert "Suspects at a glance:" in shown and "opportunity unknown" in words(shown)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("piped", [False, True], ids=["terminal", "piped"])
def test_the_notebook_wraps_and_never_clips(width, piped):
    story = bundled()
    state = holding(story, len(story.clues))
    if piped:
        out = soft(width)
        out.print(Notebook(story, state, RICH))
        shown = out.file.getvalue()
    else:
        shown = render(Notebook(story, state, RICH), width=width)
    assert all(len(line) <= width for line in shown.splitlines()), shown
    flat = words(shown)
    for clue_id in state.clues:
        assert words(story.clues[clue_id].name) in flat


def test_the_notebook_lists_each_clue_once_in_number_order():
    story = bundled()
    state = holding(story, 24)
    shown = render(Notebook(story, state, RICH), width=100)
    numbers = [int(n) for n in re.findall(r"^│ (\d+)\. ", shown, flags=re.M)]
    assert numbers == list(range(1, 25)), shown
    assert "(text under" not in shown and "(about" not in shown  # each once, and no verdict


# --- item 3: the accusation summary and the title prompts ------------------------------------

QUESTION = "Why did they do it?"
ANSWER = "To stop Saturday's story about injured dancers and the settlement the school paid to hide it"


@pytest.mark.parametrize("width", WIDTHS)
def test_a_long_summary_answer_hangs_under_its_question(width):
    from game.ui.trial import SummaryPart

    shown = render(SummaryPart(QUESTION, ANSWER, RICH), width=width)
    lines = [line for line in shown.splitlines() if line.strip()]
    assert all(len(line) <= width for line in lines)
    assert words(shown) == f"{QUESTION} {ANSWER}"
    if len(f"  {QUESTION} {ANSWER}") > width:
        assert lines[0] == f"  {QUESTION}"
        assert all(line.startswith("    ") and line[4] != " " for line in lines[1:]), shown
    else:
        assert lines == [f"  {QUESTION} {ANSWER}"]


def test_a_short_summary_part_stays_on_one_line():
    from game.ui.trial import SummaryPart

    assert render(SummaryPart("Who?", "Ida Marsh", RICH), width=40).strip("\n") == "  Who? Ida Marsh"


def test_title_prompts_fit_forty_columns_and_survive_end_of_input_and_ctrl_c():
    from game.ui.look import PLAIN
    from game.ui.title import SaveInfo, TitleInfo, title_menu

    info = TitleInfo("Ghost Light", saves=(SaveInfo("autosave", "", "Act 1"),), endings=(), clues_total=3)
    prompts: list[str] = []
    for stop in (EOFError, KeyboardInterrupt):
        answers = iter(["load"])

        def read(prompt: str) -> str:
            prompts.append(prompt)
            try:
                return next(answers)
            except StopIteration:
                raise stop from None

        out = Console(file=io.StringIO(), width=40, color_system=None, markup=False, highlight=False)
        assert title_menu(out.print, read, info, PLAIN, lambda slot: None) == "quit"
        assert "Enter to go back." in words(out.file.getvalue())
    assert "Which save? " in prompts
    assert all(len(p) <= 39 for p in prompts), prompts


# --- items 5 and 6: tall views and the opening are paged in a terminal ------------------------


def paged_renderer(width: int, height: int, presses=(), *, plain=False, color=False, pager=True):
    from game.ui.pager import Pager
    from game.ui.render import Renderer
    from tests.ui.helpers import console
    from tests.ui.test_endings import keys

    out = console(width, color, height=height)
    wait, _left = keys(*presses)
    story = bundled()
    return Renderer(story, out, plain, pager=Pager(out, wait) if pager else None), out


@pytest.mark.parametrize("width", WIDTHS)
def test_a_notebook_taller_than_the_screen_is_paged_heading_first(width):
    from game.ui.pager import MORE_VIEW as MORE  # a view's more line

    r, out = paged_renderer(width, 30)
    state = holding(r.story, len(r.story.clues))
    r.notes(state)
    text = out.file.getvalue()
    pages = text.split(MORE)
    assert len(pages) >= 2, "a whole notebook is taller than 30 rows"
    assert "Notebook:" in pages[0].splitlines()[0] + pages[0].splitlines()[1]
    assert all(len(page.strip("\n").splitlines()) <= 30 - 2 + 1 for page in pages[:-1])
    assert "Type 'present N'" in words(text)  # the last line is printed


@pytest.mark.parametrize("stop", [EOFError(), KeyboardInterrupt()], ids=["eof", "ctrl-c"])
@pytest.mark.parametrize("width", WIDTHS)
def test_end_of_input_or_ctrl_c_while_paging_a_view_prints_the_rest(width, stop):
    from game.ui.pager import MORE_VIEW as MORE  # a view's more line

    r, out = paged_renderer(width, 12, [stop])
    state = everyone_met(r.story, holding(r.story, len(r.story.clues)))
    r.suspects(state)
    text = out.file.getvalue()
    assert text.count(MORE) == 1  # asked once, then everything else at once
    assert "Type 'suspects NAME'" in words(text)
    for person in r.story.people.values():
        assert words(person.name) in words(text)


@pytest.mark.parametrize("width", WIDTHS)
def test_a_view_that_fits_is_not_paged_and_piped_or_plain_output_never_is(width):
    from game.ui.pager import MORE

    r, out = paged_renderer(width, 200)
    state = holding(r.story, 3)
    r.notes(state)
    assert MORE not in out.file.getvalue()
    from game.ui.pager import MORE_VIEW
    assert MORE_VIEW not in out.file.getvalue()
    for plain, pager in ((True, True), (False, False)):
        r, out = paged_renderer(width, 10, plain=plain, pager=pager)
        r.notes(holding(r.story, len(r.story.clues)))
        r.board(holding(r.story, len(r.story.clues)))
        assert MORE_VIEW not in out.file.getvalue() and "Type 'present N'" in words(out.file.getvalue())


@pytest.mark.parametrize("width", WIDTHS)
def test_a_new_game_starts_on_a_cleared_screen_with_its_notices_and_a_paged_opening(width):
    from game.ui.pager import MORE

    r, out = paged_renderer(width, 30, color=True)
    r.notice("Your unfinished game was kept as 'kept-1'.")
    state, opening = e.new_game(r.story)
    r.opening(opening, state)
    text = out.file.getvalue()
    cleared = text.rindex("\x1b[2J")
    assert "kept-1" in text[cleared:], "a notice said before the clear is said again after it"
    shown = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", text[cleared:])
    assert "Act 1" in shown
    views = [view for view, _prose in event_views(r.story, state, opening, r.look)]
    tall = len(out.render_lines(Group(*views), pad=False)) > 30 - 2
    assert tall or width == 100, "the bundled opening is taller than 30 rows at 40 and 60 columns"
    assert (MORE in shown) == tall


@pytest.mark.parametrize("stop", [EOFError(), KeyboardInterrupt()], ids=["eof", "ctrl-c"])
def test_end_of_input_or_ctrl_c_in_the_opening_prints_it_all(stop):
    r, out = paged_renderer(40, 10, [stop])
    state, opening = e.new_game(r.story)
    r.opening(opening, state)
    r.scene(state)
    flat = words(out.file.getvalue())
    last = words(str(r.story.scenes[state.scene].text).split()[-1])
    assert last in flat


def test_the_opening_is_not_cleared_or_paged_when_piped():
    r, out = paged_renderer(40, 10, color=True, pager=False)
    r.notice("kept")
    state, opening = e.new_game(r.story)
    r.opening(opening, state)
    text = out.file.getvalue()
    assert "\x1b[2J" not in text and text.count("kept") == 1


@pytest.mark.slow
def test_in_a_40_by_30_terminal_the_opening_and_the_help_are_paged(tmp_path):
    from game.ui.pager import MORE, MORE_VIEW
    from tests.ui.terminal import Terminal
    from tests.ui.test_endings import past_opening

    game = Terminal(["play", "--new", "--story", str(ROOT / "story"), "--saves", str(tmp_path / "saves")],
                    columns=40, lines=30)
    try:
        screen = game.wait_for(MORE)
        assert "Act 1" in screen  # the act banner is still on screen when the first page waits
        past_opening(game, "F1 help")  # turn the opening's pages to the prompt
        game.clear()
        game.type("help")
        screen = game.wait_for(MORE_VIEW)  # help is a view: q would close it
        assert screen.count("\n") <= 30
        game.key(b"\x03")  # Ctrl-C at the pager: the rest at once, and the game goes on
        game.clear()
        game.wait_for("F1 help")  # the prompt is back
        game.type("quit")
        assert game.exit_code() == 0
        assert b"Traceback" not in game.raw
    finally:
        game.close()


def test_a_second_game_from_the_title_says_only_its_own_notices_again():
    r, out = paged_renderer(60, 30, color=True)
    r.notice("first game notice")
    state, opening = e.new_game(r.story)
    r.opening(opening, state)
    r.paged([])  # the first game ends
    r.notice("second game notice")
    r.opening(opening, state)
    after = out.file.getvalue()[out.file.getvalue().rindex("\x1b[2J"):]
    assert "second game notice" in after and "first game notice" not in after


def renamed_place(story, state, name: str):
    """``story`` with the place of ``state``'s scene called ``name`` (the status reads its name)."""
    place = story.scenes[state.scene].place
    return record.replace(story, places={**story.places, place: record.replace(story.places[place], name=name)})
