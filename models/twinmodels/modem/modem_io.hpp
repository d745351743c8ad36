#pragma once
// What goes into and comes out of a Modem (modem.hpp), as plain values the
// engine and the network models exchange with it. Times are simulated
// milliseconds; every output carries the time it happens at.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <variant>

#include "cardcore/sms/address.hpp"
#include "cardcore/util/bytes.hpp"

namespace twinmodels::modem {

using cardcore::Bytes;

// ---------------------------------------------------------------- inputs

struct PowerOn {};
struct PowerOff {};   // orderly switch-off: detach, then card deactivation
struct BrownOut {};   // supply dip: the module resets, the card loses power at once
// Power saving mode (TS 24.301 §5.3.11): the UE's T3324 ran out and it goes
// to deep sleep, still registered; it leaves PSM for its periodic TAU or its
// own data. With ModemConfig::card_off_in_psm the modem deactivates the card
// in PSM and activates and initialises it again when it leaves.
struct EnterPsm {};
struct LeavePsm {};

// Network -> modem (TS 24.301 §8.2, TS 24.008 §9.4).
struct AuthenticationRequest {
  std::array<std::uint8_t, 16> rand{};
  std::array<std::uint8_t, 16> autn{};
};
struct AttachAccept {
  std::array<std::uint8_t, 3> plmn{0x64, 0xF0, 0x40};  // TS 24.008 §10.5.1.3 coding
  std::uint16_t tac = 0;        // TAC (EPS) or LAC/RAC (GSM)
  std::uint32_t cell_id = 0;    // 28-bit E-UTRAN cell identity, 16-bit GERAN CI
  std::uint32_t m_tmsi = 0;     // M-TMSI (EPS) or P-TMSI (GSM)
  std::uint16_t mme_group_id = 0;  // GUTI: MMEGI (TS 23.003 §2.8)
  std::uint8_t mme_code = 0;       // GUTI: MMEC
  std::uint8_t rac = 0;            // GSM: routing area code (TS 23.003 §4.2)
};
struct AttachReject {
  std::uint8_t emm_cause = 0;   // TS 24.301 §9.9.3.9
  // TS 24.301 §8.2.3 (ATTACH REJECT): the T3346 value IE (GPRS timer 2,
  // IEI '5F', TS 24.008 §10.5.7.4), its value octet; absent when the reject
  // carries none. Read with cause #22 congestion only (§5.5.1.2.5).
  std::optional<std::uint8_t> t3346;
};
// TS 24.301 §5.4.2.5: the network refused the UE's authentication (RES
// wrong, or a MAC or synch failure it would not repair).
struct AuthenticationReject {};
// The network's DETACH REQUEST (TS 24.301 §5.5.2.3, §8.2.11.2;
// twinmodels/network/detach_request.hpp decodes it): its detach type and
// its EMM cause, when it carries one. The UE answers DETACH ACCEPT and
// handles the cause per §5.5.2.3.2 (modem_detach.cpp).
struct NetworkDetach {
  bool reattach_required = false;  // TS 24.301 §5.5.2.3: detach type
  std::optional<std::uint8_t> emm_cause;
};
// TRACKING AREA UPDATE REJECT or SERVICE REJECT (TS 24.301 §8.2.28,
// §8.2.24) to the UE's periodic TAU or service request: an MME that holds
// no context for the UE answers #10 implicitly detached (§5.5.3.2.5,
// §5.6.1.5).
struct UpdateReject {
  std::uint8_t emm_cause = 10;
  bool service_request = false;  // SERVICE REJECT; else TRACKING AREA UPDATE REJECT
};
// An MT short message: the RP-DATA's RP-Originator address (the SC) and
// its RP-User-Data, an SMS-DELIVER TPDU (TS 24.011 §7.3.1.1).
struct MtSms {
  std::optional<cardcore::sms::Address> service_centre;
  Bytes tpdu;
};
// The network's answer to an MO SMS the modem sent (RP-ACK / RP-ERROR).
struct MoSmsResult {
  bool delivered = true;
  std::uint8_t rp_cause = 0;  // TS 24.011 §8.2.5.4, with RP-ERROR
};

// BIP (TS 102 223 §6.4.27-§6.4.31): bytes from the far end of the
// channel's connection, and its loss.
struct ChannelDataReceived {
  std::uint8_t channel = 1;
  Bytes data;
};
struct ChannelLinkDropped {
  std::uint8_t channel = 1;
};
// The connection OpenBearer asked for is up (its bearer, then the TCP
// handshake): the modem answers OPEN CHANNEL now (TS 102 223 §6.4.27,
// immediate link establishment).
struct ChannelLinkEstablished {
  std::uint8_t channel = 1;
};

// The modem's own timers, scheduled by ScheduleTimer outputs.
enum class ModemTimer : std::uint8_t {
  Restart,      // power up again after a brown-out or a card power loss
  AttachGuard,  // T3410 / T3310
  AttachRetry,  // T3411 / T3311, or T3402 / T3302 after the last attempt
  CardPoll,     // STATUS polling (TS 102 221 §14.5, TS 102 223 §6.4.6)
  CatTimer,     // toolkit timer `id` 1..8 (TS 102 223 §6.4.21)
  EnvelopeRetry,  // an ENVELOPE the card answered '93 00' (TS 31.111 §7.1.1)
  T3346,        // NAS back-off after ATTACH REJECT #22 (TS 24.301 §5.3.9, §5.5.1.2.5)
  LimitedServiceScan,  // the search for a suitable cell in limited service (TS 36.304 §5.2.8)
};
const char* to_string(ModemTimer t);

struct TimerExpired {
  ModemTimer timer = ModemTimer::Restart;
  std::uint8_t id = 0;
};

// The device's local enable (or disable) of the emergency profile (GSMA
// SGP.02 v3.1 "Emergency Profile"): an eCall module in a crash. The modem
// reaches the ISD-R on a logical channel (modem_emergency.cpp); the
// eUICC's REFRESH follows as for an ES5 EnableProfile.
struct LocalEmergencyProfile {
  bool enable = true;
};

using ModemInput = std::variant<PowerOn, PowerOff, BrownOut, EnterPsm, LeavePsm, AuthenticationRequest, AttachAccept,
                                AttachReject, AuthenticationReject, NetworkDetach, MtSms, MoSmsResult, TimerExpired, ChannelDataReceived,
                                ChannelLinkDropped, ChannelLinkEstablished, LocalEmergencyProfile, UpdateReject>;

// --------------------------------------------------------------- outputs

// Modem -> network.
struct SendAttachRequest {
  std::string imsi;                // the IMSI (digits); the identity when no valid GUTI is stored
  std::optional<std::uint32_t> m_tmsi;  // GUTI from EF.EPSLOCI / P-TMSI from EF.PSLOCI when valid
  std::uint16_t access_class = 0;  // EF.ACC (TS 31.102 §4.2.15)
};
struct SendAuthenticationResponse {
  Bytes res;  // RES, 4..16 bytes (TS 33.102 §6.3.3)
};
// TS 24.301 §5.4.2.6: AUTHENTICATION FAILURE, cause #20 MAC failure or #21
// synch failure (with AUTS).
struct SendAuthenticationFailure {
  std::uint8_t emm_cause = 20;
  std::optional<std::array<std::uint8_t, 14>> auts;
};
struct SendDetachRequest {
  bool switch_off = false;
};
// TS 24.301 §8.2.10.2: DETACH ACCEPT, the UE's answer to the network's
// DETACH REQUEST (§5.5.2.3.2).
struct SendDetachAccept {};
// TS 24.011 §7.3.3 RP-ACK with RP-User-Data (an SMS-DELIVER-REPORT, empty
// when the ack carries none).
struct SendRpAck {
  Bytes deliver_report;
};
// §7.3.4 RP-ERROR: RP-Cause and the SMS-DELIVER-REPORT (RP-ERROR form).
struct SendRpError {
  std::uint8_t rp_cause = 0;
  Bytes deliver_report;
};
// An MO short message (SEND SHORT MESSAGE): the RP destination (the SC) and
// the SMS-SUBMIT / SMS-COMMAND TPDU.
struct SendMoSms {
  std::optional<cardcore::sms::Address> service_centre;
  Bytes tpdu;
};
// An MT SMS for the device's application (not a data download).
struct DeliverToApplication {
  Bytes tpdu;
};
// BIP: the modem opens a connection for the card's channel (a packet data
// bearer, then a TCP/UDP client to the destination), sends bytes on it,
// closes it. The endpoint is the caller's.
struct OpenBearer {
  std::uint8_t channel = 1;
  std::uint8_t protocol = 0;   // TS 102 223 §8.59: '01' UDP client, '02' TCP client
  std::uint16_t port = 0;
  Bytes destination;           // §8.58 address octets (IPv4: 4, IPv6: 16)
  Bytes apn;                   // §8.70, empty: the default APN
  std::uint16_t buffer_size = 0;
};
struct SendChannelData {
  std::uint8_t channel = 1;
  Bytes data;
};
struct CloseBearer {
  std::uint8_t channel = 1;
};
struct ScheduleTimer {
  ModemTimer timer = ModemTimer::Restart;
  std::uint8_t id = 0;
};
struct CancelTimer {
  ModemTimer timer = ModemTimer::Restart;
  std::uint8_t id = 0;
};

// What the modem reports to the engine's records.
enum class ModemEvent : std::uint8_t {
  CardReady,          // USIM initialised; detail: MNC length
  CardFailed,         // the card is unusable (no ATR, no USIM, garbage); see ModemOutput::error
  PinRequired,        // PIN enabled and no PIN configured; detail: tries left
  PinRejected,        // the configured PIN was wrong; detail: tries left
  PinBlocked,         // PIN blocked: the modem stays unregistered
  HomePlmnForbidden,  // the home PLMN is in EF.FPLMN: no attach
  Registered,         // attach accepted; EF.(EPS)LOCI stored
  AttachRejected,     // detail: EMM cause
  AttachTimedOut,
  AuthMacFailure,     // the card refused the network (MAC failure)
  AuthSyncFailure,    // AUTS sent
  AuthCardError,      // AUTHENTICATE answered neither RES nor AUTS; detail: SW
  Deregistered,       // detail: the EMM cause of the network's DETACH REQUEST or update reject, 0 none
  CardPowerLost,      // PowerLoss during an NVM program: the card is unpowered
  Refresh,            // detail: REFRESH mode
  ProactiveCommand,   // detail: type of command (TS 102 223 §9.4)
  ProactiveUnsupported,  // a command answered "beyond terminal capabilities"; detail: type
  EnvelopeBusy,       // '93 00'
  MtSmsMalformed,     // RP-ERROR sent for an undecodable SMS-DELIVER
  SmsStored,          // a class 2 message stored in EF.SMS; detail: record number
  SmsStorageFull,     // a class 2 message refused: EF.SMS has no free record
  AuthenticationRejected,  // AUTHENTICATION REJECT: the USIM is invalid until switched off
  // LocalEmergencyProfile (SGP.02 v3.1 "Emergency Profile"): the ISD-R took
  // the local enable / disable (its REFRESH follows); or the card refused
  // it, detail: the status word ('6A88' no emergency profile, '6985'
  // enabled already or not enabled locally, '6A82' no ISD-R: not an eUICC;
  // 0: the card was not ready).
  EmergencyProfileEnabled,
  EmergencyProfileDisabled,
  EmergencyProfileRefused,
};
const char* to_string(ModemEvent e);

struct Report {
  ModemEvent event = ModemEvent::CardReady;
  std::uint16_t detail = 0;
};

using ModemAction = std::variant<SendAttachRequest, SendAuthenticationResponse, SendAuthenticationFailure,
                                 SendDetachRequest, SendDetachAccept, SendRpAck, SendRpError, SendMoSms, DeliverToApplication,
                                 OpenBearer, SendChannelData, CloseBearer, ScheduleTimer, CancelTimer, Report>;

struct ModemOutput {
  std::uint64_t at_ms = 0;
  ModemAction action;
  std::string error;  // CardFailed, MtSmsMalformed: why
};

}  // namespace twinmodels::modem
