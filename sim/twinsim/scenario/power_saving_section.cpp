// populations[i].power_saving: the PSM and eDRX timers the network grants a
// modem population. The profile is built the way the MME sends it, through
// the IEs of ATTACH ACCEPT (TS 24.301 §8.2.1), so only values a network can
// encode load, and the model's own decoder (power_saving_from_ies) checks
// the rest.
#include <array>
#include <charconv>
#include <optional>
#include <string>
#include <vector>

#include "twinmodels/network/ie_error.hpp"
#include "twinsim/scenario/scenario_sections.hpp"
#include "twinsim/scenario/scenario_values.hpp"

namespace twinsim {

namespace {

using twinmodels::GprsTimerKind;
using twinmodels::NasTimerValue;
using twinmodels::NetTime;
using twinmodels::NetworkIeError;
using twinmodels::S1Mode;

twinmodels::S1Mode mode_of(ModemProfile modem) { return modem == ModemProfile::NbIot ? S1Mode::NbS1 : S1Mode::WbS1; }

// TS 36.304 §7.1: P-RNTI goes on NPDCCH (NB-IoT), MPDCCH (LTE-M), PDCCH.
twinmodels::PagingChannel channel_of(ModemProfile modem) {
  switch (modem) {
    case ModemProfile::NbIot: return twinmodels::PagingChannel::Npdcch;
    case ModemProfile::LteM: return twinmodels::PagingChannel::Mpdcch;
    default: return twinmodels::PagingChannel::Pdcch;
  }
}

const char* mode_name(S1Mode mode) { return mode == S1Mode::NbS1 ? "NB-S1 (nb-iot)" : "WB-S1"; }

// A time as scenarios write it, in the unit that says it shortest: 5.12s, 54min.
std::string time_text(NetTime t) {
  struct Unit {
    NetTime us;
    const char* name;
  };
  for (const Unit u : {Unit{twinmodels::kHour, "h"}, Unit{twinmodels::kMinute, "min"}}) {
    if (t >= u.us && t % u.us == 0) return std::to_string(t / u.us) + u.name;
  }
  char text[32];
  const auto end = std::to_chars(text, text + sizeof text, static_cast<double>(t) / twinmodels::kSecond).ptr;
  return std::string(text, end) + "s";
}

// A NAS timer: a duration, or `off` for deactivated.
NasTimerValue read_timer(const YamlField& f) {
  if (f.node().IsScalar()) {
    const std::string& t = f.text();
    if (t == "off") return NasTimerValue::off();
    // A word here is a misspelt `off`; numbers get the duration's messages.
    if (!t.empty() && ((t[0] >= 'a' && t[0] <= 'z') || (t[0] >= 'A' && t[0] <= 'Z')))
      f.fail("expected a duration (e.g. 10s) or 'off' (deactivated), found '" + t + "'");
  }
  return NasTimerValue::of(read_net_time(f));
}

// TS 24.301 §5.3.11, §8.2.1.18: T3324 travels as GPRS timer 2 (TS 24.008
// §10.5.7.4). Deactivated: the IE is left out, so no PSM.
std::optional<std::array<std::uint8_t, 3>> t3324_ie(const YamlField& f, NasTimerValue v) {
  if (v.deactivated) return std::nullopt;
  try {
    return twinmodels::encode_gprs_timer_ie(twinmodels::kIeiT3324, v, GprsTimerKind::Timer);
  } catch (const NetworkIeError& e) {
    f.fail("'" + f.text() +
           "' cannot be granted: T3324 is a GPRS timer 2 (TS 24.008 §10.5.7.4), 0 to 31 times 2s, 1min or 6min "
           "(at most 3h6min) [" +
           e.what() + "]");
  }
}

// TS 24.301 §5.3.5: a UE without extended periodic timer support reads only
// the T3412 value octet; the network puts there the longest GPRS timer value
// not beyond the extended one, so such a UE's periodic TAU comes no later.
std::uint8_t legacy_t3412_octet(NetTime granted) {
  std::uint8_t best = 0;
  NetTime best_duration = -1;
  for (unsigned unit = 0; unit <= 2; ++unit) {
    for (unsigned value = 0; value <= 31; ++value) {
      const auto octet = static_cast<std::uint8_t>(unit << 5 | value);
      const NetTime d = twinmodels::decode_gprs_timer(octet, GprsTimerKind::Timer).duration;
      if (d <= granted && d > best_duration) {
        best = octet;
        best_duration = d;
      }
    }
  }
  return best;
}

struct T3412Ies {
  std::uint8_t octet = 0;
  std::optional<std::array<std::uint8_t, 3>> extended;
};

// TS 24.301 §8.2.1.2, §8.2.1.21: the T3412 value octet (GPRS timer) when it
// holds the value; otherwise the T3412 extended value IE (GPRS timer 3, TS
// 24.008 §10.5.7.4a), which a UE that supports it uses instead (§5.3.5).
T3412Ies t3412_ies(const YamlField& f, NasTimerValue v) {
  T3412Ies ies;
  try {
    ies.octet = twinmodels::encode_gprs_timer(v, GprsTimerKind::Timer);
    return ies;
  } catch (const NetworkIeError&) {
  }
  try {
    ies.extended = twinmodels::encode_gprs_timer_ie(twinmodels::kIeiT3412Extended, v, GprsTimerKind::Timer3);
  } catch (const NetworkIeError& e) {
    f.fail("'" + f.text() +
           "' cannot be granted: T3412 is a GPRS timer (0 to 31 times 2s, 1min or 6min, TS 24.008 §10.5.7.3) or a "
           "T3412 extended value (0 to 31 times 2s, 30s, 1min, 10min, 1h, 10h or 320h, §10.5.7.4a) [" +
           e.what() + "]");
  }
  ies.octet = legacy_t3412_octet(v.duration);
  return ies;
}

// The values a field of the Extended DRX parameters IE takes in `mode`.
std::string edrx_cycles(S1Mode mode) {
  std::vector<std::string> cycles;
  for (std::uint8_t v = 0; v < 16; ++v) {
    try {
      cycles.push_back(time_text(twinmodels::edrx_timing({v, 0}, mode).cycle));
    } catch (const NetworkIeError&) {
    }
  }
  return join_words(cycles);
}

// TS 24.008 §10.5.5.32 (S1 mode): the Extended DRX parameters IE, and the
// PTW checked against the cycles it must fit.
std::array<std::uint8_t, 3> edrx_ie(const YamlSection& m, S1Mode mode, std::uint32_t drx_frames) {
  const YamlField cycle_field = m.need("cycle");
  const YamlField ptw_field = m.need("ptw");
  const NetTime cycle = read_net_time(cycle_field);
  const NetTime ptw = read_net_time(ptw_field);
  twinmodels::EdrxParameters p;
  try {
    p.edrx_value = twinmodels::edrx_value_for(cycle, mode);
  } catch (const NetworkIeError&) {
    cycle_field.fail("no eDRX cycle of " + cycle_field.text() + " in " + mode_name(mode) +
                     " mode (TS 24.008 §10.5.5.32; allowed: " + edrx_cycles(mode) + ")");
  }
  const NetTime unit = mode == S1Mode::NbS1 ? 2560 * twinmodels::kMs : 1280 * twinmodels::kMs;
  try {
    p.ptw_value = twinmodels::ptw_value_for(ptw, mode);
  } catch (const NetworkIeError&) {
    ptw_field.fail("no paging time window of " + ptw_field.text() + " in " + mode_name(mode) +
                   " mode (TS 24.008 §10.5.5.32: " + time_text(unit) + " to " + time_text(16 * unit) + " in steps of " +
                   time_text(unit) + ")");
  }
  const twinmodels::EdrxTiming timing = twinmodels::edrx_timing(p, mode);
  // TS 36.304 §7.3: the 5.12 s cycle is regular DRX with T = 512; a PTW
  // applies to the longer ones only.
  if (timing.cycle_hyperframes != 0) {
    if (ptw > cycle)
      ptw_field.fail("the paging time window " + ptw_field.text() + " is longer than the eDRX cycle " +
                     cycle_field.text());
    // A window shorter than the DRX cycle misses the paging frame of some
    // UEs in every hyperframe it opens in: they could never be paged.
    if (ptw < NetTime{drx_frames} * twinmodels::kRadioFrame)
      ptw_field.fail("the paging time window " + ptw_field.text() + " is shorter than the DRX cycle " +
                     time_text(NetTime{drx_frames} * twinmodels::kRadioFrame) +
                     ": some devices would have no paging occasion in it (TS 36.304 §7.3)");
  }
  return twinmodels::encode_edrx_ie(p);
}

// TS 36.331 PCCH-Config defaultPagingCycle rf32..rf256; PCCH-Config-NB also
// rf512, rf1024.
std::uint32_t read_drx_cycle(const YamlField& f, ModemProfile modem) {
  const NetTime t = read_net_time(f);
  const bool nb = modem == ModemProfile::NbIot;
  const bool whole_frames = t % twinmodels::kRadioFrame == 0 && t <= 1024 * twinmodels::kRadioFrame;
  const std::uint32_t frames = whole_frames ? static_cast<std::uint32_t>(t / twinmodels::kRadioFrame) : 0;
  const bool ok =
      frames == 32 || frames == 64 || frames == 128 || frames == 256 || (nb && (frames == 512 || frames == 1024));
  if (!ok) {
    f.fail("no paging cycle of " + f.text() + " (TS 36.331 defaultPagingCycle; allowed: 0.32s, 0.64s, 1.28s, 2.56s" +
           (nb ? ", 5.12s, 10.24s" : "; 5.12s and 10.24s with nb-iot only") + ")");
  }
  return frames;
}

}  // namespace

twinmodels::PowerSavingProfile read_power_saving(const YamlField& population, const std::optional<YamlSection>& m,
                                                 ModemProfile modem) {
  const S1Mode mode = mode_of(modem);
  twinmodels::PagingConfig paging;
  paging.channel = channel_of(modem);
  NasTimerValue t3324 = NasTimerValue::off();
  NasTimerValue t3412 = NasTimerValue::of(54 * twinmodels::kMinute);  // TS 24.301 §10.2 default
  std::optional<std::array<std::uint8_t, 3>> t3324_bytes;
  T3412Ies t3412_bytes{twinmodels::encode_gprs_timer(t3412, GprsTimerKind::Timer), std::nullopt};
  std::optional<std::array<std::uint8_t, 3>> edrx_bytes;
  if (m) {
    if (const auto f = m->find("drx_cycle")) paging.drx_cycle_frames = read_drx_cycle(*f, modem);
    if (const auto f = m->find("t3324")) {
      t3324 = read_timer(*f);
      t3324_bytes = t3324_ie(*f, t3324);
    }
    if (const auto f = m->find("t3412")) {
      t3412 = read_timer(*f);
      t3412_bytes = t3412_ies(*f, t3412);
    }
    if (const auto f = m->find("edrx")) {
      // TS 24.008 §10.5.5.32: the model has the S1-mode (E-UTRA) coding only.
      if (modem == ModemProfile::Gsm) f->fail("eDRX is modelled for E-UTRA only (S1 mode); modem gsm has none");
      edrx_bytes = edrx_ie(YamlSection(*f, {"cycle", "ptw"}), mode, paging.drx_cycle_frames);
    }
  }
  const auto view = [](const std::optional<std::array<std::uint8_t, 3>>& ie) -> std::optional<cardcore::ByteView> {
    if (!ie) return std::nullopt;
    return cardcore::ByteView(*ie);
  };
  try {
    return twinmodels::power_saving_from_ies(mode, paging, t3412_bytes.octet, view(t3412_bytes.extended),
                                             view(t3324_bytes), view(edrx_bytes));
  } catch (const NetworkIeError& e) {
    (m ? m->field() : population).fail(std::string("the network could not grant this power saving: ") + e.what());
  }
}

}  // namespace twinsim
