#include "cardcore/gp/scp03_channel.hpp"


#include <algorithm>
#include <stdexcept>
#include <string>

#include "cardcore/gp/scp03_kdf.hpp"
#include "cardcore/ota/aes_cmac.hpp"
#include "cardcore/tlv/length.hpp"
#include "cardcore/util/constant_time.hpp"

namespace cardcore::gp::scp03 {

namespace {

constexpr std::size_t kBlockBytes = 16;
// A short Lc is at most 255: the encrypted data and the 8-byte MAC.
constexpr std::size_t kMaxData = 255 - kMacBytes;

const SessionKeys& checked(const SessionKeys& k) {
  for (const Bytes* key : {&k.s_enc, &k.s_mac, &k.s_rmac})
    if (!aes_key_length_ok(key->size()))
      throw std::invalid_argument("SCP03: session key of " + std::to_string(key->size()) +
                                  " bytes; AES-128/192/256 needs 16, 24 or 32");
  if (k.s_enc.size() != k.s_mac.size() || k.s_enc.size() != k.s_rmac.size())
    throw std::invalid_argument("SCP03: S-ENC, S-MAC and S-RMAC differ in length");
  return k;
}

Mac leftmost(const Block& b) {
  Mac m{};
  std::copy_n(b.begin(), kMacBytes, m.begin());
  return m;
}

}  // namespace

SecureChannel::SecureChannel(const SessionKeys& keys)
    : enc_(ota::CipherAlgorithm::AesCbc, checked(keys).s_enc),
      mac_(ota::CipherAlgorithm::AesCbc, keys.s_mac),
      rmac_(ota::CipherAlgorithm::AesCbc, keys.s_rmac) {}

SecureChannel::SecureChannel(const SessionKeys& keys, const Block& chaining, std::uint64_t counter)
    : SecureChannel(keys) {
  chaining_ = chaining;
  counter_ = counter;
}

Mac SecureChannel::command_mac(std::uint8_t cla, std::uint8_t ins, std::uint8_t p1, std::uint8_t p2, ByteView data) {
  if (cla & 0x40)
    throw std::invalid_argument("SCP03: C-MAC for a further interindustry CLA (logical channels 4-19) is not supported");
  if (data.size() > kMaxData)
    throw std::invalid_argument("SCP03: " + std::to_string(data.size()) +
                                " bytes of command data leave no room for the C-MAC in a short Lc");
  const std::uint8_t header[] = {static_cast<std::uint8_t>((cla & 0xF0) | 0x04), ins, p1, p2,
                                 static_cast<std::uint8_t>(data.size() + kMacBytes)};
  return chain(header, data);
}

Mac SecureChannel::chain(ByteView header, ByteView data) {
  Bytes input(chaining_.begin(), chaining_.end());
  input.insert(input.end(), header.begin(), header.end());
  input.insert(input.end(), data.begin(), data.end());
  chaining_ = ota::aes_cmac(mac_, input);
  return leftmost(chaining_);
}

// SGP.02 §2.5.2: tag || length || data, the length counting the MAC.
Mac SecureChannel::tlv_command_mac(std::uint8_t tag, ByteView data) {
  if (data.size() > kMaxTlvData)
    throw std::invalid_argument("SCP03t: " + std::to_string(data.size()) + " bytes of TLV data exceed a segment");
  Bytes header{tag};
  tlv::put_length(header, data.size() + kMacBytes);
  return chain(header, data);
}

bool SecureChannel::verify_tlv_command_mac(std::uint8_t tag, ByteView data, ByteView received_mac) {
  const Mac mac = tlv_command_mac(tag, data);
  return equal_constant_time(mac, received_mac);
}

Mac SecureChannel::tlv_response_mac(ByteView data, const Block& chaining) {
  Bytes input(chaining.begin(), chaining.end());
  input.insert(input.end(), data.begin(), data.end());
  return leftmost(ota::aes_cmac(rmac_, input));
}

bool SecureChannel::verify_command_mac(std::uint8_t cla, std::uint8_t ins, std::uint8_t p1, std::uint8_t p2,
                                       ByteView data, ByteView received_mac) {
  const Mac mac = command_mac(cla, ins, p1, p2, data);
  return equal_constant_time(mac, received_mac);
}

Mac SecureChannel::response_mac(ByteView data, std::uint16_t sw) { return response_mac(data, sw, chaining_); }

Mac SecureChannel::response_mac(ByteView data, std::uint16_t sw, const Block& chaining) {
  Bytes input(chaining.begin(), chaining.end());
  input.insert(input.end(), data.begin(), data.end());
  input.push_back(static_cast<std::uint8_t>(sw >> 8));
  input.push_back(static_cast<std::uint8_t>(sw));
  return leftmost(ota::aes_cmac(rmac_, input));
}

Block SecureChannel::icv(std::uint64_t counter, bool response) {
  Block b{};
  for (std::size_t i = 0; i < 8; ++i) b[kBlockBytes - 1 - i] = static_cast<std::uint8_t>(counter >> (8 * i));
  if (response) b[0] = 0x80;
  enc_.encrypt_blocks(b.data(), b.data(), 1);
  return b;
}

// CBC with IV = ICV is CBC with a zero IV after the ICV is xored into the
// first plaintext block (BlockCipher's CBC has the zero IV of TS 102 225).
Bytes SecureChannel::encrypt(ByteView plain, const Block& icv, std::size_t max_bytes) {
  if (plain.empty()) return {};
  Bytes data(plain.begin(), plain.end());
  data.push_back(0x80);
  data.resize((data.size() + kBlockBytes - 1) / kBlockBytes * kBlockBytes, 0x00);
  if (data.size() > max_bytes)
    throw std::invalid_argument("SCP03: " + std::to_string(plain.size()) + " bytes of data do not fit " +
                                (max_bytes == kMaxData ? "a short Lc" : "an SCP03t segment") + " once padded and MACed");
  for (std::size_t i = 0; i < kBlockBytes; ++i) data[i] ^= icv[i];
  enc_.cbc_encrypt(data.data(), data.size());
  return data;
}

Bytes SecureChannel::decrypt(ByteView cipher, const Block& icv) {
  if (cipher.empty()) return {};
  if (cipher.size() % kBlockBytes != 0)
    throw std::invalid_argument("SCP03: encrypted data of " + std::to_string(cipher.size()) +
                                " bytes is not a multiple of 16");
  Bytes data(cipher.begin(), cipher.end());
  enc_.cbc_decrypt(data.data(), data.size());
  for (std::size_t i = 0; i < kBlockBytes; ++i) data[i] ^= icv[i];
  // ISO/IEC 9797-1 method 2: '80' then at most 15 '00'.
  std::size_t end = data.size();
  while (end > 0 && data.size() - end < kBlockBytes - 1 && data[end - 1] == 0x00) --end;
  if (end == 0 || data[end - 1] != 0x80)
    throw std::invalid_argument("SCP03: decrypted data has no ISO/IEC 9797-1 method 2 padding");
  data.resize(end - 1);
  return data;
}

Bytes SecureChannel::encrypt_command_data(ByteView plain) {
  ++counter_;
  if (plain.empty()) return {};
  return encrypt(plain, icv(counter_, false), kMaxData);
}

Bytes SecureChannel::decrypt_command_data(ByteView cipher) {
  ++counter_;
  if (cipher.empty()) return {};
  return decrypt(cipher, icv(counter_, false));
}

Bytes SecureChannel::encrypt_response_data(ByteView plain) {
  if (plain.empty()) return {};
  return encrypt(plain, icv(counter_, true), kMaxData);
}

Bytes SecureChannel::decrypt_response_data(ByteView cipher) { return decrypt_response_data(cipher, counter_); }

Bytes SecureChannel::decrypt_response_data(ByteView cipher, std::uint64_t counter) {
  if (cipher.empty()) return {};
  return decrypt(cipher, icv(counter, true));
}

Bytes SecureChannel::encrypt_tlv_command_data(ByteView plain) {
  ++counter_;
  if (plain.empty()) return {};
  return encrypt(plain, icv(counter_, false), kMaxTlvData);
}

Bytes SecureChannel::decrypt_tlv_command_data(ByteView cipher) { return decrypt_command_data(cipher); }

Bytes SecureChannel::encrypt_tlv_response_data(ByteView plain) {
  if (plain.empty()) return {};
  return encrypt(plain, icv(counter_, true), kMaxTlvData);
}

Bytes SecureChannel::decrypt_tlv_response_data(ByteView cipher, std::uint64_t counter) {
  return decrypt_response_data(cipher, counter);
}

}  // namespace cardcore::gp::scp03
