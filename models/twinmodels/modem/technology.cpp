#include "twinmodels/modem/technology.hpp"

namespace twinmodels::modem {

const char* to_string(Technology t) {
  switch (t) {
    case Technology::Gsm: return "GSM";
    case Technology::LteCat1: return "LTE Cat-1";
    case Technology::LteM: return "LTE-M";
    case Technology::NbIot: return "NB-IoT";
  }
  return "?";
}

TechnologyTimings default_timings(Technology t) {
  TechnologyTimings x;
  x.technology = t;
  switch (t) {
    case Technology::Gsm:
      x.rrc_setup_ms = 250;     // our estimate (RACH + immediate assignment on SDCCH)
      x.nas_message_ms = 250;   // our estimate
      x.attach_guard_s = 15;    // TS 24.008 Table 11.3a: T3310 15 s
      x.attach_retry_s = 15;    // TS 24.008 Table 11.3a: T3311 15 s
      x.attach_backoff_s = 720; // TS 24.008 Table 11.3a: T3302 12 min default
      x.attach_attempts_max = 5;  // TS 24.008 §4.7.3.1.5
      x.psm_supported = true;   // TS 24.008 §4.7.2.8 (PSM for GPRS, Rel-12)
      x.edrx_supported = false; // eDRX on GERAN is EC-GSM-IoT only (TS 43.064)
      x.sms = SmsTransport::CsGprs;
      x.cat_access_technology = 0x00;  // TS 102 223 §8.61: GSM
      break;
    case Technology::LteCat1:
      x.rrc_setup_ms = 80;      // TR 36.913 §7.1: idle to active < 100 ms
      x.nas_message_ms = 50;    // our estimate
      x.attach_guard_s = 15;    // TS 24.301 Table 10.2.1: T3410
      x.attach_retry_s = 10;    // T3411
      x.attach_backoff_s = 720; // T3402
      x.attach_attempts_max = 5;  // TS 24.301 §5.5.1.2.6
      x.psm_supported = true;
      x.edrx_supported = true;
      x.sms = SmsTransport::SgsOrNas;
      x.cat_access_technology = 0x08;  // E-UTRAN
      break;
    case Technology::LteM:
      x.rrc_setup_ms = 300;     // our estimate (CE mode A repetitions)
      x.nas_message_ms = 150;   // our estimate
      x.attach_guard_s = 85;    // TS 24.301 Table 10.2.1: T3410 85 s in WB-S1/CE mode
      x.attach_retry_s = 10;
      x.attach_backoff_s = 720;
      x.attach_attempts_max = 5;
      x.psm_supported = true;
      x.edrx_supported = true;
      x.sms = SmsTransport::SgsOrNas;
      x.cat_access_technology = 0x08;  // E-UTRAN
      break;
    case Technology::NbIot:
      x.rrc_setup_ms = 1000;    // our estimate (NPRACH, repetitions at CE level 0)
      x.nas_message_ms = 500;   // our estimate
      x.attach_guard_s = 85;    // TS 24.301 §4.7: NB-S1 mode uses the extended value
      x.attach_retry_s = 10;
      x.attach_backoff_s = 720;
      x.attach_attempts_max = 5;
      x.psm_supported = true;
      x.edrx_supported = true;
      x.sms = SmsTransport::NasOnly;
      x.cat_access_technology = 0x08;  // E-UTRAN (NB-S1 is E-UTRAN for the toolkit here)
      break;
  }
  return x;
}

}  // namespace twinmodels::modem
