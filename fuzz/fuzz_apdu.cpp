// libFuzzer harness on the card's APDU entry point: any byte sequence, split
// into APDUs, must get a status word and never crash, hang or corrupt memory.
//
// Input: [flags][len][apdu bytes]... ; flags b1-b4 != 0 arms an NVM power loss
// after that many page programs, to fuzz recovery along with the commands.
#include <cstdint>
#include <cstdlib>
#include <cstdio>
#include <memory>

#include "cardcore/card/uicc.hpp"
#include "cardcore/profile/profile_parser.hpp"

using namespace cardcore;

static std::shared_ptr<const ProfileTemplate> profile() {
  static auto p = std::make_shared<const ProfileTemplate>(
      load_profile(ESIMTWIN_SOURCE_DIR "/profiles/cmcc-domestic-usim.prof"));
  return p;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  Uicc card(profile());
  card.power_on();
  const std::uint8_t flags = data[0];
  if (flags & 0x0F) card.nvm().arm_power_loss(flags & 0x0F);
  std::size_t at = 1;
  std::array<std::uint8_t, kMaxRapdu> out;
  int apdus = 0;
  while (at < size && apdus < 64) {
    const std::size_t len = std::min<std::size_t>(data[at], size - at - 1);
    ByteView apdu(data + at + 1, len);
    at += 1 + len;
    ++apdus;
    try {
      const std::size_t n = card.transmit(apdu, out);
      if (n < 2 || n > kMaxRapdu) std::abort();
    } catch (const PowerLoss&) {
      card.power_on();  // recovery must leave a working card
    }
  }
  return 0;
}
