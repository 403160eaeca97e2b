"""``ghostlight lsp`` end to end: a real server process driven over stdio by tests/lsp_client.py.

Every diagnostic is checked against what ``ghostlight validate --format json`` says about the
same text (written to disk after the server has answered), so the editor and the command line
cannot drift apart.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("pygls")  # the lsp extra is part of the test extra

from lsp_client import Client  # noqa: E402

STORY = Path(__file__).resolve().parents[1] / "story"
pytestmark = pytest.mark.slow


@pytest.fixture
def story(tmp_path: Path) -> Path:
    shutil.copytree(STORY, tmp_path / "story")
    return tmp_path / "story"


@pytest.fixture
def client(story: Path):
    c = Client(story)
    yield c
    c.close()
    assert c.proc.returncode == 0, b"".join(c.stderr).decode(errors="replace")


def validate(story: Path) -> set[tuple]:
    """(path, line, col, code, message) of every finding `ghostlight validate` reports."""
    out = subprocess.run([sys.executable, "-m", "game", "validate", str(story), "--format", "json"],
                         capture_output=True, text=True)
    data = json.loads(out.stdout)
    return {(os.path.abspath(f["path"]), f["line"], f["col"], f["code"], f["message"]) for f in data["findings"]}


def code_points(line: str, units: int) -> int:
    """A UTF-16 column (the protocol's default) as a column in characters (validate's)."""
    count = 0
    for index, char in enumerate(line):
        if count >= units:
            return index
        count += 2 if ord(char) > 0xFFFF else 1
    return len(line)


def published(diagnostics: dict[str, list[dict]]) -> set[tuple]:
    """The diagnostics as validate's findings: (path, line, col, code, message), read against
    the files on disk (write the edited text there first)."""
    out = set()
    for uri, found in diagnostics.items():
        path = uri.removeprefix("file://")
        lines = Path(path).read_text().split("\n") if found else []
        for d in found:
            start = d["range"]["start"]
            row = lines[start["line"]] if start["line"] < len(lines) else ""
            out.add((path, start["line"] + 1, code_points(row, start["character"]) + 1, d["code"], d["message"]))
    return out


def edit(path: Path, old: str, new: str, count: int = 1) -> str:
    text = path.read_text()
    assert old in text, old
    return text.replace(old, new, count)


def span(text: str, d: dict) -> str:
    """The text a range covers (one line; columns in UTF-16 units, as the protocol's default)."""
    r = d["range"]
    line = text.split("\n")[r["start"]["line"]]
    return line[code_points(line, r["start"]["character"]):code_points(line, r["end"]["character"])]


def test_the_bundled_case_opens_clean(client: Client, story: Path) -> None:
    uri = client.open(story / "acts" / "act1.yaml")
    assert published(client.settled(uri)) == validate(story) == set()


def test_planted_mistakes_are_reported_as_validate_reports_them(client: Client, story: Path) -> None:
    act1, act2, clues = story / "acts" / "act1.yaml", story / "acts" / "act2.yaml", story / "clues.yaml"
    texts = {
        act1: edit(act1, "goto: act1.dorm", "goto: act1.dorn"),               # an unknown goto
        act2: edit(act2, "if: not has(pell_badge_out)", "if: not has(pell_badge_ot)"),  # a misspelt clue
        clues: edit(clues, "  torn_nail:\n", "  act1.lobby:\n    name: A twin\n  torn_nail:\n"),  # a duplicate id
    }
    uris = {path: client.open(path) for path in texts}
    for path, text in texts.items():
        client.change(uris[path], text)
    found = client.settled(uris[clues])
    for path, text in texts.items():
        path.write_text(text)
    expected = validate(story)
    assert published(found) == expected
    codes = {(Path(p).name, code) for p, _l, _c, code, _m in expected}
    # clues.yaml is included before the acts: the scene's own key is the second declaration
    assert {("act1.yaml", "E201"), ("act2.yaml", "E201"), ("act1.yaml", "E122")} <= codes
    # the ranges cover the word at fault
    (goto,) = [d for d in found[uris[act1]] if "act1.dorn" in d["message"]]
    assert span(texts[act1], goto) == "act1.dorn"
    (has,) = [d for d in found[uris[act2]] if "pell_badge_ot" in d["message"]]
    assert span(texts[act2], has) == "pell_badge_ot" and "did you mean 'pell_badge_out'" in has["message"]
    (dup,) = [d for d in found[uris[act1]] if d["code"] == "E122"]
    assert span(texts[act1], dup) == "act1.lobby" and "clues.yaml" in dup["message"]


def test_a_change_in_clues_reaches_the_act_files_and_clears_when_undone(client: Client, story: Path) -> None:
    clues = story / "clues.yaml"
    uri = client.open(clues)
    client.settled(uri)
    original = clues.read_text()
    client.change(uri, original.replace("  torn_nail:\n", "  torn_nails:\n"))
    found = client.settled(uri)
    users = {Path(u).name for u, ds in found.items() if any("torn_nail'" in d["message"] for d in ds)}
    assert users and "clues.yaml" not in users  # act and people files that name the clue, unopened
    client.change(uri, original)
    assert all(ds == [] for ds in client.settled(uri).values())


def test_completion_offers_ids_of_the_kind_the_key_names(client: Client, story: Path) -> None:
    act1 = story / "acts" / "act1.yaml"
    text = act1.read_text()
    lines = text.split("\n")
    goto = next(i for i, l in enumerate(lines) if l.strip().startswith("goto: act1.dorm"))
    lines[goto] = lines[goto].replace("goto: act1.dorm", "goto: act1.d")
    lines.insert(goto + 1, "        if: has(torn")
    lines.insert(goto + 2, "        do: [{talk: pe")
    uri = client.open(act1)
    client.settled(uri)
    client.change(uri, "\n".join(lines))  # typing: the file does not parse, its ids still complete
    client.settled(uri)

    def labels(line: int) -> dict[str, dict]:
        items = client.request("textDocument/completion", client.at(uri, line, len(lines[line])))
        items = items["items"] if isinstance(items, dict) else items
        return {i["label"]: i for i in items}

    scenes = labels(goto)
    assert "act1.dorm" in scenes and "torn_nail" not in scenes
    assert any(i["detail"].startswith("ending") for i in scenes.values())  # endings too
    assert scenes["act1.dorm"]["textEdit"]["range"]["start"]["character"] == lines[goto].index("act1.d")
    clues = labels(goto + 1)
    assert clues["torn_nail"]["detail"] == "clue: The torn fingernail"
    assert clues["torn_nail"]["documentation"].startswith("Reyes, reading")
    assert "act1.dorm" not in clues
    people = labels(goto + 2)
    assert "pell" in people and "torn_nail" not in people


def test_keys_complete_with_the_specs_descriptions(client: Client, story: Path) -> None:
    act1 = story / "acts" / "act1.yaml"
    lines = act1.read_text().split("\n")
    goto = next(i for i, l in enumerate(lines) if l.strip().startswith("goto: act1.dorm"))
    lines.insert(goto + 1, "        on")
    uri = client.open(act1, "\n".join(lines))
    items = client.request("textDocument/completion", client.at(uri, goto + 1, len(lines[goto + 1])))
    items = {i["label"]: i for i in (items["items"] if isinstance(items, dict) else items)}
    assert items["once"]["documentation"] == "true: it disappears once taken."  # a choice's key
    assert "on_enter" not in items  # a scene's key, not a choice's


def test_hover_on_an_id_a_key_and_a_function(client: Client, story: Path) -> None:
    uri, line, col, lines = _badge(client, story)
    value = client.request("textDocument/hover", client.at(uri, line, col + 2))["contents"]["value"]
    assert "**clue** `pell_badge_out`" in value and "clues.yaml" in value
    value = client.request("textDocument/hover", client.at(uri, line, lines[line].index("has") + 1))["contents"]["value"]
    assert "has(clue | item)" in value and "holds" in value
    place = next(i for i, l in enumerate(lines) if l.strip().startswith("place:"))
    value = client.request("textDocument/hover", client.at(uri, place, lines[place].index("place") + 1))["contents"]["value"]
    assert "The place the scene is in." in value


def _badge(client: Client, story: Path) -> tuple[str, int, int, list[str]]:
    """act2.yaml opened and checked; the line and column of the clue id in `has(pell_badge_out)`."""
    act2 = story / "acts" / "act2.yaml"
    lines = act2.read_text().split("\n")
    line = next(i for i, l in enumerate(lines) if "if: not has(pell_badge_out)" in l)
    uri = client.open(act2)
    client.settled(uri)
    return uri, line, lines[line].index("pell_badge_out"), lines


def _refs(client: Client, uri: str, line: int, col: int) -> list[tuple[str, int]]:
    found = client.request("textDocument/references", {**client.at(uri, line, col), "context": {"includeDeclaration": True}})
    return sorted((Path(r["uri"]).name, r["range"]["start"]["line"]) for r in found)


def test_definition_and_references_cross_files_and_expressions(client: Client, story: Path) -> None:
    uri, line, col, lines = _badge(client, story)
    target = client.request("textDocument/definition", client.at(uri, line, col))
    clue_lines = (story / "clues.yaml").read_text().split("\n")
    assert target["uri"].endswith("/clues.yaml")
    assert clue_lines[target["range"]["start"]["line"]].strip() == "pell_badge_out:"
    refs = _refs(client, uri, line, col)
    expected = sorted((p.name, i) for p in story.rglob("*.yaml") for i, l in enumerate(p.read_text().split("\n"))
                      if "pell_badge_out" in l and not l.lstrip().startswith("#"))
    assert refs == expected and ("act2.yaml", line) in refs


def test_rename_changes_every_use_and_the_story_stays_valid(client: Client, story: Path) -> None:
    uri, line, col, lines = _badge(client, story)
    result = client.request("textDocument/rename", {**client.at(uri, line, col), "newName": "pell_badge_gone"})
    assert len(result["changes"]) >= 2
    for file_uri, edits in result["changes"].items():
        path = Path(file_uri.removeprefix("file://"))
        text = path.read_text()
        assert all(span(text, e) == "pell_badge_out" for e in edits)
        path.write_text(_apply(text, edits))
    assert validate(story) == set()
    for p in story.rglob("*.yaml"):
        assert not any("pell_badge_out" in l.split("#")[0] for l in p.read_text().split("\n"))


def test_rename_refuses_a_taken_name_and_a_bad_id(client: Client, story: Path) -> None:
    uri, line, col, lines = _badge(client, story)
    at = client.at(uri, line, col)
    taken = client.call("textDocument/rename", {**at, "newName": "torn_nail"})
    assert "already the id of a clue" in taken["error"]["message"]
    bad = client.call("textDocument/rename", {**at, "newName": "9 lives"})
    assert "not a valid id" in bad["error"]["message"]


def _apply(text: str, edits: list[dict]) -> str:
    rows = text.split("\n")
    for e in sorted(edits, key=lambda e: (-e["range"]["start"]["line"], -e["range"]["start"]["character"])):
        s, t = e["range"]["start"], e["range"]["end"]
        head = rows[s["line"]][:s["character"]] if s["line"] < len(rows) else ""
        tail = rows[t["line"]][t["character"]:] if t["line"] < len(rows) else ""
        rows[s["line"]:t["line"] + 1] = (head + e["newText"] + tail).split("\n")
    return "\n".join(rows)


def test_quick_fixes_take_the_did_you_mean_and_declare_a_flag(client: Client, story: Path) -> None:
    act1 = story / "acts" / "act1.yaml"
    text = edit(act1, "goto: act1.dorm", "goto: act1.dorn")
    text = text.replace("  - act1.laptop_plugged", "  - act1.laptop_plugged\n", 1)
    text = text.replace("        do: [{talk: pell}]", "        do: [{talk: pell}, {set: act1.brand_new}]", 1)
    uri = client.open(act1, text)
    found = client.settled(uri)[uri]
    assert {d["code"] for d in found} == {"E201"} and len(found) == 2
    for _ in range(2):  # one fix at a time: each edit moves the lines after it
        d = client.settled(uri)[uri][0]
        actions = client.request("textDocument/codeAction", {
            "textDocument": {"uri": uri}, "range": d["range"], "context": {"diagnostics": [d]}})
        assert len(actions) == 1
        edits = actions[0]["edit"]["changes"]
        ((file_uri, file_edits),) = edits.items()
        assert file_uri == uri
        text = _apply(text, file_edits)
        client.change(uri, text)
    # no error is left; the lint now notes the new flag is never read, as validate would
    assert [d["code"] for d in client.settled(uri)[uri]] == ["W409"]
    assert "goto: act1.dorm" in text and "  - act1.brand_new" in text


def test_outline_and_workspace_symbols(client: Client, story: Path) -> None:
    uri = client.open(story / "clues.yaml")
    client.settled(uri)
    names = {s["name"] for s in client.request("textDocument/documentSymbol", {"textDocument": {"uri": uri}})}
    assert "torn_nail" in names and "act1.arrival" not in names
    found = client.request("workspace/symbol", {"query": "arrival"})
    assert any(s["name"] == "act1.arrival" and s["location"]["uri"].endswith("act1.yaml") for s in found)


def test_bad_inputs_never_take_the_server_down(client: Client, story: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere.yaml"
    outside.write_text("scenes: {x: {text: hi, goto: nowhere}}\n")
    notes = story / "notes.txt"
    notes.write_text("not yaml at all: [\n")
    act1 = story / "acts" / "act1.yaml"
    for path, text in ((outside, None), (notes, None)):
        uri = client.open(path, text)
        assert client.request("textDocument/hover", client.at(uri, 0, 3)) is None
        assert client.request("textDocument/completion", client.at(uri, 0, 3)) in ([], None)
    uri = client.open(act1)
    for garbage in ("\x00\x01{[}]: :\n\t- - -", "scenes:\n  x: [\n", "", "é" * 5000, "acts: 3\n" * 50):
        client.change(uri, garbage)
        found = client.settled(uri)
        assert found[uri] or garbage == ""  # a finding, never a crash
        for line, col in ((0, 0), (10_000, 5), (0, 10_000), (2, 1)):
            client.request("textDocument/hover", client.at(uri, line, col))
            client.request("textDocument/completion", client.at(uri, line, col))
            client.request("textDocument/definition", client.at(uri, line, col))
            client.request("textDocument/references", {**client.at(uri, line, col), "context": {"includeDeclaration": True}})
    assert client.proc.poll() is None


def test_play_never_imports_the_language_server() -> None:
    code = ("import sys, runpy; sys.argv=['ghostlight','play','--plain','--new','--saves',sys.argv[1]];"
            "import game.cli.main as m\n"
            "try:\n  m.main(sys.argv[1:])\nexcept SystemExit: pass\n"
            "print('LOADED' if any(n.split('.')[0] in ('pygls','lsprotocol') or n.startswith('game.authoring.lsp') for n in sys.modules) else 'CLEAN')")
    out = subprocess.run([sys.executable, "-c", code, os.devnull], input="quit\ny\n", capture_output=True, text=True)
    assert out.stdout.strip().endswith("CLEAN"), out.stdout[-500:] + out.stderr[-500:]


def test_columns_are_in_the_editors_units_past_a_wide_character(client: Client, story: Path) -> None:
    """An emoji is one character to validate and two UTF-16 units to an editor."""
    act1 = story / "acts" / "act1.yaml"
    text = edit(act1, "        goto: act1.dorm", '        do: [{say: "\U0001F3AD"}, {goto: act1.dorn}]')
    uri = client.open(act1, text)
    (d,) = client.settled(uri)[uri]
    line = text.split("\n")[d["range"]["start"]["line"]]
    assert d["range"]["start"]["character"] == line.index("act1.dorn") + 1  # the emoji counts twice
    assert span(text, d) == "act1.dorn"
    act1.write_text(text)
    assert published({uri: [d]}) == validate(story)
    fix = client.request("textDocument/codeAction", {
        "textDocument": {"uri": uri}, "range": d["range"], "context": {"diagnostics": [d]}})
    (edit_,) = fix[0]["edit"]["changes"][uri]
    assert edit_["range"] == d["range"] and edit_["newText"] == "act1.dorm"
    items = client.request("textDocument/completion", client.at(uri, d["range"]["end"]["line"], d["range"]["end"]["character"]))
    dorm = next(i for i in items if i["label"] == "act1.dorm")
    assert dorm["textEdit"]["range"] == d["range"]  # in, then out again, in the editor's units
