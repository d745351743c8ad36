// Checkpoints of runs with the platforms' notifications and ES2.GetEIS
// (GSMA SGP.02 §5.1.3, §5.3.1; docs/CHECKPOINTS.md): the SM-SR's ES3
// notifications on their way to the SM-DP across their route, the SM-DP's
// ES3.GetEIS calls on their way to the SM-SR and the counters are saved,
// and a resumed run continues the original exactly — the same run file
// and the same notification and EIS counts; so do the notifications
// refused and waiting to be sent again (notification_retry).
#include <gtest/gtest.h>

#include <map>
#include <sstream>
#include <string>

#include "esimtwin_process.hpp"

namespace test_notification_checkpoints {

using esimtwin::testing::expect_damage_refused;
using esimtwin::testing::expect_resumes_exactly;
using esimtwin::testing::have_h5py;
using esimtwin::testing::metric_lines;
using esimtwin::testing::run_esimtwin;
using esimtwin::testing::temp_path;
using esimtwin::testing::write_temp;

// Trackers made for China Mobile to which the German SM-DP, 175 ms from
// China Mobile's SM-SR, downloads and enables its profile from 2 min;
// China Mobile asks the SM-DP for their EIS at 6 min and takes them back
// from 8 min (the SM-DP hears of each German profile disabled, ES3, and
// tells the German operator, ES2).
const char* kScenario = R"(general: {name: notification-checkpoints, seed: 37, stop: 16min}
populations:
  - name: importers
    count: 12
    card: international
    euicc:
      profiles:
        - {operator: CMCC, imsi_prefix: "46000", state: enabled, fallback: true}
        - {operator: DE-MNO, imsi_prefix: "26202", state: not-installed, package: profiles/saip/partner-eu.der}
    pin: "1234"
    modem: lte-m
    device_model: modem
    power_saving: {t3324: 10min, t3412: 20min}
    connected: 20s
    start: {profile: uniform, at: 0s, over: 1min}
    activity: {period: 24h, jitter: 1h}
engine: {multiplexers: 2}
platforms:
  sm_sr: {id: SM-SR-CMCC, address: "8613900200777", workers: 4, service_time: 50ms, node: sr-bj}
  sm_dp: {id: SM-DP-DE, workers: 2, service_time: 200ms, node: dp-fra}
network:
  topology:
    nodes:
      - {name: ran, kind: ran_mme}
      - {name: core, kind: core_router}
      - {name: hss, kind: hss}
      - {name: sr-bj, kind: sm_sr}
      - {name: fra, kind: core_router}
      - {name: dp-fra, kind: platform}
    links:
      - {name: ran-core, from: ran, to: core, latency: 2ms}
      - {name: core-hss, from: core, to: hss, latency: 1ms}
      - {name: core-sr, from: core, to: sr-bj, latency: 20ms}
      - {name: intl, from: core, to: fra, latency: 150ms}
      - {name: fra-dp, from: fra, to: dp-fra, latency: 5ms}
campaigns:
  - {name: german, kind: download-profile, population: importers, profile: DE-MNO, at: 2min, batch_size: 6, batch_interval: 1min}
  - {name: eis, kind: get-eis, population: importers, at: 6min, over: 1s, sm_dp: SM-DP-DE}
  - {name: back, kind: enable-profile, population: importers, profile: CMCC, at: 8min, over: 2s}
)";

TEST(NotificationCheckpoints, AResumedRunContinuesTheOriginalExactly) {
  if (!have_h5py()) GTEST_SKIP() << "python3-h5py is not installed";
  const std::string scenario = write_temp("notification-ck.yaml", kScenario);
  // While the ES3.GetEIS calls cross to the SM-SR, before the switch back,
  // while its notifications cross to the SM-DP, and after the switch's
  // REFRESH emptied the cards' queue of proactive commands (a restored card
  // holds no spare capacity in it: card-core's state_bytes counts entries).
  // The notifications cross the links (platform_links.hpp): the checkpoint
  // at 482.1 s waits for them to arrive (482.275 s).
  const std::string out = expect_resumes_exactly(scenario, {"360400ms", "361s", "7min", "482100ms", "482300ms", "500s"}, "notifications.es2", {"notifications.", "smdp."});
  EXPECT_NE(metric_lines(out, "notifications.es2").find("12"), std::string::npos) << out;
  EXPECT_NE(metric_lines(out, "smdp.eis_returned").find("12"), std::string::npos) << out;
}

