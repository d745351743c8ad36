#include "cardcore/auth/milenage.hpp"
#include "cardcore/util/constant_time.hpp"

#include <bit>
#include <cstring>
#include <stdexcept>
#include <utility>

#include "cardcore/util/wipe.hpp"

namespace cardcore {

namespace {

std::uint64_t load_be64(const std::uint8_t* p) {
  std::uint64_t v;
  std::memcpy(&v, p, 8);
  if constexpr (std::endian::native == std::endian::little) v = __builtin_bswap64(v);
  return v;
}

void store_be64(std::uint8_t* p, std::uint64_t v) {
  if constexpr (std::endian::native == std::endian::little) v = __builtin_bswap64(v);
  std::memcpy(p, &v, 8);
}


// TS 35.206 §4.1 rot(x, r): x[r], x[r+1], ..., x[127], x[0], ..., x[r-1], i.e.
// a cyclic shift by r bit positions towards the most significant bit.
void rotate_left(std::uint64_t& hi, std::uint64_t& lo, unsigned r) {
  if (r >= 64) {
    std::swap(hi, lo);
    r -= 64;
  }
  if (r != 0) {
    const std::uint64_t h = (hi << r) | (lo >> (64 - r));
    const std::uint64_t l = (lo << r) | (hi >> (64 - r));
    hi = h;
    lo = l;
  }
}

// E_K inputs in consecutive 16-byte slots, encrypted in one batch.
template <std::size_t N>
struct Blocks {
  alignas(16) std::uint8_t bytes[16 * N];
  std::uint8_t* at(std::size_t i) { return bytes + 16 * i; }
  template <typename W>
  void put(std::size_t i, const W& w) {
    store_be64(at(i), w.hi);
    store_be64(at(i) + 8, w.lo);
  }
};

void xor_opc(std::uint8_t* block, const std::uint8_t* opc) {
  for (std::size_t i = 0; i < 16; ++i) block[i] ^= opc[i];
}

}  // namespace

MilenageConstants MilenageConstants::standard() {
  MilenageConstants k;
  k.r = {64, 0, 32, 64, 96};
  k.c[1][15] = 0x01;
  k.c[2][15] = 0x02;
  k.c[3][15] = 0x04;
  k.c[4][15] = 0x08;
  return k;
}

Block128 Milenage::opc_from_op(const std::uint8_t k[16], const std::uint8_t op[16], Aes128::Path path) {
  Block128 opc;
  Aes128(k, path).encrypt(op, opc.data());
  for (std::size_t i = 0; i < 16; ++i) opc[i] ^= op[i];
  return opc;
}

Milenage::Milenage(const std::uint8_t k[16], const std::uint8_t opc[16], const MilenageConstants& constants,
                   Aes128::Path path)
    : aes_(k, path), r_(constants.r) {
  for (std::uint8_t r : r_)
    if (r > 127) throw std::invalid_argument("Milenage: rotation constant above 127 bits");
  std::memcpy(opc_bytes_.data(), opc, 16);
  opc_ = {load_be64(opc), load_be64(opc + 8)};
  for (std::size_t i = 0; i < 5; ++i) c_[i] = {load_be64(constants.c[i].data()), load_be64(constants.c[i].data() + 8)};
}

Milenage Milenage::from_op(const std::uint8_t k[16], const std::uint8_t op[16], const MilenageConstants& constants,
                           Aes128::Path path) {
  const Block128 opc = opc_from_op(k, op, path);
  return Milenage(k, opc.data(), constants, path);
}

Milenage::~Milenage() {
  wipe(opc_bytes_.data(), opc_bytes_.size());
  wipe(&opc_, sizeof opc_);
}

Milenage::U128 Milenage::temp(const std::uint8_t rand[16]) const {
  std::uint8_t block[16];
  store_be64(block, load_be64(rand) ^ opc_.hi);
  store_be64(block + 8, load_be64(rand + 8) ^ opc_.lo);
  aes_.encrypt(block, block);  // TEMP = E_K(RAND xor OPc)
  return {load_be64(block), load_be64(block + 8)};
}

Milenage::U128 Milenage::out1_input(const U128& t, const std::uint8_t sqn[6], const std::uint8_t amf[2]) const {
  // IN1 = SQN || AMF || SQN || AMF, 64 bits repeated.
  std::uint8_t half[8];
  std::memcpy(half, sqn, 6);
  std::memcpy(half + 6, amf, 2);
  const std::uint64_t in1 = load_be64(half);
  std::uint64_t hi = in1 ^ opc_.hi;
  std::uint64_t lo = in1 ^ opc_.lo;
  rotate_left(hi, lo, r_[0]);
  return {t.hi ^ hi ^ c_[0].hi, t.lo ^ lo ^ c_[0].lo};
}

Milenage::U128 Milenage::outi_input(const U128& t, int i) const {
  std::uint64_t hi = t.hi ^ opc_.hi;
  std::uint64_t lo = t.lo ^ opc_.lo;
  rotate_left(hi, lo, r_[i - 1]);
  return {hi ^ c_[i - 1].hi, lo ^ c_[i - 1].lo};
}

MilenageF1 Milenage::f1(const std::uint8_t rand[16], const std::uint8_t sqn[6], const std::uint8_t amf[2]) const {
  Blocks<1> b;
  b.put(0, out1_input(temp(rand), sqn, amf));
  aes_.encrypt(b.at(0), b.at(0));
  xor_opc(b.at(0), opc_bytes_.data());  // OUT1
  MilenageF1 out;
  std::memcpy(out.mac_a.data(), b.at(0), 8);      // f1 = OUT1[0..63]
  std::memcpy(out.mac_s.data(), b.at(0) + 8, 8);  // f1* = OUT1[64..127]
  return out;
}

MilenageF2345 Milenage::f2345(const std::uint8_t rand[16]) const {
  const U128 t = temp(rand);
  Blocks<3> b;
  for (int i = 2; i <= 4; ++i) b.put(i - 2, outi_input(t, i));
  aes_.encrypt_blocks(b.bytes, b.bytes, 3);
  MilenageF2345 out;
  for (std::size_t s = 0; s < 3; ++s) xor_opc(b.at(s), opc_bytes_.data());
  std::memcpy(out.ak.data(), b.at(0), 6);       // f5 = OUT2[0..47]
  std::memcpy(out.res.data(), b.at(0) + 8, 8);  // f2 = OUT2[64..127]
  std::memcpy(out.ck.data(), b.at(1), 16);      // f3 = OUT3
  std::memcpy(out.ik.data(), b.at(2), 16);      // f4 = OUT4
  return out;
}

std::array<std::uint8_t, 6> Milenage::f5star(const std::uint8_t rand[16]) const {
  Blocks<1> b;
  b.put(0, outi_input(temp(rand), 5));
  aes_.encrypt(b.at(0), b.at(0));
  xor_opc(b.at(0), opc_bytes_.data());  // OUT5
  std::array<std::uint8_t, 6> ak_star;
  std::memcpy(ak_star.data(), b.at(0), 6);  // f5* = OUT5[0..47]
  return ak_star;
}

MilenageResync Milenage::f1star_f5star(const std::uint8_t rand[16], const std::uint8_t sqn[6],
                                       const std::uint8_t amf[2]) const {
  const U128 t = temp(rand);
  Blocks<2> b;
  b.put(0, out1_input(t, sqn, amf));
  b.put(1, outi_input(t, 5));
  aes_.encrypt_blocks(b.bytes, b.bytes, 2);
  xor_opc(b.at(0), opc_bytes_.data());
  xor_opc(b.at(1), opc_bytes_.data());
  MilenageResync out;
  std::memcpy(out.mac_s.data(), b.at(0) + 8, 8);  // f1* = OUT1[64..127]
  std::memcpy(out.ak_star.data(), b.at(1), 6);    // f5* = OUT5[0..47]
  return out;
}

MilenageVector Milenage::generate(const std::uint8_t rand[16], const std::uint8_t sqn[6],
                                  const std::uint8_t amf[2]) const {
  const U128 t = temp(rand);
  Blocks<4> b;
  b.put(0, out1_input(t, sqn, amf));
  for (int i = 2; i <= 4; ++i) b.put(i - 1, outi_input(t, i));
  aes_.encrypt_blocks(b.bytes, b.bytes, 4);
  for (std::size_t s = 0; s < 4; ++s) xor_opc(b.at(s), opc_bytes_.data());
  MilenageVector v;
  std::memcpy(v.mac_a.data(), b.at(0), 8);
  std::memcpy(v.mac_s.data(), b.at(0) + 8, 8);
  std::memcpy(v.ak.data(), b.at(1), 6);
  std::memcpy(v.res.data(), b.at(1) + 8, 8);
  std::memcpy(v.ck.data(), b.at(2), 16);
  std::memcpy(v.ik.data(), b.at(3), 16);
  // TS 33.102 §6.3.2: AUTN = SQN xor AK || AMF || MAC.
  for (std::size_t i = 0; i < 6; ++i) v.autn[i] = static_cast<std::uint8_t>(sqn[i] ^ v.ak[i]);
  v.autn[6] = amf[0];
  v.autn[7] = amf[1];
  std::memcpy(v.autn.data() + 8, v.mac_a.data(), 8);
  return v;
}

MilenageAuth Milenage::authenticate(const std::uint8_t rand[16], const std::uint8_t autn[16]) const {
  const U128 t = temp(rand);
  Blocks<3> b;
  for (int i = 2; i <= 4; ++i) b.put(i - 2, outi_input(t, i));
  aes_.encrypt_blocks(b.bytes, b.bytes, 3);
  for (std::size_t s = 0; s < 3; ++s) xor_opc(b.at(s), opc_bytes_.data());
  MilenageAuth a;
  std::memcpy(a.ak.data(), b.at(0), 6);
  std::memcpy(a.res.data(), b.at(0) + 8, 8);
  std::memcpy(a.ck.data(), b.at(1), 16);
  std::memcpy(a.ik.data(), b.at(2), 16);
  // TS 33.102 §6.3.3: SQN = (SQN xor AK) xor f5(RAND); then XMAC = f1(SQN, RAND, AMF).
  for (std::size_t i = 0; i < 6; ++i) a.sqn[i] = static_cast<std::uint8_t>(autn[i] ^ a.ak[i]);
  a.amf = {autn[6], autn[7]};
  Blocks<1> m;
  m.put(0, out1_input(t, a.sqn.data(), a.amf.data()));
  aes_.encrypt(m.at(0), m.at(0));
  xor_opc(m.at(0), opc_bytes_.data());
  std::memcpy(a.xmac.data(), m.at(0), 8);
  a.mac_ok = equal_constant_time(a.xmac, ByteView(autn + 8, 8));
  return a;
}

}  // namespace cardcore
