#!/usr/bin/env python3
"""Reads run files with xarray as docs/RUN-FILE.md says users can
(xr.open_dataset(path, group=..., engine='h5netcdf')) and checks every
table against h5py: each group with a dimension scale (the netCDF-4
coordinate) opens as a Dataset whose one dimension is that coordinate,
every column is a variable along it with its `units` and `long_name`, and
the values are the file's.

Usage: xarray_reads_run_file.py RUN.h5 [TABLE ...] [-- RUN.h5 [TABLE ...] ...]
The TABLEs (group paths, e.g. events apdu platforms/hss) must be among the
tables found; `--` starts the next file (one Python start for several).
Exit 0 when all match, 1 with the mismatches printed.
"""
import sys

import h5py
import numpy as np
import xarray as xr


def tables(f):
    """Group path -> its dimension scale's name, for every group holding one."""
    out = {}

    def visit(name, obj):
        if isinstance(obj, h5py.Dataset) and obj.attrs.get("CLASS") == b"DIMENSION_SCALE":
            out[obj.parent.name.lstrip("/")] = name.rsplit("/", 1)[-1]

    f.visititems(visit)
    return out


def same(a, b):
    if a.dtype.kind in "OSU" or b.dtype.kind in "OSU":
        def text(x):
            return [v.decode() if isinstance(v, bytes) else str(v) for v in x]
        return text(a) == text(b)
    if a.dtype.kind == "f" or b.dtype.kind == "f":
        return np.array_equal(a.astype(float), b.astype(float), equal_nan=True)
    return np.array_equal(a.astype(np.int64) if a.dtype.kind in "iub" else a,
                          b.astype(np.int64) if b.dtype.kind in "iub" else b)


def check(path, wanted):
    problems = []
    with h5py.File(path, "r") as f:
        found = tables(f)
        for t in wanted:
            if t not in found:
                problems.append(f"{path}: no table {t} (tables: {sorted(found)})")
        for group, coord in sorted(found.items()):
            try:
                ds = xr.open_dataset(path, group=group, engine="h5netcdf")
            except Exception as e:  # what xarray or h5netcdf says of the group
                problems.append(f"{group}: xarray cannot open it: {type(e).__name__}: {e}")
                continue
            g = f[group]
            if list(ds.dims) != [coord]:
                problems.append(f"{group}: dimensions {list(ds.dims)}, not [{coord}]")
            if coord not in ds.coords:
                problems.append(f"{group}: {coord} is no coordinate")
            for name, col in g.items():
                if not isinstance(col, h5py.Dataset):
                    continue
                if name not in ds.variables:
                    problems.append(f"{group}/{name}: not read by xarray")
                    continue
                v = ds[name]
                if v.dims != (coord,):
                    problems.append(f"{group}/{name}: along {v.dims}, not ({coord},)")
                for a in ("units", "long_name"):
                    if a not in v.attrs:
                        problems.append(f"{group}/{name}: no attribute {a}")
                if not same(np.asarray(v.values), col[()]):
                    problems.append(f"{group}/{name}: values differ from h5py's")
            ds.close()
        print(f"{path}: {len(found)} tables: {', '.join(sorted(found))}")
    return problems


def main():
    if len(sys.argv) < 2:
        print(__doc__)
        return 2
    problems = []
    args = sys.argv[1:]
    while args:
        n = args.index("--") if "--" in args else len(args)
        problems += check(args[0], args[1:n])
        args = args[n + 1:]
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
