"""Tools for authors: lint, graph, explore (the search, the proofs without search,
walkthroughs, coverage). They ask the engine for its rules and never re-derive them.
Imports core and loading."""
