// Data objects of REFRESH: TS 102 223 §8.18 file list, §8.60 AID, §8.103
// refresh enforcement policy, TS 31.111 §8.90 PLMNwAcT list.
#include "cardcore/cat/objects.hpp"
#include "cardcore/tlv/comprehension_tlv.hpp"

namespace cardcore::cat {

namespace {
constexpr std::uint8_t kMf[2] = {0x3F, 0x00};
bool is_mf(ByteView at) { return at[0] == kMf[0] && at[1] == kMf[1]; }
}  // namespace

void put(Bytes& out, const FileList& v) {
  Bytes b{static_cast<std::uint8_t>(v.paths.size())};
  for (const Bytes& p : v.paths) b.insert(b.end(), p.begin(), p.end());
  tlv::put_ctlv(out, v.kTag, b);
}

// §8.18: each path starts at the MF, so a new path begins at every '3F00'
// on a two-byte boundary.
const char* read(ByteView value, FileList& out) {
  if (value.empty()) return "empty File list";
  const std::size_t count = value[0];
  const ByteView files = value.subspan(1);
  if (files.size() % 2 != 0) return "File list of an odd number of bytes";
  out.paths.clear();
  for (std::size_t at = 0; at < files.size(); at += 2) {
    const ByteView fid = files.subspan(at, 2);
    if (is_mf(fid)) {
      out.paths.emplace_back();
    } else if (out.paths.empty()) {
      return "File list path not starting at '3F00'";
    }
    out.paths.back().insert(out.paths.back().end(), fid.begin(), fid.end());
  }
  for (const Bytes& p : out.paths) {
    if (p.size() < 4) return "File list path of the MF alone";
  }
  if (out.paths.size() != count) return "File list count differs from its paths";
  return nullptr;
}

void put(Bytes& out, const Aid& v) { tlv::put_ctlv(out, v.kTag, v.aid); }
const char* read(ByteView value, Aid& out) {
  // TS 101 220 §4: an AID is 5 (RID) to 16 bytes.
  if (value.size() < 5 || value.size() > 16) return "bad AID length";
  out.aid.assign(value.begin(), value.end());
  return nullptr;
}

void put(Bytes& out, const RefreshEnforcementPolicy& v) { tlv::put_ctlv(out, v.kTag, ByteView(&v.policy, 1)); }
const char* read(ByteView value, RefreshEnforcementPolicy& out) {
  if (value.size() != 1) return "bad Refresh enforcement policy length";
  out.policy = value[0];
  return nullptr;
}

void put(Bytes& out, const PlmnWactList& v) { tlv::put_ctlv(out, v.kTag, v.entries); }
const char* read(ByteView value, PlmnWactList& out) {
  if (value.size() % 5 != 0) return "PLMNwAcT list not of 5-byte entries";
  out.entries.assign(value.begin(), value.end());
  return nullptr;
}

}  // namespace cardcore::cat
