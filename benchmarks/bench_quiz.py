"""How fast the quiz feels, and how the progress store scales.

1. Time to the first question: `primer quiz` started in a pseudo-terminal,
   timed until questionary's prompt appears, against
   `python -c "import typer, rich, questionary"` in the same run, interleaved.
   Target (issue #7): at most 1.3x.
2. Picking the next due card from a store holding 100,000 cards and 1,000,000
   review records, in-process. Target: under 10 ms.
3. Committing one answer (schedule + write + commit), in-process. Target: under 5 ms.

    python benchmarks/bench_quiz.py [--runs 15]
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from processes import bench_env, primer_command, time_to_screen, timed


def first_question(runs: int, env: dict[str, str]) -> float:
    quiz = [*primer_command(), "quiz", "cap", "--seed", "1", "--kind", "single"]
    baseline = [sys.executable, "-c", "import typer, rich, questionary"]
    terminal = {**env, "TERM": "xterm", "COLUMNS": "100", "LINES": "40"}
    time_to_screen(
        quiz, terminal, b"Your answer", rows=40, columns=100
    )  # warm the caches (topics, bank)
    ours, theirs = [], []
    for _ in range(runs):
        ours.append(time_to_screen(quiz, terminal, b"Your answer", rows=40, columns=100))
        theirs.append(timed(baseline, env))
    ratio = statistics.median(ours) / statistics.median(theirs)
    print(
        f"time to first question  {statistics.median(ours) * 1000:7.1f} ms   "
        f"baseline {statistics.median(theirs) * 1000:7.1f} ms   ratio {ratio:4.2f}x  (target <= 1.3x)"
    )
    return ratio


def big_store(path: Path, cards: int, answers: int) -> None:
    from primer_cli.quiz.store import open_store

    now = time.time()
    rng = random.Random(1)
    with open_store(path) as store:
        db = store.db
        db.execute("BEGIN")
        db.executemany(
            "INSERT INTO cards (card_id, topic, stage, step, stability, difficulty, due,"
            " last_review, reps, lapses) VALUES (?, ?, 2, NULL, 5.0, 5.0, ?, ?, 10, 0)",
            (
                (f"card-{i}", f"topic-{i % 60}", now + rng.uniform(-30, 30) * 86_400, now - 86_400)
                for i in range(cards)
            ),
        )
        db.executemany(
            "INSERT INTO answers (card_id, topic, answered_at, mode, given, correct, rating)"
            " VALUES (?, ?, ?, 'quiz', 'a', 1, 3)",
            (
                (f"card-{i % cards}", f"topic-{i % 60}", now - rng.uniform(0, 365) * 86_400)
                for i in range(answers)
            ),
        )
        db.execute("COMMIT")


def store_figures(runs: int) -> tuple[float, float]:
    from primer_cli.quiz.scheduling import Rating, schedule
    from primer_cli.quiz.store import AnswerRecord, open_store

    folder = Path(tempfile.mkdtemp(prefix="primer-bench-store-"))
    try:
        path = folder / "progress.sqlite3"
        started = time.perf_counter()
        big_store(path, 100_000, 1_000_000)
        print(
            f"built a store of 100,000 cards and 1,000,000 answers in {time.perf_counter() - started:.1f} s ({path.stat().st_size / 1e6:.0f} MB)"
        )
        with open_store(path) as store:
            schedule(None, Rating.GOOD, time.time())  # import fsrs outside the timings
            picks, commits = [], []
            for i in range(runs * 10):
                t = time.perf_counter()
                store.due(time.time(), limit=1)
                picks.append(time.perf_counter() - t)
                record = AnswerRecord(
                    f"card-{i}", "topic-1", "review", "a", True, Rating.GOOD, time.time(), 3.0
                )
                t = time.perf_counter()
                store.record_answer(record, schedule)
                commits.append(time.perf_counter() - t)
        pick, commit = statistics.median(picks) * 1000, statistics.median(commits) * 1000
        print(f"next due card           {pick:7.2f} ms   (median of {len(picks)}; target < 10 ms)")
        print(
            f"commit one answer       {commit:7.2f} ms   (median of {len(commits)}; p90 {statistics.quantiles(commits, n=10)[-1] * 1000:.2f} ms; target < 5 ms)"
        )
        return pick, commit
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=15)
    runs = parser.parse_args().runs
    home = tempfile.mkdtemp(prefix="primer-bench-")
    print(f"{runs} interleaved runs each, medians; python {sys.version.split()[0]}")
    try:
        first_question(runs, bench_env(PRIMER_HOME=home))
    finally:
        shutil.rmtree(home, ignore_errors=True)
    store_figures(runs)


if __name__ == "__main__":
    main()
