#include "twinsim/scenario/expectation.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>

#include "twinsim/scenario/spelling.hpp"

namespace twinsim {

namespace {

// Metric names, and population names after "devices." (which may hold '-').
bool metric_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.' ||
         c == '-';
}
bool letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool blank(char c) { return c == ' ' || c == '\t'; }

const char* const kForm =
    " (write <metric> <op> <number>, <metric> <op> <metric> or <metric> <op> <number> * <metric>; op one of < <= == "
    ">= >)";
// Metrics with a population's name after them: "devices.meters".
const char* const kPerPopulation[] = {"devices", "wear.cards_worn", "wear.cards_too_hot", "wear.cards_charge_lost",
                                      "wear.cards_failed"};

// Checks that `name` is a metric: one of the list, or one of kPerPopulation
// then "." and one of `populations`.
void check_metric(const std::string& name, const std::vector<std::string>& populations) {
  const auto& metrics = expectation_metrics();
  if (std::find(metrics.begin(), metrics.end(), name) != metrics.end()) return;
  for (const std::string prefix : kPerPopulation) {
    const std::string of = prefix + ".";
    if (name.rfind(of, 0) != 0) continue;
    const std::string population = name.substr(of.size());
    if (std::find(populations.begin(), populations.end(), population) != populations.end()) return;
    const auto guess = closest_word(population, populations);
    throw std::invalid_argument("'" + name + "': the scenario has no population '" + population + "'" +
                                (guess ? "; did you mean '" + of + *guess + "'?"
                                       : " (populations: " + join_words(populations) + ")"));
  }
  std::vector<std::string> all = metrics;
  for (const std::string prefix : kPerPopulation)
    for (const std::string& p : populations) all.push_back(prefix + "." + p);
  const auto guess = closest_word(name, all);
  throw std::invalid_argument("unknown metric '" + name + "'" +
                              (guess ? "; did you mean '" + *guess + "'?" : " (metrics: " + join_words(all) + ")"));
}

// Reads a metric name at text[i] (past it on return) and checks it.
std::string read_metric(const std::string& text, std::size_t& i, const std::vector<std::string>& populations) {
  const std::size_t start = i;
  while (i < text.size() && metric_char(text[i])) ++i;
  std::string name = text.substr(start, i - start);
  if (!name.empty()) check_metric(name, populations);
  return name;
}

void skip_blanks(const std::string& text, std::size_t& i) {
  while (i < text.size() && blank(text[i])) ++i;
}

// A whole number in full ("300", not "3e+02"), else the shortest text that
// reads back as the same double ("0.99").
std::string number_text(double v) {
  char text[32];
  if (v == std::floor(v) && std::fabs(v) < 1e15) {
    std::snprintf(text, sizeof text, "%.0f", v);
    return text;
  }
  for (int digits = 1; digits < 17; ++digits) {
    std::snprintf(text, sizeof text, "%.*g", digits, v);
    if (std::strtod(text, nullptr) == v) return text;
  }
  std::snprintf(text, sizeof text, "%.17g", v);
  return text;
}

[[noreturn]] void refuse(const std::string& text, const std::string& problem) {
  throw std::invalid_argument("'" + text + "': " + problem + kForm);
}

// The right-hand side from text[i] on: a number, a metric or "<number> * <metric>".
void read_right_side(const std::string& text, std::size_t i, const std::vector<std::string>& populations,
                     Expectation& e) {
  std::size_t end = text.size();
  while (end > i && blank(text[end - 1])) --end;
  if (i >= end) refuse(text, "no number or metric after '" + e.op + "'");
  if (text[i] == '*') refuse(text, "'*' needs a number before it");
  if (letter(text[i])) {
    e.value = 1;
    e.rhs_metric = read_metric(text, i, populations);
    skip_blanks(text, i);
    if (i < end) {
      refuse(text, "'" + text.substr(i, end - i) + "' after the metric '" + e.rhs_metric +
                       "' (a factor comes first: <number> * <metric>)");
    }
    return;
  }
  const char* first = text.data() + i;
  const char* last = text.data() + end;
  // from_chars takes no '+'; people write it.
  if (last - first > 1 && *first == '+' && (std::isdigit(static_cast<unsigned char>(first[1])) || first[1] == '.'))
    ++first;
  const auto [ptr, ec] = std::from_chars(first, last, e.value);
  if (ec != std::errc() || ptr == first || !std::isfinite(e.value)) {
    std::size_t word = i;
    while (word < end && !blank(text[word]) && text[word] != '*') ++word;
    refuse(text, "'" + text.substr(i, word - i) + "' is not a number");
  }
  i = static_cast<std::size_t>(ptr - text.data());
  skip_blanks(text, i);
  if (i >= end) return;
  const std::string number = text.substr(static_cast<std::size_t>(first - text.data()),
                                         static_cast<std::size_t>(ptr - first));
  if (text[i] != '*') refuse(text, "'" + text.substr(i, end - i) + "' after the number " + number);
  ++i;
  skip_blanks(text, i);
  if (i >= end) refuse(text, "no metric after '" + number + " *'");
  if (!letter(text[i])) refuse(text, "'" + text.substr(i, end - i) + "' after '" + number + " *' is not a metric");
  e.rhs_metric = read_metric(text, i, populations);
  skip_blanks(text, i);
  if (i < end) refuse(text, "'" + text.substr(i, end - i) + "' after the metric '" + e.rhs_metric + "'");
}

}  // namespace

