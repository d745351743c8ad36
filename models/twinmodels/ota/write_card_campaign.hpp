#pragma once
// The write-card platform of a mass OTA number-writing campaign
// (docs/WRITE-CARD.md): for each device's card, the short messages that
// carry a new subscription to the write-card applet, and the reading of the
// PoR the device's modem returns in its RP-ACK / RP-ERROR.
//
// Per device the platform keeps nothing: the card's OTA keys and its new K
// and OPc are derived from the scenario seed (network/subscriber_keys.hpp),
// as the engine personalized the card and as the HSS derives them, and the
// counter comes with the order (a new card: 0). So messages() is a pure
// function of (seed, order, device number, SCTS, validity), and read_por()
// rebuilds what the packet was without a link per card.
//
// Path of one write: SmsSubmit to the SMSC (network/smsc.hpp, which keeps
// no user data) -> the SMS-DELIVER to the device's modem (modem::MtSms) ->
// SMS-PP download to the card (TS 31.111 §7.1.1) -> the PoR in the modem's
// SMS-DELIVER-REPORT (modem::SendRpAck / SendRpError) -> read_por().
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "cardcore/applet/write_card_format.hpp"
#include "cardcore/ota/packet_fields.hpp"
#include "cardcore/ota/sending_entity.hpp"
#include "cardcore/profile/profile_template.hpp"
#include "cardcore/remote/key_sets.hpp"
#include "cardcore/sms/address.hpp"
#include "cardcore/sms/deliver_report.hpp"
#include "cardcore/sms/submit.hpp"
#include "cardcore/sms/timestamp.hpp"
#include "cardcore/sms/validity_period.hpp"
#include "cardcore/util/bytes.hpp"
#include "twinmodels/network/subscriber_keys.hpp"
#include "twinmodels/ota/ota_sms_link.hpp"
#include "twinmodels/ota/write_card_messages.hpp"

namespace twinmodels::ota {

// The factory instance's TAR on the domestic card (docs/WRITE-CARD.md:
// bytes 13-15 of the instance AID, TS 102 226 §8.2.1.3.2.2).
inline constexpr cardcore::ota::Tar kWriteCardTar = {0xC0, 0x00, 0x01};

// One card's write.
struct WriteCardOrder {
  // The card's current subscriber number: its OTA keys derive from it
  // (SubscriberKeyDerivation::ota_keys; the engine's device index).
  std::uint64_t subscriber = 0;
  // The new subscription's subscriber number: its K and OPc are
  // derive_subscriber_keys(seed, new_subscriber), what the HSS/AuC uses for it.
  std::uint64_t new_subscriber = 0;
  std::string new_imsi;  // digits (TS 23.003 §2.2)
  std::uint32_t write_id = 1;  // not 0 (the factory subscription's)
  std::uint8_t refresh_mode = cardcore::applet::write_card::kDefaultRefresh;
  // The counter the card holds for the applet's key set (the ISD's,
  // EF.OTA_CNTR record 2 on the domestic card) before this packet: 0 on a
  // new card. The packet carries counter + 1 (TS 102 225 §5.1.1 "counter
  // higher"): a resent write needs the next one.
  cardcore::ota::Counter counter = 0;
};

// One short message of the packet (one unless it needs concatenation).
struct CampaignSms {
  // What the platform submits to the SMSC (TS 23.040 §9.2.2.2): TP-DA the
  // device's number, TP-SRR set, TP-PID 7F, TP-DCS F6, TP-VP as given, the
  // TP-UD of `deliver`; TP-MR the low byte of the packet's CNTR (+ the
  // segment's index), so a resent write is no duplicate (§9.2.3.25).
  cardcore::sms::SmsSubmit submit;
  // The SMS-DELIVER TPDU the SMSC forwards to the device (§9.2.2.1), as
  // OtaSmsLink::build makes it: TP-OA the platform, TP-SCTS as given.
  cardcore::Bytes deliver;
};

// The PoR of a write as the platform reads it.
struct WriteCardPor {
  PorResult por;  // status, the CNTR it answers, secured, the raw additional data
  // The applet's answer (docs/WRITE-CARD.md "Response"): present when the
  // PoR's status is Ok.
  std::optional<WriteCardResponse> response;
  bool ok() const { return por.ok() && response.has_value(); }
};

class WriteCardPlatform {
 public:
  // `profile`: the cards' profile template, for the key set record of `tar`
  // (or, when it has none, the Issuer Security Domain's, which the card
  // then uses for the applet: cardcore::remote::route_keys). `seed`: the
  // scenario seed. `originator`: the platform's number (TP-OA). Throws
  // std::invalid_argument when the profile has neither key set record.
  WriteCardPlatform(const cardcore::ProfileTemplate& profile, std::uint64_t seed, cardcore::sms::Address originator,
                    const cardcore::ota::Tar& tar = kWriteCardTar);

  // The packet of `order` for the device `device_number` (TP-DA), stamped
  // `scts`. Throws std::invalid_argument for a bad order (IMSI digits,
  // write id 0, REFRESH mode), OtaError(CounterExhausted) past
  // 'FFFFFFFFFF', cardcore::sms::SmsError for a number with no TP-DA form.
  std::vector<CampaignSms> messages(const WriteCardOrder& order, const cardcore::sms::Address& device_number,
                                    const cardcore::sms::Timestamp& scts,
                                    const cardcore::sms::ValidityPeriod& validity = {}) const;

  // The PoR in the SMS-DELIVER-REPORT TPDU of the device's RP-ACK or
  // RP-ERROR (`form`), checked with the keys of order.subscriber's card
  // against the packet messages(order, ...) sent (CNTR order.counter + 1).
  // A PoR with an error status (e.g. CounterLow, RcCcDsFailed) is returned
  // without a response. Throws OtaError naming the fault for a PoR that is
  // not this packet's (another card's keys or counter, another TAR) or is
  // malformed, and for applet data that does not decode.
  WriteCardPor read_por(const WriteCardOrder& order, cardcore::ByteView deliver_report,
                        cardcore::sms::ReportForm form) const;

  // What the platform uses for subscriber `subscriber`'s card, its
  // counter set to `counter`; SPI 16 19: CC, ciphering, counter higher;
  // PoR always, with CC, ciphered, in the SMS-DELIVER-REPORT (TS 102 225
  // §5.1.1; docs/WRITE-CARD.md minimum security level 16).
  OtaCardConfig card_config(std::uint64_t subscriber, cardcore::ota::Counter counter = 0) const;
  // The subscription the write carries: the new IMSI, K and OPc.
  NewSubscription subscription(const WriteCardOrder& order) const;
  const cardcore::ota::Tar& tar() const { return tar_; }

 private:
  SubscriberKeyDerivation keys_;
  cardcore::sms::Address originator_;
  cardcore::ota::Tar tar_;
  cardcore::remote::KeySetRecord record_;  // the key set the card uses for tar_
};

}  // namespace twinmodels::ota
