#!/usr/bin/env python3
"""Checks analysis/esimtwin_run.py against run files read with h5py alone
(docs/RUN-FILE.md): the DataFrames' row counts, kind and population names,
the optional tables, the metadata, the wear failure curves at the stop, the
errors for bad files, every plot as a non-empty PNG of 800 x 450 pixels and
analysis/example_report.py's output.

usage: test_esimtwin_run.py OUTDIR RUN POPULATIONS [RUN POPULATIONS ...]

POPULATIONS is the run's population names, comma-separated, in scenario
order. Exit 0 when every check holds; otherwise prints the failures, exit 1."""
import math
import os
import shutil
import struct
import subprocess
import sys

import h5py
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ANALYSIS = os.path.join(HERE, "..", "..", "analysis")
sys.path.insert(0, ANALYSIS)
import esimtwin_run as er  # noqa: E402
from matplotlib.image import imread  # noqa: E402

failures = []


def check(ok, what):
    if not ok:
        failures.append(what)


def png_size(path):
    with open(path, "rb") as f:
        head = f.read(24)
    check(head[:8] == b"\x89PNG\r\n\x1a\n", f"{path}: not a PNG")
    return struct.unpack(">II", head[16:24])


def check_png(path):
    check(os.path.getsize(path) > 0, f"{path}: empty")
    size = png_size(path)
    check(size == (int(er.FIGSIZE[0] * er.DPI), int(er.FIGSIZE[1] * er.DPI)), f"{path}: {size[0]} x {size[1]} pixels")
    check(float(imread(path)[..., :3].std()) > 0.01, f"{path}: a blank image")


def check_run(path, populations, out):
    run = er.load(path)
    with h5py.File(path, "r") as f:
        kinds = [k.decode() if isinstance(k, bytes) else k for k in f["events/kind"].attrs["kinds"]]
        check(run.kinds == kinds, f"{path}: kinds {run.kinds[:5]}...")
        check(list(run.events["kind"].cat.categories) == kinds, f"{path}: kind categories")
        raw = f["events/kind"][:]
        check(len(run.events) == len(raw), f"{path}: {len(run.events)} event rows, the file {len(raw)}")
        check(np.array_equal(run.events["kind"].cat.codes.to_numpy(), raw), f"{path}: kind codes")
        check(list(run.events["kind"].astype(str)[:3]) == [kinds[k] for k in raw[:3]], f"{path}: kind names")
        check(np.array_equal(run.events["t"].to_numpy(), f["events/t"][:]), f"{path}: events t")
        check(run.population_names == populations, f"{path}: populations {run.population_names}, not {populations}")
        pop = f["devices/population"][:]
        check(len(run.devices) == len(pop), f"{path}: {len(run.devices)} device rows, the file {len(pop)}")
        check(list(run.devices["population"].astype(str)) == [populations[p] for p in pop], f"{path}: device pops")
        check(run.devices["attached"].dtype == bool, f"{path}: attached is {run.devices['attached'].dtype}")
        check(sorted(run.platforms) == sorted(f["platforms"]), f"{path}: platforms {sorted(run.platforms)}")
        for p, table in run.platforms.items():
            check(len(table) == len(f[f"platforms/{p}/t"]), f"{path}: platform {p} rows")
            check(list(table.columns) == ["t", "queue", "served", "rejected", "busy"], f"{path}: {p} columns")
        check(list(run.expectations["metric"]) == list(f["expectations/metric"].asstr()[:]), f"{path}: metrics")
        check(len(run.apdu) == len(f["apdu/t"]), f"{path}: apdu rows")
        if len(run.apdu):
            check(run.apdu["bytes"][0] == bytes(f["apdu/bytes"][0]), f"{path}: apdu bytes")
        for table in ("chip_audit", "campaign_progress", "wear"):
            df = getattr(run, table)
            if table not in f:
                check(df is None, f"{path}: a /{table} the file has not")
            else:
                check(df is not None and len(df) == len(f[f"{table}/device" if table != "campaign_progress"
                                                          else f"{table}/t"]), f"{path}: /{table} rows")
        if "chip_audit" in f and len(run.chip_audit):
            check(run.chip_audit["action"][0] == f["chip_audit/action"].asstr()[0], f"{path}: chip_audit strings")
        for key in ("seed", "stop_s", "scenario", "scenario_file", "schema_version", "esimtwin_version"):
            want = f.attrs[key]
            want = want.decode() if isinstance(want, bytes) else want.item() if hasattr(want, "item") else want
            check(getattr(run, key) == want, f"{path}: attribute {key} {getattr(run, key)!r}, the file {want!r}")
        if "wear" in f:
            at_stop = er.failure_curves(run, [run.stop_s])
            wp = f["wear/population"][:]
            for k in er.WEAR_FAILURES:
                cols = ["worn_s", "too_hot_s", "charge_lost_s"] if k == "any" else [f"{k}_s"]
                t = np.fmin.reduce([f[f"wear/{c}"][:] for c in cols])  # NaN only when every one is
                for i, name in enumerate(populations):
                    if not (wp == i).any():
                        continue
                    want = float(np.mean(~np.isnan(t[wp == i]) & (t[wp == i] <= run.stop_s)))
                    got = float(at_stop.loc[(name, run.stop_s), k])
                    check(math.isclose(got, want), f"{path}: {name} {k} by the stop {got}, the file {want}")
    plots = er.available_plots(run)
    check(("campaign_progress" in plots) == (run.campaign_progress is not None), f"{path}: plots {plots}")
    check(("wear_curves" in plots) == (run.wear is not None), f"{path}: plots {plots}")
    base = os.path.join(out, os.path.splitext(os.path.basename(path))[0])
    for name in plots:
        png = f"{base}-{name}.png"
        er.save_png(er.PLOTS[name](run), png)
        check_png(png)
    for name in set(er.PLOTS) - set(plots):
        try:
            er.PLOTS[name](run)
            check(False, f"{path}: {name} drew a table the run has not")
        except ValueError as e:
            check(path in str(e), f"{path}: {name}'s error names no file: {e}")
    report = os.path.join(base + "-report")
    r = subprocess.run([sys.executable, os.path.join(ANALYSIS, "example_report.py"), path, "--out", report],
                       capture_output=True, text=True)
    check(r.returncode == 0, f"{path}: example_report.py exit {r.returncode}: {r.stderr}")
    check("events by kind" in r.stdout and "devices per population" in r.stdout, f"{path}: report {r.stdout[:200]}")
    for name in plots:
        check_png(os.path.join(report, f"{name}.png"))


