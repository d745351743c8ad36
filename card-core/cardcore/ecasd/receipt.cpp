#include "cardcore/ecasd/receipt.hpp"

#include <openssl/crypto.h>

#include "cardcore/ota/aes_cmac.hpp"
#include "cardcore/ota/block_cipher.hpp"
#include "cardcore/tlv/ber_tlv.hpp"

namespace cardcore::ecasd {

Receipt compute_receipt(ByteView receipt_key, ByteView crt_tlv, ByteView derivation_random) {
  Bytes data(crt_tlv.begin(), crt_tlv.end());
  if (!derivation_random.empty()) tlv::put_ber(data, 0x85, derivation_random);
  ota::BlockCipher aes(ota::CipherAlgorithm::AesCbc, receipt_key);
  return ota::aes_cmac(aes, data);
}

bool receipts_equal(ByteView a, ByteView b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace cardcore::ecasd
