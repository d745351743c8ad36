// Paging occasions of TS 36.304 §7: regular DRX (§7.1, §7.2 FDD) and eDRX
// paging hyperframes and paging time windows (§7.3), checked against worked
// examples and against a frame-by-frame search with the spec's formulas.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>

#include "twinmodels/network/edrx_parameters.hpp"
#include "twinmodels/network/ie_error.hpp"
#include "twinmodels/network/paging.hpp"

namespace test_paging {

using namespace twinmodels;

constexpr std::uint64_t kImsi = 460040000000123;  // IMSI mod 1024 = mod 4096 = 123
constexpr std::uint32_t kMTmsi = 0x12345678;      // Hashed_ID 0x207575D4: UE_ID_H 129 (10 bits), 519 (12 bits)

// Frame f's PO subframe under §7.1/§7.2, or -1 when f is not the UE's PF.
int po_subframe(std::int64_t f, std::int64_t t, std::int64_t nb, std::uint32_t ue_id) {
  const std::int64_t n = std::min(t, nb);
  const std::int64_t ns = std::max<std::int64_t>(1, nb / t);
  const std::int64_t sfn = f % 1024;
  if (sfn % t != (t / n) * (ue_id % n)) return -1;
  const std::int64_t i_s = (ue_id / n) % ns;
  const int table[3][4] = {{9}, {4, 9}, {0, 4, 5, 9}};
  return table[ns == 1 ? 0 : ns == 2 ? 1 : 2][i_s];
}

// Frame by frame, the first PO at or after `from` under §7.3.
NetTime reference_edrx_po(std::int64_t t, std::int64_t nb, std::uint32_t ue_id, std::uint32_t ue_id_h,
                          std::int64_t th, std::int64_t ptw_frames, NetTime from) {
  for (std::int64_t f = from / kRadioFrame;; ++f) {
    bool in_ptw = false;
    for (std::int64_t back = 0; back <= 5 && !in_ptw; ++back) {
      // Hyperframes before the origin are H-SFN 1023, 1022, ... of the cycle before.
      const std::int64_t h = f / 1024 - back;
      if (((h % 1024 + 1024) % 1024) % th != ue_id_h % th) continue;
      const std::int64_t start = h * 1024 + 256 * ((ue_id_h / th) % 4);
      in_ptw = f >= start && f < start + ptw_frames;
    }
    if (!in_ptw) continue;
    const int sf = po_subframe(f, t, nb, ue_id);
    if (sf >= 0 && f * kRadioFrame + sf * kSubframe >= from) return f * kRadioFrame + sf * kSubframe;
  }
}

TEST(Paging, Fcs32IsTheCrc32OfTheSpec) {
  // The CRC-32 "check" value of "123456789" with these parameters (CRC-32/BZIP2).
  const std::string check = "123456789";
  EXPECT_EQ(fcs32(cardcore::ByteView(reinterpret_cast<const std::uint8_t*>(check.data()), check.size())), 0xFC891918u);
  EXPECT_EQ(hashed_id(kMTmsi), 0x207575D4u);
  EXPECT_EQ(paging_ue_id_h(kMTmsi, PagingChannel::Pdcch), 129u);
  EXPECT_EQ(paging_ue_id_h(kMTmsi, PagingChannel::Npdcch), 519u);
  EXPECT_EQ(paging_ue_id(kImsi, PagingChannel::Pdcch), 123u);
  EXPECT_EQ(paging_ue_id(460040000016507, PagingChannel::Mpdcch), 460040000016507u % 16384u);
  EXPECT_EQ(paging_ue_id(460040000016507, PagingChannel::Mpdcch), 4219u);
}

TEST(Paging, RegularDrxWorkedExample) {
  // T = 128, nB = T: N = 128, Ns = 1; PF: SFN mod 128 = 123, PO subframe 9.
  const PagingConfig c{128, 0, PagingChannel::Pdcch, 0};
  EXPECT_EQ(next_paging_occasion(c, kImsi, 0), 1'239 * kMs);
  EXPECT_EQ(next_paging_occasion(c, kImsi, 1'239 * kMs), 1'239 * kMs);
  EXPECT_EQ(next_paging_occasion(c, kImsi, 1'239 * kMs + 1), 2'519 * kMs);
  // A cell whose frame 0 starts 3 ms later shifts every occasion by 3 ms.
  const PagingConfig shifted{128, 0, PagingChannel::Pdcch, 3 * kMs};
  EXPECT_EQ(next_paging_occasion(shifted, kImsi, 0), 1'242 * kMs);
}

TEST(Paging, RegularDrxMatchesTheFormulasForEveryNb) {
  for (const std::int64_t t : {32, 64, 128, 256}) {
    for (int k = -5; k <= 2; ++k) {
      const std::int64_t nb = k >= 0 ? t << k : t >> -k;
      if (nb < 1) continue;
      const PagingConfig c{static_cast<std::uint32_t>(t), k, PagingChannel::Pdcch, 0};
      for (const std::uint64_t imsi : {kImsi, std::uint64_t{460041234567890}, std::uint64_t{1023}}) {
        const std::uint32_t ue_id = paging_ue_id(imsi, c.channel);
        for (const NetTime from : {NetTime{0}, 7'777 * kMs + 3, 10'235 * kMs}) {
          NetTime expected = -1;
          for (std::int64_t f = from / kRadioFrame; expected < 0; ++f) {
            const int sf = po_subframe(f, t, nb, ue_id);
            if (sf >= 0 && f * kRadioFrame + sf * kSubframe >= from) expected = f * kRadioFrame + sf * kSubframe;
          }
          EXPECT_EQ(next_paging_occasion(c, imsi, from), expected) << "T " << t << " nB 2^" << k << " from " << from;
        }
      }
    }
  }
}

TEST(Paging, EdrxWorkedExamples) {
  const PagingConfig c{128, 0, PagingChannel::Pdcch, 0};
  // 20.48 s (T_eDRX,H = 2), PTW 1.28 s: PH has H-SFN mod 2 = 129 mod 2 = 1,
  // ieDRX = floor(129 / 2) mod 4 = 0, so the PTW is SFN 0..127 of odd
  // hyperframes and its PO is frame 123, subframe 9.
  const EdrxTiming e20 = edrx_timing({0x2, 0x0}, S1Mode::WbS1);
  EXPECT_EQ(next_edrx_paging_occasion(c, e20, kImsi, kMTmsi, 0), 10'240 * kMs + 1'239 * kMs);
  EXPECT_EQ(next_edrx_paging_occasion(c, e20, kImsi, kMTmsi, 11'480 * kMs), 3 * 10'240 * kMs + 1'239 * kMs);
  // 61.44 s (T_eDRX,H = 6): H-SFN mod 6 = 3, ieDRX = 21 mod 4 = 1: the PTW
  // is SFN 256..383, the PO frame 379.
  const EdrxTiming e61 = edrx_timing({0x4, 0x0}, S1Mode::WbS1);
  EXPECT_EQ(next_edrx_paging_occasion(c, e61, kImsi, kMTmsi, 0), 3 * 10'240 * kMs + 3'799 * kMs);
  // The H-SFN wraps at 1024: PHs 1017, 1023, then 3 of the next cycle (4
  // hyperframes later, not 6).
  EXPECT_EQ(next_edrx_paging_occasion(c, e61, kImsi, kMTmsi, 1020 * 10'240 * kMs), 1023 * 10'240 * kMs + 3'799 * kMs);
  EXPECT_EQ(next_edrx_paging_occasion(c, e61, kImsi, kMTmsi, 1024 * 10'240 * kMs), 1027 * 10'240 * kMs + 3'799 * kMs);
  // NB-IoT, 20.48 s, PTW 2.56 s: UE_ID_H 519, H-SFN odd, ieDRX = 259 mod 4 =
  // 3: SFN 768..1023, POs at frames 891 and 1019.
  const PagingConfig nb{128, 0, PagingChannel::Npdcch, 0};
  const EdrxTiming n20 = edrx_timing({0x2, 0x0}, S1Mode::NbS1);
  EXPECT_EQ(next_edrx_paging_occasion(nb, n20, kImsi, kMTmsi, 0), 10'240 * kMs + 8'919 * kMs);
  EXPECT_EQ(next_edrx_paging_occasion(nb, n20, kImsi, kMTmsi, 10'240 * kMs + 8'920 * kMs), 10'240 * kMs + 10'199 * kMs);
  // 5.12 s: §7.1 with T = 512: SFN mod 512 = 123.
  const EdrxTiming e5 = edrx_timing({0x0, 0x0}, S1Mode::WbS1);
  EXPECT_EQ(next_edrx_paging_occasion(c, e5, kImsi, kMTmsi, 1'240 * kMs), 6'359 * kMs);
}

TEST(Paging, EdrxMatchesTheFormulasFrameByFrame) {
  const std::uint64_t imsis[] = {kImsi, 460041234567890};
  const std::uint32_t tmsis[] = {kMTmsi, 0xC0FFEE01, 0x00000001};
  for (const auto channel : {PagingChannel::Pdcch, PagingChannel::Npdcch}) {
    const S1Mode mode = channel == PagingChannel::Npdcch ? S1Mode::NbS1 : S1Mode::WbS1;
    for (std::uint8_t v = 0; v < 16; ++v) {
      EdrxTiming e;
      try {
        e = edrx_timing({v, 3}, mode);
      } catch (const NetworkIeError&) {
        continue;
      }
      if (e.cycle_hyperframes == 0 || e.cycle_hyperframes > 16) continue;  // keep the search short
      for (const int k : {0, 1, 2}) {
        const PagingConfig c{64, k, channel, 0};
        for (const auto imsi : imsis) {
          for (const auto tmsi : tmsis) {
            const std::uint32_t ue_id = paging_ue_id(imsi, channel);
            const std::uint32_t ue_id_h = paging_ue_id_h(tmsi, channel);
            for (const NetTime from : {NetTime{0}, NetTime{123'456'789}, NetTime{10'480'000'000}}) {
              EXPECT_EQ(next_edrx_paging_occasion(c, e, imsi, tmsi, from),
                        reference_edrx_po(64, 64LL << k, ue_id, ue_id_h, e.cycle_hyperframes,
                                          e.paging_time_window / kRadioFrame, from))
                  << "eDRX " << int(v) << " nB 2^" << k << " tmsi " << tmsi << " from " << from;
            }
          }
        }
      }
    }
  }
}

TEST(Paging, ImpossibleConfigurationsAreRefused) {
  EXPECT_THROW(next_paging_occasion({100, 0, PagingChannel::Pdcch, 0}, kImsi, 0), NetworkIeError);
  EXPECT_THROW(next_paging_occasion({512, 0, PagingChannel::Pdcch, 0}, kImsi, 0), NetworkIeError);
  EXPECT_NO_THROW(next_paging_occasion({512, 0, PagingChannel::Npdcch, 0}, kImsi, 0));
  EXPECT_THROW(next_paging_occasion({128, 3, PagingChannel::Pdcch, 0}, kImsi, 0), NetworkIeError);
  EXPECT_THROW(next_paging_occasion({32, -6, PagingChannel::Pdcch, 0}, kImsi, 0), NetworkIeError);
  EXPECT_THROW(next_paging_occasion({32, -6, PagingChannel::Npdcch, 0}, kImsi, 0), NetworkIeError);  // nB < 1
  // A PTW of 1.28 s cannot hold frame 123 + k x 256 of a 2.56 s DRX cycle
  // when the UE's PF is above 127.
  const PagingConfig c{256, 0, PagingChannel::Pdcch, 0};
  const std::uint64_t imsi = 460040000000200;  // UE_ID 200: PF residue 200 of 256
  ASSERT_GE(paging_ue_id(imsi, PagingChannel::Pdcch) % 256, 128u);
  EXPECT_THROW(next_edrx_paging_occasion(c, edrx_timing({0x2, 0x0}, S1Mode::WbS1), imsi, kMTmsi, 0), NetworkIeError);
}

}  // namespace test_paging
