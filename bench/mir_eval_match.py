"""The bench's baseline: mir_eval's match_events on the same onsets as Sightline's run.

Reads two files of little-endian float64 onsets in seconds (reference, estimates) and a window
in seconds; times mir_eval.util.match_events once (after loading, so only the matching counts)
and prints {"seconds": …, "matches": …} as one JSON line. Used by bench/evaluate.ts when
Debian's python3-mir-eval is installed; not part of Sightline itself.
"""
import json
import sys
import time

import numpy as np
from mir_eval.util import match_events

reference = np.fromfile(sys.argv[1], dtype="<f8")
estimates = np.fromfile(sys.argv[2], dtype="<f8")
window = float(sys.argv[3])
started = time.perf_counter()
matches = match_events(reference, estimates, window)
print(json.dumps({"seconds": time.perf_counter() - started, "matches": len(matches)}))
