"""The whole estimate for one system: traffic, storage, bandwidth, cache and servers from one set of inputs.

This is what an interviewer means by "run the numbers": the same calculators
as the single commands, chained the way the primer's solutions chain them
(writes drive storage and ingress; reads drive egress and the cache; peak
traffic drives the server count).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from primer_cli.errors import UsageProblem
from primer_cli.estimate import parameters as declared
from primer_cli.estimate.arrivals import Arrival, arrival_from_count
from primer_cli.estimate.calculators import (
    BandwidthResult,
    CacheResult,
    QpsResult,
    ServersResult,
    StorageResult,
    bandwidth,
    cache,
    capped_cache,
    qps,
    servers,
    storage,
)
from primer_cli.estimate.derivation import in_formula, result_to_dict
from primer_cli.estimate.figures import format_number


@dataclass(frozen=True)
class SystemInputs:
    """Everything the report needs; the defaults are the usual interview assumptions (parameters.py)."""

    writes: Arrival  # how often an item is written, in any form arrivals.stated_arrival reads
    item_bytes: float  # size of one write
    read_ratio: float = declared.READ_RATIO.default_value  # reads per write
    years: float = declared.YEARS.default_value
    replicas: int = declared.REPLICAS.default_value
    peak_factor: float = declared.PEAK_FACTOR.default_value
    hot: float = declared.HOT.default_value
    per_server: float = declared.PER_SERVER.default_value  # requests one server handles per second
    headroom: float = declared.HEADROOM.default_value

    def check(self) -> None:
        """Raise UsageProblem, naming the parameter, for the first input no estimate can use."""
        if self.writes.count <= 0:
            raise UsageProblem("there must be more than 0 writes, such as 10M a day", param="count")
        if self.item_bytes <= 0:
            raise UsageProblem("an item must be bigger than 0 bytes, such as 1KB", param="size")

    def to_dict(self) -> dict[str, Any]:
        return {
            "writes": self.writes.to_dict(),
            "item_bytes": self.item_bytes,
            "read_ratio": self.read_ratio,
            "years": self.years,
            "replicas": self.replicas,
            "peak_factor": self.peak_factor,
            "hot": self.hot,
            "per_server": self.per_server,
            "headroom": self.headroom,
        }


@dataclass(frozen=True)
class SystemReport:
    """Every calculator's result for one system, chained from one set of inputs."""

    inputs: SystemInputs
    traffic: QpsResult
    storage: StorageResult
    ingress: BandwidthResult
    egress: BandwidthResult
    cache: CacheResult
    servers: ServersResult

    def to_dict(self) -> dict[str, Any]:
        return {
            "inputs": self.inputs.to_dict(),
            "summary": self.summary(),
            "traffic": result_to_dict(self.traffic),
            "storage": result_to_dict(self.storage),
            "ingress": result_to_dict(self.ingress),
            "egress": result_to_dict(self.egress),
            "cache": result_to_dict(self.cache),
            "servers": result_to_dict(self.servers),
        }

    @property
    def notes(self) -> tuple[str, ...]:
        """What a reader of the whole estimate should know: how the cache is sized, why N+1."""
        return (*self.cache.notes, self.servers.notes[0])

    def summary(self) -> dict[str, float]:
        """The headline numbers, in base units, that an interviewer writes in the corner."""
        return {
            "writes_per_second": self.traffic.per_second,
            "reads_per_second": self.traffic.reads_per_second or 0.0,
            "peak_per_second": self.traffic.peak_total_per_second,
            "storage_per_month_bytes": self.storage.per_month_bytes,
            "storage_total_bytes": self.storage.total_bytes,
            "ingress_bytes_per_second": self.ingress.bytes_per_second,
            "egress_bytes_per_second": self.egress.bytes_per_second,
            "cache_memory_bytes": self.cache.memory_bytes,
            "servers": self.servers.servers,
            "servers_n_plus_one": self.servers.servers_n_plus_one,
        }


def estimate_system(inputs: SystemInputs) -> SystemReport:
    """Chain the calculators: writes -> traffic, storage, ingress; reads -> egress, cache; peak -> servers."""
    inputs.check()
    writes = inputs.writes
    reads = arrival_from_count(
        writes.count * inputs.read_ratio,
        writes.period,
        "reads",
        f"{in_formula(writes.count)} writes × {format_number(inputs.read_ratio)} reads per write",
    )
    traffic = qps(writes, peak_factor=inputs.peak_factor, read_ratio=inputs.read_ratio)
    peak = traffic.peak_total_per_second
    stored = storage(writes, inputs.item_bytes, years=inputs.years, replicas=inputs.replicas)
    hot = cache(reads, inputs.item_bytes, hot=inputs.hot)
    return SystemReport(
        inputs=inputs,
        traffic=traffic,
        storage=stored,
        ingress=bandwidth(writes, inputs.item_bytes),
        egress=bandwidth(reads, inputs.item_bytes),
        cache=capped_cache(hot, stored),
        servers=servers(
            peak, inputs.per_server, headroom=inputs.headroom, load_formula="peak total per second"
        ),
    )
