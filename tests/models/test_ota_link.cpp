// OtaSmsLink: counters, concatenated command packets, PoRs by every carrier
// (the ENVELOPE's answer, SMS-DELIVER-REPORT, SMS-SUBMITs inside SEND SHORT
// MESSAGE), and every way a PoR can be wrong. What the link builds is opened
// by the card-side codecs (cardcore::sms, cardcore::ota::open_command_packet)
// and the PoRs come from the card side (build_response_packet).
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "cardcore/cat/proactive_commands.hpp"
#include "cardcore/ota/key_identifier.hpp"
#include "cardcore/ota/packet_security.hpp"
#include "cardcore/ota/receiving_entity.hpp"
#include "cardcore/ota/response_packet.hpp"
#include "cardcore/sms/deliver.hpp"
#include "cardcore/sms/reassembler.hpp"
#include "cardcore/sms/secured_packet_sms.hpp"
#include "cardcore/sms/submit.hpp"
#include "cardcore/util/bytes.hpp"
#include "twinmodels/ota/compact_format.hpp"
#include "twinmodels/ota/expanded_script.hpp"
#include "twinmodels/ota/ota_error.hpp"
#include "twinmodels/ota/ota_sms_link.hpp"
#include "twinmodels/ota/rfm_commands.hpp"
#include "twinmodels/ota/sms_pp_envelope.hpp"

