#pragma once
// Internal to cardcore::sms: the field readers the TPDU decoders share. Each
// reads at the reader's position and reports errors at TPDU offsets.
#include "cardcore/sms/address.hpp"
#include "cardcore/sms/message_type.hpp"
#include "cardcore/sms/reader.hpp"
#include "cardcore/sms/timestamp.hpp"
#include "cardcore/sms/udh.hpp"
#include "cardcore/sms/user_data.hpp"

namespace cardcore::sms::detail {

// Throws SmsError("TP-MTI") unless bits 1..0 of the first octet are `expected`.
void expect_mti(const Reader& r, std::uint8_t first_octet, Mti expected);
// Throws unless the reader is at the end of the TPDU (or options ignore trailing octets).
void expect_end(const Reader& r, const DecodeOptions& options);

Address read_tp_address(Reader& r, const char* field);
Timestamp read_timestamp(Reader& r, const char* field);

// The elements of a header (without UDHL) that starts at TPDU offset `base`.
UserDataHeader parse_udh_elements(ByteView elements, std::size_t base, const char* context);

// TP-UDL and TP-UD to the end of the TPDU (as `options` allow) for a TPDU
// whose TP-UD may hold up to `max_octets` octets.
UserData read_user_data(Reader& r, std::uint8_t dcs, bool udhi, std::size_t max_octets, const DecodeOptions& options);

// TS 23.040 §9.2.3.27 TP-Parameter-Indicator and the TP-PID, TP-DCS,
// TP-UDL/TP-UD it announces (SMS-DELIVER-REPORT, SMS-STATUS-REPORT). Reads
// to the end of the TPDU. TP-UD is read with TP-DCS 00 when TP-DCS is absent.
struct OptionalParameters {
  std::optional<std::uint8_t> pid;
  std::optional<std::uint8_t> dcs;
  std::optional<UserData> ud;
};
OptionalParameters read_optional_parameters(Reader& r, bool udhi, std::size_t max_octets, const DecodeOptions& options);
void append_optional_parameters(Bytes& out, const OptionalParameters& p, std::size_t max_octets);

}  // namespace cardcore::sms::detail
