"""The language server: pygls wiring of :mod:`game.authoring.lsp.features` over stdio.

Diagnostics are debounced without counting time: a change only marks the story dirty and
wakes one checker; the checker yields to the event loop first, so every change already
waiting is applied before the story is checked once for all of them.
"""

from __future__ import annotations

import asyncio
import logging
import os
import sys
from pathlib import Path
from typing import Any, Optional
from urllib.parse import unquote, urlparse

from lsprotocol import types as T
from pygls.exceptions import JsonRpcInvalidRequest
from pygls.lsp.server import LanguageServer

from game.authoring.lsp import features as F
from game.authoring.lsp.workspace import Workspace
from game.loading.files import YAML_SUFFIXES, manifest_above
from game.loading.locate import MANIFEST_NAMES

#: how many times the checker yields before it checks: enough for the changes already read
#: from the editor to be applied (a count, not a clock)
_YIELDS = 8
log = logging.getLogger(__name__)


def path_of(uri: str) -> Optional[str]:
    """The resolved file path of a ``file:`` URI; None for any other scheme."""
    parsed = urlparse(uri)
    if parsed.scheme != "file":
        return None
    return str(Path(unquote(parsed.path)).resolve())


class StoryServer(LanguageServer):
    """A language server for one story folder (found from the workspace or the first file)."""

    def __init__(self) -> None:
        super().__init__("ghostlight", "1")
        self.ws: Optional[Workspace] = None
        self.dirty = False
        self.checker: Optional[asyncio.Task] = None
        self.published: set[str] = set()

    def find_story(self, path: Optional[str]) -> None:
        if self.ws is not None or path is None:
            return
        start = Path(path)
        here = start if start.is_dir() else start.parent
        for name in MANIFEST_NAMES:
            if (here / name).is_file():
                self.ws = Workspace(here)
                return
        above = manifest_above(here / MANIFEST_NAMES[0], MANIFEST_NAMES, levels=4)
        if above is not None:
            self.ws = Workspace(above.parent)

    def mine(self, uri: str) -> Optional[str]:
        """The path of a document of the story, else None (other files are left alone)."""
        path = path_of(uri)
        self.find_story(path)
        if path is None or self.ws is None or not self.ws.owns(path) or not path.endswith(YAML_SUFFIXES):
            return None
        return path

    def changed(self) -> None:
        self.dirty = True
        if self.checker is None or self.checker.done():
            self.checker = asyncio.get_event_loop().create_task(self.check_when_quiet())

    async def check_when_quiet(self) -> None:
        while self.dirty:
            for _ in range(_YIELDS):
                await asyncio.sleep(0)
            self.dirty = False
            try:
                self.publish()
            except Exception:  # a bug must not take the editor's server down with it
                log.exception("checking the story failed")

    def publish(self) -> None:
        """Check the story and publish every file's findings, clearing files now clean."""
        assert self.ws is not None
        by_path = self.ws.check()
        units = _Units(self)
        for path in sorted(set(by_path) | self.published | set(self.ws.overlay)):
            found = by_path.get(path, [])
            uri = Path(path).as_uri()
            # the version of an open document says which edit these findings answer
            document = self.workspace.text_documents.get(uri) if path in self.ws.overlay else None
            self.text_document_publish_diagnostics(T.PublishDiagnosticsParams(
                uri=uri, diagnostics=units.out(path, F.diagnostics(self.ws, path, found)),
                version=document.version if document is not None else None))
        self.published = set(by_path)


server = StoryServer()


@server.feature(T.INITIALIZE)
def _initialize(ls: StoryServer, params: T.InitializeParams) -> None:
    root = params.root_uri or (params.workspace_folders[0].uri if params.workspace_folders else None)
    if root:
        path = path_of(root)
        if path and any((Path(path) / n).is_file() for n in MANIFEST_NAMES):
            ls.find_story(path)


