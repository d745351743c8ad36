#pragma once
// The eUICCs of a run's international populations (card international):
// what the EUM writes at the eUICC factory (SGP.02 §3.1) and registers with
// the SM-SR (ES1.RegisterEIS), all derived from the scenario seed so that
// the cards, the HSS and the SM-SR agree without a key table:
//   - the EID of device d: "89" "086" "030" (ours: China, issuer 030), the
//     device index on 22 digits and two check digits (EID mod 97 = 1,
//     GSMA SGP.29 §2.2);
//   - the ISD-R's SCP80 key set: SubscriberKeyDerivation::ota_keys of key
//     subscriber kIsdRKeys | d, for the platform's key set records;
//   - profile k of device d in ISD-P AID ...89 0000 1k 00 (record 2 + k):
//     ICCID "8986" "9k" and d on 12 digits (+ Luhn, ours), IMSI = profile
//     k's prefix + d, K and OPc of HSS subscriber profile_subscriber(k, d),
//     MSISDN +86 14k (k = 8 for profile 0, the domestic cards' numbers) and
//     d on 8 digits (ours);
//   - with euicc.scp81, the ISD-R's SCP81 admin agent (GP Amendment B):
//     defaults naming the population's SM-SR's admin server (TCP, its
//     address and port, Host, URI; buffer 1024; agent id //se-id/eid/<EID>)
//     and the PSK '40' / 01 of 16 bytes, SHA-256 of "scp81-psk", the seed
//     and d (ours), which the EIS gives the SM-SR;
//   - in populations a download-profile campaign targets, the ECASD of the
//     run's PKI (run_pki.hpp); profiles with state not-installed are the SM-DP's
//     stock: the same numbering, not on the card.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "cardcore/euicc/euicc.hpp"
#include "cardcore/profile/profile_template.hpp"
#include "cardcore/sms/address.hpp"
#include "twinmodels/network/subscriber_keys.hpp"
#include "twinmodels/ota/ota_sms_link.hpp"
#include "twinmodels/platform/profile_preparation.hpp"
#include "twinmodels/platform/eis.hpp"
#include "twinmodels/platform/scp81_key.hpp"
#include "twinsim/engine/run_pki.hpp"
#include "twinsim/scenario/scenario.hpp"

namespace twinsim {

// Where the ISD-R keys sit in the key derivation's subscriber numbers: far
// above every HSS subscriber (those are 32-bit).
inline constexpr std::uint64_t kIsdRKeys = 1ull << 40;

// The HSS's subscribers come in blocks of one per device: block 0 the
// devices' first subscriptions (device d is subscriber d), block 1 the
// write-card campaigns' new ones (when the scenario has one), then one
// block per eUICC profile index k >= 1. Throws ScenarioError when the
// blocks pass 2^32 subscribers.
std::uint64_t subscriber_blocks(const Scenario& s);
// The HSS subscriber of profile k of device d (k 0: d itself).
std::uint32_t profile_subscriber(const Scenario& s, std::uint64_t devices, std::size_t k, std::uint32_t d);

// The profile numbering of the header, for the engine and the SM-SR.
std::string euicc_eid(std::uint32_t device);
std::string profile_msisdn(std::size_t k, std::uint32_t device);
cardcore::Bytes profile_isdp_aid(std::size_t k);
// Profile k's ICCID as personalization takes it (18 digits; the card adds the Luhn digit).
std::string profile_iccid(std::size_t k, std::uint32_t device);
// A domestic card's ICCID as personalization takes it: "898604" and the
// device on 12 digits (ours).
std::string domestic_iccid(std::uint32_t device);
// An ICCID of 18 or 19 digits as the card prints it: with the Luhn digit
// personalization appends (ITU-T E.118 §4.4).
std::string printed_iccid(const std::string& digits);

class EuiccFactory {
 public:
  // By population: the eUICC platform profile (null for domestic cards)
  // and the profile template its international cards' profiles are made from.
  EuiccFactory(const Scenario& s, std::uint64_t devices,
               std::vector<std::shared_ptr<const cardcore::ProfileTemplate>> platforms,
               std::vector<std::shared_ptr<const cardcore::ProfileTemplate>> profiles);

  // Device d of international population p, personalized, its profiles
  // installed. Throws ScenarioError when the profiles do not fit the card.
  std::unique_ptr<cardcore::euicc::Euicc> make(std::uint16_t population, std::uint32_t device) const;
  // The EIS the EUM gives the SM-SR for it: its profiles as make() installs them.
  twinmodels::platform::Eis eis(std::uint16_t population, std::uint32_t device) const;
  // The SM-SR's view of the ISD-R (TAR 00 00 01): its key set, SPI (MSL
  // 16: cryptographic checksum, ciphering, counter higher; PoR in the
  // RP-ACK with a checksum, ciphered), counter 0, TP-OA `smsr`.
  twinmodels::ota::OtaCardConfig isd_r(std::uint16_t population, std::uint32_t device,
                                      const cardcore::sms::Address& smsr) const;
  // The SM-DP's stock entry for profile k of device d: the values of the
  // subscription the HSS holds for it, as SmDp::load_stock takes them.
  twinmodels::platform::SubscriptionValues subscription(std::uint16_t population, std::size_t k, std::uint32_t device) const;
  // The ISD-R's SCP81 PSK as the EUM gives it to the SM-SR (ES1.RegisterEIS);
  // none without euicc.scp81.
  std::optional<twinmodels::platform::Scp81Key> scp81_key(std::uint16_t population, std::uint32_t device) const;
  // The run's PKI when the scenario downloads profiles, changes SM-SRs or
  // orders at an SM-DP; null otherwise.
  const RunPki* pki() const { return pki_.get(); }
  // The profile k whose IMSI is `imsi` for device d of population p; -1: none.
  int profile_of_imsi(std::uint16_t population, std::uint32_t device, const std::string& imsi) const;

 private:
  const Scenario& scenario_;
  std::uint64_t devices_;
  std::vector<std::shared_ptr<const cardcore::ProfileTemplate>> platforms_;
  std::vector<std::shared_ptr<const cardcore::ProfileTemplate>> profiles_;
  twinmodels::SubscriberKeyDerivation keys_;
  std::unique_ptr<const RunPki> pki_;
  std::vector<bool> with_ecasd_;  // by population: a download-profile campaign targets it
};

}  // namespace twinsim
