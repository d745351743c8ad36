#pragma once
// Remote File Management (TS 102 226 §7, TS 31.116): the card's RFM
// applications run the command script of a secured packet on the card's own
// file system and give the additional response data of its PoR.
#include <cstddef>
#include <cstdint>
#include <optional>

#include "cardcore/apdu/status_word.hpp"
#include "cardcore/fs/access_rule.hpp"
#include "cardcore/remote/tar.hpp"
#include "cardcore/util/bytes.hpp"

namespace cardcore {
class Uicc;
}

namespace cardcore::remote {

// The most additional response data a PoR of this card carries: what fits
// in kMaxPorMessages SMS-SUBMITs with any PoR security (TS 31.115 §4.2).
inline constexpr std::size_t kMaxPorMessages = 3;
inline constexpr std::size_t kMaxAdditionalData = 360;

// The file an application's command session starts in: kNoFile for the MF
// (UICC RFM), ADF.USIM (USIM RFM), DF.GSM (SIM RFM); nullopt when the card
// lacks it.
std::optional<std::uint32_t> application_file(const Uicc& card, Application app);

// The access domain of the RFM applications (TS 102 226 §8.2.1.3.2.2): the
// access conditions the ADM1 key reference satisfies, as an administrator
// who verified ADM1 on the terminal interface would have them.
KeySet rfm_access_domain();

// Runs `script` (the deciphered secured data) for `app` in a remote command
// session (Uicc::begin_remote: a new one, or the one of its script chain,
// script_chaining.hpp) and returns the additional response data: a compact
// command string (§5.1) gives number of commands executed, last status word
// and last response data (§5.1.2); a command scripting template 'AA' / 'AE'
// (§5.2) gives a response scripting template 'AB' / 'AF'. Scripts stop at
// the first command with an error status word.
Bytes run_rfm(Uicc& card, Application app, ByteView script);

}  // namespace cardcore::remote
