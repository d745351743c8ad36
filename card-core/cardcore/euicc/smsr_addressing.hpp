#pragma once
// Where the eUICC sends its SMS to the SM-SR (notifications, SGP.02
// §4.1.1.11): ES5.UpdateConnectivityParameters (SGP.02 §4.1.3.4) sets it.
// Coding of its data (ours; SGP.02 §4.1.3.4 keeps the parameters as TLVs,
// whose tags were not at hand):
//   '81' the SM-SR's address, TP-DA of the SMS-SUBMIT: Type-of-Address and
//        BCD digits (TS 102 223 §8.1 value coding)            mandatory
//   '82' the SMSC address (RP destination), same coding        optional
#include <optional>

#include "cardcore/cat/objects.hpp"
#include "cardcore/sms/address.hpp"
#include "cardcore/util/bytes.hpp"

namespace cardcore::euicc {

struct SmsrAddressing {
  sms::Address destination;
  std::optional<cat::Address> smsc;
};

// nullopt for data that is not this coding (unknown tag, no '81', bad
// address).
std::optional<SmsrAddressing> smsr_destination(ByteView parameters);
Bytes encode_smsr_addressing(const SmsrAddressing& a);

}  // namespace cardcore::euicc
