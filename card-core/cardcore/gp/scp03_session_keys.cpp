#include "cardcore/gp/scp03_session_keys.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>


#include "cardcore/gp/scp03_kdf.hpp"
#include "cardcore/util/constant_time.hpp"

namespace cardcore::gp::scp03 {

namespace {

void check_key(ByteView key, const char* name) {
  if (!aes_key_length_ok(key.size()))
    throw std::invalid_argument(std::string("SCP03: ") + name + " of " + std::to_string(key.size()) +
                                " bytes; AES-128/192/256 needs 16, 24 or 32");
}

Bytes context_of(ByteView host_challenge, ByteView card_challenge) {
  if (host_challenge.size() != kChallengeBytes)
    throw std::invalid_argument("SCP03: host challenge of " + std::to_string(host_challenge.size()) +
                                " bytes; S8 mode needs 8");
  if (card_challenge.size() != kChallengeBytes)
    throw std::invalid_argument("SCP03: card challenge of " + std::to_string(card_challenge.size()) +
                                " bytes; S8 mode needs 8");
  Bytes context(2 * kChallengeBytes);
  std::copy(host_challenge.begin(), host_challenge.end(), context.begin());
  std::copy(card_challenge.begin(), card_challenge.end(), context.begin() + kChallengeBytes);
  return context;
}

Cryptogram cryptogram(DerivationConstant constant, ByteView s_mac, ByteView host_challenge,
                      ByteView card_challenge) {
  check_key(s_mac, "S-MAC");
  const Bytes d = kdf(s_mac, constant, context_of(host_challenge, card_challenge), kCryptogramBytes * 8);
  Cryptogram out{};
  std::copy(d.begin(), d.end(), out.begin());
  return out;
}

}  // namespace

SessionKeys derive_session_keys(ByteView k_enc, ByteView k_mac, ByteView host_challenge, ByteView card_challenge) {
  check_key(k_enc, "K-ENC");
  check_key(k_mac, "K-MAC");
  if (k_enc.size() != k_mac.size())
    throw std::invalid_argument("SCP03: K-ENC of " + std::to_string(k_enc.size()) + " bytes and K-MAC of " +
                                std::to_string(k_mac.size()) + " bytes; a key set has one length");
  const Bytes context = context_of(host_challenge, card_challenge);
  const auto bits = static_cast<std::uint16_t>(k_enc.size() * 8);
  return SessionKeys{kdf(k_enc, DerivationConstant::SEnc, context, bits),
                     kdf(k_mac, DerivationConstant::SMac, context, bits),
                     kdf(k_mac, DerivationConstant::SRmac, context, bits)};
}

Cryptogram card_cryptogram(ByteView s_mac, ByteView host_challenge, ByteView card_challenge) {
  return cryptogram(DerivationConstant::CardCryptogram, s_mac, host_challenge, card_challenge);
}

Cryptogram host_cryptogram(ByteView s_mac, ByteView host_challenge, ByteView card_challenge) {
  return cryptogram(DerivationConstant::HostCryptogram, s_mac, host_challenge, card_challenge);
}

bool same_cryptogram(const Cryptogram& expected, ByteView received) {
  return equal_constant_time(expected, received);
}

}  // namespace cardcore::gp::scp03
