#pragma once
// PE-AKAParameter (PEDefinitions v3.3.1: AlgoParameter, MappingParameter;
// Milenage as TS 35.206, SQN handling as TS 33.102 Annex C).
#include <array>
#include <cstdint>
#include <optional>
#include <variant>
#include <vector>

#include "cardcore/saip/profile_header.hpp"

namespace cardcore::saip {

enum class AlgorithmId : std::uint8_t { Milenage = 1, Tuak = 2, UsimTestAlgorithm = 3 };

struct AlgoParameter {
  AlgorithmId algorithm = AlgorithmId::Milenage;  // [0]
  std::uint8_t algorithm_options = 0x01;          // [1] 1 byte
  Bytes key;                                      // [2]
  Bytes opc;                                      // [3] OPc (Milenage), TOPc (TUAK)
  Bytes rotation_constants = default_rotation();  // [4] 5 bytes DEFAULT '4000204060'
  Bytes xoring_constants = default_xoring();      // [5] 80 bytes DEFAULT c1..c5
  std::optional<Bytes> auth_counter_max;          // [6] 3 bytes
  std::uint8_t number_of_keccak = 1;              // [7] DEFAULT 1

  // TS 35.206 §4.1: r1..r5 = 64, 0, 32, 64, 96 bits; c1..c5 = 0, 1, 2, 4, 8.
  static Bytes default_rotation();
  static Bytes default_xoring();
  bool operator==(const AlgoParameter&) const = default;
};

struct MappingParameter {
  std::uint8_t mapping_options = 0;  // [0] 1 byte
  Bytes mapping_source;              // [1] AID whose parameters are shared
  bool operator==(const MappingParameter&) const = default;
};

struct PeAkaParameter {
  PeHeader header;
  std::variant<AlgoParameter, MappingParameter> algo_configuration;  // [1] CHOICE
  std::uint8_t sqn_options = 0x02;                   // [2] DEFAULT '02'
  Bytes sqn_delta = default_sqn_limit();             // [3] 6 bytes DEFAULT '000010000000'
  Bytes sqn_age_limit = default_sqn_limit();         // [4] 6 bytes DEFAULT '000010000000'
  std::vector<Bytes> sqn_init = default_sqn_init();  // [5] 32 x 6 bytes DEFAULT zeros

  static Bytes default_sqn_limit();
  static std::vector<Bytes> default_sqn_init();
  bool operator==(const PeAkaParameter&) const = default;
};

namespace codec {
PeAkaParameter decode_aka_parameter(der::Context& ctx, const der::Tlv& t);
Bytes encode_aka_parameter(const PeAkaParameter& pe);
}  // namespace codec

}  // namespace cardcore::saip
