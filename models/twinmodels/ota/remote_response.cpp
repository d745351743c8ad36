#include "twinmodels/ota/remote_response.hpp"

#include "twinmodels/ota/expanded_tags.hpp"

namespace twinmodels::ota {

ScriptFormat script_format_of(ByteView d) {
  if (!d.empty() && (d[0] == expanded_tag::kCommandScripting || d[0] == expanded_tag::kCommandScriptingIndefinite))
    return ScriptFormat::Expanded;
  return ScriptFormat::Compact;
}

RemoteResponse decode_remote_response(ByteView d, ScriptFormat format) {
  if (format == ScriptFormat::Expanded) return decode_expanded_response(d);
  return decode_compact_response(d);
}

std::size_t executed_commands(const RemoteResponse& r) {
  if (const auto* c = std::get_if<CompactResponse>(&r)) return c->executed;
  return std::get<ExpandedResponse>(r).executed_commands();
}

std::optional<std::uint16_t> last_status_word(const RemoteResponse& r) {
  if (const auto* c = std::get_if<CompactResponse>(&r)) return c->last_sw;
  const auto& e = std::get<ExpandedResponse>(r);
  if (e.responses.empty()) return std::nullopt;
  return e.responses.back().sw;
}

Bytes last_response_data(const RemoteResponse& r) {
  if (const auto* c = std::get_if<CompactResponse>(&r)) return c->last_data;
  const auto& e = std::get<ExpandedResponse>(r);
  if (e.responses.empty()) return {};
  return e.responses.back().data;
}

}  // namespace twinmodels::ota
