// ChipRegistry::save_state() / restore_state(): the chip management
// platform's state (the source document §3.2.3) for simulator checkpoints,
// little-endian (state/state_bytes.hpp); text is a u32 length and the bytes,
// an optional a u8 (0 none, 1 present) and the value:
//
//   "CHIP", version u16 (2; 1 before an eUICC's several numbers)
//   pools u32, in id order: id, first IMSI, first MSISDN, size u32,
//     quarantine ms u64 (the config add_pool() took), numbers not free u32
//     x (slot u32 ascending, state u8, holder, released ms u64); a free
//     slot holds nothing, so the free set is rebuilt from the others
//   chips u32, in id order: id, state u8, holder (optional party), shipped
//     to (optional party), production (card vendor, chip maker, batch),
//     module id, device id, customer (optional party), account, pool, IMSI,
//     MSISDN, the other numbers u32 x (pool, IMSI, MSISDN) (an eUICC's
//     profiles not enabled), the SM-SR of its last SM-SR change, the state
//     before a suspension u8, audit trail u32 x entry
//   billing records u32, oldest first: chip id, account, customer,
//     activated ms u64, deactivated ms (optional u64), in service u32 x
//     (from ms u64, to ms (optional u64))
//   open billing records u32, in chip id order: chip id, record index u32
//   CRC-32 u32 of everything before it
//
//   party: role u8, id
//   entry: at ms u64, actor (party), action u8, from (optional state u8),
//     to (state u8), detail
//
// The registry's config (the fee per day) is the constructor's, not state.
// Refused as inconsistent besides bad values: a pool config add_pool()
// would refuse; a chip in service whose number its pool does not hold for
// it, or with another MSISDN than the pool pairs with its IMSI (its other
// numbers alike; other numbers only on a chip with a number); an allocated
// number no chip in service holds; a number in quarantine last held by an
// unknown chip; an audit trail that does not end in the chip's state; a
// billing record of an unknown chip; an open record out of range, of
// another chip, closed, or missing for a chip in service.
#include <stdexcept>
#include <string>

#include "twinmodels/platform/chip_registry.hpp"
#include "twinmodels/platform/sm_sr_state_fields.hpp"
#include "twinmodels/state/state_bytes.hpp"
#include "twinmodels/state/state_optional.hpp"

