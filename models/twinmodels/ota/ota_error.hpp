#pragma once
// The one error type of the platform side of OTA: what a platform reads back
// from a card (a PoR in an SMS, the script response inside it) is checked
// field by field, and anything wrong is an OtaError naming the reason and the
// place, never a crash or an out-of-bounds read.
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

namespace twinmodels::ota {

class OtaError : public std::invalid_argument {
 public:
  enum class Reason : std::uint8_t {
    MalformedSms,           // the TPDU or TP-UD does not decode (TS 23.040)
    NotAResponsePacket,     // no IEI '71' in the header, or not 8-bit data (TS 31.115 §4.3)
    NotASubmitCommand,      // not a SEND SHORT MESSAGE with an SMS-SUBMIT (TS 102 223 §6.6.9)
    Concatenation,          // a segment that cannot belong to a set (TS 23.040 §9.2.3.24.1)
    MalformedPacket,        // RPL/RHL disagree with the bytes: truncated or padded
    CipheringError,         // ciphered part not whole blocks, PCNTR beyond the data
    IntegrityFailed,        // the PoR's RC/CC does not match
    TarMismatch,            // a PoR for another TAR
    CounterMismatch,        // a PoR for a counter this platform has no command out for
    NotSecured,             // "PoR OK" without the RC/CC or ciphering the SPI asked for
    Unsupported,            // keys or SPI the platform cannot build or check
    CounterExhausted,       // the next counter would pass 'FFFFFFFFFF' (TS 102 225 §5.1.1)
    UnknownStatus,          // a response status TS 102 225 / TS 31.115 leave reserved
    MalformedResponseData,  // additional data that is no compact / expanded response (TS 102 226 §5)
  };

  OtaError(Reason reason, const std::string& what) : std::invalid_argument(what), reason_(reason) {}
  Reason reason() const { return reason_; }

 private:
  Reason reason_;
};

// "malformed SMS", "integrity failed", ... for logs and test messages.
std::string_view describe(OtaError::Reason reason);

}  // namespace twinmodels::ota
