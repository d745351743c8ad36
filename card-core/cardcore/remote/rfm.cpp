#include "cardcore/remote/rfm.hpp"

#include "cardcore/card/uicc.hpp"
#include "cardcore/remote/compact_format.hpp"
#include "cardcore/remote/script_runner.hpp"

namespace cardcore::remote {

namespace {

// TS 101 220 Annex E: RID of 3GPP and the USIM application code.
const std::uint8_t kUsimAidPrefix[] = {0xA0, 0x00, 0x00, 0x00, 0x87, 0x10, 0x02};

}  // namespace

std::optional<std::uint32_t> application_file(const Uicc& card, Application app) {
  switch (app) {
    case Application::UiccRfm: return kNoFile;
    case Application::UsimRfm: return card.profile().find_adf(kUsimAidPrefix);
  }
  return std::nullopt;
}

KeySet rfm_access_domain() {
  KeySet k;
  k.set(key_ref::kAdm1, true);
  return k;
}

Bytes run_rfm(Uicc& card, Application app, ByteView script) {
  const std::optional<std::uint32_t> file = application_file(card, app);
  if (!file) return compact_response(0, sw::kFileNotFound, {});
  Uicc::RemoteSession session = card.begin_remote(*file, rfm_access_domain());
  return run_script(script, [&](ByteView capdu, Uicc::RemoteTransport transport, Bytes& data) {
    return card.execute_remote(session, capdu, transport, data);
  });
}

}  // namespace cardcore::remote