namespace twinmodels::platform {

namespace {

using cardcore::Bytes;
using state::put_optional;
using state::read_optional;

constexpr char kMagic[5] = "CHIP";
constexpr std::uint16_t kVersion = 2;

using state_fields::read_text;  // texts up to state_fields::kMaxText (64 KiB): an id, a batch, an audit detail

template <class E>
E read_enum(state::Reader& r, const char* what, E last) {
  const std::uint8_t v = r.u8(what);
  if (v > static_cast<std::uint8_t>(last)) r.fail(std::string(what) + " " + std::to_string(v) + " is not one");
  return static_cast<E>(v);
}

ChipState read_chip_state(state::Reader& r, const char* what) { return read_enum(r, what, ChipState::Replaced); }

bool in_service(ChipState s) {
  return s == ChipState::Activated || s == ChipState::OtaWritten || s == ChipState::Suspended;
}

void put_party(Bytes& out, const Party& p) {
  state::put_u8(out, static_cast<std::uint8_t>(p.role));
  state::put_text(out, p.id);
}
Party read_party(state::Reader& r) {
  Party p;
  p.role = read_enum(r, "party role", Role::Operator);
  p.id = read_text(r, "party id");
  return p;
}

void put_optional_party(Bytes& out, const std::optional<Party>& p) {
  state::put_u8(out, p ? 1 : 0);
  if (p) put_party(out, *p);
}
std::optional<Party> read_optional_party(state::Reader& r, const char* what) {
  if (!r.flag(what)) return std::nullopt;
  return read_party(r);
}

void put_entry(Bytes& out, const AuditEntry& e) {
  state::put_u64(out, e.at_ms);
  put_party(out, e.actor);
  state::put_u8(out, static_cast<std::uint8_t>(e.action));
  state::put_u8(out, e.from ? 1 : 0);
  if (e.from) state::put_u8(out, static_cast<std::uint8_t>(*e.from));
  state::put_u8(out, static_cast<std::uint8_t>(e.to));
  state::put_text(out, e.detail);
}
AuditEntry read_entry(state::Reader& r) {
  AuditEntry e;
  e.at_ms = r.u64("audit time");
  e.actor = read_party(r);
  e.action = read_enum(r, "audit action", ChipAction::NumberMigrate);
  if (r.flag("audit from-state")) e.from = read_chip_state(r, "audit from-state");
  e.to = read_chip_state(r, "audit to-state");
  e.detail = read_text(r, "audit detail");
  return e;
}

void put_record(Bytes& out, const BillingRecord& b) {
  state::put_text(out, b.chip_id);
  state::put_text(out, b.account);
  state::put_text(out, b.customer);
  state::put_u64(out, b.activated_ms);
  put_optional(out, b.deactivated_ms);
  state::put_u32(out, static_cast<std::uint32_t>(b.in_service.size()));
  for (const ServiceInterval& i : b.in_service) {
    state::put_u64(out, i.from_ms);
    put_optional(out, i.to_ms);
  }
}
BillingRecord read_record(state::Reader& r) {
  BillingRecord b;
  b.chip_id = read_text(r, "billing chip id");
  b.account = read_text(r, "billing account");
  b.customer = read_text(r, "billing customer");
  b.activated_ms = r.u64("activated");
  b.deactivated_ms = read_optional<std::uint64_t>(r, "deactivated");
  b.in_service.resize(r.count("in-service stretches", 9));
  for (ServiceInterval& i : b.in_service) {
    i.from_ms = r.u64("in service from");
    i.to_ms = read_optional<std::uint64_t>(r, "in service to");
  }
  if (b.in_service.empty()) r.fail("billing record of chip " + b.chip_id + " has no in-service stretch");
  return b;
}

}  // namespace

// The private parts of NumberPool and Chip a checkpoint writes and restores.
struct ChipRegistryCodec {
  static void put_pool(Bytes& out, const NumberPool& p) {
    state::put_text(out, p.config_.id);
    state::put_text(out, p.config_.first_imsi);
    state::put_text(out, p.config_.first_msisdn);
    state::put_u32(out, p.config_.size);
    state::put_u64(out, p.config_.quarantine_ms);
    state::put_u32(out, p.size() - p.count(NumberState::Free));
    for (std::uint32_t i = 0; i < p.size(); ++i) {
      const NumberPool::Slot& s = p.slots_[i];
      if (s.state == NumberState::Free) continue;
      state::put_u32(out, i);
      state::put_u8(out, static_cast<std::uint8_t>(s.state));
      state::put_text(out, s.holder);
      state::put_u64(out, s.released_ms);
    }
  }
  static NumberPool read_pool(state::Reader& r) {
    NumberPoolConfig c;
    c.id = read_text(r, "pool id");
    c.first_imsi = read_text(r, "pool first IMSI");
    c.first_msisdn = read_text(r, "pool first MSISDN");
    c.size = r.u32("pool size");
    c.quarantine_ms = r.u64("pool quarantine");
    auto made = NumberPool::create(c);
    if (!made.ok()) r.fail(made.refusal);
    NumberPool p = std::move(*made.value);
    const std::string name = "number pool " + p.id() + ": ";
    for (std::uint32_t i = 0, n = r.count("numbers not free", 17), last = 0; i < n; ++i) {
      const std::uint32_t slot = r.u32("number slot");
      if (slot >= p.size()) r.fail(name + "slot " + std::to_string(slot) + " is outside the pool");
      if (i > 0 && slot <= last) r.fail(name + "slot " + std::to_string(slot) + " out of order or repeated");
      last = slot;
      NumberPool::Slot s;
      s.state = read_enum(r, "number state", NumberState::Quarantined);
      s.holder = read_text(r, "number holder");
      s.released_ms = r.u64("number released");
      if (s.state == NumberState::Free) r.fail(name + "slot " + std::to_string(slot) + " saved as free");
      if (s.holder.empty()) r.fail(name + "slot " + std::to_string(slot) + " has no holder");
      if (s.state == NumberState::Allocated && s.released_ms != 0)
        r.fail(name + "slot " + std::to_string(slot) + " is allocated but has a release time");
      p.slots_[slot] = std::move(s);
      p.free_.erase(slot);
    }
    return p;
  }

