#include "cardcore/remote/route.hpp"

#include "cardcore/card/uicc.hpp"
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
  if (tar == kTarIsd) {
    r.kind = Route::Kind::Isd;
    return r;
  }
  const std::vector<gp::Slot> used = gp::read_registry(card);
  const gp::Slot* app = gp::application_with_tar(used, tar);
  if (!app || app->entry.life_cycle != gp::life_cycle::kSelectable) return std::nullopt;
  const Bytes* module = gp::module_of(used, *app);
  r.module = module ? gp::native_module(*module) : nullptr;
  if (!r.module) return std::nullopt;
  r.kind = Route::Kind::Applet;
  r.applet = app->entry;
  return r;
}

std::optional<TarKeys> route_keys(const Uicc& card, const ota::CommandHeader& header, const Route& route) {
  std::optional<TarKeys> keys = find_tar_keys(card, header);
  if (route.kind != Route::Kind::Applet) return keys;
  if (!keys) {
    ota::CommandHeader isd = header;
    isd.tar = kTarIsd;
    keys = find_tar_keys(card, isd);
  }
  if (keys && route.applet.application.msl != 0) keys->msl = route.applet.application.msl;
  return keys;
}

Bytes run_route(Uicc& card, const Route& route, ByteView data) {
  switch (route.kind) {
    case Route::Kind::Rfm: return run_rfm(card, route.rfm, data);
    case Route::Kind::Isd: return run_ram(card, data);
    case Route::Kind::Applet: return route.module->process(card, route.applet, data);
  }
  return {};
}

}  // namespace cardcore::remote
