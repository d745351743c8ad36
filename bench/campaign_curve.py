#!/usr/bin/env python3
"""Prints the completion curve of a run's write-card campaigns.

Usage: campaign_curve.py RUN.h5 [STEP_MIN]

Reads /campaign_progress (docs/RUN-FILE.md): the counts of all write-card
campaigns together at the first minute, every STEP_MIN minutes (default
30) and at the stop, as
a share of the orders released; then, per campaign, the first minute bin by
whose end 50, 90, 99 and 100 % of its orders were done ("-" when never), and
the run's tail metrics from /expectations when the scenario expects them."""
import sys

import h5py
import numpy as np

COUNTS = ("released", "attempts", "delivered", "expired", "sms_failed", "retries", "done", "failed")


def main(path, step_min):
    with h5py.File(path, "r") as f:
        if "campaign_progress" not in f:
            print(f"{path}: no /campaign_progress (no write-card campaign)")
            return 1
        g = f["campaign_progress"]
        t = g["t"][()]
        campaign = g["campaign"][()]
        cols = {k: g[k][()].astype(np.int64) for k in COUNTS}
    times = np.unique(t)
    total = {k: np.array([cols[k][t == x].sum() for x in times]) for k in COUNTS}
    orders = total["released"][-1]
    print(f"{'t':>8} {'released':>9} {'attempts':>9} {'delivered':>9} {'expired':>8} {'retries':>8} {'done':>9} {'failed':>7} {'done %':>7}")
    step = step_min * 60.0
    for i, x in enumerate(times):
        if not (abs(x / step - round(x / step)) < 1e-9 or i in (0, len(times) - 1)):
            continue
        share = 100.0 * total["done"][i] / orders if orders else 0.0
        print(f"{x / 60:6.0f}min {total['released'][i]:9d} {total['attempts'][i]:9d} {total['delivered'][i]:9d} "
              f"{total['expired'][i]:8d} {total['retries'][i]:8d} {total['done'][i]:9d} {total['failed'][i]:7d} {share:6.2f}%")
    print(f"\n{'campaign':>8} {'orders':>9} " + " ".join(f"{p:>6}% at" for p in (50, 90, 99, 100)))
    for c in np.unique(campaign):
        rows = campaign == c
        ct, done, released = t[rows], cols["done"][rows], cols["released"][rows][-1]
        at = []
        for p in (50, 90, 99, 100):
            reached = np.nonzero(done * 100 >= p * released)[0] if released else []
            at.append(f"{ct[reached[0]] / 60:6.0f}min" if len(reached) else f"{'-':>9}")
        print(f"{c:8d} {released:9d} " + " ".join(at))
    return 0


if __name__ == "__main__":
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1], float(sys.argv[2]) if len(sys.argv) == 3 else 30.0))
