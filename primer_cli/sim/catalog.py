"""The list of demos: names, one-line descriptions and the topics they illustrate.

Kept apart from the models so `primer learn` can say "try `primer demo X`"
without importing any simulation code.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from primer_cli.sim.base import Model


@dataclass(frozen=True)
class DemoInfo:
    name: str
    title: str
    description: str
    topics: tuple[str, ...]
    model: str  # "module:Class", imported only when the demo runs

    def load(self) -> type[Model]:
        module_name, _, class_name = self.model.partition(":")
        model: type[Model] = getattr(import_module(module_name), class_name)
        return model


DEMOS: tuple[DemoInfo, ...] = (
    DemoInfo(
        "hashring",
        "Consistent hashing",
        "Add or remove a node: consistent hashing with virtual nodes moves ~1/N of the keys, modulo hashing moves most.",
        ("consistent-hashing", "sharding"),
        "primer_cli.sim.hashring:HashRingModel",
    ),
    DemoInfo(
        "cache",
        "Cache eviction",
        "LRU, LFU and FIFO caches under a Zipf workload: hit ratio against capacity and skew.",
        ("cache", "what-to-cache", "cache-locations"),
        "primer_cli.sim.cache:CacheModel",
    ),
    DemoInfo(
        "write-policy",
        "Cache write policies",
        "Cache-aside, write-through, write-behind and refresh-ahead in front of a slow database, with a crash.",
        ("cache-aside", "write-through", "write-behind", "refresh-ahead"),
        "primer_cli.sim.write_policy:WritePolicyModel",
    ),
    DemoInfo(
        "balancer",
        "Load balancing",
        "Round-robin, random, least-connections, weighted and ip-hash across uneven servers, one failing.",
        ("load-balancer", "l4-vs-l7-load-balancing", "horizontal-vs-vertical-scaling"),
        "primer_cli.sim.balancer:BalancerModel",
    ),
    DemoInfo(
        "replication",
        "Replication and failover",
        "Primary-replica (sync or async) with lag and failover; primary-primary with write conflicts.",
        ("replication", "fail-over", "availability-patterns"),
        "primer_cli.sim.replication:ReplicationModel",
    ),
    DemoInfo(
        "partition",
        "CAP under a partition",
        "Replicas split by a network partition, then healed: CP refuses, AP serves stale data and converges.",
        ("cap-theorem", "consistency-patterns", "quorum", "leader-election"),
        "primer_cli.sim.partition:PartitionModel",
    ),
    DemoInfo(
        "queue",
        "Queues and back pressure",
        "Producers, a bounded queue and consumers: latency, rejections, retries with backoff and jitter.",
        ("message-queues", "back-pressure", "asynchronism", "task-queues", "idempotency"),
        "primer_cli.sim.queue:QueueModel",
    ),
    DemoInfo(
        "sharding",
        "Sharding strategies",
        "Hash, range and directory sharding under skewed keys, and the cost of adding a shard.",
        ("sharding", "federation", "consistent-hashing"),
        "primer_cli.sim.sharding:ShardingModel",
    ),
    DemoInfo(
        "transport",
        "TCP vs UDP",
        "Packets over a lossy link: TCP retransmits and orders, UDP is fast and lossy.",
        ("tcp", "udp", "communication"),
        "primer_cli.sim.transport:TransportModel",
    ),
)


def demo_names() -> list[str]:
    return [demo.name for demo in DEMOS]


def demo(name: str) -> DemoInfo:
    for info in DEMOS:
        if info.name == name:
            return info
    raise KeyError(name)


def demos_for_topic(topic_id: str) -> list[DemoInfo]:
    return [demo for demo in DEMOS if topic_id in demo.topics]
