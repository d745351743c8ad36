// TS 102 226 §9.2 PUSH, §9.2.1 data for BIP channel opening.
#include "cardcore/scp81/push_command.hpp"

#include <stdexcept>

namespace cardcore::scp81 {

Bytes build_push_bip(const ConnectionParams& p) {
  const Bytes data = encode(p);
  if (data.size() > 255) throw std::invalid_argument("PUSH: connection parameters over 255 bytes");
  Bytes apdu = {kPushCla, kPushIns, kPushP1, kPushBipChannelOpening};
  if (!data.empty()) {
    apdu.push_back(static_cast<std::uint8_t>(data.size()));
    apdu.insert(apdu.end(), data.begin(), data.end());
  }
  return apdu;
}

cat::Decoded<ConnectionParams> decode_push_bip(const CommandApdu& c, StatusWord& sw) {
  sw = sw::kIncorrectP1P2;
  if (c.p1 != kPushP1 || c.p2 != kPushBipChannelOpening)
    return cat::refuse<ConnectionParams>("PUSH other than BIP channel opening");
  sw = sw::kWrongLength;
  if (c.kind != ApduCase::Case1 && c.kind != ApduCase::Case3) return cat::refuse<ConnectionParams>("PUSH with an Le");
  sw = sw::kIncorrectData;
  cat::Decoded<ConnectionParams> p = decode_connection_params(c.data);
  if (!p.ok()) return p;
  sw = sw::kOk;
  return p;
}

}  // namespace cardcore::scp81
