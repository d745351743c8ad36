// GSMTAP traces in pcap files (sim/twinsim/pcap/, docs/INTEROP.md): the
// GSMTAP header, the SMS over NAS and the pcap framing against bytes
// assembled by hand from the specifications; `esimtwin pcap` and `esimtwin
// run --pcap` decoded by tshark (Debian's tshark, from
// scripts/install-deps.sh) with no malformed packet and no expert
// warning, the ENVELOPE's SMS-PP download and the NAS SMS decoded as SMS;
// every refusal with exit code 2.
#include <gtest/gtest.h>
#include <hdf5.h>

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "esimtwin_process.hpp"
#include "twinsim/pcap/gsmtap.hpp"
#include "twinsim/pcap/gsmtap_trace.hpp"
#include "twinsim/pcap/nas_sms.hpp"
#include "twinsim/pcap/pcap_file.hpp"
#include "twinsim/recorder/run_file.hpp"

namespace test_pcap_command {

using Bytes = std::vector<std::uint8_t>;
using esimtwin::testing::run_esimtwin;
using esimtwin::testing::temp_path;

Bytes file_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return Bytes((std::istreambuf_iterator<char>(in)), {});
}

TEST(Gsmtap, HeaderIsVersion2WithTypeSubTypeAndUplinkFlag) {
  const Bytes p = twinsim::pcap::gsmtap_packet(twinsim::pcap::kGsmtapTypeSim, twinsim::pcap::kGsmtapSimAtr, true,
                                               Bytes{0x3B, 0x9F});
  const Bytes expected{0x02, 0x04, 0x04, 0x00, 0x40, 0x00, 0x00, 0x00, 0x00, 0x00,
                       0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x3B, 0x9F};
  EXPECT_EQ(p, expected);
}

TEST(NasSms, DownlinkRpDataInCpDataInDownlinkNasTransport) {
  const cardcore::sms::Address sc{cardcore::sms::TypeOfNumber::International, cardcore::sms::NumberingPlan::Isdn,
                                  "8613800100500"};
  // TS 24.301 §8.2.12 (07 62, container LV), TS 24.011 §7.2.1 (09 01, LV),
  // §7.3.1 (01, reference 0, originator 08 91 68 31 08 10 00 05 F0,
  // destination 00, user data 02 04 00).
  const Bytes expected{0x07, 0x62, 0x12, 0x09, 0x01, 0x0F, 0x01, 0x00, 0x08, 0x91, 0x68, 0x31,
                       0x08, 0x10, 0x00, 0x05, 0xF0, 0x00, 0x02, 0x04, 0x00};
  EXPECT_EQ(twinsim::pcap::downlink_sms(sc, Bytes{0x04, 0x00}, 0), expected);
  // Uplink: RP-DATA MS to network (00), no originator, the SC as destination.
  const Bytes up = twinsim::pcap::uplink_sms(sc, Bytes{0x01, 0x00}, 7);
  const Bytes expected_up{0x07, 0x63, 0x12, 0x09, 0x01, 0x0F, 0x00, 0x07, 0x00, 0x08, 0x91, 0x68,
                          0x31, 0x08, 0x10, 0x00, 0x05, 0xF0, 0x02, 0x01, 0x00};
  EXPECT_EQ(up, expected_up);
}

TEST(NasSms, RpAckAndRpErrorCarryTheDeliverReport) {
  // §7.3.3: RP-ACK MS to network (02), reference, RP-User data IEI 41; the
  // CP-DATA's TI flag set: the network opened the transaction.
  EXPECT_EQ(twinsim::pcap::uplink_rp_ack(5, Bytes{0x00, 0x00}),
            (Bytes{0x07, 0x63, 0x09, 0x89, 0x01, 0x06, 0x02, 0x05, 0x41, 0x02, 0x00, 0x00}));
  EXPECT_EQ(twinsim::pcap::uplink_rp_ack(5, Bytes{}), (Bytes{0x07, 0x63, 0x05, 0x89, 0x01, 0x02, 0x02, 0x05}));
  // §7.3.4: RP-ERROR (04), reference, RP-Cause LV (111), user data.
  EXPECT_EQ(twinsim::pcap::uplink_rp_error(5, 111, Bytes{0x00}),
            (Bytes{0x07, 0x63, 0x0A, 0x89, 0x01, 0x07, 0x04, 0x05, 0x01, 0x6F, 0x41, 0x01, 0x00}));
}

