// The access sweep of the GSM application (CLA 'A0', 3GPP TS 51.011): every
// EF the GSM side serves, in four security states (CHV1 disabled as the
// profile has it, CHV1 enabled and not verified, CHV1 verified, CHV1 and
// ADM1 verified), is read and updated (BINARY or RECORD, §9.2.3-6) exactly
// when the access condition its SELECT response reports (§9.2.1 byte 9:
// b8-b5 READ, b4-b1 UPDATE; the levels of §9.3) is fulfilled, '98 04'
// otherwise (§9.4.5); INVALIDATE and REHABILITATE the same way.
#include <algorithm>
#include <functional>
#include <optional>

#include "card_fixture.hpp"
#include "profile_paths.hpp"

namespace test_uicc_gsm_access_sweep {

using cardcore::testing::CardTest;
using cardcore::testing::hex16;
using cardcore::testing::hex8;
using cardcore::testing::upper_hex;
using namespace cardcore;

enum class State { Chv1Disabled, Chv1NotVerified, Chv1Verified, Chv1AndAdm1Verified };

const char* name_of(State s) {
  switch (s) {
    case State::Chv1Disabled: return "CHV1 disabled";
    case State::Chv1NotVerified: return "CHV1 enabled, not verified";
    case State::Chv1Verified: return "CHV1 verified";
    case State::Chv1AndAdm1Verified: return "CHV1 and ADM1 verified";
  }
  return "";
}

class GsmAccessSweep : public CardTest {
 protected:
  const ProfileTemplate& prof() const { return card.profile(); }
  // A PIN's value as VERIFY sends it: 8 bytes, 'FF' padded (TS 51.011 §9.3).
  std::string pin_of(std::uint8_t key_ref) const {
    Bytes v = prof().find_pin(key_ref)->value;
    v.resize(8, 0xFF);
    return upper_hex(v);
  }
  // A fresh card in `state` (the CHV commands of §9.2.9 and §9.2.12; ADM1
  // by the UICC's VERIFY, TS 102 221 §11.1.9, one security state for both).
  void prepare(State state) {
    card = Uicc(cardcore::testing::domestic_profile());
    card.power_on();
    if (state == State::Chv1Disabled) return;
    ASSERT_EQ(send("A028000108" + pin_of(key_ref::kPin1)), "9000");
    card.power_on();  // a reset: CHV1 enabled, no longer verified
    if (state == State::Chv1NotVerified) return;
    ASSERT_EQ(send("A020000108" + pin_of(key_ref::kPin1)), "9000");
    if (state == State::Chv1AndAdm1Verified) {
      ASSERT_EQ(send("0020000A08" + pin_of(key_ref::kAdm1)), "9000");
    }
  }
  // SELECT of the MF, then of each file on the way to EF `i` (§9.2.1);
  // the EF's response (GET RESPONSE, §9.2.18), or nullopt when the GSM
  // application has no such file ('94 04').
  std::optional<Bytes> gsm_select(std::uint32_t i) {
    std::vector<std::uint16_t> fids;
    for (std::uint32_t p = i; p != 0; p = prof().files[p].parent) fids.insert(fids.begin(), prof().files[p].fid);
    fids.insert(fids.begin(), 0x3F00);
    std::string r;
    for (const std::uint16_t fid : fids) {
      r = send("A0A4000002" + hex16(fid));
      if (r == "9404") return std::nullopt;
      EXPECT_EQ(r.substr(0, 2), "9F") << hex16(fid);
    }
    const std::string g = send("A0C00000" + r.substr(2, 2));
    EXPECT_EQ(g.substr(g.size() - 4), "9000");
    return from_hex(g.substr(0, g.size() - 4));
  }
  // §9.3: ALW '0'; CHV1 '1' (fulfilled when verified or disabled, §9.2.11);
  // CHV2 '2'; ADM '4'-'E' (this card: ADMn, key reference '0A' + n - 1, as
  // 'A' + n - 1); NEV 'F'.
  bool fulfilled(std::uint8_t level, State state) const {
    switch (level) {
      case 0x0: return true;
      case 0x1: return state != State::Chv1NotVerified;
      case 0x2: return card.pin_disabled(key_ref::kPin2);
      case 0xA: return state == State::Chv1AndAdm1Verified;
      default: return false;
    }
  }
  // Every EF the GSM application serves (none in the ADF: TS 51.011 knows
  // no ADF), in each of the four states on a fresh card, selected: `check`
  // gets the state and the EF's SELECT response. Returns the files swept.
  int sweep(const std::function<void(State, const Bytes&)>& check) {
    int files = 0;
    for (std::uint32_t i = 0; i < prof().files.size(); ++i) {
      if (prof().files[i].is_df() || cardcore::testing::in_adf(prof(), i)) continue;
      SCOPED_TRACE(prof().qualified_name(i));
      prepare(State::Chv1Disabled);
      if (!gsm_select(i)) continue;
      ++files;
      for (const State state : {State::Chv1Disabled, State::Chv1NotVerified, State::Chv1Verified,
                                State::Chv1AndAdm1Verified}) {
        SCOPED_TRACE(name_of(state));
        prepare(state);
        const std::optional<Bytes> r = gsm_select(i);
        EXPECT_TRUE(r && r->size() >= 15);
        if (r && r->size() >= 15) check(state, *r);
      }
    }
    return files;
  }
};

TEST_F(GsmAccessSweep, EveryGsmEfIsReadAndUpdatedExactlyAsItsAccessConditionsAllow) {
  int allowed = 0, refused = 0;
  const int files = sweep([&](State state, const Bytes& r) {
    // §9.2.1 bytes 3-4 the file size, 14 the structure ('00' transparent,
    // '01' linear fixed, '03' cyclic), 15 the record length.
    const unsigned size = r[2] << 8 | r[3];
    const std::uint8_t structure = r[13];
    const unsigned length = structure == 0x00 ? std::min(size, 255u) : r[14];
    const bool read = fulfilled(r[8] >> 4, state);
    const bool update = fulfilled(r[8] & 0x0F, state);
    const std::string read_apdu = structure == 0x00 ? "A0B00000" : "A0B20104";
    // UPDATE: zeros over the first bytes or record 1 (PREVIOUS for a
    // cyclic EF, the only mode it takes, §9.2.6).
    const std::string update_apdu = structure == 0x00 ? "A0D60000" : structure == 0x03 ? "A0DC0003" : "A0DC0104";
    const std::string answer = send(read_apdu + hex8(length));
    EXPECT_EQ(answer.substr(answer.size() - 4), read ? "9000" : "9804");
    EXPECT_EQ(send(update_apdu + hex8(length) + std::string(2 * length, '0')), update ? "9000" : "9804");
    allowed += read + update;
    refused += !read + !update;
  });
  EXPECT_GT(files, 20);
  EXPECT_GT(allowed, 60);
  EXPECT_GT(refused, 40);
}

// INVALIDATE (§9.2.7; byte 11 b4-b1 of the SELECT response) and
// REHABILITATE of an invalidated EF (§9.2.8; byte 11 b8-b5), in the same
// four states, exactly when the condition the response reports is
// fulfilled, '98 04' otherwise. (INCREASE is left out: the profile has no
// cyclic EF.)
TEST_F(GsmAccessSweep, EveryGsmEfIsInvalidatedAndRehabilitatedExactlyAsItsAccessConditionsAllow) {
  int invalidated = 0, rehabilitated = 0, refused = 0;
  const int files = sweep([&](State state, const Bytes& r) {
    const bool invalidate = fulfilled(r[10] & 0x0F, state);
    const bool rehabilitate = fulfilled(r[10] >> 4, state);
    EXPECT_EQ(send("A004000000"), invalidate ? "9000" : "9804");
    if (invalidate) {
      EXPECT_EQ(send("A044000000"), rehabilitate ? "9000" : "9804");
    }
    invalidated += invalidate;
    rehabilitated += invalidate && rehabilitate;
    refused += !invalidate + (invalidate && !rehabilitate);
  });
  EXPECT_GT(files, 20);
  EXPECT_GT(invalidated, 20);
  EXPECT_GT(rehabilitated, 20);
  EXPECT_GT(refused, 40);
}

}  // namespace test_uicc_gsm_access_sweep
