"""``ghostlight validate``: load a story (and its branches), lint it, and say what is wrong."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from game.core.errors import shown


def cmd_validate(args: argparse.Namespace, story_path: Path) -> int:
    """`ghostlight validate`: every finding at file:line:col (or as JSON), then a one-line summary."""
    from game.loading.branches import read_layered

    story, findings, _sources, _layered = read_layered(story_path, args.branch)
    if story is not None:  # the W4xx lint needs a whole story; see game/authoring/lint.py
        from game.authoring.lint import lint

        findings = sorted(findings + lint(story), key=lambda f: (f.path, f.line, f.col, f.code))
    errors = [f for f in findings if f.is_error]
    first, more = shown(findings)
    if args.format == "json":
        print(json.dumps({
            "ok": not errors,
            "findings": [{"path": f.path, "line": f.line, "col": f.col, "code": f.code,
                          "severity": "error" if f.is_error else "warning", "message": f.message}
                         for f in first],
            **({"omitted": len(findings) - len(first)} if more else {}),
        }, indent=2))
        return 1 if errors else 0
    for finding in first:
        print(finding)
    if more:
        print(more)
    warnings = len(findings) - len(errors)
    if errors:
        print(f"{_counted(len(errors), 'error')}, {_counted(warnings, 'warning')}.")
        return 1
    assert story is not None
    # the branches said by name: an author validating one saw only the clue count change
    layered = "".join(f" with branch '{branch}'" for branch, _hash in story.branches)
    print(f"ok: '{story.title}'{layered} has {_counted(len(story.scenes), 'scene')}, "
          f"{_counted(len(story.clues), 'clue')}, {_counted(len(story.endings), 'ending')}; "
          f"{_counted(warnings, 'warning')}.")
    return 0


def _counted(number: int, thing: str) -> str:
    """"1 scene", "2 scenes": the validate summary's counts."""
    return f"{number} {thing}{'' if number == 1 else 's'}"
