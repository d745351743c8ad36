#pragma once
// The secrets a traced card's APDUs carry, masked before they reach the run
// file's /apdu and the GSMTAP trace (docs/RELIABILITY.md, "Key material in
// the twin's output"): the PIN and PUK values of VERIFY, CHANGE REFERENCE
// DATA, DISABLE/ENABLE VERIFICATION REQUIREMENT and RESET RETRY COUNTER
// (TS 102 221 §11.1.9-11.1.13; the GSM side's CHV commands, TS 51.011
// §9.2.9-9.2.13, have the same INS), and the session keys in AUTHENTICATE's
// answer: CK, IK and Kc of the 3G context, Kc of the GSM context (TS 31.102
// §7.1.2.1), Kc of RUN GSM ALGORITHM (TS 51.011 §9.2.16). Each masked byte
// becomes 00; lengths, tags and status words stay, so the decoders still
// read every APDU. RES, SRES, AUTS, RAND and AUTN stay: they cross the air
// interface in clear.
#include <cstdint>

#include "cardcore/util/bytes.hpp"

namespace twinsim {

class ApduRedaction {
 public:
  // One APDU of a device's exchange, in order: direction 0 the terminal's
  // command, 1 the card's answer (the answer to a GET RESPONSE belongs to
  // the command before it, TS 102 221 §7.3.1.1.4). Returns it masked.
  cardcore::Bytes mask(std::uint8_t direction, cardcore::ByteView apdu);

 private:
  // The command the next answers belong to.
  std::uint8_t cla_ = 0, ins_ = 0, p2_ = 0;
};

}  // namespace twinsim
