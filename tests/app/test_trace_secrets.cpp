// The secrets of traced cards in the run file's /apdu and the GSMTAP trace
// (docs/RELIABILITY.md, "Key material in the twin's output"): by default
// AUTHENTICATE's CK and IK are masked and RES stays; with
// `trace: {secrets: clear}` they are the card's, as Milenage computes them
// from the subscriber's K and OPc (which shows the masked bytes were keys).
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <string>
#include <vector>

#include "cardcore/auth/milenage.hpp"
#include "esimtwin_process.hpp"
#include "run_file_rows.hpp"
#include "twinmodels/network/subscriber_keys.hpp"

namespace test_trace_secrets {

using esimtwin::testing::ApduRow;
using esimtwin::testing::run_esimtwin;
using esimtwin::testing::temp_path;
using esimtwin::testing::write_temp;

constexpr std::uint64_t kSeed = 77;
constexpr std::uint32_t kTraced = 2;

// Runs 4 meters with meter 2 traced; its APDUs.
std::vector<ApduRow> traced_apdus(const std::string& secrets, const std::string& pcap = "") {
  const std::string scenario = write_temp(
      "secrets" + secrets + ".yaml",
      "general: {name: secrets, seed: " + std::to_string(kSeed) +
          ", stop: 10min}\n"
          "populations:\n  - {name: meters, count: 4, start: {profile: uniform, at: 0s, over: 10s}, "
          "activity: {period: 2min, jitter: 10s}}\n"
          "trace: {devices: [" +
          std::to_string(kTraced) + "]" + (secrets.empty() ? "" : ", secrets: " + secrets) + "}\n");
  const std::string out = temp_path("secrets" + secrets + ".h5");
  const auto r = run_esimtwin("run " + scenario + " --no-progress -o " + out + (pcap.empty() ? "" : " --pcap " + pcap));
  EXPECT_EQ(r.exit_code, 0) << r.out;
  std::vector<ApduRow> mine;
  for (ApduRow& a : esimtwin::testing::read_apdu_rows(out))
    if (a.device == kTraced) mine.push_back(std::move(a));
  return mine;
}

struct Authentication {
  std::vector<std::uint8_t> rand, answer;  // the answer: 'DB' L RES L CK L IK ... SW
};

// AUTHENTICATE in the 3G context (00 88 00 81, TS 31.102 §7.1.2) and its answer.
std::vector<Authentication> authentications(const std::vector<ApduRow>& a) {
  std::vector<Authentication> out;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const std::vector<std::uint8_t>& c = a[i].bytes;
    if (a[i].direction != 0 || c.size() < 22 || c[1] != 0x88 || c[3] != 0x81) continue;
    out.push_back({std::vector<std::uint8_t>(c.begin() + 6, c.begin() + 22), esimtwin::testing::answer_to(a, i)});
  }
  return out;
}

// RES, CK and IK of an answer 'DB' 08 RES 10 CK 10 IK ... (TS 31.102 §7.1.2.1).
void expect_answer(const Authentication& x, bool keys_clear) {
  ASSERT_GE(x.answer.size(), 1u + 9 + 17 + 17 + 2);
  ASSERT_EQ(x.answer[0], 0xDB);
  const twinmodels::SubscriberKeys k = twinmodels::derive_subscriber_keys(kSeed, kTraced);
  const cardcore::MilenageF2345 f = cardcore::Milenage(k.k.data(), k.opc.data()).f2345(x.rand.data());
  const auto at = [&](std::size_t from, std::size_t n) {
    return std::vector<std::uint8_t>(x.answer.begin() + static_cast<std::ptrdiff_t>(from),
                                     x.answer.begin() + static_cast<std::ptrdiff_t>(from + n));
  };
  EXPECT_EQ(at(2, 8), std::vector<std::uint8_t>(f.res.begin(), f.res.end()));  // RES stays
  const std::vector<std::uint8_t> zeros(16, 0);
  EXPECT_EQ(at(11, 16), keys_clear ? std::vector<std::uint8_t>(f.ck.begin(), f.ck.end()) : zeros);
  EXPECT_EQ(at(28, 16), keys_clear ? std::vector<std::uint8_t>(f.ik.begin(), f.ik.end()) : zeros);
}

TEST(TraceSecrets, CkAndIkAreMaskedByDefaultInTheRunFileAndThePcap) {
  const std::string pcap = temp_path("secrets.pcap");
  const std::vector<Authentication> seen = authentications(traced_apdus("", pcap));
  ASSERT_GE(seen.size(), 2u);  // the attach and an activity's
  for (const Authentication& x : seen) expect_answer(x, false);
  EXPECT_EQ(authentications(traced_apdus("redact")).size(), seen.size());
  // The pcap carries the same masked bytes: no CK of the card in it.
  std::ifstream in(pcap, std::ios::binary);
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  ASSERT_FALSE(bytes.empty());
  const twinmodels::SubscriberKeys k = twinmodels::derive_subscriber_keys(kSeed, kTraced);
  for (const Authentication& x : seen) {
    const cardcore::MilenageF2345 f = cardcore::Milenage(k.k.data(), k.opc.data()).f2345(x.rand.data());
    EXPECT_EQ(bytes.find(std::string(f.ck.begin(), f.ck.end())), std::string::npos);
    EXPECT_NE(bytes.find(std::string(f.res.begin(), f.res.end())), std::string::npos);
  }
}

TEST(TraceSecrets, WithSecretsClearTheyAreTheCardsKeys) {
  const std::vector<Authentication> seen = authentications(traced_apdus("clear"));
  ASSERT_GE(seen.size(), 2u);
  for (const Authentication& x : seen) expect_answer(x, true);
}

TEST(TraceSecrets, AnUnknownSecretsWordIsRefused) {
  const std::string scenario = write_temp("secrets-bad.yaml",
                                          "general: {name: s, stop: 1min}\npopulations:\n  - {name: m, count: 2}\n"
                                          "trace: {devices: [1], secrets: keep}\n");
  const auto r = run_esimtwin("run " + scenario + " --no-progress -o " + temp_path("secrets-bad.h5"));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find(":4:32: trace.secrets: unknown trace secrets 'keep' (allowed: redact, clear)"), std::string::npos)
      << r.out;
}

}  // namespace test_trace_secrets
