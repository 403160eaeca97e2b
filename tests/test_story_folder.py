"""A story is confined to its folder and reads only regular files; every file under the
folder is accounted for; a wrong file given as the story, or one broken file, is said plainly."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from game.cli.main import main
from game.loading import files
from game.loading.loader import read_story

SCENE = "scenes:\n  a.start:\n    text: Hello.\n    choices:\n      - text: Finish\n        goto: done\n"
SECRET = "root:x:0:0:the secret line\n"

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs POSIX symlinks and FIFOs")


def found(folder: Path) -> list[str]:
    _story, findings = read_story(folder)
    return [str(f) for f in findings]


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every path the loader opens for reading."""
    seen: list[str] = []
    real = files.os.open

    def spy(path, flags, *args):
        seen.append(os.path.realpath(path))
        return real(path, flags, *args)

    monkeypatch.setattr(files.os, "open", spy)
    return seen


def test_a_symlink_to_a_file_outside_is_refused_unread(write_story, tmp_path: Path, opened: list[str]) -> None:
    outside = tmp_path / "outside.yaml"
    outside.write_text(SECRET)
    folder = write_story({"parts/a.yaml": SCENE})
    (folder / "parts" / "leak.yaml").symlink_to(outside)
    out = found(folder)
    assert any("story.yaml:4:11: E123 'story1/parts/leak.yaml' is a link to" in f
               or ("E123" in f and "parts/leak.yaml' is a link to" in f and str(outside) in f) for f in out), out
    assert not any("secret" in f for f in out)
    assert str(outside) not in opened


def test_an_include_that_climbs_out_is_refused_unread(write_story, tmp_path: Path, opened: list[str]) -> None:
    outside = tmp_path / "outside.yaml"
    outside.write_text(SECRET)
    manifest = ("id: t\nstart: a.start\ninclude: [parts/a.yaml, ../outside.yaml]\n"
                "acts: {one: {title: One, time: 3, start: a.start, on_timeout: done}}\n"
                "endings: {done: {title: Done, text: End.}}\n")
    folder = write_story({"story.yaml": manifest, "parts/a.yaml": SCENE})
    out = found(folder)
    assert any("story.yaml:3:25: E123 include '../outside.yaml' points outside the story folder "
               f"('{outside}')" in f for f in out), out
    assert not any("secret" in f for f in out)
    assert str(outside) not in opened


def test_a_symlinked_manifest_leading_out_is_refused(tmp_path: Path, opened: list[str]) -> None:
    outside = tmp_path / "passwd"
    outside.write_text(SECRET)
    folder = tmp_path / "story"
    folder.mkdir()
    (folder / "story.yaml").symlink_to(outside)
    out = found(folder)
    assert len(out) == 1 and "E123 the manifest is a link to" in out[0] and str(outside) in out[0], out
    assert not opened


def test_links_inside_the_folder_are_fine(write_story) -> None:
    folder = write_story({"shared/a.yaml": SCENE})
    (folder / "parts").mkdir()
    (folder / "parts" / "a.yaml").symlink_to(folder / "shared" / "a.yaml")
    assert [f for f in found(folder) if " E" in f] == []


def test_a_fifo_as_an_included_file_is_refused_not_hung_on(write_story) -> None:
    folder = write_story({"parts/a.yaml": SCENE})
    os.mkfifo(folder / "parts" / "pipe.yaml")
    out = found(folder)
    assert any("story.yaml:4:11: E100 " in f and "parts/pipe.yaml' is a FIFO (named pipe); "
               "story files must be ordinary files" in f for f in out), out


