"""The list of demos: names, one-line descriptions, the topics they illustrate, model and view.

Kept apart from the models so `primer learn` can say "try `primer demo X`"
without importing any simulation code. Each entry names its model and its
view as "module:name"; the core never imports a view (they need Rich), the
faces load it by that name.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from primer_cli.sim.base import Model


@dataclass(frozen=True)
class DemoInfo:
    name: str
    title: str
    description: str
    topics: tuple[str, ...]
    model: str  # "module:Class", imported only when the demo runs
    view: str = ""  # "module:function" drawing the model's state with Rich; "" for none

    def load(self) -> type[Model[Any]]:
        module_name, _, class_name = self.model.partition(":")
        model: type[Model[Any]] = getattr(import_module(module_name), class_name)
        return model


DEMOS: tuple[DemoInfo, ...] = (
    DemoInfo(
        "hashring",
        "Consistent hashing",
        "Add or remove a node: consistent hashing with virtual nodes moves ~1/N of the keys, modulo hashing moves most.",
        ("consistent-hashing", "sharding"),
        "primer_cli.sim.hashring:HashRingModel",
        "primer_cli.render.demos.hashring:view",
    ),
    DemoInfo(
        "cache",
        "Cache eviction",
        "LRU, LFU and FIFO caches under a Zipf workload: hit ratio against capacity and skew.",
        ("cache", "what-to-cache", "cache-locations"),
        "primer_cli.sim.cache:CacheModel",
        "primer_cli.render.demos.cache:view",
    ),
    DemoInfo(
        "write-policy",
        "Cache write policies",
        "Cache-aside, write-through, write-behind and refresh-ahead in front of a slow database, with a crash.",
        ("cache-aside", "write-through", "write-behind", "refresh-ahead"),
        "primer_cli.sim.write_policy:WritePolicyModel",
        "primer_cli.render.demos.write_policy:view",
    ),
    DemoInfo(
        "balancer",
        "Load balancing",
        "Round-robin, random, least-connections, weighted and ip-hash across uneven servers, one failing.",
        ("load-balancer", "l4-vs-l7-load-balancing", "horizontal-vs-vertical-scaling"),
        "primer_cli.sim.balancer:BalancerModel",
        "primer_cli.render.demos.balancer:view",
    ),
    DemoInfo(
        "replication",
        "Replication and failover",
        "Primary-replica (sync or async) with lag and failover; primary-primary with write conflicts.",
        ("replication", "fail-over", "availability-patterns"),
        "primer_cli.sim.replication:ReplicationModel",
        "primer_cli.render.demos.replication:view",
    ),
    DemoInfo(
        "partition",
        "CAP under a partition",
        "Replicas split by a network partition, then healed: CP refuses, AP serves stale data and converges.",
        ("cap-theorem", "consistency-patterns", "quorum", "leader-election"),
        "primer_cli.sim.partition:PartitionModel",
        "primer_cli.render.demos.partition:view",
    ),
    DemoInfo(
        "queue",
        "Queues and back pressure",
        "Producers, a bounded queue and consumers: latency, rejections, retries with backoff and jitter.",
        ("message-queues", "back-pressure", "asynchronism", "task-queues", "idempotency"),
        "primer_cli.sim.queue:QueueModel",
        "primer_cli.render.demos.queue:view",
    ),
    DemoInfo(
        "sharding",
        "Sharding strategies",
        "Hash, range and directory sharding under skewed keys, and the cost of adding a shard.",
        ("sharding", "federation", "consistent-hashing"),
        "primer_cli.sim.sharding:ShardingModel",
        "primer_cli.render.demos.sharding:view",
    ),
    DemoInfo(
        "transport",
        "TCP vs UDP",
        "Packets over a lossy link: TCP retransmits, orders and slows down as loss rises; UDP keeps its pace and loses packets.",
        ("tcp", "udp", "communication"),
        "primer_cli.sim.transport:TransportModel",
        "primer_cli.render.demos.transport:view",
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
