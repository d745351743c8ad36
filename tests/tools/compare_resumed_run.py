#!/usr/bin/env python3
"""Checks that a resumed run continues its original exactly.

Usage: compare_resumed_run.py ORIGINAL RESUMED [RESUMED ...]

ORIGINAL is the run file of the run that wrote the checkpoint, RESUMED the run
file of `esimtwin resume` from that checkpoint (its attribute resumed_at_s is
the checkpoint's time S, resumed_from its file). Every row the original
recorded after the checkpoint in /events and /apdu (the last row of the
original's /checkpoints at S, for that file if there is one, counts those
before; without the table, its attributes checkpoint_events and
checkpoint_apdus) and at or after S in each /platforms/<name> must equal the resumed run's rows, in the same order and
bit for bit; /devices and /expectations must be equal whole. /chip_audit
(the chips' audit trails) must be in both or neither: its rows after S
equal, and the resumed run's rows at S those of the original's that the
checkpoint had not recorded, in the original's order. Each RESUMED (runs
resumed from several of ORIGINAL's checkpoints) is compared in turn. Exit 0
when so; otherwise prints the differences, each file's first, and exits 1."""
import sys

import h5py
import numpy as np


def table(group):
    return {name: group[name][()] for name in group}


def rows_from(cols, first):
    return {k: v[first:] for k, v in cols.items()}


def tail(cols, start):
    keep = cols["t"] >= start
    return {k: v[keep] for k, v in cols.items()}


def equal(a, b):
    if a.shape != b.shape:
        return False
    if a.dtype.kind == "O" or b.dtype.kind == "O":
        return all(np.array_equal(np.asarray(x), np.asarray(y)) for x, y in zip(a, b))
    return np.array_equal(a, b)


def compare(name, ta, tb, diffs):
    if ta.keys() != tb.keys():
        diffs.append(f"{name}: columns differ")
        return
    for col in ta:
        if not equal(ta[col], tb[col]):
            diffs.append(f"{name}/{col}: {len(ta[col])} rows vs {len(tb[col])}, or values differ")


def rows(cols):
    names = sorted(cols)
    return [tuple(cols[n][i] for n in names) for i in range(len(cols["t"]))]


def compare_audit(ta, tb, start, diffs):
    after = lambda cols: {k: v[cols["t"] > start] for k, v in cols.items()}
    at = lambda cols: rows({k: v[cols["t"] == start] for k, v in cols.items()})
    compare("chip_audit", after(ta), after(tb), diffs)
    if (tb["t"] < start).any():
        diffs.append("chip_audit: the resumed run has steps before the checkpoint")
    # At S itself: steps before and after the checkpoint may share the
    # time; the resumed run has the latter, in the original's order.
    it = iter(at(ta))
    if not all(any(r == o for o in it) for r in at(tb)):
        diffs.append("chip_audit: the resumed run's rows at the checkpoint's time are not the original's")


def text(value):
    return value.decode() if isinstance(value, bytes) else str(value)


def checkpoint_rows(fa, fb, diffs):
    """The original's time and /events and /apdu row counts at the checkpoint the resumed run came from."""
    if "checkpoints" not in fa:
        return float(fa.attrs.get("checkpoint_s", -1)), int(fa.attrs["checkpoint_events"]), int(fa.attrs["checkpoint_apdus"])
    cols = table(fa["checkpoints"])
    source = text(fb.attrs["resumed_from"])
    start = float(fb.attrs["resumed_at_s"])
    # The last checkpoint written to that file (a later one replaces an
    # earlier one in it); else, the resumed run came from another run's
    # checkpoint (the same scenario and seed), the last one at its time.
    at_start = [i for i in range(len(cols["t"])) if float(cols["t"][i]) == start]
    by_file = [i for i in at_start if text(cols["file"][i]) == source]
    if not by_file and not at_start:
        diffs.append(f"the original wrote no checkpoint at {start} s")
        return -1, 0, 0
    i = (by_file or at_start)[-1]
    return float(cols["t"][i]), int(cols["events"][i]), int(cols["apdus"][i])


def main(original, resumed):
    diffs = []
    with h5py.File(original, "r") as fa, h5py.File(resumed, "r") as fb:
        start = float(fb.attrs["resumed_at_s"])
        at, events, apdus = checkpoint_rows(fa, fb, diffs)
        if at != start:
            diffs.append(f"the original's checkpoint time {at} is not the resumed run's resumed_at_s ({start})")
        for key in ("seed", "scenario", "stop_s"):
            if fa.attrs[key] != fb.attrs[key]:
                diffs.append(f"attribute {key} differs")
        for name, first in (("events", events), ("apdu", apdus)):
            compare(name, rows_from(table(fa[name]), first), table(fb[name]), diffs)
        if sorted(fa["platforms"]) != sorted(fb["platforms"]):
            diffs.append("platform names differ")
        for p in sorted(set(fa["platforms"]) & set(fb["platforms"])):
            compare("platforms/" + p, tail(table(fa["platforms"][p]), start), table(fb["platforms"][p]), diffs)
        if ("chip_audit" in fa) != ("chip_audit" in fb):
            diffs.append("/chip_audit is in one run file only")
        elif "chip_audit" in fa:
            compare_audit(table(fa["chip_audit"]), table(fb["chip_audit"]), start, diffs)
        for name in ("devices", "expectations"):
            compare(name, table(fa[name]), table(fb[name]), diffs)
        if len(fb["events"]["t"]) == 0:
            diffs.append("the resumed run recorded no events: nothing was compared")
    for d in diffs[:20]:
        print(f"{resumed}: {d}")
    return 1 if diffs else 0


if __name__ == "__main__":
    sys.exit(max(main(sys.argv[1], r) for r in sys.argv[2:]))
