"""Anki both ways: primer's questions exported as an Anki deck, Anki decks imported as flashcards.

Core modules: no terminal UI here. genanki, the HTML converter and the zstd
decoder are imported inside the functions that need them.
"""
