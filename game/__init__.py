"""Ghost Light: a murder mystery for the terminal, and the YAML story engine that plays it."""

__version__ = "0.1.0"
