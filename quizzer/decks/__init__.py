"""Decks: the YAML format, its loader and the deck search path. Never imports torch or Textual."""
