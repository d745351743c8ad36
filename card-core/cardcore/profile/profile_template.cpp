// Lookups in the immutable profile template: by path of FIDs, by AID, by
// qualified name, PINs by key reference, and the EF.ARR of a file.
#include <algorithm>

#include "cardcore/fs/file_ids.hpp"
#include "cardcore/profile/profile_template.hpp"

namespace cardcore {

namespace {


std::optional<std::uint32_t> child_by_name(const ProfileTemplate& p, std::uint32_t df, std::string_view name) {
  for (std::uint32_t c : p.files[df].children) {
    if (p.files[c].name == name) return c;
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::uint32_t> ProfileTemplate::find_path(const std::vector<std::uint16_t>& path) const {
  if (files.empty() || path.empty() || path.front() != kFidMf) return std::nullopt;
  std::uint32_t at = 0;
  for (std::size_t i = 1; i < path.size(); ++i) {
    at = find_child(at, path[i]);
    if (at == kNoFile) return std::nullopt;
  }
  return at;
}

std::optional<std::uint32_t> ProfileTemplate::find_adf(ByteView aid_prefix) const {
  // TS 102 221 §8.4.1 / ISO 7816-4 §5.3.1.1: SELECT by DF name with a
  // right-truncated AID selects the first application whose AID begins with
  // the given bytes.
  if (aid_prefix.empty()) return std::nullopt;
  for (std::uint32_t i = 0; i < files.size(); ++i) {
    const FileNode& f = files[i];
    if (f.type != FileType::ADF || f.aid.size() < aid_prefix.size()) continue;
    if (std::equal(aid_prefix.begin(), aid_prefix.end(), f.aid.begin())) return i;
  }
  return std::nullopt;
}

std::optional<std::uint32_t> ProfileTemplate::find_name(const std::string& qualified) const {
  if (files.empty() || qualified.empty()) return std::nullopt;
  std::string_view rest = qualified;
  if (rest == files[0].name) return 0;
  const std::string mf_prefix = files[0].name + "/";
  if (rest.substr(0, mf_prefix.size()) == mf_prefix) rest.remove_prefix(mf_prefix.size());
  std::uint32_t at = 0;
  while (!rest.empty()) {
    const std::size_t slash = rest.find('/');
    const auto next = child_by_name(*this, at, rest.substr(0, slash));
    if (!next) return std::nullopt;
    at = *next;
    if (slash == std::string_view::npos) break;
    rest.remove_prefix(slash + 1);
    if (rest.empty()) return std::nullopt;  // trailing '/'
  }
  return at;
}

const PinSpec* ProfileTemplate::find_pin(std::uint8_t key_ref) const {
  for (const PinSpec& p : pins) {
    if (p.key_ref == key_ref) return &p;
  }
  return nullptr;
}

std::optional<std::uint32_t> ProfileTemplate::find_arr(std::uint32_t file) const {
  if (file >= files.size()) return std::nullopt;
  const FileNode& f = files[file];
  if (f.arr.record == 0) return std::nullopt;
  // TS 102 221 §9.2.4 referenced format, searched from the file's DF upwards.
  std::uint32_t df = f.is_df() ? file : f.parent;
  while (df != kNoFile) {
    if (const std::uint32_t arr = find_child(df, f.arr.arr_fid); arr != kNoFile && files[arr].type == FileType::EF)
      return arr;
    df = files[df].parent;
  }
  return std::nullopt;
}

std::string ProfileTemplate::qualified_name(std::uint32_t file) const {
  if (file >= files.size()) return {};
  if (file == 0) return files[0].name;
  std::string out = files[file].name;
  for (std::uint32_t p = files[file].parent; p != kNoFile && p != 0; p = files[p].parent) {
    out = files[p].name + "/" + out;
  }
  return out;
}

}  // namespace cardcore
