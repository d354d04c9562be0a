"""Facts about this machine that the measurements depend on, read without privileges.

Linux exposes them in /sys and /proc; elsewhere each answer may be None and
the rows that need it say so.
"""

from __future__ import annotations

import os
import platform
import sys
from pathlib import Path

# Files on these live in RAM: there is no device to read from or to sync to.
MEMORY_FILESYSTEMS = frozenset({"tmpfs", "ramfs"})
_CACHE_SYSFS = Path("/sys/devices/system/cpu/cpu0/cache")
_SIZE_UNITS = {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30}


def cpu_model() -> str:
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.is_file():
        for line in cpuinfo.read_text(errors="replace").splitlines():
            if line.startswith("model name"):
                return line.partition(":")[2].strip()
    return platform.processor() or platform.machine() or "unknown"


def last_level_cache_bytes() -> int | None:
    """The size of the highest-level CPU cache, from sysfs (Linux), else None."""
    levels: list[tuple[int, int]] = []
    for index in sorted(_CACHE_SYSFS.glob("index*")):
        try:
            level = int((index / "level").read_text())
            size = _parse_size((index / "size").read_text().strip())
        except (OSError, ValueError):
            continue
        levels.append((level, size))
    return max(levels)[1] if levels else None


def _parse_size(text: str) -> int:
    """'32768K' -> 33554432."""
    unit = _SIZE_UNITS.get(text[-1:].upper())
    return int(text[:-1]) * unit if unit else int(text)


def filesystem_type(path: Path) -> str | None:
    """The type of the filesystem holding `path` ('ext4', 'tmpfs'), from /proc/self/mounts."""
    mounts = Path("/proc/self/mounts")
    if not mounts.is_file():
        return None
    target = os.path.realpath(path)
    best: tuple[int, str] | None = None
    for line in mounts.read_text(errors="replace").splitlines():
        fields = line.split()
        if len(fields) < 3:
            continue
        point = fields[1].replace("\\040", " ")
        if _is_within(target, point) and (best is None or len(point) >= best[0]):
            best = (len(point), fields[2])
    return best[1] if best else None


def _is_within(path: str, mount_point: str) -> bool:
    return (
        mount_point == "/" or path == mount_point or path.startswith(mount_point.rstrip("/") + "/")
    )


def describe(workdir: Path) -> dict[str, str]:
    """What a saved run records about where it ran."""
    cache = last_level_cache_bytes()
    return {
        "platform": platform.platform(),
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "cpu": cpu_model(),
        "cpus": str(os.cpu_count() or "unknown"),
        "last_level_cache_bytes": str(cache) if cache else "unknown",
        "temp_filesystem": filesystem_type(workdir) or "unknown",
        "os": sys.platform,
    }
