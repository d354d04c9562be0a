"""Read the notes of an Anki collection: their fields, their deck, and which fields face which side.

Two layouts exist. Up to Anki 2.1.49 (`collection.anki2`, `.anki21`, schema
11) note types and decks are JSON in the `col` row. From 2.1.50
(`collection.anki21b`, schema 18) they have tables of their own: deck names
use \\x1f between levels, and a card template's formats sit in a small
protobuf message (field 1 the front, field 2 the back), read here by hand
rather than by loading protobuf for two strings.

A note's deck is the deck of its first card (its home deck if the card is in
a filtered deck). Which fields go on the front and which on the back comes
from the first card template: the fields its front names, then those only
its back names; a field neither names (an id, a source) is not shown.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from primer_cli.anki.package import OLDER_FORMAT_HINT, BadPackage

DEFAULT_DECK = "Default"
_FIELD_REFERENCE = re.compile(r"\{\{([^{}]+)\}\}")
# Template words that are not fields of the note.
_SPECIAL = {"FrontSide", "Tags", "Deck", "Subdeck", "Type", "Card", "CardFlag", "CardID"}


@dataclass(frozen=True)
class NoteType:
    name: str
    fields: tuple[str, ...]
    front: tuple[int, ...]  # indexes into `fields`, in the order the template shows them
    back: tuple[int, ...]


@dataclass(frozen=True)
class AnkiNote:
    guid: str
    deck: str
    notetype: NoteType
    fields: tuple[str, ...]  # HTML, as Anki stores it


def read_notes(db: sqlite3.Connection, path: Path) -> list[AnkiNote]:
    """Every note in the collection, in the order Anki created them."""
    try:
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
        if "notetypes" in tables:
            types, deck_names = _modern_types(db), _modern_decks(db)
        else:
            types, deck_names = _legacy_types(db), _legacy_decks(db)
        homes = _note_decks(db)
        return [
            _note(row, types, deck_names, homes)
            for row in db.execute("SELECT id, guid, mid, flds FROM notes ORDER BY id")
        ]
    except (sqlite3.Error, ValueError, KeyError, TypeError, AttributeError) as error:
        raise BadPackage(
            f"{path} holds a collection primer cannot read ({error}).", hint=OLDER_FORMAT_HINT
        ) from None


def _note(
    row: tuple[int, str, int, str],
    types: dict[int, NoteType],
    deck_names: dict[int, str],
    homes: dict[int, int],
) -> AnkiNote:
    note_id, guid, type_id, joined = row
    fields = tuple(joined.split("\x1f"))
    notetype = types.get(type_id) or _plain_type(len(fields))
    deck = deck_names.get(homes.get(note_id, 1), DEFAULT_DECK)
    return AnkiNote(str(guid), deck, notetype, fields)


def _note_decks(db: sqlite3.Connection) -> dict[int, int]:
    """note id -> the deck of its first card (its home deck, if it sits in a filtered deck)."""
    homes: dict[int, int] = {}
    for note_id, deck_id, home_id in db.execute(
        "SELECT nid, did, odid FROM cards ORDER BY nid, ord"
    ):
        homes.setdefault(note_id, home_id or deck_id)
    return homes


# Schema 11: JSON in the col row ---------------------------------------------


def _legacy_types(db: sqlite3.Connection) -> dict[int, NoteType]:
    models = json.loads(db.execute("SELECT models FROM col").fetchone()[0] or "{}")
    types: dict[int, NoteType] = {}
    for type_id, model in models.items():
        names = tuple(f["name"] for f in sorted(model["flds"], key=lambda f: f["ord"]))
        templates = sorted(model.get("tmpls", []), key=lambda t: t["ord"])
        first = templates[0] if templates else {"qfmt": "", "afmt": ""}
        types[int(type_id)] = _typed(model["name"], names, first["qfmt"], first["afmt"])
    return types


def _legacy_decks(db: sqlite3.Connection) -> dict[int, str]:
    decks = json.loads(db.execute("SELECT decks FROM col").fetchone()[0] or "{}")
    return {int(deck_id): deck["name"] for deck_id, deck in decks.items()}


# Schema 18: tables of their own -------------------------------------------------


def _modern_types(db: sqlite3.Connection) -> dict[int, NoteType]:
    names: dict[int, list[str]] = {}
    for type_id, name in db.execute("SELECT ntid, name FROM fields ORDER BY ntid, ord"):
        names.setdefault(type_id, []).append(name)
    formats: dict[int, tuple[str, str]] = {}
    for type_id, config in db.execute("SELECT ntid, config FROM templates ORDER BY ntid, ord"):
        strings = _protobuf_strings(bytes(config))
        formats.setdefault(type_id, (strings.get(1, ""), strings.get(2, "")))
    return {
        type_id: _typed(name, tuple(names.get(type_id, [])), *formats.get(type_id, ("", "")))
        for type_id, name in db.execute("SELECT id, name FROM notetypes")
    }


def _modern_decks(db: sqlite3.Connection) -> dict[int, str]:
    return {
        deck_id: name.replace("\x1f", "::")
        for deck_id, name in db.execute("SELECT id, name FROM decks")
    }


def _protobuf_strings(blob: bytes) -> dict[int, str]:
    """The length-delimited fields at the top level of a protobuf message, by field number."""
    found: dict[int, str] = {}
    position = 0
    while position < len(blob):
        key, position = _varint(blob, position)
        number, wire_type = key >> 3, key & 7
        if wire_type == 0:
            _, position = _varint(blob, position)
        elif wire_type in (1, 5):
            position += 8 if wire_type == 1 else 4
        elif wire_type == 2:
            length, position = _varint(blob, position)
            found.setdefault(number, blob[position : position + length].decode("utf-8", "replace"))
            position += length
        else:
            raise ValueError(f"unexpected protobuf wire type {wire_type}")
    return found


def _varint(blob: bytes, position: int) -> tuple[int, int]:
    value = shift = 0
    while True:
        if position >= len(blob):
            raise ValueError("truncated protobuf varint")
        byte = blob[position]
        position += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if not byte & 0x80:
            return value, position


# Which fields face which side ----------------------------------------------------


def _typed(name: str, fields: tuple[str, ...], front_format: str, back_format: str) -> NoteType:
    front = _referenced(front_format, fields)
    back = tuple(i for i in _referenced(back_format, fields) if i not in front)
    if not front:  # no usable template: the first field asks, the others answer
        return _plain_type(len(fields), name, fields)
    return NoteType(name, fields, front, back)


def _plain_type(count: int, name: str = "", fields: tuple[str, ...] = ()) -> NoteType:
    return NoteType(name, fields, (0,), tuple(range(1, count)))


def _referenced(template: str, fields: Iterable[str]) -> tuple[int, ...]:
    """Indexes of the fields a template names ({{Front}}, {{cloze:Text}}, {{#Extra}}), in order."""
    index = {name: i for i, name in enumerate(fields)}
    folded = {name.casefold(): i for name, i in index.items()}
    seen: list[int] = []
    for match in _FIELD_REFERENCE.finditer(template):
        reference = match.group(1).strip().lstrip("#^/").strip()
        name = reference.rsplit(":", 1)[-1].strip()
        if name in _SPECIAL or reference.startswith("!"):
            continue
        found = index.get(name, folded.get(name.casefold()))
        if found is not None and found not in seen:
            seen.append(found)
    return tuple(seen)
