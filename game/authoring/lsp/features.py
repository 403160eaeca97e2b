"""The answers to an editor's requests, as lsprotocol values, from a :class:`Workspace`.

Every function here is total: a position past the end, a file outside the story, text that is
not YAML gives an empty answer, never an exception.
"""

from __future__ import annotations

import os
import re
from typing import Optional, Sequence

from lsprotocol import types as T

from game.core import expr
from game.core.errors import Finding
from game.core.words import first_line
from game.loading import spec as S
from game.loading.nodes import ID_PATTERN
from game.authoring.lsp import context as C
from game.authoring.lsp.workspace import Site, Workspace

#: what each expression function means (its argument kinds and result come from expr.FUNCTIONS)
FUNCTION_DOCS: dict[str, str] = {
    "has": "the player holds this clue or item",
    "flag": "this flag is set",
    "visited": "the player has been in this scene",
    "visits": "how many times the player has entered this scene",
    "count": "the value of this counter",
    "asked": "this topic has been asked",
    "broken": "this statement has been broken by a clue",
    "pressed": "this statement has been pressed",
    "confirmed": "this deduction is confirmed on the board",
    "accused": "the player accused this person",
    "chose": "this option was chosen in the accusation",
    "evidence": "this clue was laid out as evidence in the accusation",
    "clues": "how many clues with this tag the player holds",
}
_DID_YOU_MEAN = re.compile(r"\(did you mean '([^']+)'\?\)")
_UNKNOWN_FLAG = re.compile(r"unknown flag '([^']+)'")
_SECTION_OF = {kind: section for section, kind in S.SECTIONS.items()}


def _lines(ws: Workspace, path: str) -> list[str]:
    return ws.text(path).split("\n")


def _is_manifest(ws: Workspace, path: str) -> bool:
    return ws.manifest is not None and os.path.abspath(path) == str(ws.manifest)


def diagnostics(ws: Workspace, path: str, findings: list[Finding]) -> list[T.Diagnostic]:
    """A file's findings as diagnostics: the range covers the word the finding points at."""
    lines = _lines(ws, path)
    out = []
    for f in findings:
        line, col = max(f.line - 1, 0), max(f.col - 1, 0)
        text = lines[line] if line < len(lines) else ""
        word = re.compile(r"[\"']?[A-Za-z0-9_.\-]+").match(text, col)
        end = word.end() if word and word.end() > col else col + 1
        out.append(T.Diagnostic(
            range=T.Range(T.Position(line, col), T.Position(line, end)), message=f.message, code=f.code,
            severity=T.DiagnosticSeverity.Error if f.is_error else T.DiagnosticSeverity.Warning,
            source="ghostlight"))
    return out


def describe(ws: Workspace, name: str) -> tuple[str, str, str]:
    """(kind, name or title, first line of text) of a declared id."""
    kind = ws.index.defs[name][0]
    record = ws.index.elements.get(name)
    title = getattr(record, "name", None) or getattr(record, "title", None) or ""
    if kind == "scene" and not title:  # the one rule for a scene's name, when the story is whole
        story = ws.story
        title = story.scene_title(name) if story is not None and name in story.scenes else ""
    return kind, str(title), first_line(str(getattr(record, "text", "") or ""), 80)


def completion(ws: Workspace, path: str, line: int, col: int) -> list[T.CompletionItem]:
    lines = _lines(ws, path)
    if line >= len(lines):
        return []
    col = min(col, len(lines[line]))
    manifest = _is_manifest(ws, path)
    want = C.wanted(lines, line, col, manifest)
    if want is not None:
        edit_range = T.Range(T.Position(line, want.start), T.Position(line, col))
        items = []
        for name in ws.index.of_kinds(want.kinds):
            kind, title, text = describe(ws, name)
            items.append(T.CompletionItem(
                label=name, kind=T.CompletionItemKind.Reference, detail=f"{kind}: {title}".rstrip(": "),
                documentation=text or None, text_edit=T.TextEdit(edit_range, name)))
        return items
    keys = C.keys_wanted(lines, line, col, manifest)
    if keys is None:
        return []
    found, start = keys
    edit_range = T.Range(T.Position(line, start), T.Position(line, col))
    return [T.CompletionItem(label=k.name, kind=T.CompletionItemKind.Property, detail=k.type,
                             documentation=k.doc, text_edit=T.TextEdit(edit_range, k.name + ": "))
            for k in found]