  static void put_chip(Bytes& out, const Chip& c) {
    state::put_text(out, c.id_);
    state::put_u8(out, static_cast<std::uint8_t>(c.state_));
    put_optional_party(out, c.holder_);
    put_optional_party(out, c.shipped_to_);
    state::put_text(out, c.production_.card_vendor);
    state::put_text(out, c.production_.chip_maker);
    state::put_text(out, c.production_.batch);
    state::put_text(out, c.module_id_);
    state::put_text(out, c.device_id_);
    put_optional_party(out, c.customer_);
    state::put_text(out, c.account_);
    state::put_text(out, c.pool_);
    state::put_text(out, c.imsi_);
    state::put_text(out, c.msisdn_);
    state::put_u32(out, static_cast<std::uint32_t>(c.others_.size()));
    for (const HeldNumber& n : c.others_) {
      state::put_text(out, n.pool);
      state::put_text(out, n.imsi);
      state::put_text(out, n.msisdn);
    }
    state::put_text(out, c.sm_sr_);
    state::put_u8(out, static_cast<std::uint8_t>(c.before_suspension_));
    state::put_u32(out, static_cast<std::uint32_t>(c.audit_.size()));
    for (const AuditEntry& e : c.audit_) put_entry(out, e);
  }
  static Chip read_chip(state::Reader& r) {
    Chip c;
    c.id_ = read_text(r, "chip id");
    if (c.id_.empty()) r.fail("a chip without an id");
    c.state_ = read_chip_state(r, "chip state");
    c.holder_ = read_optional_party(r, "holder");
    c.shipped_to_ = read_optional_party(r, "shipped to");
    c.production_.card_vendor = read_text(r, "card vendor");
    c.production_.chip_maker = read_text(r, "chip maker");
    c.production_.batch = read_text(r, "batch");
    c.module_id_ = read_text(r, "module id");
    c.device_id_ = read_text(r, "device id");
    c.customer_ = read_optional_party(r, "customer");
    c.account_ = read_text(r, "account");
    c.pool_ = read_text(r, "chip's pool");
    c.imsi_ = read_text(r, "chip's IMSI");
    c.msisdn_ = read_text(r, "chip's MSISDN");
    c.others_.resize(r.count("other numbers", 12));
    for (HeldNumber& n : c.others_) {
      n.pool = read_text(r, "other number's pool");
      n.imsi = read_text(r, "other IMSI");
      n.msisdn = read_text(r, "other MSISDN");
    }
    c.sm_sr_ = read_text(r, "SM-SR");
    c.before_suspension_ = read_chip_state(r, "state before suspension");
    c.audit_.resize(r.count("audit entries", 20));
    for (AuditEntry& e : c.audit_) e = read_entry(r);
    const std::string name = "chip " + c.id_ + ": ";
    if (c.before_suspension_ != ChipState::Activated && c.before_suspension_ != ChipState::OtaWritten)
      r.fail(name + "state before suspension " + to_string(c.before_suspension_) + " is not one in service");
    if ((c.state_ == ChipState::Shipped) != c.shipped_to_.has_value())
      r.fail(name + "an addressee " + (c.shipped_to_ ? "while " : "missing while ") + to_string(c.state_));
    if (c.audit_.empty() || c.audit_.back().to != c.state_)
      r.fail(name + "the audit trail does not end in its state " + to_string(c.state_));
    return c;
  }

  static bool holds(const Chip& c, const std::string& pool, const std::string& imsi) {
    if (c.pool_ == pool && c.imsi_ == imsi) return true;
    for (const HeldNumber& n : c.others_)
      if (n.pool == pool && n.imsi == imsi) return true;
    return false;
  }

  // One number of chip `c` (the active one or another) against its pool.
  static void check_number(state::Reader& r, const std::string& name, const std::map<std::string, NumberPool>& pools,
                           const Chip& c, const HeldNumber& n, bool numbered) {
    const auto p = pools.find(n.pool);
    if (p == pools.end()) r.fail(name + "number pool " + n.pool + " is not saved");
    if (!numbered) return;
    if (n.imsi.empty() || n.msisdn.empty()) r.fail(name + "a number without IMSI / MSISDN");
    const auto slot = p->second.slot_of(n.imsi);
    if (!slot.ok()) r.fail(name + slot.refusal);
    if (p->second.numbers_of(*slot.value).msisdn != n.msisdn)
      r.fail(name + "MSISDN " + n.msisdn + " is not the pool's pairing of IMSI " + n.imsi);
    // A deactivated chip's number may have been recycled by recycle_number().
    const NumberPool::Slot& s = p->second.slots_[*slot.value];
    if (in_service(c.state_) && (s.state != NumberState::Allocated || s.holder != c.id_))
      r.fail(name + "its IMSI " + n.imsi + " is not held by it in pool " + n.pool);
  }