TEST(NotificationCheckpoints, PendingRetriesResumeExactly) {
  if (!have_h5py()) GTEST_SKIP() << "python3-h5py is not installed";
  // The same run with the SM-DP down from 7 min to 10 min: the SM-SR's ES3
  // notifications of the switch back are refused and sent again every 30 s
  // (platforms.sm_sr.notification_retry) until it is up again.
  std::string text = kScenario;
  const std::string sm_sr = "service_time: 50ms, node: sr-bj";
  text.replace(text.find(sm_sr), sm_sr.size(), sm_sr + ", notification_retry: {retry_after: 30s, max_attempts: 10}");
  text += "faults:\n  - {at: 7min, target: sm-dp, action: outage, for: 3min}\n";
  const std::string scenario = write_temp("notification-retry-ck.yaml", text);
  // The first sends leave from 482 028 ms and are refused from 482 203 ms
  // on: while some cross to the SM-DP and others wait for their next send
  // (30 350 ms after theirs; the checkpoint waits for the refusals on the
  // links, 482.435 s), and while they wait.
  const std::string out = expect_resumes_exactly(scenario, {"482250ms", "482500ms"}, "notifications.retries", {"notifications.", "smdp."});
  // Each sent at about 8.0, 8.5, 9.0 and 9.5 min (refused) and 10.0 min
  // (taken): four retries each.
  EXPECT_EQ(metric_lines(out, "notifications.retries"), "  notifications.retries                48\n") << out;
  EXPECT_EQ(metric_lines(out, "notifications.given_up"), "  notifications.given_up                0\n") << out;
  EXPECT_NE(metric_lines(out, "notifications.es2").find("12"), std::string::npos) << out;
}

TEST(NotificationCheckpoints, RefusedNotificationsNeedTheirRetries) {
  if (!have_h5py()) GTEST_SKIP() << "python3-h5py is not installed";
  std::string text = kScenario;
  const std::string sm_sr = "service_time: 50ms, node: sr-bj";
  text.replace(text.find(sm_sr), sm_sr.size(), sm_sr + ", notification_retry: {retry_after: 30s, max_attempts: 10}");
  text += "faults:\n  - {at: 7min, target: sm-dp, action: outage, for: 3min}\n";
  const std::string scenario = write_temp("notification-retry-damage.yaml", text);
  // At 482 400 ms seven first sends were refused and wait for their next;
  // at 520 s the second sends of all twelve were refused and wait.
  const auto r = run_esimtwin("run " + scenario + " --no-progress -o " + temp_path("notification-retry-a.h5") +
                              " --checkpoint-at 482400ms,520s --checkpoint '" + temp_path("notification-retry-ck-{t}.h5") +
                              "'");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  const std::map<std::string, std::string> checkpoints{{"482400ms", temp_path("notification-retry-ck-482.4s.h5")},
                                                       {"520s", temp_path("notification-retry-ck-520s.h5")}};
  // The state resumed under a scenario whose SM-SR does not retry, or
  // allows fewer sends than the notifications had.
  const std::string state = "/modem/sm_sr: SM-SR runs state: SM-SR run state: ";
  expect_damage_refused(checkpoints.at("482400ms"), "no-notification-retry",
                        state + "notifications refused to send again, and SM-SR 'SM-SR-CMCC' has no notification_retry");
  expect_damage_refused(checkpoints.at("520s"), "no-notification-retry",
                        state + "a notification's attempt 2, and SM-SR 'SM-SR-CMCC' has no notification_retry (one send each)");
  expect_damage_refused(checkpoints.at("520s"), "one-notification-attempt",
                        state + "a notification's attempt 2 is not 1 to 1 (notification_retry's max_attempts)");
}

// The same run with the German operator's endpoint down from 7 to 10 min
// (an `mno:DE-MNO` outage): the SM-DP's ES2 notifications of the switch
// back are refused and sent again every 30 s
// (platforms.sm_dp.notification_retry) until it is up again; those
// waiting are in the checkpoint (the SM-DP run's state).
// The value of a summary's metric line ("  notifications.es2_retries   48\n" -> "48").
std::string value_of(const std::string& line) {
  const std::size_t end = line.find_last_not_of(" \n");
  if (end == std::string::npos) return "";
  const std::size_t start = line.find_last_of(' ', end);
  return line.substr(start + 1, end - start);
}

