"""The generated-question templates: one card each, named here, drawn in `quiz/generated.py`.

Each template is one card in the progress store (its id never changes), so
spaced repetition schedules the skill ("turn daily users into requests per
second") while every asking draws new numbers. A template draws from a
`random.Random` seeded with the session seed and its own id, so `--seed`
reproduces a session. This list costs nothing to import; the drawing code
and the estimate engine load only when a template is asked.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import TYPE_CHECKING

from primer_cli.quiz.schema import QuestionKind

if TYPE_CHECKING:
    from primer_cli.quiz.schema import Question

CAPACITY_TOPIC = "back-of-envelope-estimation"


@dataclass(frozen=True)
class Template:
    id: str  # the card id: permanent, like a bank question's
    topic: str
    title: str
    draw: str  # the name of its drawing function in primer_cli.quiz.generated

    kind = QuestionKind.NUMERIC
    generated = True

    def make(self, seed: int) -> Question:
        """This template's question for a session seed."""
        from primer_cli.quiz import generated

        drawn = getattr(generated, self.draw)(random.Random(f"{seed}:{self.id}"))
        return generated.question_from(self, drawn)


TEMPLATES: tuple[Template, ...] = (
    Template(
        "gen-qps-from-daily-users",
        CAPACITY_TOPIC,
        "Requests per second from daily users",
        "_qps_average",
    ),
    Template(
        "gen-qps-peak-from-monthly",
        CAPACITY_TOPIC,
        "Peak requests per second from a monthly count",
        "_qps_peak",
    ),
    Template("gen-storage-over-years", CAPACITY_TOPIC, "Storage over years", "_storage_total"),
    Template("gen-bandwidth-mbps", CAPACITY_TOPIC, "Bandwidth in Mbps", "_bandwidth"),
    Template(
        "gen-cache-hot-share", "what-to-cache", "Cache memory for the hot 20%", "_cache_memory"
    ),
    Template(
        "gen-servers-with-headroom",
        "horizontal-vs-vertical-scaling",
        "Servers for a peak load",
        "_servers",
    ),
    Template(
        "gen-latency-request-path", "latency-numbers", "Latency of a request path", "_latency_path"
    ),
    Template(
        "gen-downtime-per-nines",
        "availability-patterns",
        "Downtime for a number of nines",
        "_downtime",
    ),
    Template(
        "gen-availability-in-series",
        "availability-patterns",
        "Availability in series",
        "_in_series",
    ),
    Template(
        "gen-availability-in-parallel",
        "availability-patterns",
        "Availability in parallel",
        "_in_parallel",
    ),
    Template(
        "gen-powers-of-two-values", "powers-of-two", "Values of an n-bit number", "_distinct_values"
    ),
    Template("gen-powers-of-two-bits", "powers-of-two", "Bits needed for n values", "_bits_needed"),
    Template("gen-bytes-to-bits", "powers-of-two", "Bytes and bits", "_megabytes_to_megabits"),
    Template("gen-transfer-time", "powers-of-two", "Time to send a file", "_transfer_time"),
)
