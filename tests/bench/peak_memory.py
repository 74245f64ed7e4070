"""A bench child's own peak resident memory.

VmHWM where Linux has it: ``ru_maxrss`` survives ``exec``, so a child started by a large
parent (the bench itself, holding the list measures' tables) would report the parent's
peak instead of its own. Elsewhere ``ru_maxrss`` (kilobytes on Linux, bytes on macOS).
"""

from __future__ import annotations

import resource
import sys


def peak_mb() -> float:
    """This process's peak resident memory in megabytes."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024
