#!/usr/bin/env python3
"""Writes a damaged copy of a checkpoint file, for the tests of `esimtwin
resume`'s error messages.

Usage: corrupt_checkpoint.py CHECKPOINT OUTPUT DAMAGE
DAMAGE is one of the names in DAMAGES below."""
import shutil
import struct
import sys
import zlib

import h5py
import numpy as np


def set_attr(path, value):
    def damage(f):
        obj, name = path
        f[obj].attrs[name] = value
    return damage


def set_value(dataset, index, value):
    def damage(f):
        f[dataset][index] = value
    return damage


def delete(path):
    def damage(f):
        del f[path]
    return damage


def delete_attr(name):
    def damage(f):
        del f.attrs[name]
    return damage


def card_magic(f):
    f["cards/bytes"][int(f["devices/card_offset"][3])] = 0


def card_size(f):
    f["devices/card_size"][3] -= 1


def cards_longer(f):
    n = len(f["cards/bytes"])
    f["cards/bytes"].resize((n + 1,))


def shorter_column(f):
    f["devices/retries"].resize((len(f["devices/retries"]) - 1,))


def modem_magic(f):
    f["modem/states/bytes"][int(f["modem/slots/state_offset"][3])] = 0


def modem_size(f):
    f["modem/slots/state_size"][4] -= 1


def modem_truncated(f):
    # The last modem's state loses its last byte.
    n = len(f["modem/states/bytes"])
    f["modem/states/bytes"].resize((n - 1,))
    f["modem/slots/state_size"][-1] -= 1


def modem_state_value(f):
    # Device 5's modem state byte (after magic, version and IMEI) out of range.
    f["modem/states/bytes"][int(f["modem/slots/state_offset"][5]) + 14] = 42


def truncated(path):
    def damage(f):
        n = len(f[path])
        f[path].resize((n - 1,))
    return damage


def edit_scenario(old, new):
    """The scenario text the checkpoint keeps, with `old` replaced by `new`:
    a state saved under one scenario resumed under another."""
    def damage(f):
        text = f.attrs["scenario"]
        text = text.decode() if isinstance(text, bytes) else text
        if old not in text:
            raise SystemExit(f"the checkpoint's scenario has no '{old}'")
        f.attrs["scenario"] = text.replace(old, new)
    return damage


def older_run_state(dataset, magic, version):
    """The first platform run state with `magic` in `dataset` (a blob of a
    sealed list of them: SRNS, SDPS) written as `version`, its CRC-32 and
    the list's made again: a state of an older layout, intact."""
    def damage(f):
        data = bytearray(f[dataset][:].tobytes())
        at = data.find(magic)
        if at < 4:
            raise SystemExit(f"no {magic!r} state in {dataset}")
        (size,) = struct.unpack_from("<I", data, at - 4)
        struct.pack_into("<H", data, at + 4, version)
        struct.pack_into("<I", data, at + size - 4, zlib.crc32(bytes(data[at:at + size - 4])))
        struct.pack_into("<I", data, len(data) - 4, zlib.crc32(bytes(data[:-4])))
        f[dataset][:] = np.frombuffer(bytes(data), dtype=f[dataset].dtype)
    return damage


RETRY = "notification_retry: {retry_after: 30s, max_attempts: 10}"

