#!/usr/bin/env python3
"""Prints a SHA-256 digest of an esimtwin run file's contents: every object's
name, attributes and data, except the wall-clock attributes (created_utc,
wall_seconds) and the scenario's file name (scenario_file), which differ from
run to run. Two runs of one scenario text and seed give the same digest;
a test keeps the digest of a run to notice any change of the engine's output."""
import hashlib
import sys

import h5py
import numpy as np

SKIP = {"created_utc", "wall_seconds", "scenario_file", "DIMENSION_LIST", "REFERENCE_LIST"}


def feed(h, value):
    a = np.asarray(value)
    if a.dtype.kind == "O":
        for x in a.ravel():  # variable-length values: each whole
            if isinstance(x, np.ndarray):
                h.update(str(x.dtype).encode() + str(x.shape).encode() + x.tobytes())
            elif isinstance(x, bytes):
                h.update(x)
            else:
                h.update(repr(x).encode())
    else:
        h.update(str(a.dtype).encode() + str(a.shape).encode() + a.tobytes())


def main(path):
    h = hashlib.sha256()
    with h5py.File(path, "r") as f:
        names = ["/"]
        f.visit(names.append)
        for name in names:
            obj = f[name]
            h.update(name.encode())
            for k in sorted(obj.attrs):
                if k not in SKIP:
                    h.update(k.encode())
                    feed(h, obj.attrs[k])
            if isinstance(obj, h5py.Dataset):
                feed(h, obj[()])
    print(h.hexdigest())


if __name__ == "__main__":
    main(sys.argv[1])
