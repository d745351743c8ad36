#include "twinmodels/ota/write_card_campaign.hpp"

#include <stdexcept>
#include <utility>

#include "cardcore/remote/tar.hpp"
#include "cardcore/sms/deliver.hpp"
#include "cardcore/sms/secured_packet_sms.hpp"
#include "twinmodels/ota/ota_error.hpp"
#include "twinmodels/ota/por_carriers.hpp"

namespace twinmodels::ota {

namespace co = cardcore::ota;
namespace sms = cardcore::sms;

namespace {

// The record the card takes for a packet to `tar`: the TAR's own, else the
// ISD's (cardcore::remote::route_keys, docs/WRITE-CARD.md "keys").
cardcore::remote::KeySetRecord key_set_for(const cardcore::ProfileTemplate& profile, const co::Tar& tar) {
  const std::vector<cardcore::remote::KeySetRecord> records = cardcore::remote::factory_key_set_records(profile);
  for (const co::Tar& t : {tar, cardcore::remote::kTarIsd})
    for (const cardcore::remote::KeySetRecord& r : records)
      if (r.tar == t) return r;
  throw std::invalid_argument("WriteCardPlatform: profile " + profile.name + " has no OTA key set for TAR " +
                              cardcore::to_hex(tar) + " nor the ISD's");
}

// TS 102 225 §5.1.1: SPI1 16 = CC, ciphering, counter higher than the last;
// SPI2 19 = PoR always, with CC, ciphered, by SMS-DELIVER-REPORT.
co::CommandSecurity write_security() {
  co::CommandSecurity s;
  s.spi = co::Spi::parse(0x16, 0x19);
  return s;
}

// The CNTR of the packet for `order`: what the card holds plus one.
co::Counter packet_counter(const WriteCardOrder& order) {
  if (order.counter >= co::kCounterMax)
    throw OtaError(OtaError::Reason::CounterExhausted,
                   "the card's counter is at 'FFFFFFFFFF': no write can pass it (TS 102 225 §5.1.1)");
  return order.counter + 1;
}

}  // namespace

WriteCardPlatform::WriteCardPlatform(const cardcore::ProfileTemplate& profile, std::uint64_t seed,
                                     sms::Address originator, const co::Tar& tar)
    : keys_(seed), originator_(std::move(originator)), tar_(tar), record_(key_set_for(profile, tar)) {}

OtaCardConfig WriteCardPlatform::card_config(std::uint64_t subscriber, co::Counter counter) const {
  const cardcore::OtaKeyValues k = keys_.ota_keys(subscriber, record_.record, record_.kic_length, record_.kid_length);
  OtaCardConfig c;
  c.tar = tar_;
  c.keys.kic = record_.kic;
  c.keys.kic_key = k.kic_key;
  c.keys.kid = record_.kid;
  c.keys.kid_key = k.kid_key;
  c.security = write_security();
  c.counter = counter;
  c.originator = originator_;
  c.first_reference = static_cast<std::uint8_t>(counter + 1);
  return c;
}

NewSubscription WriteCardPlatform::subscription(const WriteCardOrder& order) const {
  const SubscriberKeys k = keys_.derive(order.new_subscriber);
  return {.imsi = order.new_imsi, .k = Bytes(k.k.begin(), k.k.end()), .opc = Bytes(k.opc.begin(), k.opc.end())};
}

std::vector<CampaignSms> WriteCardPlatform::messages(const WriteCardOrder& order, const sms::Address& device_number,
                                                     const sms::Timestamp& scts,
                                                     const sms::ValidityPeriod& validity) const {
  const co::Counter counter = packet_counter(order);
  const Bytes data = encode_write(order.write_id, subscription(order), order.refresh_mode);
  const OtaCardConfig c = card_config(order.subscriber, order.counter);
  Bytes packet;
  try {
    packet = co::encode_command_packet(c.security, c.keys, c.tar, counter, data);
  } catch (const co::PacketError& e) {
    throw OtaError(OtaError::Reason::Unsupported, std::string("write-card packet: ") + e.what());
  }
  // TS 31.115 §4.1/§4.2: TP-PID 7F, TP-DCS F6, UDH IEI '70'; an 8-bit
  // concatenation reference (TS 23.040 §9.2.3.24.1) when it needs several.
  const std::vector<sms::SmsDeliver> delivers =
      sms::delivers_with_command_packet(originator_, scts, packet, c.first_reference);
  std::vector<CampaignSms> out;
  out.reserve(delivers.size());
  for (std::size_t i = 0; i < delivers.size(); ++i) {
    const sms::SmsDeliver& d = delivers[i];
    CampaignSms m;
    m.submit.srr = true;  // TS 23.040 §9.2.3.5: the campaign counts the status reports
    m.submit.mr = static_cast<std::uint8_t>(counter + i);
    m.submit.da = device_number;
    m.submit.pid = d.pid;
    m.submit.dcs = d.dcs;
    m.submit.vp = validity;
    m.submit.ud = d.ud;
    m.deliver = sms::encode(d);
    out.push_back(std::move(m));
  }
  return out;
}

WriteCardPor WriteCardPlatform::read_por(const WriteCardOrder& order, ByteView deliver_report,
                                         sms::ReportForm form) const {
  // TS 31.111 §7.1.1.1 / TS 31.115 §4.3: the PoR is the report's TP-UD
  // (UDH IEI '71', then the response packet from RPL).
  const Bytes packet = response_packet_of_user_data(user_data_of_deliver_report(deliver_report, form));
  WriteCardPor r;
  r.por = read_por_of_packet(card_config(order.subscriber, order.counter), packet_counter(order),
                             ScriptFormat::Application, packet);
  if (r.por.ok()) r.response = decode_write_card_response(r.por.additional_data);
  return r;
}

}  // namespace twinmodels::ota