  // The chips' numbers against the pools, the billing records against the
  // chips (the header comment lists the checks).
  static void check(state::Reader& r, const std::map<std::string, NumberPool>& pools,
                    const std::map<std::string, Chip>& chips, const std::vector<BillingRecord>& billing,
                    const std::map<std::string, std::size_t>& open) {
    for (const auto& [id, c] : chips) {
      const std::string name = "chip " + id + ": ";
      const bool numbered = in_service(c.state_) || c.state_ == ChipState::Deactivated;
      if (numbered == c.imsi_.empty() || c.imsi_.empty() != c.msisdn_.empty())
        r.fail(name + (numbered ? "no number while " : "a number while ") + to_string(c.state_));
      if (in_service(c.state_) != (open.count(id) == 1))
        r.fail(name + (open.count(id) ? "an open billing record while " : "no open billing record while ") +
               to_string(c.state_));
      if (!numbered && !c.others_.empty()) r.fail(name + "other numbers while " + to_string(c.state_));
      if (c.pool_.empty()) continue;
      std::vector<HeldNumber> numbers{{c.pool_, c.imsi_, c.msisdn_}};
      numbers.insert(numbers.end(), c.others_.begin(), c.others_.end());
      for (const HeldNumber& n : numbers) check_number(r, name, pools, c, n, numbered);
    }
    for (const auto& [pool_id, p] : pools) {
      for (std::uint32_t i = 0; i < p.size(); ++i) {
        const NumberPool::Slot& s = p.slots_[i];
        if (s.state == NumberState::Free) continue;
        const auto c = chips.find(s.holder);
        const std::string number = "number pool " + pool_id + ": IMSI " + p.numbers_of(i).imsi;
        if (c == chips.end()) r.fail(number + " held by chip " + s.holder + ", which is not saved");
        if (s.state == NumberState::Allocated &&
            (!in_service(c->second.state_) || !holds(c->second, pool_id, p.numbers_of(i).imsi)))
          r.fail(number + " is allocated to chip " + s.holder + ", which does not hold it");
      }
    }
    for (const BillingRecord& b : billing)
      if (chips.count(b.chip_id) == 0) r.fail("billing record of chip " + b.chip_id + ", which is not saved");
  }
};

Bytes ChipRegistry::save_state() const {
  Bytes out;
  state::put_header(out, kMagic, kVersion);
  state::put_u32(out, static_cast<std::uint32_t>(pools_.size()));
  for (const auto& [id, p] : pools_) ChipRegistryCodec::put_pool(out, p);
  state::put_u32(out, static_cast<std::uint32_t>(chips_.size()));
  for (const auto& [id, c] : chips_) ChipRegistryCodec::put_chip(out, c);
  state::put_u32(out, static_cast<std::uint32_t>(billing_.size()));
  for (const BillingRecord& b : billing_) put_record(out, b);
  state::put_u32(out, static_cast<std::uint32_t>(open_billing_.size()));
  for (const auto& [id, index] : open_billing_) {
    state::put_text(out, id);
    state::put_u32(out, static_cast<std::uint32_t>(index));
  }
  state::put_crc(out);
  return out;
}

void ChipRegistry::restore_state(cardcore::ByteView in) {
  state::Reader r(in, "chip registry");
  r.sealed_header(kMagic, kVersion);
  std::map<std::string, NumberPool> pools;
  for (std::uint32_t i = 0, n = r.count("pools", 28); i < n; ++i) {
    NumberPool p = ChipRegistryCodec::read_pool(r);
    if (!pools.empty() && !(pools.rbegin()->first < p.id())) r.fail("number pool " + p.id() + " out of order or repeated");
    const std::string id = p.id();
    pools.emplace_hint(pools.end(), id, std::move(p));
  }
  std::map<std::string, Chip> chips;
  for (std::uint32_t i = 0, n = r.count("chips", 49); i < n; ++i) {
    Chip c = ChipRegistryCodec::read_chip(r);
    if (!chips.empty() && !(chips.rbegin()->first < c.id())) r.fail("chip " + c.id() + " out of order or repeated");
    const std::string id = c.id();
    chips.emplace_hint(chips.end(), id, std::move(c));
  }
  std::vector<BillingRecord> billing(r.count("billing records", 25));
  for (BillingRecord& b : billing) b = read_record(r);
  std::map<std::string, std::size_t> open;
  for (std::uint32_t i = 0, n = r.count("open billing records", 8); i < n; ++i) {
    std::string id = read_text(r, "open record's chip");
    const std::uint32_t index = r.u32("open record index");
    if (!open.empty() && !(open.rbegin()->first < id)) r.fail("open billing record of chip " + id + " out of order or repeated");
    if (index >= billing.size())
      r.fail("open billing record " + std::to_string(index) + " of chip " + id + " is out of range (" +
             std::to_string(billing.size()) + " records)");
    if (billing[index].chip_id != id || billing[index].deactivated_ms)
      r.fail("open billing record " + std::to_string(index) + " is not chip " + id + "'s open one");
    open.emplace_hint(open.end(), std::move(id), index);
  }
  r.expect_end();
  ChipRegistryCodec::check(r, pools, chips, billing, open);
  pools_ = std::move(pools);
  chips_ = std::move(chips);
  billing_ = std::move(billing);
  open_billing_ = std::move(open);
}

}  // namespace twinmodels::platform
