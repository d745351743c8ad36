#pragma once
// What the eUICC keeps in its platform card's own EFs beside the GP
// registry (profiles/euicc-platform.prof, DF.EUICC '3F00/7F68'), read from
// and staged into the platform card's NVM. Staging writes go into the
// caller's open NVM transaction.
//
// EF.ISDP_ATTR, record n for registry record n (16 bytes):
//   0  attributes: b1 fall-back (SGP.02 §3.7), b2 emergency profile (ours);
//      'FF' an unused record
//   1  POL1 (sgp02.hpp pol1)
//   2  '01' a profile is installed, 'FF' none
//   3  ICCID of the installed profile, EF.ICCID coding (10 bytes)
//  13  non-volatile memory quota of CreateISDP's 'C8' (TS 102 226
//      §8.2.1.3.2), bytes, big-endian (3 bytes); 'FFFFFF' or 0: none.
//      CreateISDP without a quota leaves the free record ('FF': none).
// EF.EUICC_STATE (32 bytes, 'FF' = none):
//   0  next notification sequence number (2 bytes, SGP.02 §4.1.1.11 '4E')
//   2  pending notification: type (1), ISD-P registry record (1), sequence (2)
//   6  change awaiting connectivity: registry record to roll back to (1),
//      the notification type that success sends (1), the enabled record (1)
//   9  the emergency profile is enabled locally: the registry record to
//      return to when it is disabled (1)
// EF.SMSR_PARAMS: length (1), then the ES5.UpdateConnectivityParameters data.
// EF.ECASD (140 bytes): key curve (1, 'FF' none), SK.ECASD.ECKA (32), CI
//   curve (1), PK.CI.ECDSA (65), CI identifier length (1) and value (32),
//   production date year (2), month, day.
// EF.ECASD_CERT: length (2), CERT.ECASD.ECKA.
// EF.ISDP_KEYS, record n for registry record n (52 bytes): KVN ('FF' none),
//   K-ENC, K-MAC, K-DEK (16 bytes each), sequence counter (3 bytes).
// EF.EUICC_RESOURCES (8 bytes, from the factory, never written): the
//   non-volatile memory for profiles (4 bytes, big-endian), the volatile
//   memory for them (4 bytes).
// EF.SCP81_PSK, the ISD-R's TLS pre-shared keys for SCP81 (GP Amendment B),
//   2 records of 35 bytes (the factory SM-SR's, and at an SM-SR change the
//   new SM-SR's): key version ('FF' a free record), key identifier, PSK
//   length (16 or 32), PSK (32 bytes, 'FF' after a 16-byte one).
// EF.SCP81_CONFIG: the ISD-R's SCP81 session defaults (what a trigger
//   leaves out): length (2 bytes, 'FFFF' none), then the defaults coded as
//   the trigger codes them, GP Amendment B '81' administration session
//   triggering parameters (scp81/trigger.hpp: connection, security and HTTP
//   POST parameters, no retry policy).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "cardcore/ecasd/certificate_date.hpp"
#include "cardcore/ecasd/ec_keys.hpp"
#include "cardcore/gp/scp03_card_session.hpp"
#include "cardcore/scp81/session_config.hpp"
#include "cardcore/util/bytes.hpp"

namespace cardcore {
class Uicc;
}

