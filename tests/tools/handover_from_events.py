#!/usr/bin/env python3
"""The handover metrics (docs/SCENARIOS.md, "The handover comparison")
computed from a run file's /events and /devices alone, for the tests to
compare with what the run printed.

Usage: handover_from_events.py RUN.h5 CAMPAIGN...
each CAMPAIGN index:population:at_s:batch_size:batch_interval_s, a
handover campaign of the scenario (its index in `campaigns`, the index of
its population; batch_size 0: all at at_s). The i-th device of the
population is ordered at at_s + floor(i / batch_size) * batch_interval_s,
its earliest order over the campaigns given. Its switch is done at the
last modem_registered row at or after its order and not after the first
euicc_notification row of value 2 (profile change succeeded) at or after
its order; failed when an smsr_failed / smsr_expired / smsr_refused row
names one of the campaigns, or an smdp_failed / smdp_refused row does, and
it is not done. Its SMS: sms_submitted rows of value -1 at or after its
order.

Prints one line per metric: `handover.<name> <value>` (times to 6
significant digits as the run's summary prints them)."""
import math
import sys

import h5py


def main():
    f = h5py.File(sys.argv[1], "r")
    campaigns = [tuple(float(x) for x in a.split(":")) for a in sys.argv[2:]]
    indices = {int(c[0]) for c in campaigns}
    kinds = [k.decode() if isinstance(k, bytes) else str(k) for k in f["events/kind"].attrs["kinds"]]
    kind = {name: i for i, name in enumerate(kinds)}
    population = f["devices/population"][:]
    devices = f["devices/device"][:]
    order = {}
    rank = {}
    for d, p in sorted(zip(devices.tolist(), population.tolist())):
        i = rank.get(p, 0)
        rank[p] = i + 1
        for c, pop, at, batch, interval in campaigns:
            if int(pop) != p:
                continue
            t = at + (i // int(batch)) * interval if batch > 0 else at
            order[d] = min(order.get(d, math.inf), t)
    ev = f["events"]
    t, dev, k, v = ev["t"][:], ev["device"][:], ev["kind"][:], ev["value"][:]
    registrations = {}
    notified = {}
    sms = {}
    failed = set()
    failures = {kind[n] for n in ("smsr_failed", "smsr_expired", "smsr_refused", "smdp_failed", "smdp_refused")}
    for ti, di, ki, vi in zip(t.tolist(), dev.tolist(), k.tolist(), v.tolist()):
        o = order.get(di)
        if o is None or ti < o - 1e-9:
            continue
        if ki == kind["modem_registered"]:
            registrations.setdefault(di, []).append(ti)
        elif ki == kind["euicc_notification"] and vi == 2:
            notified[di] = min(notified.get(di, math.inf), ti)
        elif ki == kind["sms_submitted"] and vi == -1:
            sms[di] = sms.get(di, 0) + 1
        elif ki in failures and vi in indices:
            failed.add(di)
    times = []
    for d, n in notified.items():
        before = [r for r in registrations.get(d, []) if r <= n]
        if before:
            times.append(max(before) - order[d])
    times.sort()
    done = {d for d, n in notified.items() if any(r <= n for r in registrations.get(d, []))}

    def nearest_rank(p):
        return times[max(1, math.ceil(p * len(times))) - 1] if times else 0

    values = {
        "ordered": len(order),
        "done": len(times),
        "failed": len(failed - done),
        "p50_s": nearest_rank(0.5),
        "p90_s": nearest_rank(0.9),
        "max_s": times[-1] if times else 0,
        "sms_per_device": sum(sms.values()) / len(order) if order else 0,
    }
    for name, value in values.items():
        print(f"handover.{name} {value:.6g}")


if __name__ == "__main__":
    main()
