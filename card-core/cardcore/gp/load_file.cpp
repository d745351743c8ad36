#include "cardcore/gp/load_file.hpp"

#include "cardcore/gp/registry_record.hpp"

namespace cardcore::gp {

namespace {

// Java Card VM Specification §6.2: component tags.
constexpr std::uint8_t kHeader = 1, kApplet = 3, kLastTag = 12;
constexpr std::uint8_t kMagic[4] = {0xDE, 0xCA, 0xFF, 0xED};

LoadFileResult fail(std::string what) { return {std::nullopt, std::move(what)}; }

bool aid_ok(std::size_t n) { return n >= kMinAid && n <= kMaxAid; }

// §6.4: magic (4), minor, major, flags, package_info {minor, major, AID_length, AID}.
std::optional<Bytes> header_package_aid(ByteView info) {
  if (info.size() < 10) return std::nullopt;
  for (int i = 0; i < 4; ++i) {
    if (info[i] != kMagic[i]) return std::nullopt;
  }
  const std::size_t n = info[9];
  if (!aid_ok(n) || info.size() < 10 + n) return std::nullopt;
  return Bytes(info.begin() + 10, info.begin() + 10 + n);
}

// §6.5: count, applets[count] {AID_length, AID, install_method_offset (2)}.
std::optional<std::vector<Bytes>> applet_aids(ByteView info) {
  if (info.empty()) return std::nullopt;
  std::vector<Bytes> out;
  std::size_t at = 1;
  for (std::size_t i = 0; i < info[0]; ++i) {
    if (at >= info.size()) return std::nullopt;
    const std::size_t n = info[at];
    if (!aid_ok(n) || at + 1 + n + 2 > info.size()) return std::nullopt;
    out.emplace_back(info.begin() + at + 1, info.begin() + at + 1 + n);
    at += 1 + n + 2;
  }
  if (at != info.size()) return std::nullopt;
  return out;
}

}  // namespace

LoadFileResult parse_load_file(ByteView block) {
  LoadFileContents c;
  bool header = false, applet = false;
  std::size_t at = 0;
  while (at < block.size()) {
    if (block.size() - at < 3) return fail("a component header is cut short");
    const std::uint8_t tag = block[at];
    const std::size_t size = static_cast<std::size_t>(block[at + 1] << 8 | block[at + 2]);
    if (tag == 0 || tag > kLastTag) return fail("unknown component tag " + std::to_string(tag));
    if (size > block.size() - at - 3) return fail("component " + std::to_string(tag) + " runs past the end");
    const ByteView info = block.subspan(at + 3, size);
    if (!header && tag != kHeader) return fail("the Header component is not first");
    if (tag == kHeader) {
      if (header) return fail("a second Header component");
      std::optional<Bytes> aid = header_package_aid(info);
      if (!aid) return fail("malformed Header component");
      c.package_aid = std::move(*aid);
      header = true;
    } else if (tag == kApplet) {
      if (applet) return fail("a second Applet component");
      std::optional<std::vector<Bytes>> aids = applet_aids(info);
      if (!aids) return fail("malformed Applet component");
      c.applet_aids = std::move(*aids);
      applet = true;
    }
    at += 3 + size;
  }
  if (!header) return fail("no Header component");
  return {std::move(c), {}};
}

}  // namespace cardcore::gp
