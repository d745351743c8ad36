#!/usr/bin/env python3
"""Checks that every device of a population has an event of a kind in an
esimtwin run file (docs/RUN-FILE.md, /events and /devices).

usage: every_device_has.py RUN POPULATION KIND VALUE [FROM_S TO_S]

POPULATION is the population's index (the /devices population column),
KIND the event kind's value, VALUE the value column's ("any" for any), and
FROM_S, TO_S the simulated times the event must fall in, [FROM_S, TO_S).
Exit 0 when every device of the population has such an event; otherwise
prints how many do not (and the first few) and exits 1. Exits 2 when the
population has no device in the run."""
import sys

import h5py
import numpy as np


def main(run, population, kind, value, t0=None, t1=None):
    with h5py.File(run, "r") as f:
        devices = f["devices/device"][:]
        members = set(devices[f["devices/population"][:] == int(population)].tolist())
        ev = f["events"]
        t, device, k, v = ev["t"][:], ev["device"][:], ev["kind"][:], ev["value"][:]
    if not members:
        print(f"population {population} has no device in {run}")
        return 2
    hit = k == int(kind)
    if value != "any":
        hit &= v == int(value)
    if t0 is not None:
        hit &= (t >= float(t0)) & (t < float(t1))
    missing = sorted(members - set(np.unique(device[hit]).tolist()))
    if missing:
        print(f"{len(missing)} of {len(members)} devices have no event {kind} (value {value}): {missing[:10]}")
        return 1
    return 0


if __name__ == "__main__":
    if len(sys.argv) not in (5, 7):
        sys.exit(__doc__)
    sys.exit(main(*sys.argv[1:]))
