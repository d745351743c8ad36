// The field incidents QA replays (scenarios/incidents/, docs/INCIDENTS.md),
// each through the esimtwin binary as shipped: it meets its expectations,
// shows its symptom in /events and /platforms beyond them, and the traced
// device's APDUs in /apdu show it on the card; two runs of each give the
// same run file (tests/tools/run_file_digest.py); a checkpoint taken in the
// SMSC's outage resumes exactly.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "esimtwin_process.hpp"
#include "run_file_rows.hpp"
#include "twinsim/engine/event_kinds.hpp"

namespace test_incident_scenarios_a {

using esimtwin::testing::ApduRow;
using esimtwin::testing::EventRow;
using esimtwin::testing::have_h5py;
using esimtwin::testing::run_esimtwin;
using esimtwin::testing::temp_path;
using twinsim::EventKind;

std::uint8_t k(EventKind e) { return static_cast<std::uint8_t>(e); }

// Runs scenarios/incidents/<name>.yaml into a temporary run file; its path.
std::string run_incident(const std::string& name) {
  const std::string out = temp_path(name + ".h5");
  const auto r = run_esimtwin("run scenarios/incidents/" + name + ".yaml --no-progress -o " + out);
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(r.out.find("FAIL"), std::string::npos) << r.out;
  return out;
}

std::vector<EventRow> of(const std::vector<EventRow>& rows, std::uint8_t kind, std::int64_t device = -1) {
  std::vector<EventRow> out;
  for (const EventRow& e : rows)
    if (e.kind == kind && (device < 0 || e.device == device)) out.push_back(e);
  return out;
}

// An SMS-PP data download: ENVELOPE (80 C2) with the SMS-PP download tag D1
// (TS 31.111 §7.1.1.2).
bool sms_pp_envelope(const ApduRow& a) {
  return a.direction == 0 && a.bytes.size() > 5 && a.bytes[0] == 0x80 && a.bytes[1] == 0xC2 && a.bytes[5] == 0xD1;
}

std::vector<ApduRow> apdus_of(const std::vector<ApduRow>& all, std::uint32_t device) {
  std::vector<ApduRow> out;
  for (const ApduRow& a : all)
    if (a.device == device) out.push_back(a);
  return out;
}

// A FETCH's answer holding a REFRESH: proactive command D0 whose command
// details (81 03 number type qualifier) have type 01 (TS 102 223 §6.6.13, §8.6).
bool refresh_fetched(const ApduRow& a) {
  if (a.direction != 1 || a.bytes.size() < 7 || a.bytes[0] != 0xD0) return false;
  for (std::size_t i = 1; i + 3 < a.bytes.size(); ++i)
    if (a.bytes[i] == 0x81 && a.bytes[i + 1] == 0x03 && a.bytes[i + 3] == 0x01) return true;
  return false;
}

// The power loss of `device` at `lost_at` tore the card in an SMS-PP
// download: that ENVELOPE got no answer, the card's next bytes are its ATR
// (3B, the power-up), and the same ENVELOPE came again after it (the
// SMSC's next attempt) and was answered. Returns the index after the
// resent ENVELOPE's exchange in `mine`.
std::size_t expect_torn_envelope_resent(const std::vector<ApduRow>& mine, double lost_at) {
  std::size_t torn = mine.size();
  for (std::size_t i = 0; i < mine.size(); ++i)
    if (mine[i].direction == 0 && mine[i].t == lost_at && mine[i].bytes[0] == 0x80 && mine[i].bytes[1] == 0xC2) torn = i;
  EXPECT_LT(torn, mine.size()) << "no ENVELOPE at the power loss " << lost_at;
  if (torn + 1 >= mine.size()) return mine.size();
  const ApduRow& next = mine[torn + 1];
  EXPECT_EQ(next.direction, 1);
  EXPECT_EQ(next.bytes.at(0), 0x3B) << "the ATR of the power-up, not an answer";
  EXPECT_GT(next.t, lost_at);
  std::size_t again = torn + 1;
  while (again < mine.size() && !(mine[again].direction == 0 && mine[again].bytes == mine[torn].bytes)) ++again;
  EXPECT_LT(again + 1, mine.size()) << "the torn ENVELOPE was not sent again";
  if (again + 1 >= mine.size()) return mine.size();
  EXPECT_EQ(mine[again + 1].direction, 1);
  EXPECT_NE(mine[again + 1].bytes.at(0), 0x3B) << "answered this time";
  return again + 2;
}

// The SMSC down from 24 to 50 min in a write-card campaign to PSM meters.
TEST(IncidentScenariosA, SmscOutageStopsDeliveriesAndTheWritesLandAfterIt) {
  const std::string out = run_incident("smsc-outage-mid-campaign");
  const double down = 24 * 60, up = 50 * 60;
  const std::vector<EventRow> rows = esimtwin::testing::read_event_rows(out);
  // No attempt in the outage; every expiry in it (the messages that
  // waited there); the write module's retries, 5 min after each expiry,
  // taken and stored while it lasts.
  const std::vector<EventRow> attempts = of(rows, k(EventKind::SmsAttempt));
  EXPECT_TRUE(std::none_of(attempts.begin(), attempts.end(), [&](const EventRow& e) { return e.t >= down && e.t < up; }));
  EXPECT_TRUE(std::any_of(attempts.begin(), attempts.end(), [&](const EventRow& e) { return e.t == up; }))
      << "the store drains at the outage's end";
  const std::vector<EventRow> expired = of(rows, k(EventKind::SmsExpired));
  ASSERT_EQ(expired.size(), 196u);
  for (const EventRow& e : expired) EXPECT_TRUE(e.t > down && e.t < up) << e.t;
  const std::vector<EventRow> submitted = of(rows, k(EventKind::SmsSubmitted));
  const auto retried_in_outage =
      std::count_if(expired.begin(), expired.end(), [&](const EventRow& e) { return e.t + 5 * 60 < up; });
  EXPECT_GT(retried_in_outage, 0);
  EXPECT_EQ(std::count_if(submitted.begin(), submitted.end(), [&](const EventRow& e) { return e.t >= down && e.t < up; }),
            retried_in_outage);
  EXPECT_EQ(std::count_if(submitted.begin(), submitted.end(), [&](const EventRow& e) { return e.t >= down; }), 196);
  // Meter 7 woke in the outage (no attempt then), its message expired, and
  // the second one reached it at its next TAU after the outage.
  const std::vector<EventRow> wakes = of(rows, k(EventKind::Wake), 7);
  EXPECT_TRUE(std::any_of(wakes.begin(), wakes.end(), [&](const EventRow& e) { return e.t > down && e.t < up; }));
  ASSERT_EQ(of(rows, k(EventKind::SmsExpired), 7).size(), 1u);
  const std::vector<EventRow> delivered = of(rows, k(EventKind::SmsDelivered), 7);
  ASSERT_EQ(delivered.size(), 1u);
  EXPECT_GT(delivered[0].t, up);
  // On its card: one SMS-PP download, after the outage, then the REFRESH
  // that makes the modem read its new IMSI.
  const std::vector<ApduRow> mine = apdus_of(esimtwin::testing::read_apdu_rows(out), 7);
  std::vector<double> downloads;
  for (const ApduRow& a : mine)
    if (sms_pp_envelope(a)) downloads.push_back(a.t);
  ASSERT_EQ(downloads.size(), 1u);
  EXPECT_GT(downloads[0], up);
  EXPECT_TRUE(std::any_of(mine.begin(), mine.end(), [&](const ApduRow& a) { return a.t >= downloads[0] && refresh_fetched(a); }));
}

TEST(IncidentScenariosA, ACheckpointInTheSmscOutageResumesExactly) {
  if (!have_h5py()) GTEST_SKIP() << "python3-h5py is not installed";
  // At 35 min: messages stored and waiting for the outage's end, the
  // write module's retries due.
  esimtwin::testing::expect_resumes_exactly("scenarios/incidents/smsc-outage-mid-campaign.yaml", {"35min"},
                                            "ok   ota.done == 300 (got 300)", {"sms.", "ota."});
}

// Three trackers' eUICCs torn in the middle of their profile downloads.
TEST(IncidentScenariosA, PowerCutDuringDownloadTearsTheEuiccAndOneOrderFails) {
  const std::string out = run_incident("power-cut-during-download");
  const std::vector<EventRow> rows = esimtwin::testing::read_event_rows(out);
  const std::vector<ApduRow> apdus = esimtwin::testing::read_apdu_rows(out);
  const std::uint8_t done = twinsim::smdp_event_kind(twinsim::SmDpEvent::Done);
  const std::uint8_t failed = twinsim::smdp_event_kind(twinsim::SmDpEvent::Failed);
  // Faults 0, 1, 2 on trackers 12, 48, 18: each torn once, in its download.
  const std::uint32_t torn[] = {12, 48, 18};
  for (std::size_t i = 0; i < 3; ++i) {
    SCOPED_TRACE(torn[i]);
    const std::vector<EventRow> losses = of(rows, k(EventKind::PowerLoss), torn[i]);
    ASSERT_EQ(losses.size(), 1u);
    EXPECT_EQ(losses[0].value, static_cast<std::int64_t>(i));
    const std::vector<ApduRow> mine = apdus_of(apdus, torn[i]);
    const std::size_t after = expect_torn_envelope_resent(mine, losses[0].t);
    const std::size_t downloads_after = static_cast<std::size_t>(
        std::count_if(mine.begin() + static_cast<std::ptrdiff_t>(std::min(after, mine.size())), mine.end(), sms_pp_envelope));
    if (torn[i] == 48) {
      // Its order failed: one more SMS (ES3.DeleteISDP), no REFRESH, and
      // nothing more from the SM-DP.
      ASSERT_EQ(of(rows, failed, 48).size(), 1u);
      EXPECT_TRUE(of(rows, done, 48).empty());
      EXPECT_EQ(downloads_after, 1u);
      EXPECT_TRUE(std::none_of(mine.begin(), mine.end(), refresh_fetched));
    } else {
      const std::vector<EventRow> d = of(rows, done, torn[i]);
      ASSERT_EQ(d.size(), 1u);
      EXPECT_GT(d[0].t, losses[0].t);
      EXPECT_TRUE(std::any_of(mine.begin(), mine.end(), [&](const ApduRow& a) { return a.t > losses[0].t && refresh_fetched(a); }));
    }
  }
  EXPECT_EQ(of(rows, failed).size(), 1u);
  EXPECT_EQ(of(rows, done).size(), 59u);
}

// China Mobile's SM-SR down from 32 to 47 min in an SM-SR change campaign.
TEST(IncidentScenariosA, SmsrHandoverInterruptedLeavesTheRestWithTheOldSmSr) {
  const std::string out = run_incident("smsr-handover-interrupted");
  const double down = 32 * 60, up = 47 * 60;
  const std::vector<EventRow> rows = esimtwin::testing::read_event_rows(out);
  const std::uint8_t done_kind = twinsim::smsr_event_kind(twinsim::SmSrEvent::Done);
  const std::uint8_t expired_kind = twinsim::smsr_event_kind(twinsim::SmSrEvent::Expired);
  const std::vector<EventRow> done = of(rows, done_kind);
  const std::vector<EventRow> expired = of(rows, expired_kind);
  ASSERT_EQ(done.size(), 44u);
  ASSERT_EQ(expired.size(), 76u);
  for (const EventRow& e : done) EXPECT_LT(e.t, down);
  for (const EventRow& e : expired) EXPECT_TRUE(e.t >= down && e.t < up) << e.t;
  // The current SM-SR's server refused the ES7 scripts, in the outage only.
  std::uint64_t refused = 0;
  for (const esimtwin::testing::PlatformSample& p : esimtwin::testing::read_platform_rejections(out, "sm-sr-cmcc")) {
    if (p.rejected > 0) {
      EXPECT_TRUE(p.t > down && p.t <= up + 60) << p.t;
    }
    refused += p.rejected;
  }
  EXPECT_EQ(refused, 76u);
  // Tracker 2's change expired after the first of its SMS; tracker 7's
  // took all five (seven ENVELOPEs).
  ASSERT_EQ(of(rows, expired_kind, 2).size(), 1u);
  ASSERT_EQ(of(rows, done_kind, 7).size(), 1u);
  const std::vector<ApduRow> apdus = esimtwin::testing::read_apdu_rows(out);
  auto downloads = [&](std::uint32_t device) {
    const std::vector<ApduRow> mine = apdus_of(apdus, device);
    return std::count_if(mine.begin(), mine.end(), sms_pp_envelope);
  };
  EXPECT_EQ(downloads(2), 1);
  EXPECT_EQ(downloads(7), 7);
}

TEST(IncidentScenariosA, EachIncidentRunsTheSameTwice) {
  if (!have_h5py()) GTEST_SKIP() << "python3-h5py is not installed";
  for (const char* name : {"smsc-outage-mid-campaign", "power-cut-during-download", "smsr-handover-interrupted"}) {
    SCOPED_TRACE(name);
    const std::string a = temp_path(std::string(name) + "-a.h5"), b = temp_path(std::string(name) + "-b.h5");
    for (const std::string& out : {a, b})
      ASSERT_EQ(run_esimtwin("run scenarios/incidents/" + std::string(name) + ".yaml --no-progress -o " + out).exit_code, 0);
    const std::string da = esimtwin::testing::run_file_digest(a);
    EXPECT_EQ(da.size(), 65u) << da;  // 64 hex digits and a newline
    EXPECT_EQ(da, esimtwin::testing::run_file_digest(b));
  }
}

}  // namespace test_incident_scenarios_a
