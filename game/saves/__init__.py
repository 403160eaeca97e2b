"""Games kept on disk: the save document (JSON, checksum, versions, migrations), the state
codec, fitting a save to an edited story, the save folder (slots, lock, atomic writes,
backups) and the player's profile. Imports only :mod:`game.core`."""
