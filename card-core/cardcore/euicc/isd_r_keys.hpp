#pragma once
// The ISD-R's SCP80 key sets (SGP.02 §2.4.3), records of the platform
// card's key set EF (OtaKeyRecord layout, TAR '00 00 01'): the factory one,
// and at an SM-SR change the new SM-SR's (established through the ECASD,
// SGP.02 §3.8), after which FinaliseISDRhandover deletes the old one. Its
// SCP81 PSKs (EF.SCP81_PSK, platform_records.hpp) go the same way.
#include <cstdint>
#include <vector>

#include "cardcore/ota/ota_keys.hpp"

namespace cardcore {
class Uicc;
}

namespace cardcore::euicc {

struct IsdRKeySet {
  std::uint8_t record = 0;          // of the key set EF (1..)
  std::uint8_t counter_record = 0;  // of the counter EF
  std::uint8_t version = 0;         // key version (KIc b5-b8)
  ota::OtaKeys keys;
};

// The ISD-R's key sets as the platform's NVM holds them now, in record order.
std::vector<IsdRKeySet> isd_r_key_sets(const Uicc& platform);

// The key versions of the ISD-R's SCP81 PSKs (GP Amendment B: '40'-'4F';
// njiwa's CreateSCP81KeySet takes them from that range too). Its SCP80 key
// sets have versions 1-15, so a key version names one kind of key.
inline constexpr bool is_scp81_key_version(std::uint8_t v) { return v >= 0x40 && v <= 0x4F; }

}  // namespace cardcore::euicc
