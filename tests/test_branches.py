"""Branches: a folder that plugs into a story, layered over it (game/loading/branches.py).

The sample story with the test branches in tests/stories/branches: ``attic`` has one of each
extension kind, ``garden`` is a second branch enabled with it. Errors are checked with their
``path:line:col`` in the branch's own files.
"""

from __future__ import annotations

import json
import shutil

import subprocess
import sys
import textwrap
from pathlib import Path

import jsonschema
import pytest
import yaml

from game.core import engine as e
from game.core.errors import StoryError
from game.loading.branches import load_layered, read_layered
from game.loading.cache import load_story_cached
from game.saves.document import BranchMissingError
from game.saves.slots import load_game, save_game

TESTS = Path(__file__).resolve().parent
SAMPLE = TESTS / "stories" / "sample"
ATTIC = TESTS / "stories" / "branches" / "attic"
GARDEN = TESTS / "stories" / "branches" / "garden"
ROOT = TESTS.parent


def layered(*branches: Path):
    story, findings, _sources, info = read_layered(SAMPLE, branches)
    assert story is not None, "\n".join(map(str, findings))
    return story, findings, info


def findings_of(*branches: Path) -> list[str]:
    story, findings, _sources, _info = read_layered(SAMPLE, branches)
    return [str(f) for f in findings]


def branch(tmp_path: Path, body: str, name: str = "b", manifest: str = "") -> Path:
    """A branch folder: a manifest for the sample story (or ``manifest``) and one file."""
    folder = tmp_path / name
    folder.mkdir()
    (folder / "branch.yaml").write_text(manifest or f"branch: {name}\nextends: sample\nwritten_for: 1\n"
                                                    "include: [more.yaml]\n", encoding="utf-8")
    (folder / "more.yaml").write_text(textwrap.dedent(body), encoding="utf-8")
    return folder


# --- each extension kind --------------------------------------------------------------------


def test_a_branch_adds_new_elements_of_every_kind_it_writes() -> None:
    story, _findings, info = layered(ATTIC)
    assert story.places["attic"].name == "The Attic"
    assert "attic.day" in story.scenes and "blotted_draft" in story.clues
    assert story.people["maid"].suspect is False and story.topics["maid.attic"].person == "maid"
    assert info.origin("attic.day") == "attic" and info.origin("hall.main") is None


def test_extend_adds_choices_and_exits_after_the_scenes_own() -> None:
    plain = load_layered(SAMPLE)
    story, _findings, info = layered(ATTIC)
    before, after = plain.scenes["hall.main"], story.scenes["hall.main"]
    assert after.choices[: len(before.choices)] == before.choices
    assert [c.text for c in after.choices[len(before.choices):]] == ["Talk to the maid"]
    assert after.exits == (*before.exits, "attic.day")
    assert info.origin(after.choices[-1].id) == "attic"


def test_extend_adds_extra_paragraphs_that_show_while_their_condition_holds() -> None:
    story, _findings, _info = layered(ATTIC)
    from game.core.record import replace

    state, _ = e.new_game(story)
    at_hall = replace(state, scene="hall.main")
    hall = story.scenes["hall.main"]
    assert "Dust from the attic" not in e.scene_text(story, at_hall, hall)
    assert "Dust from the attic" in e.scene_text(story, replace(at_hall, clues=frozenset({"blotted_draft"})), hall)


def test_extend_adds_topics_to_a_person() -> None:
    story, _findings, _info = layered(ATTIC)
    topic = story.topics["pianist.attic"]
    assert topic.person == "pianist" and topic.condition is not None
    assert "pianist.attic" in [t.id for t in story.topics_by_person["pianist"]]


def test_extend_adds_a_clue_that_shows_a_suspects_square() -> None:
    plain = load_layered(SAMPLE)
    story, _findings, _info = layered(ATTIC)
    cell = story.people["pianist"].opportunity
    assert cell.shown_by == (*plain.people["pianist"].opportunity.shown_by, "blotted_draft")
    assert cell.note == plain.people["pianist"].opportunity.note  # the case's text is kept


def test_extend_adds_a_clue_that_proves_a_deduction_slot() -> None:
    story, _findings, _info = layered(ATTIC)
    slot = next(s for s in story.deductions["who_tore"].slots if s.id == "who_tore.proof")
    assert slot.answers == {"torn_page", "ink_stain", "blotted_draft"}
    assert story.deductions["who_tore"].slots[0].answers == {"pianist"}  # other slots untouched