def test_a_fifo_as_the_manifest_is_refused_not_hung_on(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    folder = tmp_path / "story"
    folder.mkdir()
    os.mkfifo(folder / "story.yaml")
    for given in (folder, folder / "story.yaml"):
        assert main(["validate", str(given)]) == 1
        assert "story.yaml' is a FIFO (named pipe); story files must be ordinary files" in capsys.readouterr().out
    assert main(["play", "--new", "--plain", "--story", str(folder)]) == 1
    assert "story.yaml' is a FIFO (named pipe)" in capsys.readouterr().err


def test_a_yaml_file_no_include_loads_is_named_with_the_pattern_to_add(write_story) -> None:
    folder = write_story({"parts/a.yaml": SCENE, "extra/more.yaml": "clues:\n  c: {name: C}\n",
                          "notes.yml": "clues:\n  d: {name: D}\n"})
    out = found(folder)
    assert any(f.endswith("extra/more.yaml:1:1: W130 this file is not part of the story: no include loads it; "
                          "add 'extra/*.yaml' to the include list in story.yaml (or move the file out of the story folder)")
               for f in out), out
    assert any("notes.yml:1:1: W130" in f and "add 'notes.yml' to the include list" in f for f in out), out
    assert not any("parts/a.yaml:1:1: W130" in f for f in out)


def test_a_content_file_given_as_the_story_says_so_once(write_story) -> None:
    folder = write_story({"parts/a.yaml": SCENE, "clues.yaml": "clues:\n" + "".join(
        f"  c{i}: {{name: C{i}, text: T}}\n" for i in range(36))})
    out = found(folder / "clues.yaml")
    assert len(out) == 1, out
    assert "clues.yaml:1:1: E100 'clues.yaml' is a part of a story (it holds clues:), not a story's manifest: " \
           "give the story folder" in out[0]
    assert f"(its manifest is '" in out[0] and "story.yaml')" in out[0]


def test_a_syntax_error_in_the_manifest_does_not_hide_the_other_files(write_story) -> None:
    manifest = ("id: t\ntitle: \"Broken\nstart: a.start\ninclude:\n  - parts/*.yaml\n"
                "acts: {one: {title: One, time: 3, start: a.start}}\n")
    folder = write_story({"story.yaml": manifest, "parts/a.yaml": SCENE + "    tilte: Oops\n"})
    out = found(folder)
    assert any("story.yaml:2:8: E101 this quote is never closed" in f for f in out), out
    assert any("parts/a.yaml:7:5: E111 scene 'a.start': unknown key 'tilte'" in f for f in out), out


def test_a_syntax_error_in_one_file_still_shows_unknown_ids_it_cannot_hold(write_story) -> None:
    folder = write_story({"parts/a.yaml": SCENE.replace("goto: done", "goto: nowhere"),
                          "parts/b.yaml": "clues:\n  c: {name: \"C}\n  also: x: y\n"})
    out = [f for f in found(folder) if " E" in f]
    assert any("parts/b.yaml" in f and "E101" in f for f in out), out
    assert any("parts/a.yaml:6:15: E201" in f and "'nowhere'" in f for f in out), out


def test_an_unknown_id_the_broken_file_may_hold_is_not_blamed(write_story) -> None:
    folder = write_story({"parts/a.yaml": SCENE.replace("goto: done", "goto: later"),
                          "parts/b.yaml": "scenes:\n  later: {text: \"x}\n  also: x: y\n"})
    out = [f for f in found(folder) if " E" in f]
    assert len(out) == 1 and "parts/b.yaml" in out[0] and "E101" in out[0], out


def test_text_cut_short_by_a_comment_is_warned(write_story) -> None:
    folder = write_story({"parts/a.yaml": SCENE + "suspects:\n  al:\n    name: Al\n    role: Set crew #2\n"
                                                  "    text: \"Quoted #3\"\n    alibi: Home # or not\n"
                                                  "  bo:\n    name: Bo   # a comment, written as one\n"})
    out = found(folder)
    assert any("parts/a.yaml:10:11: W131 suspect 'al': role stops before '#2': in unquoted text ' #' starts "
               "a comment, so only 'Set crew' is kept" in f for f in out), out
    assert any("parts/a.yaml:12:12: W131 suspect 'al': alibi stops before '# or not'" in f for f in out), out
    # quoted text, '  # ' comments and ids with comments are fine
    assert sum("W131" in f for f in out) == 2


def test_a_sub_folder_given_as_the_story_names_the_story_above(write_story) -> None:
    folder = write_story({"parts/a.yaml": SCENE})
    out = found(folder / "parts")
    assert len(out) == 1 and "E100 no story manifest here (looked for story.yaml or case.yaml); " \
                              f"this folder is part of the story at '{folder}'" in out[0], out


def test_the_look_for_unloaded_files_is_bounded_and_says_so(write_story, monkeypatch: pytest.MonkeyPatch) -> None:
    from game.loading import loader

    folder = write_story({"parts/a.yaml": SCENE, **{f"notes/n{i}.txt": "x" for i in range(12)}})
    monkeypatch.setattr(loader, "MAX_FOLDER_ENTRIES", 10)
    out = found(folder)
    assert any("story.yaml:1:1: W130 the story folder holds more than 10 files and folders: only some were "
               "checked" in f for f in out), out
