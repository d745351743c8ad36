#!/usr/bin/env python3
"""Compares two esimtwin run files: every dataset and attribute must be equal,
except the wall-clock attributes (created_utc, wall_seconds). Exit 0 when equal;
otherwise prints the first differences and exits 1."""
import sys

import h5py
import numpy as np

WALL_CLOCK = {"created_utc", "wall_seconds"}


def attrs(obj):
    return {k: obj.attrs[k] for k in obj.attrs if k not in WALL_CLOCK}


def same(a, b):
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        a, b = np.asarray(a), np.asarray(b)
        if a.shape != b.shape:
            return False
        if a.dtype.kind == "O" or b.dtype.kind == "O":
            return all(same(x, y) for x, y in zip(a.ravel(), b.ravel()))
        return np.array_equal(a, b)
    return a == b


def main(left, right):
    diffs = []
    with h5py.File(left, "r") as fa, h5py.File(right, "r") as fb:
        names_a, names_b = [], []
        fa.visit(names_a.append)
        fb.visit(names_b.append)
        if sorted(names_a) != sorted(names_b):
            diffs.append(f"objects differ: {sorted(set(names_a) ^ set(names_b))}")
        for name in ["/"] + sorted(set(names_a) & set(names_b)):
            oa, ob = fa[name], fb[name]
            ta, tb = attrs(oa), attrs(ob)
            if ta.keys() != tb.keys():
                diffs.append(f"{name}: attribute names differ")
            for k in ta.keys() & tb.keys():
                if k == "DIMENSION_LIST" or k == "REFERENCE_LIST":
                    continue  # object references: compared through the structure
                if not same(ta[k], tb[k]):
                    diffs.append(f"{name}: attribute {k} differs")
            if isinstance(oa, h5py.Dataset) and not same(oa[()], ob[()]):
                diffs.append(f"{name}: data differs")
    for d in diffs[:20]:
        print(d)
    return 1 if diffs else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
