#include "twinmodels/ota/sms_pp_envelope.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

#include "cardcore/cat/envelopes.hpp"

namespace twinmodels::ota {

Bytes envelope_sms_pp_download(ByteView tpdu, const std::optional<cardcore::sms::Address>& service_centre) {
  if (tpdu.size() > 255) throw std::invalid_argument("SMS TPDU of " + std::to_string(tpdu.size()) + " bytes");
  cardcore::cat::SmsPpDownload e;  // device identities network -> UICC (TS 31.111 §7.1.1.2)
  if (service_centre) {
    // TS 102 223 §8.1: TON/NPI, then the BCD digits.
    const Bytes v = cardcore::sms::encode_address_value(*service_centre);
    e.address = cardcore::cat::Address{v[0], Bytes(v.begin() + 1, v.end())};
  }
  e.tpdu.tpdu.assign(tpdu.begin(), tpdu.end());
  const Bytes data = cardcore::cat::encode(e);
  if (data.size() > 255)
    throw std::invalid_argument("ENVELOPE data of " + std::to_string(data.size()) +
                                " bytes; a short Lc takes 255 (TS 102 221 §10.1)");
  // TS 102 221 §10.1.1 class '80', §11.2.2 ENVELOPE 'C2'.
  Bytes apdu(5 + data.size());
  apdu[0] = 0x80, apdu[1] = 0xC2, apdu[2] = 0x00, apdu[3] = 0x00, apdu[4] = static_cast<std::uint8_t>(data.size());
  std::copy(data.begin(), data.end(), apdu.begin() + 5);
  return apdu;
}

}  // namespace twinmodels::ota