def hover(ws: Workspace, path: str, line: int, col: int) -> Optional[T.Hover]:
    lines = _lines(ws, path)
    if line >= len(lines):
        return None
    name = ws.at(path, line, col)
    if name is not None and name in ws.index.defs:
        kind, title, text = describe(ws, name)
        site = ws.definition(name)
        where = f"{os.path.relpath(site.path, ws.folder)}:{site.line + 1}" if site else "?"
        body = f"**{kind}** `{name}`" + (f": {title}" if title else "") + f"\n\ndefined in {where}"
        return T.Hover(T.MarkupContent(T.MarkupKind.Markdown, body + (f"\n\n{text}" if text else "")))
    fn = C.function_at(lines[line], col)
    if fn is not None:
        kinds, result = expr.FUNCTIONS[fn]
        return T.Hover(T.MarkupContent(T.MarkupKind.Markdown,
                                       f"`{fn}({' | '.join(kinds)}) -> {result}`\n\n{FUNCTION_DOCS.get(fn, '')}"))
    key = C.key_at(lines, line, col, _is_manifest(ws, path))
    if key is not None:
        return T.Hover(T.MarkupContent(T.MarkupKind.Markdown, f"`{key[0]}`: {key[1]}"))
    return None


def _location(site: Site, length: int) -> T.Location:
    return T.Location(_uri(site.path), T.Range(T.Position(site.line, site.col), T.Position(site.line, site.col + length)))


def _uri(path: str) -> str:
    from pathlib import Path

    return Path(path).as_uri()


def definition(ws: Workspace, path: str, line: int, col: int) -> Optional[T.Location]:
    name = ws.at(path, line, col)
    site = ws.definition(name) if name else None
    return None if site is None or name is None else _location(site, len(name))


def references(ws: Workspace, path: str, line: int, col: int, declaration: bool = True) -> list[T.Location]:
    name = ws.at(path, line, col)
    return [] if name is None else [_location(s, len(name)) for s in ws.references(name, declaration)]


class RenameRefused(Exception):
    """A rename the story cannot take; the message says why."""


def rename(ws: Workspace, path: str, line: int, col: int, new: str) -> Optional[T.WorkspaceEdit]:
    """Every place the id under the cursor is written, renamed; refused for a taken or bad name."""
    name = ws.at(path, line, col)
    if name is None or name not in ws.index.defs:
        return None
    if not ID_PATTERN.match(new):
        raise RenameRefused(f"'{new}' is not a valid id: a letter, then letters, digits, _ . or -")
    if new in ws.index.defs:
        raise RenameRefused(f"'{new}' is already the id of a {ws.index.defs[new][0]}")
    changes: dict[str, list[T.TextEdit]] = {}
    for site in ws.references(name):
        changes.setdefault(_uri(site.path), []).append(T.TextEdit(
            T.Range(T.Position(site.line, site.col), T.Position(site.line, site.col + len(name))), new))
    return T.WorkspaceEdit(changes=changes)


def prepare_rename(ws: Workspace, path: str, line: int, col: int) -> Optional[T.Range]:
    name = ws.at(path, line, col)
    if name is None or name not in ws.index.defs:
        return None
    for site in ws.references(name):
        if site.path == os.path.abspath(path) and site.line == line and site.col <= col <= site.col + len(name):
            return T.Range(T.Position(line, site.col), T.Position(line, site.col + len(name)))
    return None


