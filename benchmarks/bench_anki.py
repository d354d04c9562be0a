"""How long Anki packages take to come in and go out.

1. `primer import anki` of a 5,000-note deck (styled HTML, a table on every
   tenth note, an image on every fifth), end to end as a process, into an
   empty store and then again (every card matched by its GUID, none new).
   Target (issue #13): under 5 s.
2. `primer export anki` of the whole bank, end to end.
3. What each library added for Anki costs to import, over a bare interpreter.

    python benchmarks/bench_anki.py [--notes 5000] [--runs 3]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

from processes import bench_env, primer_command, timed

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FRONT = (
    '<div style="font-family: Arial; color: #333"><b>Question {n}</b>: which way of splitting a '
    '<span style="color:#c00">table</span> keeps range scans cheap?<br><i>Think about keys.</i></div>'
)
BACK = "<div>Range sharding, <b>not</b> hash sharding: neighbouring keys stay together.</div>"
TABLE = (
    "<table><tr><th>Scheme</th><th>Scans</th><th>Balance</th></tr>"
    "<tr><td>range</td><td>cheap</td><td>hot spots</td></tr>"
    "<tr><td>hash</td><td>every shard</td><td>even</td></tr></table>"
)


def make_deck(path: Path, notes: int) -> None:
    from tests import ankidecks

    made = []
    for n in range(notes):
        back = (
            BACK + (TABLE if n % 10 == 0 else "") + ('<img src="ring.png">' if n % 5 == 0 else "")
        )
        made.append(ankidecks.note(FRONT.format(n=n), back, f"bench-{n}"))
    ankidecks.write(
        path, {"Bench::Sharding": made[: notes // 2], "Bench::Caching": made[notes // 2 :]}
    )


def median_seconds(command: list[str], env: dict[str, str], runs: int, fresh: Path | None) -> float:
    times = []
    for _ in range(runs):
        if fresh is not None:
            for leftover in fresh.glob("progress.sqlite3*"):
                leftover.unlink()
        times.append(timed(command, env))
    return statistics.median(times)


def import_cost(module: str, runs: int) -> float:
    bare = [sys.executable, "-c", "pass"]
    loaded = [sys.executable, "-c", f"import {module}"]
    env = bench_env()
    base = statistics.median(timed(bare, env) for _ in range(runs))
    return statistics.median(timed(loaded, env) for _ in range(runs)) - base


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=5_000)
    parser.add_argument("--runs", type=int, default=3)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="primer-bench-anki-") as folder:
        work = Path(folder)
        home = work / "home"
        home.mkdir()
        env = bench_env(PRIMER_HOME=str(home))
        deck = work / "deck.apkg"
        make_deck(deck, options.notes)
        size = deck.stat().st_size / 1024**2
        command = [*primer_command(), "import", "anki", str(deck)]
        timed(command, env)  # warm the caches, then time imports into an empty store
        first = median_seconds(command, env, options.runs, fresh=home)
        again = median_seconds(command, env, options.runs, fresh=None)
        verdict = "ok" if max(first, again) < 5 else "OVER"
        print(f"import {options.notes:,} notes ({size:.1f} MiB .apkg)")
        print(f"  into an empty store   {first:6.2f} s   (target < 5 s: {verdict})")
        print(f"  again, all matched    {again:6.2f} s")
        export = [*primer_command(), "export", "anki", str(work / "out.apkg"), "--force"]
        print(f"export the whole bank   {median_seconds(export, env, options.runs, None):6.2f} s")
    for module in ("genanki", "html_to_markdown", "backports.zstd"):
        print(f"import {module:<18} +{import_cost(module, 5) * 1000:5.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
