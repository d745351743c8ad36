// `esimtwin apdus` (app/apdus_command.hpp): one traced device's APDUs from
// a run file, decoded, as text or as a script `esimtwin card` replays; the
// decodes of app/apdu_decode.hpp on bytes built after the specifications;
// every bad invocation exit code 2 with its reason.
#include <gtest/gtest.h>

#include <cstdint>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

#include "twinanalysis/apdu_decode.hpp"
#include "esimtwin_process.hpp"

namespace test_apdus_command {

using twinanalysis::describe_command;
using twinanalysis::describe_response;
using esimtwin::testing::have_h5py;
using esimtwin::testing::run_esimtwin;
using esimtwin::testing::temp_path;

using Bytes = std::vector<std::uint8_t>;

std::size_t count_of(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

// smoke.yaml (devices 0 and 1 traced) for its first 3 minutes, when its
// 200 meters have attached (its expectations hold), written once.
std::string smoke_run() {
  return esimtwin::testing::shared_run("scenarios/smoke.yaml --no-progress --stop 3min");
}

TEST(ApduDecode, NamesTheCommandsOfTheTerminalInterface) {
  // TS 102 221 §10.1.2 Table 10.5 through card-core's names.
  EXPECT_EQ(describe_command(Bytes{0x00, 0xA4, 0x00, 0x04, 0x02, 0x3F, 0x00}), "SELECT");
  EXPECT_EQ(describe_command(Bytes{0x00, 0xB0, 0x00, 0x00, 0x09}), "READ BINARY");
  EXPECT_EQ(describe_command(Bytes{0x80, 0x12, 0x00, 0x00, 0x0B}), "FETCH");
  EXPECT_EQ(describe_command(Bytes{0x80, 0xE2, 0x91, 0x00, 0x02, 0xBF, 0x2D}), "STORE DATA");
  // §11.1.17: MANAGE CHANNEL's P1 opens or closes.
  EXPECT_EQ(describe_command(Bytes{0x00, 0x70, 0x00, 0x00, 0x01}), "MANAGE CHANNEL (open)");
  EXPECT_EQ(describe_command(Bytes{0x00, 0x70, 0x80, 0x02}), "MANAGE CHANNEL (close channel 2)");
  // GlobalPlatform in a proprietary class.
  EXPECT_EQ(describe_command(Bytes{0x80, 0xE6, 0x0C, 0x00, 0x01, 0x00}), "INSTALL");
  EXPECT_EQ(describe_command(Bytes{0x80, 0x50, 0x00, 0x00, 0x08, 1, 2, 3, 4, 5, 6, 7, 8}), "INITIALIZE UPDATE");
  EXPECT_EQ(describe_command(Bytes{0x00, 0xA4}), "(not an APDU)");
}

TEST(ApduDecode, ReadsTheToolkitsEnvelopesAndTerminalResponses) {
  // TS 102 223 §7.5: an event download of the location status (event list 99 01 03).
  EXPECT_EQ(describe_command(Bytes{0x80, 0xC2, 0x00, 0x00, 0x09, 0xD6, 0x07, 0x99, 0x01, 0x03, 0x82, 0x02, 0x82, 0x81}),
            "ENVELOPE (event download: location status)");
  // TS 31.111 §7.1.1.2: SMS-PP download.
  EXPECT_EQ(describe_command(Bytes{0x80, 0xC2, 0x00, 0x00, 0x06, 0xD1, 0x04, 0x82, 0x02, 0x83, 0x81}),
            "ENVELOPE (SMS-PP download)");
  // §6.8: command details of a REFRESH, result 'performed'.
  EXPECT_EQ(describe_command(Bytes{0x80, 0x14, 0x00, 0x00, 0x0C, 0x81, 0x03, 0x01, 0x01, 0x04, 0x82, 0x02, 0x82,
                                   0x81, 0x83, 0x01, 0x00}),
            "TERMINAL RESPONSE (REFRESH: performed)");
  EXPECT_EQ(describe_command(Bytes{0x80, 0x14, 0x00, 0x00, 0x0C, 0x81, 0x03, 0x01, 0x13, 0x00, 0x82, 0x02, 0x82,
                                   0x81, 0x83, 0x01, 0x35}),
            "TERMINAL RESPONSE (SEND SHORT MESSAGE: SMS RP-ERROR)");
}

TEST(ApduDecode, ReadsTheStatusWordAndTheProactiveCommandAFetchReturns) {
  const Bytes fetch{0x80, 0x12, 0x00, 0x00, 0x0B};
  // §6.6: D0, command details 81 03 01 01 04 (REFRESH, UICC reset).
  EXPECT_EQ(describe_response(fetch, Bytes{0xD0, 0x09, 0x81, 0x03, 0x01, 0x01, 0x04, 0x82, 0x02, 0x81, 0x82, 0x90, 0x00}),
            "REFRESH (UICC reset); normal ending");
  // TS 102 221 §10.2.1.
  const Bytes envelope{0x80, 0xC2, 0x00, 0x00, 0x01, 0xD1};
  EXPECT_EQ(describe_response(envelope, Bytes{0x91, 0x0E}), "normal ending, proactive command pending");
  EXPECT_EQ(describe_response(envelope, Bytes{0x6A, 0x82}), "file not found");
  EXPECT_EQ(describe_response(envelope, Bytes{0x90}), "(no status word)");
}

// A domestic card's exchange at power-up: its ATR, the USIM's selection,
// EF.IMSI read, AUTHENTICATE; as many commands as /apdu holds for it.
TEST(ApdusCommand, PrintsATracedDevicesExchangeDecoded) {
  const auto r = run_esimtwin("apdus " + smoke_run() + " --device 0");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("  < 3B "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("[ATR]"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("  > 00 A4 04 0C 07 A0 00 00 00 87 10 02   [SELECT]"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("[AUTHENTICATE]"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("[normal ending]"), std::string::npos) << r.out;
  if (!have_h5py()) GTEST_SKIP() << "python3-h5py is not installed";
  // The commands of device 0 counted by h5py: each a "  > " line.
  const std::string count = temp_path("apdus-count.txt");
  ASSERT_EQ(std::system(("/usr/bin/python3 -c \"import h5py, sys; a = h5py.File(sys.argv[1])['apdu']; "
                         "print(sum(1 for d, r in zip(a['device'][:], a['direction'][:]) if d == 0 and r == 0))\" " +
                         smoke_run() + " > " + count).c_str()),
            0);
  std::ifstream in(count);
  std::size_t commands = 0;
  in >> commands;
  EXPECT_GT(commands, 3u);
  EXPECT_EQ(count_of(r.out, "  > "), commands) << r.out;
  EXPECT_NE(r.out.find(": " + std::to_string(commands) + " commands"), std::string::npos) << r.out;
}

// --from and --to keep the APDUs between; a window with none prints none.
TEST(ApdusCommand, KeepsTheTimeWindowAsked) {
  const auto all = run_esimtwin("apdus " + smoke_run() + " --device 1");
  ASSERT_EQ(all.exit_code, 0) << all.out;
  const auto none = run_esimtwin("apdus " + smoke_run() + " --device 1 --from 4min");
  ASSERT_EQ(none.exit_code, 0) << none.out;
  EXPECT_EQ(count_of(none.out, "  > "), 0u) << none.out;
  EXPECT_NE(none.out.find(": 0 commands, 0 responses"), std::string::npos) << none.out;
  const auto whole = run_esimtwin("apdus " + smoke_run() + " --device 1 --from 0s --to 3min");
  EXPECT_EQ(whole.out, all.out);
}

// The scriptor form: a reset with the ATR expected at the power-on, each
// command followed by its response expected; `esimtwin card` takes it
// whole (every command run, every expectation checked; the run's card was
// personalized, the replay's is the profile's own, so the IMSI read and
// AUTHENTICATE differ: exit code 1, not 2).
TEST(ApdusCommand, WritesAScriptTheCardCommandReplays) {
  const std::string script = temp_path("apdus-device0.apdu");
  const auto w = run_esimtwin("apdus " + smoke_run() + " --device 0 --format scriptor -o " + script);
  ASSERT_EQ(w.exit_code, 0) << w.out;
  std::ifstream in(script);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_NE(text.find("\nreset\n# expect 3B "), std::string::npos) << text;
  EXPECT_NE(text.find("\n00 A4 04 0C 07 A0 00 00 00 87 10 02\n# expect 90 00\n"), std::string::npos) << text;
  const std::size_t commands = count_of(text, "\n# expect ") - count_of(text, "\nreset\n");
  const auto r = run_esimtwin("card --profile profiles/cmcc-domestic-usim.prof " + script);
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_NE(r.out.find("# " + std::to_string(commands) + " APDUs, " + std::to_string(commands + 1) + " expectations"),
            std::string::npos)
      << r.out;
  // The ATR, the selections and AUTHENTICATE's data match; EF.IMSI's
  // content and AUTHENTICATE's two responses (the keys) do not.
  EXPECT_NE(r.out.find(std::to_string(commands) + " APDUs, " + std::to_string(commands + 1) +
                       " expectations, 3 mismatches"),
            std::string::npos)
      << r.out;
}

// A modem meter of the OTA campaign: the write-card platform's SMS-PP
// download, and the REFRESH the write asks for, fetched.
TEST(ApdusCommand, ShowsAModemsSmsPpDownloadAndRefresh) {
  const std::string out = temp_path("apdus-psm.h5");
  // At 50 meters the scenario's counts of 5000 do not hold: exit code 1.
  const auto r = run_esimtwin("run scenarios/ota-renumber-psm.yaml --no-progress --devices 50 --trace-device 7 -o " + out);
  ASSERT_LE(r.exit_code, 1) << r.out;
  const auto a = run_esimtwin("apdus " + out + " --device 7");
  ASSERT_EQ(a.exit_code, 0) << a.out;
  EXPECT_NE(a.out.find("  > 80 C2 00 00 "), std::string::npos) << a.out;
  EXPECT_NE(a.out.find("[ENVELOPE (SMS-PP download)]"), std::string::npos) << a.out;
  EXPECT_NE(a.out.find("  > 80 12 00 00 0B   [FETCH]"), std::string::npos) << a.out;
  EXPECT_NE(a.out.find("[REFRESH (UICC reset); normal ending]"), std::string::npos) << a.out;
  EXPECT_NE(a.out.find("[TERMINAL PROFILE]"), std::string::npos) << a.out;
}

TEST(ApdusCommand, RefusesWhatIsNoTraceOfTheDevice) {
  // Not an HDF5 file.
  auto r = run_esimtwin("apdus README.md --device 0");
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.out.find("esimtwin apdus: README.md: not an HDF5 file"), std::string::npos) << r.out;
  // A device the run did not trace: the traced ones listed.
  r = run_esimtwin("apdus " + smoke_run() + " --device 5");
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.out.find("device 5 is not traced; traced: 0, 1"), std::string::npos) << r.out;
  // A run that traced none (ota-renumber-psm.yaml has no trace list; its
  // counts do not hold at 5 meters: exit code 1).
  const std::string untraced = temp_path("apdus-untraced.h5");
  ASSERT_LE(run_esimtwin("run scenarios/ota-renumber-psm.yaml --no-progress --devices 5 --stop 1min -o " + untraced)
                .exit_code,
            1);
  r = run_esimtwin("apdus " + untraced + " --device 0");
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.out.find("device 0 is not traced; no device is traced (run with --trace-device N"), std::string::npos)
      << r.out;
  // Bad options.
  r = run_esimtwin("apdus " + smoke_run() + " --device 0 --format pcap");
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.out.find("--format: 'pcap' is not text or scriptor"), std::string::npos) << r.out;
  r = run_esimtwin("apdus " + smoke_run() + " --device 0 --from 60");
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.out.find("--from: "), std::string::npos) << r.out;
  r = run_esimtwin("apdus " + smoke_run() + " --device 0 --from 2min --to 1min");
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.out.find("--from 2min lies after --to 1min"), std::string::npos) << r.out;
  r = run_esimtwin("apdus " + smoke_run() + " --device 0 -o /nonexistent-dir/x.txt");
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.out.find("cannot write /nonexistent-dir/x.txt"), std::string::npos) << r.out;
  // A run file without its /apdu table.
  if (!have_h5py()) GTEST_SKIP() << "python3-h5py is not installed";
  const std::string no_apdu = temp_path("apdus-no-table.h5");
  ASSERT_EQ(std::system(("cp " + smoke_run() + " " + no_apdu + " && /usr/bin/python3 -c \"import h5py, sys; "
                         "f = h5py.File(sys.argv[1], 'r+'); del f['apdu']\" " + no_apdu).c_str()),
            0);
  r = run_esimtwin("apdus " + no_apdu + " --device 0");
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.out.find("esimtwin apdus: " + no_apdu + ": not a complete esimtwin run file (no /apdu)"),
            std::string::npos)
      << r.out;
}


}  // namespace test_apdus_command