namespace cardcore::euicc {

struct IsdpAttributes {
  bool fallback = false;
  bool emergency = false;
  std::uint8_t pol1 = 0;
  bool installed = false;
  Bytes iccid;  // 10 bytes EF.ICCID coding, empty when none
  // CreateISDP's 'C8' (bytes reserved for the ISD-P), nullopt when none;
  // at most kMaxQuota.
  std::optional<std::uint32_t> nonvolatile_quota;
};
// The largest quota the record's 3 bytes hold ('FFFFFF' means none).
inline constexpr std::uint32_t kMaxQuota = 0xFFFFFE;

struct PendingNotification {
  std::uint8_t type = 0;
  std::uint8_t record = 0;  // ISD-P registry record
  std::uint16_t sequence = 0;
};

struct AwaitedChange {
  std::uint8_t rollback_to = 0;  // registry record, 0: no roll-back (nothing was enabled)
  std::uint8_t success_notification = 0;
  std::uint8_t enabled = 0;      // the record enabled by the change
};

IsdpAttributes read_attributes(const Uicc& platform, std::uint8_t record);
void stage_attributes(Uicc& platform, std::uint8_t record, const IsdpAttributes& a);
void stage_free_attributes(Uicc& platform, std::uint8_t record);

std::uint16_t read_next_sequence(const Uicc& platform);
void stage_next_sequence(Uicc& platform, std::uint16_t next);
std::optional<PendingNotification> read_pending_notification(const Uicc& platform);
void stage_pending_notification(Uicc& platform, const std::optional<PendingNotification>& n);
// The record to return to after a local enable of the emergency profile;
// 0 when the emergency profile is not enabled locally.
std::uint8_t read_emergency_return(const Uicc& platform);
void stage_emergency_return(Uicc& platform, std::uint8_t record);
std::optional<AwaitedChange> read_awaited_change(const Uicc& platform);
void stage_awaited_change(Uicc& platform, const std::optional<AwaitedChange>& c);

Bytes read_smsr_parameters(const Uicc& platform);
void stage_smsr_parameters(Uicc& platform, ByteView parameters);  // at most 127 bytes

// The ISD-P's SCP03 key set (nullopt: none yet) and its sequence counter.
std::optional<gp::scp03::StaticKeys> read_isdp_keys(const Uicc& platform, std::uint8_t record);
void stage_isdp_keys(Uicc& platform, std::uint8_t record, const gp::scp03::StaticKeys& keys);  // counter 0
void stage_free_isdp_keys(Uicc& platform, std::uint8_t record);
std::uint32_t read_isdp_sequence(const Uicc& platform, std::uint8_t record);
void stage_isdp_sequence(Uicc& platform, std::uint8_t record, std::uint32_t sequence);

// What the ECASD holds (SGP.02 §2.2.1.3); nullopt before personalization.
struct EcasdData {
  ecasd::PrivateKey key;
  ecasd::PublicKey ci_public_key;
  Bytes ci_identifier;  // 1..32 bytes
  ecasd::CertificateDate production_date;
};
std::optional<EcasdData> read_ecasd(const Uicc& platform);
void stage_ecasd(Uicc& platform, const EcasdData& data);
Bytes read_ecasd_certificate(const Uicc& platform);  // empty: none
void stage_ecasd_certificate(Uicc& platform, ByteView certificate);

// The eUICC's memory for profiles (EF.EUICC_RESOURCES), in bytes.
struct ProfileMemory {
  std::uint32_t nonvolatile = 0;
  std::uint32_t volatile_bytes = 0;
};
ProfileMemory read_profile_memory(const Uicc& platform);

// One TLS pre-shared key of the ISD-R (EF.SCP81_PSK).
struct Scp81Psk {
  std::uint8_t record = 0;  // of EF.SCP81_PSK (1..)
  std::uint8_t key_version = 0;
  std::uint8_t key_id = 0;
  Bytes psk;  // 16 or 32 bytes
};
// The used records, in record order.
std::vector<Scp81Psk> read_scp81_psks(const Uicc& platform);
// The first free record; 0 when none is.
std::uint8_t free_scp81_psk_record(const Uicc& platform);
// Throws std::invalid_argument for a key version 'FF' or a PSK not of 16 or
// 32 bytes.
void stage_scp81_psk(Uicc& platform, const Scp81Psk& psk);
void stage_free_scp81_psk(Uicc& platform, std::uint8_t record);

// The ISD-R's SCP81 session defaults; nullopt when none were written.
std::optional<scp81::SessionDefaults> read_scp81_defaults(const Uicc& platform);
// Throws std::invalid_argument when the defaults do not fit the EF or do not
// come back the same from their coding (a value the trigger's decoder
// refuses).
void stage_scp81_defaults(Uicc& platform, const scp81::SessionDefaults& defaults);

Bytes read_eid(const Uicc& platform);  // 16 bytes
void stage_eid(Uicc& platform, ByteView eid);

}  // namespace cardcore::euicc
