// `esimtwin run --sharded` (sim/twinsim/shard/, docs/SCALING.md "Sharded
// runs"): the devices over 1, 2 and 4 MPI ranks give the same run
// file; the exchange's model (the lookahead added each way); what a sharded
// run does not carry yet is refused with the reason.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <map>
#include <sstream>
#include <string>
#include <variant>

#include "esimtwin_process.hpp"
#include "sharded_modem_scenario.hpp"
#include "twinmodels/platform/function_trace.hpp"

namespace test_sharded_runs {

namespace platform = twinmodels::platform;

using esimtwin::testing::python_output;
using esimtwin::testing::run_esimtwin;
using esimtwin::testing::run_file_digest;
using esimtwin::testing::run_shell;
using esimtwin::testing::sharded_modem_scenario;
using esimtwin::testing::summary_metric;
using esimtwin::testing::summary_metrics;
using esimtwin::testing::temp_path;
using esimtwin::testing::write_temp;

const std::string& kMpirun = esimtwin::testing::kMpirunInSource;

// Runs `scenario` sharded on 1 and then 2 ranks with `side` (an option
// writing a second file: --pcap, --platform-log) and expects the same run
// file, metrics and second file; `check` reads one rank's (run file,
// second file, metrics).
void expect_the_same_on_one_and_two_ranks(
    const std::string& scenario, const std::string& name, const std::string& side,
    const std::function<void(const std::string& out, const std::string& second, const std::string& metrics)>& check) {
  std::string digest, metrics, second;
  for (const int ranks : {1, 2}) {
    const std::string out = temp_path(name + "-" + std::to_string(ranks) + ".h5");
    const std::string file = temp_path(name + "-" + std::to_string(ranks) + ".side");
    const auto r = run_shell(kMpirun + std::to_string(ranks) + " " ESIMTWIN_BINARY " run " + scenario +
                             " --sharded --no-progress " + side + " " + file + " -o " + out);
    ASSERT_EQ(r.exit_code, 0) << ranks << " ranks\n" << r.out;
    std::ifstream f(file, std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
    if (ranks == 1) {
      digest = run_file_digest(out);
      metrics = summary_metrics(r.out);
      second = bytes;
      check(out, file, metrics);
    } else {
      EXPECT_EQ(run_file_digest(out), digest) << ranks << " ranks";
      EXPECT_EQ(summary_metrics(r.out), metrics) << ranks << " ranks";
      EXPECT_EQ(bytes, second) << ranks << " ranks";
    }
    std::filesystem::remove(out);
    std::filesystem::remove(file);
  }
}

// attach-100k at 500 devices for its first 20 minutes: the meters' storm,
// and the trackers' while they power on (over 30 minutes). Kept small: the
// four ranks share two cores with the other test shards.
const std::string kRun = "scenarios/attach-100k.yaml --devices 500 --stop 20min --sharded --no-progress -o ";

TEST(ShardedRuns, OneTwoAndFourRanksWriteTheSameRunFile) {
  const std::string one = temp_path("sharded-1.h5"), two = temp_path("sharded-2.h5"), four = temp_path("sharded-4.h5");
  const auto r1 = run_esimtwin("run " + kRun + one);
  ASSERT_EQ(r1.exit_code, 0) << r1.out;
  const auto r2 = run_shell(kMpirun + "2 " ESIMTWIN_BINARY " run " + kRun + two);
  ASSERT_EQ(r2.exit_code, 0) << r2.out;
  const auto r4 = run_shell(kMpirun + "4 " ESIMTWIN_BINARY " run " + kRun + four);
  ASSERT_EQ(r4.exit_code, 0) << r4.out;
  // Only rank 0 prints the summary.
  EXPECT_EQ(r4.out.find("run attach-100k"), r4.out.rfind("run attach-100k")) << r4.out;
  const std::string digest = run_file_digest(one);
  ASSERT_EQ(digest.size(), 65u) << digest;
  EXPECT_EQ(run_file_digest(two), digest);
  EXPECT_EQ(run_file_digest(four), digest);
  // Its events in one order (time, device, kind), every device in the
  // device table, the HSS's series.
  const std::string check = python_output(
      "-c \"import h5py, numpy as np; f = h5py.File('" + one + "', 'r'); e = f['events']; "
      "k = np.lexsort((e['kind'][:], e['device'][:], e['t'][:])); "
      "print(len(e['t']) > 0, bool((k == np.arange(len(k))).all()), len(f['devices/device']), "
      "len(f['platforms/hss/t']) > 0)\"");
  EXPECT_EQ(check, "True True 500 True\n");
  for (const std::string& f : {one, two, four}) std::filesystem::remove(f);
}

// Rank 0 prints the progress line from every rank's counters, which come
// with the slots' exchanges (--progress: mpirun's ranks write to pipes,
// not a terminal): one last line, with the stop time and the devices
// attached on both ranks.
TEST(ShardedRuns, RankZeroPrintsTheProgressLineOfAllRanks) {
  const std::string out = temp_path("sharded-progress.h5");
  const auto r = run_shell(kMpirun + "2 " ESIMTWIN_BINARY " run scenarios/attach-100k.yaml --devices 500 --stop 20min "
                           "--sharded --progress -o " + out);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  const auto attached = static_cast<long>(summary_metric(r.out, "devices_attached"));
  EXPECT_GT(attached, 250) << r.out;  // both ranks' devices
  const std::string last = "[100.0%] sim 00:20:00 / 00:20:00 |";
  ASSERT_NE(r.out.find(last), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find(last), r.out.rfind(last)) << r.out;
  EXPECT_NE(r.out.find("| attached " + std::to_string(attached) + "/500 |"), std::string::npos) << r.out;
  std::filesystem::remove(out);
}

// One device, one request at a time, nothing to contend with: each answer
// reaches the device exactly 2L later (L = 5 ms, the core link's latency)
// in the sharded run than in the unsharded engine's.
TEST(ShardedRuns, TheExchangeAddsTheLookaheadEachWay) {
  const std::string plain = temp_path("exchange-plain.h5"), sharded = temp_path("exchange-sharded.h5");
  const std::string args = "run scenarios/attach-100k.yaml --devices 1 --stop 3h --no-progress -o ";
  ASSERT_EQ(run_esimtwin(args + plain).exit_code, 0);
  ASSERT_EQ(run_esimtwin(args + sharded + " --sharded").exit_code, 0);
  // Each attach's time from the vector request to the authentication (ms),
  // in each run, and the sharded one's less the plain one's.
  const std::string waits =
      "-c \"import sys, h5py, numpy as np\n"
      "w = []\n"
      "for p in sys.argv[1:]:\n"
      "  e = h5py.File(p, 'r')['events']\n"
      "  names = [x.decode() if isinstance(x, bytes) else x for x in e['kind'].attrs['kinds']]\n"
      "  t, k = e['t'][:], e['kind'][:]\n"
      "  w.append(t[k == names.index('authenticated')] - t[k == names.index('vector_requested')])\n"
      "print(len(w[0]), len(w[1]), sorted(set(np.round((w[1] - w[0]) * 1e6).astype(int).tolist())))\n"
      "\" " + plain + " " + sharded;
  const std::string out = python_output(waits);
  EXPECT_EQ(out, "12 12 [10000]\n") << out;
  std::filesystem::remove(plain);
  std::filesystem::remove(sharded);
}

// The shipped HSS incidents at 500 devices (an outage, a degraded link, a restored backup,
// power cycles and a power loss, fewer cores) and a delay on a core link,
// sharded, device 3 traced (the scenario's) and device 2 too (another
// multiplexer's, so another rank's): every expectation holds, and 1 and 2
// ranks write the same run file (its /apdu too) and the same GSMTAP trace.
TEST(ShardedRuns, FaultsRunShardedTheSameOnOneAndTwoRanks) {
  std::ifstream in(ESIMTWIN_SOURCE_DIR "/scenarios/hss-incidents.yaml");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  ASSERT_NE(text.find("trace:\n  devices: [3]\n"), std::string::npos);
  ASSERT_NE(text.find("faults:\n"), std::string::npos);
  text.insert(text.find("faults:\n") + 8, "  - {at: 40min, target: core-0, action: delay, latency: 20ms, for: 5min}\n");
  const std::string scenario = write_temp("sharded-incidents.yaml", text);
  const std::string one = temp_path("incidents-1.h5"), two = temp_path("incidents-2.h5");
  const std::string pcap1 = temp_path("incidents-1.pcap"), pcap2 = temp_path("incidents-2.pcap");
  const auto r1 = run_esimtwin("run " + scenario + " --devices 500 --sharded --no-progress --trace-device 2 --pcap " +
                               pcap1 + " -o " + one);
  ASSERT_EQ(r1.exit_code, 0) << r1.out;
  EXPECT_NE(r1.out.find("ok   power_losses == 1"), std::string::npos) << r1.out;
  const auto r2 = run_shell(kMpirun + "2 " ESIMTWIN_BINARY " run " + scenario +
                            " --devices 500 --sharded --no-progress --trace-device 2 --pcap " + pcap2 + " -o " + two);
  ASSERT_EQ(r2.exit_code, 0) << r2.out;
  EXPECT_EQ(run_file_digest(two), run_file_digest(one));
  const std::string traced = python_output(
      "-c \"import h5py; d = h5py.File('" + two + "', 'r')['apdu/device'][:]; print(sorted(set(d.tolist())))\"");
  EXPECT_EQ(traced, "[2, 3]\n");
  auto bytes = [](const std::string& path) {
    std::ifstream f(path, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  };
  EXPECT_GT(bytes(pcap1).size(), 24u);  // more than the pcap header
  EXPECT_EQ(bytes(pcap2), bytes(pcap1));
  for (const std::string& f : {one, two, pcap1, pcap2}) std::filesystem::remove(f);
}

// The cards' wear (docs/SCENARIOS.md, "Environment and wear"): consumer
// cards at 100 °C fail programs out of range, cards with three times their
// erase budget of field history wear out; each rank wears its own devices
// and rank 0 writes every card's /wear row and the summed wear.* metrics:
// 1 and 2 ranks write the same file.
TEST(ShardedRuns, TheCardsWearTheSameOnOneAndTwoRanks) {
  const std::string scenario = write_temp(
      "sharded-wear.yaml",
      "general: {name: sharded-wear, seed: 5, stop: 1h}\n"
      "populations:\n"
      "  - {name: hot, count: 20, grade: consumer, temperature: {mean_c: 100}, "
      "start: {profile: uniform, at: 0s, over: 10min}, activity: {period: 10min}}\n"
      "  - {name: worn, count: 3, grade: consumer, temperature: {mean_c: 84, daily_amplitude_c: 1}, nvm_history: 150000, "
      "start: {profile: uniform, at: 0s, over: 10min}, activity: {period: 10min}}\n"
      "  - {name: mild, count: 20, grade: industrial, temperature: temperate, "
      "start: {profile: uniform, at: 0s, over: 10min}, activity: {period: 10min}}\n"
      "engine: {multiplexers: 2}\n");
  const std::string one = temp_path("wear-1.h5"), two = temp_path("wear-2.h5");
  const auto r1 = run_esimtwin("run " + scenario + " --sharded --no-progress -o " + one);
  ASSERT_EQ(r1.exit_code, 0) << r1.out;
  EXPECT_EQ(summary_metric(r1.out, "wear.cards_too_hot"), 20) << r1.out;
  EXPECT_GT(summary_metric(r1.out, "wear.cards_worn"), 0) << r1.out;
  const auto r2 = run_shell(kMpirun + "2 " ESIMTWIN_BINARY " run " + scenario + " --sharded --no-progress -o " + two);
  ASSERT_EQ(r2.exit_code, 0) << r2.out;
  EXPECT_EQ(summary_metric(r2.out, "wear.cards_too_hot"), 20) << r2.out;
  EXPECT_EQ(run_file_digest(two), run_file_digest(one));
  const std::string rows = python_output("-c \"import h5py; print(len(h5py.File('" + two + "', 'r')['wear/device']))\"");
  EXPECT_EQ(rows, "43\n");
  std::filesystem::remove(one);
  std::filesystem::remove(two);
}

// The modem model (docs/SCALING.md, "Sharded runs"): each device's modem,
// its access node's RAN cells and MME (RRC admission, NAS congestion's
// T3346, PSM and eDRX) run on its multiplexer's rank; usim devices beside
// them. A regional power cut's attach storm, an HSS outage, an SMSC crash
// refusing the devices' own MO SMS, an exception-report burst, two traced
// devices of different multiplexers with GSMTAP: 1 and 2 ranks write the
// same run file and trace and print the same metrics, each rank's modem
// counters summed (4 ranks on this 2-core machine: the campaign test below).
TEST(ShardedRuns, TheModemModelRunsTheSameOnOneAndTwoRanks) {
  const std::string scenario = sharded_modem_scenario();
  std::string digest, pcap, metrics;
  for (const int ranks : {1, 2}) {
    const std::string out = temp_path("modems-" + std::to_string(ranks) + ".h5");
    const std::string trace = temp_path("modems-" + std::to_string(ranks) + ".pcap");
    const auto r = run_shell(kMpirun + std::to_string(ranks) + " " ESIMTWIN_BINARY " run " + scenario +
                             " --sharded --no-progress --pcap " + trace + " -o " + out);
    ASSERT_EQ(r.exit_code, 0) << ranks << " ranks\n" << r.out;
    std::ifstream f(trace, std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
    const std::string lines = summary_metrics(r.out);
    if (ranks == 1) {
      digest = run_file_digest(out);
      pcap = bytes;
      metrics = lines;
      EXPECT_GT(pcap.size(), 24u);  // more than the pcap header
      EXPECT_GT(summary_metric(lines, "sms.mo"), 0) << lines;
      const std::string traced = python_output(
          "-c \"import h5py; d = h5py.File('" + out + "', 'r')['apdu/device'][:]; print(sorted(set(d.tolist())))\"");
      EXPECT_EQ(traced, "[10, 301]\n");
    } else {
      EXPECT_EQ(run_file_digest(out), digest) << ranks << " ranks";
      EXPECT_EQ(bytes, pcap) << ranks << " ranks";
      EXPECT_EQ(lines, metrics) << ranks << " ranks";
    }
    std::filesystem::remove(out);
    std::filesystem::remove(trace);
  }
}

// OneLink and OneNET follow modem devices of every rank (platform_report.hpp):
// the network's events about the cards, their data and SMS usage and data
// points reach rank 0 with the slot's exchange. The chip management
// platform on rank 0 suspends, resumes and deactivates their numbers: the
// HSS's view of the barrings reaches every rank, its messages the devices'
// MMEs, which detach them (chip_management_run.hpp). Every expectation
// holds (usage and offline alerts, data points, a device offline, the
// network's detaches, barred attaches, lifted barrings), and 1 and 2 ranks
// write the same run file and platforms' log, and print the same metrics.
TEST(ShardedRuns, ThePlatformsHearAndBarTheSameOnOneAndTwoRanks) {
  const std::string scenario = esimtwin::testing::sharded_platforms_scenario();
  expect_the_same_on_one_and_two_ranks(scenario, "platforms", "--platform-log", [](const std::string&,
                                                                                  const std::string& json,
                                                                                  const std::string& metrics) {
      std::ifstream f(json);
      const std::string lines((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
      EXPECT_GT(summary_metric(metrics, "onelink.sms_alerts"), 0) << metrics;
      // The platforms' log, written by rank 0: the customer's queries
      // and OneLink's answers, each to a query sent before it.
      std::istringstream in(lines);
      std::map<std::string, std::int64_t> sent_ms;
      std::size_t answers = 0;
      for (const platform::TraceEntry& e : platform::read_trace(in, platform::TraceEncoding::Json)) {
        if (const auto* q = std::get_if<platform::CardQuery>(&e.message)) {
          EXPECT_EQ(q->account_id, "trackers");
          sent_ms[q->request_id] = e.time_ms;
        } else if (const auto* a = std::get_if<platform::CardQueryAnswer>(&e.message)) {
          ++answers;
          ASSERT_TRUE(sent_ms.count(a->request_id)) << a->request_id;
          EXPECT_GT(e.time_ms, sent_ms[a->request_id]) << a->request_id;
        }
      }
      EXPECT_EQ(static_cast<double>(answers), summary_metric(metrics, "onelink.query_requests_answered"));
  });
}

// A write-card campaign sharded (sms_crossing.hpp): the write module and
// the SMSC on rank 0, the MMEs, modems and cards on the devices' ranks; the
// SMSC's forwards, the network's answers with the PoRs and the alerts cross
// with the slots' exchange. The shipped SMSC crash mid-campaign on four
// multiplexers: every meter renumbered once, the answers the crash lost
// each a card's "CNTR low" and an order sent again (how many: the model's,
// the lookahead added to each crossing), the traced meter's APDUs and, in
// the GSMTAP trace, its SMS; 1 and 2 ranks (two multiplexers each) write
// the same run file and trace and print the same metrics. (Four ranks:
// OneTwoAndFourRanksWriteTheSameRunFile; this one ran them until session
// 35, 30 s under the sanitizers.)
TEST(ShardedRuns, AWriteCardCampaignRunsTheSameOnOneAndTwoRanks) {
  std::ifstream in(ESIMTWIN_SOURCE_DIR "/scenarios/incidents/smsc-crash-mid-campaign.yaml");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  ASSERT_NE(text.find("\nexpectations:\n"), std::string::npos);
  text = text.substr(0, text.find("\nexpectations:\n") + 1) +
         "engine: {multiplexers: 4}\n"
         "expectations:\n"
         "  - \"ota.done == devices\"\n"
         "  - \"ota.failed == 0\"\n"
         "  - \"refreshes == devices\"\n"
         "  - \"smsc.answers_lost > 0\"\n"
         "  - \"ota.por_counter_low == smsc.answers_lost\"\n"
         "  - \"ota.retries == smsc.answers_lost\"\n"
         "  - \"smsc.submissions_held > 0\"\n"
         "  - \"devices_registered == devices\"\n"
         "  - \"unknown_imsi == 0\"\n";
  const std::string scenario = write_temp("sharded-campaign.yaml", text);
  expect_the_same_on_one_and_two_ranks(scenario, "campaign", "--pcap", [](const std::string& out,
                                                                         const std::string& trace,
                                                                         const std::string& metrics) {
      EXPECT_EQ(summary_metric(metrics, "ota.done"), 300) << metrics;
      // The traced meter's APDUs, and its SMS in the trace: GSMTAP packets
      // of type LTE NAS (0x12, after Ethernet, IPv4 and UDP, gsmtap.hpp).
      const std::string traced = python_output(
          "-c \"import h5py, struct\n"
          "d = h5py.File('" + out + "', 'r')['apdu/device'][:]\n"
          "b = open('" + trace + "', 'rb').read(); at, n = 24, 0\n"
          "while at < len(b):\n"
          "  l = struct.unpack_from('<I', b, at + 8)[0]; n += b[at + 16 + 44] == 0x12; at += 16 + l\n"
          "print(sorted(set(d.tolist())), n > 0)\"");
      EXPECT_EQ(traced, "[130] True\n");
  });
}

// International cards sharded (sms_crossing.hpp): the SM-DP, the SM-SR,
// chip management and OneLink on rank 0, the eUICCs on their devices'
// ranks; the SM-SR's SMS-DELIVERs cross with the SMSC's forwards, the
// SMS-DELIVER-REPORTs (the eUICC's PoR) and the eUICCs' notifications
// come back to it, the registrations reach the handover comparison. The
// shipped import (a download of China Mobile's profile by SMS) at 30
// eUICCs in eDRX, a traced tracker: 1 and 2 ranks write the same run file
// and GSMTAP trace and print the same metrics, every profile is switched.
// And number migrations (write-card with numbers_from): each rank counts
// its own modems for the migration.* metrics (rank 0 had read the others'
// modems as it holds them, never run: migration.unregistered 3, not 0).
TEST(ShardedRuns, InternationalCardsSwitchProfilesTheSameOnOneAndTwoRanks) {
  const std::string scenario = esimtwin::testing::sharded_euicc_scenario();
  expect_the_same_on_one_and_two_ranks(scenario, "euicc", "--pcap", [](const std::string&, const std::string&,
                                                                      const std::string& metrics) {
    EXPECT_EQ(summary_metric(metrics, "handover.done"), 30) << metrics;
    EXPECT_GT(summary_metric(metrics, "handover.sms_per_device"), 1) << metrics;
  });
  // ES5 over HTTPS (bip_crossing.hpp): the eUICCs' BIP channels to the
  // SM-SR's admin server on rank 0, the TLS records both ways.
  const std::string https = ESIMTWIN_SOURCE_DIR "/scenarios/export-enable-https.yaml --devices 20 --trace-device 7";
  expect_the_same_on_one_and_two_ranks(https, "https", "--pcap", [](const std::string&, const std::string&,
                                                                   const std::string& metrics) {
    EXPECT_EQ(summary_metric(metrics, "https.sessions"), 40) << metrics;
    EXPECT_EQ(summary_metric(metrics, "handover.done"), 20) << metrics;
  });
  const auto m = run_shell(kMpirun + "2 " ESIMTWIN_BINARY " run " ESIMTWIN_SOURCE_DIR
                           "/scenarios/apps/payment-terminals.yaml --devices 100 --sharded --no-progress -o " +
                           temp_path("migration.h5"));
  EXPECT_EQ(m.exit_code, 0) << m.out;
  EXPECT_EQ(summary_metric(summary_metrics(m.out), "migration.unregistered"), 0) << m.out;
}

// Platforms at nodes of the topology (platform_links.hpp): the shipped
// exports through a foreign SM-SR, directly, delegated and by proxy. The
// platforms' messages cross the SimGrid links on rank 0, the MMEs' reports
// to OneLink too, leaving the MME's node when they reach rank 0. 1 and 2
// ranks write the same run file and platform log and print the same
// metrics; every message the unsharded run put on the links is on them,
// and none waits longer: an SMS from a device's MME due before another
// that came with an earlier exchange reaches the SMSC first (delegated:
// 29 ms on the way, not 4, when they were taken in the order they came).
TEST(ShardedRuns, PlatformsAtNodesTalkOverTheLinksTheSameOnOneAndTwoRanks) {
  for (const std::string name : {"export-direct", "export-delegated", "export-proxy"}) {
    const std::string scenario = ESIMTWIN_SOURCE_DIR "/scenarios/" + name + ".yaml";
    const std::string plain = temp_path(name + "-plain.h5");
    const auto u = run_esimtwin("run " + scenario + " --no-progress -o " + plain);
    ASSERT_EQ(u.exit_code, 0) << u.out;
    std::filesystem::remove(plain);
    const std::string unsharded = summary_metrics(u.out);
    ASSERT_GT(summary_metric(unsharded, "platform_links.messages"), 0) << name;
    expect_the_same_on_one_and_two_ranks(scenario, name, "--platform-log", [&](const std::string&, const std::string&,
                                                                                const std::string& metrics) {
      EXPECT_EQ(summary_metric(metrics, "platform_links.messages"), summary_metric(unsharded, "platform_links.messages"))
          << name;
      EXPECT_LE(summary_metric(metrics, "platform_links.longest_s"),
                summary_metric(unsharded, "platform_links.longest_s") + 0.001)
          << name;
      EXPECT_EQ(summary_metric(metrics, "handover.done"), summary_metric(unsharded, "handover.done")) << name;
    });
  }
}

TEST(ShardedRuns, WhatItDoesNotCarryIsRefused) {
  const std::string out = temp_path("refused.h5");
  const std::string flat = write_temp("no-latency.yaml",
                                      "general: {name: flat, seed: 1, stop: 10min}\n"
                                      "populations:\n"
                                      "  - {name: m, count: 10, card: domestic, grade: industrial, form: patch-5x6, "
                                      "modem: nb-iot, region: cn-east, imsi_prefix: \"46004\", "
                                      "start: {profile: uniform, at: 0s, over: 1min}, activity: {period: 1h, jitter: 1min}}\n"
                                      "network:\n  core: {latency: 0ms, bandwidth: 100MBps}\n");
  const std::string two = write_temp("two-muxes.yaml",
                                     "general: {name: two, seed: 1, stop: 10min}\n"
                                     "populations:\n"
                                     "  - {name: m, count: 10, card: domestic, grade: industrial, form: patch-5x6, "
                                     "modem: nb-iot, region: cn-east, imsi_prefix: \"46004\", "
                                     "start: {profile: uniform, at: 0s, over: 1min}, activity: {period: 1h, jitter: 1min}}\n"
                                     "engine: {multiplexers: 2}\n");
  const std::vector<std::pair<std::string, std::string>> cases{
      {"run " + flat + " --sharded -o " + out, "a sharded run needs latency on every multiplexer's route to the HSS"},
  };
  for (const auto& [args, message] : cases) {
    const auto r = run_esimtwin(args);
    EXPECT_EQ(r.exit_code, 2) << args << "\n" << r.out;
    EXPECT_NE(r.out.find(message), std::string::npos) << args << "\n" << r.out;
  }
  // More ranks than multiplexers: every rank refuses, and the ranks end together.
  const auto r = run_shell(kMpirun + "4 " ESIMTWIN_BINARY " run " + two + " --sharded -o " + out);
  EXPECT_NE(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("a sharded run has at most engine.multiplexers (2) ranks, not 4"), std::string::npos) << r.out;
  EXPECT_FALSE(std::filesystem::exists(out));
}

}  // namespace test_sharded_runs