@server.feature(T.TEXT_DOCUMENT_DID_OPEN)
def _did_open(ls: StoryServer, params: T.DidOpenTextDocumentParams) -> None:
    path = ls.mine(params.text_document.uri)
    if path is not None and ls.ws is not None:
        ls.ws.overlay[path] = params.text_document.text
        ls.changed()


@server.feature(T.TEXT_DOCUMENT_DID_CHANGE)
def _did_change(ls: StoryServer, params: T.DidChangeTextDocumentParams) -> None:
    path = ls.mine(params.text_document.uri)
    if path is not None and ls.ws is not None:
        ls.ws.overlay[path] = ls.workspace.get_text_document(params.text_document.uri).source
        ls.changed()


@server.feature(T.TEXT_DOCUMENT_DID_SAVE)
def _did_save(ls: StoryServer, params: T.DidSaveTextDocumentParams) -> None:
    if ls.mine(params.text_document.uri) is not None:
        ls.changed()


@server.feature(T.TEXT_DOCUMENT_DID_CLOSE)
def _did_close(ls: StoryServer, params: T.DidCloseTextDocumentParams) -> None:
    path = ls.mine(params.text_document.uri)
    if path is not None and ls.ws is not None:
        ls.ws.overlay.pop(path, None)  # the file on disk is the story again
        ls.changed()


def _answer(ls: StoryServer, uri: str, work: Any, empty: Any, fresh: bool = False) -> Any:
    """``work(ws, path)`` for a story document; ``empty`` for anything else or on a bug.

    ``fresh``: positions must match the text as it is now (a rename, a reference list), so a
    pending check is run first; completion and hover, asked while typing, take the last one.
    """
    path = ls.mine(uri)
    if path is None or ls.ws is None:
        return empty
    try:
        if (fresh and ls.dirty) or (ls.ws.story is None and not ls.ws.index.defs):
            ls.dirty = False
            ls.publish()
        return work(ls.ws, path)
    except F.RenameRefused:
        raise
    except Exception:
        log.exception("answering a request failed")
        return empty


class _Units:
    """Columns between the editor's units (UTF-16 by default) and the story's code points.

    The features work in code points, as the loader's marks do; a position coming in and every
    range going out pass through here, with the lines of the file each one is in."""

    def __init__(self, ls: StoryServer) -> None:
        self.codec = ls.workspace.position_codec
        self.ws = ls.ws
        self.lines: dict[str, list[str]] = {}

    def of(self, path: str) -> list[str]:
        if path not in self.lines:
            self.lines[path] = self.ws.text(path).split("\n") if self.ws is not None else []
        return self.lines[path]

    def inward(self, path: str, position: T.Position) -> T.Position:
        lines = self.of(path)
        if position.line >= len(lines):
            return position  # past the end: the features answer nothing
        found = self.codec.position_from_client_units(lines, T.Position(position.line, position.character))
        return T.Position(found.line, found.character)

    def out(self, path: str, value: Any) -> Any:
        """``value`` (an answer of the features) with its ranges in the editor's units."""
        if isinstance(value, list):
            return [self.out(path, v) for v in value]
        if isinstance(value, T.Range):
            return self.codec.range_to_client_units(self.of(path), value)
        if isinstance(value, T.Location):
            return T.Location(value.uri, self.out(path_of(value.uri) or path, value.range))
        if isinstance(value, T.TextEdit):
            return T.TextEdit(self.out(path, value.range), value.new_text)
        if isinstance(value, T.WorkspaceEdit) and value.changes:
            return T.WorkspaceEdit(changes={uri: self.out(path_of(uri) or path, edits)
                                            for uri, edits in value.changes.items()})
        if isinstance(value, T.Diagnostic):
            value.range = self.out(path, value.range)
        elif isinstance(value, T.CompletionItem) and isinstance(value.text_edit, T.TextEdit):
            value.text_edit = self.out(path, value.text_edit)
        elif isinstance(value, T.SymbolInformation):
            value.location = self.out(path, value.location)
        elif isinstance(value, T.CodeAction) and value.edit is not None:
            value.edit = self.out(path, value.edit)
        return value


