#pragma once
// The platforms behind a run's campaigns: for a write-card campaign, the
// write-card platform (twinmodels::ota::WriteCardPlatform) that gives each
// device of the population a new subscription — IMSI under the campaign's
// prefix, K and OPc of HSS subscriber devices + d — over SMS-PP, and reads
// the applet's answer out of the device's RP-ACK. Stateless per device:
// everything derives from the seed, so nothing is kept per message.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "cardcore/profile/profile_template.hpp"
#include "cardcore/sms/address.hpp"
#include "cardcore/sms/submit.hpp"
#include "cardcore/util/bytes.hpp"
#include "twinsim/engine/event_queue.hpp"
#include "twinsim/scenario/scenario.hpp"

namespace twinsim {

// The TP-VP of a campaign's SMS: its `validity`, or none (the SMSC's default).
cardcore::sms::ValidityPeriod campaign_validity(const CampaignSpec& spec);

// A domestic card's number (the TP-DA the write-card platform addresses it
// with; the chip management platform's MSISDN of it): the engine gives
// cards no MSISDN, so device d is +86 148 and d on 8 digits (our scheme; it
// only comes back as TP-RA in the status report).
std::string device_msisdn(std::uint32_t device);

// Number migration campaign `campaign` (write-card with numbers_from):
// the failed terminal whose number replacement terminal `device` (of the
// campaign's population) takes — device i of the one, device i of the other.
std::uint32_t migrated_from(const Scenario& s, std::uint16_t campaign, std::uint32_t device);

class CampaignPlatforms {
 public:
  // profiles: each population's card profile.
  CampaignPlatforms(const Scenario& s, std::uint64_t devices,
                    std::vector<std::shared_ptr<const cardcore::ProfileTemplate>> profiles);
  ~CampaignPlatforms();

  // `attempt` (1, 2, ...): the write module's attempt of the device's
  // write; its packet carries counter `attempt` (WriteModule, write_module.hpp).
  // The SMS-SUBMIT the platform hands the SMSC for device d at t (TS 23.040
  // §9.2.2.2); an absolute validity period is read off the write module's
  // clock, `skew_s` from the true time (FaultPlan::write_module_skew).
  cardcore::sms::SmsSubmit submit(std::uint16_t campaign, std::uint32_t device, std::uint32_t attempt, SimTime t,
                                  double skew_s) const;
  // The SMS-DELIVER TPDUs the SMSC forwards to the device, stamped at t.
  std::vector<cardcore::Bytes> delivers(std::uint16_t campaign, std::uint32_t device, std::uint32_t attempt,
                                        SimTime t) const;
  // What the platform reads in the device's SMS-DELIVER-REPORT (RP-ACK, or
  // RP-ERROR when !ack).
  struct PorReading {
    int result = -1;  // the applet's result code; -1 when there is none (no PoR it can read, an error PoR)
    // The ota_por row's value (docs/RUN-FILE.md): the result, or for a PoR
    // whose response status code is an error (TS 102 225 §5.1.2 Table 5.5)
    // kPorStatusRow + that code (258: CNTR low); -1 when unreadable.
    int row = -1;
  };
  static constexpr int kPorStatusRow = 256;
  PorReading read_por(std::uint16_t campaign, std::uint32_t device, std::uint32_t attempt, cardcore::ByteView report,
                      bool ack) const;
  // The SMSC's address (RP-Originator of MT SMS).
  const cardcore::sms::Address& service_centre() const { return service_centre_; }

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  cardcore::sms::Address service_centre_;
};

}  // namespace twinsim