const std::vector<std::string>& expectation_metrics() {
  static const std::vector<std::string> names = {
      // The run's devices after --devices scaled the populations.
      "devices",
      "attach_success_ratio", "devices_attached", "attaches",      "auth_failures", "sync_failures",
      "hss.served",           "hss.rejected",     "hss.max_queue", "hss.crash_lost", "events",     "max_erase_count",
      "power_cycles",         "power_losses",     "requests_lost", "answers_lost",       "brown_outs",
      "exception_reports",    "exception_reports_lost",
      // Devices with the modem model and the SMS of campaigns.
      "devices_registered", "rrc_rejected", "refreshes", "auth_rejects", "unknown_imsi", "sms.submitted",
      "sms.attempts", "sms.absent", "sms.delivered", "sms.failed", "sms.expired", "sms.last_delivery_s",
      "ota.por_ok", "ota.por_errors",
      // The PoR errors by Response Status Code (engine/por_status_metrics.hpp).
      "ota.por_rc_cc_ds_failed", "ota.por_counter_low", "ota.por_counter_high", "ota.por_counter_blocked",
      "ota.por_ciphering_error", "ota.por_security_error", "ota.por_no_memory", "ota.por_more_time",
      "ota.por_tar_unknown", "ota.por_below_msl", "ota.por_unreadable", "ota.done", "ota.failed", "ota.retries", "ota.last_done_s",
      // The write-card campaigns' tail: from the campaign's at to each order done.
      "ota.done_p50_s", "ota.done_p90_s", "ota.done_p99_s", "ota.done_max_s", "ota.attempts_per_order",
      // Number migrations (write-card with numbers_from).
      "migration.done", "migration.pending", "migration.unregistered", "migration.old_registered",
      "mme.congestion_rejects",
      // The SM-SR's campaign calls (enable-profile).
      "smsr.done", "smsr.failed", "smsr.expired", "smsr.refused", "smsr.notifications", "smsr.last_done_s",
      "smsr.changes_done", "smsr.changes_failed", "smsr.changes_expired", "smsr.changes_refused", "smsr.changes_last_done_s",
      // POL2's Auto-Delete: the SM-SRs' own deletions of disabled profiles.
      "smsr.auto_deleted", "smsr.auto_delete_failed",
      // The eUICCs' roll-back and fall-back notifications (SGP.02 §3.2.2, §3.7).
      "smsr.rollbacks", "smsr.fallbacks",
      // The SM-DP's download orders (download-profile).
      "smdp.done", "smdp.failed", "smdp.refused", "smdp.last_done_s", "smdp.eis_returned", "smdp.eis_profiles",
      // The platforms' notifications (SGP.02 §5.1.3); 0 without SM-SRs.
      "notifications.es4", "notifications.es3", "notifications.es2", "notifications.refused",
      "notifications.retries", "notifications.given_up", "notifications.es4_retries", "notifications.es4_given_up",
      "notifications.es2_retries", "notifications.es2_given_up",
      // The MNOs' servers (platforms.mno): their notifications admitted,
      // acknowledged, refused and failed inside; 0 without.
      "mno.admitted", "mno.acknowledged", "mno.refused", "mno.failed",
      // The eUICCs' HTTPS sessions to the SM-SRs' admin servers (ES5 over HTTPS).
      "https.sessions", "https.unreachable", "https.refused", "https.crashed", "https.bytes_up", "https.bytes_down",
      // The chip management platform's records.
      "chip.activated", "chip.ota_written", "chip.recycled", "chip.suspended", "chip.resumed", "chip.deactivated",
      "chip.scrapped", "chip.attaches_barred", "chip.detaches", "chip.detaches_local",
      "chip.detach_retransmissions", "chip.isd_lifts", "chip.hss_resends", "chip.quarantined", "chip.retried", "chip.failed", "chip.billable_days", "chip.charge",
      "chip.profiles_downloaded", "chip.profiles_enabled", "chip.profiles_deleted", "chip.sm_sr_changes",
      "chip.numbers_migrated", "chip.supply_steps", "chip.units_scrapped",
      // OneLink's view of the cards it follows, at the end.
      "onelink.online", "onelink.sleeping", "onelink.offline", "onelink.unseen", "onelink.alerts",
      "onelink.not_offline", "onelink.no_coverage", "onelink.power_saving", "onelink.wrong_profile", "onelink.blocked",
      "onelink.worn_out_nvm", "onelink.auth_failure", "onelink.unexplained",
      // OneLink's requests to foreign platforms (campaigns with onelink: true).
      "onelink.requests", "onelink.requests_completed", "onelink.requests_failed", "onelink.requests_in_flight",
      // The usage OneLink counted (populations' activity_data) and its alerts.
      "onelink.data_bytes", "onelink.usage_alerts", "onelink.queries", "onelink.queries_offline",
      // OneNET's devices and data points (platforms.onenet).
      "onenet.registrations", "onenet.deletions", "onenet.suspensions", "onenet.resumptions", "onenet.datapoints",
      "onenet.datapoint_bytes", "onenet.datapoints_refused", "onenet.server_requests",
      "onenet.datapoints_server_refused", "onenet.registrations_server_refused", "onenet.devices_registered", "onenet.devices_online",
      "onenet.devices_offline", "onenet.devices_never_online", "onenet.devices_suspended",
      // Quota levels reached, and the customer API's requests (onelink-query campaigns).
      "onelink.quota_alerts", "onelink.query_requests", "onelink.query_requests_answered",
      "onelink.query_requests_refused", "onelink.query_cards_refused",
      // The devices' own MO SMS (activity_sms), as the SMSC took them and OneLink counted them.
      "sms.mo", "onelink.sms_mo", "onelink.sms_alerts",
      // The SMSC's crashes: MO SMS refused, answers lost, submissions held, alerts lost.
      "sms.mo_refused", "smsc.answers_lost", "smsc.submissions_held", "smsc.alerts_lost",
      // OneLink's records restored from an old backup: cards whose expectation went back.
      "onelink.expectations_restored",
      // The handover campaigns' profile switches, device by device (handover_times.hpp).
      "handover.ordered", "handover.done", "handover.failed", "handover.p50_s", "handover.p90_s", "handover.max_s",
      "handover.sms_per_device",
      // The environment's wear of the cards (populations with a temperature;
      // 0 without): programs failed by worn pages and out of range, and the
      // cards that had them, lost charge, or that their module declared
      // failed; each of the wear.cards_* also per population.
      "wear.worn_programs", "wear.hot_programs", "wear.cards_worn", "wear.cards_too_hot", "wear.cards_charge_lost",
      "wear.cards_failed",
      // The platforms' crashes (faults with action crash): requests lost in
      // a server's queue or service; the write module's PoRs and reports
      // lost while it was down, orders sent again at a restart and packets
      // lost before they left.
      "smsr.lost", "smdp.lost", "chip.lost", "onelink.lost", "onenet.lost", "ota.reports_lost", "ota.resent",
      "ota.packets_lost",
      // The SM-SRs' calls a PoR's error failed, by Response Status Code, and
      // the eUICCs whose OTA counter a restore-backup of an SM-SR set back.
      "smsr.por_rc_cc_ds_failed", "smsr.por_counter_low", "smsr.por_counter_high", "smsr.por_counter_blocked",
      "smsr.por_ciphering_error", "smsr.por_security_error", "smsr.por_no_memory", "smsr.por_more_time",
      "smsr.por_tar_unknown", "smsr.por_below_msl", "smsr.counters_restored",
      // The SM-SRs' calls an audit settled after a PoR "CNTR low"; the
      // MNOs' calls made again (campaigns[i].retry); the SM-DPs' own ES3
      // calls made again (platforms.sm_dp[i].es3_retry).
      "smsr.settled_by_audit", "smsr.retried", "smdp.retried", "smdp.es3_retried",
      // The SM-DPs' stock entries a restore-backup changed.
      "smdp.stock_restored",
      // The platforms' reports on the SimGrid links of their routes
      // (platform_links.hpp): how many, in how many transfers, their bytes,
      // the longest time one was on its way.
      "platform_links.messages", "platform_links.batches", "platform_links.bytes", "platform_links.longest_s",
      "platform_links.resent"};
  return names;
}

