#pragma once
// Response Status Codes of the Proof of Receipt: ETSI TS 102 225 §5.2
// (table "Response Status Codes"), with '0B' and '0C' added by 3GPP
// TS 31.115 §7 for SMS.
#include <cstdint>
#include <string_view>

namespace cardcore::ota {

enum class PorStatus : std::uint8_t {
  Ok = 0x00,                         // PoR OK
  RcCcDsFailed = 0x01,               // RC/CC/DS failed
  CounterLow = 0x02,                 // CNTR low
  CounterHigh = 0x03,                // CNTR high
  CounterBlocked = 0x04,             // CNTR blocked
  CipheringError = 0x05,             // ciphering error
  UnidentifiedSecurityError = 0x06,  // unidentified security error
  InsufficientMemory = 0x07,         // insufficient memory to process incoming message
  MoreTime = 0x08,                   // more time needed to process the command
  TarUnknown = 0x09,                 // TAR unknown
  InsufficientSecurityLevel = 0x0A,  // insufficient security level (below the TAR's MSL)
  ResponseBySmsSubmit = 0x0B,        // TS 31.115: actual response data to be sent using SMS-SUBMIT
  ResponseByUssd = 0x0C,             // TS 31.115: actual response data to be sent using a USSD string
};

// "PoR OK", "CNTR low", ...; "reserved" for the codes the tables leave free.
std::string_view describe(PorStatus status);

}  // namespace cardcore::ota
