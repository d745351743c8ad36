#include "cardcore/euicc/platform_records.hpp"

#include <algorithm>
#include <stdexcept>

#include "cardcore/card/uicc.hpp"
#include "cardcore/ecasd/curve.hpp"
#include "cardcore/scp81/trigger.hpp"

namespace cardcore::euicc {

namespace {

constexpr std::uint16_t kDfEuicc = 0x7F68;
constexpr std::uint16_t kEfEid = 0x6F01, kEfIsdpAttr = 0x6F02, kEfState = 0x6F03, kEfSmsrParams = 0x6F04,
                        kEfIsdpKeys = 0x6F05, kEfEcasd = 0x6F06, kEfEcasdCert = 0x6F07, kEfResources = 0x6F08,
                        kEfScp81Psk = 0x6F09, kEfScp81Config = 0x6F0A;
constexpr std::uint32_t kPskRecord = 35, kMaxPsk = 32;
constexpr std::uint32_t kKeysRecord = 52, kKeyBytes = 16, kSequenceAt = 49;
constexpr std::uint32_t kAttrRecord = 16, kIccidBytes = 10, kQuotaAt = 13;
constexpr std::uint32_t kSequence = 0, kPending = 2, kAwaited = 6, kEmergencyReturn = 9;
constexpr std::uint8_t kNone = 0xFF, kInstalled = 0x01;

const FileNode& ef(const Uicc& platform, std::uint16_t fid) {
  const std::optional<std::uint32_t> f = platform.profile().find_path({0x3F00, kDfEuicc, fid});
  if (!f) throw std::logic_error("euicc: the platform profile has no EF " + std::to_string(fid) + " in DF.EUICC");
  return platform.profile().files[*f];
}

Bytes read(const Uicc& platform, std::uint16_t fid, std::uint32_t offset, std::uint32_t n) {
  const FileNode& f = ef(platform, fid);
  Bytes out(n);
  platform.nvm().read(f.body_addr + offset, out);
  return out;
}

void stage(Uicc& platform, std::uint16_t fid, std::uint32_t offset, ByteView data) {
  platform.nvm().write(ef(platform, fid).body_addr + offset, data);
}

std::uint32_t record_offset(const Uicc& platform, std::uint16_t fid, std::uint32_t length, std::uint8_t record) {
  const FileNode& f = ef(platform, fid);
  if (record == 0 || record > f.record_count || f.record_length != length) {
    throw std::logic_error("euicc: no record " + std::to_string(record) + " of " + std::to_string(length) +
                           " bytes in EF " + std::to_string(fid));
  }
  return (record - 1u) * length;
}

std::uint32_t attr_offset(const Uicc& platform, std::uint8_t record) {
  return record_offset(platform, kEfIsdpAttr, kAttrRecord, record);
}

std::uint32_t be32(ByteView b) {
  std::uint32_t v = 0;
  for (std::uint8_t x : b) v = v << 8 | x;
  return v;
}

}  // namespace

IsdpAttributes read_attributes(const Uicc& platform, std::uint8_t record) {
  const Bytes r = read(platform, kEfIsdpAttr, attr_offset(platform, record), kAttrRecord);
  IsdpAttributes a;
  if (r[0] == kNone) return a;
  a.fallback = (r[0] & 0x01) != 0;
  a.emergency = (r[0] & 0x02) != 0;
  a.pol1 = r[1];
  a.installed = r[2] == kInstalled;
  if (a.installed) a.iccid.assign(r.begin() + 3, r.begin() + 3 + kIccidBytes);
  const std::uint32_t quota = be32(ByteView(r).subspan(kQuotaAt, 3));
  if (quota != 0 && quota != 0xFFFFFF) a.nonvolatile_quota = quota;
  return a;
}

void stage_attributes(Uicc& platform, std::uint8_t record, const IsdpAttributes& a) {
  Bytes r(kAttrRecord, kNone);
  r[0] = static_cast<std::uint8_t>((a.fallback ? 0x01 : 0x00) | (a.emergency ? 0x02 : 0x00));
  r[1] = a.pol1;
  if (a.installed) {
    if (a.iccid.size() != kIccidBytes) throw std::invalid_argument("euicc: an ICCID is 10 bytes");
    r[2] = kInstalled;
    std::copy(a.iccid.begin(), a.iccid.end(), r.begin() + 3);
  }
  if (a.nonvolatile_quota && *a.nonvolatile_quota != 0) {
    const std::uint32_t q = *a.nonvolatile_quota;
    if (q > kMaxQuota) throw std::invalid_argument("euicc: a memory quota over 3 bytes");
    r[kQuotaAt] = static_cast<std::uint8_t>(q >> 16);
    r[kQuotaAt + 1] = static_cast<std::uint8_t>(q >> 8);
    r[kQuotaAt + 2] = static_cast<std::uint8_t>(q);
  }
  stage(platform, kEfIsdpAttr, attr_offset(platform, record), r);
}

void stage_free_attributes(Uicc& platform, std::uint8_t record) {
  stage(platform, kEfIsdpAttr, attr_offset(platform, record), Bytes(kAttrRecord, kNone));
}

std::uint16_t read_next_sequence(const Uicc& platform) {
  const Bytes b = read(platform, kEfState, kSequence, 2);
  return static_cast<std::uint16_t>(b[0] << 8 | b[1]);
}

void stage_next_sequence(Uicc& platform, std::uint16_t next) {
  const std::uint8_t b[2] = {static_cast<std::uint8_t>(next >> 8), static_cast<std::uint8_t>(next)};
  stage(platform, kEfState, kSequence, b);
}

std::optional<PendingNotification> read_pending_notification(const Uicc& platform) {
  const Bytes b = read(platform, kEfState, kPending, 4);
  if (b[0] == kNone) return std::nullopt;
  return PendingNotification{b[0], b[1], static_cast<std::uint16_t>(b[2] << 8 | b[3])};
}

void stage_pending_notification(Uicc& platform, const std::optional<PendingNotification>& n) {
  Bytes b(4, kNone);
  if (n) b = {n->type, n->record, static_cast<std::uint8_t>(n->sequence >> 8), static_cast<std::uint8_t>(n->sequence)};
  stage(platform, kEfState, kPending, b);
}

std::uint8_t read_emergency_return(const Uicc& platform) {
  const std::uint8_t r = read(platform, kEfState, kEmergencyReturn, 1)[0];
  return r == kNone ? 0 : r;
}

void stage_emergency_return(Uicc& platform, std::uint8_t record) {
  const std::uint8_t b[1] = {record == 0 ? kNone : record};
  stage(platform, kEfState, kEmergencyReturn, b);
}

std::optional<AwaitedChange> read_awaited_change(const Uicc& platform) {
  const Bytes b = read(platform, kEfState, kAwaited, 3);
  if (b[1] == kNone) return std::nullopt;
  return AwaitedChange{b[0] == kNone ? std::uint8_t{0} : b[0], b[1], b[2]};
}

void stage_awaited_change(Uicc& platform, const std::optional<AwaitedChange>& c) {
  Bytes b(3, kNone);
  if (c) b = {c->rollback_to == 0 ? kNone : c->rollback_to, c->success_notification, c->enabled};
  stage(platform, kEfState, kAwaited, b);
}

Bytes read_smsr_parameters(const Uicc& platform) {
  const Bytes len = read(platform, kEfSmsrParams, 0, 1);
  const FileNode& f = ef(platform, kEfSmsrParams);
  if (len[0] == kNone || len[0] + 1u > f.size) return {};
  return read(platform, kEfSmsrParams, 1, len[0]);
}

void stage_smsr_parameters(Uicc& platform, ByteView parameters) {
  const FileNode& f = ef(platform, kEfSmsrParams);
  if (parameters.size() > 127 || parameters.size() + 1 > f.size) throw std::invalid_argument("euicc: SM-SR parameters too long");
  Bytes b{static_cast<std::uint8_t>(parameters.size())};
  b.insert(b.end(), parameters.begin(), parameters.end());
  stage(platform, kEfSmsrParams, 0, b);
}

std::optional<gp::scp03::StaticKeys> read_isdp_keys(const Uicc& platform, std::uint8_t record) {
  const Bytes r = read(platform, kEfIsdpKeys, record_offset(platform, kEfIsdpKeys, kKeysRecord, record), kKeysRecord);
  if (r[0] == kNone) return std::nullopt;
  gp::scp03::StaticKeys k;
  k.kvn = r[0];
  k.enc.assign(r.begin() + 1, r.begin() + 1 + kKeyBytes);
  k.mac.assign(r.begin() + 1 + kKeyBytes, r.begin() + 1 + 2 * kKeyBytes);
  k.dek.assign(r.begin() + 1 + 2 * kKeyBytes, r.begin() + 1 + 3 * kKeyBytes);
  return k;
}

void stage_isdp_keys(Uicc& platform, std::uint8_t record, const gp::scp03::StaticKeys& keys) {
  if (keys.kvn == kNone || keys.enc.size() != kKeyBytes || keys.mac.size() != kKeyBytes || keys.dek.size() != kKeyBytes) {
    throw std::invalid_argument("euicc: an ISD-P key set is a KVN other than 'FF' and three AES-128 keys");
  }
  Bytes r{keys.kvn};
  for (const Bytes* k : {&keys.enc, &keys.mac, &keys.dek}) r.insert(r.end(), k->begin(), k->end());
  r.insert(r.end(), {0x00, 0x00, 0x00});
  stage(platform, kEfIsdpKeys, record_offset(platform, kEfIsdpKeys, kKeysRecord, record), r);
}

void stage_free_isdp_keys(Uicc& platform, std::uint8_t record) {
  stage(platform, kEfIsdpKeys, record_offset(platform, kEfIsdpKeys, kKeysRecord, record), Bytes(kKeysRecord, kNone));
}

std::uint32_t read_isdp_sequence(const Uicc& platform, std::uint8_t record) {
  const Bytes b = read(platform, kEfIsdpKeys, record_offset(platform, kEfIsdpKeys, kKeysRecord, record) + kSequenceAt, 3);
  return static_cast<std::uint32_t>(b[0] << 16 | b[1] << 8 | b[2]);
}

void stage_isdp_sequence(Uicc& platform, std::uint8_t record, std::uint32_t sequence) {
  const std::uint8_t b[3] = {static_cast<std::uint8_t>(sequence >> 16), static_cast<std::uint8_t>(sequence >> 8),
                             static_cast<std::uint8_t>(sequence)};
  stage(platform, kEfIsdpKeys, record_offset(platform, kEfIsdpKeys, kKeysRecord, record) + kSequenceAt, b);
}

std::optional<EcasdData> read_ecasd(const Uicc& platform) {
  const Bytes b = read(platform, kEfEcasd, 0, 136);
  const std::optional<ecasd::Curve> curve = ecasd::curve_from_reference(b[0]);
  const std::optional<ecasd::Curve> ci_curve = ecasd::curve_from_reference(b[33]);
  if (!curve || !ci_curve || b[99] == 0 || b[99] > 32) return std::nullopt;
  try {
    std::optional<ecasd::PublicKey> ci = ecasd::make_public_key(*ci_curve, ByteView(b).subspan(34, 65));
    if (!ci) return std::nullopt;
    EcasdData d{ecasd::PrivateKey(*curve, ByteView(b).subspan(1, 32)), *ci, Bytes(b.begin() + 100, b.begin() + 100 + b[99]),
                ecasd::CertificateDate{static_cast<std::uint16_t>(b[132] << 8 | b[133]), b[134], b[135]}};
    return d;
  } catch (const std::invalid_argument&) {
    return std::nullopt;
  }
}

void stage_ecasd(Uicc& platform, const EcasdData& d) {
  if (d.ci_identifier.empty() || d.ci_identifier.size() > 32 || d.ci_public_key.point.size() != 65) {
    throw std::invalid_argument("euicc: ECASD data: a CI identifier of 1 to 32 bytes and a 65-byte point");
  }
  Bytes b(136, 0xFF);
  b[0] = static_cast<std::uint8_t>(d.key.curve());
  std::copy(d.key.scalar().begin(), d.key.scalar().end(), b.begin() + 1);
  b[33] = static_cast<std::uint8_t>(d.ci_public_key.curve);
  std::copy(d.ci_public_key.point.begin(), d.ci_public_key.point.end(), b.begin() + 34);
  b[99] = static_cast<std::uint8_t>(d.ci_identifier.size());
  std::copy(d.ci_identifier.begin(), d.ci_identifier.end(), b.begin() + 100);
  b[132] = static_cast<std::uint8_t>(d.production_date.year >> 8);
  b[133] = static_cast<std::uint8_t>(d.production_date.year);
  b[134] = d.production_date.month;
  b[135] = d.production_date.day;
  stage(platform, kEfEcasd, 0, b);
}

Bytes read_ecasd_certificate(const Uicc& platform) {
  const Bytes len = read(platform, kEfEcasdCert, 0, 2);
  const std::uint32_t n = static_cast<std::uint32_t>(len[0] << 8 | len[1]);
  if (n == 0xFFFF || n + 2 > ef(platform, kEfEcasdCert).size) return {};
  return read(platform, kEfEcasdCert, 2, n);
}

void stage_ecasd_certificate(Uicc& platform, ByteView certificate) {
  if (certificate.size() + 2 > ef(platform, kEfEcasdCert).size) throw std::invalid_argument("euicc: the ECASD certificate is too long");
  Bytes b{static_cast<std::uint8_t>(certificate.size() >> 8), static_cast<std::uint8_t>(certificate.size())};
  b.insert(b.end(), certificate.begin(), certificate.end());
  stage(platform, kEfEcasdCert, 0, b);
}

ProfileMemory read_profile_memory(const Uicc& platform) {
  const Bytes b = read(platform, kEfResources, 0, 8);
  return ProfileMemory{be32(ByteView(b).first(4)), be32(ByteView(b).subspan(4, 4))};
}

std::vector<Scp81Psk> read_scp81_psks(const Uicc& platform) {
  std::vector<Scp81Psk> out;
  const FileNode& f = ef(platform, kEfScp81Psk);
  for (std::uint8_t n = 1; n <= f.record_count; ++n) {
    const Bytes r = read(platform, kEfScp81Psk, record_offset(platform, kEfScp81Psk, kPskRecord, n), kPskRecord);
    if (r[0] == kNone || (r[2] != 16 && r[2] != 32)) continue;
    out.push_back(Scp81Psk{n, r[0], r[1], Bytes(r.begin() + 3, r.begin() + 3 + r[2])});
  }
  return out;
}

std::uint8_t free_scp81_psk_record(const Uicc& platform) {
  const FileNode& f = ef(platform, kEfScp81Psk);
  for (std::uint8_t n = 1; n <= f.record_count; ++n) {
    if (read(platform, kEfScp81Psk, record_offset(platform, kEfScp81Psk, kPskRecord, n), 1)[0] == kNone) return n;
  }
  return 0;
}

void stage_scp81_psk(Uicc& platform, const Scp81Psk& psk) {
  if (psk.key_version == kNone || (psk.psk.size() != 16 && psk.psk.size() != kMaxPsk)) {
    throw std::invalid_argument("euicc: an SCP81 PSK is a key version other than 'FF' and 16 or 32 bytes");
  }
  Bytes r(kPskRecord, kNone);
  r[0] = psk.key_version;
  r[1] = psk.key_id;
  r[2] = static_cast<std::uint8_t>(psk.psk.size());
  std::copy(psk.psk.begin(), psk.psk.end(), r.begin() + 3);
  stage(platform, kEfScp81Psk, record_offset(platform, kEfScp81Psk, kPskRecord, psk.record), r);
}

void stage_free_scp81_psk(Uicc& platform, std::uint8_t record) {
  stage(platform, kEfScp81Psk, record_offset(platform, kEfScp81Psk, kPskRecord, record), Bytes(kPskRecord, kNone));
}

namespace {

// The defaults as a trigger carries them (GP Amendment B Table 3-3).
scp81::AdminTrigger as_trigger(const scp81::SessionDefaults& d) {
  scp81::AdminTrigger t;
  if (!d.connection.empty()) t.connection = d.connection;
  t.security = d.security;
  if (d.http != scp81::HttpPostParams{}) t.http = d.http;
  return t;
}

}  // namespace

std::optional<scp81::SessionDefaults> read_scp81_defaults(const Uicc& platform) {
  const Bytes len = read(platform, kEfScp81Config, 0, 2);
  const std::uint32_t n = static_cast<std::uint32_t>(len[0] << 8 | len[1]);
  if (n == 0xFFFF || n + 2 > ef(platform, kEfScp81Config).size) return std::nullopt;
  const cat::Decoded<scp81::AdminTrigger> t = scp81::decode_admin_trigger(read(platform, kEfScp81Config, 2, n));
  if (!t.ok()) return std::nullopt;
  return scp81::SessionDefaults{t.value.connection.value_or(scp81::ConnectionParams{}), t.value.security,
                                t.value.http.value_or(scp81::HttpPostParams{})};
}

void stage_scp81_defaults(Uicc& platform, const scp81::SessionDefaults& defaults) {
  const Bytes coded = scp81::encode(as_trigger(defaults));
  if (coded.size() + 2 > ef(platform, kEfScp81Config).size) throw std::invalid_argument("euicc: the SCP81 defaults are too long");
  const cat::Decoded<scp81::AdminTrigger> back = scp81::decode_admin_trigger(coded);
  if (!back.ok() || back.value != as_trigger(defaults)) {
    throw std::invalid_argument(std::string("euicc: the SCP81 defaults do not decode back: ") + (back.ok() ? "other values" : back.error));
  }
  Bytes b{static_cast<std::uint8_t>(coded.size() >> 8), static_cast<std::uint8_t>(coded.size())};
  b.insert(b.end(), coded.begin(), coded.end());
  stage(platform, kEfScp81Config, 0, b);
}

Bytes read_eid(const Uicc& platform) { return read(platform, kEfEid, 0, 16); }

void stage_eid(Uicc& platform, ByteView eid) {
  if (eid.size() != 16) throw std::invalid_argument("euicc: an EID is 16 bytes");
  stage(platform, kEfEid, 0, eid);
}

}  // namespace cardcore::euicc
