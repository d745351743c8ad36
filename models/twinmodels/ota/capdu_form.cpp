#include "twinmodels/ota/capdu_form.hpp"

namespace twinmodels::ota {

bool is_t0_command(ByteView c) {
  if (c.size() < 5) return false;
  return c.size() == 5 || (c[4] != 0 && c.size() == 5u + c[4]);
}

bool is_iso_command(ByteView c) {
  const std::size_t n = c.size();
  if (n == 4 || n == 5) return true;  // case 1; case 2 with a short Le
  if (n < 5) return false;
  if (c[4] != 0) {                    // short Lc
    const std::size_t lc = c[4];
    return n == 5 + lc || n == 6 + lc;  // case 3; case 4 with a short Le
  }
  // '00' then two bytes: extended Le (case 2E, n = 7) or extended Lc.
  if (n < 7) return false;
  if (n == 7) return true;
  const std::size_t lc = cardcore::be16(c.data() + 5);
  if (lc == 0) return false;
  return n == 7 + lc || n == 9 + lc;  // case 3E; case 4E with a two-byte Le
}

}  // namespace twinmodels::ota
