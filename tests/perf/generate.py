"""Generate a large valid story for benchmarks: N scenes of ~300 characters and 3 choices each."""

from __future__ import annotations

import random
from pathlib import Path

WORDS = ("rosin barre mirror pointe satin ribbon tulle studio curtain wing spotlight rehearsal "
         "radiator stairwell corridor locker plaster velvet marquee rigging hoist gravel railing "
         "skyline snow lamp ghost quiet echo chalk water tower window frost midnight").split()


def _sentence(rng: random.Random, length: int) -> str:
    out = []
    while sum(len(w) + 1 for w in out) < length:
        out.append(rng.choice(WORDS))
    return " ".join(out).capitalize() + "."


def generate_story(folder: Path, scenes: int = 10_000, files: int = 20, seed: int = 7) -> Path:
    """Write a story of ``scenes`` scenes split over ``files`` files; returns the manifest path."""
    rng = random.Random(seed)
    folder = Path(folder)
    (folder / "parts").mkdir(parents=True, exist_ok=True)
    clues = max(10, scenes // 20)
    flags = 50
    manifest = [
        "id: generated", "title: Generated", "version: 1", "start: s0", "first_act: a1",
        "include: [parts/*.yaml]",
        "flags: [" + ", ".join(f"f{i}" for i in range(flags)) + "]",
        "acts:", "  a1:", "    title: The Only Act", f"    time: {scenes * 4}", "    start: s0",
        "    on_timeout: e_out",
        "places:", *(f"  p{i}: {{name: Place {i}}}" for i in range(20)),
        "clues:", *(f"  c{i}: {{name: Clue {i}, tags: [t{i % 5}]}}" for i in range(clues)),
        "endings:", "  e_win: {title: Win, text: You win.}", "  e_out: {title: Out of time, text: Time is up.}",
    ]
    (folder / "story.yaml").write_text("\n".join(manifest) + "\n", encoding="utf-8")
    per_file = (scenes + files - 1) // files
    for part in range(files):
        lines = ["scenes:"]
        for n in range(part * per_file, min(scenes, (part + 1) * per_file)):
            nxt, far = (n + 1) % scenes, rng.randrange(scenes)
            clue, flag = rng.randrange(clues), rng.randrange(flags)
            text = " ".join(_sentence(rng, 70) for _ in range(4))
            lines += [
                f"  s{n}:",
                f"    place: p{n % 20}",
                "    text: |",
                f"      {text}",
                "    choices:",
                f"      - text: Walk on toward the {rng.choice(WORDS)}",
                f"        goto: s{nxt}",
                f"      - text: Search the {rng.choice(WORDS)}",
                "        once: true",
                "        cost: 1",
                f"        do: [{{gain: c{clue}}}, {{set: f{flag}}}]",
                f"      - text: Follow the {rng.choice(WORDS)}",
                f"        if: has(c{clue}) and not flag(f{(flag + 1) % flags})",
                f"        goto: {'e_win' if n == scenes - 1 else f's{far}'}",
            ]
        (folder / "parts" / f"part{part:02d}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder / "story.yaml"
