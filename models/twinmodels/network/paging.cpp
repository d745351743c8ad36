#include "twinmodels/network/paging.hpp"

#include <algorithm>
#include <array>
#include <string>

#include "twinmodels/civil_date.hpp"
#include "twinmodels/network/ie_error.hpp"

namespace twinmodels {

namespace {

constexpr const char* kWhat = "paging configuration";

std::int64_t ceil_div(std::int64_t a, std::int64_t b) { return -floor_div(-a, b); }

// PF residue and PO subframe of §7.1/§7.2 for a cycle of T frames.
struct Occasion {
  std::int64_t t_frames;
  std::int64_t pf_residue;  // SFN mod T
  NetTime subframe_offset;  // PO subframe x 1 ms
};

Occasion occasion(std::int64_t t, int nb_log2, std::uint32_t ue_id) {
  // nB = T x 2^k; N = min(T, nB); Ns = max(1, nB / T).
  const std::int64_t nb = nb_log2 >= 0 ? t << nb_log2 : t >> -nb_log2;
  const std::int64_t n = std::min(t, nb);
  const std::int64_t ns = std::max<std::int64_t>(1, nb / t);
  const std::int64_t pf = (t / n) * (ue_id % n);
  const std::int64_t i_s = (ue_id / n) % ns;
  // §7.2, FDD.
  static constexpr int kNs1[] = {9};
  static constexpr int kNs2[] = {4, 9};
  static constexpr int kNs4[] = {0, 4, 5, 9};
  const int sf = ns == 1 ? kNs1[0] : ns == 2 ? kNs2[i_s] : kNs4[i_s];
  return {t, pf, sf * kSubframe};
}

// First PO of `o` at or after t whose frame lies in [first_frame, end_frame)
// (absolute frame numbers, counted from the origin); kNever if none.
NetTime first_po_in(const Occasion& o, NetTime rel_t, std::int64_t first_frame, std::int64_t end_frame) {
  // Smallest frame f >= first_frame, f*10ms + sf >= rel_t, f = pf (mod T).
  std::int64_t f = std::max(first_frame, ceil_div(rel_t - o.subframe_offset, kRadioFrame));
  const std::int64_t r = ((f - o.pf_residue) % o.t_frames + o.t_frames) % o.t_frames;
  if (r != 0) f += o.t_frames - r;
  if (f >= end_frame) return kNever;
  return f * kRadioFrame + o.subframe_offset;
}

}  // namespace

void validate(const PagingConfig& c) {
  const std::uint32_t t = c.drx_cycle_frames;
  const bool nb = c.channel == PagingChannel::Npdcch;
  const bool t_ok = t == 32 || t == 64 || t == 128 || t == 256 || (nb && (t == 512 || t == 1024));
  if (!t_ok) throw NetworkIeError(kWhat, "DRX cycle of " + std::to_string(t) + " radio frames is not defined");
  const int min_log2 = nb ? -10 : -5;
  if (c.nb_log2 > 2 || c.nb_log2 < min_log2)
    throw NetworkIeError(kWhat, "nB = T x 2^" + std::to_string(c.nb_log2) + " is not defined");
  if (c.nb_log2 < 0 && (t >> -c.nb_log2) == 0)
    throw NetworkIeError(kWhat, "nB = T x 2^" + std::to_string(c.nb_log2) + " is below one frame per cycle");
  if (c.frame_origin < 0 || c.frame_origin >= kFramesPerHyperframe * kHyperframe)
    throw NetworkIeError(kWhat, "frame origin outside one H-SFN cycle");
}

std::uint32_t paging_ue_id(std::uint64_t imsi, PagingChannel channel) {
  switch (channel) {
    case PagingChannel::Pdcch: return static_cast<std::uint32_t>(imsi % 1024);
    case PagingChannel::Mpdcch: return static_cast<std::uint32_t>(imsi % 16384);
    case PagingChannel::Npdcch: return static_cast<std::uint32_t>(imsi % 4096);
  }
  return 0;
}

std::uint32_t fcs32(cardcore::ByteView bytes) {
  std::uint32_t crc = 0xFFFFFFFFu;
  for (const std::uint8_t b : bytes) {
    crc ^= static_cast<std::uint32_t>(b) << 24;
    for (int i = 0; i < 8; ++i) crc = (crc & 0x80000000u) ? (crc << 1) ^ 0x04C11DB7u : crc << 1;
  }
  return ~crc;
}

std::uint32_t hashed_id(std::uint32_t m_tmsi) {
  const std::array<std::uint8_t, 4> b = {static_cast<std::uint8_t>(m_tmsi >> 24), static_cast<std::uint8_t>(m_tmsi >> 16),
                                         static_cast<std::uint8_t>(m_tmsi >> 8), static_cast<std::uint8_t>(m_tmsi)};
  return fcs32(b);
}

std::uint32_t paging_ue_id_h(std::uint32_t m_tmsi, PagingChannel channel) {
  return hashed_id(m_tmsi) >> (channel == PagingChannel::Npdcch ? 20 : 22);
}

NetTime next_paging_occasion(const PagingConfig& c, std::uint64_t imsi, NetTime t) {
  validate(c);
  const Occasion o = occasion(c.drx_cycle_frames, c.nb_log2, paging_ue_id(imsi, c.channel));
  const std::int64_t lowest = floor_div(t - c.frame_origin, kRadioFrame) - 1;
  return c.frame_origin + first_po_in(o, t - c.frame_origin, lowest, std::numeric_limits<std::int64_t>::max());
}

NetTime next_edrx_paging_occasion(const PagingConfig& c, const EdrxTiming& edrx, std::uint64_t imsi,
                                  std::uint32_t m_tmsi, NetTime t) {
  validate(c);
  const std::uint32_t ue_id = paging_ue_id(imsi, c.channel);
  const NetTime rel = t - c.frame_origin;
  if (edrx.cycle_hyperframes == 0) {
    // §7.1 with T = 512 (the 5.12 s cycle, WB-S1 only).
    const Occasion o = occasion(512, c.nb_log2, ue_id);
    return c.frame_origin + first_po_in(o, rel, floor_div(rel, kRadioFrame) - 1, std::numeric_limits<std::int64_t>::max());
  }
  const std::int64_t th = edrx.cycle_hyperframes;
  const std::uint32_t ue_id_h = paging_ue_id_h(m_tmsi, c.channel);
  const std::int64_t target = ue_id_h % th;                  // PH: H-SFN mod T_eDRX,H
  const std::int64_t ptw_start_sfn = 256 * ((ue_id_h / th) % 4);  // ieDRX
  const std::int64_t ptw_frames = edrx.paging_time_window / kRadioFrame;
  const Occasion o = occasion(c.drx_cycle_frames, c.nb_log2, ue_id);
  // Paging hyperframes in absolute hyperframe numbers (H-SFN = h mod 1024);
  // start a few hyperframes back, since a PTW may reach into later ones.
  std::int64_t h = floor_div(rel, kHyperframe) - (ptw_frames / kFramesPerHyperframe + 2);
  // The first PH at or after h.
  auto next_ph = [&](std::int64_t from) {
    const std::int64_t cycle_start = floor_div(from, kFramesPerHyperframe) * kFramesPerHyperframe;
    std::int64_t hsfn = from - cycle_start;
    if (hsfn <= target) return cycle_start + target;
    const std::int64_t k = ceil_div(hsfn - target, th);
    hsfn = target + k * th;
    return hsfn < kFramesPerHyperframe ? cycle_start + hsfn : cycle_start + kFramesPerHyperframe + target;
  };
  // Every PH of one H-SFN cycle (1024 hyperframes) and a little more: if no
  // PTW holds an occasion of the UE, none ever will.
  for (std::int64_t tries = 0; tries <= 1024 / th + 2 + ptw_frames / kFramesPerHyperframe + 2; ++tries) {
    h = next_ph(h);
    const std::int64_t first = h * kFramesPerHyperframe + ptw_start_sfn;
    const NetTime po = first_po_in(o, rel, first, first + ptw_frames);
    if (po != kNever) return c.frame_origin + po;
    ++h;
  }
  throw NetworkIeError(kWhat, "a paging time window of " + std::to_string(ptw_frames) +
                                  " frames holds none of the UE's paging occasions (DRX cycle " +
                                  std::to_string(c.drx_cycle_frames) + " frames)");
}

}  // namespace twinmodels
