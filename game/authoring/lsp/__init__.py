"""``ghostlight lsp``: a language server for story files (diagnostics, completion, hover,
navigation, rename, quick fixes), on pygls.

Only :mod:`game.authoring.lsp.server` imports pygls; the rest (the workspace, the cursor's
context, the answers) is plain Python over the loader's build, so it is tested without an
editor and ``ghostlight play`` never loads any of it.
"""
