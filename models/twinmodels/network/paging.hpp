#pragma once
// E-UTRA paging occasions, TS 36.304 §7: when an idle UE listens for paging.
//
// Regular DRX (§7.1, §7.2): the Paging Frame is the radio frame with
//     SFN mod T = (T div N) x (UE_ID mod N)
// and the Paging Occasion the subframe i_s = floor(UE_ID / N) mod Ns of the
// FDD table (Ns = 1: {9}; 2: {4, 9}; 4: {0, 4, 5, 9}), with T the DRX cycle
// (the cell's defaultPagingCycle, TS 36.331 PCCH-Config), N = min(T, nB),
// Ns = max(1, nB / T), UE_ID = IMSI mod 1024 (PDCCH), mod 16384 (MPDCCH,
// LTE-M) or mod 4096 (NPDCCH, NB-IoT).
//
// eDRX (§7.3) with a cycle of T_eDRX,H hyperframes: the Paging Hyperframe
// has H-SFN mod T_eDRX,H = UE_ID_H mod T_eDRX,H, where UE_ID_H is the 10
// (PDCCH, MPDCCH) or 12 (NPDCCH) most significant bits of the Hashed_ID, the
// CRC-32 FCS of S-TMSI bits b31..b0 (the M-TMSI). Its Paging Time Window
// starts at SFN 256 x ieDRX, ieDRX = floor(UE_ID_H / T_eDRX,H) mod 4, and
// lasts the PTW (L x 100 frames for L seconds, possibly into the next
// hyperframe); inside it the UE listens at the §7.1 occasions. The 5.12 s
// cycle is §7.1 with T = 512.
//
// Time: the cell's frame 0 of H-SFN 0 starts at NetTime 0 (plus a per-cell
// offset); a radio frame is 10 ms, a subframe 1 ms. Everything is O(1) or a
// few steps: no per-UE state.
#include <cstdint>

#include "cardcore/util/bytes.hpp"
#include "twinmodels/network/edrx_parameters.hpp"
#include "twinmodels/network/net_time.hpp"

namespace twinmodels {

// Which control channel carries P-RNTI: it picks the UE_ID modulus and the
// UE_ID_H width.
enum class PagingChannel : std::uint8_t { Pdcch, Mpdcch, Npdcch };

struct PagingConfig {
  // T in radio frames: 32, 64, 128, 256 (and 512, 1024 for NB-IoT, TS 36.331
  // PCCH-Config-NB). Default rf128 = 1.28 s.
  std::uint32_t drx_cycle_frames = 128;
  // nB = T x 2^nb_log2: 2 (4T) down to -5 (T/32), to -10 (T/1024) on NPDCCH.
  // Default oneT.
  int nb_log2 = 0;
  PagingChannel channel = PagingChannel::Pdcch;
  // Start of the cell's frame 0 (of H-SFN 0) in NetTime, 0..kHyperframe*1024.
  NetTime frame_origin = 0;
};

// Throws NetworkIeError for a T or nB outside the lists above, or nB < 1.
void validate(const PagingConfig& c);

// §7.1: UE_ID of the IMSI (its decimal value) on the configured channel.
std::uint32_t paging_ue_id(std::uint64_t imsi, PagingChannel channel);

// CRC-32 with generator 0x04C11DB7, bits MSB first, register preset to ones
// and the result complemented (the FCS of §7.3, ITU-T V.42 / IEEE 802.3
// polynomial, unreflected: the "CRC-32/BZIP2" parameter set).
std::uint32_t fcs32(cardcore::ByteView bytes);
// §7.3: Hashed_ID of an M-TMSI (S-TMSI b31..b0), and UE_ID_H from it.
std::uint32_t hashed_id(std::uint32_t m_tmsi);
std::uint32_t paging_ue_id_h(std::uint32_t m_tmsi, PagingChannel channel);

// The start of the UE's first regular-DRX paging occasion at or after t.
NetTime next_paging_occasion(const PagingConfig& c, std::uint64_t imsi, NetTime t);

// The start of the UE's first eDRX paging occasion at or after t (§7.3; for
// the 5.12 s cycle §7.1 with T = 512). `edrx` comes from edrx_timing().
NetTime next_edrx_paging_occasion(const PagingConfig& c, const EdrxTiming& edrx, std::uint64_t imsi,
                                  std::uint32_t m_tmsi, NetTime t);

}  // namespace twinmodels