def _at(ls: StoryServer, params: Any, work: Any, empty: Any, fresh: bool = False) -> Any:
    """``work(ws, path, line, character)`` at a request's position (see :func:`_answer`)."""
    def run(ws: Workspace, path: str) -> Any:
        units = _Units(ls)
        p = units.inward(path, params.position)
        return units.out(path, work(ws, path, p.line, p.character))

    return _answer(ls, params.text_document.uri, run, empty, fresh)


@server.feature(T.TEXT_DOCUMENT_COMPLETION, T.CompletionOptions(trigger_characters=["(", " ", ":", "[", ","]))
def _completion(ls: StoryServer, params: T.CompletionParams) -> list[T.CompletionItem]:
    return _at(ls, params, F.completion, [])


@server.feature(T.TEXT_DOCUMENT_HOVER)
def _hover(ls: StoryServer, params: T.HoverParams) -> Optional[T.Hover]:
    return _at(ls, params, F.hover, None)


@server.feature(T.TEXT_DOCUMENT_DEFINITION)
def _definition(ls: StoryServer, params: T.DefinitionParams) -> Optional[T.Location]:
    return _at(ls, params, F.definition, None, fresh=True)


@server.feature(T.TEXT_DOCUMENT_REFERENCES)
def _references(ls: StoryServer, params: T.ReferenceParams) -> list[T.Location]:
    inc = params.context.include_declaration
    return _at(ls, params, lambda ws, path, line, col: F.references(ws, path, line, col, inc), [], fresh=True)


@server.feature(T.TEXT_DOCUMENT_PREPARE_RENAME)
def _prepare_rename(ls: StoryServer, params: T.PrepareRenameParams) -> Optional[T.Range]:
    return _at(ls, params, F.prepare_rename, None, fresh=True)


@server.feature(T.TEXT_DOCUMENT_RENAME)
def _rename(ls: StoryServer, params: T.RenameParams) -> Optional[T.WorkspaceEdit]:
    try:
        return _at(ls, params, lambda ws, path, line, col: F.rename(ws, path, line, col, params.new_name),
                   None, fresh=True)
    except F.RenameRefused as exc:
        raise JsonRpcInvalidRequest(str(exc)) from None


@server.feature(T.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
def _symbols(ls: StoryServer, params: T.DocumentSymbolParams) -> list[T.SymbolInformation]:
    return _answer(ls, params.text_document.uri, lambda ws, path: _Units(ls).out(path, F.document_symbols(ws, path)), [])


@server.feature(T.WORKSPACE_SYMBOL)
def _workspace_symbols(ls: StoryServer, params: T.WorkspaceSymbolParams) -> list[T.SymbolInformation]:
    if ls.ws is None:
        return []
    units = _Units(ls)
    return [units.out(path_of(s.location.uri) or "", s) for s in F.workspace_symbols(ls.ws, params.query)]


@server.feature(T.TEXT_DOCUMENT_CODE_ACTION,
                T.CodeActionOptions(code_action_kinds=[T.CodeActionKind.QuickFix]))
def _code_actions(ls: StoryServer, params: T.CodeActionParams) -> list[T.CodeAction]:
    def run(ws: Workspace, path: str) -> list[T.CodeAction]:
        units = _Units(ls)
        for d in params.context.diagnostics:  # the editor's diagnostics, back in code points
            d.range = T.Range(units.inward(path, d.range.start), units.inward(path, d.range.end))
        return units.out(path, F.code_actions(ws, path, params.context.diagnostics))

    return _answer(ls, params.text_document.uri, run, [], fresh=True)


def run() -> int:
    """Serve over standard input and output until the editor shuts the server down."""
    # The protocol owns the real stdout: anything else printed goes to stderr instead of
    # corrupting a message, and pygls closing its streams at exit leaves sys.stdout usable.
    stdin, stdout = os.fdopen(os.dup(0), "rb"), os.fdopen(os.dup(1), "wb")
    real, sys.stdout = sys.stdout, sys.stderr
    try:
        server.start_io(stdin, stdout)
    finally:
        sys.stdout = real
    return 0