namespace twinmodels::ota {
namespace test_ota_link {

using cardcore::from_hex;
using cardcore::to_hex;
namespace co = cardcore::ota;
namespace sms = cardcore::sms;
namespace cat = cardcore::cat;
using Reason = OtaError::Reason;

const sms::Address kPlatform{sms::TypeOfNumber::International, sms::NumberingPlan::Isdn, "8613800000001"};
const sms::Timestamp kScts{26, 12, 1, 15, 42, 0, 32};

// AES-128 keys (the pySim vector's), TAR B00011, SPI 16 39: CC, ciphered,
// counter higher; PoR always, CC, ciphered, by SMS-SUBMIT (or 16 19 by the
// SMS-DELIVER-REPORT).
OtaCardConfig config(std::uint8_t spi1 = 0x16, std::uint8_t spi2 = 0x39) {
  OtaCardConfig c;
  c.tar = {0xB0, 0x00, 0x11};
  c.keys.kic = co::make_kic(co::CipherAlgorithm::AesCbc, 2);
  c.keys.kic_key = from_hex("200102030405060708090a0b0c0d0e0f");
  c.keys.kid = co::make_kid(co::ChecksumAlgorithm::AesCmac, 2);
  c.keys.kid_key = from_hex("201102030405060708090a0b0c0d0e0f");
  c.security.spi = co::Spi::parse(spi1, spi2);
  c.counter = 5;
  c.originator = kPlatform;
  c.first_reference = 0x40;
  return c;
}

// The card: opens a packet with its copy of the keys and its stored counter.
co::CommandPacketResult card_open(ByteView packet, const OtaCardConfig& cfg, co::Counter stored) {
  return co::open_command_packet(packet, [&](const co::CommandHeader& h) -> std::optional<co::TarSecurity> {
    if (h.tar != cfg.tar) return std::nullopt;
    return co::TarSecurity{&cfg.keys, stored, 0};
  });
}

// The card's PoR TP-UD octets (as it answers the ENVELOPE): 02 71 00 + packet.
Bytes user_data_octets(const Bytes& por_packet) {
  Bytes ud(3 + por_packet.size());
  ud[0] = 0x02, ud[1] = 0x71, ud[2] = 0x00;
  std::copy(por_packet.begin(), por_packet.end(), ud.begin() + 3);
  return ud;
}

Bytes script_of_size(std::size_t n) {
  // UPDATE BINARYs of 0x5A filling exactly n bytes of compact script.
  std::vector<Bytes> cmds;
  std::uint16_t offset = 0;
  while (n > 0) {
    const std::size_t take = std::min<std::size_t>(n, 260);
    cmds.push_back(update_binary(offset, Bytes(take - 5, 0x5A)));
    offset = static_cast<std::uint16_t>(offset + take - 5);
    n -= take;
  }
  return encode_compact_script(cmds);
}

template <class F>
Reason reason_of(F&& f) {
  try {
    f();
  } catch (const OtaError& e) {
    return e.reason();
  }
  ADD_FAILURE() << "no OtaError";
  return Reason::Unsupported;
}

// --- counters (TS 102 225 §5.1.1) -------------------------------------------

TEST(OtaLink, CounterHigherStepsByOneAndTheCardStoresIt) {
  const OtaCardConfig cfg = config();
  OtaSmsLink link(cfg);
  EXPECT_EQ(link.next_counter(), 6u);
  const Bytes p1 = link.build_packet(from_hex("00a4000c023f00"));
  EXPECT_EQ(link.counter(), 6u);
  const co::CommandPacketResult r = card_open(p1, cfg, 5);
  ASSERT_EQ(r.status, co::PorStatus::Ok);
  EXPECT_EQ(r.counter, 6u);
  EXPECT_EQ(r.counter_to_store, 6u);
  const Bytes p2 = link.build_packet(from_hex("00a4000c023f00"));
  EXPECT_EQ(card_open(p2, cfg, 6).counter_to_store, 7u);
  // The first again is a replay.
  EXPECT_EQ(card_open(p1, cfg, 7).status, co::PorStatus::CounterLow);
  EXPECT_EQ(link.outstanding(), 2u);
}

TEST(OtaLink, CounterPolicies) {
  for (const auto& [spi1, steps] : {std::pair{0x06, false}, std::pair{0x0E, true}, std::pair{0x1E, true}}) {
    SCOPED_TRACE(spi1);
    OtaSmsLink link(config(static_cast<std::uint8_t>(spi1), 0x19));
    link.build_packet(from_hex("00a4000c023f00"));
    link.build_packet(from_hex("00a4000c023f00"));
    EXPECT_EQ(link.counter(), steps ? 7u : 5u);
  }
  OtaCardConfig at_max = config();
  at_max.counter = co::kCounterMax;
  OtaSmsLink link(at_max);
  EXPECT_EQ(reason_of([&] { link.build_packet(from_hex("00a4000c023f00")); }), Reason::CounterExhausted);
  EXPECT_EQ(link.outstanding(), 0u);
  link.set_counter(9);
  EXPECT_EQ(link.next_counter(), 10u);
  at_max.counter = co::kCounterMax + 1;
  EXPECT_THROW(OtaSmsLink{at_max}, std::invalid_argument);
}

TEST(OtaLink, KeysThatCannotGiveTheSecurityAskedFor) {
  OtaCardConfig cfg = config();
  cfg.keys.kid_key.resize(5);
  OtaSmsLink link(cfg);
  EXPECT_EQ(reason_of([&] { link.build(from_hex("00a4000c023f00"), kScts); }), Reason::Unsupported);
  EXPECT_EQ(link.counter(), 5u);  // nothing changed
  EXPECT_EQ(link.outstanding(), 0u);
}

// --- command packets in SMS (TS 31.115 §4.1, §4.2) -------------------------

TEST(OtaLink, ShortPacketIsOneSmsDeliver) {
  const OtaCardConfig cfg = config();
  OtaSmsLink link(cfg);
  const Bytes script =
      encode_compact_script(rfm_update_binary({0x3F00, 0x7FFF, 0x6F07}, 0, from_hex("080910101032547698")));
  const std::vector<Bytes> tpdus = link.build(script, kScts);
  ASSERT_EQ(tpdus.size(), 1u);
  const sms::SmsDeliver d = sms::decode_deliver(tpdus[0]);
  EXPECT_EQ(d.pid, 0x7F);
  EXPECT_EQ(d.dcs, 0xF6);
  EXPECT_EQ(d.oa, kPlatform);
  EXPECT_EQ(d.scts, kScts);
  ASSERT_TRUE(d.ud.header);
  EXPECT_EQ(to_hex(sms::encode_udh(*d.ud.header)), "027000");
  const auto packet = sms::command_packet_of(d);
  ASSERT_TRUE(packet);
  const co::CommandPacketResult r = card_open(*packet, cfg, 5);
  ASSERT_EQ(r.status, co::PorStatus::Ok);
  EXPECT_EQ(r.data, script);
  // The modem's ENVELOPE carries it whole.
  const Bytes env = envelope_sms_pp_download(tpdus[0]);
  EXPECT_EQ(to_hex(ByteView(env).first(4)), "80c20000");
  EXPECT_EQ(env[4], env.size() - 5);
}

TEST(OtaLink, A300ByteScriptSplitsIntoConcatenatedSmsAndReassembles) {
  const OtaCardConfig cfg = config();
  OtaSmsLink link(cfg);
  const Bytes script = script_of_size(300);
  ASSERT_EQ(script.size(), 300u);
  const std::vector<Bytes> tpdus = link.build(script, kScts);
  // CPL..TAR 10, then CNTR PCNTR 6, CC 8, 300 data and 6 padding to the
  // AES block = 330 octets: 132 in the first SMS (header 00 03 40 03 01 70
  // 00), 134 in each other.
  ASSERT_EQ(tpdus.size(), 3u);
  sms::Reassembler card(60'000);
  std::optional<sms::ReassembledMessage> whole;
  for (std::size_t i = tpdus.size(); i-- > 0;) {  // last segment first
    const sms::SmsDeliver d = sms::decode_deliver(tpdus[i]);
    EXPECT_TRUE(sms::is_sim_data_download(d));
    ASSERT_TRUE(d.ud.header);
    const auto c = sms::concatenation_of(*d.ud.header);
    ASSERT_TRUE(c);
    EXPECT_EQ(c->reference, 0x40);
    EXPECT_FALSE(c->sixteen_bit_reference);
    EXPECT_EQ(c->total, 3);
    EXPECT_EQ(c->sequence, i + 1);
    EXPECT_EQ(d.ud.header->has(sms::kIeiCommandPacket), i == 0);
    EXPECT_LE(sms::user_data_length(d.ud, d.dcs), 140u);
    EXPECT_LE(envelope_sms_pp_download(tpdus[i], kPlatform).size(), 5u + 255u);
    auto r = card.add(d.oa, d.ud, 0);
    if (r.message) whole = std::move(r.message);
  }
  ASSERT_TRUE(whole);
  const auto packet = sms::command_packet_of(*whole);
  ASSERT_TRUE(packet);
  EXPECT_EQ(packet->size(), 330u);
  const co::CommandPacketResult r = card_open(*packet, cfg, 5);
  ASSERT_EQ(r.status, co::PorStatus::Ok);
  EXPECT_EQ(r.data, script);

  // The next long packet takes the next reference; a short one none.
  const std::vector<Bytes> next = link.build(script, kScts);
  EXPECT_EQ(sms::concatenation_of(*sms::decode_deliver(next[0]).ud.header)->reference, 0x41);
  EXPECT_EQ(link.build(from_hex("00a4000c023f00"), kScts).size(), 1u);
  EXPECT_EQ(sms::concatenation_of(*sms::decode_deliver(link.build(script, kScts)[0]).ud.header)->reference, 0x42);
}

// --- PoRs (TS 102 225 §5.2, TS 31.115 §4.3) ---------------------------------

TEST(OtaLink, PorByDeliverReportWithACompactResponse) {
  const OtaCardConfig cfg = config(0x16, 0x19);
  OtaSmsLink link(cfg);
  const Bytes packet = link.build_packet(encode_compact_script(rfm_read_binary({0x3F00, 0x2FE2}, 0, 10)));
  const co::CommandPacketResult r = card_open(packet, cfg, 5);
  ASSERT_EQ(r.status, co::PorStatus::Ok);
  const Bytes por = co::build_response_packet(r, co::PorStatus::Ok, from_hex("03900098100000000000000010f0"), &cfg.keys);
  // The modem's report, RP-ACK form.
  const Bytes report = sms::encode(sms::deliver_report_with_response_packet(por));
  const PorResult res = link.read_por_from_deliver_report(report);
  EXPECT_TRUE(res.ok());
  EXPECT_TRUE(res.secured);
  EXPECT_EQ(res.counter, 6u);
  ASSERT_TRUE(res.response);
  EXPECT_EQ(executed_commands(*res.response), 3u);
  EXPECT_EQ(last_status_word(*res.response), 0x9000);
  EXPECT_EQ(to_hex(last_response_data(*res.response)), "98100000000000000010f0");
  EXPECT_EQ(link.outstanding(), 0u);
}

TEST(OtaLink, PorByDeliverReportInRpError) {
  const OtaCardConfig cfg = config(0x16, 0x19);
  OtaSmsLink link(cfg);
  const co::CommandPacketResult r = card_open(link.build_packet(from_hex("00a4000c023f00")), cfg, 5);
  const Bytes por = co::build_response_packet(r, co::PorStatus::Ok, from_hex("016a82"), &cfg.keys);
  const Bytes report = sms::encode(sms::deliver_report_with_response_packet(por, sms::kFcsSimDataDownloadError));
  const PorResult res = link.read_por_from_deliver_report(report, sms::ReportForm::Error);
  EXPECT_EQ(last_status_word(*res.response), 0x6A82);
}

TEST(OtaLink, ExpandedScriptAndItsResponseByOneSmsSubmit) {
  const OtaCardConfig cfg = config();
  OtaSmsLink link(cfg);
  RfmOptions o;
  o.format = ScriptFormat::Expanded;
  const Bytes script = encode_expanded_script(rfm_read_binary({0x3F00, 0x2FE2}, 0, 10, o));
  const Bytes packet = link.build_packet(script);
  const co::CommandPacketResult r = card_open(packet, cfg, 5);
  ASSERT_EQ(r.status, co::PorStatus::Ok);
  EXPECT_EQ(r.data, script);
  const Bytes response = from_hex("ab1a" "800103" "23029000" "23029000" "230d98100000000000000010f09000");
  const Bytes por = co::build_response_packet(r, co::PorStatus::Ok, response, &cfg.keys);
  const std::vector<sms::SmsSubmit> submits = sms::submits_with_response_packet(kPlatform, 7, por, 0);
  ASSERT_EQ(submits.size(), 1u);
  const std::optional<PorResult> res = link.read_por_from_submit(sms::encode(submits[0]));
  ASSERT_TRUE(res);
  ASSERT_TRUE(res->response);
  const auto& e = std::get<ExpandedResponse>(*res->response);
  EXPECT_EQ(e.executed, 3u);
  ASSERT_EQ(e.responses.size(), 3u);
  EXPECT_EQ(to_hex(e.responses[2].data), "98100000000000000010f0");
}

TEST(OtaLink, ConcatenatedPorInSendShortMessagesAnyOrderWithDuplicates) {
  const OtaCardConfig cfg = config();
  OtaSmsLink link(cfg);
  RfmOptions o;
  o.format = ScriptFormat::Expanded;
  const Bytes packet = link.build_packet(encode_expanded_script(rfm_read_binary({0x3F00, 0x2FE2}, 0, 250, o)));
  const co::CommandPacketResult r = card_open(packet, cfg, 5);
  ASSERT_EQ(r.status, co::PorStatus::Ok);
  // count 2, SELECT '90 00', READ BINARY 250 bytes '90 00'.
  Bytes data(250);
  for (std::size_t i = 0; i < data.size(); ++i) data[i] = static_cast<std::uint8_t>(i);
  Bytes response = from_hex("ab8201" "04" "800102" "23029000" "2381fc");
  response.insert(response.end(), data.begin(), data.end());
  response.insert(response.end(), {0x90, 0x00});
  response[3] = static_cast<std::uint8_t>(response.size() - 4);
  const Bytes por = co::build_response_packet(r, co::PorStatus::Ok, response, &cfg.keys);
  const std::vector<sms::SmsSubmit> submits = sms::submits_with_response_packet(kPlatform, 1, por, 0x99);
  ASSERT_EQ(submits.size(), 3u);
  // The card sends each in a SEND SHORT MESSAGE; the modem fetches them.
  std::vector<Bytes> commands;
  for (const sms::SmsSubmit& s : submits) {
    cat::SendShortMessage ssm;
    ssm.number = 1;
    ssm.address = cat::Address{0x91, from_hex("683108200505f0")};
    ssm.tpdu.tpdu = sms::encode(s);
    commands.push_back(cat::encode(ssm));
  }
  EXPECT_FALSE(link.read_por_from_send_short_message(commands[2], 10));
  EXPECT_FALSE(link.read_por_from_send_short_message(commands[0], 20));
  EXPECT_FALSE(link.read_por_from_send_short_message(commands[2], 30));  // duplicate
  EXPECT_EQ(link.incomplete(), 1u);
  const std::optional<PorResult> res = link.read_por_from_send_short_message(commands[1], 40);
  ASSERT_TRUE(res);
  EXPECT_EQ(link.incomplete(), 0u);
  EXPECT_TRUE(res->secured);
  EXPECT_EQ(res->counter, 6u);
  ASSERT_TRUE(res->response);
  EXPECT_EQ(executed_commands(*res->response), 2u);
  EXPECT_EQ(last_response_data(*res->response), data);

  // A set left incomplete expires with the caller's clock.
  EXPECT_FALSE(link.read_por_from_send_short_message(commands[0], 100));
  EXPECT_EQ(link.expire(100 + 60'001).size(), 1u);
  EXPECT_EQ(link.incomplete(), 0u);
}

TEST(OtaLink, PorsForOlderPacketsAndTheirFormats) {
  const OtaCardConfig cfg = config(0x16, 0x19);
  OtaSmsLink link(cfg);
  const Bytes compact = link.build_packet(from_hex("00a4000c023f00"));                                   // 6
  const Bytes expanded = link.build_packet(encode_expanded_script(std::vector<Bytes>{from_hex("00a4000c023f00")}));  // 7
  link.build_packet(from_hex("00a4000c023f00"));                                                        // 8
  EXPECT_EQ(link.outstanding(), 3u);
  const co::CommandPacketResult r7 = card_open(expanded, cfg, 6);
  const PorResult p7 = link.read_por(co::build_response_packet(r7, co::PorStatus::Ok, from_hex("ab0780010123029000"), &cfg.keys));
  EXPECT_EQ(p7.counter, 7u);
  EXPECT_TRUE(std::holds_alternative<ExpandedResponse>(*p7.response));
  const co::CommandPacketResult r6 = card_open(compact, cfg, 5);
  const PorResult p6 = link.read_por(co::build_response_packet(r6, co::PorStatus::Ok, from_hex("019000"), &cfg.keys));
  EXPECT_EQ(p6.counter, 6u);
  EXPECT_TRUE(std::holds_alternative<CompactResponse>(*p6.response));
  EXPECT_EQ(link.outstanding(), 1u);
  // The same PoR again: no packet 6 is out any more.
  EXPECT_EQ(reason_of([&] {
              link.read_por(co::build_response_packet(r6, co::PorStatus::Ok, from_hex("019000"), &cfg.keys));
            }),
            Reason::CounterMismatch);
}

TEST(OtaLink, ResponseBySmsSubmitKeepsThePacketOutstanding) {
  // TS 31.115 §7: '0B' in the report, the real PoR follows by SMS-SUBMIT.
  const OtaCardConfig cfg = config(0x16, 0x19);
  OtaSmsLink link(cfg);
  const co::CommandPacketResult r = card_open(link.build_packet(from_hex("00a4000c023f00")), cfg, 5);
  const PorResult first =
      link.read_por_from_user_data(user_data_octets(co::build_response_packet(r, co::PorStatus::ResponseBySmsSubmit, {}, &cfg.keys)));
  EXPECT_EQ(first.status, co::PorStatus::ResponseBySmsSubmit);
  EXPECT_FALSE(first.response);
  EXPECT_EQ(link.outstanding(), 1u);
  const Bytes por = co::build_response_packet(r, co::PorStatus::Ok, from_hex("019000"), &cfg.keys);
  const auto second = link.read_por_from_submit(sms::encode(sms::submit_with_response_packet(kPlatform, 0, por)));
  ASSERT_TRUE(second);
  EXPECT_TRUE(second->ok());
  EXPECT_EQ(link.outstanding(), 0u);
}

TEST(OtaLink, UnprotectedErrorPorFromACardWithOtherKeys) {
  // The card cannot verify the CC: status 01, sent without RC/CC or
  // ciphering (cardcore receiving_entity.hpp), nothing in it authentic.
  const OtaCardConfig cfg = config(0x16, 0x19);
  OtaSmsLink link(cfg);
  OtaCardConfig card = cfg;
  card.keys.kid_key[0] ^= 1;
  const co::CommandPacketResult r = card_open(link.build_packet(from_hex("00a4000c023f00")), card, 5);
  ASSERT_EQ(r.status, co::PorStatus::RcCcDsFailed);
  const Bytes por = co::build_response_packet(r, r.status, {}, &card.keys);
  EXPECT_EQ(por[2], 0x0A);  // RHL 10
  const PorResult res = link.read_por_from_user_data(user_data_octets(por));
  EXPECT_EQ(res.status, co::PorStatus::RcCcDsFailed);
  EXPECT_FALSE(res.secured);
  EXPECT_FALSE(res.response);
  EXPECT_EQ(link.outstanding(), 0u);
}

// --- bad PoRs -----------------------------------------------------------------

struct Fixture {
  OtaCardConfig cfg = config(0x16, 0x19);
  OtaSmsLink link{cfg};
  co::CommandPacketResult cmd;
  Fixture() { cmd = card_open(link.build_packet(from_hex("00a4000c023f00")), cfg, 5); }
  Bytes por(co::PorStatus s, const Bytes& data) const { return co::build_response_packet(cmd, s, data, &cfg.keys); }
};

TEST(OtaLink, TruncatedPorsAreMalformed) {
  Fixture f;
  const Bytes por = f.por(co::PorStatus::Ok, from_hex("019000"));
  for (std::size_t n = 0; n < por.size(); ++n) {
    SCOPED_TRACE(n);
    const Reason r = reason_of([&] { f.link.read_por(ByteView(por).first(n)); });
    EXPECT_TRUE(r == Reason::MalformedPacket || r == Reason::CipheringError) << describe(r);
  }
  // Cut inside the SMS carriers too.
  const Bytes ud = user_data_octets(por);
  for (std::size_t n = 0; n < 3; ++n)
    EXPECT_THROW(f.link.read_por_from_user_data(ByteView(ud).first(n)), OtaError) << n;
  EXPECT_EQ(f.link.outstanding(), 1u);
  EXPECT_TRUE(f.link.read_por(por).ok());
}

TEST(OtaLink, WrongCcIsAnIntegrityFailure) {
  Fixture f;
  Bytes por = f.por(co::PorStatus::Ok, from_hex("019000"));
  for (std::size_t i = 6; i < por.size(); ++i) {  // every byte of the ciphered part
    Bytes bad = por;
    bad[i] ^= 0x01;
    EXPECT_EQ(reason_of([&] { f.link.read_por(bad); }), Reason::IntegrityFailed) << i;
  }
  // With a PoR CC but no ciphering, the CC bytes themselves.
  OtaCardConfig cfg = config(0x16, 0x09);
  OtaSmsLink link(cfg);
  const co::CommandPacketResult r = card_open(link.build_packet(from_hex("00a4000c023f00")), cfg, 5);
  Bytes clear = co::build_response_packet(r, co::PorStatus::Ok, from_hex("019000"), &cfg.keys);
  clear[6 + 7] ^= 0x80;  // first CC byte (after CNTR PCNTR status)
  EXPECT_EQ(reason_of([&] { link.read_por(clear); }), Reason::IntegrityFailed);
}

TEST(OtaLink, ReservedStatusIsUnknown) {
  Fixture f;
  for (int s : {0x0D, 0x42, 0xFF}) {
    try {
      f.link.read_por(f.por(static_cast<co::PorStatus>(s), {}));
      ADD_FAILURE() << s;
    } catch (const OtaError& e) {
      EXPECT_EQ(e.reason(), Reason::UnknownStatus);
      EXPECT_NE(std::string(e.what()).find("reserved"), std::string::npos) << e.what();
    }
  }
  EXPECT_EQ(f.link.outstanding(), 1u);
}

TEST(OtaLink, OtherTarOtherCounterUnsecuredOkAndBadResponseData) {
  Fixture f;
  // Another TAR.
  co::CommandPacketResult other = f.cmd;
  other.header.tar = {0xB0, 0x00, 0x01};
  EXPECT_EQ(reason_of([&] { f.link.read_por(co::build_response_packet(other, co::PorStatus::Ok, {}, &f.cfg.keys)); }),
            Reason::TarMismatch);
  // A counter never sent.
  other = f.cmd;
  other.counter = 99;
  EXPECT_EQ(reason_of([&] { f.link.read_por(co::build_response_packet(other, co::PorStatus::Ok, {}, &f.cfg.keys)); }),
            Reason::CounterMismatch);
  // "PoR OK" without the CC and ciphering the SPI asked for.
  co::ResponsePacket plain;
  plain.tar = f.cfg.tar;
  plain.counter = 6;
  plain.status = co::PorStatus::Ok;
  plain.additional_data = from_hex("019000");
  co::IntegrityField none;
  EXPECT_EQ(reason_of([&] { f.link.read_por(co::encode_response_packet(plain, none, nullptr)); }), Reason::NotSecured);
  // Authentic, but its data is no compact response.
  EXPECT_EQ(reason_of([&] { f.link.read_por(f.por(co::PorStatus::Ok, from_hex("0190"))); }),
            Reason::MalformedResponseData);
  EXPECT_EQ(f.link.outstanding(), 1u);
}

TEST(OtaLink, CarriersThatHoldNoPor) {
  Fixture f;
  const Bytes por = f.por(co::PorStatus::Ok, from_hex("019000"));
  // A command packet identifier (IEI 70) instead of 71.
  Bytes ud = user_data_octets(por);
  ud[1] = 0x70;
  EXPECT_EQ(reason_of([&] { f.link.read_por_from_user_data(ud); }), Reason::NotAResponsePacket);
  // UDHL beyond the octets.
  EXPECT_EQ(reason_of([&] { f.link.read_por_from_user_data(from_hex("0571")); }), Reason::MalformedSms);
  // A report with GSM 7 bit text, and one that is no TPDU.
  sms::SmsDeliverReport text;
  text.ud = sms::text_user_data("hello", sms::Alphabet::Gsm7);
  text.dcs = 0x00;
  EXPECT_EQ(reason_of([&] { f.link.read_por_from_deliver_report(sms::encode(text)); }), Reason::NotAResponsePacket);
  EXPECT_EQ(reason_of([&] { f.link.read_por_from_deliver_report(from_hex("00ff")); }), Reason::MalformedSms);
  // A SUBMIT without IEI 71.
  sms::SmsSubmit s = sms::submit_with_response_packet(kPlatform, 0, por);
  s.ud.header->elements.clear();
  EXPECT_EQ(reason_of([&] { f.link.read_por_from_submit(sms::encode(s)); }), Reason::NotAResponsePacket);
  // Proactive commands that are no SEND SHORT MESSAGE with an SMS-SUBMIT.
  EXPECT_EQ(reason_of([&] { f.link.read_por_from_send_short_message(cat::encode(cat::MoreTime{})); }),
            Reason::NotASubmitCommand);
  cat::SendShortMessage deliver;
  deliver.tpdu.tpdu = from_hex("0400");  // TP-MTI 00
  EXPECT_EQ(reason_of([&] { f.link.read_por_from_send_short_message(cat::encode(deliver)); }),
            Reason::NotASubmitCommand);
  EXPECT_EQ(reason_of([&] { f.link.read_por_from_send_short_message(from_hex("d003810301")); }),
            Reason::NotASubmitCommand);
  // A concatenation element with sequence 0.
  sms::SmsSubmit seg = sms::submit_with_response_packet(kPlatform, 0, por);
  seg.ud.header->elements.insert(seg.ud.header->elements.begin(), {sms::kIeiConcatenation8, {1, 2, 0}});
  EXPECT_EQ(reason_of([&] { f.link.read_por_from_submit(sms::encode(seg)); }), Reason::Concatenation);
  EXPECT_EQ(f.link.outstanding(), 1u);
}

TEST(OtaLink, GarbageNeverCrashes) {
  Fixture f;
  const Bytes por = f.por(co::PorStatus::Ok, from_hex("019000"));
  const Bytes ud = user_data_octets(por);
  const Bytes report = sms::encode(sms::deliver_report_with_response_packet(por));
  const Bytes submit = sms::encode(sms::submit_with_response_packet(kPlatform, 0, por));
  cat::SendShortMessage ssm;
  ssm.tpdu.tpdu = submit;
  const Bytes command = cat::encode(ssm);
  std::uint32_t x = 2026;
  auto next = [&] {
    x = x * 1664525u + 1013904223u;
    return x >> 8;
  };
  int por_ok = 0;
  for (int round = 0; round < 4000; ++round) {
    for (const Bytes* base : {&por, &ud, &report, &submit, &command}) {
      Bytes m = *base;
      const unsigned kind = next() % 3;
      if (kind == 0) {
        m.resize(next() % (m.size() + 1));
      } else if (kind == 1) {
        for (int k = 0; k < 2; ++k) m[next() % m.size()] = static_cast<std::uint8_t>(next());
      } else {
        m.resize(next() % 200);
        for (auto& b : m) b = static_cast<std::uint8_t>(next());
      }
      try {
        std::optional<PorResult> r;
        if (base == &por) r = f.link.read_por(m);
        if (base == &ud) r = f.link.read_por_from_user_data(m);
        if (base == &report) r = f.link.read_por_from_deliver_report(m);
        if (base == &submit) r = f.link.read_por_from_submit(m);
        if (base == &command) r = f.link.read_por_from_send_short_message(m);
        if (r && r->ok()) ++por_ok;
      } catch (const OtaError&) {
      }
      f.link.expire(~0ull);
    }
  }
  // Only an intact PoR reads as OK, and a read one is no longer outstanding.
  EXPECT_LE(por_ok, 1);
}

}  // namespace test_ota_link
}  // namespace twinmodels::ota
