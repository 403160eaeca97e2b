"""Random edits to a story file through a real ``ghostlight lsp``: the server answers every
request, never crashes, and after the last edit publishes exactly what ``validate`` reports."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

pytest.importorskip("pygls")

from hypothesis import HealthCheck, given, settings, strategies as st  # noqa: E402

from lsp_client import Client  # noqa: E402
from test_lsp import STORY, published, validate  # noqa: E402

pytestmark = pytest.mark.slow

SNIPPETS = ["\n", "  ", ":", "- ", "[", "]", "{", "'", "#", "goto: act1.dorm", "goto: nowhere", "has(",
            "has(torn_nail)", "if: flag(", "act1.lobby", "torn_nail", "scenes:", "x", "\t", "é", "\U0001F3AD", "&a", "*a"]

edit = st.one_of(
    st.tuples(st.just("insert"), st.floats(0, 1), st.sampled_from(SNIPPETS)),
    st.tuples(st.just("delete"), st.floats(0, 1), st.integers(1, 40)),
)
ask = st.tuples(st.sampled_from(["hover", "completion", "definition", "references"]),
                st.integers(0, 600), st.integers(0, 120))


def apply(text: str, op: tuple) -> str:
    kind, where, what = op
    at = int(where * len(text))
    return text[:at] + what + text[at:] if kind == "insert" else text[:at] + text[at + what:]


@pytest.fixture(scope="module")
def session(tmp_path_factory: pytest.TempPathFactory):
    story = tmp_path_factory.mktemp("prop") / "story"
    shutil.copytree(STORY, story)
    client = Client(story)
    path = story / "acts" / "act1.yaml"
    original = path.read_text()
    uri = client.open(path)
    client.settled(uri)
    yield client, story, path, original, uri
    client.close()


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(st.tuples(edit, ask), min_size=1, max_size=5))
def test_random_edits_end_in_validates_findings(session, steps) -> None:
    client, story, path, original, uri = session
    text = original
    client.change(uri, text)
    for op, (method, line, col) in steps:
        text = apply(text, op)
        client.change(uri, text)
        params = client.at(uri, line, col)
        if method == "references":
            params["context"] = {"includeDeclaration": True}
        response = client.call(f"textDocument/{method}", params)
        assert "error" not in response, response  # answered, whatever the text
    found = client.settled(uri)
    path.write_text(text)  # validate reads the disk: give it the same text
    try:
        assert published(found) == validate(story)
    finally:
        path.write_text(original)
    assert client.proc.poll() is None
