"""primer's questions as an Anki package, written with genanki.

Every question is one note: the question and its lettered choices on the
front; the answer, the explanation and the `primer learn` command on the
back. Notes go into one subdeck per category (`primer::Databases`) and are
tagged by topic and kind (`topic::cap-theorem`, `kind::single`).

What stays the same from one export to the next, so that Anki updates notes
instead of duplicating them: each note's GUID (a hash of its question id),
the note type's id and fields, each deck's id (a hash of its name), and the
order of each question's choices (shuffled once, by the question id).
"""

from __future__ import annotations

import hashlib
import html
import os
import re
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from primer_cli.quiz.bank import Bank
from primer_cli.quiz.grading import expected_answer
from primer_cli.quiz.presenting import Presented, present
from primer_cli.quiz.schema import Question, QuestionKind
from primer_cli.quiz.templates import TEMPLATES
from primer_cli.topics.library import Library

DECK_ROOT = "primer"
MODEL_ID = 1_607_392_411  # fixed for ever: Anki matches notes to their note type by it
MODEL_NAME = "primer question"
FIELDS = ("Question", "Answer", "Explanation", "Learn", "Topic", "Id")
CHOICE_SEED = 0  # the one shuffle every export shows a question's choices in
GENERATED_SEED = 20_240_601  # generated questions: the same sample in every export
_INLINE = re.compile(r"\*\*(.+?)\*\*|`([^`]+)`|(?<![\w*])\*([^*]+)\*(?![\w*])")

FRONT = '<div class="topic">{{Topic}}</div>\n{{Question}}'
BACK = (
    "{{FrontSide}}\n<hr id=answer>\n"
    '<div class="answer">{{Answer}}</div>\n'
    '<div class="explanation">{{Explanation}}</div>\n'
    '<div class="learn">Read more: <code>{{Learn}}</code></div>'
)
CSS = """.card { font-family: sans-serif; font-size: 18px; text-align: left; max-width: 40em; margin: auto; }
.topic { color: #888; font-size: 14px; margin-bottom: 0.8em; }
.situation { font-style: italic; }
.choices { margin: 0.5em 0 0 1em; line-height: 1.6; }
.answer { font-weight: bold; margin-bottom: 0.8em; }
.learn { color: #888; margin-top: 0.8em; }"""


@dataclass(frozen=True)
class Entry:
    """One note to write: the question, the id its GUID comes from, and where it goes."""

    question: Question
    note_id: str
    topic_title: str
    category: str

    @property
    def deck(self) -> str:
        return f"{DECK_ROOT}::{self.category}"


@dataclass(frozen=True)
class Exported:
    path: Path
    notes: int
    decks: tuple[str, ...]


def entries(
    bank: Bank, library: Library, *, topics: Collection[str] | None, generated: int
) -> list[Entry]:
    """The bank's questions on `topics` (None: all), then `generated` drawn template questions."""
    chosen = [q for q in bank if topics is None or q.topic in topics]
    made = [(q, q.id) for q in chosen] + list(_generated_sample(topics, generated))
    found = {topic.id: topic for topic in library}
    return [
        Entry(q, note_id, found[q.topic].title, found[q.topic].category)
        for q, note_id in made
        if q.topic in found
    ]


def _generated_sample(topics: Collection[str] | None, count: int) -> Iterator[tuple[Question, str]]:
    """`count` generated questions, dealt round the templates, numbered per template."""
    templates = [t for t in TEMPLATES if topics is None or t.topic in topics]
    for n in range(count if templates else 0):
        template = templates[n % len(templates)]
        round_ = n // len(templates)
        yield template.make(GENERATED_SEED + round_), f"{template.id}-{round_ + 1}"


