#include "twinmodels/platform/chip_registry.hpp"

#include <utility>

namespace twinmodels::platform {
namespace {

// The pool's lowest free number, or the one the card carries (the source
// document §3.2.3: number activation; a card personalised at the factory).
Result<NumberPair> take_number(NumberPool& pool, const std::string& chip_id, std::uint64_t at_ms,
                               std::optional<std::string_view> imsi) {
  return imsi ? pool.allocate_number(*imsi, chip_id, at_ms) : pool.allocate(chip_id, at_ms);
}

}  // namespace

ChipRegistry::ChipRegistry(ChipRegistryConfig config) : config_(config) {}

Status ChipRegistry::add_pool(NumberPoolConfig config) {
  if (pools_.count(config.id)) return Status::refused("number pool " + config.id + " exists already");
  auto p = NumberPool::create(std::move(config));
  if (!p.ok()) return Status::refused(p.refusal);
  const std::string id = p.value->id();
  pools_.emplace(id, std::move(*p.value));
  return Status::done();
}

const NumberPool* ChipRegistry::pool(const std::string& id) const {
  const auto it = pools_.find(id);
  return it == pools_.end() ? nullptr : &it->second;
}

const Chip* ChipRegistry::chip(const std::string& id) const {
  const auto it = chips_.find(id);
  return it == chips_.end() ? nullptr : &it->second;
}

Result<Chip*> ChipRegistry::find(const std::string& id) {
  const auto it = chips_.find(id);
  if (it == chips_.end()) return Result<Chip*>::refused("chip " + id + " is not registered");
  return Result<Chip*>::of(&it->second);
}

BillingRecord* ChipRegistry::open_record(const std::string& id) {
  const auto it = open_billing_.find(id);
  return it == open_billing_.end() ? nullptr : &billing_[it->second];
}

Status ChipRegistry::produce(const std::string& id, ProductionInfo info, const Party& actor, std::uint64_t at_ms) {
  if (chips_.count(id)) return Status::refused("chip " + id + ": Produce refused: registered already");
  auto c = Chip::produce(id, std::move(info), actor, at_ms);
  if (!c.ok()) return Status::refused(c.refusal);
  chips_.emplace(id, std::move(*c.value));
  return Status::done();
}

Status ChipRegistry::stock_in(const std::string& id, const Party& actor, std::uint64_t at_ms) {
  auto c = find(id);
  return c.ok() ? (*c.value)->stock_in(actor, at_ms) : Status::refused(c.refusal);
}

Status ChipRegistry::ship(const std::string& id, const Party& actor, const Party& to, std::uint64_t at_ms) {
  auto c = find(id);
  return c.ok() ? (*c.value)->ship(actor, to, at_ms) : Status::refused(c.refusal);
}

Status ChipRegistry::receive(const std::string& id, const Party& actor, std::uint64_t at_ms) {
  auto c = find(id);
  return c.ok() ? (*c.value)->receive(actor, at_ms) : Status::refused(c.refusal);
}

Status ChipRegistry::mount(const std::string& id, const Party& actor, const std::string& module_id,
                           std::uint64_t at_ms) {
  auto c = find(id);
  return c.ok() ? (*c.value)->mount(actor, module_id, at_ms) : Status::refused(c.refusal);
}

Status ChipRegistry::integrate(const std::string& id, const Party& actor, const std::string& device_id,
                               std::uint64_t at_ms) {
  auto c = find(id);
  return c.ok() ? (*c.value)->integrate(actor, device_id, at_ms) : Status::refused(c.refusal);
}

Status ChipRegistry::sell(const std::string& id, const Party& actor, const Party& customer,
                          const std::string& account, std::uint64_t at_ms) {
  auto c = find(id);
  return c.ok() ? (*c.value)->sell(actor, customer, account, at_ms) : Status::refused(c.refusal);
}

Status ChipRegistry::activate(const std::string& id, const Party& actor, const std::string& pool_id,
                              std::uint64_t at_ms) {
  return activate_from(id, actor, pool_id, at_ms, std::nullopt);
}

Status ChipRegistry::activate(const std::string& id, const Party& actor, const std::string& pool_id,
                              std::uint64_t at_ms, std::string_view imsi) {
  return activate_from(id, actor, pool_id, at_ms, imsi);
}

Status ChipRegistry::activate(const std::string& id, const Party& actor, const std::string& pool_id,
                              std::uint64_t at_ms, std::string_view imsi, const std::vector<GivenNumber>& others) {
  auto c = find(id);
  if (!c.ok()) return Status::refused(c.refusal);
  Chip& chip = **c.value;
  if (Status s = chip.check(ChipAction::Activate, actor); !s.ok()) return s;
  // Every number checked free (and given once) before any is taken.
  const std::string refused = "chip " + id + ": Activate refused: ";
  std::vector<GivenNumber> all{{pool_id, std::string(imsi)}};
  all.insert(all.end(), others.begin(), others.end());
  std::vector<HeldNumber> numbers;
  for (const GivenNumber& n : all) {
    const auto p = pools_.find(n.pool);
    if (p == pools_.end()) return Status::refused(refused + "no number pool " + n.pool);
    const auto free = p->second.free_number(n.imsi);
    if (!free.ok()) return Status::refused(refused + free.refusal);
    for (const HeldNumber& before : numbers)
      if (before.pool == n.pool && before.imsi == n.imsi) return Status::refused(refused + "IMSI " + n.imsi + " given twice");
    numbers.push_back({n.pool, free.value->imsi, free.value->msisdn});
  }
  for (const HeldNumber& n : numbers)
    if (auto taken = pools_.at(n.pool).allocate_number(n.imsi, id, at_ms); !taken.ok())
      return Status::refused(refused + taken.refusal);  // not reached: checked free
  const HeldNumber active = numbers.front();
  numbers.erase(numbers.begin());
  if (Status s = chip.activate(actor, active, std::move(numbers), at_ms); !s.ok()) return s;  // not reached: checked
  const std::string customer = chip.customer() ? chip.customer()->id : std::string();
  billing_.push_back({id, chip.account(), customer, at_ms, std::nullopt, {{at_ms, std::nullopt}}});
  open_billing_[id] = billing_.size() - 1;
  return Status::done();
}

Status ChipRegistry::activate_from(const std::string& id, const Party& actor, const std::string& pool_id,
                                   std::uint64_t at_ms, std::optional<std::string_view> imsi) {
  auto c = find(id);
  if (!c.ok()) return Status::refused(c.refusal);
  Chip& chip = **c.value;
  if (Status s = chip.check(ChipAction::Activate, actor); !s.ok()) return s;
  const auto p = pools_.find(pool_id);
  if (p == pools_.end())
    return Status::refused("chip " + id + ": Activate refused: no number pool " + pool_id);
  auto numbers = take_number(p->second, id, at_ms, imsi);
  if (!numbers.ok()) return Status::refused("chip " + id + ": Activate refused: " + numbers.refusal);
  if (Status s = chip.activate(actor, pool_id, numbers.value->imsi, numbers.value->msisdn, at_ms); !s.ok()) {
    return s;  // not reached: checked above, and the numbers are not empty
  }
  const std::string customer = chip.customer() ? chip.customer()->id : std::string();
  billing_.push_back({id, chip.account(), customer, at_ms, std::nullopt, {{at_ms, std::nullopt}}});
  open_billing_[id] = billing_.size() - 1;
  return Status::done();
}

Status ChipRegistry::ota_write(const std::string& id, const Party& actor, const std::string& pool_id,
                               const std::string& how, std::uint64_t at_ms) {
  return ota_write_from(id, actor, pool_id, how, at_ms, std::nullopt);
}

Status ChipRegistry::ota_write(const std::string& id, const Party& actor, const std::string& pool_id,
                               const std::string& how, std::uint64_t at_ms, std::string_view imsi) {
  return ota_write_from(id, actor, pool_id, how, at_ms, imsi);
}

Status ChipRegistry::ota_write_from(const std::string& id, const Party& actor, const std::string& pool_id,
                                    const std::string& how, std::uint64_t at_ms,
                                    std::optional<std::string_view> imsi) {
  auto c = find(id);
  if (!c.ok()) return Status::refused(c.refusal);
  Chip& chip = **c.value;
  if (Status s = chip.check(ChipAction::OtaWrite, actor); !s.ok()) return s;
  const auto p = pools_.find(pool_id);
  if (p == pools_.end()) return Status::refused("chip " + id + ": OtaWrite refused: no number pool " + pool_id);
  NumberPool& old_pool = pools_.at(chip.pool());
  auto numbers = take_number(p->second, id, at_ms, imsi);
  if (!numbers.ok()) return Status::refused("chip " + id + ": OtaWrite refused: " + numbers.refusal);
  if (Status s = old_pool.release(chip.imsi(), at_ms); !s.ok()) return s;  // not reached: the chip holds it
  return chip.ota_write(actor, pool_id, numbers.value->imsi, numbers.value->msisdn, how, at_ms);
}

Status ChipRegistry::download_profile(const std::string& id, const Party& actor, const std::string& pool_id,
                                      std::string_view imsi, const std::string& profile, bool enable,
                                      std::uint64_t at_ms) {
  auto c = find(id);
  if (!c.ok()) return Status::refused(c.refusal);
  Chip& chip = **c.value;
  const std::string refused = "chip " + id + ": ProfileDownload refused: ";
  if (Status s = chip.check(ChipAction::ProfileDownload, actor); !s.ok()) return s;
  const auto p = pools_.find(pool_id);
  if (p == pools_.end()) return Status::refused(refused + "no number pool " + pool_id);
  const auto free = p->second.free_number(imsi);
  if (!free.ok()) return Status::refused(refused + free.refusal);
  const HeldNumber number{pool_id, free.value->imsi, free.value->msisdn};
  if (Status s = chip.download_profile(actor, number, profile, enable, at_ms); !s.ok()) return s;
  if (auto taken = p->second.allocate_number(imsi, id, at_ms); !taken.ok())
    return Status::refused(refused + taken.refusal);  // not reached: checked free
  return Status::done();
}

Status ChipRegistry::enable_profile(const std::string& id, const Party& actor, const std::string& imsi,
                                    const std::string& profile, std::uint64_t at_ms) {
  auto c = find(id);
  return c.ok() ? (*c.value)->enable_profile(actor, imsi, profile, at_ms) : Status::refused(c.refusal);
}

Status ChipRegistry::delete_profile(const std::string& id, const Party& actor, const std::string& imsi,
                                    const std::string& profile, std::uint64_t at_ms) {
  auto c = find(id);
  if (!c.ok()) return Status::refused(c.refusal);
  Chip& chip = **c.value;
  std::string pool;
  for (const HeldNumber& n : chip.others())
    if (n.imsi == imsi) pool = n.pool;
  if (Status s = chip.delete_profile(actor, imsi, profile, at_ms); !s.ok()) return s;
  return pools_.at(pool).release(imsi, at_ms);  // allocated to the chip: it held it
}

Status ChipRegistry::change_sm_sr(const std::string& id, const Party& actor, const std::string& from,
                                  const std::string& to, std::uint64_t at_ms) {
  auto c = find(id);
  return c.ok() ? (*c.value)->change_sm_sr(actor, from, to, at_ms) : Status::refused(c.refusal);
}

Status ChipRegistry::migrate_number(const std::string& from, const std::string& to, const Party& actor,
                                    std::uint64_t at_ms) {
  auto f = find(from);
  if (!f.ok()) return Status::refused(f.refusal);
  auto t = find(to);
  if (!t.ok()) return Status::refused(t.refusal);
  if (from == to) return Status::refused("chip " + from + ": NumberMigrate refused: to the chip itself");
  Chip& old_chip = **f.value;
  Chip& new_chip = **t.value;
  if (Status s = old_chip.check(ChipAction::NumberMigrate, actor); !s.ok()) return s;
  if (Status s = new_chip.check(ChipAction::OtaWrite, actor); !s.ok()) return s;
  if (!old_chip.others().empty() || !new_chip.others().empty())
    return Status::refused("chip " + from + ": NumberMigrate refused: an eUICC's numbers do not migrate");
  const HeldNumber number{old_chip.pool(), old_chip.imsi(), old_chip.msisdn()};
  const HeldNumber released{new_chip.pool(), new_chip.imsi(), new_chip.msisdn()};
  const std::optional<Party> customer = old_chip.customer();
  const std::string account = old_chip.account();
  // Both checked: nothing below is refused.
  if (Status s = pools_.at(number.pool).hand_over(number.imsi, from, to); !s.ok()) return s;
  if (Status s = pools_.at(released.pool).release(released.imsi, at_ms); !s.ok()) return s;
  if (Status s = old_chip.migrate_number_to(actor, to, at_ms); !s.ok()) return s;
  if (Status s = new_chip.take_migrated_number(actor, from, number, customer, account, at_ms); !s.ok()) return s;
  for (const std::string& id : {from, to}) {
    if (BillingRecord* r = open_record(id)) {
      if (!r->in_service.back().to_ms) r->in_service.back().to_ms = at_ms;
      r->deactivated_ms = at_ms;
      open_billing_.erase(id);
    }
  }
  // The replacement bills under the number's account from now on.
  billing_.push_back({to, account, customer ? customer->id : std::string(), at_ms, std::nullopt, {{at_ms, std::nullopt}}});
  open_billing_[to] = billing_.size() - 1;
  return Status::done();
}

Status ChipRegistry::suspend(const std::string& id, const Party& actor, std::uint64_t at_ms) {
  auto c = find(id);
  if (!c.ok()) return Status::refused(c.refusal);
  if (Status s = (*c.value)->suspend(actor, at_ms); !s.ok()) return s;
  if (BillingRecord* r = open_record(id)) r->in_service.back().to_ms = at_ms;
  return Status::done();
}

Status ChipRegistry::resume(const std::string& id, const Party& actor, std::uint64_t at_ms) {
  auto c = find(id);
  if (!c.ok()) return Status::refused(c.refusal);
  if (Status s = (*c.value)->resume(actor, at_ms); !s.ok()) return s;
  if (BillingRecord* r = open_record(id)) r->in_service.push_back({at_ms, std::nullopt});
  return Status::done();
}

Status ChipRegistry::deactivate(const std::string& id, const Party& actor, std::uint64_t at_ms) {
  auto c = find(id);
  if (!c.ok()) return Status::refused(c.refusal);
  Chip& chip = **c.value;
  if (Status s = chip.check(ChipAction::Deactivate, actor); !s.ok()) return s;
  if (Status s = pools_.at(chip.pool()).release(chip.imsi(), at_ms); !s.ok()) return s;  // not reached
  for (const HeldNumber& n : chip.others())
    if (Status s = pools_.at(n.pool).release(n.imsi, at_ms); !s.ok()) return s;  // not reached: the chip holds them
  if (Status s = chip.deactivate(actor, at_ms); !s.ok()) return s;                          // not reached
  if (BillingRecord* r = open_record(id)) {
    if (!r->in_service.back().to_ms) r->in_service.back().to_ms = at_ms;
    r->deactivated_ms = at_ms;
    open_billing_.erase(id);
  }
  return Status::done();
}

Status ChipRegistry::recycle(const std::string& id, const Party& actor, std::uint64_t at_ms) {
  auto c = find(id);
  if (!c.ok()) return Status::refused(c.refusal);
  Chip& chip = **c.value;
  if (Status s = chip.check(ChipAction::Recycle, actor); !s.ok()) return s;
  // Every number checked before any goes back.
  std::vector<HeldNumber> numbers{{chip.pool(), chip.imsi(), chip.msisdn()}};
  numbers.insert(numbers.end(), chip.others().begin(), chip.others().end());
  for (const HeldNumber& n : numbers)
    if (Status s = pools_.at(n.pool).can_recycle(n.imsi, at_ms); !s.ok())
      return Status::refused("chip " + id + ": Recycle refused: " + s.refusal);
  for (const HeldNumber& n : numbers)
    if (Status s = pools_.at(n.pool).recycle(n.imsi, at_ms); !s.ok()) return s;  // not reached: checked
  return chip.recycle(actor, at_ms);
}

Status ChipRegistry::scrap(const std::string& id, const Party& actor, std::uint64_t at_ms) {
  auto c = find(id);
  return c.ok() ? (*c.value)->scrap(actor, at_ms) : Status::refused(c.refusal);
}

Status ChipRegistry::recycle_number(const Party& actor, const std::string& pool_id, const std::string& imsi,
                                    std::uint64_t at_ms) {
  if (actor.role != Role::Operator)
    return Status::refused("number recycling refused: " + describe(actor) + " is not the Operator");
  const auto p = pools_.find(pool_id);
  if (p == pools_.end()) return Status::refused("number recycling refused: no number pool " + pool_id);
  // A deactivated chip's number goes back with the chip's own Recycle step,
  // which records it on the chip (source document §3.2.3, 码号资源回收).
  const Chip* holder = chip(p->second.holder_of(imsi));
  bool holds = false;
  if (holder) {
    holds = holder->pool() == pool_id && holder->imsi() == imsi;
    for (const HeldNumber& n : holder->others()) holds = holds || (n.pool == pool_id && n.imsi == imsi);
  }
  if (holder && holder->state() == ChipState::Deactivated && holds)
    return Status::refused("number recycling refused: IMSI " + imsi + " is deactivated chip " + holder->id() +
                           "'s: its Recycle step returns it");
  return p->second.recycle(imsi, at_ms);
}

std::vector<std::string> ChipRegistry::held_by(const Party& holder) const {
  std::vector<std::string> ids;
  for (const auto& [id, c] : chips_)
    if (c.holder() && *c.holder() == holder) ids.push_back(id);
  return ids;
}

std::size_t ChipRegistry::steps_taken(ChipAction a) const {
  std::size_t n = 0;
  for (const auto& [id, c] : chips_)
    for (const AuditEntry& e : c.audit()) n += e.action == a;
  return n;
}

std::vector<std::string> ChipRegistry::in_state(ChipState s) const {
  std::vector<std::string> ids;
  for (const auto& [id, c] : chips_)
    if (c.state() == s) ids.push_back(id);
  return ids;
}

std::map<ChipState, std::size_t> ChipRegistry::counts() const {
  std::map<ChipState, std::size_t> n;
  for (const auto& [id, c] : chips_) ++n[c.state()];
  return n;
}

std::uint64_t ChipRegistry::billable_days(const std::string& account, std::uint64_t from_ms,
                                          std::uint64_t to_ms) const {
  std::uint64_t days = 0;
  for (const BillingRecord& r : billing_)
    if (r.account == account) days += platform::billable_days(r, from_ms, to_ms);
  return days;
}

std::uint64_t ChipRegistry::charge(const std::string& account, std::uint64_t from_ms, std::uint64_t to_ms) const {
  return billable_days(account, from_ms, to_ms) * config_.fee_per_day;
}

}  // namespace twinmodels::platform
