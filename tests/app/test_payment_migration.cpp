// scenarios/apps/payment-terminals.yaml (the source document §2.4: a
// failed payment terminal's number written over the air to its
// replacement, the service bindings kept) at 200 terminals: 10 fail and
// are switched off, their 10 replacements take their numbers. The
// expectations hold; a replacement's traced APDUs show its own IMSI read at
// power-up, the write-card ENVELOPE, the REFRESH, and the failed terminal's
// IMSI read back after it; the run file has the failures, the chips' audit
// rows of the number moving (NumberMigrate on the failed chip, OtaWrite
// from it on the replacement's) and OneLink's usage alerts on the
// replacements' cards; a checkpoint in the middle of the migrations resumes
// exactly, an OLRN 7 OneLink state is refused; a --devices that leaves the
// two populations unequal is refused.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "cardcore/usim/identifiers.hpp"
#include "esimtwin_process.hpp"
#include "run_file_rows.hpp"

namespace test_payment_migration {

using esimtwin::testing::expect_damage_refused;
using esimtwin::testing::expect_resumes_exactly;
using esimtwin::testing::have_h5py;
using esimtwin::testing::run_esimtwin;
using esimtwin::testing::temp_path;
using esimtwin::testing::write_temp;

const char* kScenario = "scenarios/apps/payment-terminals.yaml --devices 200";

using Apdu = esimtwin::testing::ApduRow;

// EF.IMSI's contents as READ BINARY answers them (TS 31.102 §4.2.2), SW 9000.
std::vector<std::uint8_t> imsi_answer(const std::string& imsi) {
  cardcore::Bytes b = cardcore::encode_imsi(imsi);
  b.insert(b.end(), {0x90, 0x00});
  return b;
}

std::string python_output(const std::string& script, const std::string& args) {
  const std::string path = write_temp("payment-check.py", script);
  std::string out;
  FILE* p = popen(("/usr/bin/python3 " + path + " " + args).c_str(), "r");
  if (!p) return out;
  char buf[256];
  while (fgets(buf, sizeof buf, p)) out += buf;
  pclose(p);
  return out;
}

// Per device of the run file: power_off rows, the chips' audit actions with
// "number migration" in their detail or NumberMigrate, OneLink's usage
// alerts; one line each, in device order.
const char* kRunFileCheck = R"(
import h5py, sys
f = h5py.File(sys.argv[1], 'r')
kinds = [k.decode() if isinstance(k, bytes) else k for k in f['events/kind'].attrs['kinds']]
kind, device = f['events/kind'][()], f['events/device'][()]
for name in ('power_off', 'onelink_usage_alert'):
    print(name, sorted(set(int(d) for d, k in zip(device, kind) if kinds[k] == name)))
a = f['chip_audit']
moved = sorted(int(d) for d, x in zip(a['device'][()], a['action'][()]) if x == b'NumberMigrate')
taken = sorted(int(d) for d, x in zip(a['device'][()], a['detail'][()]) if x.startswith(b'number migration from chip'))
print('NumberMigrate', moved)
print('OtaWrite from', taken)
)";