def write_package(chosen: Iterable[Entry], path: Path, *, now: float | None = None) -> Exported:
    """Write the notes to `path` (through a temporary file, then renamed over it)."""
    import genanki  # type: ignore[import-untyped]  # ~300 ms here (PyYAML, chevron): export only

    model = genanki.Model(
        MODEL_ID,
        MODEL_NAME,
        fields=[{"name": name} for name in FIELDS],
        templates=[{"name": "Question", "qfmt": FRONT, "afmt": BACK}],
        css=CSS,
    )
    decks: dict[str, Any] = {}
    count = 0
    for entry in chosen:
        if entry.deck not in decks:
            decks[entry.deck] = genanki.Deck(deck_id(entry.deck), entry.deck)
        decks[entry.deck].add_note(_note(genanki, model, entry))
        count += 1
    partial = path.with_name(f".{path.name}.{os.getpid()}.part")
    try:
        genanki.Package(list(decks.values())).write_to_file(str(partial), timestamp=now)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    return Exported(path, count, tuple(decks))


def _note(genanki: Any, model: Any, entry: Entry) -> Any:
    question = entry.question
    tags = ["primer", f"topic::{question.topic}", f"kind::{question.kind.value}"]
    if question.generated:
        tags.append("generated")
    return genanki.Note(
        model=model,
        fields=list(note_fields(entry)),
        tags=tags,
        guid=note_guid(entry.note_id),
    )


def note_guid(note_id: str) -> str:
    """The note's GUID: the same for the same question in every export."""
    import genanki

    return str(genanki.guid_for(DECK_ROOT, note_id))


def deck_id(name: str) -> int:
    """A deck id from its name, in the range genanki advises (2**30 to 2**31)."""
    digest = hashlib.sha256(name.encode("utf-8")).digest()
    return (int.from_bytes(digest[:4], "big") & 0x3FFF_FFFF) | 0x4000_0000


def note_fields(entry: Entry) -> tuple[str, ...]:
    """The note's fields as HTML, in the order of FIELDS."""
    question = entry.question
    presented = present(question, CHOICE_SEED)
    _, lines = expected_answer(presented)
    return (
        front_html(presented),
        "<br>".join(_inline_html(line) for line in lines),
        _inline_html(question.explanation.strip()),
        f"primer learn {question.topic}",
        html.escape(entry.topic_title),
        html.escape(entry.note_id),
    )


def front_html(presented: Presented) -> str:
    question = presented.question
    parts = []
    if question.situation:
        parts.append(f'<div class="situation">{_inline_html(question.situation.strip())}</div>')
    parts.append(f"<div>{_inline_html(question.prompt.strip())}</div>")
    parts.append(f"<div><i>{_instruction(question)}</i></div>")
    if question.kind is not QuestionKind.NUMERIC:
        choices = "<br>\n".join(
            f"{letter}) {_inline_html(text)}"
            for letter, text in zip(presented.letters, presented.choices, strict=True)
        )
        parts.append(f'<div class="choices">{choices}</div>')
    return "\n".join(parts)


def _instruction(question: Question) -> str:
    kind = question.kind
    if kind is QuestionKind.MULTIPLE:
        return "Select all that apply."
    if kind is QuestionKind.ORDERING:
        return "Put these in order."
    if kind is QuestionKind.TRUE_FALSE:
        return "True or false?"
    if kind is QuestionKind.NUMERIC:
        unit = question.numeric.unit if question.numeric is not None else ""
        return f"A number, in {unit}." if unit else "A number."
    return "Choose one."


def _inline_html(text: str) -> str:
    """The bank's inline Markdown (**bold**, `code`, *italic*) as HTML, everything else escaped."""
    out: list[str] = []
    position = 0
    for match in _INLINE.finditer(text):
        out.append(html.escape(text[position : match.start()]))
        bold, code, italic = match.groups()
        if bold is not None:
            out.append(f"<b>{html.escape(bold)}</b>")
        elif code is not None:
            out.append(f"<code>{html.escape(code)}</code>")
        else:
            out.append(f"<i>{html.escape(italic)}</i>")
        position = match.end()
    out.append(html.escape(text[position:]))
    return "".join(out)
