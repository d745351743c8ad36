#include "cardcore/ecasd/ecdsa.hpp"

#include <algorithm>
#include <stdexcept>

#include <openssl/crypto.h>
#include <openssl/ecdsa.h>
#include <openssl/hmac.h>

#include "cardcore/ecasd/ec_openssl.hpp"
#include "cardcore/ecasd/sha256.hpp"

namespace cardcore::ecasd {

using namespace detail;

namespace {

using EcdsaSigPtr = std::unique_ptr<ECDSA_SIG, Deleter<ECDSA_SIG, ECDSA_SIG_free>>;

Bytes hmac_sha256(ByteView key, ByteView data) {
  Bytes out(32);
  unsigned int len = 0;
  checked(HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), data.data(), data.size(), out.data(), &len),
          "HMAC");
  return out;
}

Bytes concat(std::initializer_list<ByteView> parts) {
  Bytes out;
  for (ByteView p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

// RFC 6979 §3.2 for qlen = hlen = 256: the stream of candidate nonces.
class Rfc6979Nonces {
 public:
  Rfc6979Nonces(ByteView x, ByteView h1_mod_q) : v_(32, 0x01), k_(32, 0x00) {
    const std::uint8_t zero = 0x00, one = 0x01;
    k_ = hmac_sha256(k_, concat({v_, ByteView(&zero, 1), x, h1_mod_q}));  // step d
    v_ = hmac_sha256(k_, v_);                                              // step e
    k_ = hmac_sha256(k_, concat({v_, ByteView(&one, 1), x, h1_mod_q}));   // step f
    v_ = hmac_sha256(k_, v_);                                              // step g
  }
  ~Rfc6979Nonces() {
    OPENSSL_cleanse(v_.data(), v_.size());
    OPENSSL_cleanse(k_.data(), k_.size());
  }
  // Step h: the next candidate T (qlen = hlen, so one HMAC block).
  Bytes next() {
    if (started_) {
      const std::uint8_t zero = 0x00;
      k_ = hmac_sha256(k_, concat({v_, ByteView(&zero, 1)}));
      v_ = hmac_sha256(k_, v_);
    }
    started_ = true;
    v_ = hmac_sha256(k_, v_);
    return v_;
  }

 private:
  Bytes v_, k_;
  bool started_ = false;
};

}  // namespace

Bytes ecdsa_sign(const PrivateKey& key, ByteView message) {
  GroupPtr group = make_group(key.curve());
  const BIGNUM* n = EC_GROUP_get0_order(group.get());
  BnCtxPtr ctx(checked(BN_CTX_new(), "BN_CTX_new"));

  const Sha256Digest h1 = sha256(message);
  // bits2int(h1) = h1 (qlen = hlen = 256); e and bits2octets use it mod n.
  BnPtr e = bn_from(h1);
  check(BN_nnmod(e.get(), e.get(), n, ctx.get()), "BN_nnmod");
  const Bytes h1_mod_q = bn_to_bytes(e.get(), kFieldBytes);
  BnPtr d = bn_from(key.scalar());

  Rfc6979Nonces nonces(key.scalar(), h1_mod_q);
  PointPtr r_point(checked(EC_POINT_new(group.get()), "EC_POINT_new"));
  BnPtr r(checked(BN_new(), "BN_new")), s(checked(BN_new(), "BN_new")), k_inv(checked(BN_new(), "BN_new"));
  for (;;) {
    Bytes t = nonces.next();
    BnPtr k = bn_from(t);
    OPENSSL_cleanse(t.data(), t.size());
    if (BN_is_zero(k.get()) || BN_cmp(k.get(), n) >= 0) continue;
    // r = x(k·G) mod n
    check(EC_POINT_mul(group.get(), r_point.get(), k.get(), nullptr, nullptr, ctx.get()), "EC_POINT_mul");
    check(EC_POINT_get_affine_coordinates(group.get(), r_point.get(), r.get(), nullptr, ctx.get()),
          "EC_POINT_get_affine_coordinates");
    check(BN_nnmod(r.get(), r.get(), n, ctx.get()), "BN_nnmod");
    if (BN_is_zero(r.get())) continue;
    // s = k^-1 (e + r·d) mod n
    checked(BN_mod_inverse(k_inv.get(), k.get(), n, ctx.get()), "BN_mod_inverse");
    check(BN_mod_mul(s.get(), r.get(), d.get(), n, ctx.get()), "BN_mod_mul");
    check(BN_mod_add(s.get(), s.get(), e.get(), n, ctx.get()), "BN_mod_add");
    check(BN_mod_mul(s.get(), s.get(), k_inv.get(), n, ctx.get()), "BN_mod_mul");
    if (BN_is_zero(s.get())) continue;
    break;
  }
  Bytes out = bn_to_bytes(r.get(), kFieldBytes);
  const Bytes s_bytes = bn_to_bytes(s.get(), kFieldBytes);
  out.insert(out.end(), s_bytes.begin(), s_bytes.end());
  return out;
}

Bytes signature_raw_to_der(ByteView raw) {
  if (raw.size() != kSignatureBytes)
    throw std::invalid_argument("ECDSA signature: " + std::to_string(raw.size()) + " bytes, not r || s of 64");
  EcdsaSigPtr sig(checked(ECDSA_SIG_new(), "ECDSA_SIG_new"));
  BnPtr r = bn_from(raw.first(kFieldBytes));
  BnPtr s = bn_from(raw.subspan(kFieldBytes));
  check(ECDSA_SIG_set0(sig.get(), r.get(), s.get()), "ECDSA_SIG_set0");
  r.release();  // now owned by sig
  s.release();
  unsigned char* der = nullptr;
  const int len = i2d_ECDSA_SIG(sig.get(), &der);
  if (len <= 0) throw CryptoFailure("OpenSSL: i2d_ECDSA_SIG failed");
  Bytes out(der, der + len);
  OPENSSL_free(der);
  return out;
}

Bytes signature_der_to_raw(ByteView der) {
  const unsigned char* p = der.data();
  EcdsaSigPtr sig(d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(der.size())));
  if (!sig || p != der.data() + der.size()) return {};
  const BIGNUM* r = ECDSA_SIG_get0_r(sig.get());
  const BIGNUM* s = ECDSA_SIG_get0_s(sig.get());
  if (BN_num_bytes(r) > static_cast<int>(kFieldBytes) || BN_num_bytes(s) > static_cast<int>(kFieldBytes)) return {};
  Bytes out = bn_to_bytes(r, kFieldBytes);
  const Bytes s_bytes = bn_to_bytes(s, kFieldBytes);
  out.insert(out.end(), s_bytes.begin(), s_bytes.end());
  return out;
}

bool ecdsa_verify(const PublicKey& key, ByteView message, ByteView raw_signature) {
  if (raw_signature.size() != kSignatureBytes) return false;
  if (!make_public_key(key.curve, key.point)) return false;  // a PublicKey built by hand
  const Bytes der = signature_raw_to_der(raw_signature);
  PkeyPtr pkey = evp_public_key(key);
  MdCtxPtr md(checked(EVP_MD_CTX_new(), "EVP_MD_CTX_new"));
  check(EVP_DigestVerifyInit(md.get(), nullptr, EVP_sha256(), nullptr, pkey.get()), "EVP_DigestVerifyInit");
  return EVP_DigestVerify(md.get(), der.data(), der.size(), message.data(), message.size()) == 1;
}

}  // namespace cardcore::ecasd
