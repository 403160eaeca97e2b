"""Story files to a :class:`game.core.model.Story`: find the manifest, read YAML safely and
within limits, check every key against the one story spec, resolve references, and keep the
compiled cache. The only code that touches YAML. Imports only :mod:`game.core`."""