def test_extend_adds_a_clue_that_breaks_a_statement() -> None:
    story, _findings, _info = layered(ATTIC)
    statement = next(s for s in story.testimonies["pianist.story"].statements if s.id == "pianist.story.never")
    assert statement.contradicted_by == ("ink_stain", "blotted_draft")


def test_extend_adds_events_to_an_act() -> None:
    story, _findings, _info = layered(ATTIC)
    event = story.events["day.pigeons"]
    assert event.act == "day" and event.text == "Pigeons clatter off the skylight."


def test_without_the_branch_the_story_is_the_case_alone() -> None:
    story = load_layered(SAMPLE)
    assert "attic.day" not in story.scenes and story.branches == ()
    assert story.content_hash != layered(ATTIC)[0].content_hash


# --- two branches ---------------------------------------------------------------------------


def test_two_branches_compose_in_the_order_of_their_ids_whatever_order_they_are_named_in() -> None:
    one, _f, _i = layered(ATTIC, GARDEN)
    two, _f, _i = layered(GARDEN, ATTIC)
    assert one == two and one.content_hash == two.content_hash
    assert [b for b, _ in one.branches] == ["attic", "garden"]
    texts = [c.text for c in one.scenes["hall.main"].choices]
    assert texts[-2:] == ["Talk to the maid", "Step into the garden"]
    assert one.scenes["hall.main"].exits[-2:] == ("attic.day", "garden.day")


def test_two_branches_adding_the_same_choice_to_a_scene_conflict_with_both_places(tmp_path: Path) -> None:
    other = branch(tmp_path, """\
        extend:
          scenes:
            hall.main:
              choices:
                - text: Talk to the maid
                  goto: hall.dusk
        """, name="zz")
    conflict = next(f for f in findings_of(ATTIC, other) if "E133" in f)
    assert "more.yaml:5:11" in conflict and "branch 'attic'" in conflict and "attic.yaml:" in conflict


def test_a_second_fallback_choice_conflicts(tmp_path: Path) -> None:
    other = branch(tmp_path, """\
        extend:
          scenes:
            study.night:
              choices:
                - text: Run
                  fallback: true
                  goto: lost
        """)
    conflict = next(f for f in findings_of(other) if "E133" in f)
    assert "more.yaml:5:11" in conflict and "fallback" in conflict and "scenes.yaml:" in conflict


# --- errors in the author's terms -----------------------------------------------------------


def test_an_id_the_case_already_has_is_reported_with_both_places(tmp_path: Path) -> None:
    b = branch(tmp_path, """\
        clues:
          torn_page:
            name: Another torn page
        """)
    (dup,) = [f for f in findings_of(b) if "E122" in f]
    assert "more.yaml:2:3" in dup and "story.yaml:" in dup and "torn_page" in dup


def test_an_extension_target_that_does_not_exist_says_did_you_mean(tmp_path: Path) -> None:
    b = branch(tmp_path, """\
        extend:
          scenes:
            hall.mian:
              exits: [study.day]
          suspects:
            pianst:
              motive: {shown_by: [ink_stain]}
          deductions:
            who_tore:
              slots:
                who_tore.prof: {clue: [ink_stain]}
        """)
    found = findings_of(b)
    assert any("more.yaml:3:5" in f and "E203" in f and "did you mean 'hall.main'" in f for f in found)
    assert any("more.yaml:6:5" in f and "did you mean 'pianist'" in f for f in found)
    assert any("more.yaml:11:9" in f and "did you mean 'who_tore.proof'" in f for f in found)


def test_only_clue_slots_take_more_clues_and_only_the_listed_sections_can_be_extended(tmp_path: Path) -> None:
    b = branch(tmp_path, """\
        extend:
          deductions:
            who_tore:
              slots:
                who_tore.why: {clue: [ink_stain]}
          places:
            hall: {name: The Big Hall}
        """)
    found = findings_of(b)
    assert any("more.yaml:5:23" in f and "E119" in f and "only to a clue slot" in f for f in found), found
    assert any("more.yaml:6:3" in f and "E111" in f and "places" in f for f in found), found


def test_an_unknown_clue_in_an_extension_is_located_in_the_branch(tmp_path: Path) -> None:
    b = branch(tmp_path, """\
        extend:
          testimonies:
            pianist.story:
              statements:
                pianist.story.never: {contradicted_by: [ink_stian]}
        """)
    (bad,) = [f for f in findings_of(b) if "E201" in f]
    assert "more.yaml:5:49" in bad and "did you mean 'ink_stain'" in bad


