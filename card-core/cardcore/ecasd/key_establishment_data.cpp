#include "cardcore/ecasd/key_establishment_data.hpp"

#include <algorithm>
#include <string>

#include "cardcore/ecasd/dgi.hpp"
#include "cardcore/ecasd/ecdsa.hpp"
#include "cardcore/tlv/ber_tlv.hpp"

namespace cardcore::ecasd {

namespace {

constexpr std::uint16_t kEphemeralKey = 0x7F49, kPoint = 0xB0, kKeyParameter = 0xF0, kSignature = 0x5F37,
                        kRandom = 0x85, kReceipt = 0x86;

template <class T>
Outcome<T> malformed(KeyEstablishmentError e, const std::string& what) {
  return {std::nullopt, e, what};
}

}  // namespace

Bytes encode_certificate_command(ByteView certificate_tlv) {
  Bytes out;
  put_dgi(out, kDgiCertificate, certificate_tlv);
  return out;
}

Outcome<Bytes> decode_certificate_command(ByteView data) {
  const auto dgi = read_dgi(data);
  if (!dgi || dgi->id != kDgiCertificate)
    return malformed<Bytes>(KeyEstablishmentError::MalformedCommand, "DGI '3A01' missing or truncated");
  if (dgi->size != data.size())
    return malformed<Bytes>(KeyEstablishmentError::MalformedCommand, "data after DGI '3A01'");
  return {Bytes(dgi->value.begin(), dgi->value.end()), KeyEstablishmentError::None, {}};
}

Bytes encode_certificate_response(ByteView random_challenge) {
  if (random_challenge.empty()) return {};
  return tlv::make_ber(kRandom, random_challenge);
}

Outcome<Bytes> decode_certificate_response(ByteView data) {
  if (data.empty()) return {Bytes{}, KeyEstablishmentError::None, {}};
  const tlv::Result<tlv::BerTlv> t = tlv::parse_ber(data);
  if (!t.ok() || t.value.tag != kRandom || t.value.value.empty())
    return malformed<Bytes>(KeyEstablishmentError::ResponseMalformed, "answer to '3A01' is not one '85' RC");
  return {Bytes(t.value.value.begin(), t.value.value.end()), KeyEstablishmentError::None, {}};
}

Bytes key_agreement_signed_data(ByteView signed_prefix, ByteView random_challenge) {
  Bytes out(signed_prefix.begin(), signed_prefix.end());
  if (!random_challenge.empty()) tlv::put_ber(out, kRandom, random_challenge);
  return out;
}

Bytes encode_key_agreement_command(ByteView crt_tlv, const PublicKey& ephemeral, const PrivateKey& signer,
                                   ByteView random_challenge) {
  Bytes out;
  put_dgi(out, kDgiKeyAgreement, crt_tlv);
  Bytes epk;
  tlv::put_ber(epk, kPoint, ephemeral.point);
  const std::uint8_t ref = key_parameter_reference(ephemeral.curve);
  tlv::put_ber(epk, kKeyParameter, ByteView(&ref, 1));
  tlv::put_ber(out, kEphemeralKey, epk);
  const Bytes signature = ecdsa_sign(signer, key_agreement_signed_data(out, random_challenge));
  tlv::put_ber(out, kSignature, signature);
  return out;
}

Outcome<KeyAgreementCommand> decode_key_agreement_command(ByteView data) {
  using R = KeyAgreementCommand;
  const auto E = KeyEstablishmentError::MalformedCommand;
  const auto dgi = read_dgi(data);
  if (!dgi || dgi->id != kDgiKeyAgreement) return malformed<R>(E, "DGI '3A02' missing or truncated");
  ByteView rest = data.subspan(dgi->size);

  const tlv::Result<tlv::BerTlv> epk = tlv::read_ber(rest);
  if (!epk.ok() || epk.value.tag != kEphemeralKey) return malformed<R>(E, "'7F49' ephemeral public key missing");
  const std::size_t signed_len = dgi->size + epk.value.size;
  rest = rest.subspan(epk.value.size);
  const tlv::Result<tlv::BerTlv> sig = tlv::parse_ber(rest);
  if (!sig.ok() || sig.value.tag != kSignature)
    return malformed<R>(E, sig.error == tlv::Error::TrailingData ? "data after '5F37' signature"
                                                                  : "'5F37' signature missing");
  if (sig.value.value.size() != kSignatureBytes) return malformed<R>(E, "'5F37' signature not 64 bytes");

  tlv::BerReader inner(epk.value.value);
  tlv::BerTlv point, ref, extra;
  if (!inner.next(point) || point.tag != kPoint) return malformed<R>(E, "'7F49'/'B0' point missing");
  if (!inner.next(ref) || ref.tag != kKeyParameter) return malformed<R>(E, "'7F49'/'F0' key parameter missing");
  if (ref.value.size() != 1) return malformed<R>(E, "'7F49'/'F0' key parameter not 1 byte");
  if (inner.next(extra) || inner.error() != tlv::Error::None) return malformed<R>(E, "'7F49' has other objects");

  R cmd;
  cmd.crt_tlv.assign(dgi->value.begin(), dgi->value.end());
  cmd.point.assign(point.value.begin(), point.value.end());
  cmd.key_parameter_reference = ref.value[0];
  cmd.signature.assign(sig.value.value.begin(), sig.value.value.end());
  cmd.signed_data.assign(data.begin(), data.begin() + static_cast<std::ptrdiff_t>(signed_len));
  return {std::move(cmd), KeyEstablishmentError::None, {}};
}

Bytes encode_key_agreement_response(ByteView derivation_random, const Receipt& receipt) {
  Bytes out;
  if (!derivation_random.empty()) tlv::put_ber(out, kRandom, derivation_random);
  tlv::put_ber(out, kReceipt, receipt);
  return out;
}

Outcome<KeyAgreementResponse> decode_key_agreement_response(ByteView data) {
  using R = KeyAgreementResponse;
  const auto E = KeyEstablishmentError::ResponseMalformed;
  tlv::BerReader reader(data);
  tlv::BerTlv t;
  R out;
  bool have_receipt = false;
  if (!reader.next(t)) return malformed<R>(E, "empty or malformed answer to '3A02'");
  if (t.tag == kRandom) {
    if (t.value.empty()) return malformed<R>(E, "'85' DR empty");
    out.derivation_random.assign(t.value.begin(), t.value.end());
    if (!reader.next(t)) return malformed<R>(E, "'86' receipt missing");
  }
  if (t.tag == kReceipt && t.value.size() == out.receipt.size()) {
    std::copy(t.value.begin(), t.value.end(), out.receipt.begin());
    have_receipt = true;
  }
  if (!have_receipt) return malformed<R>(E, "'86' receipt missing or not 16 bytes");
  if (!reader.at_end() || reader.error() != tlv::Error::None) return malformed<R>(E, "data after '86' receipt");
  return {std::move(out), KeyEstablishmentError::None, {}};
}

}  // namespace cardcore::ecasd
