#include "cardcore/applet/write_card.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <stdexcept>

#include "cardcore/applet/subscription_files.hpp"
#include "cardcore/applet/write_card_format.hpp"
#include "cardcore/card/uicc.hpp"
#include "cardcore/tlv/ber_tlv.hpp"

namespace cardcore::applet {

namespace {

using namespace write_card;

constexpr std::size_t kHeader = 8;
constexpr std::uint8_t kFormat = 0x01;

// The fields a write may carry, in the order they are kept.
constexpr std::array<std::uint8_t, 10> kFields = {kImsi, kK, kOpc, kMsisdn, kSmsp, kPlmnWact, kOplmnWact, kHplmnWact,
                                                  kFplmn, kIccid};

// TS 102 223 §8.6: the REFRESH modes that need no file list.
bool refresh_mode_ok(std::uint8_t m) { return m == 0x00 || (m >= 0x03 && m <= 0x06) || m == kNoRefresh; }

std::optional<std::uint32_t> data_file(const Uicc& card, ByteView params) {
  if (params.size() < 2 || params.size() % 2 != 0) return std::nullopt;
  std::vector<std::uint16_t> path;
  for (std::size_t i = 0; i < params.size(); i += 2) path.push_back(static_cast<std::uint16_t>(params[i] << 8 | params[i + 1]));
  const auto f = card.profile().find_path(path);
  if (!f) return std::nullopt;
  const FileNode& n = card.node(*f);
  if (n.type != FileType::EF || n.structure != EfStructure::Transparent || n.size < WriteCardModule::kMinDataSize) {
    return std::nullopt;
  }
  return f;
}

struct State {
  std::uint32_t write_id = 0;
  Bytes backup;  // TLVs; empty: none kept
};

State read_state(const Uicc& card, const FileNode& f) {
  std::array<std::uint8_t, kHeader> h;
  card.nvm().read(f.body_addr, h);
  State s;
  if (h[0] != kFormat) return s;  // factory: id 0, nothing kept
  s.write_id = static_cast<std::uint32_t>(h[1]) << 24 | h[2] << 16 | h[3] << 8 | h[4];
  const std::size_t length = static_cast<std::size_t>(h[6] << 8 | h[7]);
  if (h[5] == 0x01 && length <= f.size - kHeader) {
    s.backup.resize(length);
    card.nvm().read(f.body_addr + kHeader, s.backup);
  }
  return s;
}

void stage_state(Uicc& card, const FileNode& f, std::uint32_t write_id, ByteView backup) {
  const std::uint8_t h[kHeader] = {kFormat,
                                   static_cast<std::uint8_t>(write_id >> 24),
                                   static_cast<std::uint8_t>(write_id >> 16),
                                   static_cast<std::uint8_t>(write_id >> 8),
                                   static_cast<std::uint8_t>(write_id),
                                   static_cast<std::uint8_t>(backup.empty() ? 0x00 : 0x01),
                                   static_cast<std::uint8_t>(backup.size() >> 8),
                                   static_cast<std::uint8_t>(backup.size())};
  card.nvm().write(f.body_addr, h);
  if (!backup.empty()) card.nvm().write(f.body_addr + kHeader, backup);
}

Bytes read_field(const Uicc& card, const FieldPlace& p) {
  Bytes out(p.size);
  card.nvm().read(p.addrs.front(), out);
  return out;
}

void stage_field(Uicc& card, const FieldPlace& p, ByteView value) {
  Bytes padded(value.begin(), value.end());
  padded.resize(p.size, 0xFF);
  for (std::uint32_t a : p.addrs) card.nvm().write(a, padded);
}

Bytes id_bytes(std::uint32_t id) {
  return {static_cast<std::uint8_t>(id >> 24), static_cast<std::uint8_t>(id >> 16), static_cast<std::uint8_t>(id >> 8),
          static_cast<std::uint8_t>(id)};
}

struct Outcome {
  Result result = Result::Done;
  std::optional<std::uint8_t> refresh;  // the mode to queue after a change
};

// A message's fields: for a write, tag → value, its id and REFRESH mode;
// for a rollback, the REFRESH mode. `result` Done when they are all sound.
struct Request {
  Result result = Result::Done;
  std::map<std::uint8_t, Bytes> fields;
  std::optional<std::uint32_t> id;
  std::uint8_t refresh = kDefaultRefresh;
};

Request collect(const Uicc& card, ByteView value, bool write) {
  Request q;
  auto fail = [&](Result r) {
    q.result = r;
    return q;
  };
  tlv::BerReader in(value);
  tlv::BerTlv t;
  while (in.next(t)) {
    if (t.tag == kWriteId) {
      if (!write || t.value.size() != 4 || q.id) return fail(Result::BadField);
      q.id = static_cast<std::uint32_t>(t.value[0]) << 24 | t.value[1] << 16 | t.value[2] << 8 | t.value[3];
      continue;
    }
    if (t.tag == kRefreshMode) {
      if (t.value.size() != 1 || !refresh_mode_ok(t.value[0])) return fail(Result::BadField);
      q.refresh = t.value[0];
      continue;
    }
    if (!write || std::find(kFields.begin(), kFields.end(), t.tag) == kFields.end()) return fail(Result::BadFormat);
    const auto tag = static_cast<std::uint8_t>(t.tag);
    if (q.fields.count(tag)) return fail(Result::BadField);
    const std::optional<FieldPlace> p = field_place(card, tag);
    if (!p) return fail(Result::NoSuchFile);
    if (t.value.size() > p->size || (p->exact && t.value.size() != p->size)) return fail(Result::BadField);
    q.fields[tag] = Bytes(t.value.begin(), t.value.end());
  }
  if (in.error() != tlv::Error::None) return fail(Result::BadFormat);
  if (write && (!q.id || *q.id == 0 || !q.fields.count(kImsi) || !q.fields.count(kK) || !q.fields.count(kOpc))) {
    return fail(Result::BadField);
  }
  return q;
}

// A change's outcome: the REFRESH to queue when it happened.
Outcome changed(Result r, std::uint8_t refresh) {
  Outcome o{r, std::nullopt};
  if (r == Result::Done && refresh != kNoRefresh) o.refresh = refresh;
  return o;
}

// Writes `fields` (with the SQN array as `sqn`), keeping what they replace
// and `old_id` as the backup, in one transaction.
Result replace(Uicc& card, const FileNode& data, std::uint32_t old_id, std::uint32_t new_id,
               const std::map<std::uint8_t, Bytes>& fields, ByteView sqn) {
  Bytes backup;
  tlv::put_ber(backup, kWriteId, id_bytes(old_id));
  std::vector<std::pair<FieldPlace, const Bytes*>> writes;
  for (const auto& [tag, value] : fields) {
    const std::optional<FieldPlace> p = field_place(card, tag);
    if (!p) return Result::NoSuchFile;
    tlv::put_ber(backup, tag, read_field(card, *p));
    writes.emplace_back(*p, &value);
  }
  const std::optional<FieldPlace> sqn_place = field_place(card, kSqnArray);
  tlv::put_ber(backup, kSqnArray, read_field(card, *sqn_place));
  if (kHeader + backup.size() > data.size) return Result::NoMemory;
  card.nvm().begin();
  try {
    stage_state(card, data, new_id, backup);
    for (const auto& [place, value] : writes) stage_field(card, place, *value);
    stage_field(card, *sqn_place, sqn);
    stage_identity_change(card);
  } catch (const std::length_error&) {  // more than the NVM journal holds
    card.nvm().abort();
    return Result::NoMemory;
  }
  return card.nvm().commit() == CommitResult::Ok ? Result::Done : Result::NoMemory;
}

Outcome write(Uicc& card, const FileNode& data, ByteView value) {
  const Request q = collect(card, value, true);
  if (q.result != Result::Done) return {q.result, std::nullopt};
  const State now = read_state(card, data);
  if (*q.id == now.write_id) return {Result::AlreadyApplied, std::nullopt};
  // TS 33.102 Annex C: a new subscriber starts with every SEQ_MS at zero.
  const Bytes fresh_sqn(field_place(card, kSqnArray)->size, 0x00);
  return changed(replace(card, data, now.write_id, *q.id, q.fields, fresh_sqn), q.refresh);
}

Outcome rollback(Uicc& card, const FileNode& data, ByteView value) {
  const Request q = collect(card, value, false);
  if (q.result != Result::Done) return {q.result, std::nullopt};
  const State now = read_state(card, data);
  if (now.backup.empty()) return {Result::NoBackup, std::nullopt};
  // The kept subscription becomes current; the current one is kept instead.
  std::map<std::uint8_t, Bytes> kept;
  std::uint32_t kept_id = 0;
  Bytes kept_sqn;
  tlv::BerReader in(now.backup);
  tlv::BerTlv t;
  while (in.next(t)) {
    const Bytes v(t.value.begin(), t.value.end());
    if (t.tag == kWriteId && v.size() == 4) {
      kept_id = static_cast<std::uint32_t>(v[0]) << 24 | v[1] << 16 | v[2] << 8 | v[3];
    } else if (t.tag == kSqnArray) {
      kept_sqn = v;
    } else {
      kept[static_cast<std::uint8_t>(t.tag)] = v;
    }
  }
  const std::optional<FieldPlace> sqn_place = field_place(card, kSqnArray);
  if (in.error() != tlv::Error::None || kept_sqn.size() != sqn_place->size) {
    return {Result::NoBackup, std::nullopt};  // a damaged backup is no backup
  }
  return changed(replace(card, data, now.write_id, kept_id, kept, kept_sqn), q.refresh);
}

Bytes respond(Uicc& card, const FileNode& data, Result result, std::optional<std::uint8_t> refresh_queued) {
  const State now = read_state(card, data);
  Bytes v;
  const std::uint8_t r[1] = {static_cast<std::uint8_t>(result)};
  tlv::put_ber(v, kResult, r);
  tlv::put_ber(v, kWriteId, id_bytes(now.write_id));
  if (const std::optional<FieldPlace> imsi = field_place(card, kImsi)) tlv::put_ber(v, kImsi, read_field(card, *imsi));
  const std::uint8_t kept[1] = {static_cast<std::uint8_t>(now.backup.empty() ? 0x00 : 0x01)};
  tlv::put_ber(v, kBackup, kept);
  if (refresh_queued) tlv::put_ber(v, kRefreshQueued, ByteView(&*refresh_queued, 1));
  return tlv::make_ber(kResponse, v);
}

}  // namespace

bool WriteCardModule::accepts(const Uicc& card, ByteView app_params) const {
  return data_file(card, app_params).has_value() && field_place(card, kImsi) && field_place(card, kSqnArray);
}

Bytes WriteCardModule::process(Uicc& card, const gp::RegistryEntry& instance, ByteView data) const {
  const std::optional<std::uint32_t> file = data_file(card, instance.application.app_params);
  if (!file) return {};  // the EF it was installed with is gone: nothing to say
  const FileNode& f = card.node(*file);
  const tlv::Result<tlv::BerTlv> command = tlv::parse_ber(data);
  Outcome o;
  if (!command.ok()) {
    o.result = Result::BadFormat;
  } else if (command.value.tag == kWrite) {
    o = write(card, f, command.value.value);
  } else if (command.value.tag == kRollback) {
    o = rollback(card, f, command.value.value);
  } else if (command.value.tag == kStatus && command.value.value.empty()) {
    o.result = Result::Done;
  } else {
    o.result = Result::BadFormat;
  }
  std::optional<std::uint8_t> queued;
  if (o.refresh) {
    cat::Refresh r;
    r.mode = *o.refresh;
    if (card.queue_proactive(cat::ProactiveCommand{r}) != 0) queued = o.refresh;
  }
  return respond(card, f, o.result, queued);
}

}  // namespace cardcore::applet
