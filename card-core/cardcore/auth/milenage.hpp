#pragma once
// MILENAGE, the example algorithm set for the 3GPP authentication and key
// generation functions f1, f1*, f2, f3, f4, f5 and f5* (TS 35.206).
//
// A Milenage object holds one subscriber's K (as an expanded AES key schedule)
// and OPc, so the key schedule is computed once and every function costs only
// its block encryptions: TEMP = E_K(RAND xor OPc) once per call, then the OUTi
// blocks the call needs, encrypted side by side.
#include <array>
#include <cstddef>
#include <cstdint>

#include "cardcore/crypto/aes128.hpp"

namespace cardcore {

using Block128 = std::array<std::uint8_t, 16>;

// TS 35.206 §4.1: rotation amounts r1..r5 (in bits, 0..127) and 128-bit
// constants c1..c5; index 0 holds r1/c1. An operator may choose its own.
struct MilenageConstants {
  std::array<Block128, 5> c{};
  std::array<std::uint8_t, 5> r{};

  // TS 35.206 §4.1 defaults: r1 = 64, r2 = 0, r3 = 32, r4 = 64, r5 = 96;
  // c1 = 0, c2 = ..01, c3 = ..02, c4 = ..04, c5 = ..08 (last bit positions).
  static MilenageConstants standard();
};

// f1 and f1* (both from OUT1).
struct MilenageF1 {
  std::array<std::uint8_t, 8> mac_a{};  // f1
  std::array<std::uint8_t, 8> mac_s{};  // f1*
};

// f2, f3, f4, f5 (from OUT2, OUT3, OUT4).
struct MilenageF2345 {
  std::array<std::uint8_t, 8> res{};  // f2
  Block128 ck{};                      // f3
  Block128 ik{};                      // f4
  std::array<std::uint8_t, 6> ak{};   // f5
};

// f1* and f5*, what a re-synchronisation token needs (TS 33.102 §6.3.3).
struct MilenageResync {
  std::array<std::uint8_t, 8> mac_s{};    // f1*
  std::array<std::uint8_t, 6> ak_star{};  // f5*
};

// Network side, one authentication vector (TS 33.102 §6.3.2).
struct MilenageVector {
  std::array<std::uint8_t, 8> mac_a{};  // f1
  std::array<std::uint8_t, 8> mac_s{};  // f1*
  std::array<std::uint8_t, 8> res{};    // XRES = f2
  Block128 ck{};                        // f3
  Block128 ik{};                        // f4
  std::array<std::uint8_t, 6> ak{};     // f5
  Block128 autn{};                      // (SQN xor AK) || AMF || MAC-A
};

// User side, one AUTHENTICATE (TS 33.102 §6.3.3): what the card computes from
// RAND and AUTN before it judges SQN freshness.
struct MilenageAuth {
  bool mac_ok = false;                  // XMAC == MAC of AUTN (constant time)
  std::array<std::uint8_t, 6> sqn{};    // (SQN xor AK) xor AK
  std::array<std::uint8_t, 2> amf{};
  std::array<std::uint8_t, 8> xmac{};   // f1 computed here
  std::array<std::uint8_t, 8> res{};    // f2
  Block128 ck{};                        // f3
  Block128 ik{};                        // f4
  std::array<std::uint8_t, 6> ak{};     // f5
};

class Milenage {
 public:
  static constexpr std::size_t kKeyBytes = 16;
  static constexpr std::size_t kRandBytes = 16;
  static constexpr std::size_t kSqnBytes = 6;
  static constexpr std::size_t kAmfBytes = 2;
  static constexpr std::size_t kAutnBytes = 16;

  // TS 35.206 §4.1: OPc = OP xor E_K(OP).
  static Block128 opc_from_op(const std::uint8_t k[16], const std::uint8_t op[16],
                              Aes128::Path path = Aes128::default_path());

  // Throws std::invalid_argument if an r_i is above 127.
  Milenage(const std::uint8_t k[16], const std::uint8_t opc[16],
           const MilenageConstants& constants = MilenageConstants::standard(),
           Aes128::Path path = Aes128::default_path());
  static Milenage from_op(const std::uint8_t k[16], const std::uint8_t op[16],
                          const MilenageConstants& constants = MilenageConstants::standard(),
                          Aes128::Path path = Aes128::default_path());
  ~Milenage();  // wipes OPc (the Aes128 member wipes the key schedule)
  Milenage(const Milenage&) = default;
  Milenage& operator=(const Milenage&) = default;

  // 2 block encryptions: TEMP, OUT1.
  MilenageF1 f1(const std::uint8_t rand[16], const std::uint8_t sqn[6], const std::uint8_t amf[2]) const;
  // 4 block encryptions: TEMP, then OUT2..OUT4 together.
  MilenageF2345 f2345(const std::uint8_t rand[16]) const;
  // 2 block encryptions: TEMP, OUT5.
  std::array<std::uint8_t, 6> f5star(const std::uint8_t rand[16]) const;
  // 3 block encryptions: TEMP, then OUT1 and OUT5 together.
  MilenageResync f1star_f5star(const std::uint8_t rand[16], const std::uint8_t sqn[6],
                               const std::uint8_t amf[2]) const;
  // Network side: 5 block encryptions, TEMP then OUT1..OUT4 together.
  MilenageVector generate(const std::uint8_t rand[16], const std::uint8_t sqn[6], const std::uint8_t amf[2]) const;
  // Card side: 5 block encryptions, TEMP, OUT2..OUT4 together (AK recovers
  // SQN), then OUT1 for XMAC.
  MilenageAuth authenticate(const std::uint8_t rand[16], const std::uint8_t autn[16]) const;

  const Block128& opc() const { return opc_bytes_; }
  Aes128::Path aes_path() const { return aes_.path(); }

 private:
  // A 128-bit string as two big-endian halves: bit 0 of TS 35.206 is the most
  // significant bit of hi.
  struct U128 {
    std::uint64_t hi = 0;
    std::uint64_t lo = 0;
  };

  U128 temp(const std::uint8_t rand[16]) const;
  // E_K input of OUT1: TEMP xor rot(IN1 xor OPc, r1) xor c1.
  U128 out1_input(const U128& temp, const std::uint8_t sqn[6], const std::uint8_t amf[2]) const;
  // E_K input of OUTi, i = 2..5: rot(TEMP xor OPc, ri) xor ci.
  U128 outi_input(const U128& temp, int i) const;

  Aes128 aes_;
  Block128 opc_bytes_;
  U128 opc_;
  std::array<U128, 5> c_;
  std::array<std::uint8_t, 5> r_;
};

}  // namespace cardcore