TEST(PcapFile, RecordsAreEthernetIpv4UdpWithValidChecksums) {
  const std::string path = temp_path("one.pcap");
  twinsim::pcap::PcapFile f(path);
  const Bytes payload{1, 2, 3};
  f.write_udp(12.5, 0x0A000001, 0x0AFFFFFE, 4729, 4729, payload);
  f.close();
  const Bytes b = file_bytes(path);
  ASSERT_EQ(b.size(), 24u + 16 + 14 + 20 + 8 + 3);
  EXPECT_EQ((Bytes{b[0], b[1], b[2], b[3]}), (Bytes{0xD4, 0xC3, 0xB2, 0xA1}));  // microseconds, little-endian
  EXPECT_EQ(b[20], twinsim::pcap::kLinkTypeEthernet);
  EXPECT_EQ((Bytes{b[24], b[25], b[26], b[27]}), (Bytes{12, 0, 0, 0}));        // 12 s
  EXPECT_EQ((Bytes{b[28], b[29], b[30]}), (Bytes{0x20, 0xA1, 0x07}));          // 500 000 µs
  const std::span<const std::uint8_t> ip(b.data() + 24 + 16 + 14, 20);
  EXPECT_EQ(ip[0], 0x45);
  EXPECT_EQ(twinsim::pcap::ones_complement_sum(ip), 0xFFFF);  // RFC 1071: a valid header sums to all ones
  const std::span<const std::uint8_t> udp(b.data() + 24 + 16 + 14 + 20, 11);
  const std::uint32_t pseudo = 0x0A00 + 0x0001 + 0x0AFF + 0xFFFE + 17 + 11;
  EXPECT_EQ(twinsim::pcap::ones_complement_sum(udp, pseudo), 0xFFFF);
}

// --- tshark on the files esimtwin writes

// The packets of `pcap` that tshark's display filter `filter` matches.
int tshark_count(const std::string& pcap, const std::string& filter) {
  const std::string out = temp_path("tshark.txt");
  const std::string cmd = "tshark -r " + pcap + " -Y '" + filter + "' > " + out + " 2>/dev/null";
  if (std::system(cmd.c_str()) != 0) return -1;
  int lines = 0;
  std::ifstream in(out);
  for (std::string line; std::getline(in, line);) ++lines;
  return lines;
}

bool have_tshark() { return std::system("tshark --version > /dev/null 2>&1") == 0; }

const char* const kProblems = "_ws.malformed || _ws.expert || gsm_a.rp.extraneous_data";

// The SMSC outage incident at 50 devices (meter 7 traced by the scenario).
// Its expectations are the 300 devices': it exits 1.
std::string outage_run(const std::string& extra) {
  return esimtwin::testing::shared_run("scenarios/incidents/smsc-outage-mid-campaign.yaml --devices 50 --no-progress " + extra, 1);
}

TEST(PcapCommand, ARunFilesApdusDecodeAsGsmSimWithTheSmsPpDownload) {
  ASSERT_TRUE(have_tshark()) << "tshark is missing: run scripts/install-deps.sh";
  const std::string run = outage_run("--trace-device 5");
  const std::string pcap = temp_path("outage.pcap");
  const auto r = run_esimtwin("pcap " + run + " -o " + pcap + " --device 7");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  std::size_t responses = 0;
  for (const auto& a : twinsim::read_apdu_trace(run)) responses += a.device == 7 && a.direction == 1;
  EXPECT_NE(r.out.find(std::to_string(responses) + " GSMTAP SIM packets"), std::string::npos) << r.out;
  EXPECT_EQ(tshark_count(pcap, "gsm_sim"), static_cast<int>(responses));
  EXPECT_EQ(tshark_count(pcap, "ip.src == 10.0.0.8"), static_cast<int>(responses));  // device 7
  EXPECT_EQ(tshark_count(pcap, kProblems), 0);
  EXPECT_EQ(tshark_count(pcap, "gsm_sim.apdu.ins == 0xa4"), tshark_count(pcap, "gsm_sim.apdu.ins == 0xa4 && gsm_sim.file_id || gsm_sim.apdu.ins == 0xa4 && gsm_sim.aid"));
  // The renumbering's SMS-PP download: an ENVELOPE holding an SMS-DELIVER.
  EXPECT_GE(tshark_count(pcap, "gsm_sim.apdu.ins == 0xc2 && gsm_sms.tp-mti == 0"), 1);
  EXPECT_GE(tshark_count(pcap, "gsm_sim.apdu.ins == 0x12"), 1);  // FETCH of its REFRESH
}

