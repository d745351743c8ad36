#pragma once
// Executable modules this card has code for. card-core runs no Java Card
// bytecode: a load file is stored and registered byte for byte, and INSTALL
// [for install] makes an application instance only of a module whose AID
// names a native implementation here (gp/README.md). The write-card applet
// (card-core/cardcore/applet/) is one.
#include <string_view>

#include "cardcore/gp/registry_record.hpp"
#include "cardcore/util/bytes.hpp"

namespace cardcore {
class Uicc;
}

namespace cardcore::gp {

class NativeModule {
 public:
  virtual ~NativeModule() = default;
  virtual std::string_view name() const = 0;
  // INSTALL [for install]: whether an instance can run with these
  // application specific parameters ('C9') on this card (else '6A80').
  virtual bool accepts(const Uicc& card, ByteView app_params) const = 0;
  // The secured data of a command packet for one of the instance's TARs
  // (TS 102 225 §5.1, TS 102 226 §8.2.1.3.2.2); returns the additional
  // response data of the PoR. The card is powered, inside the ENVELOPE;
  // PowerLoss goes through.
  virtual Bytes process(Uicc& card, const RegistryEntry& instance, ByteView data) const = 0;
};

// nullptr when the card has no code for this module AID.
const NativeModule* native_module(ByteView module_aid);

}  // namespace cardcore::gp
