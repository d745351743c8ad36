#pragma once
// The PUSH command of TS 102 226 §9 ("additional command for push"), for
// BIP channel opening (§9.2.1): CLA '80' INS 'EC' P1 '01' P2 '01', the data
// OPEN CHANNEL objects (connection_params.hpp), none at all for "use the
// defaults". The other P2 values ('02' CAT_TP link, '03' TCP connection,
// '04' identification packet) and P1 '80' (application specific) are not
// done: the card answers them '6A 86'.
//
// This opens a bare BIP channel; an SCP81 session is triggered by GP
// Amendment B's triggering parameters (trigger.hpp), whose connection
// parameters are the same objects.
#include <cstdint>

#include "cardcore/apdu/command_apdu.hpp"
#include "cardcore/apdu/status_word.hpp"
#include "cardcore/cat/decoded.hpp"
#include "cardcore/scp81/connection_params.hpp"

namespace cardcore::scp81 {

inline constexpr std::uint8_t kPushCla = 0x80;
inline constexpr std::uint8_t kPushIns = 0xEC;
inline constexpr std::uint8_t kPushP1 = 0x01;
inline constexpr std::uint8_t kPushBipChannelOpening = 0x01;  // P2

// The C-APDU (case 1 without objects, case 3 with them). Throws
// std::invalid_argument when the objects do not fit a short APDU.
Bytes build_push_bip(const ConnectionParams& p);

// The card side. On refusal `sw` is what the card answers: '6A 86' for P1
// P2 other than '01 01', '67 00' for an Le, '6A 80' for bad data (TS 102 226
// §9.2.1, with the reason in the error); '90 00' otherwise.
cat::Decoded<ConnectionParams> decode_push_bip(const CommandApdu& c, StatusWord& sw);

}  // namespace cardcore::scp81
