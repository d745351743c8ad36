// OneLink's SMS usage (the source document §3.2.1, 阈值告警): each MO SMS
// of a followed device's own (its population's activity_sms) is one SMS of
// the card's and its account's usage in the billing period the SMSC took
// it in; a card reaching platforms.onelink.sms_alert, or an account its
// account_sms_alert, raises one SMS usage alert for that period.
//
// Which SMS count is ours: the devices' own MO SMS, the person-to-device
// traffic a customer's plan counts. The platforms' OTA packets (the
// write-card campaigns' and the SM-SRs' MT SMS, SMS-PP data download with
// TP-PID '7F', TS 31.111 §7.1.1) and the eUICCs' notifications to the
// SM-SRs (MO SMS of the card, SGP.02 §4.1.1.11) are the operator's
// management of the card and count in no usage; a run has no other MT SMS.
#include "twinsim/engine/event_kinds.hpp"
#include "twinsim/engine/onelink_run.hpp"
#include "twinsim/recorder/run_file.hpp"

namespace twinsim {

namespace pf = twinmodels::platform;

void OneLinkRun::apply_sms_usage(SimTime used, SimTime heard, std::uint16_t population, std::uint32_t device,
                                 RunFile& out) {
  pf::Usage u;
  u.sms_count = 1;
  onelink_.report_usage(iccid_of(population, device), static_cast<std::int64_t>(used / 1000), u);
  ++counters_.sms_mo;
  // Only this SMS raised alerts since the last take: the SMS limits'.
  for (const pf::Alert& a : onelink_.take_alerts()) {
    ++counters_.sms_alerts;
    out.add_event(static_cast<double>(heard / 1000) / 1000, device, onelink_sms_alert_kind(), static_cast<std::int64_t>(a.value));
  }
}

}  // namespace twinsim