def test_a_branch_for_another_story_is_an_error(tmp_path: Path) -> None:
    b = branch(tmp_path, "{}\n", manifest="branch: b\nextends: lumen\nwritten_for: 1\ninclude: [more.yaml]\n")
    story, findings, _s, _i = read_layered(SAMPLE, [b])
    assert story is None
    (bad,) = [str(f) for f in findings if f.code == "E130"]
    assert "branch.yaml:2:10" in bad and "'lumen'" in bad and "'sample'" in bad


def test_a_branch_for_another_version_is_a_warning(tmp_path: Path) -> None:
    b = branch(tmp_path, "{}\n", manifest="branch: b\nextends: sample\nwritten_for: [2, 3]\ninclude: [more.yaml]\n")
    story, findings, _s, _i = read_layered(SAMPLE, [b])
    assert story is not None
    (warning,) = [str(f) for f in findings if f.code == "W431"]
    assert "branch.yaml:3:14" in warning and "version 2, 3" in warning and "version 1" in warning


def test_extension_keys_are_checked_by_the_spec(tmp_path: Path) -> None:
    b = branch(tmp_path, """\
        extend:
          scenes:
            hall.main:
              text: A new text for the hall.
        """)
    (bad,) = [f for f in findings_of(b) if "E1" in f]
    assert "more.yaml:4:7" in bad and "text" in bad


def test_a_branch_cannot_rewrite_the_accusation(tmp_path: Path) -> None:
    b = branch(tmp_path, """\
        accusation:
          culprit: Who?
          endings: [wrong]
        """)
    assert any("more.yaml:1:1" in f for f in findings_of(b))


def test_a_missing_branch_folder_and_the_same_branch_twice_are_clear(tmp_path: Path) -> None:
    with pytest.raises(StoryError) as missing:
        load_layered(SAMPLE, [tmp_path / "nowhere"])
    assert "no such branch" in str(missing.value.findings[0])
    assert any("E134" in f for f in findings_of(ATTIC, ATTIC / "branch.yaml"))


def test_broken_yaml_in_a_branch_is_located(tmp_path: Path) -> None:
    b = branch(tmp_path, "clues: [unclosed\n")
    assert any("more.yaml:" in f and "E1" in f for f in findings_of(b))


# --- the cache ------------------------------------------------------------------------------


def test_the_cache_serves_the_story_with_its_branches_and_notices_a_changed_branch(tmp_path: Path) -> None:
    copy = tmp_path / "attic"
    shutil.copytree(ATTIC, copy)
    cold = load_story_cached(SAMPLE, tmp_path / "c", branches=[copy])
    warm = load_story_cached(SAMPLE, tmp_path / "c", branches=[copy])
    assert warm == cold and warm.branches == cold.branches
    assert load_story_cached(SAMPLE, tmp_path / "c").branches == ()  # the case alone: its own entry
    text = (copy / "attic.yaml").read_text(encoding="utf-8").replace("Dust, trunks", "Dust, crates")
    (copy / "attic.yaml").write_text(text, encoding="utf-8")
    changed = load_story_cached(SAMPLE, tmp_path / "c", branches=[copy])
    assert changed.places["attic"].text.startswith("Dust, crates") and changed.branches != cold.branches


# --- saves ----------------------------------------------------------------------------------


def _saved_with_attic(folder: Path):
    from game.core.record import replace

    story, _f, _i = layered(ATTIC)
    state, _ = e.new_game(story)
    state = replace(state, scene="attic.day", clues=frozenset({"blotted_draft"}))
    save_game(folder, "mine", story, state, saved_at=0, played=0)
    return story, state


def test_a_save_records_its_branches(tmp_path: Path) -> None:
    story, _state = _saved_with_attic(tmp_path)
    document = json.loads(next(tmp_path.glob("mine*")).read_text(encoding="utf-8"))
    assert document["branches"] == [{"id": "attic", "hash": story.branches[0][1]}]


def test_a_save_made_with_a_branch_loaded_without_it_is_refused_and_kept(tmp_path: Path) -> None:
    _saved_with_attic(tmp_path)
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    with pytest.raises(BranchMissingError) as refused:
        load_game(tmp_path, "mine", load_layered(SAMPLE))
    assert "'attic'" in str(refused.value) and "--branch" in str(refused.value)
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before  # nothing lost


