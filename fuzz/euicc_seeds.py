#!/usr/bin/env python3
"""Writes fuzz/corpus/euicc: fuzz_euicc's seeds from the eUICC golden transcripts.

Each tests/card-core/golden/euicc-*.apdu (recorded by the card-core tests on
EuiccTest's eUICC, which fuzz_euicc builds the same way) becomes one seed in
fuzz_euicc's input format: a flags byte, then per C-APDU a length byte and
its bytes. The seed starts with the power-up the fixture sends before the
recording (TERMINAL PROFILE, FETCH of SET UP EVENT LIST, its TERMINAL
RESPONSE); a "# power-up" note in the transcript (the fixture restarting the
eUICC after a REFRESH or a power cut) becomes a cold reset (length 0). A
second seed of the profile download arms a power loss at the platform
NVM's 5th page program (flags 5). Run from the repository root:
    python3 fuzz/euicc_seeds.py
"""
import pathlib

ROOT = pathlib.Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests/card-core/golden"
OUT = ROOT / "fuzz/corpus/euicc"

# EuiccTest::start(): the APDUs of the power-up as the golden transcripts
# record them after a "# power-up" note.
POWER_UP = ["80 10 00 00 05 03 01 80 02 11", "80 12 00 00 0E",
            "80 14 00 00 0C 81 03 01 05 00 82 02 82 81 83 01 00"]


def apdu(hex_text):
    b = bytes.fromhex(hex_text)
    if not 0 < len(b) < 256:
        raise ValueError("a C-APDU of %d bytes does not fit one length byte" % len(b))
    return bytes([len(b)]) + b


def seed(transcript, flags):
    out = bytearray([flags])
    for c in POWER_UP:
        out += apdu(c)
    for line in transcript.read_text().splitlines():
        if line == "# power-up":
            out.append(0)
        elif line.startswith("> "):
            out += apdu(line[2:])
    return bytes(out)


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    for t in sorted(GOLDEN.glob("euicc-*.apdu")):
        (OUT / t.stem).write_bytes(seed(t, 0))
    (OUT / "euicc-profile-download-power-loss").write_bytes(seed(GOLDEN / "euicc-profile-download.apdu", 5))


if __name__ == "__main__":
    main()
