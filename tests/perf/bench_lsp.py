"""Benchmarks for ``ghostlight lsp`` (issue 15). Run: python -m tests.perf.bench_lsp [EDITS]

A real server process is driven over stdio on a copy of the bundled case. Each figure is
printed beside a baseline measured in the same run: one ``read_story`` of the case (wall and
CPU time, in this process) and one round trip of a request that does no work. CPU time of the
server is read from /proc, since on a busy machine wall time says as much about the neighbours.

Targets (issue 15): diagnostics after an edit, median after the first load, 300 ms;
completion and hover 50 ms; server memory after a long scripted editing session at most
1.5 x its memory after the first load.
"""

from __future__ import annotations

import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from game.loading.loader import read_story

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from lsp_client import Client  # noqa: E402

STORY = Path(__file__).resolve().parents[2] / "story"
TICK = os.sysconf("SC_CLK_TCK")


def cpu_of(pid: int) -> float:
    """User + system CPU seconds of a process so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK


def rss_of(pid: int) -> int:
    """Resident memory of a process, in kB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def timed(fn) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - wall, time.process_time() - cpu


def main(edits: int = 60, session: int = 600) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        story = Path(tmp) / "story"
        shutil.copytree(STORY, story)
        loads = [timed(lambda: read_story(story)) for _ in range(5)]
        base_wall = statistics.median(w for w, _ in loads)
        base_cpu = statistics.median(c for _, c in loads)
        print(f"baseline: one read_story of the case   {base_wall * 1000:7.1f} ms wall, {base_cpu * 1000:7.1f} ms CPU")

        client = Client(story)
        pid = client.proc.pid
        path = story / "acts" / "act2.yaml"
        text = path.read_text()
        uri = client.open(path)
        client.settled(uri)
        first_rss = rss_of(pid)
        noop = [timed(lambda: client.request("workspace/symbol", {"query": "\u0000none"}))[0] for _ in range(30)]
        base_trip = statistics.median(noop)
        print(f"baseline: a request that does no work  {base_trip * 1000:7.1f} ms round trip")

        lines = text.split("\n")
        target = next(i for i, l in enumerate(lines) if "if: not has(pell_badge_out)" in l)
        walls, cpus = [], []
        for n in range(edits):
            edited = text.replace("if: not has(pell_badge_out)", f"if: not has(pell_badge_out) or {n} > 1000", 1)
            before = cpu_of(pid)
            start = time.perf_counter()
            client.change(uri, edited)
            client.settled(uri)
            walls.append(time.perf_counter() - start)
            cpus.append(cpu_of(pid) - before)
        diag = statistics.median(walls)
        diag_cpu = statistics.median(cpus)
        print(f"diagnostics after an edit (median of {edits}): {diag * 1000:7.1f} ms wall "
              f"({diag / base_wall:.2f} x read_story), server CPU {diag_cpu * 1000:.0f} ms "
              f"({diag_cpu / base_cpu:.2f} x read_story's CPU)   target 300 ms")

        line = lines[target]
        for name, method, col in (("completion", "completion", line.index("has(") + 4),
                                  ("hover", "hover", line.index("pell_badge_out") + 2)):
            trips = []
            before = cpu_of(pid)
            for _ in range(60):
                trips.append(timed(lambda: client.request(f"textDocument/{method}", client.at(uri, target, col)))[0])
            cpu = (cpu_of(pid) - before) / 60
            med = statistics.median(trips)
            print(f"{name:<10} (median of 60): {med * 1000:7.1f} ms round trip "
                  f"({med / base_trip:.1f} x a no-op request), server CPU {cpu * 1000:.1f} ms each   target 50 ms")

        # a long scripted session: type a line into a scene, character by character, asking for
        # completion and hover as an editor does, then take it back out; over and over
        typed = "        if: has(torn_nail) and flag(act1.clara_photo)"
        current = text
        for n in range(session):
            cut = n % (len(typed) + 1)
            rows = list(lines)
            rows.insert(target + 1, typed[:cut])
            current = "\n".join(rows)
            client.change(uri, current)
            if n % 3 == 0:
                client.request("textDocument/completion", client.at(uri, target + 1, cut))
                client.request("textDocument/hover", client.at(uri, target, line.index("pell_badge_out") + 2))
            if n % 20 == 0:
                client.settled(uri)
        client.change(uri, text)
        client.settled(uri)
        last_rss = rss_of(pid)
        print(f"server memory: {first_rss / 1024:.1f} MB after the first load, {last_rss / 1024:.1f} MB after "
              f"{session} scripted edits ({last_rss / first_rss:.2f} x)   target <= 1.5 x")
        print(f"server CPU in all: {cpu_of(pid):.1f} s")
        client.close()


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:]))
