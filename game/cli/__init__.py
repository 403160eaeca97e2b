"""The ``ghostlight`` command: argparse wiring of the parts, nothing else.

Ctrl-C before the command can answer it ends the program quietly: see ``game/__init__.py``
and :mod:`game.cli.guard`.
"""
