#include "cardcore/ota/response_packet.hpp"

#include <openssl/crypto.h>

#include <algorithm>
#include <stdexcept>

namespace cardcore::ota {

namespace {

constexpr std::size_t kFixedPlain = kCounterBytes + 2;  // CNTR PCNTR status

// TS 31.115 §4.2: the RC/CC covers the UDH (02 71 00), RPL, RHL, TAR, CNTR,
// PCNTR, status, additional data and padding: all but the RC/CC field.
void integrity_input(ByteView header, ByteView plain, std::size_t field_length, Bytes& out) {
  out.clear();
  out.reserve(kResponsePacketUdh.size() + header.size() + plain.size());
  out.insert(out.end(), kResponsePacketUdh.begin(), kResponsePacketUdh.end());
  out.insert(out.end(), header.begin(), header.end());
  out.insert(out.end(), plain.begin(), plain.begin() + kFixedPlain);
  out.insert(out.end(), plain.begin() + kFixedPlain + field_length, plain.end());
}

}  // namespace

Bytes encode_response_packet(const ResponsePacket& por, IntegrityField& integrity, BlockCipher* cipher) {
  const std::size_t field = integrity.length();
  const std::size_t plain_len = kFixedPlain + field + por.additional_data.size();
  const std::size_t pad = cipher ? padding_for(plain_len, cipher->block_size()) : 0;
  const std::size_t rpl = 1 + kResponseRhlMin + field + por.additional_data.size() + pad;
  if (rpl > 0xFFFF) throw std::invalid_argument("response packet longer than RPL can say");

  Bytes out(2 + rpl, 0);
  put_be16(out.data(), static_cast<std::uint16_t>(rpl));
  out[2] = static_cast<std::uint8_t>(kResponseRhlMin + field);
  std::copy(por.tar.begin(), por.tar.end(), out.begin() + 3);
  std::uint8_t* plain = out.data() + kResponseHeaderBytes;
  write_counter(plain, por.counter);
  plain[5] = static_cast<std::uint8_t>(pad);
  plain[6] = static_cast<std::uint8_t>(por.status);
  std::copy(por.additional_data.begin(), por.additional_data.end(), plain + kFixedPlain + field);
  if (field) {
    Bytes input;
    integrity_input(ByteView(out.data(), kResponseHeaderBytes), ByteView(plain, plain_len + pad), field, input);
    integrity.compute(input, plain + kFixedPlain);
  }
  if (cipher) cipher->cbc_encrypt(plain, plain_len + pad);
  return out;
}

ResponseCheck decode_response_packet(ByteView packet, IntegrityField& integrity, BlockCipher* cipher,
                                     ResponsePacket& out) {
  const std::size_t field = integrity.length();
  if (packet.size() < kResponseHeaderBytes + kFixedPlain + field) return ResponseCheck::Malformed;
  if (be16(packet.data()) != packet.size() - 2) return ResponseCheck::Malformed;
  if (packet[2] != kResponseRhlMin + field) return ResponseCheck::Malformed;

  Bytes plain(packet.begin() + kResponseHeaderBytes, packet.end());
  if (cipher) {
    if (plain.size() % cipher->block_size() != 0) return ResponseCheck::CipheringError;
    cipher->cbc_decrypt(plain.data(), plain.size());
  }
  if (field) {
    Bytes input;
    integrity_input(packet.first(kResponseHeaderBytes), plain, field, input);
    if (!integrity.verify(input, plain.data() + kFixedPlain)) return ResponseCheck::IntegrityFailed;
  }
  const std::size_t data_len = plain.size() - kFixedPlain - field;
  const std::size_t pcntr = plain[5];
  if (pcntr > data_len) return ResponseCheck::CipheringError;
  out.tar = {packet[3], packet[4], packet[5]};
  out.counter = read_counter(plain.data());
  out.status = static_cast<PorStatus>(plain[6]);
  const auto data_begin = plain.begin() + static_cast<std::ptrdiff_t>(kFixedPlain + field);
  out.additional_data.assign(data_begin, data_begin + static_cast<std::ptrdiff_t>(data_len - pcntr));
  OPENSSL_cleanse(plain.data(), plain.size());
  return ResponseCheck::Ok;
}

}  // namespace cardcore::ota
