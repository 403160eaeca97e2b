"""Tools for authors: validate (lint), graph and explore."""
