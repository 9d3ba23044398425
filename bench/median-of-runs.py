#!/usr/bin/env python3
"""Median of several bench runs (their --results JSON files): one row per scenario and
deployment with the median throughput, p50, p99 and services CPU per operation, then the
median of each limit ratio. Usage: bench/median-of-runs.py results1.json results2.json ..."""
import json
import statistics
import sys
from collections import defaultdict


def services_cpu(row):
    return sum(v for k, v in row.get("cpuMicrosPerOp", {}).items() if k != "loadgen")


def main(paths):
    rows = defaultdict(list)
    ratios = defaultdict(list)
    for path in paths:
        with open(path) as f:
            run = json.load(f)
        for row in run.get("results", []):
            rows[(row["scenario"], row["deployment"])].append(row)
        for ratio in run.get("limitRatios") or []:
            ratios[(ratio["scenario"], ratio["deployment"], ratio["limit"])].append(ratio)
    med = statistics.median
    print(f"{'scenario':<22} {'deploy':<8} {'runs':>4} {'ops/s':>10} {'p50 ms':>9} {'p99 ms':>9}"
          f" {'p99 min-max ms':>17} {'svc CPU us/op':>13} {'errors':>6} {'lost':>4}")
    for (scenario, deploy), group in rows.items():
        p99 = [r["latencyMicros"]["p99"] / 1000 for r in group]
        lost = sum(r.get("messages", {}).get("lost", 0) for r in group)
        print(f"{scenario:<22} {deploy:<8} {len(group):>4} "
              f"{med(r['throughput'] for r in group):>10.1f} "
              f"{med(r['latencyMicros']['p50'] / 1000 for r in group):>9.3f} "
              f"{med(p99):>9.3f} {min(p99):>8.3f}-{max(p99):<8.3f} "
              f"{med(services_cpu(r) for r in group):>13.1f} "
              f"{sum(r['errors'] for r in group):>6} {lost:>4}")
    if ratios:
        print()
        print(f"{'scenario':<22} {'deploy':<8} {'limit':<6} {'runs':>4} {'ops/s':>7} {'p50':>7}"
              f" {'p99':>7} {'svc CPU':>8}   (median of the per-run ratios)")
        for (scenario, deploy, limit), group in ratios.items():
            print(f"{scenario:<22} {deploy:<8} {limit:<6} {len(group):>4} "
                  + " ".join(f"{med(r[k] for r in group):>6.2f}x"
                             for k in ("throughput", "p50", "p99", "serviceCpuPerOp")))


if __name__ == "__main__":
    main(sys.argv[1:])
