#pragma once
// What a card adds to its Issuer Security Domain beyond the GlobalPlatform
// commands of gp/: an eUICC's ISD-R (GSMA SGP.02 §4.1.1) takes STORE DATA
// and GET DATA for its ES5 functions, decides about the security domains
// (ISD-P) it creates, and runs their scripts. The eUICC installs it on its
// platform card as that card's SMS-PP download handler (a platform card
// takes no ENVELOPE from a terminal, so the slot is free there): a card
// whose handler also implements IsdExtension has its ISD extended by it.
#include <optional>

#include "cardcore/apdu/command_apdu.hpp"
#include "cardcore/gp/install_command.hpp"
#include "cardcore/gp/registry_record.hpp"
#include "cardcore/util/bytes.hpp"

namespace cardcore {
class Uicc;
}

namespace cardcore::gp {

class IsdExtension {
 public:
  virtual ~IsdExtension() = default;
  // Sees every command of an ISD session first (class already checked): its
  // status word with `out` the response data, or nullopt to leave the
  // command to the GP handlers. Same rules as execute_isd().
  virtual std::optional<StatusWord> isd_command(Uicc& card, const CommandApdu& c, Bytes& out) = 0;
  // INSTALL [for install] of a security domain (privilege b8) of a module
  // the card has no native code for: whether this extension makes an
  // instance of `module_aid` with these 'C9' parameters.
  virtual bool accepts_security_domain(const Uicc& card, ByteView module_aid, ByteView app_params) const = 0;
  // Then, inside the NVM transaction that stages the instance's registry
  // entry (record `record`) and before its commit: stages what the
  // extension keeps for it (an ISD-P's memory quota 'C8'), or refuses with
  // a status word, and the transaction is dropped. Default: nothing kept.
  virtual StatusWord stage_security_domain(Uicc& card, std::uint8_t record, const InstallForInstall& in) {
    (void)card;
    (void)record;
    (void)in;
    return sw::kOk;
  }
  // The secured data of a command packet for such an instance (by one of
  // its TARs); returns the PoR's additional response data.
  virtual Bytes security_domain_script(Uicc& card, const RegistryEntry& instance, ByteView data) = 0;
  // A STORE DATA the ISD forwards to such an instance after INSTALL [for
  // personalization] (GP §11.5.2.3.6); class '80' or '84' (the instance's
  // own secure channel). Same rules as isd_command().
  virtual StatusWord security_domain_store_data(Uicc& card, const RegistryEntry& instance, const CommandApdu& c,
                                                Bytes& out) = 0;
  // The secured data of a command packet for the ISD itself, before it is
  // run as a RAM script: the PoR's additional response data when the
  // extension takes it (an eUICC's SCP81 trigger, GP Amendment B), nullopt
  // to leave it to RAM.
  virtual std::optional<Bytes> isd_secured_data(Uicc& card, ByteView data) {
    (void)card;
    (void)data;
    return std::nullopt;
  }
};

// The card's extension, or nullptr.
IsdExtension* isd_extension(const Uicc& card);

}  // namespace cardcore::gp
