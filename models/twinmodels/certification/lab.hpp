#pragma once
// (internal) The test laboratory while one card goes through the cases
// (certify.cpp): the card, what its vendor handed over, and what earlier
// cases found out.
#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cardcore/auth/milenage.hpp"
#include "cardcore/card/uicc.hpp"
#include "cardcore/euicc/euicc.hpp"
#include "cardcore/ota/packet_fields.hpp"
#include "cardcore/profile/profile_template.hpp"
#include "twinmodels/certification/certify.hpp"
#include "twinmodels/modem/card_exchange.hpp"
#include "twinmodels/modem/card_port.hpp"
#include "twinmodels/modem/modem_context.hpp"
#include "twinmodels/ota/ota_sms_link.hpp"
#include "twinmodels/platform/sgp02_pki.hpp"

namespace twinmodels::certification {

// A command's response as the test terminal got it (the T=0 procedures
// done by modem::CardExchange).
struct CardAnswer {
  cardcore::Bytes data;
  std::uint16_t sw = 0;
  bool ok() const { return modem::sw_ok(sw); }  // '90 00', or '91 XX': a proactive command waits
};

// The seed of the laboratory's own keys: its PKI, and the ISD-R keys of an
// eUICC its EUM makes (ours).
inline constexpr std::uint64_t kLabSeed = 0x5EC7'1F1ED;

// An eUICC under test (CardSource::Kind::Euicc; euicc_cases.cpp), what its
// EUM handed over with it, and what its cases found out.
struct EuiccUnderTest {
  platform::Sgp02Pki pki{kLabSeed};  // the laboratory's CI, EUM and CMCC's SM-DP
  std::unique_ptr<cardcore::euicc::Euicc> chip;
  std::optional<cardcore::ecasd::PublicKey> ecasd_key;  // PK.ECASD.ECKA, once its certificate verified (EU-02)
  std::uint32_t free_before = 0;  // free non-volatile memory before the download (EU-03)
  // The SM-SR's counter with the ISD-R's key set (TS 102 225 §5.1.1).
  cardcore::ota::Counter counter = 0;
};

struct Lab {
  Lab(const CardSource& s, const CertificationOptions& o) : source(s), options(o) {}
  const CardSource& source;
  const CertificationOptions& options;
  // A profile description is the domestic card (source document §3.1.1);
  // a package an international card's profile.
  bool domestic = false;
  std::vector<std::string> ignored;  // package content the card does not use (PC-02)
  // The card the cases run on, and its profile: the laboratory's own card,
  // or the profile an eUICC has enabled (follow_enabled_profile()).
  cardcore::Uicc* card = nullptr;
  const cardcore::ProfileTemplate* profile = nullptr;
  std::optional<cardcore::Uicc> own_card;  // the laboratory's own (it keeps its profile)
  std::optional<EuiccUnderTest> euicc;     // an eUICC under test (CardSource::Kind::Euicc)
  // The chip the terminal talks to: the card, or the eUICC (declared after
  // both: it goes first).
  std::unique_ptr<modem::CardPort> port;
  modem::CardTiming timing;  // unused: the laboratory does not time the exchanges
  std::optional<modem::CardExchange> terminal;
  // The vendor's key data: the subscription's K and OPc, which the home
  // network's AuC holds.
  cardcore::Bytes k, opc;
  cardcore::Bytes usim_aid;  // from EF.DIR (PC-04)
  std::uint64_t seq = 0;     // the AuC's SEQ of the last vector (TS 33.102 Annex C.1.1)
  // The platform's last counter per counter record of the card (TS 102
  // 225 §5.1.1): what it sent last with each key set.
  std::map<std::uint8_t, cardcore::ota::Counter> counters;

