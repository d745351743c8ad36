#include "twinmodels/platform/chip_lifecycle.hpp"

#include <array>
#include <utility>

namespace twinmodels::platform {
namespace {

constexpr std::uint8_t bit(Role r) { return static_cast<std::uint8_t>(1u << static_cast<unsigned>(r)); }

constexpr std::uint8_t kMakers = bit(Role::CardVendor) | bit(Role::ChipMaker);
// Parties that keep stock and ship it (ours): everyone but the end customer.
// The operator is one: it buys cards from card vendors (the source document
// §4.1.1) and gives chips to module and device makers (§4.1.3, §4.1.4).
constexpr std::uint8_t kTrade =
    kMakers | bit(Role::Agent) | bit(Role::ModuleMaker) | bit(Role::Oem) | bit(Role::Operator);
constexpr std::uint8_t kOperator = bit(Role::Operator);
constexpr std::uint8_t kOperatorOrCustomer = kOperator | bit(Role::Customer);

using A = ChipAction;
using S = ChipState;

constexpr std::array kTable{
    Transition{A::Produce, std::nullopt, S::Produced, kMakers, Who::AnyOfRoles},
    Transition{A::StockIn, S::Produced, S::InStock, kMakers, Who::Holder},
    Transition{A::Ship, S::InStock, S::Shipped, kTrade, Who::Holder},
    Transition{A::Ship, S::Mounted, S::Shipped, bit(Role::ModuleMaker), Who::Holder},
    Transition{A::Ship, S::Integrated, S::Shipped, bit(Role::Oem), Who::Holder},
    Transition{A::Receive, S::Shipped, S::InStock, kTrade, Who::Addressee},
    Transition{A::Mount, S::InStock, S::Mounted, bit(Role::ModuleMaker), Who::Holder},
    Transition{A::Integrate, S::InStock, S::Integrated, bit(Role::Oem), Who::Holder},
    Transition{A::Sell, S::InStock, S::Sold, static_cast<std::uint8_t>(bit(Role::Agent) | bit(Role::Oem)), Who::Holder},
    Transition{A::Sell, S::Integrated, S::Sold, bit(Role::Oem), Who::Holder},
    Transition{A::Activate, S::Sold, S::Activated, kOperator, Who::AnyOfRoles},
    Transition{A::Activate, S::Recycled, S::Activated, kOperator, Who::AnyOfRoles},
    Transition{A::OtaWrite, S::Activated, S::OtaWritten, kOperator, Who::AnyOfRoles},
    Transition{A::OtaWrite, S::OtaWritten, S::OtaWritten, kOperator, Who::AnyOfRoles},
    Transition{A::Suspend, S::Activated, S::Suspended, kOperatorOrCustomer, Who::OperatorOrOwner},
    Transition{A::Suspend, S::OtaWritten, S::Suspended, kOperatorOrCustomer, Who::OperatorOrOwner},
    Transition{A::Resume, S::Suspended, S::Activated, kOperatorOrCustomer, Who::OperatorOrOwner},
    Transition{A::Resume, S::Suspended, S::OtaWritten, kOperatorOrCustomer, Who::OperatorOrOwner},
    Transition{A::Deactivate, S::Activated, S::Deactivated, kOperator, Who::AnyOfRoles},
    Transition{A::Deactivate, S::OtaWritten, S::Deactivated, kOperator, Who::AnyOfRoles},
    Transition{A::Deactivate, S::Suspended, S::Deactivated, kOperator, Who::AnyOfRoles},
    Transition{A::Recycle, S::Deactivated, S::Recycled, kOperator, Who::AnyOfRoles},
    Transition{A::Scrap, S::Produced, S::Scrapped, kMakers, Who::Holder},
    Transition{A::Scrap, S::InStock, S::Scrapped, kTrade, Who::Holder},
    Transition{A::Scrap, S::Recycled, S::Scrapped, kOperator, Who::AnyOfRoles},
    // An eUICC's profiles (ours, after SGP.02 §3.1, §3.2, §3.5, §3.8): a
    // download or an enable is an OTA write; a deletion or an SM-SR change
    // keeps the state. While Suspended the chip stays so.
    Transition{A::ProfileDownload, S::Activated, S::OtaWritten, kOperator, Who::AnyOfRoles},
    Transition{A::ProfileDownload, S::OtaWritten, S::OtaWritten, kOperator, Who::AnyOfRoles},
    Transition{A::ProfileDownload, S::Suspended, S::Suspended, kOperator, Who::AnyOfRoles},
    Transition{A::ProfileEnable, S::Activated, S::OtaWritten, kOperator, Who::AnyOfRoles},
    Transition{A::ProfileEnable, S::OtaWritten, S::OtaWritten, kOperator, Who::AnyOfRoles},
    Transition{A::ProfileEnable, S::Suspended, S::Suspended, kOperator, Who::AnyOfRoles},
    Transition{A::ProfileDelete, S::Activated, S::Activated, kOperator, Who::AnyOfRoles},
    Transition{A::ProfileDelete, S::OtaWritten, S::OtaWritten, kOperator, Who::AnyOfRoles},
    Transition{A::ProfileDelete, S::Suspended, S::Suspended, kOperator, Who::AnyOfRoles},
    Transition{A::SmSrChange, S::Activated, S::Activated, kOperator, Who::AnyOfRoles},
    Transition{A::SmSrChange, S::OtaWritten, S::OtaWritten, kOperator, Who::AnyOfRoles},
    Transition{A::SmSrChange, S::Suspended, S::Suspended, kOperator, Who::AnyOfRoles},
    // A number migration (ours, after the source document §2.4): the
    // failed terminal's chip gives its number up, in service or suspended;
    // a replaced chip is scrapped next.
    Transition{A::NumberMigrate, S::Activated, S::Replaced, kOperator, Who::AnyOfRoles},
    Transition{A::NumberMigrate, S::OtaWritten, S::Replaced, kOperator, Who::AnyOfRoles},
    Transition{A::NumberMigrate, S::Suspended, S::Replaced, kOperator, Who::AnyOfRoles},
    Transition{A::Scrap, S::Replaced, S::Scrapped, kOperator, Who::AnyOfRoles},
};

std::string numbers_of(const HeldNumber& n) { return "IMSI " + n.imsi + ", MSISDN " + n.msisdn; }

// The held numbers for a detail: "; other profiles' numbers: IMSI a, MSISDN b; ...".
std::string others_of(const std::vector<HeldNumber>& others) {
  std::string s;
  for (const HeldNumber& n : others) s += (s.empty() ? "; other profiles' numbers: " : "; ") + numbers_of(n);
  return s;
}

std::string roles_of(std::uint8_t roles) {
  std::string s;
  for (unsigned r = 0; r <= static_cast<unsigned>(Role::Operator); ++r) {
    if (!(roles & (1u << r))) continue;
    if (!s.empty()) s += " or ";
    s += to_string(static_cast<Role>(r));
  }
  return s;
}

}  // namespace

const char* to_string(Role r) {
  switch (r) {
    case Role::CardVendor: return "CardVendor";
    case Role::ChipMaker: return "ChipMaker";
    case Role::Agent: return "Agent";
    case Role::ModuleMaker: return "ModuleMaker";
    case Role::Oem: return "Oem";
    case Role::Customer: return "Customer";
    case Role::Operator: return "Operator";
  }
  return "?";
}

const char* to_string(ChipState s) {
  switch (s) {
    case S::Produced: return "Produced";
    case S::InStock: return "InStock";
    case S::Shipped: return "Shipped";
    case S::Mounted: return "Mounted";
    case S::Integrated: return "Integrated";
    case S::Sold: return "Sold";
    case S::Activated: return "Activated";
    case S::OtaWritten: return "OtaWritten";
    case S::Suspended: return "Suspended";
    case S::Deactivated: return "Deactivated";
    case S::Recycled: return "Recycled";
    case S::Scrapped: return "Scrapped";
    case S::Replaced: return "Replaced";
  }
  return "?";
}

const char* to_string(ChipAction a) {
  switch (a) {
    case A::Produce: return "Produce";
    case A::StockIn: return "StockIn";
    case A::Ship: return "Ship";
    case A::Receive: return "Receive";
    case A::Mount: return "Mount";
    case A::Integrate: return "Integrate";
    case A::Sell: return "Sell";
    case A::Activate: return "Activate";
    case A::OtaWrite: return "OtaWrite";
    case A::Suspend: return "Suspend";
    case A::Resume: return "Resume";
    case A::Deactivate: return "Deactivate";
    case A::Recycle: return "Recycle";
    case A::Scrap: return "Scrap";
    case A::ProfileDownload: return "ProfileDownload";
    case A::ProfileEnable: return "ProfileEnable";
    case A::ProfileDelete: return "ProfileDelete";
    case A::SmSrChange: return "SmSrChange";
    case A::NumberMigrate: return "NumberMigrate";
  }
  return "?";
}

std::string describe(const Party& p) { return std::string(to_string(p.role)) + ":" + p.id; }

std::string describe(const AuditEntry& e) {
  std::string s = std::to_string(e.at_ms) + " ms " + describe(e.actor) + " " + to_string(e.action) + " " +
                  (e.from ? to_string(*e.from) : "-") + " -> " + to_string(e.to);
  if (!e.detail.empty()) s += " (" + e.detail + ")";
  return s;
}

std::span<const Transition> transitions() { return kTable; }

Result<Chip> Chip::produce(std::string id, ProductionInfo info, const Party& actor, std::uint64_t at_ms) {
  if (id.empty()) return Result<Chip>::refused("Produce refused: no chip id (EID or ICCID)");
  if (actor.id.empty()) return Result<Chip>::refused("chip " + id + ": Produce refused: the actor has no id");
  if (!(kMakers & bit(actor.role)))
    return Result<Chip>::refused("chip " + id + ": Produce refused: " + describe(actor) + " is not a " +
                                 roles_of(kMakers));
  const std::string& named = actor.role == Role::CardVendor ? info.card_vendor : info.chip_maker;
  if (named != actor.id)
    return Result<Chip>::refused("chip " + id + ": Produce refused: " + describe(actor) +
                                 " is not the one named in the production record");
  Chip c;
  c.id_ = std::move(id);
  c.production_ = std::move(info);
  c.holder_ = actor;
  // The production record's parties, those it names.
  std::string detail;
  for (const auto& [what, who] : {std::pair<const char*, const std::string&>{"card vendor ", c.production_.card_vendor},
                                  {"chip maker ", c.production_.chip_maker}})
    if (!who.empty()) detail += what + who + ", ";
  c.audit_.push_back({at_ms, actor, A::Produce, std::nullopt, S::Produced, detail + "batch " + c.production_.batch});
  return Result<Chip>::of(std::move(c));
}

const Transition* Chip::find(ChipAction action) const {
  for (const Transition& t : kTable) {
    if (t.action != action || t.from != state_) continue;
    if (action == A::Resume && t.to != before_suspension_) continue;
    return &t;
  }
  return nullptr;
}

Status Chip::check(ChipAction action, const Party& actor) const {
  const std::string refused = "chip " + id_ + ": " + to_string(action) + " refused: ";
  const Transition* t = find(action);
  if (!t) {
    std::string from;
    for (const Transition& r : kTable) {
      if (r.action != action) continue;
      if (!from.empty()) from += ", ";
      from += r.from ? to_string(*r.from) : "-";
    }
    return Status::refused(refused + "not allowed from " + to_string(state_) + " (only from " + from + ")");
  }
  if (actor.id.empty()) return Status::refused(refused + "the actor has no id");
  if (!(t->roles & bit(actor.role)))
    return Status::refused(refused + describe(actor) + " is not a " + roles_of(t->roles));
  switch (t->who) {
    case Who::AnyOfRoles: break;
    case Who::Holder:
      if (!holder_ || *holder_ != actor)
        return Status::refused(refused + describe(actor) + " does not hold it (" +
                               (holder_ ? describe(*holder_) : std::string("nobody")) + " does)");
      break;
    case Who::Addressee:
      if (!shipped_to_ || *shipped_to_ != actor)
        return Status::refused(refused + "it is addressed to " +
                               (shipped_to_ ? describe(*shipped_to_) : std::string("nobody")) + ", not " +
                               describe(actor));
      break;
    case Who::OperatorOrOwner:
      if (actor.role != Role::Operator && (!customer_ || *customer_ != actor))
        return Status::refused(refused + describe(actor) + " does not own it");
      break;
  }
  return Status::done();
}

Status Chip::step(ChipAction action, const Party& actor, std::uint64_t at_ms, std::string detail) {
  const Transition* t = find(action);
  if (!t) return check(action, actor);  // not reached: every caller checked first
  audit_.push_back({at_ms, actor, action, state_, t->to, std::move(detail)});
  state_ = t->to;
  return Status::done();
}

Status Chip::stock_in(const Party& actor, std::uint64_t at_ms) {
  if (Status s = check(A::StockIn, actor); !s.ok()) return s;
  return step(A::StockIn, actor, at_ms, "into the stock of " + describe(actor));
}

Status Chip::ship(const Party& actor, const Party& to, std::uint64_t at_ms) {
  if (Status s = check(A::Ship, actor); !s.ok()) return s;
  if (to.id.empty() || !(kTrade & bit(to.role)))
    return Status::refused("chip " + id_ + ": Ship refused: " + describe(to) +
                           " does not keep stock (an end customer buys: Sell)");
  if (to == actor) return Status::refused("chip " + id_ + ": Ship refused: to its own holder");
  shipped_to_ = to;
  return step(A::Ship, actor, at_ms, "from " + describe(actor) + " to " + describe(to));
}

Status Chip::receive(const Party& actor, std::uint64_t at_ms) {
  if (Status s = check(A::Receive, actor); !s.ok()) return s;
  const std::string from = holder_ ? describe(*holder_) : std::string("-");
  holder_ = actor;
  shipped_to_.reset();
  return step(A::Receive, actor, at_ms, "from " + from + " into the stock of " + describe(actor));
}

Status Chip::mount(const Party& actor, const std::string& module_id, std::uint64_t at_ms) {
  if (Status s = check(A::Mount, actor); !s.ok()) return s;
  if (module_id.empty()) return Status::refused("chip " + id_ + ": Mount refused: no module id");
  if (!module_id_.empty())
    return Status::refused("chip " + id_ + ": Mount refused: already in module " + module_id_);
  module_id_ = module_id;
  return step(A::Mount, actor, at_ms, "module " + module_id);
}

Status Chip::integrate(const Party& actor, const std::string& device_id, std::uint64_t at_ms) {
  if (Status s = check(A::Integrate, actor); !s.ok()) return s;
  if (device_id.empty()) return Status::refused("chip " + id_ + ": Integrate refused: no device id");
  if (!device_id_.empty())
    return Status::refused("chip " + id_ + ": Integrate refused: already in device " + device_id_);
  device_id_ = device_id;
  return step(A::Integrate, actor, at_ms,
              "device " + device_id + (module_id_.empty() ? std::string() : ", module " + module_id_));
}

Status Chip::sell(const Party& actor, const Party& customer, const std::string& account, std::uint64_t at_ms) {
  if (Status s = check(A::Sell, actor); !s.ok()) return s;
  const std::string refused = "chip " + id_ + ": Sell refused: ";
  if (device_id_.empty()) return Status::refused(refused + "not in a device yet (Integrate first)");
  if (customer.role != Role::Customer || customer.id.empty())
    return Status::refused(refused + describe(customer) + " is not an end customer");
  if (account.empty()) return Status::refused(refused + "no customer account");
  customer_ = customer;
  account_ = account;
  holder_ = customer;
  return step(A::Sell, actor, at_ms, "device " + device_id_ + " to " + describe(customer) + ", account " + account);
}

Status Chip::activate(const Party& actor, const std::string& pool, const std::string& imsi,
                      const std::string& msisdn, std::uint64_t at_ms) {
  if (Status s = check(A::Activate, actor); !s.ok()) return s;
  if (imsi.empty() || msisdn.empty())
    return Status::refused("chip " + id_ + ": Activate refused: no IMSI / MSISDN");
  pool_ = pool;
  imsi_ = imsi;
  msisdn_ = msisdn;
  return step(A::Activate, actor, at_ms,
              "account " + account_ + ", pool " + pool + ", IMSI " + imsi + ", MSISDN " + msisdn);
}

Status Chip::activate(const Party& actor, const HeldNumber& active, std::vector<HeldNumber> others,
                      std::uint64_t at_ms) {
  if (Status s = check(A::Activate, actor); !s.ok()) return s;
  for (const HeldNumber& n : others) {
    if (n.imsi.empty() || n.msisdn.empty())
      return Status::refused("chip " + id_ + ": Activate refused: an other profile without IMSI / MSISDN");
  }
  if (active.imsi.empty() || active.msisdn.empty())
    return Status::refused("chip " + id_ + ": Activate refused: no IMSI / MSISDN");
  pool_ = active.pool;
  imsi_ = active.imsi;
  msisdn_ = active.msisdn;
  std::string detail = "account " + account_ + ", pool " + active.pool + ", " + numbers_of(active) + others_of(others);
  others_ = std::move(others);
  return step(A::Activate, actor, at_ms, std::move(detail));
}

std::optional<std::size_t> Chip::other_of(const std::string& imsi) const {
  for (std::size_t i = 0; i < others_.size(); ++i)
    if (others_[i].imsi == imsi) return i;
  return std::nullopt;
}

void Chip::written_while_suspended() {
  if (state_ == S::Suspended) before_suspension_ = S::OtaWritten;
}

Status Chip::download_profile(const Party& actor, const HeldNumber& number, const std::string& profile, bool enable,
                              std::uint64_t at_ms) {
  if (Status s = check(A::ProfileDownload, actor); !s.ok()) return s;
  const std::string refused = "chip " + id_ + ": ProfileDownload refused: ";
  if (number.imsi.empty() || number.msisdn.empty()) return Status::refused(refused + "no IMSI / MSISDN");
  if (number.imsi == imsi_ || other_of(number.imsi)) return Status::refused(refused + "it holds IMSI " + number.imsi + " already");
  // The source document §3.2.3's OTA writing, for an eUICC a profile download.
  std::string detail = "profile download: profile " + profile + ", pool " + number.pool + ", " + numbers_of(number);
  if (enable) {
    detail += ", enabled: IMSI " + imsi_ + " -> " + number.imsi + ", MSISDN " + msisdn_ + " -> " + number.msisdn;
    others_.push_back({pool_, imsi_, msisdn_});
    pool_ = number.pool;
    imsi_ = number.imsi;
    msisdn_ = number.msisdn;
  } else {
    others_.push_back(number);
  }
  written_while_suspended();
  return step(A::ProfileDownload, actor, at_ms, std::move(detail));
}

Status Chip::enable_profile(const Party& actor, const std::string& imsi, const std::string& profile,
                            std::uint64_t at_ms) {
  if (Status s = check(A::ProfileEnable, actor); !s.ok()) return s;
  const std::optional<std::size_t> i = other_of(imsi);
  if (!i)
    return Status::refused("chip " + id_ + ": ProfileEnable refused: IMSI " + imsi +
                           " is not one of its profiles' that is not enabled");
  HeldNumber& n = others_[*i];
  std::string detail = "profile " + profile + " enabled: IMSI " + imsi_ + " -> " + n.imsi + ", MSISDN " + msisdn_ +
                       " -> " + n.msisdn;
  std::swap(n.pool, pool_);
  std::swap(n.imsi, imsi_);
  std::swap(n.msisdn, msisdn_);
  written_while_suspended();
  return step(A::ProfileEnable, actor, at_ms, std::move(detail));
}

Status Chip::delete_profile(const Party& actor, const std::string& imsi, const std::string& profile,
                            std::uint64_t at_ms) {
  if (Status s = check(A::ProfileDelete, actor); !s.ok()) return s;
  const std::optional<std::size_t> i = other_of(imsi);
  if (!i)
    return Status::refused("chip " + id_ + ": ProfileDelete refused: IMSI " + imsi +
                           (imsi == imsi_ ? " is the enabled profile's" : " is not one of its profiles'"));
  std::string detail = "profile " + profile + " deleted: " + numbers_of(others_[*i]) + " into quarantine";
  others_.erase(others_.begin() + static_cast<std::ptrdiff_t>(*i));
  return step(A::ProfileDelete, actor, at_ms, std::move(detail));
}

Status Chip::change_sm_sr(const Party& actor, const std::string& from, const std::string& to, std::uint64_t at_ms) {
  if (Status s = check(A::SmSrChange, actor); !s.ok()) return s;
  const std::string refused = "chip " + id_ + ": SmSrChange refused: ";
  if (from.empty() || to.empty()) return Status::refused(refused + "no SM-SR id");
  if (!sm_sr_.empty() && sm_sr_ != from) return Status::refused(refused + "SM-SR " + sm_sr_ + " manages it, not " + from);
  if (to == from) return Status::refused(refused + "SM-SR " + to + " manages it already");
  sm_sr_ = to;
  return step(A::SmSrChange, actor, at_ms, "SM-SR " + from + " -> " + to);
}

Status Chip::ota_write(const Party& actor, const std::string& pool, const std::string& imsi,
                       const std::string& msisdn, const std::string& how, std::uint64_t at_ms) {
  if (Status s = check(A::OtaWrite, actor); !s.ok()) return s;
  if (imsi.empty() || msisdn.empty())
    return Status::refused("chip " + id_ + ": OtaWrite refused: no IMSI / MSISDN");
  std::string detail = how + ": IMSI " + imsi_ + " -> " + imsi + ", MSISDN " + msisdn_ + " -> " + msisdn;
  if (pool != pool_) detail += ", pool " + pool_ + " -> " + pool;
  pool_ = pool;
  imsi_ = imsi;
  msisdn_ = msisdn;
  return step(A::OtaWrite, actor, at_ms, std::move(detail));
}

Status Chip::migrate_number_to(const Party& actor, const std::string& to, std::uint64_t at_ms) {
  if (Status s = check(A::NumberMigrate, actor); !s.ok()) return s;
  if (!others_.empty())
    return Status::refused("chip " + id_ + ": NumberMigrate refused: it holds other profiles' numbers (an eUICC)");
  std::string detail = "IMSI " + imsi_ + ", MSISDN " + msisdn_ + " to chip " + to;
  pool_.clear();
  imsi_.clear();
  msisdn_.clear();
  return step(A::NumberMigrate, actor, at_ms, std::move(detail));
}

Status Chip::take_migrated_number(const Party& actor, const std::string& from, const HeldNumber& number,
                                  const std::optional<Party>& customer, const std::string& account,
                                  std::uint64_t at_ms) {
  if (Status s = check(A::OtaWrite, actor); !s.ok()) return s;
  if (number.imsi.empty() || number.msisdn.empty())
    return Status::refused("chip " + id_ + ": OtaWrite refused: no IMSI / MSISDN");
  std::string how = "number migration from chip " + from;
  if (account != account_) how += ", account " + account_ + " -> " + account;
  customer_ = customer;
  account_ = account;
  return ota_write(actor, number.pool, number.imsi, number.msisdn, how, at_ms);
}

Status Chip::suspend(const Party& actor, std::uint64_t at_ms) {
  if (Status s = check(A::Suspend, actor); !s.ok()) return s;
  before_suspension_ = state_;
  return step(A::Suspend, actor, at_ms, "");
}

Status Chip::resume(const Party& actor, std::uint64_t at_ms) {
  if (Status s = check(A::Resume, actor); !s.ok()) return s;
  return step(A::Resume, actor, at_ms, "");
}

Status Chip::deactivate(const Party& actor, std::uint64_t at_ms) {
  if (Status s = check(A::Deactivate, actor); !s.ok()) return s;
  return step(A::Deactivate, actor, at_ms,
              "IMSI " + imsi_ + ", MSISDN " + msisdn_ + others_of(others_) + " into quarantine");
}

Status Chip::recycle(const Party& actor, std::uint64_t at_ms) {
  if (Status s = check(A::Recycle, actor); !s.ok()) return s;
  std::string detail = "IMSI " + imsi_ + ", MSISDN " + msisdn_ + " back to pool " + pool_;
  for (const HeldNumber& n : others_) detail += "; " + numbers_of(n) + " back to pool " + n.pool;
  imsi_.clear();
  msisdn_.clear();
  others_.clear();
  return step(A::Recycle, actor, at_ms, std::move(detail));
}

Status Chip::scrap(const Party& actor, std::uint64_t at_ms) {
  if (Status s = check(A::Scrap, actor); !s.ok()) return s;
  holder_.reset();
  return step(A::Scrap, actor, at_ms, "");
}

}  // namespace twinmodels::platform