def _symbol_kind(kind: str) -> T.SymbolKind:
    return {"scene": T.SymbolKind.Class, "clue": T.SymbolKind.Constant, "person": T.SymbolKind.Object,
            "topic": T.SymbolKind.Event, "act": T.SymbolKind.Namespace, "ending": T.SymbolKind.Enum,
            "flag": T.SymbolKind.Boolean, "counter": T.SymbolKind.Number}.get(kind, T.SymbolKind.Field)


def _symbol(ws: Workspace, name: str, kind: str, site: Site) -> T.SymbolInformation:
    title = describe(ws, name)[1]
    return T.SymbolInformation(name=name, kind=_symbol_kind(kind), location=_location(site, len(name)),
                               container_name=f"{kind}" + (f": {title}" if title else ""))


def document_symbols(ws: Workspace, path: str) -> list[T.SymbolInformation]:
    """The outline of one file: the scenes, clues, people, topics ... it declares."""
    path = os.path.abspath(path)
    return [_symbol(ws, name, kind, site) for name, (kind, site) in ws.index.defs.items()
            if site.path == path and kind in _SECTION_OF]


def workspace_symbols(ws: Workspace, query: str, limit: int = 500) -> list[T.SymbolInformation]:
    query = query.lower()
    found = [(n, k, s) for n, (k, s) in ws.index.defs.items() if query in n.lower()]
    return [_symbol(ws, n, k, s) for n, k, s in found[:limit]]


def code_actions(ws: Workspace, path: str, diagnostics: Sequence[T.Diagnostic]) -> list[T.CodeAction]:
    """Quick fixes: take the did-you-mean; declare an unknown flag in ``flags:``."""
    uri = _uri(os.path.abspath(path))
    lines = _lines(ws, path)
    out = []
    for d in diagnostics:
        near = _DID_YOU_MEAN.search(d.message)
        if near:
            start = d.range.start
            text = lines[start.line] if start.line < len(lines) else ""
            word = re.compile(r"[A-Za-z0-9_.\-]+").match(text, start.character + (text[start.character:start.character + 1] in "\"'"))
            if word:
                span = T.Range(T.Position(start.line, word.start()), T.Position(start.line, word.end()))
                out.append(T.CodeAction(title=f"Change to '{near.group(1)}'", kind=T.CodeActionKind.QuickFix,
                                        diagnostics=[d], is_preferred=True,
                                        edit=T.WorkspaceEdit(changes={uri: [T.TextEdit(span, near.group(1))]})))
        flag = _UNKNOWN_FLAG.search(d.message)
        if flag and ID_PATTERN.match(flag.group(1)):
            out.append(T.CodeAction(title=f"Declare the flag '{flag.group(1)}' in flags:",
                                    kind=T.CodeActionKind.QuickFix, diagnostics=[d],
                                    edit=_declare_flag(ws, path, flag.group(1))))
    return out


def _declare_flag(ws: Workspace, path: str, name: str) -> T.WorkspaceEdit:
    """Add ``name`` under the first ``flags:`` of this file, else of the story, else a new one here."""
    path = os.path.abspath(path)
    candidates = [path] + [p for p in ws.files() if p != path]
    for candidate in candidates:
        lines = _lines(ws, candidate)
        for number, text in enumerate(lines):
            if text.rstrip() == "flags:" or text.startswith("flags: ") and text.rstrip().endswith(":"):
                following = lines[number + 1] if number + 1 < len(lines) else ""
                dash = re.match(r"^([ \t]*)-", following)
                indent = dash.group(1) if dash else "  "
                edit = T.TextEdit(T.Range(T.Position(number + 1, 0), T.Position(number + 1, 0)), f"{indent}- {name}\n")
                return T.WorkspaceEdit(changes={_uri(candidate): [edit]})
    lines = _lines(ws, path)
    end = T.Position(len(lines) - 1, len(lines[-1]))
    prefix = "" if not lines[-1] else "\n"
    return T.WorkspaceEdit(changes={_uri(path): [T.TextEdit(T.Range(end, end), f"{prefix}flags:\n  - {name}\n")]})
