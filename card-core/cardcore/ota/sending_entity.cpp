#include "cardcore/ota/sending_entity.hpp"

#include <algorithm>
#include <optional>

#include "cardcore/ota/command_packet.hpp"
#include "cardcore/ota/packet_security.hpp"

namespace cardcore::ota {

namespace {

std::uint8_t kid_byte(const CommandSecurity& s, const OtaKeys& keys) {
  const Spi& spi = s.spi;
  const bool rc = spi.integrity == Integrity::RedundancyCheck ||
                  (spi.integrity == Integrity::None && spi.por_integrity == Integrity::RedundancyCheck);
  return rc ? s.rc_kid : keys.kid;
}

IntegrityField integrity_or_throw(Integrity kind, std::uint8_t kid, const OtaKeys& keys, std::size_t aes_len,
                                  const char* what) {
  auto f = IntegrityField::resolve(kind, kid, &keys, aes_len);
  if (!f) throw PacketError(PacketError::Reason::Unsupported, what);
  return std::move(*f);
}

BlockCipher cipher_or_throw(const OtaKeys& keys) {
  auto c = resolve_cipher(keys.kic, &keys);
  if (!c) throw PacketError(PacketError::Reason::Unsupported, "KIc key does not fit its algorithm");
  return std::move(*c);
}

PacketError error_for(ResponseCheck check) {
  switch (check) {
    case ResponseCheck::Malformed: return PacketError(PacketError::Reason::Malformed, "malformed response packet");
    case ResponseCheck::CipheringError:
      return PacketError(PacketError::Reason::CipheringError, "response packet does not decipher");
    case ResponseCheck::IntegrityFailed:
      return PacketError(PacketError::Reason::IntegrityFailed, "RC/CC of the response packet does not match");
    case ResponseCheck::Ok: break;
  }
  return PacketError(PacketError::Reason::Malformed, "response packet");
}

}  // namespace

Bytes encode_command_packet(const CommandSecurity& security, const OtaKeys& keys, const Tar& tar, Counter counter,
                            ByteView secured_data) {
  if (counter > kCounterMax) throw std::invalid_argument("CNTR is 5 bytes");
  const Spi& spi = security.spi;
  const std::uint8_t kid = kid_byte(security, keys);
  IntegrityField integrity = integrity_or_throw(spi.integrity, kid, keys, security.aes_cc_length,
                                                "KID or key cannot give the RC/CC asked for");
  std::optional<BlockCipher> cipher;
  if (spi.ciphering) cipher = cipher_or_throw(keys);
  // The card refuses (06) a packet whose PoR it could not protect as asked;
  // so does the platform, before sending it.
  if (spi.por == PorRequest::Always || spi.por == PorRequest::OnError) {
    const std::size_t aes_len = spi.integrity == Integrity::CryptographicChecksum ? security.aes_cc_length : 8;
    integrity_or_throw(spi.por_integrity, kid, keys, aes_len, "KID or key cannot give the PoR's RC/CC");
    if (spi.por_ciphering && !spi.ciphering) cipher_or_throw(keys);
  }

  const std::size_t field = integrity.length();
  const std::size_t plain_len = kCounterBytes + 1 + field + secured_data.size();
  const std::size_t pad = cipher ? padding_for(plain_len, cipher->block_size()) : 0;
  const std::size_t cpl = 1 + kCommandChlMin + field + secured_data.size() + pad;
  if (cpl > 0xFFFF) throw std::invalid_argument("command packet longer than CPL can say");

  Bytes out(2 + cpl, 0);
  const auto spi_bytes = spi.encode();
  put_be16(out.data(), static_cast<std::uint16_t>(cpl));
  out[2] = static_cast<std::uint8_t>(kCommandChlMin + field);
  out[3] = spi_bytes[0];
  out[4] = spi_bytes[1];
  out[5] = keys.kic;
  out[6] = kid;
  std::copy(tar.begin(), tar.end(), out.begin() + 7);
  std::uint8_t* plain = out.data() + kCommandCounterOffset;
  write_counter(plain, counter);
  plain[kCounterBytes] = static_cast<std::uint8_t>(pad);
  std::copy(secured_data.begin(), secured_data.end(), plain + kCounterBytes + 1 + field);
  if (field) {
    Bytes input;
    command_integrity_input(ByteView(out.data(), kCommandHeaderBytes), ByteView(plain, plain_len + pad), field, input);
    integrity.compute(input, plain + kCounterBytes + 1);
  }
  if (cipher) cipher->cbc_encrypt(plain, plain_len + pad);
  return out;
}

DecodedPor decode_response_packet(ByteView packet, const CommandSecurity& security, const OtaKeys& keys, const Tar& tar,
                                  Counter counter) {
  const Spi& spi = security.spi;
  const std::uint8_t kid = kid_byte(security, keys);
  // The PoR's AES CC is as long as the command's CC when it had one (the card
  // mirrors it, receiving_entity.hpp), else 8.
  const std::size_t aes_len = spi.integrity == Integrity::CryptographicChecksum ? security.aes_cc_length : 8;
  IntegrityField integrity =
      integrity_or_throw(spi.por_integrity, kid, keys, aes_len, "KID or key cannot check the RC/CC asked for");
  std::optional<BlockCipher> cipher;
  if (spi.por_ciphering) cipher = cipher_or_throw(keys);

  DecodedPor out;
  const bool protection_asked = integrity.length() != 0 || cipher.has_value();
  // An unprotected PoR (RHL 10) when protection was asked: the card refused
  // the command before authenticating it. Accepted only as an error report.
  // With ciphering alone RHL is 10 either way: a ciphered PoR has whole blocks
  // after the header, an unprotected error PoR (7 bytes) does not.
  bool unprotected = false;
  if (protection_asked && packet.size() >= 3 && packet[2] == kResponseRhlMin) {
    unprotected = integrity.length() != 0 ||
                  (packet.size() - std::min(packet.size(), kResponseHeaderBytes)) % cipher->block_size() != 0;
  }
  if (unprotected) {
    IntegrityField none;
    const ResponseCheck check = decode_response_packet(packet, none, nullptr, out.packet);
    if (check != ResponseCheck::Ok) throw error_for(check);
    if (out.packet.status == PorStatus::Ok)
      throw PacketError(PacketError::Reason::NotSecured, "PoR OK without the RC/CC or ciphering asked for");
  } else {
    const ResponseCheck check = decode_response_packet(packet, integrity, cipher ? &*cipher : nullptr, out.packet);
    if (check != ResponseCheck::Ok) throw error_for(check);
    out.secured = true;
    if (protection_asked && out.packet.counter != counter)
      throw PacketError(PacketError::Reason::CounterMismatch, "PoR for another CNTR");
  }
  if (out.packet.tar != tar) throw PacketError(PacketError::Reason::TarMismatch, "PoR for another TAR");
  return out;
}

}  // namespace cardcore::ota
