#pragma once
// The file administration tests (TS 102 222): FCP templates for CREATE FILE
// and RESIZE FILE, built data object by data object so that a test can
// leave one out, change one or add a stray one, and a domestic card with
// ADM1 verified.
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "card_fixture.hpp"

namespace cardcore::testing {

// TS 102 221 §9.5.2: ADM1 "88888888" of the domestic profile.
inline constexpr const char* kVerifyAdm1 = "0020000A083838383838383838";

// An FCP template ('62') as an ordered list of data objects.
class Fcp {
 public:
  Fcp& add(std::uint8_t tag, const std::string& value_hex) {
    objects_.emplace_back(tag, from_hex(value_hex));
    return *this;
  }
  Fcp& set(std::uint8_t tag, const std::string& value_hex) {
    for (auto& [t, v] : objects_) {
      if (t == tag) {
        v = from_hex(value_hex);
        return *this;
      }
    }
    return add(tag, value_hex);
  }
  Fcp& remove(std::uint8_t tag) {
    std::erase_if(objects_, [tag](const auto& o) { return o.first == tag; });
    return *this;
  }
  // The template's bytes: '62' L { T L V ... } (lengths below 128).
  Bytes bytes() const {
    Bytes inner;
    for (const auto& [t, v] : objects_) {
      inner.push_back(t);
      inner.push_back(static_cast<std::uint8_t>(v.size()));
      inner.insert(inner.end(), v.begin(), v.end());
    }
    inner.insert(inner.begin(), {std::uint8_t{0x62}, static_cast<std::uint8_t>(inner.size())});
    return inner;
  }
  std::string hex() const { return upper_hex(bytes()); }
  // CREATE FILE (TS 102 222 §6.3): CLA '00', INS 'E0', P1 P2 '00 00'.
  std::string create() const { return apdu("00E00000", bytes()); }
  // RESIZE FILE (§6.10): CLA '80', INS 'D4', P1 '00' (mode 0), P2 '00'.
  std::string resize() const { return apdu("80D40000", bytes()); }

  static std::string apdu(const std::string& header, const Bytes& data) {
    return header + hex8(static_cast<unsigned>(data.size())) + upper_hex(data);
  }

 private:
  std::vector<std::pair<std::uint8_t, Bytes>> objects_;
};

// A transparent working EF: shareable, activated, access rule `arr`
// ("2F0601": EF.ARR 2F06 record 1).
inline Fcp transparent_ef(const std::string& fid, unsigned size, const std::string& arr = "2F0601") {
  return Fcp().add(0x82, "4121").add(0x83, fid).add(0x8A, "05").add(0x8B, arr).add(0x80, hex16(size));
}
// A linear fixed ('42') or cyclic ('46') EF of `records` records of `length` bytes.
inline Fcp record_ef(const std::string& fid, unsigned length, unsigned records, bool cyclic = false,
                     const std::string& arr = "2F0601") {
  return Fcp()
      .add(0x82, std::string(cyclic ? "46" : "42") + "21" + hex16(length) + hex8(records))
      .add(0x83, fid)
      .add(0x8A, "05")
      .add(0x8B, arr)
      .add(0x80, hex16(length * records));
}
// A DF ('78'); with `aid`, an ADF.
inline Fcp df(const std::string& fid, const std::string& arr = "2F0606", const std::string& aid = "") {
  Fcp f;
  f.add(0x82, "7821").add(0x83, fid);
  if (!aid.empty()) f.add(0x84, aid);
  return f.add(0x8A, "05").add(0x8B, arr);
}
// RESIZE FILE's template: the file and its new size.
inline Fcp new_size(const std::string& fid, unsigned size) { return Fcp().add(0x83, fid).add(0x80, hex16(size)); }

// EF.ARR (2F06) record 8, empty in the profile, as the tests' rule for
// EFs: read, update, INCREASE (AM b3) always; deactivate, activate, DELETE
// FILE and RESIZE FILE ('84 01 D4') with ADM1. (DFs keep record 6: ADM1.)
inline constexpr const char* kOpenRule =
    "80 01 07 90 00"
    "80 01 58 A4 06 83 01 0A 95 01 08"
    "84 01 D4 A4 06 83 01 0A 95 01 08";

// The rules the access sweeps put an EF under: its own (empty here),
// kOpenRule (DELETE, RESIZE, INCREASE, DEACTIVATE and ACTIVATE with ADM1),
// and read and DELETE always with RESIZE named with its class
// ('8C 02 80 D4') for PIN2, which no state of theirs satisfies.
inline const std::vector<std::string> kSweptRules = {"", kOpenRule, "8001419000" "8C0280D4A406830181950108"};

class AdminCard : public CardTest {
 protected:
  void verify_adm1() { ASSERT_EQ(send(kVerifyAdm1), "9000"); }
  // Writes `rule` (hex) into EF.ARR 2F06 record `record` (ADM1 must be verified).
  void put_rule(unsigned record, const std::string& rule) {
    Bytes r = from_hex(rule);
    r.resize(40, 0xFF);
    ASSERT_EQ(send("00A4000C023F00"), "9000");
    ASSERT_EQ(send("00A4000C022F06"), "9000");
    ASSERT_EQ(send("00DC" + hex8(record) + "0428" + upper_hex(r)), "9000");
    ASSERT_EQ(send("00A4000C023F00"), "9000");
  }
  // ADM1, EF.ARR record 8 = kOpenRule, the MF current.
  void open_card() {
    verify_adm1();
    put_rule(8, kOpenRule);
  }
  // The SW of a command, as 4 hex digits.
  std::string sw(const std::string& apdu) {
    const std::string r = send(apdu);
    return r.substr(r.size() - 4);
  }
};

}  // namespace cardcore::testing
