#!/usr/bin/env python3
"""Reference values for Sightline's intervals and evidence plans, computed with statsmodels and
scipy (Debian: apt-get install python3-statsmodels python3-scipy). Writes
lib/stats/testing/reference-values.json, which lib/stats/intervals.test.ts reads.

    /usr/bin/python3 scripts/reference/stats_reference.py
"""
import json
import os

import numpy as np
import scipy
import statsmodels
from scipy import stats
from statsmodels.stats.proportion import proportion_confint

rng = np.random.default_rng(20261204)
out = {"made_with": {"statsmodels": statsmodels.__version__, "scipy": scipy.__version__, "numpy": np.__version__}}

# Proportions: statsmodels' proportion_confint, methods wilson and beta (Clopper-Pearson).
proportions = []
for i in range(300):
    n = int(rng.choice([1, 2, 3, 5, 10, 20, 59, 100, 500, 1000, 5000])) if i % 3 else int(rng.integers(1, 3000))
    k = int(rng.integers(0, n + 1)) if i % 5 else int(rng.choice([0, n]))
    level = float(np.round(rng.uniform(0.8, 0.999), 4))
    method = "wilson" if i % 2 else "clopper-pearson"
    lo, hi = proportion_confint(k, n, alpha=1 - level, method="wilson" if method == "wilson" else "beta")
    proportions.append({"k": k, "n": n, "level": level, "method": method, "interval": [float(lo), float(hi)]})
out["proportions"] = proportions

# Garwood's exact Poisson interval of count / exposure, from scipy's chi-square quantiles.
rates = []
for i in range(120):
    k = int(rng.choice([0, 1, 2, 3, 7, 20, 100, 1000])) if i % 2 else int(rng.integers(0, 500))
    exposure = float(np.round(rng.uniform(0.01, 50), 4))
    level = float(np.round(rng.uniform(0.8, 0.999), 4))
    a = 1 - level
    lo = 0.0 if k == 0 else stats.chi2.ppf(a / 2, 2 * k) / 2
    hi = stats.chi2.ppf(1 - a / 2, 2 * k + 2) / 2
    rates.append({"count": k, "exposure": exposure, "level": level, "interval": [lo / exposure, hi / exposure]})
out["poisson_rates"] = rates

# Order-statistic ranks of a percentile: l = max{j: F(j-1) <= a/2}, u = min{j: F(j-1) >= 1-a/2}.
ranks = []
for i in range(150):
    n = int(rng.integers(1, 2000))
    p = float(rng.choice([0.5, 0.95, 0.99]))
    level = float(np.round(rng.uniform(0.8, 0.999), 4))
    a = 1 - level
    cdf = stats.binom.cdf(np.arange(0, n), n, p)  # F(j-1) for j = 1..n
    lows = [j for j in range(1, n + 1) if cdf[j - 1] <= a / 2]
    highs = [j for j in range(1, n + 1) if cdf[j - 1] >= 1 - a / 2]
    ranks.append({"n": n, "p": p, "level": level, "ranks": [max(lows) if lows else None, min(highs) if highs else None]})
out["quantile_ranks"] = ranks

# Evidence plans: the smallest n with P(Binomial(n, 1-R) <= K) <= 1 - C, by a linear search.
plans = []
for R in [0.8, 0.9, 0.95, 0.99]:
    for C in [0.9, 0.95, 0.99]:
        for K in range(6):
            n = K + 1
            while stats.binom.cdf(K, n, 1 - R) > 1 - C:
                n += 1
            plans.append({"min_recall": R, "confidence": C, "misses": K, "events": n})
out["plans"] = plans

# The normal quantile itself.
out["normal_quantiles"] = [{"p": p, "z": float(stats.norm.ppf(p))} for p in
                           [1e-10, 1e-5, 0.0005, 0.005, 0.025, 0.05, 0.1, 0.3, 0.5, 0.7, 0.9, 0.95, 0.975, 0.995, 0.9995]]

# Student's t quantiles (scipy.stats.t.ppf), for the calibration's interval of the mean.
out["t_quantiles"] = [{"p": p, "df": df, "t": float(stats.t.ppf(p, df))} for df in [1, 2, 3, 5, 9, 29, 119, 599, 10000]
                      for p in [0.005, 0.025, 0.05, 0.5, 0.9, 0.975, 0.995]]

# Display-latency calibrations: flashes 0.6-1.4 s apart, edges at flash + latency (with drift),
# some flashes missed, some bounces and stray edges; the expected figures from numpy and scipy
# over the flashes whose window [-100 ms, +500 ms) holds an edge (the first one).
calibrations = []
for i in range(12):
    n = int(rng.choice([12, 40, 120, 600]))
    flashes = np.cumsum(rng.uniform(0.7e6, 1.4e6, n)).round()
    mean, sd, ppm = float(rng.uniform(5, 80)), float(rng.uniform(0.2, 12)), float(rng.uniform(-200, 200))
    lat = rng.normal(mean * 1000, sd * 1000, n) + flashes * ppm * 1e-6
    lat = np.clip(lat, -90e3, 490e3).round()
    seen = rng.uniform(0, 1, n) > (0.05 if i % 3 else 0.3)
    seen[: max(10, (n + 1) // 2)] = True
    edges = list((flashes + lat)[seen])
    bounces = [float(e + rng.uniform(1e3, 50e3)) for e in edges[:: 7]]
    strays = [float(f + 520e3) for f in flashes[1:: 11]]
    paired = lat[seen] / 1000
    x = flashes[seen]
    k = len(paired)
    lo, hi = stats.t.interval(0.95, k - 1, loc=paired.mean(), scale=paired.std(ddof=1) / np.sqrt(k))
    calibrations.append({
        "flashes_us": [float(f) for f in flashes],
        "edges_us": sorted([float(e) for e in edges] + bounces + strays),
        "expected": {
            "paired": int(k), "missed": int(n - k), "extra": len(bounces) + len(strays),
            "mean_ms": float(paired.mean()), "sd_ms": float(paired.std(ddof=1)),
            "p95_ms": float(np.percentile(paired, 95, method="inverted_cdf")),
            "ci_ms": [float(lo), float(hi)],
            "drift_ppm": float(np.polyfit(x, lat[seen], 1)[0] * 1e6),
        },
    })
out["calibrations"] = calibrations

path = os.path.join(os.path.dirname(__file__), "..", "..", "lib", "stats", "testing", "reference-values.json")
with open(path, "w") as f:
    json.dump(out, f, indent=1)
    f.write("\n")
print(f"wrote {len(proportions)} proportions, {len(rates)} rates, {len(ranks)} rank cases, {len(plans)} plans")