TEST(PcapCommand, RunWritesTheSmsAsNasTransportsBothWays) {
  ASSERT_TRUE(have_tshark()) << "tshark is missing: run scripts/install-deps.sh";
  const std::string pcap = temp_path("run.pcap");
  // A run of its own: the capture is this process's file.
  const auto r = esimtwin::testing::run_esimtwin("run scenarios/incidents/smsc-outage-mid-campaign.yaml --devices 50 "
                                                 "--no-progress -o " + temp_path("pcap-outage-run.h5") + " --pcap " + pcap);
  EXPECT_EQ(r.exit_code, 1) << r.out;  // the expectations are the 300 devices'

  EXPECT_EQ(tshark_count(pcap, kProblems), 0);
  // The MT SMS of the campaign: a DOWNLINK NAS TRANSPORT with RP-DATA and an
  // SMS-DELIVER, each answered by an RP-ACK in an UPLINK NAS TRANSPORT.
  const int delivered = tshark_count(pcap, "nas_eps.nas_msg_emm_type == 0x62 && gsm_a.rp.msg_type == 0x01 && gsm_sms");
  EXPECT_GE(delivered, 1);
  EXPECT_EQ(tshark_count(pcap, "nas_eps.nas_msg_emm_type == 0x63 && gsm_a.rp.msg_type == 0x02"), delivered);
  EXPECT_EQ(tshark_count(pcap, "gsmtap.uplink == 1"), delivered);
  // The same APDUs as the run file's, paired.
  EXPECT_GE(tshark_count(pcap, "gsm_sim.apdu.ins == 0xc2 && gsm_sms"), delivered);
}

TEST(PcapCommand, AnEuiccsNotificationIsAnUplinkRpData) {
  ASSERT_TRUE(have_tshark()) << "tshark is missing: run scripts/install-deps.sh";
  const std::string pcap = temp_path("rollback.pcap");
  const auto r = esimtwin::testing::run_esimtwin("run scenarios/incidents/profile-enable-no-connectivity.yaml --no-progress "
                                                 "--trace-device 3 -o " + temp_path("pcap-rollback.h5") + " --pcap " + pcap);
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(tshark_count(pcap, kProblems), 0);
  // Device 3's eUICC notification (SGP.02 §4.1.1.11) goes to the SM-SR as
  // an MO SMS: RP-DATA MS to network with an SMS-SUBMIT.
  EXPECT_GE(tshark_count(pcap, "gsm_a.rp.msg_type == 0x00 && gsm_sms.tp-mti == 1"), 1);
}

TEST(PcapCommand, RefusesBadInputWithExitCode2) {
  const std::string run = outage_run("--trace-device 5");
  esimtwin::testing::expect_refusals({
      {"pcap /nonexistent/run.h5 -o " + temp_path("x.pcap"), "no such file"},
      {"pcap " + run + " -o " + temp_path("x.pcap") + " --device 3", "device 3 is not traced; traced: 5, 7"},
      {"pcap " + run + " -o /nonexistent/dir/x.pcap", "/nonexistent/dir/x.pcap: cannot create the pcap file"},
      {"run scenarios/attach-100k.yaml --devices 10 --no-progress -o " + temp_path("s.h5") + " --pcap " +
           temp_path("s.pcap"),
       "no device is traced (add --trace-device N, or the scenario's trace)"},
      {"run scenarios/incidents/smsc-outage-mid-campaign.yaml --devices 50 --no-progress -o " + temp_path("s.h5") +
           " --pcap /nonexistent/dir/s.pcap",
       "/nonexistent/dir/s.pcap: cannot create the pcap file"},
  });
}

// Every command that reads a run file refuses a valid HDF5 file that is not
// one, and a truncated run file, with exit code 2 and the reason.
TEST(RunFileReaders, RefuseForeignAndTruncatedFiles) {
  const std::string foreign = temp_path("foreign.h5");
  const hid_t f = H5Fcreate(foreign.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
  ASSERT_GE(f, 0);
  H5Gclose(H5Gcreate2(f, "measurements", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT));
  H5Fclose(f);
  const Bytes run = file_bytes(outage_run("--trace-device 5"));
  const std::string cut = temp_path("cut.h5");
  std::ofstream(cut, std::ios::binary).write(reinterpret_cast<const char*>(run.data()),
                                             static_cast<std::streamsize>(run.size() / 2));
  const std::vector<std::string> commands{"report %", "apdus % --device 7", "pcap % -o " + temp_path("r.pcap"),
                                         "view % --screenshot " + temp_path("r.png"), "wear %"};
  std::vector<std::pair<std::string, std::string>> cases;
  for (const std::string& command : commands)
    for (const auto& [file, message] : {std::pair{foreign, std::string("not an esimtwin run file")},
                                        std::pair{cut, std::string("truncated or damaged")}}) {
      std::string args = command;
      cases.emplace_back(args.replace(args.find('%'), 1, file), message);
    }
  esimtwin::testing::expect_refusals(cases);
}


}  // namespace test_pcap_command
