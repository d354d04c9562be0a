"""Closed-form predictions the demos show next to their measurements.

Each function is a textbook result, named by its source in its docstring:
queueing (M/M/c/K, which holds M/M/1 and Erlang C as limits), the Che
approximation for LRU, its FIFO analogue, hashing move fractions, and the
Padhye formula for TCP throughput. The tests hold the models to these, and
check these against independent computations.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

Occupancy = Callable[[float, float], float]  # chance an item is cached, given p_i and T


@dataclass(frozen=True)
class QueueTheory:
    """Steady state of an M/M/c/K queue (K = servers + queue slots)."""

    attempt_rate: float  # attempts per second, retries included
    blocking: float  # chance an attempt finds the system full
    in_system: float  # L: mean requests in the system, in service included
    waiting: float  # Lq: mean requests waiting
    utilization: float  # busy share of the servers
    throughput: float  # served per second

    @property
    def time_in_system(self) -> float:
        """W = L / throughput (Little's law)."""
        return self.in_system / self.throughput if self.throughput else 0.0

    @property
    def wait(self) -> float:
        """Wq = Lq / throughput."""
        return self.waiting / self.throughput if self.throughput else 0.0


def mmck(arrival: float, service: float, servers: int, slots: int) -> QueueTheory:
    """M/M/c/K with c = `servers` and K = servers + `slots`, in closed form.

    p(n) ∝ aⁿ/n! for n ≤ c and a^c/c! · ρ^(n−c) above, with a = λ/μ and
    ρ = a/c; worked in logarithms so huge loads or queues cannot overflow.
    With `slots` → ∞ and ρ < 1 it is M/M/c (Erlang C), and with c = 1, M/M/1:
    L = ρ/(1−ρ), W = 1/(μ−λ).
    """
    load = arrival / service
    rho = load / servers
    head = [n * math.log(load) - math.lgamma(n + 1) for n in range(servers + 1)]
    top = head[-1]  # log of the n = c term, where the geometric tail starts
    tail_log, tail_mean = _geometric_tail(rho, slots)
    log_norm = _log_sum_exp([*head, top + tail_log])
    tail_share = math.exp(top + tail_log - log_norm) if slots else 0.0
    full_log = top + slots * math.log(rho) if slots else head[-1]
    blocking = math.exp(full_log - log_norm)
    # Idle servers come from the few states below c, so utilization is exact
    # even when blocking is within a rounding error of 1 (a heavy overload).
    idle = math.fsum((servers - n) * math.exp(head[n] - log_norm) for n in range(servers))
    utilization = 1 - idle / servers
    if blocking > 0.5:
        throughput = servers * service * utilization
        blocking = 1 - throughput / arrival
    else:
        throughput = arrival * (1 - blocking)
    waiting = tail_share * tail_mean
    busy = throughput / service
    return QueueTheory(arrival, blocking, waiting + busy, waiting, busy / servers, throughput)


def _geometric_tail(ratio: float, count: int) -> tuple[float, float]:
    """log Σ ratio^m and the mean of m under weights ratio^m, for m = 1..count."""
    if count == 0:
        return -math.inf, 0.0
    if abs(ratio - 1) < 1e-12:
        return math.log(count), (count + 1) / 2
    if ratio < 1:
        log_sum = math.log(ratio) + math.log1p(-(ratio**count)) - math.log1p(-ratio)
        return log_sum, _truncated_geometric_mean(ratio, count)
    inverse = 1 / ratio  # count down from the top: weights inverse^(count − m)
    log_sum = count * math.log(ratio) + math.log1p(-(inverse**count)) - math.log1p(-inverse)
    return log_sum, count + 1 - _truncated_geometric_mean(inverse, count)


def _truncated_geometric_mean(ratio: float, count: int) -> float:
    """Mean of m = 1..count under weights ratio^m, ratio < 1."""
    power = ratio**count
    return 1 / (1 - ratio) - (count * power / (1 - power) if power else 0.0)


def _log_sum_exp(logs: list[float]) -> float:
    top = max(logs)
    return top + math.log(math.fsum(math.exp(value - top) for value in logs))


def with_retries(
    arrival: float, service: float, servers: int, slots: int, retries: int
) -> QueueTheory:
    """M/M/c/K where a blocked attempt is retried up to `retries` times.

    An approximation: retries are treated as extra Poisson arrivals, so the
    attempt rate is λ(1 + b + … + b^r) for blocking chance b, solved as a
    fixed point. Exact when nothing is blocked or `retries` is 0.
    """
    attempts = arrival
    result = mmck(attempts, service, servers, slots)
    for _ in range(200):
        attempts = arrival * sum(result.blocking**i for i in range(retries + 1))
        previous, result = result, mmck(attempts, service, servers, slots)
        if abs(result.blocking - previous.blocking) < 1e-12:
            break
    return result


def che_lru_hit_ratio(probabilities: list[float], capacity: int) -> float:
    """Che et al. (2002): item i is in an LRU cache with chance 1 − e^(−p_i·T),
    T chosen so the expected number of cached items is the capacity."""
    if capacity >= len(probabilities):
        return 1.0
    t = _characteristic_time(probabilities, capacity, lambda p, t: -math.expm1(-p * t))
    return math.fsum(p * -math.expm1(-p * t) for p in probabilities)


def fifo_hit_ratio(probabilities: list[float], capacity: int) -> float:
    """Martina et al. (2014): under FIFO item i is cached with chance p_i·T / (1 + p_i·T)."""
    if capacity >= len(probabilities):
        return 1.0
    t = _characteristic_time(probabilities, capacity, lambda p, t: p * t / (1 + p * t))
    return math.fsum(p * p * t / (1 + p * t) for p in probabilities)


def _characteristic_time(probabilities: list[float], capacity: int, occupancy: Occupancy) -> float:
    """Bisect for T with Σ occupancy(p_i, T) = capacity."""
    low, high = 0.0, 1.0
    while math.fsum(occupancy(p, high) for p in probabilities) < capacity:
        high *= 2
    while high - low > 1e-7 * high:
        middle = (low + high) / 2
        if math.fsum(occupancy(p, middle) for p in probabilities) < capacity:
            low = middle
        else:
            high = middle
    return (low + high) / 2


def modulo_moved_fraction(before: list[int], after: list[int]) -> float:
    """Share of uniformly hashed keys whose node changes when `hash mod N` becomes `hash mod M`.

    A key stays when before[h mod N] is after[h mod M]. By the Chinese
    remainder theorem each pair of slots (i, j) with i ≡ j (mod gcd(N, M))
    holds exactly one residue of h mod lcm(N, M); other pairs hold none.
    """
    n, m = len(before), len(after)
    common = math.gcd(n, m)
    slots_after: dict[int, list[int]] = {}
    for j, node in enumerate(after):
        slots_after.setdefault(node, []).append(j)
    stay = sum(
        1
        for i, node in enumerate(before)
        for j in slots_after.get(node, [])
        if i % common == j % common
    )
    return 1 - stay / (n * m // common)


def ring_moved_fraction(nodes: int, added: int, removed: int) -> float:
    """Expected share of keys a consistent-hash ring moves when nodes join and leave at once.

    Every key of a leaving node moves. Walking clockwise from a key, the first
    virtual node among the N old and `added` new nodes is a new one with chance
    added/(N + added); that key moves if its old owner survives, chance (N − removed)/N.
    """
    gone = removed / nodes
    return gone + added / (nodes + added) * (1 - gone)


def padhye_throughput(round_trip: float, timeout: float, loss: float) -> float:
    """Packets per second of a TCP flow that loses each packet with chance `loss`.

    Padhye, Firoiu, Towsley and Kurose (1998), with one packet acknowledged
    per ACK: 1 / (RTT·√(2p/3) + RTO·min(1, 3·√(3p/8))·p·(1 + 32p²)).
    Infinite when nothing is lost: then only the window and the sender limit it.
    """
    if loss <= 0:
        return math.inf
    congestion = round_trip * math.sqrt(2 * loss / 3)
    timeouts = timeout * min(1.0, 3 * math.sqrt(3 * loss / 8)) * loss * (1 + 32 * loss**2)
    return 1 / (congestion + timeouts)


def zipf_share_of_hottest(probabilities: list[float], hottest: int) -> float:
    """The request share of the `hottest` most popular items."""
    return min(1.0, math.fsum(probabilities[:hottest]))
