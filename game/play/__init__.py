"""A game being played: the session and its loop, the command registry, and understanding
what the player types. Hands the views what they draw. Imports core, saves and ui."""