  // Builds the card from the profile and connects the test terminal.
  void insert_card(std::shared_ptr<const cardcore::ProfileTemplate> p);
  // Connects the test terminal to the eUICC, running its enabled profile.
  void insert_euicc();
  // The eUICC's enabled profile as the card of the cases; false when none is.
  bool follow_enabled_profile();
  void remove_card();
  // A cold reset of the chip in the terminal (ISO/IEC 7816-3 §6.2.2); its
  // ATR. An eUICC then gets the terminal's TERMINAL PROFILE (TS 102 221
  // §11.1.19), so that its proactive commands reach the terminal, and the
  // commands it answers with are confirmed.
  cardcore::Bytes power_cycle();
  // The proactive commands the card announces ('91 XX', TS 102 221 §14.6.4):
  // fetched one after another, each not of `type` (TS 102 223 §9.4)
  // confirmed; the first of `type`, unconfirmed, or nullopt when none came.
  std::optional<cardcore::Bytes> fetch_until(std::uint8_t type);
  // TERMINAL RESPONSE "command performed successfully" (TS 102 223 §6.8).
  void confirm(cardcore::ByteView command);
  CardAnswer send(cardcore::ByteView apdu);
  // EF.IMSI as the terminal reads it after reset_to_usim().
  CardAnswer read_imsi_ef();
  // A cold reset, SELECT ADF.USIM by its AID and, when the card asks for
  // it, VERIFY PIN1; false if refused.
  bool reset_to_usim();
};

// An IoT modem's SIM Toolkit (TS 102 223 §5.2): profile download, SMS-PP
// data download, command results, REFRESH, SEND SHORT MESSAGE.
cardcore::Bytes iot_terminal_profile();

// TS 102 221 §11.1.1: SELECT by file identifier (P1 '00') or DF name (P1
// '04'), returning the FCP (P2 '04').
cardcore::Bytes select_fid(std::uint16_t fid);
cardcore::Bytes select_aid(cardcore::ByteView aid);
// "6A82" for a status word.
std::string sw_text(std::uint16_t sw);

// The home network's authentication vector (TS 33.102 §6.3.2) with the
// card's keys and its profile's MILENAGE constants: SEQ `seq`, IND cycling
// with it, AMF with the separation bit (TS 33.401 §6.1.1).
struct LabVector {
  std::array<std::uint8_t, 16> rand{};
  std::uint64_t sqn = 0;
  cardcore::MilenageVector m;
};
LabVector auc_vector(const Lab& lab, std::uint64_t seq);
cardcore::Milenage auc_milenage(const Lab& lab);

// The platform's end of SCP80 with the card application `tar` (TS 102 225
// §5.1), with the card's key set for it as the vendor supplied it; an
// application with no key set of its own uses the ISD's (`isd_fallback`).
// The strongest security the key set allows: cryptographic checksum,
// ciphering when it has a KIc key, counter higher than the last; PoR always,
// with a checksum, in the report. nullopt: no key set.
// Its counter is the laboratory's last for the key set's counter record.
struct LabOtaConfig {
  ota::OtaCardConfig config;
  std::uint8_t counter_record = 0;
};
std::optional<LabOtaConfig> lab_ota_config(const Lab& lab, const cardcore::ota::Tar& tar, bool isd_fallback);
// The same for the key sets of `card` (its profile `profile`), with the
// platform's last counters `counters`.
std::optional<LabOtaConfig> key_set_config(const cardcore::ProfileTemplate& profile, const cardcore::Uicc& card,
                                           const cardcore::ota::Tar& tar, bool isd_fallback,
                                           const std::map<std::uint8_t, cardcore::ota::Counter>& counters);
// Each SMS-DELIVER of a packet in an ENVELOPE (SMS-PP data download, TS
// 31.111 §7.1.1); the last one's answer data (the PoR's TP-UD) and status word.
CardAnswer deliver_sms_pp(Lab& lab, const std::vector<cardcore::Bytes>& tpdus);
// One secured packet through `link` and the card: its PoR, or why there is
// none (`why`).
std::optional<ota::PorResult> round_trip(Lab& lab, ota::OtaSmsLink& link, const cardcore::Bytes& secured, std::string& why,
                                         std::optional<ota::ScriptFormat> format = std::nullopt);

}  // namespace twinmodels::certification