std::string mno_outage_scenario(const std::string& name) {
  std::string text = kScenario;
  const std::string sm_dp = "service_time: 200ms, node: dp-fra";
  text.replace(text.find(sm_dp), sm_dp.size(), sm_dp + ", notification_retry: {retry_after: 30s, max_attempts: 10}");
  text += "faults:\n  - {at: 7min, target: 'mno:DE-MNO', action: outage, for: 3min}\n";
  return write_temp(name, text);
}

TEST(NotificationCheckpoints, RetriesToAnMnoResumeExactly) {
  if (!have_h5py()) GTEST_SKIP() << "python3-h5py is not installed";
  const std::string scenario = mno_outage_scenario("mno-retry-ck.yaml");
  // The ES2 ones leave the SM-DP as the ES3 ones reach it, from about
  // 482 200 ms: while some are refused and others on their way, and while
  // all twelve wait for their second send (the devices' last events are
  // at 504 s: a later checkpoint leaves nothing to compare).
  const std::string out = expect_resumes_exactly(scenario, {"482250ms", "482400ms", "500s"}, "notifications.es2_retries", {"notifications.", "smdp."});
  // Each sent at about 8.0, 8.5, 9.0 and 9.5 min (refused) and 10.0 min
  // (taken): four retries each.
  EXPECT_EQ(value_of(metric_lines(out, "notifications.es2_retries")), "48") << out;
  EXPECT_EQ(value_of(metric_lines(out, "notifications.es2_given_up")), "0") << out;
}

TEST(NotificationCheckpoints, RefusedByAnMnoNeedTheirAttempts) {
  if (!have_h5py()) GTEST_SKIP() << "python3-h5py is not installed";
  const std::string scenario = mno_outage_scenario("mno-retry-damage.yaml");
  const std::string ck = temp_path("mno-retry-ck-520s.h5");
  const auto r = run_esimtwin("run " + scenario + " --no-progress -o " + temp_path("mno-retry-a.h5") +
                              " --checkpoint-at 520s --checkpoint " + ck);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  // Resumed under a scenario whose SM-DP sends each once: the second sends
  // waiting have none left.
  expect_damage_refused(ck, "one-notification-attempt",
                        "/modem/sm_dp: SM-DP runs state: SM-DP run state: a refused notification's attempt 2 leaves no "
                        "send after it (SM-DP 'SM-DP-DE''s notification_retry has max_attempts 1)");
  // The run states of the layout before the notifications to the MNOs
  // (SRUN 9, DRUN 2), intact otherwise: take the checkpoint again.
  expect_damage_refused(ck, "smsr-run-version-9",
                        "/modem/sm_sr: SM-SR runs state: SM-SR run state: version 9 is not the version this model reads (15)");
  // The layout before the eUICCs' roll-back and fall-back counters (SRUN
  // 11), and before the PoR status counters and the OTA counter backups
  // (SRUN 12).
  expect_damage_refused(ck, "smsr-run-version-11",
                        "/modem/sm_sr: SM-SR runs state: SM-SR run state: version 11 is not the version this model reads (15)");
  expect_damage_refused(ck, "smsr-run-version-12",
                        "/modem/sm_sr: SM-SR runs state: SM-SR run state: version 12 is not the version this model reads (15)");
  expect_damage_refused(ck, "smdp-run-version-2",
                        "/modem/sm_dp: SM-DP runs state: SM-DP run state: version 2 is not the version this model reads (5)");
}

