#pragma once
// The eUICC access sweeps' card (SGP.02: the enabled ISD-P's file system
// is the one the terminal sees): the eUICC of euicc_fixture.hpp put back in
// a saved state before each file and security state; each EF's rule as the
// terminal reads it from its EF.ARR record through the eUICC; and the
// sweeps themselves, READ and UPDATE (BINARY or RECORD, TS 102 221
// §11.1.3-6: AM b1, b2), DEACTIVATE then ACTIVATE FILE (§11.1.14-15: AM b4,
// b5), each answer compared with what arr_oracle.hpp decides ('69 82' when
// the rule does not allow the command).
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "arr_oracle.hpp"
#include "euicc_fixture.hpp"
#include "profile_paths.hpp"

namespace cardcore::testing {

class EuiccSweepCard : public EuiccTest {
 protected:
  // A security state: the key references verified after power-on (the
  // PINs whose verification is disabled count as well, TS 102 221 §9.5.1).
  using Verified = std::vector<std::uint8_t>;
  // The rule the oracle decides with for EF `i`, given the one the
  // terminal read from its EF.ARR record.
  using RuleOf = std::function<Bytes(std::uint32_t i, const Bytes& read)>;
  // The swept profile's template: the China Mobile profile that
  // euicc_fixture.hpp installs from the domestic one, unless a test
  // sweeps another.
  const ProfileTemplate& prof() const { return *swept; }
  // SELECT by path from the MF (the ADF selected by its AID first).
  std::string select(std::uint32_t i) {
    if (in_adf(prof(), i)) {
      EXPECT_EQ(send(std::string("00A4040C07") + kUsimAidPrefix), "9000");
    }
    return send(select_by_path_apdu(prof(), i));
  }
  std::optional<std::uint32_t> arr_of(std::uint32_t i) const { return arr_file_of(prof(), i); }
  // The saved eUICC again, started as a modem starts it.
  void factory(const Bytes& saved) {
    e.power_off();
    e.restore_state(saved);
    start();
  }
  // VERIFY PIN (TS 102 221 §11.1.9) with the value the profile gives.
  std::string verify(std::uint8_t key_ref) {
    return send("002000" + hex8(key_ref) + "08" + upper_hex(prof().find_pin(key_ref)->value));
  }
  std::string verify_adm1() { return verify(key_ref::kAdm1); }
  static std::string name_of(const Verified& v) {
    if (v.empty()) return "at power-on";
    std::string s;
    for (const std::uint8_t k : v) s += (s.empty() ? "" : ", ") + std::string("key ") + hex8(k);
    return s + " verified";
  }
  // The saved eUICC in state `verified`, EF `i` selected; the rule of EF
  // `i` as read from its EF.ARR record, and the keys the state satisfies.
  Bytes prepare(const Bytes& saved, std::uint32_t i, const Verified& verified, arr_oracle::Keys& keys) {
    factory(saved);
    const std::uint32_t arr = *arr_of(i);
    EXPECT_EQ(select(arr), "9000");
    const std::string record =
        send("00B2" + hex8(prof().files[i].arr.record) + "04" + hex8(prof().files[arr].record_length));
    EXPECT_EQ(record.substr(record.size() - 4), "9000");
    keys.clear();
    for (const PinSpec& p : prof().pins)
      if (e.enabled_card()->pin_disabled(p.key_ref)) keys.insert(p.key_ref);
    for (const std::uint8_t k : verified) {
      EXPECT_EQ(verify(k), "9000");
      keys.insert(k);
    }
    EXPECT_EQ(select(i), "9000");
    return from_hex(record.substr(0, record.size() - 4));
  }

  // Every EF of the profile with a rule, in each state: READ, then (on the
  // saved eUICC again) UPDATE of its first bytes or record 1.
  void sweep_read_update(const Bytes& saved, const std::vector<Verified>& states, int& allowed, int& refused,
                         const RuleOf& rule_of = nullptr) {
    for (std::uint32_t i = 0; i < prof().files.size(); ++i) {
      const FileNode f = prof().files[i];
      if (f.is_df() || f.arr.record == 0) continue;
      SCOPED_TRACE(prof().qualified_name(i));
      ASSERT_TRUE(arr_of(i));
      for (const Verified& state : states) {
        SCOPED_TRACE(name_of(state));
        for (const bool update : {false, true}) {
          arr_oracle::Keys keys;
          const Bytes read = prepare(saved, i, state, keys);
          const Bytes rule = rule_of ? rule_of(i, read) : read;
          const bool may = arr_oracle::mode_allowed(rule, update ? 0x02 : 0x01, keys);
          const std::string answer = send(read_or_update_apdu("00", f, swept_length(f), update));
          EXPECT_EQ(answer.substr(answer.size() - 4), may ? "9000" : "6982") << (update ? "UPDATE" : "READ");
          (may ? allowed : refused)++;
        }
      }
    }
  }

  // Every EF with a rule, in each state: DEACTIVATE FILE, then ACTIVATE FILE
  // of the deactivated EF.
  void sweep_deactivate_activate(const Bytes& saved, const std::vector<Verified>& states, int& deactivated,
                                 int& activated, int& refused, const RuleOf& rule_of = nullptr) {
    for (std::uint32_t i = 0; i < prof().files.size(); ++i) {
      const FileNode f = prof().files[i];
      if (f.is_df() || f.arr.record == 0) continue;
      SCOPED_TRACE(prof().qualified_name(i));
      ASSERT_TRUE(arr_of(i));
      for (const Verified& state : states) {
        SCOPED_TRACE(name_of(state));
        arr_oracle::Keys keys;
        const Bytes read = prepare(saved, i, state, keys);
        const Bytes rule = rule_of ? rule_of(i, read) : read;
        const bool deactivate = arr_oracle::mode_allowed(rule, 0x08, keys);
        const bool activate = arr_oracle::mode_allowed(rule, 0x10, keys);
        EXPECT_EQ(send("00040000"), deactivate ? "9000" : "6982");
        if (deactivate) {
          EXPECT_EQ(send("00440000"), activate ? "9000" : "6982");
        }
        deactivated += deactivate;
        activated += deactivate && activate;
        refused += !deactivate + (deactivate && !activate);
      }
    }
  }

  std::shared_ptr<const ProfileTemplate> swept = domestic_profile();
};

}  // namespace cardcore::testing
