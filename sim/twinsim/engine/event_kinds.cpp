#include "twinsim/engine/event_kinds.hpp"

#include <cctype>

#include "twinmodels/modem/modem_io.hpp"

namespace twinsim {

namespace {

using twinmodels::modem::ModemEvent;

// The modem reports whose kinds follow ModemReportFirst; those after them
// come after the SM-DP's rows (append only: the run-file schema).
constexpr unsigned kModemEvents = static_cast<unsigned>(ModemEvent::AuthenticationRejected) + 1;
constexpr unsigned kLaterModemEvents = static_cast<unsigned>(ModemEvent::EmergencyProfileRefused) + 1;

std::string modem_report_name(unsigned e) {
  std::string name = std::string("modem_") + twinmodels::modem::to_string(static_cast<ModemEvent>(e));
  for (char& c : name) c = (c == ' ' || c == '-') ? '_' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return name;
}

}  // namespace

std::uint8_t modem_report_kind(std::uint8_t modem_event) {
  if (modem_event < kModemEvents)
    return static_cast<std::uint8_t>(static_cast<unsigned>(EventKind::ModemReportFirst) + modem_event);
  return static_cast<std::uint8_t>(smdp_event_kind(SmDpEvent::Refused) + 1u + (modem_event - kModemEvents));
}

std::uint8_t onelink_usage_alert_kind() {
  return static_cast<std::uint8_t>(smdp_event_kind(SmDpEvent::Refused) + 1u + (kLaterModemEvents - kModemEvents));
}

std::uint8_t onelink_query_kind() { return static_cast<std::uint8_t>(onelink_usage_alert_kind() + 1u); }
std::uint8_t onelink_quota_alert_kind() { return static_cast<std::uint8_t>(isd_lift_kind() + 1u); }
std::uint8_t onelink_query_request_kind() { return static_cast<std::uint8_t>(onelink_quota_alert_kind() + 1u); }
std::uint8_t onelink_query_refused_kind() { return static_cast<std::uint8_t>(onelink_query_request_kind() + 1u); }

std::uint8_t detach_request_sent_kind() { return static_cast<std::uint8_t>(onelink_query_kind() + 1u); }
std::uint8_t hss_resend_kind() { return static_cast<std::uint8_t>(onelink_query_kind() + 2u); }
std::uint8_t isd_lift_kind() { return static_cast<std::uint8_t>(onelink_query_kind() + 3u); }

std::uint8_t sms_mo_kind() { return static_cast<std::uint8_t>(smsr_event_kind(SmSrEvent::AutoDeleteFailed) + 1u); }

std::uint8_t onelink_sms_alert_kind() { return static_cast<std::uint8_t>(sms_mo_kind() + 1u); }

std::uint8_t power_off_kind() { return static_cast<std::uint8_t>(onelink_sms_alert_kind() + 1u); }

std::uint8_t nvm_worn_out_kind() { return static_cast<std::uint8_t>(power_off_kind() + 1u); }
std::uint8_t nvm_too_hot_kind() { return static_cast<std::uint8_t>(power_off_kind() + 2u); }
std::uint8_t nvm_charge_lost_kind() { return static_cast<std::uint8_t>(power_off_kind() + 3u); }

std::uint8_t sms_answer_lost_kind() { return static_cast<std::uint8_t>(nvm_charge_lost_kind() + 1u); }
std::uint8_t sms_mo_refused_kind() { return static_cast<std::uint8_t>(nvm_charge_lost_kind() + 2u); }

std::uint8_t write_outcome_kind(std::uint8_t outcome) {
  return static_cast<std::uint8_t>(static_cast<unsigned>(EventKind::ModemReportFirst) + kModemEvents + outcome);
}

std::uint8_t smsr_event_kind(SmSrEvent e) {
  // POL2's Auto-Delete rows came later: after onelink_query_refused.
  if (e >= SmSrEvent::AutoDeleted)
    return static_cast<std::uint8_t>(onelink_query_refused_kind() + 1u + (static_cast<unsigned>(e) - static_cast<unsigned>(SmSrEvent::AutoDeleted)));
  return static_cast<std::uint8_t>(write_outcome_kind(3) + static_cast<unsigned>(e));
}

std::uint8_t onelink_event_kind(OneLinkEvent e) {
  return static_cast<std::uint8_t>(smsr_event_kind(SmSrEvent::Notification) + 1 + static_cast<unsigned>(e));
}

std::uint8_t smdp_event_kind(SmDpEvent e) {
  return static_cast<std::uint8_t>(onelink_event_kind(OneLinkEvent::Diagnosis) + 1 + static_cast<unsigned>(e));
}

const std::vector<std::string>& event_kind_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> n = {
        "power_on",      "imsi_read",   "vector_requested", "authenticated",  "sync_failure",  "mac_failure",
        "resync_failed", "rejected",    "wake",             "location_stored", "card_error",   "res_mismatch",
        "power_cycle",   "power_loss_armed", "power_loss",  "attach_request", "rrc_rejected",  "unknown_imsi",
        "auth_rejected", "connected",   "released",         "detached",       "sms_submitted", "sms_attempt",
        "sms_absent",    "sms_delivered", "sms_failed",     "sms_expired",    "ota_por"};
    for (unsigned e = 0; e < kModemEvents; ++e) n.push_back(modem_report_name(e));
    // WriteOutcome::Kind: Retry, Done, Failed.
    for (const char* w : {"ota_retry", "ota_done", "ota_failed"}) n.push_back(w);
    // SmSrEvent.
    for (const char* w : {"smsr_done", "smsr_failed", "smsr_expired", "smsr_refused", "euicc_notification"}) n.push_back(w);
    // OneLinkEvent.
    for (const char* w : {"onelink_alert", "onelink_diagnosis"}) n.push_back(w);
    // SmDpEvent.
    for (const char* w : {"smdp_done", "smdp_failed", "smdp_refused"}) n.push_back(w);
    // The modem reports added since (modem_report_kind).
    for (unsigned e = kModemEvents; e < kLaterModemEvents; ++e) n.push_back(modem_report_name(e));
    n.push_back("onelink_usage_alert");  // onelink_usage_alert_kind()
    n.push_back("onelink_query");        // onelink_query_kind()
    n.push_back("detach_request_sent");  // detach_request_sent_kind()
    n.push_back("hss_resend");           // hss_resend_kind()
    n.push_back("isd_lift");             // isd_lift_kind()
    n.push_back("onelink_quota_alert");    // onelink_quota_alert_kind()
    n.push_back("onelink_query_request");  // onelink_query_request_kind()
    n.push_back("onelink_query_refused");  // onelink_query_refused_kind()
    // SmSrEvent's POL2 Auto-Delete rows (smsr_event_kind).
    for (const char* w : {"smsr_auto_deleted", "smsr_auto_delete_failed"}) n.push_back(w);
    n.push_back("sms_mo");               // sms_mo_kind()
    n.push_back("onelink_sms_alert");    // onelink_sms_alert_kind()
    n.push_back("power_off");            // power_off_kind()
    n.push_back("nvm_worn_out");         // nvm_worn_out_kind()
    n.push_back("nvm_too_hot");          // nvm_too_hot_kind()
    n.push_back("nvm_charge_lost");      // nvm_charge_lost_kind()
    n.push_back("sms_answer_lost");      // sms_answer_lost_kind()
    n.push_back("sms_mo_refused");       // sms_mo_refused_kind()
    return n;
  }();
  return names;
}

}  // namespace twinsim
