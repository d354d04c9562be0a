"""Every transcript in docs/demos.md and in the README's demo section is what the code prints today.

A transcript is a ```console block whose first line is `$ primer …` (optionally
piped to `head -n N` or `tail -n N`) and whose other lines are the output, at
80 columns without colour. To rewrite them after a change:

    .venv/bin/python tests/test_demo_docs.py
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from primer_cli.cli import app

REPO = Path(__file__).resolve().parent.parent
DEMOS_DOC = REPO / "docs" / "demos.md"
README = REPO / "README.md"
README_SECTION = ("## Watching: `demo`", "\n## ")  # from this heading to the next
BLOCK = re.compile(r"```console\n(\$ primer [^\n]*)\n(.*?)```", re.S)


@dataclass(frozen=True)
class Transcript:
    command: str  # the line after "$ "
    shown: str  # the output as the page shows it


def transcripts(text: str) -> list[Transcript]:
    return [Transcript(match[1][2:], match[2]) for match in BLOCK.finditer(text)]


def readme_section() -> str:
    text = README.read_text()
    start = text.index(README_SECTION[0])
    end = text.find(README_SECTION[1], start + 1)
    return text[start : end if end != -1 else len(text)]


def output_of(command: str) -> str:
    """What `command` prints at 80 columns without colour, `| head -n N` or `| tail -n N` applied."""
    program, _, pipe = command.partition(" | ")
    args = shlex.split(program)
    assert args[0] == "primer", command
    result = CliRunner().invoke(app, args[1:], env={"COLUMNS": "80", "NO_COLOR": "1"})
    assert "Traceback" not in result.output
    lines = [line.rstrip() for line in result.output.rstrip("\n").split("\n")]
    if pipe:
        kind, count = re.fullmatch(r"(head|tail) -n (\d+)", pipe.strip()).groups()  # type: ignore[union-attr]
        lines = lines[: int(count)] if kind == "head" else lines[-int(count) :]
    return "\n".join(lines) + "\n"


def rewrite(path: Path, section: str | None = None) -> None:
    text = path.read_text()
    scope = section if section is not None else text

    def fresh(match: re.Match[str]) -> str:
        return f"```console\n{match[1]}\n{output_of(match[1][2:])}```"

    path.write_text(text.replace(scope, BLOCK.sub(fresh, scope)))


DOC_TRANSCRIPTS = transcripts(DEMOS_DOC.read_text())
README_TRANSCRIPTS = transcripts(readme_section())


def test_the_pages_have_transcripts_to_check() -> None:
    assert len(DOC_TRANSCRIPTS) >= 6
    assert README_TRANSCRIPTS


@pytest.mark.parametrize(
    "transcript",
    DOC_TRANSCRIPTS + README_TRANSCRIPTS,
    ids=[t.command for t in DOC_TRANSCRIPTS + README_TRANSCRIPTS],
)
def test_each_transcript_is_what_the_code_prints(transcript: Transcript) -> None:
    assert output_of(transcript.command) == transcript.shown, (
        "stale transcript: rewrite the pages with `python tests/test_demo_docs.py`"
    )


if __name__ == "__main__":
    rewrite(DEMOS_DOC)
    rewrite(README, readme_section())
    print(f"rewrote the transcripts in {DEMOS_DOC.name} and the README's demo section")