def test_a_save_loaded_with_a_changed_branch_is_fitted_and_says_which(tmp_path: Path) -> None:
    _saved_with_attic(tmp_path / "saves")
    copy = tmp_path / "attic"
    shutil.copytree(ATTIC, copy)
    text = (copy / "attic.yaml").read_text(encoding="utf-8")
    (copy / "attic.yaml").write_text(text.replace("blotted_draft", "inked_draft"), encoding="utf-8")
    story = load_layered(SAMPLE, [copy])
    loaded = load_game(tmp_path / "saves", "mine", story)
    assert any("branch 'attic' has changed" in n for n in loaded.notices)
    assert any("blotted_draft" in n for n in loaded.notices)  # fit says what it left out
    assert loaded.state.scene == "attic.day" and "blotted_draft" not in loaded.state.clues


def test_a_save_without_branches_loaded_with_one_goes_on_and_says_so(tmp_path: Path) -> None:
    plain = load_layered(SAMPLE)
    state, _ = e.new_game(plain)
    save_game(tmp_path, "plain", plain, state, saved_at=0, played=0)
    loaded = load_game(tmp_path, "plain", layered(ATTIC)[0])
    assert any("'attic' was not enabled" in n for n in loaded.notices)


def test_a_game_with_branches_autosaves_to_its_own_slot(tmp_path: Path) -> None:
    from game.saves.autosave import autosave_slot

    assert autosave_slot(tmp_path, load_layered(SAMPLE)) == "autosave"
    with_attic = autosave_slot(tmp_path, layered(ATTIC)[0])
    assert with_attic.startswith("autosave-sample-") and with_attic != autosave_slot(tmp_path, layered(ATTIC, GARDEN)[0])


def test_a_damaged_branch_list_in_a_save_is_refused_clearly(tmp_path: Path) -> None:
    from save_helpers import reseal

    _saved_with_attic(tmp_path)
    path = next(p for p in tmp_path.glob("mine*") if p.suffix == ".json")
    reseal(path, lambda document: document.update(branches="attic"))
    from game.core.errors import SaveError

    with pytest.raises(SaveError, match="branches"):
        load_game(tmp_path, "mine", layered(ATTIC)[0])


# --- the schema -----------------------------------------------------------------------------


def _schema() -> dict:
    return json.loads((ROOT / "story" / "schema.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", sorted([*ATTIC.glob("*.yaml"), *GARDEN.glob("*.yaml"),
                                         *(ROOT / "story" / "branches").glob("*/*.yaml")]), ids=lambda p: p.name)
def test_the_schema_accepts_every_branch_file(path: Path) -> None:
    jsonschema.validate(yaml.safe_load(path.read_text(encoding="utf-8")), _schema())


@pytest.mark.parametrize("document, word", [
    ({"branch": "b", "extends": "x", "exends": "y"}, "exends"),
    ({"branch": "b"}, "extends"),
    ({"extend": {"scenes": {"s": {"text": "rewritten"}}}}, "text"),
    ({"extend": {"suspects": {"p": {"motive": {"note": "rewritten"}}}}}, "note"),
    ({"extend": {"deductions": {"d": {"slots": {"d.1": {"clue": "c", "answer": "x"}}}}}}, "answer"),
])
def test_the_schema_refuses_what_a_branch_cannot_write(document: dict, word: str) -> None:
    with pytest.raises(jsonschema.ValidationError) as refused:
        jsonschema.validate(document, _schema())
    assert word in str(refused.value.message) or word in json.dumps(list(refused.value.path))


def test_the_schema_carries_each_extension_keys_description() -> None:
    schema = _schema()["definitions"]
    assert "after the scene's own" in schema["scene_extension"]["properties"]["choices"]["description"]
    assert schema["branch_manifest"]["required"] == ["branch", "extends"]


# --- the command line -----------------------------------------------------------------------


def _cli(*args: str, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "game", *args], capture_output=True, text=True,
                          cwd=ROOT, timeout=300, **kw)


def test_validate_and_graph_take_branches(tmp_path: Path) -> None:
    ok = _cli("validate", str(SAMPLE), "--branch", str(ATTIC), "--branch", str(GARDEN))
    assert ok.returncode == 0 and "7 scenes" in ok.stdout, ok.stdout + ok.stderr
    graph = _cli("graph", str(SAMPLE), "--branch", str(ATTIC))
    assert "+ branch attic" in graph.stdout and '"+attic: exit"' in graph.stdout and "class " in graph.stdout
    bad = branch(tmp_path, "clues:\n  torn_page: {name: X}\n")
    failed = _cli("validate", str(SAMPLE), "--branch", str(bad))
    assert failed.returncode == 1 and "more.yaml:2:3: E122" in failed.stdout and "Traceback" not in failed.stderr


