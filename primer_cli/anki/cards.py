"""One Anki note as one primer flashcard: a front to recall from and a back to check against.

The front is the fields the note type's first template asks with; the back
is the fields only its answer side adds. A cloze note ({{c1::...}}) asks
with its text, every deletion hidden as `[...]` (or its hint), and answers
with the same text, the deletions shown in bold, then any extra fields:
one card per note, so re-importing matches on the note's GUID alone.
"""

from __future__ import annotations

import re

from primer_cli.anki.collection import AnkiNote
from primer_cli.anki.text import to_markdown
from primer_cli.quiz.flashcards import Flashcard, card_id_for

_CLOZE = re.compile(r"\{\{c\d+::(.*?)(?:::(.*?))?\}\}", re.DOTALL)
EMPTY_SIDE = "(empty)"


def flashcard(note: AnkiNote, deck: str | None = None) -> Flashcard:
    """The flashcard for `note`, in `deck` if given, else in the note's own Anki deck."""
    notetype = note.notetype
    asking = [_field(note, i) for i in notetype.front]
    answering = [_field(note, i) for i in notetype.back]
    if any(_CLOZE.search(text) for text in asking):
        front = [_CLOZE.sub(_hidden, text) for text in asking]
        back = [_CLOZE.sub(r"<b>\1</b>", text) for text in asking] + answering
    else:
        front, back = asking, answering
    return Flashcard(
        id=card_id_for(note.guid),
        deck=deck or note.deck,
        front=_joined(front),
        back=_joined(back),
    )


def _field(note: AnkiNote, index: int) -> str:
    return note.fields[index] if index < len(note.fields) else ""


def _hidden(match: re.Match[str]) -> str:
    hint = (match.group(2) or "").strip()
    return f"[{hint}]" if hint else "[...]"


def _joined(fields: list[str]) -> str:
    parts = [text for text in (to_markdown(field) for field in fields) if text]
    return "\n\n".join(parts) or EMPTY_SIDE
