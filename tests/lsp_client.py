"""A small JSON-RPC client that drives ``python -m game lsp`` over stdio, as an editor would.

Synchronous on purpose: every wait is on a message (a response, a diagnostics notification for
a given document version), never on the clock. The only time limit is a safety net that fails
the test with a message if the server stops answering altogether.
"""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any, Optional

#: a safety net, not a budget: the server answering nothing for this long is a hang
HANG = 120.0


class ServerGone(AssertionError):
    pass


class Client:
    def __init__(self, root: Path) -> None:
        env = dict(os.environ, PYTHONUNBUFFERED="1")
        self.proc = subprocess.Popen([sys.executable, "-m", "game", "lsp"], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
        self.inbox: "queue.Queue[Optional[dict]]" = queue.Queue()
        self.next_id = 0
        self.versions: dict[str, int] = {}
        self.diagnostics: dict[str, list[dict]] = {}
        self.diag_versions: dict[str, Optional[int]] = {}
        self.notes: list[dict] = []
        threading.Thread(target=self._read, daemon=True).start()
        threading.Thread(target=self._drain_stderr, daemon=True).start()
        self.stderr: list[bytes] = []
        self.request("initialize", {"processId": os.getpid(), "rootUri": root.as_uri(), "capabilities": {}})
        self.notify("initialized", {})

    def _drain_stderr(self) -> None:
        assert self.proc.stderr is not None
        for line in self.proc.stderr:
            self.stderr.append(line)

    def _read(self) -> None:
        out = self.proc.stdout
        assert out is not None
        try:
            while True:
                length = None
                while True:
                    line = out.readline()
                    if not line:
                        self.inbox.put(None)
                        return
                    line = line.strip()
                    if not line:
                        break
                    name, _, value = line.decode().partition(":")
                    if name.lower() == "content-length":
                        length = int(value)
                assert length is not None
                self.inbox.put(json.loads(out.read(length)))
        except Exception:
            self.inbox.put(None)

    def _send(self, message: dict) -> None:
        body = json.dumps(message).encode()
        assert self.proc.stdin is not None
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def _take(self) -> dict:
        try:
            message = self.inbox.get(timeout=HANG)
        except queue.Empty:
            raise ServerGone(f"the server answered nothing for {HANG}s (a hang)") from None
        if message is None:
            raise ServerGone("the server closed its output: " + b"".join(self.stderr[-30:]).decode(errors="replace"))
        if message.get("method") == "textDocument/publishDiagnostics":
            params = message["params"]
            self.diagnostics[params["uri"]] = params["diagnostics"]
            self.diag_versions[params["uri"]] = params.get("version")
        elif "method" in message:
            self.notes.append(message)
        return message

    def notify(self, method: str, params: Any) -> None:
        self._send({"jsonrpc": "2.0", "method": method, "params": params})

    def call(self, method: str, params: Any) -> dict:
        """The whole response (result or error)."""
        self.next_id += 1
        wanted = self.next_id
        self._send({"jsonrpc": "2.0", "id": wanted, "method": method, "params": params})
        while True:
            message = self._take()
            if message.get("id") == wanted and "method" not in message:
                return message

    def request(self, method: str, params: Any) -> Any:
        response = self.call(method, params)
        assert "error" not in response, response
        return response["result"]

    def open(self, path: Path, text: Optional[str] = None) -> str:
        uri = path.resolve().as_uri()
        self.versions[uri] = 1
        self.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri, "languageId": "yaml", "version": 1,
            "text": path.read_text() if text is None else text}})
        return uri

    def change(self, uri: str, text: str) -> None:
        self.versions[uri] += 1
        self.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": self.versions[uri]},
                                               "contentChanges": [{"text": text}]})

    def settled(self, uri: str) -> dict[str, list[dict]]:
        """Wait for the diagnostics answering the last edit of ``uri``; then every file's."""
        while self.diag_versions.get(uri) != self.versions[uri]:
            self._take()
        self.request("workspace/symbol", {"query": "\u0000none"})  # the rest of that batch arrives first
        return {u: d for u, d in self.diagnostics.items()}

    def at(self, uri: str, line: int, character: int) -> dict:
        return {"textDocument": {"uri": uri}, "position": {"line": line, "character": character}}

    def close(self) -> None:
        try:
            self.call("shutdown", None)
            self.notify("exit", None)
            self.proc.wait(timeout=HANG)
        except Exception:
            self.proc.kill()
            self.proc.wait()