def test_ghostlight_branches_lists_the_installed_ones(tmp_path: Path) -> None:
    folder = tmp_path / "installed"
    folder.mkdir()
    shutil.copytree(ATTIC, folder / "attic")
    (folder / "broken").mkdir()
    (folder / "broken" / "branch.yaml").write_text("branch: [\n", encoding="utf-8")
    out = _cli("branches", str(SAMPLE), "--folder", str(folder))
    assert out.returncode == 0 and "attic: The Attic (extends sample, written for version 1)" in out.stdout
    assert "broken: does not load" in out.stdout and "Traceback" not in out.stderr
    empty = _cli("branches", "--folder", str(tmp_path / "none"))
    assert "No branches installed" in empty.stdout


# --- the title screen: installed branches on and off, remembered --------------------------


def _title_run(tmp_path: Path, lines: list[str], monkeypatch: pytest.MonkeyPatch, branches: list[str] = ()):
    import argparse
    import io

    from rich.console import Console

    from game.cli.branchtools import title_with_branches
    from game.ui.render import Renderer

    installed = tmp_path / "installed"
    if not installed.exists():
        installed.mkdir()
        shutil.copytree(ATTIC, installed / "attic")
        shutil.copytree(GARDEN, installed / "garden")
        (installed / "elsewhere").mkdir()  # a branch for another story is not offered
        (installed / "elsewhere" / "branch.yaml").write_text("branch: elsewhere\nextends: lumen\n", encoding="utf-8")
    monkeypatch.setenv("GHOSTLIGHT_BRANCHES", str(installed))
    out = Console(file=io.StringIO(), width=100, force_terminal=False, color_system=None)
    args = argparse.Namespace(branch=list(branches), saves=str(tmp_path / "saves"))
    script = iter(lines)

    def read(prompt: str) -> str:
        try:
            return next(script)
        except StopIteration:
            raise EOFError from None

    story = load_layered(SAMPLE)
    choice, _slot, story, _renderer = title_with_branches(
        story, SAMPLE, args, Renderer(story, out, True), lambda s: Renderer(s, out, True), read)
    return choice, story, out.file.getvalue()


def test_the_title_screen_offers_installed_branches_and_remembers_the_choice(tmp_path, monkeypatch) -> None:
    choice, story, text = _title_run(tmp_path, ["branches", "2", "", "new"], monkeypatch)
    assert choice == "new" and [b for b, _ in story.branches] == ["garden"]
    assert "Branches: 0 of 2 on" in text and "Branches: 1 of 2 on" in text
    assert "off The Garden" in text and "on  The Garden" in text and "elsewhere" not in text
    # The next start remembers it: the story opens with the garden, and it can be switched off.
    choice, story, text = _title_run(tmp_path, ["new"], monkeypatch)
    assert [b for b, _ in story.branches] == ["garden"] and "Branches: 1 of 2 on" in text
    choice, story, _text = _title_run(tmp_path, ["branches", "2", "", "new"], monkeypatch)
    assert story.branches == ()


def test_the_title_screen_takes_nonsense_and_end_of_input_in_the_branch_list(tmp_path, monkeypatch) -> None:
    lines = ["branches", "9", "garden party", "x" * 10_000, "\x1b[31m"]  # then end of input: back, then quit
    choice, story, text = _title_run(tmp_path, lines, monkeypatch)
    assert choice == "quit" and story.branches == () and text.count("Type a number from 1 to 2") == 4


def test_branch_on_the_command_line_skips_the_remembered_choice(tmp_path, monkeypatch) -> None:
    _title_run(tmp_path, ["branches", "1", "", "new"], monkeypatch)  # attic remembered on
    choice, story, text = _title_run(tmp_path, ["new"], monkeypatch, branches=[str(GARDEN)])
    assert "Branches:" not in text and story == load_layered(SAMPLE)  # the caller loaded --branch


def test_a_branch_that_does_not_load_is_switched_back_off_with_a_message(tmp_path, monkeypatch) -> None:
    installed = tmp_path / "installed"
    installed.mkdir()
    shutil.copytree(ATTIC, installed / "attic")
    (installed / "attic" / "attic.yaml").write_text("clues:\n  torn_page: {name: X}\n", encoding="utf-8")
    choice, story, text = _title_run(tmp_path, ["branches", "1", "", "new"], monkeypatch)
    assert choice == "new" and story.branches == ()
    assert "do not load" in text and "E122" in text and "Branches: 0 of 1 on" in text


