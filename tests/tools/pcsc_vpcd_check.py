#!/usr/bin/python3
"""The PC/SC front end to end: pcscd with vsmartcard's vpcd driver,
`esimtwin card --vpcd` serving a personalized card, and pcsc_session.py
talking to it through pyscard.

Usage: pcsc_vpcd_check.py ESIMTWIN_BINARY SOURCE_DIR

Starts pcscd (in the foreground, as root) when none is running, and stops it
again afterwards; a pcscd already running (a system service) is used as it
is. Every process it starts is stopped before it exits. Exit code 0 when the
session's checks hold, 1 otherwise; a missing package is a failure with a
message to run scripts/install-deps.sh.
"""
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time

PCSCD_SOCKET = "/run/pcscd/pcscd.comm"
VPCD_DRIVER = "/usr/lib/pcsc/drivers/serial/libifdvpcd.so"
VPCD_PORT = 35963  # vsmartcard vpcd.h VPCDPORT: the first virtual reader
# The card: the domestic USIM profile personalized with 3GPP TS 35.208 test set 1.
PROFILE = "profiles/cmcc-domestic-usim.prof"
ICCID = "898600810123456789"
IMSI = "460040123456789"
K = "465b5ce8b199b49faa5f0a2ee238a6bc"
OPC = "cd63cb71954a9f4e48a5994e37a02baf"


def fail(message):
    print("pcsc_vpcd_check: " + message, file=sys.stderr)
    sys.exit(1)


def missing_packages():
    missing = []
    if not any(os.access(os.path.join(d, "pcscd"), os.X_OK) for d in ("/usr/sbin", "/usr/bin", "/sbin")):
        missing.append("pcscd")
    if not os.path.exists(VPCD_DRIVER):
        missing.append("vsmartcard-vpcd")
    if subprocess.run(["/usr/bin/python3", "-c", "import smartcard"], capture_output=True).returncode != 0:
        missing.append("python3-pyscard")
    return missing


def pcscd_answers():
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        s.connect(PCSCD_SOCKET)
        return True
    except OSError:
        return False
    finally:
        s.close()


def vpcd_listening():
    """vpcd listens on its port once pcscd has loaded it: a listening socket
    (state 0A) on VPCD_PORT in /proc/net/tcp{,6}. Read, not probed: a
    connection would look to vpcd like a card."""
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            with open(table) as f:
                next(f)
                for line in f:
                    fields = line.split()
                    if int(fields[1].rsplit(":", 1)[1], 16) == VPCD_PORT and fields[3] == "0A":
                        return True
        except OSError:
            continue
    return False


def wait_for(condition, seconds):
    give_up = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > give_up:
            return False
        time.sleep(0.05)
    return True


def stop(process, sig=signal.SIGTERM):
    """Stops one process we started (by its id) and returns its exit code."""
    if process.poll() is None:
        process.send_signal(sig)
        try:
            return process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
    return process.wait()


def main():
    if len(sys.argv) != 3:
        fail("usage: pcsc_vpcd_check.py ESIMTWIN_BINARY SOURCE_DIR")
    binary, source = sys.argv[1], sys.argv[2]
    missing = missing_packages()
    if missing:
        fail("missing " + ", ".join(missing) + ": run scripts/install-deps.sh")

    atr_run = subprocess.run([binary, "card", "--profile", PROFILE, "-"], cwd=source, input="",
                             capture_output=True, text=True)
    atr = next((line[len("< ATR "):] for line in atr_run.stdout.splitlines() if line.startswith("< ATR ")), None)
    if atr_run.returncode != 0 or atr is None:
        fail("esimtwin card did not print the ATR:\n" + atr_run.stdout + atr_run.stderr)

    work = tempfile.TemporaryDirectory(prefix="esimtwin-pcsc-")
    pcscd_log_path = os.path.join(work.name, "pcscd.log")
    pcscd = None
    card = None
    passed = False
    try:
        if not pcscd_answers():
            if os.geteuid() != 0:
                fail("pcscd is not running and only root may start it here: start it (sudo pcscd) and run again")
            pcscd_log = open(pcscd_log_path, "w")
            pcscd = subprocess.Popen(["pcscd", "--foreground"], stdout=pcscd_log, stderr=subprocess.STDOUT)
            if not wait_for(lambda: pcscd_answers() or pcscd.poll() is not None, 10) or pcscd.poll() is not None:
                fail("pcscd did not start")
        if not wait_for(vpcd_listening, 10):
            fail(f"nothing listens on vpcd's port {VPCD_PORT}: does pcscd load vsmartcard-vpcd "
                 "(/etc/reader.conf.d/vpcd)? run scripts/install-deps.sh, and restart a running pcscd")

        card_log = open(os.path.join(work.name, "card.log"), "w")
        # A bare --vpcd: vpcd's default address, localhost:35963.
        card = subprocess.Popen([binary, "card", "--profile", PROFILE,
                                 "--iccid", ICCID, "--imsi", IMSI, "--k", K, "--opc", OPC, "--vpcd"],
                                cwd=source, stdout=card_log, stderr=subprocess.STDOUT)
        session = subprocess.run(["/usr/bin/python3", os.path.join(source, "tests/tools/pcsc_session.py"),
                                  "--atr", atr, "--iccid", ICCID, "--imsi", IMSI],
                                 capture_output=True, text=True, timeout=60)
        print(session.stdout, end="")
        print(session.stderr, end="", file=sys.stderr)
        card_code = stop(card)
        card_log.close()
        with open(card_log.name) as f:
            card_out = f.read()
        print("--- esimtwin card --vpcd:\n" + card_out, end="")
        if session.returncode != 0 or "pcsc session: all checks passed" not in session.stdout:
            fail(f"the PC/SC session failed (exit code {session.returncode})")
        if card_code != 0 or f"served to vpcd at localhost:{VPCD_PORT}" not in card_out \
                or "stopped by a signal" not in card_out or "[AUTHENTICATE]" not in card_out:
            fail(f"esimtwin card --vpcd did not serve the session and stop on SIGTERM (exit code {card_code})")
        print("pcsc_vpcd_check: passed")
        passed = True
        return 0
    finally:
        if card is not None:
            stop(card)
        if pcscd is not None:
            stop(pcscd)
            if not passed:
                with open(pcscd_log_path) as f:
                    print("--- pcscd --foreground:\n" + f.read(), end="", file=sys.stderr)
        work.cleanup()


if __name__ == "__main__":
    sys.exit(main())
