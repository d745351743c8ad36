#pragma once
// The kinds of rows of /events in the run file (index = value of the kind
// column). Append only: the order is part of the run-file schema.
#include <cstdint>
#include <string>
#include <vector>

namespace twinsim {

enum class EventKind : std::uint8_t {
  PowerOn,          // value: 0
  ImsiRead,         // value: 1 if the IMSI read back is the one personalized
  VectorRequested,  // value: 0; the request leaves with the next batch
  Authenticated,    // value: successful authentications of the device so far
  SyncFailure,      // value: 0; the card answered AUTS
  MacFailure,       // value: the card's status word
  ResyncFailed,     // value: 0; the HSS refused the AUTS
  Rejected,         // value: consecutive rejections; the HSS queue was full
  Wake,             // value: 0; periodic activity starts
  LocationStored,   // value: 1 ok / 0 the card refused the EF.EPSLOCI update
  CardError,        // value: the card's status word
  ResMismatch,      // value: 0; RES differs from XRES (network-side failure)
  PowerCycle,       // value: the fault's index; the device reboots (a power-cycle or brown-out fault)
  PowerLossArmed,   // value: the fault's index; power will fail at the card's next NVM program
  PowerLoss,        // value: the fault's index; power failed while the card programmed its NVM
  // Devices with the modem model (docs/MODELS.md, "The engine's use").
  AttachRequest,    // value: 1 when it names a GUTI, 0 the IMSI
  RrcRejected,      // value: ms until the device tries the cell again
  UnknownImsi,      // value: 0; the MME found no subscriber for the IMSI: ATTACH REJECT #8
  AuthRejected,     // value: 20 MAC failure, 21 synch failure again, 0 RES != XRES
  Connected,        // value: 0 attach, 1 periodic TAU, 2 own activity, 3 paged for MT SMS
  Released,         // value: 1 if it will enter PSM when T3324 runs out
  Detached,         // value: kDetachedByUe, kDetachedByNetwork, kDetachedLocally
  SmsSubmitted,     // value: the campaign's index
  SmsAttempt,       // value: the attempt's number
  SmsAbsent,        // value: the attempt's number; the MME found the device unreachable
  SmsDelivered,     // value: attempts it took
  SmsFailed,        // value: TP-ST
  SmsExpired,       // value: attempts made
  OtaPor,           // value: the write-card applet's result code; -1 no readable PoR
  ModemReportFirst, // value: the report's detail; kind = ModemReportFirst + the modem's ModemEvent
};

// The Detached row's values: the UE's own detach (switch-off); the
// network's, when the UE's DETACH ACCEPT reached the MME (TS 24.301
// §5.5.2.3); the MME's local detach of a UE it could not page (TS 23.401
// §5.3.8.1). The last two for a barred or withdrawn subscription.
inline constexpr std::int64_t kDetachedByUe = 0, kDetachedByNetwork = 1, kDetachedLocally = 2;

// The row kind of a modem report (twinmodels::modem::ModemEvent): from
// ModemReportFirst for the reports up to AuthenticationRejected; those
// added since (the emergency profile's) after the SM-DP's rows, so that no
// kind already written changes.
std::uint8_t modem_report_kind(std::uint8_t modem_event);

// The write module's outcomes (twinmodels::ota::WriteOutcome::Kind),
// after the modem reports' kinds: ota_retry (value: the attempts made),
// ota_done (the attempts it took), ota_failed (the last PoR's result, -1
// when none was readable).
std::uint8_t write_outcome_kind(std::uint8_t outcome);

// The SM-SR's rows (sm_sr_run.hpp), after the write module's: a function
// call's end — done, failed (the eUICC or the SM-SR refused it, or the
// platform failed inside), expired (no PoR after max_attempts), refused by
// the SM-SR's server (down, busy) — value: the campaign's index; and an
// eUICC notification it took (SGP.02 §4.1.1.11), value: its type. Then
// (their kinds after onelink_query's) POL2's Auto-Delete (SGP.02 Policy
// Rules; SmSr::kAutoDeleteCall): the SM-SR's own DeleteProfile of a profile
// disabled with that rule done, or failed (refused by the SM-SR's checks or
// the eUICC, or no PoR) — value: the profile's euicc.profiles index.
enum class SmSrEvent : std::uint8_t { Done, Failed, Expired, Refused, Notification, AutoDeleted, AutoDeleteFailed };
std::uint8_t smsr_event_kind(SmSrEvent e);
// Whether an SM-SR row's value is a campaign's index (the calls' ends).
inline bool campaign_event(SmSrEvent e) { return e <= SmSrEvent::Refused; }

// OneLink's rows (onelink_run.hpp), after the SM-SR's: an offline alert
// (value: seconds offline) and, at the end of the run, each followed card's
// diagnosis (value: twinmodels::platform::FaultReason).
enum class OneLinkEvent : std::uint8_t { Alert, Diagnosis };
std::uint8_t onelink_event_kind(OneLinkEvent e);
// OneLink's usage alert (a card's or its account's data in one billing
// period reached its limit; value: the bytes counted then), after the later
// modem reports.
std::uint8_t onelink_usage_alert_kind();
// The answer to a customer's query at OneLink (an onelink-query campaign,
// the source document §3.2.1's online status query and fault diagnosis;
// value: twinmodels::platform::FaultReason), after the usage alert.
std::uint8_t onelink_query_kind();
// A card's data in its account's billing period reached a level of the
// account's data plan (value: the level, in % of the quota), after the
// query's answer; then OneLink's customer API: a query request answered
// (the device: its first card; value: the cards it named) and one refused
// by OneLink's server or failed inside it (value: 1 down, 2 above the
// admission rate, 3 queue full, 4 failed inside).
std::uint8_t onelink_quota_alert_kind();
std::uint8_t onelink_query_request_kind();
std::uint8_t onelink_query_refused_kind();

// The network's detach of a barred subscriber (network_detach_cycle.cpp),
// after OneLink's query answers: the MME sends a DETACH REQUEST (value: its
// sending, 1 the first, 2-5 T3422's retransmissions, TS 24.301
// §5.5.2.3.5 a; at the MME's send time, also when the UE in PSM cannot be
// reached); the HSS sends an IDR or CLR again for want of its answer
// (value: the command code, 319 Insert Subscriber Data, 317 Cancel
// Location, TS 29.272 §7.2); the MME answers the HSS's Insert Subscriber
// Data lifting the barring (value: the IDA's result code, 2001
// DIAMETER_SUCCESS with the UE's context, 5001 DIAMETER_ERROR_USER_UNKNOWN
// without, TS 29.272 §5.2.2.1.2).
std::uint8_t detach_request_sent_kind();
std::uint8_t hss_resend_kind();
std::uint8_t isd_lift_kind();
// A device's own MO SMS (populations' activity_sms) the SMSC took (value:
// its number among its activity's, from 1), after POL2's Auto-Delete rows.
std::uint8_t sms_mo_kind();
// OneLink's SMS usage alert (a card's or its account's MO SMS in one
// billing period reached its limit; value: the SMS counted then).
std::uint8_t onelink_sms_alert_kind();
// A power-off fault switched the device off for good (value: the fault's
// index), after OneLink's SMS alerts.
std::uint8_t power_off_kind();
// The environment's wear of a card's NVM (card_wear.hpp), after power_off:
// a page program failed because the page is worn past its endurance (value:
// the page; the device's first only), a program failed because the card
// was outside its grade's temperature range (value: the temperature, °C,
// rounded), a page lost its charge (value: the page; the device's first
// retention loss).
std::uint8_t nvm_worn_out_kind();
std::uint8_t nvm_too_hot_kind();
std::uint8_t nvm_charge_lost_kind();

// The SMSC's crashes (`smsc` `crash`), after the wear's rows: the answer
// to a delivery attempt (RP-ACK or RP-ERROR with any PoR, or the MME's
// absent subscriber) that found the SMSC down or reached it after a
// restart it had not lived through — lost; the SMSC attempts the message
// again (value: the attempt's number) — and an MO SMS the MME could not
// forward because the SMSC was down: RP-ERROR cause 38 "Network out of
// order" to the device (TS 24.011 §8.2.5.4; value: the cause).
std::uint8_t sms_answer_lost_kind();
std::uint8_t sms_mo_refused_kind();

// The SM-DP's rows (sm_dp_run.hpp), after OneLink's: an ES2.DownloadProfile
// order's end — done (the profile installed, and enabled when the campaign
// asks), failed (refused by the SM-DP's checks, a failed step, or a failure
// inside the platform), refused by the SM-DP's server (down, busy) — value:
// the campaign's index.
enum class SmDpEvent : std::uint8_t { Done, Failed, Refused };
std::uint8_t smdp_event_kind(SmDpEvent e);

// Names by kind; the modem reports follow as "modem_<report>", then the
// write module's outcomes, ..., the SM-DP's, the later modem reports
// (event_kinds.cpp).
const std::vector<std::string>& event_kind_names();

}  // namespace twinsim
