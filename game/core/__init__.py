"""The rules of the game, pure: records, the condition language, the story model, the state,
the engine (``step``, ``available_actions``, scene text and titles) and the mystery queries
(clue numbering, grids, hints). Imports nothing else of the game; never prints, reads files,
reads the clock or draws unseeded random numbers."""
