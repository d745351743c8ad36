#pragma once
// The radio access technology a modem uses and the timings the twin gives
// each one. Every value with its unit, default and source is in
// docs/MODELS.md ("The device modem"); the comments name the clause.
#include <cstdint>

namespace twinmodels::modem {

enum class Technology : std::uint8_t {
  Gsm,      // GERAN (GPRS attach, TS 24.008)
  LteCat1,  // E-UTRAN WB-S1 (EPS attach, TS 24.301)
  LteM,     // E-UTRAN WB-S1 with coverage enhancement (eMTC, Cat-M1)
  NbIot,    // E-UTRAN NB-S1 (Cat-NB1/NB2)
};

const char* to_string(Technology t);

// How MT/MO SMS reach the modem on this technology.
enum class SmsTransport : std::uint8_t {
  CsGprs,  // GSM: SMS over the CS domain or GPRS (TS 24.011, TS 23.060)
  SgsOrNas,  // EPS: SMS over SGs (combined attach, TS 23.272) or SMS over NAS
  NasOnly,   // NB-IoT: "SMS only" without combined CS attach (TS 23.272 Annex C, TS 24.301 §5.5.1.3)
};

struct TechnologyTimings {
  Technology technology = Technology::NbIot;
  // Radio connection set-up before the first NAS message (random access and
  // RRC connection establishment), milliseconds.
  std::uint32_t rrc_setup_ms = 0;
  // Sending one NAS message uplink and the network's processing until the
  // modem can act on the answer (attach request, authentication response,
  // SMS), milliseconds.
  std::uint32_t nas_message_ms = 0;
  // Attach guard timer (T3410 in EPS, T3310 for GPRS), seconds.
  std::uint32_t attach_guard_s = 0;
  // Attach retry timer after a failed attempt (T3411 / T3311), seconds.
  std::uint32_t attach_retry_s = 0;
  // Timer after the attempt counter reached its maximum (T3402 / T3302), seconds.
  std::uint32_t attach_backoff_s = 0;
  // Attempts before the long back-off (TS 24.301 §5.5.1.2.6, TS 24.008 §4.7.3.1.5).
  std::uint8_t attach_attempts_max = 0;
  bool psm_supported = false;   // power saving mode (TS 23.682 §4.5.4, TS 24.301 §5.3.11)
  bool edrx_supported = false;  // extended DRX (TS 23.682 §4.5.13)
  SmsTransport sms = SmsTransport::NasOnly;
  // The access technology of PROVIDE LOCAL INFORMATION (TS 102 223 §8.61).
  std::uint8_t cat_access_technology = 0;
  // Whether the modem stores EF.EPSLOCI (EPS) or EF.LOCI/EF.PSLOCI (GSM)
  // after an attach (TS 31.102 §4.2.91, §4.2.17, §4.2.23).
  bool eps() const { return technology != Technology::Gsm; }
};

// The defaults of docs/MODELS.md ("The device modem") for one technology.
TechnologyTimings default_timings(Technology t);

}  // namespace twinmodels::modem
