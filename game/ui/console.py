"""Choosing the look and building the Rich ``Console`` the game draws on."""

from __future__ import annotations

import os
from typing import IO, Mapping, Optional

from rich.console import Console


def wants_plain(flag: bool, interactive: bool, environ: Optional[Mapping[str, str]] = None) -> bool:
    """The plain look for ``--plain``, ``NO_COLOR`` (set and not empty, as no-color.org
    says), ``TERM=dumb``, or a pipe."""
    env = os.environ if environ is None else environ
    return flag or not interactive or bool(env.get("NO_COLOR")) or env.get("TERM", "") == "dumb"


def make_console(plain: bool, interactive: bool, *, file: Optional[IO[str]] = None,
                 width: Optional[int] = None, record: bool = False) -> Console:
    """A console that never reads markup, emoji codes or highlights from any string it prints.

    Plain: no colour and no styles at all (``color_system=None``). Piped output is not wrapped,
    so a screen reader or a transcript gets whole lines.
    """
    return Console(file=file, width=width, record=record, highlight=False, markup=False, emoji=False,
                   no_color=plain, color_system=None if plain else "auto",
                   force_terminal=None if interactive else False, soft_wrap=not interactive)
