// Concatenated short messages (TS 23.040 §9.2.3.24.1, §9.2.3.24.8) and the
// secured packets of TS 31.115 in them: reassembly in any order, duplicates,
// gaps and timeouts, inconsistent sets; command packets out of SMS-DELIVERs,
// response packets into SMS-DELIVER-REPORTs and SMS-SUBMITs.
#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>
#include <random>
#include <string>
#include <vector>

#include "cardcore/sms/reassembler.hpp"
#include "cardcore/sms/secured_packet_sms.hpp"
#include "cardcore/util/bytes.hpp"
#include "sms_error_of.hpp"

namespace cardcore::sms {
namespace test_sms_concatenation {

const Address kOta{TypeOfNumber::Unknown, NumberingPlan::Isdn, "12345678"};
const Address kOther{TypeOfNumber::International, NumberingPlan::Isdn, "4917012345"};

UserData segment(std::uint16_t ref, std::uint8_t total, std::uint8_t seq, Bytes body, bool wide = false,
                 std::vector<InformationElement> extra = {}) {
  UserData ud;
  ud.header = UserDataHeader{{concatenation_element({ref, total, seq, wide})}};
  for (auto& e : extra) ud.header->elements.push_back(e);
  ud.body = std::move(body);
  return ud;
}

using sms_test::error_of;

TEST(SmsReassembler, UnconcatenatedMessagePassesThrough) {
  Reassembler r;
  const UserData ud{UserDataHeader{{{0x70, {}}}}, from_hex("0102")};
  const auto result = r.add(kOta, ud, 0);
  ASSERT_TRUE(result.message.has_value());
  EXPECT_FALSE(result.message->concatenation.has_value());
  EXPECT_EQ(result.message->header, *ud.header);
  EXPECT_EQ(result.message->body, ud.body);
  EXPECT_EQ(r.size(), 0u);
}

TEST(SmsReassembler, AnyOrderWithDuplicates) {
  // Every order of three segments, each with a duplicate somewhere.
  std::vector<int> order = {1, 2, 3};
  do {
    for (int dup = 0; dup < 2; ++dup) {
      Reassembler r;
      std::optional<ReassembledMessage> done;
      int duplicates = 0;
      std::vector<int> feed = order;
      feed.insert(feed.begin() + 1 + dup, order[0]);
      for (int seq : feed) {
        ASSERT_FALSE(done.has_value()) << "completed early";
        const auto res = r.add(kOta, segment(0x42, 3, static_cast<std::uint8_t>(seq), Bytes(2, static_cast<std::uint8_t>(seq)),
                                             false, seq == 1 ? std::vector<InformationElement>{{0x70, {}}} : std::vector<InformationElement>{}),
                               100);
        duplicates += res.duplicate;
        if (res.message) done = res.message;
      }
      ASSERT_TRUE(done.has_value());
      EXPECT_EQ(duplicates, 1);
      EXPECT_EQ(to_hex(done->body), "010102020303");
      EXPECT_EQ(done->header, (UserDataHeader{{{0x70, {}}}}));  // segment 1's, without concatenation
      EXPECT_EQ(*done->concatenation, (Concatenation{0x42, 3, 0, false}));
      EXPECT_EQ(r.size(), 0u);
    }
  } while (std::next_permutation(order.begin(), order.end()));
}

TEST(SmsReassembler, SetsAreKeptApartByOriginatorReferenceAndWidth) {
  Reassembler r;
  EXPECT_FALSE(r.add(kOta, segment(1, 2, 1, {0xA1}), 0).message);
  EXPECT_FALSE(r.add(kOther, segment(1, 2, 2, {0xB2}), 0).message);
  EXPECT_FALSE(r.add(kOta, segment(1, 2, 2, {0xC2}, true), 0).message);  // 16-bit reference 1
  EXPECT_FALSE(r.add(kOta, segment(2, 2, 2, {0xD2}), 0).message);
  EXPECT_EQ(r.size(), 4u);
  auto done = r.add(kOta, segment(1, 2, 2, {0xA2}), 1).message;
  ASSERT_TRUE(done);
  EXPECT_EQ(to_hex(done->body), "a1a2");
  EXPECT_EQ(done->originator, kOta);
  done = r.add(kOta, segment(1, 2, 1, {0xC1}, true), 2).message;
  ASSERT_TRUE(done);
  EXPECT_EQ(to_hex(done->body), "c1c2");
  EXPECT_TRUE(done->concatenation->sixteen_bit_reference);
  EXPECT_EQ(r.size(), 2u);
}

TEST(SmsReassembler, MissingSegmentIsReportedAndTimesOut) {
  Reassembler r(30'000);
  r.add(kOta, segment(7, 4, 1, {1}), 1'000);
  r.add(kOta, segment(7, 4, 4, {4}), 2'000);
  r.add(kOta, segment(7, 4, 3, {3}), 5'000);
  const auto pending = r.pending();
  ASSERT_EQ(pending.size(), 1u);
  EXPECT_EQ(pending[0].missing, std::vector<std::uint8_t>{2});
  EXPECT_EQ(pending[0].received, (std::vector<std::uint8_t>{1, 3, 4}));
  EXPECT_EQ(pending[0].first_ms, 1'000u);
  EXPECT_EQ(pending[0].last_ms, 5'000u);
  EXPECT_TRUE(r.expire(35'000).empty());  // 30 s after the latest segment, not yet over
  const auto expired = r.expire(35'001);
  ASSERT_EQ(expired.size(), 1u);
  EXPECT_EQ(expired[0].originator, kOta);
  EXPECT_EQ(expired[0].reference, 7);
  EXPECT_EQ(expired[0].total, 4);
  EXPECT_EQ(expired[0].missing, std::vector<std::uint8_t>{2});
  EXPECT_EQ(r.size(), 0u);
  // A late segment 2 now starts a new set rather than completing the old one.
  EXPECT_FALSE(r.add(kOta, segment(7, 4, 2, {2}), 40'000).message);
}

TEST(SmsReassembler, InconsistentSetsAreErrors) {
  Reassembler r;
  r.add(kOta, segment(9, 3, 1, {1}), 0);
  SmsError e = error_of([&] { r.add(kOta, segment(9, 2, 2, {2}), 0); });
  EXPECT_EQ(e.field(), "concatenation");
  EXPECT_NE(std::string(e.what()).find("says 2 short messages, earlier segments said 3"), std::string::npos) << e.what();
  e = error_of([&] { r.add(kOta, segment(9, 3, 0, {0}), 0); });
  EXPECT_NE(std::string(e.what()).find("sequence number 0 outside 1..3"), std::string::npos) << e.what();
  e = error_of([&] { r.add(kOta, segment(9, 3, 4, {4}), 0); });
  EXPECT_NE(std::string(e.what()).find("sequence number 4 outside 1..3"), std::string::npos) << e.what();
  e = error_of([&] { r.add(kOta, segment(10, 0, 1, {1}), 0); });
  EXPECT_NE(std::string(e.what()).find("maximum number of short messages 0"), std::string::npos) << e.what();
  e = error_of([&] { r.add(kOta, segment(9, 3, 1, {0xEE}), 0); });
  EXPECT_NE(std::string(e.what()).find("twice with different contents"), std::string::npos) << e.what();
  // None of that disturbed the set.
  ASSERT_EQ(r.pending().size(), 1u);
  EXPECT_EQ(r.pending()[0].total, 3);
  EXPECT_EQ(r.pending()[0].received, std::vector<std::uint8_t>{1});
  r.add(kOta, segment(9, 3, 2, {2}), 0);
  EXPECT_EQ(to_hex(r.add(kOta, segment(9, 3, 3, {3}), 0).message->body), "010203");
  // A malformed concatenation element.
  e = error_of([&] { r.add(kOta, UserData{UserDataHeader{{{0x00, {1, 2}}}}, {}}, 0); });
  EXPECT_EQ(e.field(), "TP-UDH");
}

TEST(SmsReassembler, EvictsTheLeastRecentlyFedSetWhenFull) {
  Reassembler r(60'000, 2);
  r.add(kOta, segment(1, 2, 1, {1}), 10);
  r.add(kOta, segment(2, 2, 1, {2}), 20);
  r.add(kOta, segment(1, 2, 1, {1}), 30);  // duplicate: set 1 is now the more recent
  const auto res = r.add(kOta, segment(3, 2, 1, {3}), 40);
  ASSERT_TRUE(res.evicted.has_value());
  EXPECT_EQ(res.evicted->reference, 2);
  EXPECT_EQ(res.evicted->missing, std::vector<std::uint8_t>{2});
  EXPECT_EQ(r.size(), 2u);
}

TEST(SmsReassembler, GsmSevenBitTextAcrossSegments) {
  // Part 1 as published (diafaan forum, tests/data/sms-vectors.txt), part 2 built here.
  const SmsSubmit p1 = decode_submit(from_hex("41010C9119086526290200000C050003010201AEE8B2BC0C"));
  SmsSubmit p2 = p1;
  p2.ud = text_user_data(" are you?", Alphabet::Gsm7);
  p2.ud.header = UserDataHeader{{concatenation_element({1, 2, 2, false})}};
  const SmsSubmit p2_back = decode_submit(encode(p2));
  Reassembler r;
  EXPECT_FALSE(r.add(p2_back.da, p2_back.ud, 0).message);
  const auto done = r.add(p1.da, p1.ud, 0).message;
  ASSERT_TRUE(done);
  EXPECT_EQ(text_of({std::nullopt, done->body}, 0x00), "Where are you?");
}

// The PoR of pySim's SCP80 AES vector (copied): pySim's
// test_ota decodes it as the TP-UD a card returns, "02 71 00" + packet.
constexpr const char* kPorUserData =
    "027100002412b00011ebc6b497e2cad7aedf36ace0e3a29b38853f0fe9ccde81913be5702b73abce1f";

Bytes por_packet() {
  const Bytes ud = from_hex(kPorUserData);
  return Bytes(ud.begin() + 3, ud.end());
}

TEST(SmsSecuredPacket, ResponsePacketUserDataIsThePySimPoR) {
  const UserData ud = response_packet_user_data(por_packet());
  EXPECT_EQ(to_hex(encode_udh(*ud.header)) + to_hex(ud.body), kPorUserData);
  EXPECT_EQ(response_packet_of(ud), por_packet());
  EXPECT_EQ(be16(por_packet().data()), por_packet().size() - 2);  // RPL
}

TEST(SmsSecuredPacket, PoRInSmsDeliverReport) {
  // RP-ACK form: UDHI, TP-PI 07, TP-PID 7F, TP-DCS F6, TP-UDL 29 (41), TP-UD.
  const SmsDeliverReport ack = deliver_report_with_response_packet(por_packet());
  const Bytes octets = encode(ack);
  EXPECT_EQ(to_hex(octets), std::string("40077ff629") + kPorUserData);
  const SmsDeliverReport back = decode_deliver_report(octets, ReportForm::Ack);
  EXPECT_EQ(back, ack);
  ASSERT_TRUE(back.ud.has_value());
  EXPECT_EQ(response_packet_of(*back.ud), por_packet());
  // RP-ERROR form with TP-FCS D5, "(U)SIM data download error".
  const SmsDeliverReport err = deliver_report_with_response_packet(por_packet(), kFcsSimDataDownloadError);
  EXPECT_EQ(to_hex(encode(err)), std::string("40d5077ff629") + kPorUserData);
  EXPECT_EQ(decode_deliver_report(encode(err), ReportForm::Error), err);
}

TEST(SmsSecuredPacket, PoRInSmsSubmit) {
  const SmsSubmit s = submit_with_response_packet(kOta, 0x05, por_packet());
  EXPECT_EQ(to_hex(encode(s)), std::string("41050881214365877ff629") + kPorUserData);
  const SmsSubmit back = decode_submit(encode(s));
  EXPECT_EQ(back, s);
  EXPECT_EQ(response_packet_of(back.ud), por_packet());
}

TEST(SmsSecuredPacket, SplitPerTs31115AndReassembledInAnyOrder) {
  Bytes packet(300);
  std::iota(packet.begin(), packet.end(), std::uint8_t{0});
  packet[0] = 0x01, packet[1] = 0x2A;  // CPL 298
  const auto delivers = delivers_with_command_packet(kOta, {25, 1, 2, 3, 4, 5, 0}, packet, 0x33);
  ASSERT_EQ(delivers.size(), 3u);
  // First: [concatenation][70 00], 140 - 1 - 5 - 2 = 132 octets of packet;
  // later: [concatenation] only, 134 octets.
  EXPECT_EQ(to_hex(encode_udh(*delivers[0].ud.header)), "0700033303017000");
  EXPECT_EQ(to_hex(encode_udh(*delivers[1].ud.header)), "050003330302");
  EXPECT_EQ(to_hex(encode_udh(*delivers[2].ud.header)), "050003330303");
  EXPECT_EQ(delivers[0].ud.body.size(), 132u);
  EXPECT_EQ(delivers[1].ud.body.size(), 134u);
  EXPECT_EQ(delivers[2].ud.body.size(), 34u);
  for (const auto& d : delivers) {
    EXPECT_EQ(user_data_length(d.ud, d.dcs), d.ud.body.size() + encode_udh(*d.ud.header).size());
    EXPECT_LE(user_data_length(d.ud, d.dcs), 140u);
    EXPECT_FALSE(command_packet_of(d).has_value());  // a segment is not a whole packet
  }
  std::vector<Bytes> wire;
  for (const auto& d : delivers) wire.push_back(encode(d));
  std::mt19937 rng(31115);
  for (int round = 0; round < 10; ++round) {
    std::shuffle(wire.begin(), wire.end(), rng);
    Reassembler r;
    std::optional<ReassembledMessage> done;
    for (const Bytes& w : wire) {
      const SmsDeliver d = decode_deliver(w);
      ASSERT_TRUE(is_sim_data_download(d));
      if (auto m = r.add(d.oa, d.ud, 0).message) done = m;
    }
    ASSERT_TRUE(done.has_value());
    EXPECT_EQ(command_packet_of(*done), packet);
    EXPECT_FALSE(response_packet_of(*done).has_value());
  }
}

TEST(SmsSecuredPacket, SegmentBoundaries) {
  // UDHL + 70 00 + packet in 140 octets: 137 fits one SMS, 138 does not.
  EXPECT_EQ(secured_packet_segments(kIeiCommandPacket, Bytes(137), 1).size(), 1u);
  EXPECT_FALSE(secured_packet_segments(kIeiCommandPacket, Bytes(137), 1)[0].header->has(kIeiConcatenation8));
  const auto two = secured_packet_segments(kIeiCommandPacket, Bytes(138), 1);
  ASSERT_EQ(two.size(), 2u);
  EXPECT_EQ(two[0].body.size() + two[1].body.size(), 138u);
  // 16-bit references take one octet more per segment.
  const auto wide = secured_packet_segments(kIeiResponsePacket, Bytes(200), 0x1234, true);
  ASSERT_EQ(wide.size(), 2u);
  EXPECT_EQ(to_hex(encode_udh(*wide[0].header)), "080804123402017100");  // as pySim's test_sms ground truth
  EXPECT_EQ(wide[0].body.size(), 131u);
  EXPECT_THROW(secured_packet_segments(kIeiCommandPacket, Bytes(132 + 134 * 254 + 1), 1), SmsError);
  EXPECT_EQ(secured_packet_segments(kIeiCommandPacket, Bytes(132 + 134 * 254), 1).size(), 255u);
}

TEST(SmsSecuredPacket, ConcatenatedPoRSubmitsMatchTheCardsHeaders) {
  // pySim test_sms: "part 1 UDH observed from sja5: 07 00 03 01 02 01 71 00";
  // the second part carries the concatenation element only.
  Bytes packet(200, 0x5A);
  const auto submits = submits_with_response_packet(kOta, 0xFE, packet, 1);
  ASSERT_EQ(submits.size(), 2u);
  EXPECT_EQ(to_hex(encode_udh(*submits[0].ud.header)), "0700030102017100");
  EXPECT_EQ(to_hex(encode_udh(*submits[1].ud.header)), "050003010202");
  EXPECT_EQ(submits[0].mr, 0xFE);
  EXPECT_EQ(submits[1].mr, 0xFF);
  Reassembler r;
  std::optional<ReassembledMessage> done;
  for (auto it = submits.rbegin(); it != submits.rend(); ++it) {
    const SmsSubmit s = decode_submit(encode(*it));
    EXPECT_EQ(s.pid, kPidSimDataDownload);
    EXPECT_EQ(s.dcs, kDcsClass2EightBit);
    if (auto m = r.add(kOther, s.ud, 0).message) done = m;
  }
  ASSERT_TRUE(done);
  EXPECT_EQ(response_packet_of(*done), packet);
}

TEST(SmsSecuredPacket, OnlySimDataDownloadCarriesACommandPacket) {
  SmsDeliver d;
  d.oa = kOta;
  d.pid = kPidSimDataDownload;
  d.dcs = kDcsClass2EightBit;
  d.ud = {UserDataHeader{{{kIeiCommandPacket, {}}}}, from_hex("000d0000000000000000000000000000")};
  EXPECT_TRUE(command_packet_of(d).has_value());
  d.dcs = kDcsGeneralClass2EightBit;  // 16: also 8-bit class 2
  EXPECT_TRUE(command_packet_of(d).has_value());
  d.dcs = 0xF2;  // GSM 7 bit class 2
  EXPECT_FALSE(command_packet_of(d).has_value());
  d.dcs = 0x04;  // 8-bit, no class
  EXPECT_FALSE(command_packet_of(d).has_value());
  d.dcs = kDcsClass2EightBit;
  d.pid = kPidSmeToSme;
  EXPECT_FALSE(command_packet_of(d).has_value());
  d.pid = kPidSimDataDownload;
  d.ud.header = UserDataHeader{{{kIeiResponsePacket, {}}}};
  EXPECT_FALSE(command_packet_of(d).has_value());
  d.ud.header.reset();
  EXPECT_FALSE(command_packet_of(d).has_value());
  d.ud.header = UserDataHeader{{{0x05, {0x0B, 0x84, 0x23, 0xF0}}, {kIeiCommandPacket, {}}}};  // other IEs may precede
  EXPECT_EQ(command_packet_of(d), d.ud.body);
}

}  // namespace test_sms_concatenation
}  // namespace cardcore::sms
