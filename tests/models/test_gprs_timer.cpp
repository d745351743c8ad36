// GPRS timer, GPRS timer 2 and GPRS timer 3 (TS 24.008 §10.5.7.3, §10.5.7.4,
// §10.5.7.4a) and Extended DRX parameters (§10.5.5.32): the unit tables, the
// IEs as TS 24.301 ATTACH ACCEPT carries them, and malformed input.
#include <gtest/gtest.h>

#include <array>
#include <cstdint>

#include "twinmodels/network/edrx_parameters.hpp"
#include "twinmodels/network/gprs_timer.hpp"
#include "twinmodels/network/ie_error.hpp"

namespace test_gprs_timer {

using namespace twinmodels;
constexpr auto kTimer = GprsTimerKind::Timer;
constexpr auto kTimer3 = GprsTimerKind::Timer3;

TEST(GprsTimer, DecodesEveryUnit) {
  // §10.5.7.3: 000 = 2 s, 001 = 1 min, 010 = decihours, 111 = deactivated.
  EXPECT_EQ(decode_gprs_timer(0x0A, kTimer), NasTimerValue::of(20 * kSecond));
  EXPECT_EQ(decode_gprs_timer(0x21, kTimer), NasTimerValue::of(kMinute));
  // T3412's default of TS 24.301 §10.2, 54 min, as operators configure it.
  EXPECT_EQ(decode_gprs_timer(0x49, kTimer), NasTimerValue::of(54 * kMinute));
  EXPECT_EQ(decode_gprs_timer(0xE0, kTimer), NasTimerValue::off());
  EXPECT_EQ(decode_gprs_timer(0xFF, kTimer), NasTimerValue::off());
  // Other units are read as minutes "in this version of the protocol".
  EXPECT_EQ(decode_gprs_timer(0x65, kTimer), NasTimerValue::of(5 * kMinute));
  EXPECT_EQ(decode_gprs_timer(0xC3, kTimer), NasTimerValue::of(3 * kMinute));
  EXPECT_EQ(decode_gprs_timer(0x00, kTimer), NasTimerValue::of(0));
}

TEST(GprsTimer3, DecodesEveryUnit) {
  // §10.5.7.4a: 000 10 min, 001 1 h, 010 10 h, 011 2 s, 100 30 s, 101 1 min, 110 320 h.
  EXPECT_EQ(decode_gprs_timer(0x03, kTimer3), NasTimerValue::of(30 * kMinute));
  EXPECT_EQ(decode_gprs_timer(0x38, kTimer3), NasTimerValue::of(24 * kHour));
  EXPECT_EQ(decode_gprs_timer(0x5F, kTimer3), NasTimerValue::of(310 * kHour));
  EXPECT_EQ(decode_gprs_timer(0x6F, kTimer3), NasTimerValue::of(30 * kSecond));
  EXPECT_EQ(decode_gprs_timer(0x84, kTimer3), NasTimerValue::of(2 * kMinute));
  EXPECT_EQ(decode_gprs_timer(0xA7, kTimer3), NasTimerValue::of(7 * kMinute));
  EXPECT_EQ(decode_gprs_timer(0xC1, kTimer3), NasTimerValue::of(320 * kHour));
  EXPECT_EQ(decode_gprs_timer(0xE5, kTimer3), NasTimerValue::off());
}

TEST(GprsTimer, EncodesInTheFinestUnitThatHoldsTheValue) {
  EXPECT_EQ(encode_gprs_timer(NasTimerValue::of(54 * kMinute), kTimer), 0x49);
  EXPECT_EQ(encode_gprs_timer(NasTimerValue::of(62 * kSecond), kTimer), 0x1F);
  EXPECT_EQ(encode_gprs_timer(NasTimerValue::of(64 * kSecond + 56 * kSecond), kTimer), 0x22);
  EXPECT_EQ(encode_gprs_timer(NasTimerValue::of(30 * kMinute), kTimer), 0x3E);
}

TEST(GprsTimer, EncodeRoundTripsEveryOctet) {
  for (int o = 0; o < 256; ++o) {
    const auto octet = static_cast<std::uint8_t>(o);
    for (const auto kind : {kTimer, kTimer3}) {
      const NasTimerValue v = decode_gprs_timer(octet, kind);
      EXPECT_EQ(decode_gprs_timer(encode_gprs_timer(v, kind), kind), v) << o;
    }
  }
  EXPECT_EQ(encode_gprs_timer(NasTimerValue::of(24 * kHour), kTimer3), 0x38);
  EXPECT_EQ(encode_gprs_timer(NasTimerValue::of(320 * kHour), kTimer3), 0xC1);
  EXPECT_EQ(encode_gprs_timer(NasTimerValue::of(2 * kSecond), kTimer3), 0x61);
  EXPECT_EQ(encode_gprs_timer(NasTimerValue::off(), kTimer3), 0xE0);
}

TEST(GprsTimer, RefusesDurationsNoUnitSays) {
  EXPECT_THROW(encode_gprs_timer(NasTimerValue::of(3 * kSecond), kTimer), NetworkIeError);
  EXPECT_THROW(encode_gprs_timer(NasTimerValue::of(4 * kHour), kTimer), NetworkIeError);  // > 31 decihours
  EXPECT_THROW(encode_gprs_timer(NasTimerValue::of(-kSecond), kTimer), NetworkIeError);
  EXPECT_THROW(encode_gprs_timer(NasTimerValue::of(kSecond), kTimer3), NetworkIeError);
  EXPECT_THROW(encode_gprs_timer(NasTimerValue::of(gprs_timer_max(kTimer3) + 320 * kHour), kTimer3), NetworkIeError);
  EXPECT_EQ(gprs_timer_max(kTimer), 186 * kMinute);
  EXPECT_EQ(encode_gprs_timer(NasTimerValue::of(gprs_timer_max(kTimer)), kTimer), 0x5F);
}

TEST(GprsTimer, TheIesOfAttachAccept) {
  // T3412 extended value 24 h: IEI 5E, length 1, 0x38.
  const auto ext = encode_gprs_timer_ie(kIeiT3412Extended, NasTimerValue::of(24 * kHour), kTimer3);
  EXPECT_EQ(ext, (std::array<std::uint8_t, 3>{0x5E, 0x01, 0x38}));
  std::size_t used = 0;
  EXPECT_EQ(decode_gprs_timer_ie(ext, kIeiT3412Extended, kTimer3, used), NasTimerValue::of(24 * kHour));
  EXPECT_EQ(used, 3u);
  // T3324 (GPRS timer 2) 2 minutes: 6A 01 22.
  const std::uint8_t t3324[] = {0x6A, 0x01, 0x22, 0xFF};
  EXPECT_EQ(decode_gprs_timer_ie(t3324, kIeiT3324, kTimer, used), NasTimerValue::of(2 * kMinute));
  EXPECT_EQ(used, 3u);
}

TEST(GprsTimer, MalformedIesAreRefusedWithTheReason) {
  std::size_t used = 0;
  const std::uint8_t empty_length[] = {0x5E, 0x00};
  const std::uint8_t long_length[] = {0x5E, 0x02, 0x38, 0x00};
  const std::uint8_t wrong_iei[] = {0x5F, 0x01, 0x38};
  const std::uint8_t no_value[] = {0x5E, 0x01};
  const std::uint8_t only_iei[] = {0x5E};
  try {
    decode_gprs_timer_ie(empty_length, kIeiT3412Extended, kTimer3, used);
    FAIL();
  } catch (const NetworkIeError& e) {
    EXPECT_STREQ(e.what(), "GPRS timer 3: length 0, expected 1");
  }
  EXPECT_THROW(decode_gprs_timer_ie(long_length, kIeiT3412Extended, kTimer3, used), NetworkIeError);
  try {
    decode_gprs_timer_ie(wrong_iei, kIeiT3412Extended, kTimer3, used);
    FAIL();
  } catch (const NetworkIeError& e) {
    EXPECT_STREQ(e.what(), "GPRS timer 3: IEI 0x5F, expected 0x5E");
  }
  EXPECT_THROW(decode_gprs_timer_ie(no_value, kIeiT3412Extended, kTimer3, used), NetworkIeError);
  EXPECT_THROW(decode_gprs_timer_ie(only_iei, kIeiT3412Extended, kTimer3, used), NetworkIeError);
}

TEST(EdrxParameters, CyclesAndWindowsOfBothModes) {
  // §10.5.5.32: 0101 = 81.92 s (8 hyperframes), PTW 0000 = 1.28 s in WB-S1.
  const EdrxTiming wb = edrx_timing(decode_edrx_octet(0x05), S1Mode::WbS1);
  EXPECT_EQ(wb.cycle, 81'920 * kMs);
  EXPECT_EQ(wb.cycle_hyperframes, 8u);
  EXPECT_EQ(wb.paging_time_window, 1'280 * kMs);
  // 0010 = 20.48 s; PTW 0011 = 4 x 2.56 s in NB-S1.
  const EdrxTiming nb = edrx_timing(decode_edrx_octet(0x32), S1Mode::NbS1);
  EXPECT_EQ(nb.cycle, 20'480 * kMs);
  EXPECT_EQ(nb.cycle_hyperframes, 2u);
  EXPECT_EQ(nb.paging_time_window, 10'240 * kMs);
  // The longest, NB-S1 only: 10485.76 s, 1024 hyperframes; PTW 1111 = 40.96 s.
  const EdrxTiming longest = edrx_timing(decode_edrx_octet(0xFF), S1Mode::NbS1);
  EXPECT_EQ(longest.cycle, 10'485'760 * kMs);
  EXPECT_EQ(longest.cycle_hyperframes, 1024u);
  EXPECT_EQ(longest.paging_time_window, 40'960 * kMs);
  // 5.12 s: half a hyperframe, §7.1 with T = 512.
  const EdrxTiming shortest = edrx_timing(decode_edrx_octet(0x00), S1Mode::WbS1);
  EXPECT_EQ(shortest.cycle, 5'120 * kMs);
  EXPECT_EQ(shortest.cycle_hyperframes, 0u);
  EXPECT_EQ(edrx_timing({0x4, 0}, S1Mode::WbS1).cycle_hyperframes, 6u);
  EXPECT_EQ(edrx_timing({0xD, 0}, S1Mode::WbS1).cycle, 2'621'440 * kMs);
}

TEST(EdrxParameters, ValuesOfTheOtherModeAreRefused) {
  for (const std::uint8_t v : {0x0, 0x1, 0x4, 0x6, 0x7, 0x8}) {
    EXPECT_THROW(edrx_timing({v, 0}, S1Mode::NbS1), NetworkIeError) << int(v);
    EXPECT_NO_THROW(edrx_timing({v, 0}, S1Mode::WbS1));
  }
  for (const std::uint8_t v : {0xE, 0xF}) {
    EXPECT_THROW(edrx_timing({v, 0}, S1Mode::WbS1), NetworkIeError) << int(v);
    EXPECT_NO_THROW(edrx_timing({v, 0}, S1Mode::NbS1));
  }
  try {
    edrx_timing({0xF, 0}, S1Mode::WbS1);
    FAIL();
  } catch (const NetworkIeError& e) {
    EXPECT_STREQ(e.what(), "Extended DRX parameters: eDRX value 15 is not applicable in WB-S1 mode");
  }
  EXPECT_THROW(edrx_timing({16, 0}, S1Mode::WbS1), NetworkIeError);
}

TEST(EdrxParameters, EncodesTheIeAndFindsValuesForDurations) {
  EXPECT_EQ(encode_edrx_ie({0x5, 0x3}), (std::array<std::uint8_t, 3>{0x6E, 0x01, 0x35}));
  std::size_t used = 0;
  const std::uint8_t ie[] = {0x6E, 0x01, 0x35};
  EXPECT_EQ(decode_edrx_ie(ie, used), (EdrxParameters{0x5, 0x3}));
  EXPECT_EQ(used, 3u);
  EXPECT_EQ(edrx_value_for(10'485'760 * kMs, S1Mode::NbS1), 0xF);
  EXPECT_EQ(edrx_value_for(81'920 * kMs, S1Mode::WbS1), 0x5);
  EXPECT_THROW(edrx_value_for(10'485'760 * kMs, S1Mode::WbS1), NetworkIeError);
  EXPECT_THROW(edrx_value_for(30 * kSecond, S1Mode::WbS1), NetworkIeError);
  EXPECT_EQ(ptw_value_for(2'560 * kMs, S1Mode::WbS1), 1);
  EXPECT_EQ(ptw_value_for(2'560 * kMs, S1Mode::NbS1), 0);
  EXPECT_THROW(ptw_value_for(3 * kSecond, S1Mode::NbS1), NetworkIeError);
  EXPECT_THROW(ptw_value_for(45 * kSecond, S1Mode::NbS1), NetworkIeError);
  const std::uint8_t bad_length[] = {0x6E, 0x02, 0x35, 0x00};
  const std::uint8_t bad_iei[] = {0x6A, 0x01, 0x35};
  const std::uint8_t truncated[] = {0x6E, 0x01};
  EXPECT_THROW(decode_edrx_ie(bad_length, used), NetworkIeError);
  EXPECT_THROW(decode_edrx_ie(bad_iei, used), NetworkIeError);
  EXPECT_THROW(decode_edrx_ie(truncated, used), NetworkIeError);
}

}  // namespace test_gprs_timer
