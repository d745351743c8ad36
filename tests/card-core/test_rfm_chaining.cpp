// Script chaining (TS 102 226 §5.2.1.4, remote/script_chaining.hpp): the
// command session of a chain of expanded scripts — current file, security
// status — goes from one secured packet to the next; out-of-order, unchained
// and unsupported scripts get the Script Chaining Response and run nothing;
// the chain is volatile, ends with its last script, a script not chained or
// a new first one, and goes with the card state (version 4).
#include "ota_fixture.hpp"

namespace spi = cardcore::testing::spi;

namespace test_rfm_chaining {

using cardcore::testing::kImsi;
using cardcore::testing::kNewImsi;
using cardcore::testing::OtaCard;
using cardcore::testing::RfmCard;
using cardcore::testing::security;
using cardcore::testing::upper_hex;
using namespace cardcore;

// The C-APDU TLVs of a script, each given as the C-APDU in hex.
std::string tlvs(std::initializer_list<std::string> capdus) {
  std::string out;
  for (const std::string& c : capdus) out += "22" + cardcore::testing::hex8(static_cast<unsigned>(c.size() / 2)) + c;
  return out;
}
// An 'AA' template around `body` (hex).
std::string aa(const std::string& body) { return "AA" + cardcore::testing::hex8(static_cast<unsigned>(body.size() / 2)) + body; }
// The Script Chaining TLV.
std::string chain(const std::string& value) { return "8301" + value; }

class RfmChaining : public RfmCard {
 protected:
  bool chained() { return card.chained_session() && *card.chained_session(); }
};

const std::string kSelectImsi = "00A4000C026F07";
const std::string kReadImsi = "00B0000009";
const std::string kVerifyPin2 = "002000810831323334FFFFFFFF";
// EF.EST (ADF.USIM/6F56): update PIN2 only (EF.ARR record 5), which RFM's
// ADM1 does not satisfy.
const std::string kSelectEst = "00A4000C026F56";
const std::string kUpdateEst = "00D6000001" "01";

// The golden chain: the first script selects EF.IMSI and verifies PIN2; the
// subsequent one, in the next packet, reads the EF it left current and
// updates EF.EST with the PIN2 it verified; the last one ends the chain.
TEST_F(RfmChaining, TheSessionGoesFromOnePacketToTheNext) {
  EXPECT_EQ(rfm(remote::kTarUsimRfm, aa(chain("01") + tlvs({kSelectImsi, kVerifyPin2}))), "AB0B" "800102" "23029000" "23029000");
  EXPECT_TRUE(chained());
  EXPECT_EQ(rfm(remote::kTarUsimRfm, aa(chain("02") + tlvs({kReadImsi, kSelectEst, kUpdateEst}))),
            "AB18" "800103" "230B" + kImsi + "9000" "23029000" "23029000");
  EXPECT_EQ(rfm(remote::kTarUsimRfm, aa(chain("03") + tlvs({"00B0000001"}))), "AB08" "800101" "2303019000");
  EXPECT_FALSE(chained());
  // Without the chain the same update is refused: ADM1 is not PIN2.
  EXPECT_EQ(rfm(remote::kTarUsimRfm, aa(tlvs({kSelectEst, kUpdateEst}))), "AB0B" "800102" "23029000" "23026982");
  // The terminal's own PIN2 was never verified.
  EXPECT_EQ(send("0020008100"), "63C3");
}

// A subsequent or last script with no chain open runs nothing and says so
// (Script Chaining Response '01': no previous script).
TEST_F(RfmChaining, OutOfOrderScriptsRunNothing) {
  const std::string update = tlvs({kSelectImsi, "00D6000009" + kNewImsi});
  EXPECT_EQ(rfm(remote::kTarUsimRfm, aa(chain("02") + update)), "AB06" "800100" "830101");
  EXPECT_EQ(rfm(remote::kTarUsimRfm, aa(chain("03") + update)), "AB06" "800100" "830101");
  EXPECT_EQ(rfm(remote::kTarUsimRfm, "AE80" + chain("02") + update + "0000"), "AF80" "830101" "0000");
  EXPECT_EQ(read_imsi(), kImsi + "9000");
  EXPECT_FALSE(chained());
  EXPECT_EQ(stored_counter(1), 3u);  // the packets passed their checks
}

// A script not chained (expanded without the TLV, or compact) of the chain's
// application ends the chain; a new first script starts over.
TEST_F(RfmChaining, AnUnchainedOrNewFirstScriptEndsTheChain) {
  ASSERT_EQ(rfm(remote::kTarUsimRfm, aa(chain("01") + tlvs({kSelectImsi}))), "AB07" "800101" "23029000");
  EXPECT_EQ(rfm(remote::kTarUsimRfm, aa(tlvs({kReadImsi}))), "AB07" "800101" "23026986");  // a new session: no EF
  EXPECT_EQ(rfm(remote::kTarUsimRfm, aa(chain("02") + tlvs({kReadImsi}))), "AB06" "800100" "830101");

  ASSERT_EQ(rfm(remote::kTarUsimRfm, aa(chain("01") + tlvs({kSelectImsi}))), "AB07" "800101" "23029000");
  EXPECT_EQ(rfm(remote::kTarUsimRfm, "00B0000009"), "016986");  // compact: not chained
  EXPECT_FALSE(chained());

  ASSERT_EQ(rfm(remote::kTarUsimRfm, aa(chain("01") + tlvs({kSelectImsi, kVerifyPin2}))), "AB0B" "800102" "23029000" "23029000");
  ASSERT_EQ(rfm(remote::kTarUsimRfm, aa(chain("01"))), "AB03" "800100");  // first again: a new session
  EXPECT_EQ(rfm(remote::kTarUsimRfm, aa(chain("03") + tlvs({kReadImsi}))), "AB07" "800101" "23026986");
}

// A chain belongs to the application whose TAR opened it: another
// application's scripts neither continue nor end it.
TEST_F(RfmChaining, AChainBelongsToItsApplication) {
  ASSERT_EQ(rfm(remote::kTarUsimRfm, aa(chain("01") + tlvs({kSelectImsi}))), "AB07" "800101" "23029000");
  EXPECT_EQ(rfm(remote::kTarUiccRfm, aa(chain("02") + tlvs({kReadImsi}))), "AB06" "800100" "830101");
  EXPECT_EQ(rfm(remote::kTarUiccRfm, aa(tlvs({"00A4000C022FE2"}))), "AB07" "800101" "23029000");
  EXPECT_EQ(rfm(remote::kTarUsimRfm, aa(chain("03") + tlvs({kReadImsi}))), "AB10" "800101" "230B" + kImsi + "9000");
}

// '11' (first script, kept across a reset) is not supported: nothing runs.
// A chaining value TS 102 226 does not give, or a Script Chaining TLV
// after the first TLV, cannot be processed. Each drops the chain.
TEST_F(RfmChaining, WhatTheCardCannotChain) {
  ASSERT_EQ(rfm(remote::kTarUsimRfm, aa(chain("01") + tlvs({kSelectImsi}))), "AB07" "800101" "23029000");
  EXPECT_EQ(rfm(remote::kTarUsimRfm, aa(chain("11") + tlvs({kReadImsi}))), "AB06" "800100" "830102");
  EXPECT_FALSE(chained());
  EXPECT_EQ(rfm(remote::kTarUsimRfm, aa(chain("04") + tlvs({kReadImsi}))), "AB06" "800100" "830103");
  EXPECT_EQ(rfm(remote::kTarUsimRfm, aa("830201FF" + tlvs({kReadImsi}))), "AB06" "800100" "830103");
  ASSERT_EQ(rfm(remote::kTarUsimRfm, aa(chain("01") + tlvs({kSelectImsi}))), "AB07" "800101" "23029000");
  EXPECT_EQ(rfm(remote::kTarUsimRfm, aa(chain("02") + tlvs({kReadImsi}) + chain("02") + tlvs({kReadImsi}))),
            "AB13" "800101" "230B" + kImsi + "9000" "830103");
  EXPECT_FALSE(chained());
}

// The chain lives in the card's volatile session: a power cycle ends it. A
// packet that fails its checks does not touch it.
TEST_F(RfmChaining, PowerOffEndsTheChainAndBadPacketsDoNotTouchIt) {
  ASSERT_EQ(rfm(remote::kTarUsimRfm, aa(chain("01") + tlvs({kSelectImsi}))), "AB07" "800101" "23029000");
  const Bytes before = card.save_state();
  Bytes bad = packet(sec, remote::kTarUsimRfm, counter + 1, from_hex(aa(chain("03") + tlvs({kReadImsi}))));
  bad.back() ^= 0x01;
  run(bad);
  EXPECT_EQ(card.save_state(), before);
  card.power_off();
  card.power_on();
  EXPECT_FALSE(chained());
  EXPECT_EQ(rfm(remote::kTarUsimRfm, aa(chain("03") + tlvs({kReadImsi}))), "AB06" "800100" "830101");
}

// Indefinite templates chain as definite ones do, and answer 'AF'.
TEST_F(RfmChaining, IndefiniteTemplatesChain) {
  EXPECT_EQ(rfm(remote::kTarUsimRfm, "AE80" + chain("01") + tlvs({kSelectImsi}) + "0000"), "AF80" "23029000" "0000");
  EXPECT_EQ(rfm(remote::kTarUsimRfm, aa(chain("02") + tlvs({"00D6000009" + kNewImsi}))), "AB07" "800101" "23029000");
  EXPECT_EQ(rfm(remote::kTarUsimRfm, "AE80" + chain("03") + tlvs({kReadImsi}) + "0000"),
            "AF80" "230B" + kNewImsi + "9000" "0000");
}

// Version 4 of the card state carries the chain: a card restored between
// two packets of a chain finishes it as the saved card does.
TEST_F(RfmChaining, TheChainGoesWithTheCardState) {
  ASSERT_EQ(rfm(remote::kTarUsimRfm, aa(chain("01") + tlvs({kSelectImsi, kVerifyPin2}))), "AB0B" "800102" "23029000" "23029000");
  const Bytes saved = card.save_state();
  // The last field group: flag 1, application 1 (USIM RFM), not GSM, the
  // channel (open, DF = EF's parent ADF, EF.IMSI, ADF, record 0), ADM1 and
  // PIN2 satisfied, no pending data, SW 90 00.
  const ProfileTemplate& p = *cardcore::testing::domestic_profile();
  const std::uint32_t adf = *p.find_name("ADF.USIM"), ef = *p.find_name("ADF.USIM/EF.IMSI");
  ASSERT_GT(saved.size(), 30u);
  const Bytes tail(saved.end() - 26, saved.end());
  Bytes expect = {1, 1, 0, 1};
  for (std::uint32_t v : {adf, ef, adf}) {
    for (int i = 0; i < 4; ++i) expect.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
  }
  expect.insert(expect.end(), {0, 0});
  KeySet k;
  k.set(key_ref::kAdm1, true);
  k.set(key_ref::kPin2, true);
  for (int i = 0; i < 4; ++i) expect.push_back(static_cast<std::uint8_t>(k.bits() >> (8 * i)));
  expect.insert(expect.end(), {0, 0, 0x00, 0x90});
  EXPECT_EQ(upper_hex(tail), upper_hex(expect));

  Uicc other(cardcore::testing::domestic_profile());
  other.restore_state(saved);
  EXPECT_EQ(other.save_state(), saved);
  const std::string next = aa(chain("03") + tlvs({kReadImsi, kSelectEst, kUpdateEst}));
  const Bytes p2 = packet(sec, remote::kTarUsimRfm, counter + 1, from_hex(next));
  const Bytes env = cardcore::testing::sms_pp_envelope(cardcore::testing::command_tpdus(p2)[0]);
  Bytes apdu = from_hex("80C20000");
  apdu.push_back(static_cast<std::uint8_t>(env.size()));
  apdu.insert(apdu.end(), env.begin(), env.end());
  const Bytes theirs = other.transmit(apdu);
  const Bytes ours = card.transmit(apdu);
  EXPECT_EQ(upper_hex(theirs), upper_hex(ours));
  ASSERT_EQ(ours.size(), 2u);
  const Bytes gr = {0x00, 0xC0, 0x00, 0x00, ours[1]};
  const std::string answer = upper_hex(card.transmit(gr));
  EXPECT_EQ(upper_hex(other.transmit(gr)), answer);
  EXPECT_EQ(upper_hex(por_of(answer, sec, remote::kTarUsimRfm, counter + 1).packet.additional_data),
            "AB18" "800103" "230B" + kImsi + "9000" "23029000" "23029000");
  EXPECT_EQ(other.save_state(), card.save_state());
}

// restore_state() takes only a chained session the card could have made.
TEST_F(RfmChaining, RestoreRefusesSessionsNoScriptMakes) {
  ASSERT_EQ(rfm(remote::kTarUsimRfm, aa(chain("01") + tlvs({kSelectImsi}))), "AB07" "800101" "23029000");
  const Bytes saved = card.save_state();
  const std::size_t at = saved.size() - 25;  // the application
  auto refused = [&](std::size_t offset, std::uint8_t value, const std::string& fragment) {
    Bytes bad = saved;
    bad[at + offset] = value;
    Uicc other(cardcore::testing::domestic_profile());
    try {
      other.restore_state(bad);
      ADD_FAILURE() << "accepted; expected \"" << fragment << "\"";
    } catch (const std::invalid_argument& e) {
      EXPECT_NE(std::string(e.what()).find(fragment), std::string::npos) << e.what();
    }
  };
  refused(0, 3, "chained session of unknown application 3");
  refused(1, 1, "GSM flag does not fit its application");
  refused(2, 0, "chained session is closed but not reset");
  refused(3, 0xFE, "chained session current DF file index");
  refused(20, 0x80, "chained session key set holds unknown key references");
  refused(22, 0x02, "chained session pending length 512 exceeds 256");
  refused(24, 0x12, "chained session pending status word '1200' has no valid SW1");
  Bytes flag = saved;
  flag[at - 1] = 2;
  Uicc other(cardcore::testing::domestic_profile());
  EXPECT_THROW(other.restore_state(flag), std::invalid_argument);
  EXPECT_THROW(other.restore_state(Bytes(saved.begin(), saved.end() - 1)), std::invalid_argument);
}

}  // namespace test_rfm_chaining