def test_a_damaged_choice_file_means_no_branch_is_on_and_says_so(tmp_path, monkeypatch) -> None:
    from game.saves.branchchoice import CHOICE_FILE

    (tmp_path / "saves").mkdir()
    (tmp_path / "saves" / CHOICE_FILE).write_text('{"format": "ghostlight-branches", "stories": {}}', encoding="utf-8")
    choice, story, text = _title_run(tmp_path, ["new"], monkeypatch)
    assert story.branches == () and "damaged" in text


def test_watch_reloads_an_edited_branch_and_keeps_its_place(tmp_path: Path) -> None:
    import io
    import os

    from rich.console import Console

    from game.cli.playtools import watching
    from game.play.session import Game, Session
    from game.ui.render import Renderer

    copy = tmp_path / "attic"
    shutil.copytree(ATTIC, copy)
    story = load_layered(SAMPLE, [copy])
    state, _ = e.new_game(story)
    from game.core.record import replace

    state = replace(state, scene="attic.day")
    console = Console(file=io.StringIO(), width=100, record=True, color_system=None)
    lines = iter(["look", "look"])
    edited = {"done": False}

    def read(prompt: str) -> str:
        if not edited["done"]:
            page = copy / "attic.yaml"
            page.write_text(page.read_text(encoding="utf-8").replace("A trunk of old scores", "A crate of old scores"),
                            encoding="utf-8")
            os.utime(page, ns=(os.stat(page).st_mtime_ns + 10**9,) * 2)  # the clock may be coarse
            edited["done"] = True
        try:
            return next(lines)
        except StopIteration:
            raise EOFError from None

    game = Game(Session(story, state), Renderer(story, console, True), read)
    game.read = watching(game, SAMPLE, [str(copy)])
    game.run(())
    text = console.export_text()
    assert "The story was edited: reloaded" in text and "A crate of old scores" in text
    assert game.session.story.branches[0][0] == "attic" and game.session.state.scene == "attic.day"


def test_two_branches_with_one_id_and_odd_manifests_are_reported_not_crashed(tmp_path: Path) -> None:
    shutil.copytree(ATTIC, tmp_path / "one")
    shutil.copytree(ATTIC, tmp_path / "two")
    found = findings_of(tmp_path / "one", tmp_path / "two")
    same = [f for f in found if "E134" in f]
    assert same and "two enabled branches have the id 'attic'" in same[0] and "one/branch.yaml:" in same[0]
    odd = branch(tmp_path, "{}\n", name="odd", manifest="branch: odd\nextends: sample\n[a, b]: c\n? {x: 1}\n: y\n")
    assert any("E110" in f and "branch.yaml:3:1" in f for f in findings_of(odd))
    story_file = findings_of(SAMPLE / "story.yaml")
    assert any("E134" in f and "already read" in f for f in story_file)


def test_the_guide_lists_every_branch_code_with_its_fix() -> None:
    guide = (ROOT / "story" / "README.md").read_text(encoding="utf-8")
    table = guide[guide.index("## Every code"):guide.index("## Adding a branch")]
    for code in ("E130", "E133", "E134", "E203", "W431"):
        assert f"| {code} |" in table, code
    chapter = guide[guide.index("## Writing a branch"):]
    for kind in ("choices:", "exits:", "extra:", "topics:", "shown_by", "d2_time.proof", "contradicted_by", "events:"):
        assert kind in chapter, kind


def test_a_branch_load_spends_the_same_bounded_suggestions_as_a_story_load(tmp_path: Path) -> None:
    # 20,000 unknown keys in a branch's place: suggestions stop at the load's budget, once,
    # as they do for a story (tests/test_loader_bounds.py), instead of costing without bound.
    from game.core import words

    keys = "".join(f"    k{i:05d}: 1\n" for i in range(20_000))
    b = branch(tmp_path, "places:\n  loft:\n    name: The Loft\n    nmae: x\n" + keys)
    messages = [f.message for f in read_layered(SAMPLE, [b])[1] if f.code == "E111"]
    assert len(messages) == 20_001 and "did you mean 'name'" in messages[0]
    assert sum(m.endswith(words.STOPPED) for m in messages) == 1
