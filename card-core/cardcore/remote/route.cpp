#include "cardcore/remote/route.hpp"

#include "cardcore/card/uicc.hpp"
#include "cardcore/gp/isd.hpp"
#include "cardcore/gp/isd_extension.hpp"
#include "cardcore/gp/registry.hpp"
#include "cardcore/remote/ram.hpp"
#include "cardcore/remote/rfm.hpp"

namespace cardcore::remote {

std::optional<Route> route_tar(const Uicc& card, const ota::Tar& tar) {
  Route r;
  if (const std::optional<Application> app = application_of(tar)) {
    if (!application_file(card, *app)) return std::nullopt;
    r.kind = Route::Kind::Rfm;
    r.rfm = *app;
    return r;
  }
  if (!card.profile().gp) return std::nullopt;
  if (tar == card.profile().gp->isd_tar) {
    r.kind = Route::Kind::Isd;
    return r;
  }
  const std::vector<gp::Slot> used = gp::read_registry(card);
  const gp::Slot* app = gp::application_with_tar(used, tar);
  if (!app) return std::nullopt;
  const Bytes* module = gp::module_of(used, *app);
  r.module = module ? gp::native_module(*module) : nullptr;
  r.applet = app->entry;
  if (r.module) {
    if (app->entry.life_cycle != gp::life_cycle::kSelectable) return std::nullopt;
    r.kind = Route::Kind::Applet;
    return r;
  }
  // A security domain of the ISD extension: SELECTABLE and the states
  // above it (GP §5.3.2: b1-b3 set), not locked (b8).
  const bool security_domain = (app->entry.privileges & gp::privilege::kSecurityDomain) != 0;
  const std::uint8_t lcs = app->entry.life_cycle;
  if (!security_domain || !gp::isd_extension(card) || (lcs & 0x87) != 0x07) return std::nullopt;
  r.kind = Route::Kind::SecurityDomain;
  return r;
}

std::optional<TarKeys> route_keys(const Uicc& card, const ota::CommandHeader& header, const Route& route) {
  std::optional<TarKeys> keys = find_tar_keys(card, header);
  if (route.kind != Route::Kind::Applet && route.kind != Route::Kind::SecurityDomain) return keys;
  if (!keys && card.profile().gp) {
    ota::CommandHeader isd = header;
    isd.tar = card.profile().gp->isd_tar;
    keys = find_tar_keys(card, isd);
  }
  if (keys && route.applet.application.msl != 0) keys->msl = route.applet.application.msl;
  return keys;
}

Bytes run_route(Uicc& card, const Route& route, ByteView data) {
  switch (route.kind) {
    case Route::Kind::Rfm: return run_rfm(card, route.rfm, data);
    case Route::Kind::Isd: {
      if (gp::IsdExtension* x = gp::isd_extension(card)) {
        if (std::optional<Bytes> r = x->isd_secured_data(card, data)) return *r;
      }
      return run_ram(card, data);
    }
    case Route::Kind::Applet: return route.module->process(card, route.applet, data);
    case Route::Kind::SecurityDomain: return gp::isd_extension(card)->security_domain_script(card, route.applet, data);
  }
  return {};
}

}  // namespace cardcore::remote
