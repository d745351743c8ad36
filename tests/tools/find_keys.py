#!/usr/bin/env python3
"""Looks for key bytes in a run's outputs (docs/RELIABILITY.md, "Key
material in the twin's output").

    find_keys.py NEEDLES FILE... [--skip /apdu]

NEEDLES holds one key a line, in hex. An HDF5 FILE is read decompressed:
every dataset and attribute below the root, but the groups named with
--skip, as bytes (numbers as stored, strings UTF-8, variable-length byte
columns joined); any other FILE as its bytes, its text also searched for
each key's hex in either case. Prints each hit ("file: /path: key") and
exits 1 when there is one, 0 when there is none.
"""
import sys

import h5py
import numpy as np


def blobs(path, skip):
    """(location, bytes) of every dataset and attribute of an HDF5 file."""
    out = []
    with h5py.File(path, "r") as f:
        def attributes(obj):
            for name, value in obj.attrs.items():
                out.append((f"{obj.name}@{name}", as_bytes(value)))
        attributes(f)

        def visit(name, obj):
            full = "/" + name
            if any(full == s or full.startswith(s + "/") for s in skip):
                return
            attributes(obj)
            if isinstance(obj, h5py.Dataset):
                out.append((full, as_bytes(obj[()])))
        f.visititems(visit)
    return out


def as_bytes(value):
    if isinstance(value, (bytes, np.bytes_)):
        return bytes(value)
    if isinstance(value, str):
        return value.encode()
    if isinstance(value, np.ndarray) and value.dtype != object:
        return value.tobytes()
    if isinstance(value, (list, tuple, np.ndarray)):
        return b"".join(as_bytes(v) for v in np.asarray(value, dtype=object).ravel())
    if isinstance(value, (int, float, np.generic)):
        return np.asarray(value).tobytes()
    return str(value).encode()  # references and the like: their text


def main(argv):
    skip = []
    args = []
    i = 0
    while i < len(argv):
        if argv[i] == "--skip":
            skip.append(argv[i + 1])
            i += 2
        else:
            args.append(argv[i])
            i += 1
    needles = [bytes.fromhex(line.strip()) for line in open(args[0]) if line.strip()]
    hits = 0
    for path in args[1:]:
        if h5py.is_hdf5(path):
            places = blobs(path, skip)
        else:
            raw = open(path, "rb").read()
            places = [("", raw), ("(as hex text)", raw.lower())]
        for where, blob in places:
            for key in needles:
                forms = [key] if where != "(as hex text)" else [key.hex().encode()]
                if any(form in blob for form in forms):
                    print(f"{path}: {where}: {key.hex()}")
                    hits += 1
    return 1 if hits else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
