#include "cardcore/ota/receiving_entity.hpp"

#include <openssl/crypto.h>

#include <stdexcept>

#include "cardcore/ota/packet_security.hpp"
#include "cardcore/ota/response_packet.hpp"

namespace cardcore::ota {

namespace {

bool por_possible(const Spi& spi) { return spi.por == PorRequest::Always || spi.por == PorRequest::OnError; }

// Length of the AES-CMAC CC the command's CHL gives (4 or 8; others end in a
// CHL mismatch below).
std::size_t aes_length_from_chl(const CommandHeader& h) { return h.integrity_length() == 4 ? 4 : 8; }

}  // namespace

PorStatus check_counter(CounterPolicy policy, Counter received, Counter stored) {
  switch (policy) {
    case CounterPolicy::NoCounter:
    case CounterPolicy::NoReplayCheck: return PorStatus::Ok;
    case CounterPolicy::Higher:
      if (stored >= kCounterMax) return PorStatus::CounterBlocked;
      return received > stored ? PorStatus::Ok : PorStatus::CounterLow;
    case CounterPolicy::OneHigher:
      if (stored >= kCounterMax) return PorStatus::CounterBlocked;
      if (received <= stored) return PorStatus::CounterLow;
      return received == stored + 1 ? PorStatus::Ok : PorStatus::CounterHigh;
  }
  return PorStatus::UnidentifiedSecurityError;
}

bool por_to_send(const Spi& spi, PorStatus status) {
  return spi.por == PorRequest::Always || (spi.por == PorRequest::OnError && status != PorStatus::Ok);
}

CommandPacketResult open_command_packet(ByteView packet, const TarLookup& lookup) {
  CommandPacketResult r;
  r.format = parse_command_header(packet, r.header);
  if (r.format != PacketFormat::Ok) return r;
  const CommandHeader& h = r.header;
  const Spi& spi = h.spi;
  if (!spi.ciphering) r.counter = read_counter(packet.data() + kCommandCounterOffset);

  const std::optional<TarSecurity> tar = lookup(h);
  if (!tar) {
    r.status = PorStatus::TarUnknown;
    return r;
  }
  if (!meets_minimum_security_level(spi, tar->minimum_security_level)) {
    r.status = PorStatus::InsufficientSecurityLevel;
    return r;
  }

  // Everything the packet and its PoR need from the key set (§5.1.2, §5.1.3).
  const OtaKeys* keys = tar->keys;
  const bool por = por_possible(spi);
  if (spi.integrity == Integrity::CryptographicChecksum) r.aes_cc_length = aes_length_from_chl(h);
  auto integrity = IntegrityField::resolve(spi.integrity, h.kid, keys, r.aes_cc_length);
  std::optional<BlockCipher> cipher;
  if (spi.ciphering || (por && spi.por_ciphering)) cipher = resolve_cipher(h.kic, keys);
  const bool por_ok = !por || IntegrityField::resolve(spi.por_integrity, h.kid, keys, r.aes_cc_length).has_value();
  if (!integrity || (spi.ciphering || (por && spi.por_ciphering)) != cipher.has_value() || !por_ok) {
    r.status = PorStatus::UnidentifiedSecurityError;
    return r;
  }
  const std::size_t field = integrity->length();
  if (field != h.integrity_length()) {
    r.format = PacketFormat::HeaderLengthInvalid;
    return r;
  }

  // CNTR to the end, deciphered (§5.1.2: CBC, zero initial chaining value).
  Bytes plain(packet.begin() + kCommandCounterOffset, packet.end());
  if (spi.ciphering) {
    if (plain.empty() || plain.size() % cipher->block_size() != 0) {
      r.status = PorStatus::CipheringError;
      return r;
    }
    cipher->cbc_decrypt(plain.data(), plain.size());
    r.counter = read_counter(plain.data());
  }

  if (field) {
    Bytes input;
    command_integrity_input(packet.first(kCommandHeaderBytes), plain, field, input);
    if (!integrity->verify(input, plain.data() + kCounterBytes + 1)) {
      r.status = PorStatus::RcCcDsFailed;
      OPENSSL_cleanse(plain.data(), plain.size());
      return r;
    }
  }
  r.secure_por = true;

  const std::size_t data_offset = kCounterBytes + 1 + field;
  const std::size_t data_len = plain.size() - data_offset;
  const std::size_t pcntr = plain[kCounterBytes];
  if (pcntr > data_len) {
    r.status = PorStatus::CipheringError;
    OPENSSL_cleanse(plain.data(), plain.size());
    return r;
  }

  r.status = check_counter(spi.counter, r.counter, tar->counter);
  if (r.status == PorStatus::Ok) {
    if (spi.counter == CounterPolicy::Higher || spi.counter == CounterPolicy::OneHigher) r.counter_to_store = r.counter;
    r.data.assign(plain.begin() + static_cast<std::ptrdiff_t>(data_offset),
                  plain.end() - static_cast<std::ptrdiff_t>(pcntr));
  }
  OPENSSL_cleanse(plain.data(), plain.size());
  return r;
}

Bytes build_response_packet(const CommandPacketResult& cmd, PorStatus status, ByteView additional_data,
                            const OtaKeys* keys) {
  if (cmd.format != PacketFormat::Ok) throw std::invalid_argument("no PoR for a malformed command packet");
  const CommandHeader& h = cmd.header;
  ResponsePacket por;
  por.tar = h.tar;
  por.counter = cmd.counter;
  por.status = status;
  por.additional_data.assign(additional_data.begin(), additional_data.end());

  IntegrityField integrity;
  std::optional<BlockCipher> cipher;
  if (cmd.secure_por) {
    auto resolved = IntegrityField::resolve(h.spi.por_integrity, h.kid, keys, cmd.aes_cc_length);
    if (!resolved) throw std::invalid_argument("the key set cannot give the PoR its RC/CC");
    integrity = std::move(*resolved);
    if (h.spi.por_ciphering) {
      cipher = resolve_cipher(h.kic, keys);
      if (!cipher) throw std::invalid_argument("the key set cannot cipher the PoR");
    }
  }
  return encode_response_packet(por, integrity, cipher ? &*cipher : nullptr);
}

}  // namespace cardcore::ota
