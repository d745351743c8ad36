#pragma once
// One eSIM chip (or card) in the chip management platform (物联网 eSIM 芯片
// 管理平台, the source document §3.2.3): its stage along the chip's
// circulation — production, stock in and out, shipment between parties,
// mounting in a module, integration in a device, sale, number activation,
// OTA writing, suspension, deactivation, number recycling, scrapping — and an
// audit trail of every step (time, who, action, from-state, to-state,
// detail).
//
// The source document names the parties (card vendors, chip makers, agents,
// module makers, device OEMs, end customers; the operator runs the platform)
// and the steps of the closed loop, but not the rules between them: the
// transition table (transitions()) and who may take each step are ours,
// written out in README.md. A step that is not in the table, or taken by a
// party it does not belong to, is refused with a reason; nothing changes.
//
// No clock: the caller gives every step's time in ms. Number resources and
// billing are the registry's (chip_registry.hpp): a Chip only records the
// numbers it is given.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "twinmodels/platform/chip_result.hpp"

namespace twinmodels::platform {

struct ChipRegistryCodec;

enum class Role : std::uint8_t { CardVendor, ChipMaker, Agent, ModuleMaker, Oem, Customer, Operator };
const char* to_string(Role r);

struct Party {
  Role role = Role::Operator;
  std::string id;
  bool operator==(const Party&) const = default;
};
std::string describe(const Party& p);  // "Oem:oem-1"

enum class ChipState : std::uint8_t {
  Produced,     // made, held by its card vendor or chip maker
  InStock,      // in a party's stock
  Shipped,      // on its way from one party to another
  Mounted,      // in a module (module maker)
  Integrated,   // in a device (OEM)
  Sold,         // the device belongs to an end customer
  Activated,    // the operator opened a number (IMSI / MSISDN) for it
  OtaWritten,   // in service with a number written over the air
  Suspended,
  Deactivated,  // out of service; its number is in quarantine
  Recycled,     // its number went back to the pool
  Scrapped,     // the end: no step leaves it
};
const char* to_string(ChipState s);

enum class ChipAction : std::uint8_t {
  Produce, StockIn, Ship, Receive, Mount, Integrate, Sell,
  Activate, OtaWrite, Suspend, Resume, Deactivate, Recycle, Scrap,
};
const char* to_string(ChipAction a);

// Who may take a step, beyond its roles.
enum class Who : std::uint8_t {
  AnyOfRoles,       // any party with one of the roles
  Holder,           // the party holding the chip, if it has one of the roles
  Addressee,        // the party a shipment is addressed to
  OperatorOrOwner,  // the operator, or the end customer the device was sold to
};

struct Transition {
  ChipAction action;
  std::optional<ChipState> from;  // none: the chip's first step
  ChipState to;
  std::uint8_t roles;  // bit (1 << Role)
  Who who;
};

// The whole table, one row per allowed (action, from-state).
std::span<const Transition> transitions();

struct AuditEntry {
  std::uint64_t at_ms = 0;
  Party actor;
  ChipAction action = ChipAction::Produce;
  std::optional<ChipState> from;
  ChipState to = ChipState::Produced;
  std::string detail;
  bool operator==(const AuditEntry&) const = default;
};
std::string describe(const AuditEntry& e);  // one trace line

struct ProductionInfo {
  std::string card_vendor;  // party ids
  std::string chip_maker;
  std::string batch;
};

class Chip {
 public:
  // The first step: a card vendor or chip maker named in `info` produces the
  // chip and holds it. Refused for an empty id or another actor.
  static Result<Chip> produce(std::string id, ProductionInfo info, const Party& actor, std::uint64_t at_ms);

  // Whether `actor` may take `action` now (state, role, holder): what the
  // step methods check first. The registry asks before it touches a pool.
  Status check(ChipAction action, const Party& actor) const;

  Status stock_in(const Party& actor, std::uint64_t at_ms);
  Status ship(const Party& actor, const Party& to, std::uint64_t at_ms);
  Status receive(const Party& actor, std::uint64_t at_ms);
  Status mount(const Party& actor, const std::string& module_id, std::uint64_t at_ms);
  Status integrate(const Party& actor, const std::string& device_id, std::uint64_t at_ms);
  Status sell(const Party& actor, const Party& customer, const std::string& account, std::uint64_t at_ms);
  Status activate(const Party& actor, const std::string& pool, const std::string& imsi, const std::string& msisdn,
                  std::uint64_t at_ms);
  Status ota_write(const Party& actor, const std::string& pool, const std::string& imsi, const std::string& msisdn,
                   const std::string& how, std::uint64_t at_ms);
  Status suspend(const Party& actor, std::uint64_t at_ms);
  Status resume(const Party& actor, std::uint64_t at_ms);
  Status deactivate(const Party& actor, std::uint64_t at_ms);
  Status recycle(const Party& actor, std::uint64_t at_ms);
  Status scrap(const Party& actor, std::uint64_t at_ms);

  const std::string& id() const { return id_; }
  ChipState state() const { return state_; }
  // Who holds it: its producer, the stock it is in, the shipper while it is
  // on its way, the end customer once sold.
  const std::optional<Party>& holder() const { return holder_; }
  const std::optional<Party>& shipped_to() const { return shipped_to_; }  // while Shipped
  const ProductionInfo& production() const { return production_; }
  const std::string& module_id() const { return module_id_; }
  const std::string& device_id() const { return device_id_; }
  const std::optional<Party>& customer() const { return customer_; }
  const std::string& account() const { return account_; }
  // The number it has (Activated .. Deactivated; empty after recycling).
  const std::string& pool() const { return pool_; }
  const std::string& imsi() const { return imsi_; }
  const std::string& msisdn() const { return msisdn_; }
  const std::vector<AuditEntry>& audit() const { return audit_; }

 private:
  friend struct ChipRegistryCodec;  // chip_registry_state.cpp: the checkpoint

  Chip() = default;
  const Transition* find(ChipAction action) const;
  Status step(ChipAction action, const Party& actor, std::uint64_t at_ms, std::string detail);

  std::string id_;
  ChipState state_ = ChipState::Produced;
  std::optional<Party> holder_;
  std::optional<Party> shipped_to_;
  ProductionInfo production_;
  std::string module_id_;
  std::string device_id_;
  std::optional<Party> customer_;
  std::string account_;
  std::string pool_;
  std::string imsi_;
  std::string msisdn_;
  ChipState before_suspension_ = ChipState::Activated;
  std::vector<AuditEntry> audit_;
};

}  // namespace twinmodels::platform
