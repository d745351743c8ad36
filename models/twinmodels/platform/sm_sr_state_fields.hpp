#pragma once
// The fields of an SM-SR checkpoint (sm_sr_state.cpp has the layout):
// writing and bounds-checked reading of the EIS, a function call, a
// function result, an SM-SR change order, a TAR and the ISD-R's key set.
// The SM-DP's checkpoint (sm_dp_state.cpp) shares the text and the result.
// Every reading error is the reader's std::invalid_argument
// ("SM-SR state: ...", "SM-DP state: ...").
#include <string>

#include "cardcore/ota/packet_fields.hpp"
#include "cardcore/util/bytes.hpp"
#include "twinmodels/ota/ota_sms_link.hpp"
#include "twinmodels/platform/eis.hpp"
#include "twinmodels/platform/function_result.hpp"
#include "twinmodels/platform/sm_sr.hpp"
#include "twinmodels/platform/smsr_change_order.hpp"
#include "twinmodels/state/state_bytes.hpp"

namespace twinmodels::platform::state_fields {

inline constexpr std::size_t kMaxText = 1 << 16;   // a name, an address, a message
inline constexpr std::size_t kMaxBytes = 1 << 20;  // a script, a certificate, a section

std::string read_text(state::Reader& r, const char* what);

void put_tar(cardcore::Bytes& out, const cardcore::ota::Tar& t);
cardcore::ota::Tar read_tar(state::Reader& r, const char* what);

void put_order(cardcore::Bytes& out, const SmSrChangeOrder& o);
SmSrChangeOrder read_order(state::Reader& r);

void put_call(cardcore::Bytes& out, const FunctionCall& f);
FunctionCall read_call(state::Reader& r);

void put_eis(cardcore::Bytes& out, const Eis& e);
// A POL2 (pol2.hpp) of an EIS profile or an UpdatePolicyRules call: rules
// u32 x (action u8, qualification u8); unknown values and rules
// pol2_error() refuses fail.
void put_pol2(cardcore::Bytes& out, const std::vector<Pol2Rule>& rules);
std::vector<Pol2Rule> read_pol2(state::Reader& r, const std::string& what);
Eis read_eis(state::Reader& r);

// The ISD-R's SCP80 key set as registered: TAR, KIc/KID and keys, SPI
// (reserved bits refused), AES CC length, RC KID, counter, originator,
// first concatenation reference.
void put_card_config(cardcore::Bytes& out, const ota::OtaCardConfig& c);
ota::OtaCardConfig read_card_config(state::Reader& r);

void put_result(cardcore::Bytes& out, const FunctionResult& x);
FunctionResult read_result(state::Reader& r);

}  // namespace twinmodels::platform::state_fields