Expectation parse_expectation(const std::string& text, const std::vector<std::string>& populations) {
  std::size_t i = 0;
  skip_blanks(text, i);
  Expectation e;
  e.metric = read_metric(text, i, populations);
  if (e.metric.empty()) refuse(text, "no metric");
  skip_blanks(text, i);
  const std::size_t op_start = i;
  while (i < text.size() && (text[i] == '<' || text[i] == '>' || text[i] == '=' || text[i] == '!')) ++i;
  e.op = text.substr(op_start, i - op_start);
  if (e.op != "<" && e.op != "<=" && e.op != "==" && e.op != ">=" && e.op != ">")
    refuse(text, e.op.empty() ? "no operator" : "unknown operator '" + e.op + "'");
  skip_blanks(text, i);
  read_right_side(text, i, populations, e);
  return e;
}

std::optional<double> expectation_target(const Expectation& e, const std::map<std::string, double>& metrics) {
  if (e.rhs_metric.empty()) return e.value;
  const auto it = metrics.find(e.rhs_metric);
  if (it == metrics.end()) return std::nullopt;
  return e.value * it->second;
}

std::string expectation_rhs_text(const Expectation& e) {
  const std::string number = number_text(e.value);
  if (e.rhs_metric.empty()) return number;
  if (e.value == 1) return e.rhs_metric;
  return number + " * " + e.rhs_metric;
}

}  // namespace twinsim
