// The access sweep of RESIZE FILE (TS 102 222 §6.10) and DELETE FILE
// (§6.4) over every EF of the domestic profile: at power-on and with ADM1
// verified, under the file's own rule and under rules written into its
// EF.ARR record that grant them, each answer is what the rule, read back
// from EF.ARR as a terminal reads it and decoded by arr_oracle.hpp, allows.
#include <optional>

#include "admin_fixture.hpp"
#include "arr_oracle.hpp"
#include "profile_paths.hpp"

namespace test_uicc_admin_access_sweep {

using cardcore::testing::AdminCard;
using cardcore::testing::hex16;
using cardcore::testing::hex8;
using cardcore::testing::kSweptRules;
using cardcore::testing::new_size;
using cardcore::testing::upper_hex;
using namespace cardcore;
namespace oracle = cardcore::testing::arr_oracle;

class AdminAccessSweep : public AdminCard {
 protected:
  const ProfileTemplate& prof() const { return card.profile(); }
  // SELECT by path from the MF (the ADF selected by its AID first).
  std::string select(std::uint32_t i) {
    if (cardcore::testing::in_adf(prof(), i)) select_usim();
    return send(cardcore::testing::select_by_path_apdu(prof(), i));
  }
  std::optional<std::uint32_t> arr_of(std::uint32_t i) const { return cardcore::testing::arr_file_of(prof(), i); }
  // A fresh card with `rule` (when not empty) written into EF `i`'s rule
  // record, then reset; in the state asked for, EF `i` selected. Returns
  // the rule as READ RECORD gives it, and the keys the state satisfies.
  Bytes prepare(std::uint32_t i, const std::string& rule, bool adm1, oracle::Keys& keys) {
    card = Uicc(cardcore::testing::domestic_profile());
    card.power_on();
    const FileNode& f = prof().files[i];
    const std::uint32_t arr = *arr_of(i);
    const unsigned length = prof().files[arr].record_length;
    if (!rule.empty()) {
      verify_adm1();
      Bytes r = from_hex(rule);
      r.resize(length, 0xFF);
      EXPECT_EQ(select(arr), "9000");
      EXPECT_EQ(send("00DC" + hex8(f.arr.record) + "04" + hex8(length) + upper_hex(r)), "9000");
      card.power_on();  // a reset: ADM1 no longer verified
    }
    EXPECT_EQ(select(arr), "9000");
    const std::string record = send("00B2" + hex8(f.arr.record) + "04" + hex8(length));
    EXPECT_EQ(record.substr(record.size() - 4), "9000");
    keys.clear();
    for (const PinSpec& p : prof().pins)
      if (card.pin_disabled(p.key_ref)) keys.insert(p.key_ref);
    if (adm1) {
      verify_adm1();
      keys.insert(key_ref::kAdm1);
    }
    EXPECT_EQ(select(i), "9000");
    return from_hex(record.substr(0, record.size() - 4));
  }
};

TEST_F(AdminAccessSweep, EveryEfIsResizedAndDeletedExactlyAsItsAccessRuleAllows) {
  int resized = 0, no_room = 0, refused_resize = 0, deleted = 0, refused_delete = 0;
  for (std::uint32_t i = 0; i < prof().files.size(); ++i) {
    const FileNode f = prof().files[i];
    if (f.is_df() || f.arr.record == 0) continue;
    SCOPED_TRACE(prof().qualified_name(i));
    const bool is_linked = cardcore::testing::linked_ef(prof(), i);
    for (const std::string& rule : kSweptRules) {
      SCOPED_TRACE("rule " + (rule.empty() ? std::string("of the profile") : rule));
      for (const bool adm1 : {false, true}) {
        SCOPED_TRACE(adm1 ? "ADM1 verified" : "at power-on");
        oracle::Keys keys;
        // RESIZE FILE to the size it has (§6.10.2: mode '00', the FID and
        // '80' in the data): only an AM_DO naming the instruction gives it.
        Bytes r = prepare(i, rule, adm1, keys);
        const bool resize = oracle::command_allowed(r, 0x80, 0xD4, 0x00, 0x00, keys);
        // Allowed, a linked profile EF stays as it is ('6985'), and one the
        // card's created area cannot hold is refused for memory ('6A84').
        const std::string answer = sw(new_size(hex16(f.fid), f.size).resize());
        if (resize) {
          EXPECT_TRUE(answer == (is_linked ? "6985" : "9000") || answer == "6A84") << answer;
          (answer == "6A84" ? no_room : resized)++;
        } else {
          EXPECT_EQ(answer, "6982");
          ++refused_resize;
        }
        // DELETE FILE by FID (§6.4.2): AM byte b7, the file's own.
        r = prepare(i, rule, adm1, keys);
        const bool del = oracle::mode_allowed(r, 0x40, keys);
        EXPECT_EQ(sw("00E4000002" + hex16(f.fid)), del ? "9000" : "6982");
        EXPECT_EQ(select(i), del ? "6A82" : "9000");
        (del ? deleted : refused_delete)++;
      }
    }
  }
  // Both answers seen often, for both commands.
  EXPECT_GT(resized, 40);
  EXPECT_LT(no_room, 10);
  EXPECT_GT(refused_resize, 200);
  EXPECT_GT(deleted, 80);
  EXPECT_GT(refused_delete, 150);
}

}  // namespace test_uicc_admin_access_sweep
