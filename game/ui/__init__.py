"""The terminal's pictures and keys: Rich renderables for every view, the console, the
prompt_toolkit prompt, the title screen. Imports only :mod:`game.core`: the play loop passes
what a view needs."""
