#pragma once
// The C-APDUs an SM-DP sends an ISD-P over ES8 (GSMA SGP.02 §3.1.2, §3.1.3,
// §4.1.2/§4.1.3; the card side: card-core/cardcore/euicc/isd_p.cpp,
// key_establishment.cpp, download.cpp), plain: the download's ones travel
// wrapped in the ISD-P's SCP03 session (GP Amendment D), the key
// establishment's in the clear inside SCP80.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "cardcore/util/bytes.hpp"

namespace twinmodels::platform::es8 {

using cardcore::Bytes;
using cardcore::ByteView;

// INSTALL [for personalization] of `aid` (GP §11.5.2.3.6): the ISD-R
// forwards the STORE DATA commands that follow in the script to it.
// Throws std::invalid_argument for an AID outside 5..16 bytes.
Bytes install_for_personalization(ByteView aid);

// STORE DATA of a key establishment step (ES8.EstablishISDPKeySet, GPC
// Amendment E scenario #3): `dgi_data` the whole DGI ('3A01' or '3A02',
// ecasd::OffCardKeyEstablishment), P1 as njiwa sends the two ('09', then
// '89' for the last), Le '00' for the card's '85' / '86' answer. Throws
// std::invalid_argument for data over 255 bytes.
inline constexpr std::uint8_t kKeyEstablishmentCertificateP1 = 0x09;
inline constexpr std::uint8_t kKeyEstablishmentKeyAgreementP1 = 0x89;
Bytes key_establishment_store_data(std::uint8_t p1, ByteView dgi_data);

// The profile package in STORE DATA blocks (GP §11.11; the eUICC's rule,
// euicc/README.md "Profile download"): P1 '00' (no structure given), '80'
// on the last, P2 the block number from '00', `block_size` bytes each, Le
// '00' so that each answer carries its R-MAC in the expanded response (TS
// 102 226 §5.2.2 returns response data up to Le). Throws
// std::invalid_argument for an empty package, a block size outside 1..255,
// or more than 256 blocks.
std::vector<Bytes> download_blocks(ByteView package, std::size_t block_size);

// The profile package as SCP03t segments' plain data (SGP.02 §4.1.3.3: the
// package one transparent block, cut anywhere), `segment_size` bytes each.
// Throws std::invalid_argument for an empty package, a segment size of 0,
// or more than 255 segments (the eUICC counts them in a byte).
std::vector<Bytes> package_segments(ByteView package, std::size_t segment_size);

// UpdatePolicyRules (POL1): STORE DATA DGI '3A09' { '81' 01 POL1 } (the
// eUICC's coding, ours), P1 '88', Le '00'.
Bytes update_policy_rules(std::uint8_t pol1);

}  // namespace twinmodels::platform::es8
