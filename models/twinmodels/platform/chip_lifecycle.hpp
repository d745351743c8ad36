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
  // Out of service, its number moved to a replacement chip (a number
  // migration, the source document §2.4: the terminal failed); scrapped next.
  Replaced,
};
const char* to_string(ChipState s);

enum class ChipAction : std::uint8_t {
  Produce, StockIn, Ship, Receive, Mount, Integrate, Sell,
  Activate, OtaWrite, Suspend, Resume, Deactivate, Recycle, Scrap,
  // An eUICC's (GSMA SGP.02): a profile downloaded with its number (the
  // OTA writing of an eUICC, §3.1), a profile enabled (its number the
  // active one, §3.2), a profile deleted (its number into quarantine,
  // §3.5), the eUICC handed to another SM-SR (§3.8).
  ProfileDownload, ProfileEnable, ProfileDelete, SmSrChange,
  // The chip's number moved to a replacement chip (the source document
  // §2.4, 空中写号 to a new terminal): the replacement's step is an
  // OtaWrite (how: "number migration from chip <id>").
  NumberMigrate,
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

// A number a chip holds: its pool and the IMSI / MSISDN pair.
struct HeldNumber {
  std::string pool;
  std::string imsi;
  std::string msisdn;
  bool operator==(const HeldNumber&) const = default;
};

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
  // An eUICC's activation: the enabled profile's number the active one,
  // the other installed profiles' numbers held besides it (others()).
  Status activate(const Party& actor, const HeldNumber& active, std::vector<HeldNumber> others, std::uint64_t at_ms);
  Status ota_write(const Party& actor, const std::string& pool, const std::string& imsi, const std::string& msisdn,
                   const std::string& how, std::uint64_t at_ms);
  // An eUICC's profile steps (SGP.02; the numbers are the registry's to
  // check against its pools): `profile` names the profile in the audit
  // trail (its ICCID). A download adds the profile's number, the active
  // one when `enable` (the one before stays held); an enable makes a held
  // number the active one; a deletion drops a held number that is not the
  // active one (SGP.02 §3.5: only a disabled profile is deleted). Refused
  // for a number the chip holds already (download) or does not hold
  // besides the active one (enable, delete).
  Status download_profile(const Party& actor, const HeldNumber& number, const std::string& profile, bool enable,
                          std::uint64_t at_ms);
  Status enable_profile(const Party& actor, const std::string& imsi, const std::string& profile, std::uint64_t at_ms);
  Status delete_profile(const Party& actor, const std::string& imsi, const std::string& profile, std::uint64_t at_ms);
  // The eUICC's management handed from SM-SR `from` to `to` (SGP.02 §3.8);
  // refused when the chip records another SM-SR than `from`, or `to` is it.
  Status change_sm_sr(const Party& actor, const std::string& from, const std::string& to, std::uint64_t at_ms);
  // The number migration's two sides (the registry moves the number, the
  // account and the billing; ChipRegistry::migrate_number): this chip's
  // number goes to chip `to` (state Replaced, its numbers cleared), and
  // this chip takes `number` under `account` of `customer` (an OtaWrite
  // whose detail names chip `from`).
  Status migrate_number_to(const Party& actor, const std::string& to, std::uint64_t at_ms);
  Status take_migrated_number(const Party& actor, const std::string& from, const HeldNumber& number,
                              const std::optional<Party>& customer, const std::string& account, std::uint64_t at_ms);
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
  // The numbers it holds besides the active one: an eUICC's installed
  // profiles that are not enabled (Activated .. Deactivated; empty after
  // recycling), in the order they came.
  const std::vector<HeldNumber>& others() const { return others_; }
  // The SM-SR an SM-SR change handed it to last; empty before any.
  const std::string& sm_sr() const { return sm_sr_; }
  const std::vector<AuditEntry>& audit() const { return audit_; }

 private:
  friend struct ChipRegistryCodec;  // chip_registry_state.cpp: the checkpoint

  Chip() = default;
  const Transition* find(ChipAction action) const;
  Status step(ChipAction action, const Party& actor, std::uint64_t at_ms, std::string detail);
  // The index in others_ of `imsi`; none: not held besides the active one.
  std::optional<std::size_t> other_of(const std::string& imsi) const;
  // A profile step while Suspended leaves the number written over the air
  // as the one to resume with.
  void written_while_suspended();

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
  std::vector<HeldNumber> others_;
  std::string sm_sr_;
  ChipState before_suspension_ = ChipState::Activated;
  std::vector<AuditEntry> audit_;
};

}  // namespace twinmodels::platform
