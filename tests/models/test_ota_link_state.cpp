// OtaSmsLink::save_state() / restore_state(), the section an SM-SR's
// checkpoint keeps per TAR: a link restored with a packet outstanding and
// its concatenated PoR half reassembled (TS 31.115 §4.3, TS 23.040
// §9.2.3.24.1) reads the rest of the PoR and builds the next packets as
// the original does; a cut section is refused and the link unchanged.
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "cardcore/ota/key_identifier.hpp"
#include "cardcore/ota/receiving_entity.hpp"
#include "cardcore/ota/response_packet.hpp"
#include "cardcore/sms/deliver.hpp"
#include "cardcore/sms/secured_packet_sms.hpp"
#include "cardcore/sms/submit.hpp"
#include "twinmodels/ota/expanded_response.hpp"
#include "twinmodels/ota/expanded_script.hpp"
#include "twinmodels/ota/ota_sms_link.hpp"
#include "twinmodels/ota/rfm_commands.hpp"
#include "twinmodels/state/state_bytes.hpp"

namespace twinmodels::ota {
namespace test_ota_link_state {

using cardcore::from_hex;
using cardcore::to_hex;
namespace co = cardcore::ota;
namespace sms = cardcore::sms;

const sms::Address kPlatform{sms::TypeOfNumber::International, sms::NumberingPlan::Isdn, "8613800000001"};
const sms::Timestamp kScts{26, 12, 1, 15, 42, 0, 32};

// AES-128, TAR B00011, SPI 16 39: CC, ciphered, counter higher; PoR always,
// CC, ciphered, by SMS-SUBMIT.
OtaCardConfig config() {
  OtaCardConfig c;
  c.tar = {0xB0, 0x00, 0x11};
  c.keys.kic = co::make_kic(co::CipherAlgorithm::AesCbc, 2);
  c.keys.kic_key = from_hex("200102030405060708090a0b0c0d0e0f");
  c.keys.kid = co::make_kid(co::ChecksumAlgorithm::AesCmac, 2);
  c.keys.kid_key = from_hex("201102030405060708090a0b0c0d0e0f");
  c.security.spi = co::Spi::parse(0x16, 0x39);
  c.counter = 5;
  c.originator = kPlatform;
  c.first_reference = 0x40;
  return c;
}

Bytes saved(const OtaSmsLink& l) {
  Bytes b;
  l.save_state(b);
  return b;
}

void restore(OtaSmsLink& l, const Bytes& b) {
  state::Reader in(b, "link");
  l.restore_state(in);
  in.expect_end();
}

// A link with a long packet sent (its reference used), then an expanded
// READ BINARY whose PoR comes back in three SMS-SUBMITs, two of them in.
struct HalfAnswered {
  OtaSmsLink link{config()};
  std::vector<Bytes> submits;

  HalfAnswered() {
    link.build(Bytes(20, 0x00), kScts, ScriptFormat::Compact);
    link.build(Bytes(300, 0x00), kScts, ScriptFormat::Compact);  // concatenated: reference 0x40
    RfmOptions o;
    o.format = ScriptFormat::Expanded;
    const Bytes packet = link.build_packet(encode_expanded_script(rfm_read_binary({0x3F00, 0x2FE2}, 0, 250, o)));
    const OtaCardConfig cfg = config();
    const co::CommandPacketResult r = co::open_command_packet(packet, [&](const co::CommandHeader&) {
      return std::optional<co::TarSecurity>(co::TarSecurity{&cfg.keys, 7, 0});
    });
    EXPECT_EQ(r.status, co::PorStatus::Ok);
    Bytes response = from_hex("ab8201" "04" "800102" "23029000" "2381fc");
    for (int i = 0; i < 250; ++i) response.push_back(static_cast<std::uint8_t>(i));
    response.insert(response.end(), {0x90, 0x00});
    response[3] = static_cast<std::uint8_t>(response.size() - 4);
    const Bytes por = co::build_response_packet(r, co::PorStatus::Ok, response, &cfg.keys);
    for (const sms::SmsSubmit& s : sms::submits_with_response_packet(kPlatform, 1, por, 0x99)) submits.push_back(sms::encode(s));
    EXPECT_EQ(submits.size(), 3u);
    EXPECT_FALSE(link.read_por_from_submit(submits[0], 10));
    EXPECT_FALSE(link.read_por_from_submit(submits[2], 20));
  }
};

TEST(OtaLinkState, ARestoredLinkReadsTheRestOfThePorAndBuildsAsTheOriginal) {
  HalfAnswered h;
  ASSERT_EQ(h.link.incomplete(), 1u);
  ASSERT_EQ(h.link.outstanding(), 3u);
  OtaSmsLink b(config());
  restore(b, saved(h.link));
  EXPECT_EQ(saved(b), saved(h.link));
  EXPECT_EQ(b.counter(), h.link.counter());
  EXPECT_EQ(b.incomplete(), 1u);
  EXPECT_EQ(b.outstanding(), 3u);
  const std::optional<PorResult> ra = h.link.read_por_from_submit(h.submits[1], 30);
  const std::optional<PorResult> rb = b.read_por_from_submit(h.submits[1], 30);
  ASSERT_TRUE(ra);
  ASSERT_TRUE(rb);
  EXPECT_EQ(rb->counter, 8u);
  EXPECT_EQ(rb->counter, ra->counter);
  EXPECT_TRUE(rb->secured);
  EXPECT_EQ(to_hex(rb->additional_data), to_hex(ra->additional_data));
  ASSERT_TRUE(rb->response);
  EXPECT_EQ(executed_commands(*rb->response), 2u);  // decoded as expanded: the format carried over
  // The next long packet: the same counter and concatenation reference (0x41).
  const std::vector<Bytes> na = h.link.build(Bytes(300, 0x11), kScts, ScriptFormat::Compact);
  const std::vector<Bytes> nb = b.build(Bytes(300, 0x11), kScts, ScriptFormat::Compact);
  EXPECT_EQ(na, nb);
  EXPECT_EQ(sms::concatenation_of(*sms::decode_deliver(nb[0]).ud.header)->reference, 0x41);
  EXPECT_EQ(saved(b), saved(h.link));
}

TEST(OtaLinkState, ACutSectionIsRefusedAndTheLinkUnchanged) {
  HalfAnswered h;
  const Bytes good = saved(h.link);
  OtaSmsLink b(config());
  b.build(Bytes(20, 0x22), kScts);
  const Bytes before = saved(b);
  for (std::size_t n = 0; n < good.size(); ++n) {
    try {
      restore(b, Bytes(good.begin(), good.begin() + static_cast<std::ptrdiff_t>(n)));
      ADD_FAILURE() << "accepted " << n << " bytes";
    } catch (const std::invalid_argument& e) {
      EXPECT_NE(std::string(e.what()).find("link state: "), std::string::npos) << e.what();
    }
    EXPECT_EQ(saved(b), before);
  }
  // A counter above 'FFFFFFFFFF', a format unknown, a damaged reassembler.
  Bytes bad = good;
  bad[5] = 0x01;
  EXPECT_THROW(restore(b, bad), std::invalid_argument);
  bad = good;
  bad[8 + 1 + 4 + 8] = 7;  // the first outstanding packet's format
  EXPECT_THROW(restore(b, bad), std::invalid_argument);
  bad = good;
  bad[8 + 1 + 4 + 3 * 9 + 4] = 9;  // the reassembler's set count
  EXPECT_THROW(restore(b, bad), std::invalid_argument);
  EXPECT_EQ(saved(b), before);
}

}  // namespace test_ota_link_state
}  // namespace twinmodels::ota
