// Checkpoints of the off-card side of an SCP03 session (HostSession::
// save_state / parse_state, cardcore/gp/scp03_host_session_state.cpp): a
// session saved before the INITIALIZE UPDATE response and with wrapped
// commands unanswered goes on, restored, as the original does against the
// card's session (GP Amendment D §7, level '33'); malformed input is refused.
#include <gtest/gtest.h>

#include <optional>
#include <stdexcept>
#include <string>

#include "cardcore/apdu/command_apdu.hpp"
#include "cardcore/gp/scp03_card_session.hpp"
#include "cardcore/gp/scp03_host_session.hpp"
#include "cardcore/util/bytes.hpp"
#include "cardcore/util/state_io.hpp"

namespace cardcore::gp::scp03 {
namespace test_scp03_host_session_state {

const Bytes kIsdP = from_hex("A0000005591010FFFFFFFF8900001200");

StaticKeys keys() {
  StaticKeys k;
  k.kvn = 0x30;
  k.enc = from_hex("404142434445464748494A4B4C4D4E4F");
  k.mac = from_hex("505152535455565758595A5B5C5D5E5F");
  k.dek = from_hex("606162636465666768696A6B6C6D6E6F");
  return k;
}

Bytes saved(const HostSession& h) {
  Bytes b;
  h.save_state(b);
  return b;
}

HostSession restored(const Bytes& b) {
  state::Reader in(b);
  HostSession h = HostSession::parse_state(in);
  in.expect_end();
  return h;
}

// The card's answer to a wrapped command: unwrapped, and '90 00' with
// `data` protected as the level asks.
Bytes answer(CardSession& card, const Bytes& wrapped, ByteView data) {
  StatusWord err = sw::kOk;
  const std::optional<Bytes> plain = card.unwrap(*parse_command_apdu(wrapped, err), err);
  EXPECT_TRUE(plain);
  return card.protect_response(data, sw::kOk);
}

TEST(Scp03HostSessionState, ARestoredSessionGoesOnAsTheOriginal) {
  HostSession host(keys(), from_hex("0001020304050607"));
  CardSession card;
  StatusWord err = sw::kOk;
  Bytes iu_rsp;
  ASSERT_EQ(card.initialize_update(keys(), 7, kIsdP, *parse_command_apdu(host.initialize_update(), err), iu_rsp), sw::kOk);

  // Before the INITIALIZE UPDATE response: no channel yet.
  HostSession early = restored(saved(host));
  EXPECT_EQ(saved(early), saved(host));
  ASSERT_TRUE(host.take_response(iu_rsp));
  ASSERT_TRUE(early.take_response(iu_rsp));
  EXPECT_EQ(saved(early), saved(host));
  EXPECT_EQ(host.sequence_counter(), 7u);

  const Bytes ea = host.external_authenticate(0x33);
  EXPECT_EQ(early.external_authenticate(0x33), ea);
  ASSERT_EQ(card.external_authenticate(*parse_command_apdu(ea, err)), sw::kOk);

  // Two commands wrapped, their answers not read yet: a script in flight.
  const Bytes c1 = host.wrap(from_hex("80E2910003010203"));
  const Bytes c2 = host.wrap(from_hex("80CA005A00"));
  const Bytes r1 = answer(card, c1, {});
  const Bytes r2 = answer(card, c2, from_hex("5A10890490320000000000000000000042"));
  HostSession copy = restored(saved(host));
  EXPECT_EQ(saved(copy), saved(host));
  for (HostSession* h : {&host, &copy}) {
    const std::optional<Bytes> a1 = h->unwrap_response(r1, 0x9000);
    ASSERT_TRUE(a1);
    EXPECT_TRUE(a1->empty());
    const std::optional<Bytes> a2 = h->unwrap_response(r2, 0x9000);
    ASSERT_TRUE(a2);
    EXPECT_EQ(*a2, from_hex("5A10890490320000000000000000000042"));
  }
  // The chaining goes on: the next command is the same from both, and the
  // card takes it.
  const Bytes c3 = host.wrap(from_hex("80E2910103040506"));
  EXPECT_EQ(copy.wrap(from_hex("80E2910103040506")), c3);
  EXPECT_EQ(answer(card, c3, {}).size(), 8u);  // the R-MAC alone
  EXPECT_EQ(saved(copy), saved(host));
}

std::string refusal_of(const Bytes& b) {
  try {
    restored(b);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "(accepted)";
}

TEST(Scp03HostSessionState, MalformedStatesAreRefused) {
  HostSession host(keys(), from_hex("0001020304050607"));
  CardSession card;
  StatusWord err = sw::kOk;
  Bytes iu_rsp;
  ASSERT_EQ(card.initialize_update(keys(), 7, kIsdP, *parse_command_apdu(host.initialize_update(), err), iu_rsp), sw::kOk);
  ASSERT_TRUE(host.take_response(iu_rsp));
  host.external_authenticate(0x33);
  host.wrap(from_hex("80E2910003010203"));
  const Bytes s = saved(host);
  // Every cut.
  for (std::size_t n = 0; n < s.size(); ++n) {
    EXPECT_NE(refusal_of(Bytes(s.begin(), s.begin() + static_cast<std::ptrdiff_t>(n))).find("card state: "), std::string::npos) << n;
  }
  // Layout: KVN 1, K-ENC 17, K-MAC 17, K-DEK 17, host challenge 9, card
  // challenge 9, sequence counter 4, level 1, session keys 3 x 17, channel
  // flag, chaining value 16, counter 8, commands unanswered u32.
  constexpr std::size_t kSequence = 1 + 3 * 17 + 2 * 9;
  constexpr std::size_t kChannel = kSequence + 4 + 1 + 3 * 17;
  Bytes bad = s;
  bad[kSequence + 3] = 0x01;
  EXPECT_NE(refusal_of(bad).find("sequence counter above 'FFFFFF'"), std::string::npos) << refusal_of(bad);
  bad = s;
  bad[kChannel] = 0;  // no channel, with a card challenge and session keys
  EXPECT_NE(refusal_of(bad).find("channel flag does not fit"), std::string::npos) << refusal_of(bad);
  bad = s;
  bad[1] = 15;  // K-ENC of 15 bytes
  EXPECT_NE(refusal_of(bad).find("K-ENC of 15 bytes"), std::string::npos) << refusal_of(bad);
  bad = s;
  bad[1 + 3 * 17] = 0;  // no host challenge
  EXPECT_NE(refusal_of(bad).find("card state: "), std::string::npos) << refusal_of(bad);
  bad = s;
  bad[kChannel + 1 + 16 + 8] = 0xFF;  // more commands unanswered than the state holds
  EXPECT_NE(refusal_of(bad).find("truncated at SCP03 commands not answered"), std::string::npos) << refusal_of(bad);
}

}  // namespace test_scp03_host_session_state
}  // namespace cardcore::gp::scp03
