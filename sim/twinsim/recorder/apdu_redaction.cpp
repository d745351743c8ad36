#include "twinsim/recorder/apdu_redaction.hpp"

#include <algorithm>

namespace twinsim {

namespace {

constexpr std::uint8_t kGetResponse = 0xC0;  // TS 102 221 §11.1.14
constexpr std::uint8_t kAuthenticate = 0x88; // TS 102 221 §11.1.16; RUN GSM ALGORITHM, TS 51.011 §9.2.16
constexpr std::uint8_t kGsmCla = 0xA0;       // TS 51.011 §9.1

// The commands whose data is a PIN, a PUK or both (TS 102 221 §11.1.9-13).
bool carries_pin(std::uint8_t ins) {
  return ins == 0x20 || ins == 0x24 || ins == 0x26 || ins == 0x28 || ins == 0x2C;
}

void zero(cardcore::Bytes& b, std::size_t from, std::size_t count) {
  if (from >= b.size()) return;
  std::fill(b.begin() + static_cast<std::ptrdiff_t>(from),
            b.begin() + static_cast<std::ptrdiff_t>(std::min(b.size(), from + count)), 0);
}

// Masks the values of a run of length-prefixed fields from `at` on, the
// first `keep` of them kept: [L1 V1 L2 V2 ...] up to `end`.
void zero_fields(cardcore::Bytes& b, std::size_t at, std::size_t end, int keep) {
  for (int field = 0; at < end; ++field) {
    const std::size_t length = b[at];
    if (field >= keep) zero(b, at + 1, std::min(length, end - at - 1));
    at += 1 + length;
  }
}

}  // namespace

cardcore::Bytes ApduRedaction::mask(std::uint8_t direction, cardcore::ByteView apdu) {
  cardcore::Bytes b(apdu.begin(), apdu.end());
  if (direction == 0) {
    if (b.size() < 4) return b;
    if (b[1] != kGetResponse) {
      cla_ = b[0];
      ins_ = b[1];
      p2_ = b[3];
    }
    // CLA INS P1 P2 Lc data: the data is the PIN(s).
    if (carries_pin(b[1]) && b.size() > 5) zero(b, 5, b[4]);
    return b;
  }
  if (ins_ != kAuthenticate || b.size() <= 2) return b;
  const std::size_t end = b.size() - 2;  // the status word stays
  if (cla_ == kGsmCla) {
    zero(b, 4, 8);  // RUN GSM ALGORITHM: SRES (4), Kc (8)
  } else if (p2_ == 0x80) {
    zero_fields(b, 0, end, 1);  // GSM context: L SRES, L Kc
  } else if (b[0] == 0xDB) {
    zero_fields(b, 1, end, 1);  // 3G context: 'DB' L RES, L CK, L IK [, L Kc]
  }
  return b;
}

}  // namespace twinsim
