#!/usr/bin/env python3
"""Counts the network's events (or with --usage the cards' usage records)
on their way to OneLink in a checkpoint (/modem/onelink/bytes, OLRN 9:
sim/twinsim/engine/onelink_run.cpp, onelink_network_events.cpp,
onelink_usage_records.cpp and onelink_backups.cpp), for the tests of their
checkpoints.

Usage: onelink_network_in_flight.py CHECKPOINT [--usage]
Prints the count; exits 0 when there is at least one, 1 when none, 2 for
a checkpoint without an OLRN 9 OneLink state."""
import struct
import sys

import h5py


def count(state, usage):
    if state[:4] != b"OLRN" or struct.unpack_from("<H", state, 4)[0] != 9:
        raise ValueError("not an OLRN 9 state")
    at = 6 + 8 * 8  # alerts, data bytes, usage alerts, quota alerts, queries, offline, MO SMS, SMS alerts
    # The backups of OneLink's records: steps done, cards set back, and per
    # backup not yet restored its fault and cards (4 texts each).
    at += 4 + 8
    (backups,) = struct.unpack_from("<I", state, at)
    at += 4
    for _ in range(backups):
        (cards,) = struct.unpack_from("<I", state, at + 2)
        at += 2 + 4
        for _ in range(cards * 4):
            (n,) = struct.unpack_from("<I", state, at)
            at += 4 + n
    (moved,) = struct.unpack_from("<I", state, at)
    at += 4 + moved * 8  # the numbers moved: failed device, replacement
    (orders,) = struct.unpack_from("<I", state, at)
    at += 4 + orders * 14
    (messages,) = struct.unpack_from("<I", state, at)
    at += 4
    network = records = 0
    for _ in range(messages):
        (arrival,) = struct.unpack_from("<q", state, at)
        kind = state[at + 8]
        at += 8 + 1 + 2 + 4 + 1
        (reason,) = struct.unpack_from("<I", state, at)
        at += 4 + reason
        if kind == 4:  # the network's event: kind, cause, NVM worn, IMSI, next reachable
            network += 1
            at += 3
            (imsi,) = struct.unpack_from("<I", state, at)
            at += 4 + imsi + 1 + 8
        elif kind in (5, 6):  # a usage record (data, MO SMS): the time used
            (used,) = struct.unpack_from("<q", state, at)
            if not 0 <= used < arrival:
                raise ValueError("a usage record used at %d arrives at %d" % (used, arrival))
            records += 1
            at += 8
    return records if usage else network


def main():
    with h5py.File(sys.argv[1], "r") as f:
        state = bytes(f["modem/onelink/bytes"][:])
    try:
        n = count(state, "--usage" in sys.argv[2:])
    except ValueError as e:
        print(e)
        return 2
    print(n)
    return 0 if n > 0 else 1


if __name__ == "__main__":
    sys.exit(main())
