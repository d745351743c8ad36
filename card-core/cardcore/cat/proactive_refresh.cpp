// REFRESH, TS 102 223 §6.4.7, §6.6.13 and TS 31.111 §6.4.7: command details
// (the mode), device identities UICC -> terminal, file list, AID, alpha
// identifier, refresh enforcement policy, PLMNwAcT list.
#include "cardcore/cat/proactive_frame.hpp"

namespace cardcore::cat {

namespace {
// §6.4.7: the modes that name the files that changed.
bool needs_files(std::uint8_t mode) {
  return mode == Refresh::kFileChange || mode == Refresh::kNaaInitAndFileChange;
}
}  // namespace

Bytes encode(const Refresh& c) {
  Bytes b = detail::begin_command(c.number, command::kRefresh, c.mode, device::kTerminal);
  put(b, c.files);
  put(b, c.aid);
  put(b, c.alpha);
  put(b, c.policy);
  put(b, c.plmns);
  return detail::finish_command(b);
}

const char* decode(ByteView command, Refresh& out) {
  const Decoded<detail::Frame> f = detail::read_frame(command, command::kRefresh);
  if (const char* e = detail::check_destination(f, device::kTerminal, "REFRESH not to the terminal")) return e;
  Refresh c;
  c.number = f.value.details.number;
  c.mode = f.value.details.qualifier;
  if (c.mode > Refresh::kLastMode) return "unknown REFRESH mode";
  const ObjectList& o = f.value.objects;
  if (const char* e = o.get(c.files)) return e;
  if (needs_files(c.mode) && !c.files) return "missing File list";
  if (const char* e = o.get(c.aid)) return e;
  if (const char* e = o.get(c.alpha)) return e;
  if (const char* e = o.get(c.policy)) return e;
  if (const char* e = o.get(c.plmns)) return e;
  out = std::move(c);
  return nullptr;
}

}  // namespace cardcore::cat
