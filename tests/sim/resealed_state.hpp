#pragma once
// A damaged copy of a run state for the tests of its error messages: the
// states end in a CRC-32 of everything before it
// (twinmodels/state/state_bytes.hpp), made again here so that the reader
// gets past it to the damaged byte.
#include <cstddef>
#include <cstdint>

#include "cardcore/nvm/crc32.hpp"
#include "cardcore/util/bytes.hpp"

namespace twinsim::testing {

// `state` with byte `at` set to `value` and its CRC-32 made again.
inline cardcore::Bytes resealed(cardcore::Bytes state, std::size_t at, std::uint8_t value) {
  state.erase(state.end() - 4, state.end());  // the old CRC
  state.at(at) = value;
  const std::uint32_t crc = cardcore::crc32(state);
  for (int i = 0; i < 4; ++i) state.push_back(static_cast<std::uint8_t>(crc >> (8 * i)));
  return state;
}

}  // namespace twinsim::testing
