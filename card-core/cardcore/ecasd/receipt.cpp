#include "cardcore/ecasd/receipt.hpp"


#include "cardcore/ota/aes_cmac.hpp"
#include "cardcore/ota/block_cipher.hpp"
#include "cardcore/tlv/ber_tlv.hpp"
#include "cardcore/util/constant_time.hpp"

namespace cardcore::ecasd {

Receipt compute_receipt(ByteView receipt_key, ByteView crt_tlv, ByteView derivation_random) {
  Bytes data(crt_tlv.begin(), crt_tlv.end());
  if (!derivation_random.empty()) tlv::put_ber(data, 0x85, derivation_random);
  ota::BlockCipher aes(ota::CipherAlgorithm::AesCbc, receipt_key);
  return ota::aes_cmac(aes, data);
}

bool receipts_equal(ByteView a, ByteView b) {
  return equal_constant_time(a, b);
}

}  // namespace cardcore::ecasd
