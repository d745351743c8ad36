// Reassembler::save_state() / parse_state(): the concatenated short
// messages waiting for their other segments (TS 23.040 §9.2.3.24.1,
// §9.2.3.24.8) carried across a checkpoint — the restored reassembler
// completes, times out and evicts the same sets as the original; malformed
// or truncated sections are refused.
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "cardcore/sms/reassembler.hpp"
#include "cardcore/sms/sms_error.hpp"
#include "cardcore/util/bytes.hpp"

namespace cardcore::sms {
namespace test_sms_reassembler_state {

const Address kOta{TypeOfNumber::Unknown, NumberingPlan::Isdn, "12345678"};
const Address kOther{TypeOfNumber::International, NumberingPlan::Isdn, "4917012345"};

UserData segment(std::uint16_t ref, std::uint8_t total, std::uint8_t seq, Bytes body, bool wide = false) {
  UserData ud;
  ud.header = UserDataHeader{{concatenation_element({ref, total, seq, wide})}};
  if (seq == 1) ud.header->elements.push_back({0x70, {}});
  ud.body = std::move(body);
  return ud;
}

Bytes saved(const Reassembler& r) {
  Bytes out;
  r.save_state(out);
  return out;
}

Reassembler parsed(const Reassembler& like, const Bytes& b) {
  state::Reader in(b);
  Reassembler r = like.parse_state(in);
  in.expect_end();
  return r;
}

// Three sets held: 8-bit from kOta (1 of 3), 16-bit from kOther (2 of 3),
// 8-bit from kOther (1 of 2), fed at different times.
Reassembler three_sets() {
  Reassembler r(1000, 3);
  EXPECT_FALSE(r.add(kOta, segment(0x42, 3, 2, from_hex("0202")), 100).message);
  EXPECT_FALSE(r.add(kOther, segment(0x1234, 3, 1, from_hex("0101"), true), 200).message);
  EXPECT_FALSE(r.add(kOther, segment(0x1234, 3, 3, from_hex("03"), true), 300).message);
  EXPECT_FALSE(r.add(kOther, segment(0x07, 2, 2, from_hex("BB")), 400).message);
  return r;
}

TEST(SmsReassemblerState, ARestoredReassemblerCompletesTheSameMessages) {
  const Reassembler a = three_sets();
  Reassembler b = parsed(Reassembler(1000, 3), saved(a));
  EXPECT_EQ(saved(b), saved(a));
  ASSERT_EQ(b.size(), 3u);
  const std::vector<IncompleteMessage> pa = a.pending(), pb = b.pending();
  ASSERT_EQ(pa.size(), pb.size());
  for (std::size_t i = 0; i < pa.size(); ++i) {
    EXPECT_EQ(pa[i].originator, pb[i].originator);
    EXPECT_EQ(pa[i].reference, pb[i].reference);
    EXPECT_EQ(pa[i].received, pb[i].received);
    EXPECT_EQ(pa[i].first_ms, pb[i].first_ms);
    EXPECT_EQ(pa[i].last_ms, pb[i].last_ms);
  }
  // The missing segment completes the 16-bit set, its header and body as
  // the original's would be.
  Reassembler c = a;
  const auto rb = b.add(kOther, segment(0x1234, 3, 2, from_hex("0202"), true), 500);
  const auto rc = c.add(kOther, segment(0x1234, 3, 2, from_hex("0202"), true), 500);
  ASSERT_TRUE(rb.message);
  ASSERT_TRUE(rc.message);
  EXPECT_EQ(to_hex(rb.message->body), "0101020203");
  EXPECT_EQ(rb.message->header, rc.message->header);
  EXPECT_EQ(rb.message->header, (UserDataHeader{{{0x70, {}}}}));
  EXPECT_EQ(rb.message->originator, kOther);
  // A duplicate is recognised against the restored part.
  EXPECT_TRUE(b.add(kOta, segment(0x42, 3, 2, from_hex("0202")), 600).duplicate);
  EXPECT_THROW(b.add(kOta, segment(0x42, 3, 2, from_hex("FFFF")), 600), SmsError);
}

TEST(SmsReassemblerState, TimesAndTheSetLimitCarryOver) {
  Reassembler a = three_sets();
  Reassembler b = parsed(a, saved(a));
  // A fourth set evicts the least recently fed one (kOta's, fed at 100) in both.
  const auto ea = a.add(kOta, segment(0x99, 2, 1, from_hex("01")), 700);
  const auto eb = b.add(kOta, segment(0x99, 2, 1, from_hex("01")), 700);
  ASSERT_TRUE(ea.evicted);
  ASSERT_TRUE(eb.evicted);
  EXPECT_EQ(eb.evicted->reference, 0x42);
  EXPECT_EQ(ea.evicted->reference, eb.evicted->reference);
  // Idle longer than 1000 ms by 1401: the sets fed at 300 and 400 go.
  const std::vector<IncompleteMessage> xa = a.expire(1401), xb = b.expire(1401);
  ASSERT_EQ(xb.size(), 2u);
  ASSERT_EQ(xa.size(), xb.size());
  for (std::size_t i = 0; i < xa.size(); ++i) EXPECT_EQ(xa[i].reference, xb[i].reference);
  EXPECT_EQ(saved(a), saved(b));
}

TEST(SmsReassemblerState, AnEmptyReassemblerIsFourBytes) {
  const Reassembler r;
  EXPECT_EQ(to_hex(saved(r)), "00000000");
  EXPECT_EQ(parsed(r, saved(r)).size(), 0u);
}

void expect_refused(const Reassembler& like, const Bytes& b, const std::string& expected) {
  try {
    parsed(like, b);
    ADD_FAILURE() << "accepted: " << expected;
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("card state: "), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find(expected), std::string::npos) << e.what();
  }
}

TEST(SmsReassemblerState, TruncatedOrMalformedSectionsAreRefused) {
  const Reassembler a = three_sets();
  const Bytes good = saved(a);
  for (std::size_t n = 0; n < good.size(); ++n) expect_refused(a, Bytes(good.begin(), good.begin() + n), "truncated");
  // More sets than this reassembler holds.
  expect_refused(Reassembler(1000, 2), good, "3 sets, more than the limit 2");
  // The first set: count u32, TON, NPI, value (1 + 8), reference u16,
  // total u8 at offset 17, width u8, first_ms, last_ms, parts u8 at 35,
  // sequence u8 at 36.
  Bytes bad = good;
  bad[4] = 9;
  expect_refused(a, bad, "type of address 9/");
  bad = good;
  bad[17] = 2;  // 1 part of 2, but part 2 ... still incomplete: parses
  EXPECT_NO_THROW(parsed(a, bad));
  bad[17] = 1;  // 1 part of 1: a complete set is never held
  expect_refused(a, bad, "1 of 1 parts");
  bad = good;
  bad[36] = 4;  // part 4 of 3
  expect_refused(a, bad, "part 4 out of 1..3");
  bad = good;
  bad[36] = 0;
  expect_refused(a, bad, "part 0 out of 1..3");
  bad = good;
  bad[18] = 2;  // width not 0 or 1
  expect_refused(a, bad, "sixteen_bit_reference is 2");
  bad = good;
  bad[16] = 1;  // reference 0x0142 with an 8-bit width
  expect_refused(a, bad, "an 8-bit reference 322");
  // first_ms (bytes 19-26) past last_ms: its top byte set.
  bad = good;
  bad[26] = 0x01;
  expect_refused(a, bad, "latest segment before its first");
}

TEST(SmsReassemblerState, ARepeatedSetOrAConcatenationElementInAPartIsRefused) {
  Reassembler one(1000, 3);
  one.add(kOta, segment(0x42, 3, 2, from_hex("0202")), 100);
  const Bytes single = saved(one);
  // The same set twice: count 2 and the set's bytes again.
  Bytes twice = single;
  twice[0] = 2;
  twice.insert(twice.end(), single.begin() + 4, single.end());
  expect_refused(one, twice, "the set is there twice");
  // A part whose header keeps a concatenation element (IEI '00').
  Reassembler with_header(1000, 3);
  UserData ud = segment(0x42, 3, 2, from_hex("0202"));
  ud.header->elements.push_back({0x24, {0x01}});
  with_header.add(kOta, ud, 100);
  Bytes b = saved(with_header);
  // ... its header: 1 element, IEI '24' right after the sequence byte.
  const std::size_t seq = 4 + 2 + 1 + 8 + 2 + 1 + 1 + 8 + 8 + 1;
  ASSERT_EQ(b[seq], 2);
  ASSERT_EQ(b[seq + 1], 1);
  ASSERT_EQ(b[seq + 2], 0x24);
  b[seq + 2] = 0x00;
  expect_refused(with_header, b, "keeps a concatenation element");
}

}  // namespace test_sms_reassembler_state
}  // namespace cardcore::sms
