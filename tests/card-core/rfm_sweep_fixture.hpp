#pragma once
// The RFM access sweeps' card (TS 102 226 §5, §7): a fresh domestic card
// per command, each file's rule as the terminal reads it from its EF.ARR
// record (optionally another rule written there first), scripts run
// through an RFM TAR with the PoR by SMS-SUBMIT, and RFM's access domain
// as arr_oracle.hpp takes it.
#include <optional>
#include <string>

#include "admin_fixture.hpp"
#include "arr_oracle.hpp"
#include "ota_fixture.hpp"
#include "profile_paths.hpp"

namespace cardcore::testing {

class RfmSweepCard : public RfmCard {
 protected:
  const ProfileTemplate& prof() const { return card.profile(); }
  bool in_adf(std::uint32_t i) const { return testing::in_adf(prof(), i); }
  // SELECT by path from the MF, or from the ADF ('7FFF') in the ADF.
  std::string select_apdu(std::uint32_t i) const { return select_by_path_apdu(prof(), i); }
  std::optional<std::uint32_t> arr_of(std::uint32_t i) const { return arr_file_of(prof(), i); }
  // A fresh card, with `rule` (hex, when not empty) written into EF `i`'s
  // rule record by the terminal with ADM1 and the card reset; the rule of
  // EF `i` as the terminal reads it.
  Bytes fresh_card_and_rule(std::uint32_t i, const std::string& rule = "") {
    card = Uicc(domestic_profile());
    card.power_on();
    const std::uint32_t arr = *arr_of(i);
    if (!rule.empty()) {
      EXPECT_EQ(send(kVerifyAdm1), "9000");
      if (in_adf(arr)) select_usim();
      EXPECT_EQ(send(select_apdu(arr)), "9000");
      Bytes r = from_hex(rule);
      r.resize(prof().files[arr].record_length, 0xFF);
      EXPECT_EQ(send("00DC" + hex8(prof().files[i].arr.record) + "04" + hex8(prof().files[arr].record_length) +
                     upper_hex(r)),
                "9000");
      card.power_on();  // a reset: ADM1 no longer verified
    }
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
  arr_oracle::Keys rfm_keys() const {
    arr_oracle::Keys keys = {key_ref::kAdm1};
    for (const PinSpec& p : prof().pins)
      if (card.pin_disabled(p.key_ref)) keys.insert(p.key_ref);
    return keys;
  }
  // The SELECTs of the MF and of each file on the way to EF `i`, CLA 'A0'
  // (TS 51.011 §9.2.1), and their number.
  std::string gsm_selects(std::uint32_t i, unsigned& count) const {
    std::string selects;
    count = 0;
    for (std::uint32_t p = i; p != 0; p = prof().files[p].parent, ++count)
      selects = "A0A4000002" + hex16(prof().files[p].fid) + selects;
    ++count;
    return "A0A40000023F00" + selects;
  }
  // True if the GSM application serves EF `i` (the terminal's SELECTs
  // reach it, not '94 04').
  bool gsm_serves(std::uint32_t i) {
    fresh_card_and_rule(i);
    unsigned count = 0;
    const std::string selects = gsm_selects(i, count);
    for (std::size_t at = 0; at < selects.size(); at += 14)
      if (send(selects.substr(at, 14)) == "9404") return false;
    return true;
  }
};

}  // namespace cardcore::testing
