"""Anki packages made in the tests: with genanki, with Anki's own library, and broken by hand."""

from __future__ import annotations

import struct
import zipfile
from collections.abc import Iterable
from pathlib import Path

import genanki  # type: ignore[import-untyped]

BASIC = genanki.Model(
    1_485_830_179,
    "Basic (test)",
    fields=[{"name": "Front"}, {"name": "Back"}, {"name": "Source"}],
    templates=[
        {
            "name": "Card 1",
            "qfmt": "{{Front}}",
            "afmt": "{{FrontSide}}<hr id=answer>{{Back}}",
        }
    ],
    css=".card { color: black; }",
)
CLOZE = genanki.Model(
    1_485_830_180,
    "Cloze (test)",
    fields=[{"name": "Text"}, {"name": "Back Extra"}],
    templates=[
        {"name": "Cloze", "qfmt": "{{cloze:Text}}", "afmt": "{{cloze:Text}}<br>{{Back Extra}}"}
    ],
    model_type=genanki.Model.CLOZE,
)

STYLED_FRONT = (
    '<div style="font-family: Arial; color: #d00"><h2>Sharding</h2>'
    '<span style="color:red">What does <b>hash</b> sharding spread?</span>'
    "<script>alert('x')</script><style>.x{color:red}</style><div></div><span></span></div>"
)
TABLE_BACK = (
    "<table><tr><th>Kind</th><th>Good at</th></tr>"
    "<tr><td>hash</td><td>even load</td></tr><tr><td>range</td><td>scans</td></tr></table>"
    "<ul><li>keys</li><li>rows</li></ul>"
    "<pre><code>SELECT * FROM users WHERE id = 1;</code></pre>"
    '<p>See <a href="https://example.com/shards">the guide</a>. <img src="ring%20diagram.png"></p>'
)


def note(front: str, back: str, guid: str, tags: Iterable[str] = ()) -> genanki.Note:
    return genanki.Note(
        model=BASIC, fields=[front, back, "internal id"], guid=guid, tags=list(tags)
    )


def cloze(text: str, extra: str, guid: str) -> genanki.Note:
    return genanki.Note(model=CLOZE, fields=[text, extra], guid=guid)


def write(
    path: Path, decks: dict[str, list[genanki.Note]], *, timestamp: float | None = None
) -> Path:
    """A package with these decks (name -> notes), as genanki writes it (collection.anki2)."""
    made = []
    for index, (name, notes) in enumerate(decks.items()):
        deck = genanki.Deck(1_700_000_000 + index, name)
        for item in notes:
            deck.add_note(item)
        made.append(deck)
    genanki.Package(made).write_to_file(str(path), timestamp=timestamp)
    return path


def numbered(count: int, *, prefix: str = "Q") -> list[genanki.Note]:
    """Notes 'Q 0', 'Q 1'... with GUIDs guid-0, guid-1... (another prefix, other GUIDs)."""
    guid = "guid" if prefix == "Q" else f"{prefix.lower()}-guid"
    return [
        note(f"<b>{prefix} {i}</b>: what is {i} squared?", f"<i>{i * i}</i>", f"{guid}-{i}")
        for i in range(count)
    ]


def rewrite_with_anki(source: Path, target: Path, *, legacy: bool, scratch: Path) -> Path:
    """`source` imported into a fresh Anki collection and exported again, as Anki 2.1.50+ does."""
    from anki.collection import (
        Collection,
        ExportAnkiPackageOptions,
        ImportAnkiPackageOptions,
        ImportAnkiPackageRequest,
    )

    collection = Collection(str(scratch / "collection.anki2"))
    try:
        collection.import_anki_package(
            ImportAnkiPackageRequest(
                package_path=str(source), options=ImportAnkiPackageOptions(merge_notetypes=True)
            )
        )
        collection.export_anki_package(
            out_path=str(target),
            options=ExportAnkiPackageOptions(
                with_scheduling=False, with_media=False, legacy=legacy
            ),
            limit=None,
        )
    finally:
        collection.close()
    return target


def zip_of(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def declare_size(path: Path, member: str, size: int) -> Path:
    """Rewrite the sizes a zip declares for `member` (local header and central directory)."""
    data = bytearray(path.read_bytes())
    name = member.encode()
    local = data.find(b"PK\x03\x04")
    while local != -1:
        name_length = struct.unpack_from("<H", data, local + 26)[0]
        if bytes(data[local + 30 : local + 30 + name_length]) == name:
            struct.pack_into("<I", data, local + 22, size)
        local = data.find(b"PK\x03\x04", local + 4)
    central = data.find(b"PK\x01\x02")
    while central != -1:
        name_length = struct.unpack_from("<H", data, central + 28)[0]
        if bytes(data[central + 46 : central + 46 + name_length]) == name:
            struct.pack_into("<I", data, central + 24, size)
        central = data.find(b"PK\x01\x02", central + 4)
    path.write_bytes(bytes(data))
    return path
