#pragma once
// The eUICC rig with an SM-SR (twinmodels::platform::SmSr) that manages its
// eUICC: the device registered and in service, the EIS registered with the
// profiles' MSISDNs, helpers to move the SM-SR's SMS to the device.
#include "euicc_rig.hpp"
#include "ip_network.hpp"

#include <algorithm>
#include <map>
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

// What becomes of an SM-SR's packet: delivered and its PoR (the RP-ACK)
// back to the SM-SR; delivered and run, the PoR lost; not delivered (the
// SMSC gave up).
enum class PorPath : std::uint8_t { Delivered, Lost, Undelivered };

// What carry() moved: the device's outputs after the last SMS, the most
// SMS-DELIVERs of one packet.
struct Carried {
  std::vector<ModemOutput> last;
  std::size_t most_messages = 0;
};

// The mobile network around the rig's device, for carry(): each
// subscription's IMSI with its HSS subscriber and MSISDN. An SMS reaches the
// device only while it is registered with the IMSI of the number the SM-SR
// sends to; after a REFRESH the device attaches again (the MME's part,
// ModemRig::network_attach) and the eUICC's notification, an MO SMS from
// the new number, goes to the SM-SR.
struct Network {
  struct Subscription {
    std::uint64_t subscriber = 0;
    std::string msisdn;
  };
  std::map<std::string, Subscription, std::less<>> by_imsi;
  std::vector<platform::EuiccNotification> notifications;  // the ones the SM-SR took
  std::vector<cardcore::Bytes> mo_sms;                     // the device's SMS-SUBMITs after an attach
  std::size_t undeliverable = 0;                           // SMS the SMSC could not deliver

  bool reaches(const EuiccRig& rig, const std::string& msisdn) const {
    const auto it = by_imsi.find(rig.modem.imsi());
    return rig.modem.state() == ModemState::Registered && it != by_imsi.end() && it->second.msisdn == msisdn;
  }
  // An ATTACH REQUEST in `o`: the network attaches the device; its MO SMS
  // go to `smsr`.
  void settle(EuiccRig& rig, platform::SmSr& smsr, const std::vector<ModemOutput>& o) {
    const SendAttachRequest* req = ModemRig::find<SendAttachRequest>(o);
    if (!req) return;
    const auto it = by_imsi.find(req->imsi);
    if (it == by_imsi.end()) return;  // not a subscription of this network
    rig.subscriber = it->second.subscriber;
    const std::vector<ModemOutput> attached = rig.network_attach(o);
    if (const SendMoSms* mo = ModemRig::find<SendMoSms>(attached)) {
      mo_sms.push_back(mo->tpdu);
      if (std::optional<platform::EuiccNotification> n = smsr.on_mo_sms(it->second.msisdn, mo->tpdu, rig.now)) {
        notifications.push_back(*n);
      }
      rig.in(MoSmsResult{true, 0});
    }
  }
};

// The SMSC between an SM-SR and the rig's device: every SMS the SM-SR has
// goes to the modem; the RP-ACK's PoR goes back to the SM-SR, or, when the
// device sent none or `por` is Lost (the SMS was delivered and run on the
// card, the RP-ACK did not come back), the delivery counts as failed. With
// a `network`, an SMS for a number the device is not registered with is not
// delivered (failed), and the network attaches the device after a REFRESH.
// With an `ip` network, the device's BIP channel (an HTTPS session after a
// push) runs through it before the network sees the outputs.
inline Carried carry(EuiccRig& rig, platform::SmSr& smsr, PorPath por = PorPath::Delivered, Network* network = nullptr,
                     IpNetwork* ip = nullptr) {
  Carried c;
  for (const platform::OutgoingSms& m : smsr.take_outgoing(kScts)) {
    if (por == PorPath::Undelivered || (network && !network->reaches(rig, m.msisdn))) {
      if (network) ++network->undeliverable;
      smsr.on_delivery_failed(m.eid);
      continue;
    }
    c.most_messages = std::max(c.most_messages, m.delivers.size());
    for (const cardcore::Bytes& t : m.delivers) {
      rig.now += 1000;
      c.last = rig.in(MtSms{kSmsc, t});
    }
    const SendRpAck* ack = ModemRig::find<SendRpAck>(c.last);
    if (ack && por == PorPath::Delivered) {
      smsr.on_delivery_report(m.eid, ack->deliver_report, true);
    } else {
      smsr.on_delivery_failed(m.eid);
    }
    if (ip) c.last = ip->run(rig, c.last);
    if (network) network->settle(rig, smsr, c.last);
  }
  return c;
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
                   EuiccLayout layout = EuiccLayout::Export, platform::SmSrConfig smsr = cmcc_smsr_config(),
                   std::optional<cardcore::euicc::Scp81Personalization> scp81 = std::nullopt, EuiccIdentity id = {})
      : EuiccRig(std::move(modem_config), std::move(ecasd), layout, scp81, std::move(id)), smsr_platform(std::move(smsr)) {
    if (layout == EuiccLayout::Import) subscriber = identity.foreign;
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
      q.pol1 = p.pol1;
      q.state = p.state == cardcore::euicc::isdp_state::kEnabled ? platform::ProfileState::Enabled
                                                                   : platform::ProfileState::Disabled;
      const bool cmcc = cardcore::to_hex(p.isdp_aid) == cardcore::to_hex(cardcore::from_hex(kIsdP1));
      q.mno_id = cmcc ? "CMCC" : "FOREIGN";
      q.msisdn = cmcc ? (identity.cmcc_msisdn.empty() ? kCmccMsisdn : identity.cmcc_msisdn)
                      : (identity.foreign_msisdn.empty() ? kForeignMsisdn : identity.foreign_msisdn);
      q.imsi = imsi_of(cmcc ? identity.cmcc : identity.foreign);
      eis.profiles.push_back(q);
    }
    // The EUM's EIS names the ISD-R's SCP81 PSK when the card has one, and
    // gives the SM-SR the PSK with it.
    std::optional<platform::Scp81Key> psk;
    if (scp81) {
      psk = platform::Scp81Key{scp81->key_version, scp81->key_id, scp81->psk};
      eis.isd_r_psk_version = scp81->key_version;
    }
    smsr_platform.register_eis(eis, isd_r_config(), psk);
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
  std::vector<ModemOutput> deliver(platform::SmSr& from) { return carry(*this, from, PorPath::Delivered, nullptr, ip).last; }
  // The IP network of the HTTPS sessions (https_rig.hpp); none: SMS only.
  IpNetwork* ip = nullptr;
  platform::FunctionResult only_result() { return only_result(smsr_platform); }
  static platform::FunctionResult only_result(platform::SmSr& from) {
    std::vector<platform::FunctionResult> r = from.take_results();
    EXPECT_EQ(r.size(), 1u);
    return r.empty() ? platform::FunctionResult{} : r.front();
  }
};

}  // namespace twinmodels::testing