TEST(PaymentMigration, ReplacementsTakeTheFailedTerminalsNumbersAndTheirBindings) {
  const std::string out = temp_path("payment.h5");
  const auto r = run_esimtwin(std::string("run ") + kScenario + " --no-progress --trace-device 0 --trace-device 10 -o " + out);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(r.out.find("FAIL"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("migration.done                       10"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("chip.numbers_migrated                10"), std::string::npos) << r.out;

  // Device 10 (replacement 0) reads its own number at power-up (3 h on),
  // gets the ENVELOPE (SMS-PP download, TS 31.111 §7.1.1: tag D1), fetches
  // the REFRESH (UICC reset, TS 102 223 §6.6.13: 81 03 01 01 04), and reads
  // device 0's number back; device 0 (failed) says nothing once off.
  const std::vector<std::uint8_t> own = imsi_answer("460040000000010"), taken = imsi_answer("460040000000000");
  const std::vector<std::uint8_t> refresh = {0x81, 0x03, 0x01, 0x01, 0x04};
  double own_at = -1, envelope_at = -1, refresh_at = -1, taken_at = -1, failed_last = -1;
  for (const Apdu& a : esimtwin::testing::read_apdu_rows(out)) {
    if (a.device == 0) {
      failed_last = a.t;
      continue;
    }
    // The scenario traces device 100 too (at full scale replacement 0; here
    // a terminal that keeps working).
    if (a.device != 10) continue;
    if (a.direction == 0 && a.bytes.size() > 5 && a.bytes[1] == 0xC2 && a.bytes[5] == 0xD1 && envelope_at < 0)
      envelope_at = a.t;
    if (a.direction != 1) continue;
    if (a.bytes == own && own_at < 0) own_at = a.t;
    if (std::search(a.bytes.begin(), a.bytes.end(), refresh.begin(), refresh.end()) != a.bytes.end() && refresh_at < 0)
      refresh_at = a.t;
    if (a.bytes == taken && taken_at < 0) taken_at = a.t;
  }
  EXPECT_GE(own_at, 3 * 3600.0);
  EXPECT_GT(envelope_at, own_at);
  EXPECT_GE(refresh_at, envelope_at);
  EXPECT_GE(taken_at, refresh_at);
  EXPECT_GT(failed_last, 0);
  EXPECT_LT(failed_last, 2.5 * 3600);  // switched off between 2 h and 2 h 30

  if (!have_h5py()) GTEST_SKIP() << "python3-h5py is not installed";
  EXPECT_EQ(python_output(kRunFileCheck, out),
            "power_off [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]\n"
            "onelink_usage_alert [10, 11, 12, 13, 14, 15, 16, 17, 18, 19]\n"
            "NumberMigrate [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]\n"
            "OtaWrite from [10, 11, 12, 13, 14, 15, 16, 17, 18, 19]\n");
}

// In the middle of the migrations (3 h 36 min 40 s: some done, some
// waiting in the SMSC): OneLink's numbers moved (OLRN 8), the chips'
// registry with replaced chips and the write module's orders are saved;
// the resumed run goes on exactly. The same checkpoint as OLRN 7 is refused.
TEST(PaymentMigration, ACheckpointAmidTheMigrationsResumesExactly) {
  if (!have_h5py()) GTEST_SKIP() << "python3-h5py is not installed";
  expect_resumes_exactly(kScenario, {"13000s"}, "migration.done                       10",
                         {"migration.", "chip.", "onelink."});
  const std::string ck = temp_path("payment-ck.h5");
  ASSERT_EQ(run_esimtwin(std::string("run ") + kScenario + " --no-progress -o " + temp_path("payment-a.h5") +
                         " --checkpoint-at 13000s --checkpoint " + ck)
                .exit_code,
            0);
  expect_damage_refused(ck, "onelink-run-version-7", "OneLink run state: version 7 is not the version this model reads (9)");
}

// Scaling rounds every population but the last down on its own: with the
// replacements last, 13 devices leave 5 failed terminals and 6 replacements.
TEST(PaymentMigration, ScalingThatLeavesUnequalCountsIsRefused) {
  const std::string scenario = write_temp(
      "migration-last.yaml",
      "general: {stop: 6h}\n"
      "populations:\n"
      "  - {name: failing, count: 10, device_model: modem}\n"
      "  - {name: other, count: 5, device_model: modem}\n"
      "  - {name: new, count: 10, device_model: modem, start: {at: 3h}}\n"
      "campaigns:\n"
      "  - {name: move, kind: write-card, population: new, numbers_from: failing, at: 3h}\n"
      "faults:\n"
      "  - {at: 2h, target: population:failing, action: power-off}\n");
  const auto r = run_esimtwin("run " + scenario + " --devices 13 --no-progress -o " + temp_path("migration-last.h5"));
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.out.find("migration-last.yaml:7:67: campaigns[0].numbers_from: with 13 devices population 'new' has 6 "
                       "and population 'failing' 5: a number migration needs equal counts (choose another --devices)"),
            std::string::npos)
      << r.out;
}

}  // namespace test_payment_migration
