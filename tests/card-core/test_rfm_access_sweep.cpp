// The access sweep of Remote File Management (TS 102 226 §5, §7): every EF
// of the domestic profile is read and updated over the air (SCP80, the
// UICC RFM TAR for the files below the MF, the USIM's for the ADF's)
// exactly when the file's rule, read from its EF.ARR record by the
// terminal and decoded by arr_oracle.hpp, allows it for RFM's access
// domain (ADM1, TS 102 226 §7 / remote/rfm.cpp; a PIN whose verification
// is disabled counts as satisfied, TS 102 221 §9.5.1); the script stops at
// the refused command with '69 82'.
#include <algorithm>
#include <optional>

#include "arr_oracle.hpp"
#include "ota_fixture.hpp"
#include "profile_paths.hpp"

namespace test_rfm_access_sweep {

using cardcore::testing::hex16;
using cardcore::testing::hex8;
using cardcore::testing::RfmCard;
using cardcore::testing::security;
using cardcore::testing::upper_hex;
namespace spi = cardcore::testing::spi;
using namespace cardcore;
namespace oracle = cardcore::testing::arr_oracle;

class RfmAccessSweep : public RfmCard {
 protected:
  const ProfileTemplate& prof() const { return card.profile(); }
  bool in_adf(std::uint32_t i) const { return cardcore::testing::in_adf(prof(), i); }
  // SELECT by path from the MF, or from the ADF ('7FFF') in the ADF.
  std::string select_apdu(std::uint32_t i) const { return cardcore::testing::select_by_path_apdu(prof(), i); }
  std::optional<std::uint32_t> arr_of(std::uint32_t i) const { return cardcore::testing::arr_file_of(prof(), i); }
  // A fresh card; the rule of EF `i` as the terminal reads it.
  Bytes fresh_card_and_rule(std::uint32_t i) {
    card = Uicc(cardcore::testing::domestic_profile());
    card.power_on();
    const std::uint32_t arr = *arr_of(i);
    if (in_adf(arr)) select_usim();
    EXPECT_EQ(send(select_apdu(arr)), "9000");
    const std::string record =
        send("00B2" + hex8(prof().files[i].arr.record) + "04" + hex8(prof().files[arr].record_length));
    EXPECT_EQ(record.substr(record.size() - 4), "9000");
    return from_hex(record.substr(0, record.size() - 4));
  }
  // Runs `script` through `tar` with the PoR sent by SMS-SUBMIT (a record
  // of 176 bytes fits no SMS-DELIVER-REPORT); the PoR's additional data.
  std::string rfm_by_submit(const ota::Tar& tar, const std::string& script) {
    send_terminal_profile();
    const ota::CommandSecurity submit = security(spi::kCcCipheredCounterHigher, spi::kPorAlwaysCcCipheredSubmit);
    ++counter;
    std::string sw = run(packet(submit, tar, counter, from_hex(script)));
    sw = sw.substr(sw.size() - 4);
    const std::optional<Bytes> p = fetch_submitted_por(sw);
    EXPECT_EQ(sw, "9000");
    if (!p) return "";
    const ota::DecodedPor por = ota::decode_response_packet(*p, submit, keys, tar, counter);
    EXPECT_TRUE(por.secured);
    EXPECT_EQ(por.packet.status, ota::PorStatus::Ok);
    return upper_hex(por.packet.additional_data);
  }
  // RFM's rights (TS 102 226 §5.3.2 and this card's access domain): ADM1,
  // and every PIN whose check is disabled.
  oracle::Keys rfm_keys() const {
    oracle::Keys keys = {key_ref::kAdm1};
    for (const PinSpec& p : prof().pins)
      if (card.pin_disabled(p.key_ref)) keys.insert(p.key_ref);
    return keys;
  }
  // READ or UPDATE (BINARY or RECORD, TS 102 221 §11.1.3-6) with class
  // byte `cla`: zeros over the first bytes or record 1 (PREVIOUS for a
  // cyclic EF, §11.1.6).
  static std::string read_or_update(const std::string& cla, const FileNode& f, unsigned length, bool update) {
    const bool transparent = f.structure == EfStructure::Transparent;
    if (!update) return cla + (transparent ? "B00000" : "B20104") + hex8(length);
    return cla + (transparent ? "D60000" : f.structure == EfStructure::Cyclic ? "DC0003" : "DC0104") + hex8(length) +
           std::string(2 * length, '0');
  }
};

TEST_F(RfmAccessSweep, EveryEfIsReadAndUpdatedOverTheAirExactlyAsItsAccessRuleAllows) {
  int allowed = 0, refused = 0;
  for (std::uint32_t i = 0; i < prof().files.size(); ++i) {
    const FileNode f = prof().files[i];
    if (f.is_df() || f.arr.record == 0) continue;
    SCOPED_TRACE(prof().qualified_name(i));
    const ota::Tar tar = in_adf(i) ? remote::kTarUsimRfm : remote::kTarUiccRfm;
    const bool transparent = f.structure == EfStructure::Transparent;
    const unsigned length = transparent ? std::min<unsigned>(f.size, 255) : f.record_length;
    for (const bool update : {false, true}) {
      SCOPED_TRACE(update ? "UPDATE" : "READ");
      const Bytes rule = fresh_card_and_rule(i);
      const bool may = oracle::mode_allowed(rule, update ? 0x02 : 0x01, rfm_keys());
      const std::string command = read_or_update("00", f, length, update);
      const std::string por = rfm_by_submit(tar, select_apdu(i) + command);
      // The PoR's data (TS 102 226 §5.1.2): the number of commands run, the
      // last one's status word, then its data.
      ASSERT_GE(por.size(), 6u) << por;
      EXPECT_EQ(por.substr(0, 6), may ? "029000" : "026982") << por;
      if (may && !update) {
        // The data is the file's, as the terminal reads it with ADM1.
        ASSERT_EQ(send("0020000A08" + upper_hex(prof().find_pin(key_ref::kAdm1)->value)), "9000");
        if (in_adf(i)) select_usim();
        ASSERT_EQ(send(select_apdu(i)), "9000");
        EXPECT_EQ(por.substr(6) + "9000", send(command));
      }
      (may ? allowed : refused)++;
    }
  }
  EXPECT_GT(allowed, 60);
  EXPECT_GT(refused, 4);
}

// The SIM's RFM (TS 31.116, the SIM RFM TAR, CLA 'A0', DF.GSM current at
// the start): every EF the GSM application serves, selected from the MF
// (TS 51.011 §9.2.1), read and updated exactly as the same rule allows it
// for RFM's access domain; a refusal is the SIM's '98 04' (§9.4.5).
TEST_F(RfmAccessSweep, EveryGsmEfIsReadAndUpdatedOverTheAirExactlyAsItsAccessRuleAllows) {
  int files = 0, allowed = 0, refused = 0;
  for (std::uint32_t i = 0; i < prof().files.size(); ++i) {
    const FileNode f = prof().files[i];
    if (f.is_df() || f.arr.record == 0 || in_adf(i)) continue;
    SCOPED_TRACE(prof().qualified_name(i));
    // SELECT of the MF, then of each file on the way; a file the GSM
    // application does not have ('94 04' to the terminal) is left out.
    std::string selects = "A0A40000023F00";
    unsigned count = 1;
    for (std::uint32_t p = i; p != 0; p = prof().files[p].parent, ++count)
      selects.insert(14, "A0A4000002" + hex16(prof().files[p].fid));
    fresh_card_and_rule(i);
    bool served = true;
    for (std::size_t at = 0; at < selects.size(); at += 14) served = served && send(selects.substr(at, 14)) != "9404";
    if (!served) continue;
    ++files;
    const bool transparent = f.structure == EfStructure::Transparent;
    const unsigned length = transparent ? std::min<unsigned>(f.size, 255) : f.record_length;
    for (const bool update : {false, true}) {
      SCOPED_TRACE(update ? "UPDATE" : "READ");
      const Bytes rule = fresh_card_and_rule(i);
      const bool may = oracle::mode_allowed(rule, update ? 0x02 : 0x01, rfm_keys());
      const std::string command = read_or_update("A0", f, length, update);
      const std::string por = rfm_by_submit(remote::kTarSimRfm, selects + command);
      ASSERT_GE(por.size(), 6u) << por;
      EXPECT_EQ(por.substr(0, 6), hex8(count + 1) + (may ? "9000" : "9804")) << por;
      if (may && !update) {
        EXPECT_EQ(por.size(), 6 + 2 * length);
      }
      (may ? allowed : refused)++;
    }
  }
  EXPECT_GT(files, 20);
  EXPECT_GT(allowed, 30);
  EXPECT_GT(refused, 2);
}

}  // namespace test_rfm_access_sweep
