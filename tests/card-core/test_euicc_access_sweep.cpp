// The access sweep of an eUICC's enabled profile (SGP.02: the ISD-P's file
// system is the one the terminal sees): every EF of the China Mobile
// profile, at power-on and with its ADM1 verified, is read and updated
// (BINARY or RECORD, TS 102 221 §11.1.3-6) exactly when its rule, read from
// its EF.ARR record through the eUICC and decoded by arr_oracle.hpp,
// allows it, '69 82' otherwise; DEACTIVATE FILE and ACTIVATE FILE the
// same way. The eUICC goes back to the factory state
// (restore_state) before each file and state.
#include <algorithm>
#include <optional>

#include "arr_oracle.hpp"
#include "euicc_fixture.hpp"
#include "profile_paths.hpp"

namespace test_euicc_access_sweep {

using cardcore::testing::EuiccTest;
using cardcore::testing::hex16;
using cardcore::testing::hex8;
using cardcore::testing::kUsimAidPrefix;
using cardcore::testing::upper_hex;
using namespace cardcore;
namespace oracle = cardcore::testing::arr_oracle;

class EuiccAccessSweep : public EuiccTest {
 protected:
  // The enabled profile's template (euicc_fixture.hpp installs the China
  // Mobile profile from the domestic one).
  const ProfileTemplate& prof() const { return *cardcore::testing::domestic_profile(); }
  // SELECT by path from the MF (the ADF selected by its AID first).
  std::string select(std::uint32_t i) {
    if (cardcore::testing::in_adf(prof(), i)) {
      EXPECT_EQ(send(std::string("00A4040C07") + kUsimAidPrefix), "9000");
    }
    return send(cardcore::testing::select_by_path_apdu(prof(), i));
  }
  std::optional<std::uint32_t> arr_of(std::uint32_t i) const { return cardcore::testing::arr_file_of(prof(), i); }
  // The factory eUICC again, started as a modem starts it.
  void factory(const Bytes& saved) {
    e.power_off();
    e.restore_state(saved);
    start();
  }
  std::string verify_adm1() {
    return send("0020000A08" + upper_hex(prof().find_pin(key_ref::kAdm1)->value));
  }
  // The factory eUICC in the state asked for (ADM1 verified or not), EF `i`
  // selected; the rule of EF `i` as read from its EF.ARR record, and the
  // keys the state satisfies.
  Bytes prepare(const Bytes& saved, std::uint32_t i, bool adm1, oracle::Keys& keys) {
    factory(saved);
    const std::uint32_t arr = *arr_of(i);
    EXPECT_EQ(select(arr), "9000");
    const std::string record =
        send("00B2" + hex8(prof().files[i].arr.record) + "04" + hex8(prof().files[arr].record_length));
    EXPECT_EQ(record.substr(record.size() - 4), "9000");
    keys.clear();
    for (const PinSpec& p : prof().pins)
      if (e.enabled_card()->pin_disabled(p.key_ref)) keys.insert(p.key_ref);
    if (adm1) {
      EXPECT_EQ(verify_adm1(), "9000");
      keys.insert(key_ref::kAdm1);
    }
    EXPECT_EQ(select(i), "9000");
    return from_hex(record.substr(0, record.size() - 4));
  }
};

TEST_F(EuiccAccessSweep, EveryEfOfTheEnabledProfileIsReadAndUpdatedExactlyAsItsAccessRuleAllows) {
  ASSERT_NE(e.enabled_card(), nullptr);
  e.power_off();
  const Bytes saved = e.save_state();
  int allowed = 0, refused = 0;
  const std::size_t files = prof().files.size();
  for (std::uint32_t i = 0; i < files; ++i) {
    const FileNode f = prof().files[i];
    if (f.is_df() || f.arr.record == 0) continue;
    SCOPED_TRACE(prof().qualified_name(i));
    const std::optional<std::uint32_t> arr = arr_of(i);
    ASSERT_TRUE(arr);
    const bool transparent = f.structure == EfStructure::Transparent;
    const unsigned length = transparent ? std::min<unsigned>(f.size, 255) : f.record_length;
    for (const bool adm1 : {false, true}) {
      SCOPED_TRACE(adm1 ? "ADM1 verified" : "at power-on");
      for (const bool update : {false, true}) {
        oracle::Keys keys;
        const Bytes rule = prepare(saved, i, adm1, keys);
        const bool may = oracle::mode_allowed(rule, update ? 0x02 : 0x01, keys);
        if (!update) {
          const std::string answer = send((transparent ? "00B00000" : "00B20104") + hex8(length));
          EXPECT_EQ(answer.substr(answer.size() - 4), may ? "9000" : "6982");
        } else {
          // Zeros over the first bytes or record 1 (PREVIOUS for a cyclic EF, §11.1.6).
          const std::string header =
              transparent ? "00D60000" : f.structure == EfStructure::Cyclic ? "00DC0003" : "00DC0104";
          EXPECT_EQ(send(header + hex8(length) + std::string(2 * length, '0')), may ? "9000" : "6982");
        }
        (may ? allowed : refused)++;
      }
    }
  }
  EXPECT_GT(allowed, 80);
  EXPECT_GT(refused, 40);
}

// DEACTIVATE FILE and ACTIVATE FILE of the deactivated EF (TS 102 221
// §11.1.14-15: AM b4, b5) of the enabled profile, in the same two states.
// (INCREASE is left out: the profile has no cyclic EF.)
TEST_F(EuiccAccessSweep, EveryEfOfTheEnabledProfileIsDeactivatedAndActivatedExactlyAsItsAccessRuleAllows) {
  ASSERT_NE(e.enabled_card(), nullptr);
  e.power_off();
  const Bytes saved = e.save_state();
  int deactivated = 0, activated = 0, refused = 0;
  for (std::uint32_t i = 0; i < prof().files.size(); ++i) {
    const FileNode f = prof().files[i];
    if (f.is_df() || f.arr.record == 0) continue;
    SCOPED_TRACE(prof().qualified_name(i));
    ASSERT_TRUE(arr_of(i));
    for (const bool adm1 : {false, true}) {
      SCOPED_TRACE(adm1 ? "ADM1 verified" : "at power-on");
      oracle::Keys keys;
      const Bytes rule = prepare(saved, i, adm1, keys);
      const bool deactivate = oracle::mode_allowed(rule, 0x08, keys);
      const bool activate = oracle::mode_allowed(rule, 0x10, keys);
      EXPECT_EQ(send("00040000"), deactivate ? "9000" : "6982");
      if (deactivate) {
        EXPECT_EQ(send("00440000"), activate ? "9000" : "6982");
      }
      deactivated += deactivate;
      activated += deactivate && activate;
      refused += !deactivate + (deactivate && !activate);
    }
  }
  EXPECT_GT(deactivated, 40);
  EXPECT_GT(activated, 40);
  EXPECT_GT(refused, 40);
}

// The disabled profile (SGP.02 §2.2.1.2: only the enabled ISD-P's file
// system is the terminal's): with its ADM1 verified on the enabled one,
// every EF is written with a marker and deactivated and activated where
// its rule allows, and read back. Each read gives the enabled profile's
// bytes, and the disabled profile's card state is byte for byte what it
// was: no command of the terminal reaches it.
TEST_F(EuiccAccessSweep, NoCommandOfTheTerminalReachesTheDisabledProfile) {
  ASSERT_NE(e.enabled_card(), nullptr);
  const Uicc* disabled = e.profile_card(from_hex(cardcore::testing::kIsdP2));
  ASSERT_NE(disabled, nullptr);
  ASSERT_NE(disabled, e.enabled_card());
  const Bytes before = disabled->save_state();
  ASSERT_EQ(verify_adm1(), "9000");
  int written = 0, read_back = 0;
  for (std::uint32_t i = 0; i < prof().files.size(); ++i) {
    const FileNode f = prof().files[i];
    if (f.is_df() || f.arr.record == 0) continue;
    SCOPED_TRACE(prof().qualified_name(i));
    const bool transparent = f.structure == EfStructure::Transparent;
    const unsigned length = transparent ? std::min<unsigned>(f.size, 255) : f.record_length;
    if (length == 0) continue;
    ASSERT_EQ(select(i), "9000");
    // A marker of the file's index over its first bytes or record 1.
    const std::string marker = std::string(2 * length - 2, 'A') + hex8(i & 0xFF);
    const std::string header = transparent ? "00D60000" : f.structure == EfStructure::Cyclic ? "00DC0003" : "00DC0104";
    if (send(header + hex8(length) + marker) != "9000") continue;  // its rule: not even with ADM1
    ++written;
    send("00040000");  // DEACTIVATE FILE and ACTIVATE FILE, where allowed
    send("00440000");
    // Read back where its rule lets ADM1 read (a key file's: never).
    const std::string back = send((transparent ? "00B00000" : "00B20104") + hex8(length));
    if (back != "6982") {
      EXPECT_EQ(back, marker + "9000");
      ++read_back;
    }
  }
  EXPECT_GT(written, 30);
  EXPECT_GT(read_back, 30);
  EXPECT_EQ(disabled->save_state(), before);
}

}  // namespace test_euicc_access_sweep
