#!/usr/bin/env python3
"""Reference values for Sightline's comparison of two runs (DESIGN §10), computed with
statsmodels (Debian: apt-get install python3-statsmodels). Writes
lib/stats/testing/paired-values.json, which lib/stats/paired.test.ts reads.

- McNemar's exact test: statsmodels.stats.contingency_tables.mcnemar(table, exact=True).
- Newcombe's paired interval of B − A (1998, method 10), the formula of DESIGN §10 written out
  here from statsmodels' Wilson limits (statsmodels has no paired Newcombe interval).

    /usr/bin/python3 scripts/reference/paired_reference.py
"""
import json
import math
import os

import numpy as np
import statsmodels
from statsmodels.stats.contingency_tables import mcnemar
from statsmodels.stats.proportion import proportion_confint

rng = np.random.default_rng(20261205)
out = {"made_with": {"statsmodels": statsmodels.__version__, "numpy": np.__version__}}


def newcombe(both, a_only, b_only, neither, level):
    n = both + a_only + b_only + neither
    p1 = (both + b_only) / n  # recall of B
    p2 = (both + a_only) / n  # recall of A
    l1, u1 = proportion_confint(both + b_only, n, alpha=1 - level, method="wilson")
    l2, u2 = proportion_confint(both + a_only, n, alpha=1 - level, method="wilson")
    den = (both + b_only) * (a_only + neither) * (both + a_only) * (b_only + neither)
    phi = 0.0 if den == 0 else (both * neither - a_only * b_only) / math.sqrt(den)
    theta = p1 - p2
    lo = theta - math.sqrt(max(0.0, (p1 - l1) ** 2 - 2 * phi * (p1 - l1) * (u2 - p2) + (u2 - p2) ** 2))
    hi = theta + math.sqrt(max(0.0, (u1 - p1) ** 2 - 2 * phi * (u1 - p1) * (p2 - l2) + (p2 - l2) ** 2))
    return p2, p1, theta, [max(-1.0, lo), min(1.0, hi)]


tables = []
for i in range(400):
    scale = int(rng.choice([1, 3, 10, 30, 100, 1000, 5000]))
    cells = [int(rng.integers(0, scale + 1)) for _ in range(4)]
    # Some tables with empty cells and margins, as real runs give (a perfect run, no discordance).
    if i % 7 == 0:
        cells[int(rng.integers(0, 4))] = 0
    if i % 11 == 0:
        cells[1] = cells[2] = 0
    if i % 13 == 0:
        cells[3] = 0
        cells[2] = 0
    if sum(cells) == 0:
        cells[0] = 1
    both, a_only, b_only, neither = cells
    level = float(np.round(rng.uniform(0.8, 0.999), 4)) if i % 2 else 0.95
    a, b, diff, ci = newcombe(both, a_only, b_only, neither, level)
    # mcnemar's table: rows A found / missed, columns B found / missed.
    p = float(mcnemar([[both, a_only], [b_only, neither]], exact=True).pvalue) if a_only + b_only else 1.0
    tables.append({
        "both": both, "a_only": a_only, "b_only": b_only, "neither": neither, "level": level,
        "recall_a": a, "recall_b": b, "diff": diff, "diff_ci": ci, "mcnemar_p": min(1.0, p),
    })
out["paired_tables"] = tables

target = os.path.join(os.path.dirname(__file__), "..", "..", "lib", "stats", "testing", "paired-values.json")
with open(target, "w") as f:
    json.dump(out, f, indent=1)
    f.write("\n")
print(f"wrote {len(tables)} paired tables to {os.path.normpath(target)}")
