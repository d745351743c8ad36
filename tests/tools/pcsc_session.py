#!/usr/bin/python3
"""A PC/SC session with the card `esimtwin card --vpcd` serves, through pcscd
and vsmartcard's virtual reader, with pyscard as any PC/SC application would:
list the readers, wait for the card, read its ATR, select and read EF.ICCID
and EF.IMSI, and AUTHENTICATE with 3GPP TS 35.208 test set 1.

Usage: pcsc_session.py --atr HEX --iccid DIGITS --imsi DIGITS [--reader NAME]
                       [--timeout SECONDS]

The card must be personalized with the given ICCID (18 or 19 digits, without
its check digit) and IMSI, and TS 35.208 test set 1's K and OPc. Prints what
it finds; exit code 0 when every check holds, 1 when one fails, 2 when
pyscard is missing or no card shows up.
"""
import argparse
import sys

try:
    from smartcard.CardRequest import CardRequest
    from smartcard.Exceptions import CardRequestTimeoutException
    from smartcard.System import readers as pcsc_readers
    from smartcard.util import toBytes, toHexString
except ImportError:
    print("pcsc_session: pyscard is missing (python3-pyscard): run scripts/install-deps.sh", file=sys.stderr)
    sys.exit(2)

# 3GPP TS 35.208 §4.3 test set 1: RAND, SQN, AMF, and the card's answers.
TEST_SET_1_RAND = "23553cbe9637a89d218ae64dae47bf35"
TEST_SET_1_AUTN = "55f328b43577b9b94a9ffac354dfafb3"  # SQN xor AK || AMF || MAC-A
TEST_SET_1_RES = "a54211d5e3ba50bf"
TEST_SET_1_CK = "b40ba9a3c58b2a05bbf0d987b21bf8cb"
TEST_SET_1_IK = "f769bcd751044604127672711c6d3441"

# ETSI TS 101 220 Annex E: the start of every USIM's AID.
USIM_AID = "A0000000871002"

failures = []


def check(what, got, expected):
    ok = got == expected
    print(f"{what}: {got}" + (" (as expected)" if ok else f" -- MISMATCH, expected {expected}"))
    if not ok:
        failures.append(what)


def transmit(connection, apdu_hex):
    """Sends a C-APDU and does the terminal's part of T=0 (TS 102 221
    §7.3.1.1.4, ISO/IEC 7816-4 §5.1.3): GET RESPONSE after '61XX', the
    command again with Le = XX after '6CXX'. Returns (data, SW as 4 hex)."""
    apdu = toBytes(apdu_hex)
    data, sw1, sw2 = connection.transmit(apdu)
    if sw1 == 0x6C:
        data, sw1, sw2 = connection.transmit(apdu[:4] + [sw2])
    while sw1 == 0x61:
        more, sw1, sw2 = connection.transmit([apdu[0], 0xC0, 0x00, 0x00, sw2])
        data += more
    return data, f"{sw1:02X}{sw2:02X}"


def luhn_digit(digits):
    """ITU-T E.118 §4.4: the Luhn check digit."""
    total = 0
    for i, c in enumerate(reversed(digits)):
        d = int(c) * (2 if i % 2 == 0 else 1)
        total += d - 9 if d > 9 else d
    return str((10 - total % 10) % 10)


def swapped_bcd(data):
    """Digits of BCD with swapped nibbles, 'F' filler dropped."""
    out = ""
    for b in data:
        for nibble in (b & 0x0F, b >> 4):
            if nibble != 0x0F:
                out += str(nibble)
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--atr", required=True, help="the card's ATR, hex")
    ap.add_argument("--iccid", required=True, help="the ICCID it was personalized with, without check digit")
    ap.add_argument("--imsi", required=True)
    ap.add_argument("--reader", default="Virtual PCD 00 00", help="vpcd's reader (port 35963: 'Virtual PCD 00 00')")
    ap.add_argument("--timeout", type=float, default=10.0, help="seconds to wait for the card")
    args = ap.parse_args()

    names = [str(r) for r in pcsc_readers()]
    print("readers: " + ", ".join(names))
    reader = next((r for r in pcsc_readers() if str(r) == args.reader), None)
    if reader is None:
        print(f"pcsc_session: no reader '{args.reader}': is pcscd running with vsmartcard-vpcd "
              "(scripts/install-deps.sh)?", file=sys.stderr)
        return 2
    try:
        service = CardRequest(readers=[reader], timeout=args.timeout).waitforcard()
    except CardRequestTimeoutException:
        print(f"pcsc_session: no card in '{args.reader}' after {args.timeout} s: is esimtwin card --vpcd running?",
              file=sys.stderr)
        return 2
    connection = service.connection
    connection.connect()
    print(f"card in {args.reader}")
    check("ATR", toHexString(connection.getATR()), toHexString(toBytes(args.atr)))

    # TS 102 221 §13.2: EF.ICCID under the MF.
    _, sw = transmit(connection, "00 A4 00 04 02 3F 00")
    check("SELECT MF", sw, "9000")
    _, sw = transmit(connection, "00 A4 00 04 02 2F E2")
    check("SELECT EF.ICCID", sw, "9000")
    data, sw = transmit(connection, "00 B0 00 00 0A")
    check("READ BINARY EF.ICCID", sw, "9000")
    iccid = args.iccid + (luhn_digit(args.iccid) if len(args.iccid) < 20 else "")
    check("ICCID", swapped_bcd(data), iccid)

    # TS 31.102 §4.2.2: EF.IMSI in ADF.USIM, a length byte, then the parity
    # nibble and the digits.
    _, sw = transmit(connection, "00 A4 04 04 07 " + USIM_AID)
    check("SELECT ADF.USIM", sw, "9000")
    _, sw = transmit(connection, "00 A4 00 0C 02 6F 07")
    check("SELECT EF.IMSI", sw, "9000")
    data, sw = transmit(connection, "00 B0 00 00 09")
    check("READ BINARY EF.IMSI", sw, "9000")
    check("IMSI", swapped_bcd(data[1:1 + data[0]])[1:] if data else "", args.imsi)

    # TS 31.102 §7.1.2: AUTHENTICATE, 3G security context: '10' RAND '10'
    # AUTN; the answer 'DB' L RES L CK L IK (L Kc).
    data, sw = transmit(connection, "00 88 00 81 22 10 " + TEST_SET_1_RAND + " 10 " + TEST_SET_1_AUTN)
    check("AUTHENTICATE", sw, "9000")
    tag = data[0] if data else None
    check("AUTHENTICATE tag", f"{tag:02X}" if tag is not None else "none", "DB")
    fields, at = [], 1
    while at < len(data) and len(fields) < 3:
        n = data[at]
        fields.append(bytes(data[at + 1:at + 1 + n]).hex())
        at += 1 + n
    fields += [""] * (3 - len(fields))
    check("RES", fields[0], TEST_SET_1_RES)
    check("CK", fields[1], TEST_SET_1_CK)
    check("IK", fields[2], TEST_SET_1_IK)

    connection.disconnect()
    if failures:
        print("pcsc session: FAILED: " + ", ".join(failures))
        return 1
    print("pcsc session: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
