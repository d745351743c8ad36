#include "twinmodels/platform/es8_commands.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

#include "cardcore/ecasd/dgi.hpp"
#include "cardcore/euicc/sgp02.hpp"

namespace twinmodels::platform::es8 {

namespace {

constexpr std::uint8_t kCla = 0x80, kStoreData = 0xE2, kInstall = 0xE6;
constexpr std::uint8_t kInstallForPersonalization = 0x20;
constexpr std::uint8_t kLastBlock = 0x80, kLastBlockDgi = 0x88;

// A C-APDU in the short form, with Le '00' when `le` (sized first and
// filled: GCC 12 warns falsely on vector inserts here).
Bytes apdu(std::uint8_t ins, std::uint8_t p1, std::uint8_t p2, ByteView data, bool le) {
  if (data.size() > 255) throw std::invalid_argument("es8: command data over 255 bytes");
  Bytes c(5 + data.size() + (le ? 1 : 0), 0x00);
  c[0] = kCla;
  c[1] = ins;
  c[2] = p1;
  c[3] = p2;
  c[4] = static_cast<std::uint8_t>(data.size());
  std::copy(data.begin(), data.end(), c.begin() + 5);
  return c;
}

Bytes apdu_le(std::uint8_t ins, std::uint8_t p1, std::uint8_t p2, ByteView data) { return apdu(ins, p1, p2, data, true); }

}  // namespace

Bytes install_for_personalization(ByteView aid) {
  if (aid.size() < 5 || aid.size() > 16) throw std::invalid_argument("es8: an AID is 5 to 16 bytes");
  // No load file, no module, the application's AID, no privileges, no
  // parameters, no token.
  Bytes data(aid.size() + 6, 0x00);
  data[2] = static_cast<std::uint8_t>(aid.size());
  std::copy(aid.begin(), aid.end(), data.begin() + 3);
  return apdu(kInstall, kInstallForPersonalization, 0x00, data, false);
}

Bytes key_establishment_store_data(std::uint8_t p1, ByteView dgi_data) { return apdu_le(kStoreData, p1, 0x00, dgi_data); }

std::vector<Bytes> download_blocks(ByteView package, std::size_t block_size) {
  if (package.empty()) throw std::invalid_argument("es8: an empty profile package");
  if (block_size == 0 || block_size > 255) throw std::invalid_argument("es8: a block is 1 to 255 bytes");
  const std::size_t count = (package.size() + block_size - 1) / block_size;
  if (count > 256) throw std::invalid_argument("es8: the package needs more than 256 blocks of this size");
  std::vector<Bytes> out;
  out.reserve(count);
  for (std::size_t n = 0; n < count; ++n) {
    const std::size_t at = n * block_size;
    const ByteView piece = package.subspan(at, std::min(block_size, package.size() - at));
    out.push_back(apdu_le(kStoreData, n + 1 == count ? kLastBlock : 0x00, static_cast<std::uint8_t>(n), piece));
  }
  return out;
}

Bytes update_policy_rules(std::uint8_t pol1) {
  Bytes d;
  cardcore::ecasd::put_dgi(d, cardcore::euicc::dgi::kUpdatePolicyRules, Bytes{0x81, 0x01, pol1});
  return apdu_le(kStoreData, kLastBlockDgi, 0x00, d);
}

std::vector<Bytes> package_segments(ByteView package, std::size_t segment_size) {
  if (package.empty()) throw std::invalid_argument("es8: an empty profile package");
  if (segment_size == 0) throw std::invalid_argument("es8: an SCP03t segment of 0 bytes");
  const std::size_t count = (package.size() + segment_size - 1) / segment_size;
  if (count > 255) throw std::invalid_argument("es8: the package needs " + std::to_string(count) + " segments, over 255");
  std::vector<Bytes> out;
  for (std::size_t at = 0; at < package.size(); at += segment_size) {
    const ByteView piece = package.subspan(at, std::min(segment_size, package.size() - at));
    out.emplace_back(piece.begin(), piece.end());
  }
  return out;
}

}  // namespace twinmodels::platform::es8
