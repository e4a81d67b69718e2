"""Exports that run decks: an Anki package whose answers are computed live on the chosen device."""
