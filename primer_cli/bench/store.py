"""Saved runs: one JSON file per run under the user's primer directory, written atomically.

Files are named by their start time, so sorting the names sorts the runs. A
file that cannot be read is reported and skipped, never fatal: one bad file
must not hide the others.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from primer_cli.bench.run import Run
from primer_cli.paths import user_dir

FOLDER = "bench"
SUFFIX = ".json"


def runs_dir() -> Path:
    return user_dir() / FOLDER


def file_name(run: Run) -> str:
    """'2025-11-29T21-48-03.123456Z.json': sortable, and legal on every filesystem."""
    stamp = run.started_at.replace("+00:00", "Z").replace(":", "-")
    return stamp + SUFFIX


def save_run(run: Run, folder: Path | None = None) -> Path:
    """Write `run` to its own file; a crash mid-write leaves the old files and no partial one."""
    folder = folder or runs_dir()
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / file_name(run)
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=".", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(run.to_dict(), out, indent=2, ensure_ascii=False)
            out.write("\n")
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, target)
    except BaseException:  # Ctrl-C included: never leave the temporary file behind
        Path(temporary).unlink(missing_ok=True)
        raise
    return target


@dataclass(frozen=True)
class SavedRuns:
    runs: tuple[tuple[Path, Run], ...]  # oldest first
    problems: tuple[str, ...]  # one line per file that could not be read


def load_runs(folder: Path | None = None) -> SavedRuns:
    folder = folder or runs_dir()
    runs: list[tuple[Path, Run]] = []
    problems: list[str] = []
    for path in sorted(folder.glob("*" + SUFFIX)) if folder.is_dir() else []:
        try:
            runs.append((path, Run.from_dict(json.loads(path.read_text(encoding="utf-8")))))
        except (OSError, ValueError) as error:  # JSONDecodeError is a ValueError
            problems.append(f"{path}: skipped, {error}")
    return SavedRuns(tuple(runs), tuple(problems))


def latest_run(folder: Path | None = None) -> tuple[Path, Run] | None:
    runs = load_runs(folder).runs
    return runs[-1] if runs else None
