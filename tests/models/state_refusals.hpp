#pragma once
// Refusals of the models' saved states (checkpoints: state/state_bytes.hpp,
// sealed by a CRC-32): the state a test damaged, sealed again so that the
// parser sees the damage; and a target that must refuse each bad state with
// std::invalid_argument naming its kind and what is wrong, and keep its own
// state.
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

#include "cardcore/nvm/crc32.hpp"
#include "cardcore/util/bytes.hpp"

namespace twinmodels::testing {

// `b` with its last 4 bytes replaced by the CRC-32 of the others.
inline cardcore::Bytes resealed(cardcore::Bytes b) {
  b.resize(b.size() - 4);
  const std::uint32_t crc = cardcore::crc32(b);
  for (int i = 0; i < 4; ++i) b.push_back(static_cast<std::uint8_t>(crc >> (8 * i)));
  return b;
}

// `Model` has save_state() and restore_state(ByteView).
template <class Model>
class StateRefusals {
 public:
  // `kind`: the messages' start ("SM-SR state: ").
  StateRefusals(Model& target, std::string kind) : target_(target), kind_(std::move(kind)), before_(target.save_state()) {}

  void refused(const cardcore::Bytes& s, const std::string& expected) const {
    try {
      target_.restore_state(s);
      ADD_FAILURE() << "accepted: " << expected;
    } catch (const std::invalid_argument& e) {
      EXPECT_NE(std::string(e.what()).find(kind_), std::string::npos) << e.what();
      EXPECT_NE(std::string(e.what()).find(expected), std::string::npos) << e.what();
    }
    EXPECT_EQ(target_.save_state(), before_);
  }
  // `saved` cut at every length and one byte longer: the CRC refuses them.
  void cuts_refused(const cardcore::Bytes& saved) const {
    for (std::size_t n = 0; n < saved.size(); ++n) refused(cardcore::Bytes(saved.begin(), saved.begin() + static_cast<std::ptrdiff_t>(n)), kind_);
    cardcore::Bytes longer = saved;
    longer.push_back(0);
    refused(longer, "CRC-32");
  }
  // Its body cut at every length past the 6-byte header and sealed again:
  // the reader's bounds and counts refuse each.
  void sealed_cuts_refused(const cardcore::Bytes& saved) const {
    const cardcore::Bytes body(saved.begin(), saved.end() - 4);
    for (std::size_t n = 6; n < body.size(); ++n) {
      cardcore::Bytes cut(body.begin(), body.begin() + static_cast<std::ptrdiff_t>(n));
      cut.resize(cut.size() + 4);
      refused(resealed(cut), kind_);
    }
  }
  // Under a valid CRC: another magic, version `version` (not the model's),
  // a byte more before the CRC. `name`: the kind as the magic's refusal
  // says it ("SM-SR").
  void header_damage_refused(const cardcore::Bytes& saved, const std::string& name, std::uint8_t version) const {
    cardcore::Bytes bad = saved;
    bad[1] ^= 0x20;
    refused(resealed(bad), "not a saved " + name + " state");
    bad = saved;
    bad[4] = version;
    refused(resealed(bad), "version " + std::to_string(version));
    bad = saved;
    bad.insert(bad.end() - 4, 0x00);
    refused(resealed(bad), "trailing");
  }
  // Every byte flipped in turn.
  void flips_refused(const cardcore::Bytes& saved) const {
    for (std::size_t at = 0; at < saved.size(); ++at) {
      cardcore::Bytes bad = saved;
      bad[at] ^= 0x01;
      refused(bad, kind_);
    }
  }

 private:
  Model& target_;
  std::string kind_;
  cardcore::Bytes before_;
};

}  // namespace twinmodels::testing
