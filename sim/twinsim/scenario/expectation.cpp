#include "twinsim/scenario/expectation.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <stdexcept>

#include "twinsim/scenario/spelling.hpp"

namespace twinsim {

namespace {

bool metric_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.';
}
bool blank(char c) { return c == ' ' || c == '\t'; }

const char* const kForm = " (write <metric> <op> <number>, op one of < <= == >= >)";

}  // namespace

const std::vector<std::string>& expectation_metrics() {
  static const std::vector<std::string> names = {
      "attach_success_ratio", "devices_attached", "attaches",      "auth_failures", "sync_failures",
      "hss.served",           "hss.rejected",     "hss.max_queue", "events",        "max_erase_count",
      "power_cycles",         "power_losses",     "requests_lost", "answers_lost",       "brown_outs",
      // Devices with the modem model and the SMS of campaigns.
      "devices_registered", "rrc_rejected", "refreshes", "auth_rejects", "unknown_imsi", "sms.submitted",
      "sms.attempts", "sms.absent", "sms.delivered", "sms.failed", "sms.expired", "sms.last_delivery_s",
      "ota.por_ok", "ota.por_errors", "ota.done", "ota.failed", "ota.retries", "ota.last_done_s",
      // The write-card campaigns' tail: from the campaign's at to each order done.
      "ota.done_p50_s", "ota.done_p90_s", "ota.done_p99_s", "ota.done_max_s", "ota.attempts_per_order",
      "mme.congestion_rejects",
      // The SM-SR's campaign calls (enable-profile).
      "smsr.done", "smsr.failed", "smsr.expired", "smsr.refused", "smsr.notifications", "smsr.last_done_s",
      "smsr.changes_done", "smsr.changes_failed", "smsr.changes_expired", "smsr.changes_refused", "smsr.changes_last_done_s",
      // POL2's Auto-Delete: the SM-SRs' own deletions of disabled profiles.
      "smsr.auto_deleted", "smsr.auto_delete_failed",
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
      "https.sessions", "https.unreachable", "https.refused", "https.bytes_up", "https.bytes_down",
      // The chip management platform's records.
      "chip.activated", "chip.ota_written", "chip.recycled", "chip.suspended", "chip.resumed", "chip.deactivated",
      "chip.scrapped", "chip.attaches_barred", "chip.detaches", "chip.detaches_local",
      "chip.detach_retransmissions", "chip.isd_lifts", "chip.hss_resends", "chip.quarantined", "chip.retried", "chip.failed", "chip.billable_days", "chip.charge",
      "chip.profiles_downloaded", "chip.profiles_enabled", "chip.profiles_deleted", "chip.sm_sr_changes",
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
      "sms.mo", "onelink.sms_mo", "onelink.sms_alerts"};
  return names;
}

Expectation parse_expectation(const std::string& text) {
  std::size_t i = 0;
  while (i < text.size() && blank(text[i])) ++i;
  const std::size_t metric_start = i;
  while (i < text.size() && metric_char(text[i])) ++i;
  Expectation e;
  e.metric = text.substr(metric_start, i - metric_start);
  if (e.metric.empty()) throw std::invalid_argument("'" + text + "': no metric" + kForm);
  const auto& metrics = expectation_metrics();
  if (std::find(metrics.begin(), metrics.end(), e.metric) == metrics.end()) {
    const auto guess = closest_word(e.metric, metrics);
    throw std::invalid_argument(
        "unknown metric '" + e.metric + "'" +
        (guess ? "; did you mean '" + *guess + "'?" : " (metrics: " + join_words(metrics) + ")"));
  }
  while (i < text.size() && blank(text[i])) ++i;
  const std::size_t op_start = i;
  while (i < text.size() && (text[i] == '<' || text[i] == '>' || text[i] == '=' || text[i] == '!')) ++i;
  e.op = text.substr(op_start, i - op_start);
  if (e.op != "<" && e.op != "<=" && e.op != "==" && e.op != ">=" && e.op != ">") {
    throw std::invalid_argument("'" + text +
                                "': " + (e.op.empty() ? "no operator" : "unknown operator '" + e.op + "'") + kForm);
  }
  while (i < text.size() && blank(text[i])) ++i;
  std::size_t end = text.size();
  while (end > i && blank(text[end - 1])) --end;
  const char* first = text.data() + i;
  const char* last = text.data() + end;
  // from_chars takes no '+'; people write it.
  if (last - first > 1 && *first == '+' && (std::isdigit(static_cast<unsigned char>(first[1])) || first[1] == '.'))
    ++first;
  const auto [ptr, ec] = std::from_chars(first, last, e.value);
  if (first == last || ec != std::errc() || ptr != last || !std::isfinite(e.value)) {
    throw std::invalid_argument(
        "'" + text + "': " + (first == last ? "no number" : "'" + std::string(first, last) + "' is not a number") +
        kForm);
  }
  return e;
}

}  // namespace twinsim
