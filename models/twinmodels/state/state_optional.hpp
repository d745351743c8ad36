#pragma once
// An optional integer in a saved state (state_bytes.hpp): a u8 (0 none,
// 1 present) and, when present, the value as a u64.
#include <cstdint>
#include <optional>

#include "twinmodels/state/state_bytes.hpp"

namespace twinmodels::state {

template <class T>
void put_optional(cardcore::Bytes& out, const std::optional<T>& v) {
  put_u8(out, v ? 1 : 0);
  if (v) put_u64(out, static_cast<std::uint64_t>(*v));
}

template <class T>
std::optional<T> read_optional(Reader& r, const char* what) {
  if (!r.flag(what)) return std::nullopt;
  return static_cast<T>(r.u64(what));
}

}  // namespace twinmodels::state
