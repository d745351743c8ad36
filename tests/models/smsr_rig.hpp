#pragma once
// The eUICC rig with an SM-SR (twinmodels::platform::SmSr) that manages its
// eUICC: the device registered and in service, the EIS registered with the
// profiles' MSISDNs, helpers to move the SM-SR's SMS to the device.
#include "euicc_rig.hpp"

#include <optional>
#include <string>
#include <vector>

#include "cardcore/euicc/sgp02.hpp"
#include "twinmodels/platform/sm_sr.hpp"

namespace twinmodels::testing {

inline const std::string kCmccMsisdn = "8613900000003";
inline const std::string kForeignMsisdn = "447700900004";

inline platform::FunctionCall es4(platform::FunctionCall::Kind k, const std::string& id, const std::string& eid, const std::string& iccid) {
  platform::FunctionCall f;
  f.kind = k;
  f.call_id = id;
  f.eid = eid;
  f.iccid = iccid;
  return f;
}

// China Mobile's SM-SR of the rigs.
inline platform::SmSrConfig cmcc_smsr_config() {
  return platform::SmSrConfig{"SM-SR-CMCC", kSmsr, cardcore::cat::Address{0x91, cardcore::from_hex("683108100005F0")}, 3};
}

// The rig registered and in service, and an SM-SR that manages its eUICC
// (by default China Mobile's; for EuiccLayout::Import the caller gives the
// foreign one, and the device attaches on the foreign subscription 4).
struct SmSrRig : EuiccRig {
  platform::SmSr smsr_platform;

  explicit SmSrRig(std::optional<cardcore::euicc::EcasdPersonalization> ecasd = std::nullopt,
                   cardcore::Bytes ecasd_certificate = {}, ModemConfig modem_config = {},
                   EuiccLayout layout = EuiccLayout::Export, platform::SmSrConfig smsr = cmcc_smsr_config())
      : EuiccRig(std::move(modem_config), std::move(ecasd), layout), smsr_platform(std::move(smsr)) {
    if (layout == EuiccLayout::Import) subscriber = 4;
    network_attach(in(PowerOn{}));
    EXPECT_EQ(modem.state(), ModemState::Registered);
    platform::Eis eis;
    eis.eid = e.eid();
    eis.eum_id = "EUM-TEST";
    eis.isd_r_aid.assign(cardcore::euicc::kIsdRAid.begin(), cardcore::euicc::kIsdRAid.end());
    eis.ecasd_certificate = std::move(ecasd_certificate);
    for (const cardcore::euicc::ProfileInfo& p : e.profiles()) {
      platform::EisProfile q;
      q.iccid = p.iccid;
      q.isdp_aid = p.isdp_aid;
      q.fallback = p.fallback;
      q.state = p.state == cardcore::euicc::isdp_state::kEnabled ? platform::ProfileState::Enabled
                                                                   : platform::ProfileState::Disabled;
      const bool cmcc = cardcore::to_hex(p.isdp_aid) == cardcore::to_hex(cardcore::from_hex(kIsdP1));
      q.mno_id = cmcc ? "CMCC" : "FOREIGN";
      q.msisdn = cmcc ? kCmccMsisdn : kForeignMsisdn;
      q.imsi = imsi_of(cmcc ? 3 : 4);
      eis.profiles.push_back(q);
    }
    smsr_platform.register_eis(eis, isd_r_config());
  }
  std::string iccid(const std::string& aid) const {
    for (const auto& p : e.profiles()) {
      if (cardcore::to_hex(p.isdp_aid) == cardcore::to_hex(cardcore::from_hex(aid))) return p.iccid;
    }
    return {};
  }
  platform::FunctionCall call(platform::FunctionCall::Kind k, const std::string& id, const std::string& on = {}) {
    return es4(k, id, e.eid(), on.empty() ? std::string() : iccid(on));
  }
  // Sends what the SM-SR has for the device and gives it the device's
  // report; returns the outputs of the last SMS.
  std::vector<ModemOutput> deliver() { return deliver(smsr_platform); }
  std::vector<ModemOutput> deliver(platform::SmSr& from) {
    std::vector<ModemOutput> o;
    for (const platform::OutgoingSms& m : from.take_outgoing(kScts)) {
      for (const cardcore::Bytes& t : m.delivers) {
        now += 1000;
        o = in(MtSms{kSmsc, t});
      }
      if (const SendRpAck* ack = find<SendRpAck>(o)) from.on_delivery_report(m.eid, ack->deliver_report, true);
    }
    return o;
  }
  platform::FunctionResult only_result() { return only_result(smsr_platform); }
  static platform::FunctionResult only_result(platform::SmSr& from) {
    std::vector<platform::FunctionResult> r = from.take_results();
    EXPECT_EQ(r.size(), 1u);
    return r.empty() ? platform::FunctionResult{} : r.front();
  }
};

}  // namespace twinmodels::testing