// China Mobile's endpoint down from 2 to 6 min (an `mno:CMCC` outage) and
// the SM-SR with notification_retry: its ES4 notifications of the
// downloads' switches (China Mobile's profile disabled) are refused and
// sent again every 30 s until it is up; those waiting are in the
// checkpoint (the SM-SR run's state).
TEST(NotificationCheckpoints, Es4RetriesToAnMnoResumeExactly) {
  if (!have_h5py()) GTEST_SKIP() << "python3-h5py is not installed";
  std::string text = kScenario;
  const std::string sm_sr = "service_time: 50ms, node: sr-bj";
  text.replace(text.find(sm_sr), sm_sr.size(), sm_sr + ", notification_retry: {retry_after: 30s, max_attempts: 10}");
  text += "faults:\n  - {at: 2min, target: 'mno:CMCC', action: outage, for: 4min}\n";
  const std::string scenario = write_temp("mno-es4-retry-ck.yaml", text);
  // The first six sent at 129 s and 130.4 s, the other six at 189.2 s to
  // 190.6 s: while six wait and six are not made, and while all twelve wait.
  const std::string out = expect_resumes_exactly(scenario, {"150s", "200s"}, "notifications.es4_retries", {"notifications.", "smdp."});
  // Taken at about 369 s and 370.6 s: eight retries for the first six,
  // six for the others.
  EXPECT_EQ(value_of(metric_lines(out, "notifications.es4_retries")), "84") << out;
  EXPECT_EQ(value_of(metric_lines(out, "notifications.es4_given_up")), "0") << out;
  EXPECT_EQ(value_of(metric_lines(out, "notifications.es4 ")), "12") << out;
}

// The same run with China Mobile's and the German operator's endpoints as
// servers (platforms.mno) and both platforms retrying: China Mobile's
// serves one ES4 notification at a time for 5 s with one waiting, the
// German one's admits one ES2 notification every 5 s, two at once; those
// refused wait in the SM-SR's and the SM-DP's states, those admitted in the MNOs'
// servers' (/modem/mno_servers).
std::string mno_servers_scenario(const std::string& name) {
  std::string text = kScenario;
  const std::string retry = ", notification_retry: {retry_after: 30s, max_attempts: 10}";
  for (const std::string at : {"service_time: 50ms, node: sr-bj", "service_time: 200ms, node: dp-fra"})
    text.replace(text.find(at), at.size(), at + retry);
  const std::string network = "network:\n";
  text.replace(text.find(network), network.size(),
               "  mno:\n"
               "    - {operator: CMCC, workers: 1, service_time: 5s, queue_limit: 1}\n"
               "    - {operator: DE-MNO, workers: 1, service_time: 3s, admission_rate: 0.2, burst: 2}\n" +
                   network);
  return write_temp(name, text);
}

TEST(NotificationCheckpoints, NotificationsInAnMnosServerResumeExactly) {
  if (!have_h5py()) GTEST_SKIP() << "python3-h5py is not installed";
  const std::string scenario = mno_servers_scenario("mno-servers-ck.yaml");
  // While the downloads' ES4 ones are in China Mobile's server and others
  // wait for their next send, and while the switch back's ES2 ones are in
  // the German operator's.
  const std::string out = expect_resumes_exactly(scenario, {"131s", "482300ms", "500s"}, "mno.acknowledged", {"notifications.", "mno."});
  // Every one reaches its MNO: 12 ES4 ones to China Mobile, 12 ES2 ones
  // to the German operator.
  EXPECT_EQ(value_of(metric_lines(out, "mno.acknowledged")), "24") << out;
  EXPECT_NE(value_of(metric_lines(out, "mno.refused")), "0") << out;
  EXPECT_EQ(value_of(metric_lines(out, "notifications.es4_given_up")), "0") << out;
  EXPECT_EQ(value_of(metric_lines(out, "notifications.es2_given_up")), "0") << out;
}

TEST(NotificationCheckpoints, TheMnosServersAreInTheCheckpoint) {
  if (!have_h5py()) GTEST_SKIP() << "python3-h5py is not installed";
  const std::string scenario = mno_servers_scenario("mno-servers-damage.yaml");
  const std::string ck = temp_path("mno-servers-ck-131s.h5");
  const auto r = run_esimtwin("run " + scenario + " --no-progress -o " + temp_path("mno-servers-a.h5") +
                              " --checkpoint-at 131s --checkpoint " + ck);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  // A checkpoint of the layout before the MNOs' servers has none.
  expect_damage_refused(ck, "no-mno-servers", "not a complete checkpoint (no mno_servers)");
  expect_damage_refused(ck, "mno-servers-flipped", "/modem/mno_servers: MNO servers state: ");
}

}  // namespace test_notification_checkpoints
