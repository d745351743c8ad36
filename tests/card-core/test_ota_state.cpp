// The OTA section of the card state (version 3, card/STATE-FORMAT.md): the
// held segments of a concatenated command packet go with save_state(), so a
// restored card completes the packet as the saved one would have, and
// restore_state() refuses segments the receiver would never have held. The
// script chaining section (version 4) follows them: test_rfm_chaining.cpp.
#include "ota_fixture.hpp"

namespace spi = cardcore::testing::spi;

namespace test_ota_state {

using cardcore::testing::OtaCard;
using cardcore::testing::security;
using cardcore::testing::upper_hex;
using namespace cardcore;

class OtaState : public OtaCard {
 protected:
  void SetUp() override {
    OtaCard::SetUp();
    const std::string script = "00A4000C026F3C" "00DC0104B0" + std::string(352, 'C');
    tpdus = cardcore::testing::command_tpdus(packet(sec, remote::kTarUsimRfm, 1, from_hex(script)));
    ASSERT_EQ(tpdus.size(), 2u);
    ASSERT_EQ(envelope(tpdus[0]), "9000");
    saved = card.save_state();
  }

  void expect_refused(const Bytes& bad, const std::string& fragment) {
    Uicc other(cardcore::testing::domestic_profile());
    try {
      other.restore_state(bad);
      ADD_FAILURE() << "accepted; expected \"" << fragment << "\"";
    } catch (const std::invalid_argument& e) {
      EXPECT_NE(std::string(e.what()).find(fragment), std::string::npos) << e.what();
    }
  }

  const ota::CommandSecurity sec = security(spi::kCcCipheredCounterHigher, spi::kPorAlwaysCcCipheredReport);
  std::vector<Bytes> tpdus;
  Bytes saved;
};

TEST_F(OtaState, HeldSegmentsComeBeforeTheChainedSessionFlag) {
  const Bytes& t = tpdus[0];
  ASSERT_GT(saved.size(), 4 + t.size());
  const std::size_t at = saved.size() - t.size() - 4;
  EXPECT_EQ(saved[at], 1);  // one segment held
  EXPECT_EQ(saved[at + 1] | (saved[at + 2] << 8), static_cast<int>(t.size()));
  EXPECT_EQ(Bytes(saved.begin() + static_cast<std::ptrdiff_t>(at + 3), saved.end() - 1), t);
  EXPECT_EQ(saved.back(), 0);  // no script chain
}

TEST_F(OtaState, ARestoredCardCompletesThePacket) {
  Uicc other(cardcore::testing::domestic_profile());
  other.restore_state(saved);
  EXPECT_EQ(other.save_state(), saved);
  ASSERT_EQ(other.held_segments()->size(), 1u);
  const Bytes data = cardcore::testing::sms_pp_envelope(tpdus[1]);
  Bytes apdu = from_hex("80C20000");
  apdu.push_back(static_cast<std::uint8_t>(data.size()));
  apdu.insert(apdu.end(), data.begin(), data.end());
  const std::string theirs = upper_hex(other.transmit(apdu));
  const std::string ours = envelope(tpdus[1]);
  EXPECT_EQ(theirs, ours);
  ASSERT_EQ(ours.substr(0, 2), "61");
  EXPECT_EQ(upper_hex(other.transmit(from_hex("00C00000" + ours.substr(2)))), send("00C00000" + ours.substr(2)));
  EXPECT_EQ(other.save_state(), card.save_state());
  EXPECT_TRUE(other.held_segments()->empty());
}

TEST_F(OtaState, RestoreRefusesWhatTheReceiverWouldNotHold) {
  const std::size_t at = saved.size() - tpdus[0].size() - 4;
  // Not (U)SIM data download: TP-PID 00 (offset 7 of the TPDU: after first
  // octet and the TP-OA of 13 digits, 1 + 9).
  Bytes pid = saved;
  const std::size_t pid_at = at + 3 + 1 + 9;
  ASSERT_EQ(pid[pid_at], 0x7F);
  pid[pid_at] = 0x00;
  expect_refused(pid, "held segment 0 is not a segment of a concatenated SMS-PP download");
  // A segment too short to be a TPDU.
  Bytes shorter(saved.begin(), saved.begin() + static_cast<std::ptrdiff_t>(at));
  shorter.insert(shorter.end(), {1, 2, 0, 0x40, 0x00});
  expect_refused(shorter, "held segment 0");
  // More segments than a card holds.
  Bytes many(saved.begin(), saved.begin() + static_cast<std::ptrdiff_t>(at));
  many.push_back(static_cast<std::uint8_t>(Uicc::kMaxHeldSegments + 1));
  expect_refused(many, "more than 16");
  // Truncated inside a segment.
  expect_refused(Bytes(saved.begin(), saved.end() - 2), "truncated");
}

}  // namespace test_ota_state
