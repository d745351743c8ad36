// GP Amendment B §3.4.1: the admin agent's HTTP POST request.
#include "cardcore/scp81/admin_request.hpp"

#include <cstdio>
#include <stdexcept>
#include <string_view>

#include "cardcore/scp81/admin_headers.hpp"

namespace cardcore::scp81 {

namespace {

void check(std::string_view what, std::string_view v, bool spaces) {
  if (v.empty() && !spaces) throw std::invalid_argument(std::string("HTTP request: empty ") + std::string(what));
  for (char c : v) {
    const unsigned char u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7F || (c == ' ' && !spaces))
      throw std::invalid_argument(std::string("HTTP request: bad character in ") + std::string(what));
  }
}

void field(std::string& out, std::string_view name, std::string_view value) {
  out.append(name);
  out.append(": ");
  out.append(value);
  out.append("\r\n");
}

}  // namespace

Bytes encode(const AdminRequest& r) {
  check("URI", r.uri, false);
  check("host", r.host, false);
  check("agent ID", r.agent_id, true);
  if (r.script_response && !r.script_status) throw std::invalid_argument("HTTP request: script response without a status");
  if (r.script_status) check("script status", *r.script_status, false);
  std::string head = "POST " + r.uri + " HTTP/1.1\r\n";
  field(head, "Host", r.host);
  field(head, header::kProtocol, kAdminProtocol);
  if (!r.agent_id.empty()) field(head, header::kFrom, r.agent_id);
  if (r.script_status) field(head, header::kScriptStatus, *r.script_status);
  if (r.resume) field(head, header::kResume, "true");
  if (r.script_response) field(head, "Content-Type", kResponseContentType);
  field(head, "Transfer-Encoding", "chunked");
  head += "\r\n";
  Bytes out(head.begin(), head.end());
  if (r.script_response && !r.script_response->empty()) {
    char size[32];
    std::snprintf(size, sizeof size, "%zX\r\n", r.script_response->size());
    out.insert(out.end(), size, size + std::string_view(size).size());
    out.insert(out.end(), r.script_response->begin(), r.script_response->end());
    out.insert(out.end(), {'\r', '\n'});
  }
  const std::string_view last = "0\r\n\r\n";
  out.insert(out.end(), last.begin(), last.end());
  return out;
}

}  // namespace cardcore::scp81
