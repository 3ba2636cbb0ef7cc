"""This process's memory from ``/proc/self/status`` (Linux), for the bench probes.

``getrusage(RUSAGE_SELF).ru_maxrss`` is no use in a child process: on Linux a forked child
starts with its parent's peak, so every probe started by ``bench/run.py`` (itself ~105 MB) read
the runner's peak, not its own. ``VmHWM`` is the child's own high-water mark of resident memory
(reset at ``exec``), ``VmRSS`` its resident memory now.
"""

from __future__ import annotations


def status_mb(field: str) -> float:
    """A ``kB`` field of /proc/self/status (``VmHWM``, ``VmRSS``, ...) in MB; NaN if absent."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    return float("nan")


def peak_rss_mb() -> float:
    """The peak resident set of this process so far (VmHWM)."""
    return status_mb("VmHWM")


def current_rss_mb() -> float:
    """The resident set now (VmRSS)."""
    return status_mb("VmRSS")