def expect_error(path, kind, message):
    try:
        er.load(path)
        check(False, f"{path} loaded")
    except kind as e:
        check(path in str(e) and message in str(e), f"{path}: {type(e).__name__}: {e}")


def check_errors(out, a_run):
    expect_error(os.path.join(out, "missing.h5"), FileNotFoundError, "no such file")
    text = os.path.join(out, "text.h5")
    with open(text, "w") as f:
        f.write("not a run\n")
    expect_error(text, er.RunFileError, "not an HDF5 file")
    other = os.path.join(out, "other.h5")
    with h5py.File(other, "w") as f:
        f["x"] = [1, 2, 3]
    expect_error(other, er.RunFileError, "not an esimtwin run file")
    newer = os.path.join(out, "newer.h5")
    shutil.copy(a_run, newer)
    with h5py.File(newer, "r+") as f:
        f.attrs["schema_version"] = np.int32(er.SCHEMA_VERSION + 1)
    expect_error(newer, er.RunFileError, "schema version 2 is newer than this reader (1)")
    truncated = os.path.join(out, "truncated.h5")
    with open(a_run, "rb") as f:
        data = f.read()
    with open(truncated, "wb") as f:
        f.write(data[: len(data) // 2])
    expect_error(truncated, er.RunFileError, "truncated or damaged")
    check(issubclass(er.RunFileError, ValueError), "RunFileError is no ValueError")


def main(args):
    if len(args) < 3 or len(args) % 2 == 0:
        sys.exit(__doc__)
    out = args[0]
    os.makedirs(out, exist_ok=True)
    runs = list(zip(args[1::2], args[2::2]))
    for path, populations in runs:
        check_run(path, populations.split(","), out)
    check_errors(out, runs[0][0])
    for f in failures:
        print(f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
