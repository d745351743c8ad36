#pragma once
// Where a secured packet goes (TS 102 225 §5.1: its TAR; TS 101 220 Annex
// D): one of the card's RFM applications, its Issuer Security Domain (RAM),
// or an installed applet whose install parameters gave it the TAR (TS 102
// 226 §8.2.1.3.2.2) — and which key sets serve it.
#include <optional>

#include "cardcore/gp/native_module.hpp"
#include "cardcore/gp/registry_record.hpp"
#include "cardcore/ota/command_packet.hpp"
#include "cardcore/remote/key_sets.hpp"
#include "cardcore/remote/tar.hpp"

namespace cardcore {
class Uicc;
}

namespace cardcore::remote {

struct Route {
  // SecurityDomain: an instance the card's ISD extension made (an eUICC's
  // ISD-P, gp/isd_extension.hpp), whose scripts the extension runs.
  enum class Kind : std::uint8_t { Rfm, Isd, Applet, SecurityDomain };
  Kind kind = Kind::Rfm;
  Application rfm = Application::UiccRfm;  // Kind::Rfm
  gp::RegistryEntry applet;                // Kind::Applet, SecurityDomain: the instance
  const gp::NativeModule* module = nullptr;  // Kind::Applet: its code
};

// nullopt: no application of this card has the TAR (PoR '09'). An RFM TAR
// whose application the card lacks, the ISD's without a [gp] section, an
// applet that is not SELECTABLE (installed only, or locked) have none.
std::optional<Route> route_tar(const Uicc& card, const ota::Tar& tar);

// The key sets of the route: the TAR's own records of the key set EF; for
// an applet without records of its own, those of its Security Domain (the
// ISD's, TAR '00 00 00': GP keys belong to the Security Domain, TS 102 226
// §8.2.1.3.2.2). An applet's minimum security level from its install
// parameters, when it gave one, replaces the records'.
std::optional<TarKeys> route_keys(const Uicc& card, const ota::CommandHeader& header, const Route& route);

// Hands the deciphered secured data to the application; returns the PoR's
// additional response data.
Bytes run_route(Uicc& card, const Route& route, ByteView data);

}  // namespace cardcore::remote