DAMAGES = {
    "no-format": delete_attr("format"),
    "newer-version": set_attr(("/", "checkpoint_version"), np.int32(99)),
    "card-magic": card_magic,
    "card-size": card_size,
    "cards-longer": cards_longer,
    "population": set_value("devices/population", 0, 1),
    "device-state": set_value("devices/state", 2, 9),
    "queue-count": set_attr(("world", "hss_queue"), np.uint64(12345)),
    "foreign-step": set_value("mux/0/events/device", 0, 1),
    "sqn-49-bits": set_value("hss/sqn_he/sqn_he", 0, np.uint64(1 << 48)),
    "no-queue": delete("hss/queue"),
    "unequal-columns": shorter_column,
    "multiplexers": set_attr(("/", "multiplexers"), np.int32(5)),
    "armed-fault": set_value("devices/power_loss_fault", 0, 999),
    "fault-step": set_attr(("world", "fault_step"), np.uint64(7)),
    # Runs with device_model modem populations (/modem).
    "older-version": set_attr(("/", "checkpoint_version"), np.int32(2)),
    "no-modem": delete("modem"),
    "modem-magic": modem_magic,
    "modem-size": modem_size,
    "modem-truncated": modem_truncated,
    "modem-state-value": modem_state_value,
    "smsc-magic": set_value("modem/smsc/bytes", 0, 0),
    "smsc-truncated": truncated("modem/smsc/bytes"),
    "write-module-magic": set_value("modem/write_module/bytes", 0, 0),
    "write-module-truncated": truncated("modem/write_module/bytes"),
    "no-write-module": delete("modem/write_module"),
    "write-module-link-flipped": set_value("modem/write_module_link/bytes", 20, 0xA5),
    "no-write-module-link": delete("modem/write_module_link"),
    # OneLink's run state as OLRN 4 wrote its header (its version u16 at
    # byte 4): before the network's events crossed the route.
    "onelink-run-version-4": set_value("modem/onelink/bytes", 4, 4),
    # As OLRN 6 wrote it: before the cards' usage records crossed the route.
    "onelink-run-version-6": set_value("modem/onelink/bytes", 4, 6),
    # As OLRN 7 wrote it: before the numbers moved by number migrations.
    "onelink-run-version-7": set_value("modem/onelink/bytes", 4, 7),
    # As OLRN 8 wrote it: before the backups of OneLink's records.
    "onelink-run-version-8": set_value("modem/onelink/bytes", 4, 8),
    "message-device": set_value("modem/messages/device", 0, 4000000),
    "reach-rows": delete("modem/reach/0"),
    "cell-row": set_value("modem/cells/cell", 0, 7),
    # Runs with the SM-SR (enable-profile campaigns).
    "smsr-magic": set_value("modem/sm_sr/bytes", 0, 0),
    "smsr-truncated": truncated("modem/sm_sr/bytes"),
    "smsr-flipped": set_value("modem/sm_sr/bytes", 40, 0xA5),
    "no-smsr": delete("modem/sm_sr"),
    # Runs with OneLink.
    "onelink-flipped": set_value("modem/onelink/bytes", 30, 0x5A),
    "onelink-api-flipped": set_value("modem/onelink_api/bytes", 30, 0x5A),
    # Runs with the SM-DP (download-profile campaigns).
    "smdp-flipped": set_value("modem/sm_dp/bytes", 40, 0xA5),
    "links-flipped": set_value("modem/platform_links/bytes", 20, 0xA5),
    "links-truncated": truncated("modem/platform_links/bytes"),
    "no-smdp": delete("modem/sm_dp"),
    # Runs with handover campaigns (HOVR 1: handover_times.cpp).
    "no-handover": delete("modem/handover"),
    "handover-version-2": set_value("modem/handover/bytes", 4, 2),
    # Runs with a population with a temperature (WEAR 1: card_wear.cpp).
    "no-wear": delete("wear"),
    "wear-version-2": set_value("wear/bytes", 4, 2),
    "wear-flipped": set_value("wear/bytes", 30, 0x5A),
    # Runs with the chip management platform.
    "chips-flipped": set_value("modem/chip_management/bytes", 40, 0xA5),
    # Runs with OneNET.
    "onenet-flipped": set_value("modem/onenet/bytes", 12, 0xA5),
    "no-onenet": delete("modem/onenet"),
    "no-mno-servers": delete("modem/mno_servers"),
    "mno-servers-flipped": set_value("modem/mno_servers/bytes", 30, 0x5A),
    # Runs with an SM-SR's notification_retry (test_notification_checkpoints.cpp).
    "no-notification-retry": edit_scenario(", " + RETRY, ""),
    "one-notification-attempt": edit_scenario(RETRY, RETRY.replace("max_attempts: 10", "max_attempts: 1")),
    # The run states before the notifications to the MNOs (SRUN 9, DRUN 2).
    "smsr-run-version-9": older_run_state("modem/sm_sr/bytes", b"SRUN", 9),
    # The run state before the eUICCs' roll-back and fall-back counters (SRUN 11).
    "smsr-run-version-11": older_run_state("modem/sm_sr/bytes", b"SRUN", 11),
    "smsr-run-version-12": older_run_state("modem/sm_sr/bytes", b"SRUN", 12),
    "smdp-run-version-2": older_run_state("modem/sm_dp/bytes", b"DRUN", 2),
}


def main(src, dst, damage):
    shutil.copyfile(src, dst)
    with h5py.File(dst, "r+") as f:
        DAMAGES[damage](f)
    return 0


if __name__ == "__main__":
    if len(sys.argv) == 2 and sys.argv[1] == "--list":
        print("\n".join(DAMAGES))
        sys.exit(0)
    sys.exit(main(*sys.argv[1:4]))
