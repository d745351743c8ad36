#pragma once
// PE-Application and PE-SecurityDomain (PEDefinitions v3.3.1:
// ApplicationLoadPackage, ApplicationInstance §8.7.3, KeyObject §8.6.3;
// values coded as GlobalPlatform Card Specification v2.3 INSTALL / PUT KEY).
#include <cstdint>
#include <optional>
#include <vector>

#include "cardcore/saip/profile_header.hpp"

namespace cardcore::saip {

struct ApplicationSystemParameters {  // [PRIVATE 15]
  std::optional<Bytes> volatile_memory_quota;            // [PRIVATE 7] 2..4
  std::optional<Bytes> non_volatile_memory_quota;        // [PRIVATE 8] 2..4
  std::optional<Bytes> global_service_parameters;        // [PRIVATE 11]
  std::optional<Bytes> implicit_selection_parameter;     // [PRIVATE 15]
  std::optional<Bytes> volatile_reserved_memory;         // [PRIVATE 23] 2..4
  std::optional<Bytes> non_volatile_reserved_memory;     // [PRIVATE 24] 2..4
  std::optional<Bytes> ts102226_sim_file_access_toolkit;  // [PRIVATE 10]
  std::optional<Bytes> ts102226_additional_contactless;   // [0] { protocolParameterData [0] }
  std::optional<Bytes> contactless_protocol_parameters;  // [PRIVATE 25]
  std::optional<Bytes> user_interaction_contactless;     // [PRIVATE 26]
  std::optional<Bytes> cumulative_granted_volatile;      // [2] 2..4
  std::optional<Bytes> cumulative_granted_non_volatile;  // [3] 2..4
  bool operator==(const ApplicationSystemParameters&) const = default;
};

struct UiccApplicationParameters {  // [PRIVATE 10]
  std::optional<Bytes> toolkit;               // [0] uiccToolkitApplicationSpecificParametersField
  std::optional<Bytes> access;                // [1] uiccAccessApplicationSpecificParametersField
  std::optional<Bytes> administrative_access; // [2] uiccAdministrativeAccessApplicationSpecificParametersField
  bool operator==(const UiccApplicationParameters&) const = default;
};

struct ApplicationInstance {
  Bytes load_package_aid;                     // [APPLICATION 15]
  Bytes class_aid;                            // [APPLICATION 15]
  Bytes instance_aid;                         // [APPLICATION 15]
  std::optional<Bytes> extradite_sd_aid;      // [APPLICATION 15]
  Bytes privileges;                           // [2]
  std::uint8_t life_cycle_state = 0x07;       // [3] DEFAULT '07'
  Bytes specific_parameters_c9;               // [PRIVATE 9]
  std::optional<ApplicationSystemParameters> system_parameters;  // [PRIVATE 15]
  std::optional<UiccApplicationParameters> uicc_parameters;      // [PRIVATE 10]
  std::optional<std::vector<Bytes>> process_data;                // SEQUENCE (1..MAX) OF OCTET STRING
  std::optional<Bytes> application_provider_id;                  // [16] { [APPLICATION 32] }
  bool operator==(const ApplicationInstance&) const = default;
};

struct ApplicationLoadPackage {
  Bytes load_package_aid;                 // [APPLICATION 15]
  std::optional<Bytes> security_domain_aid;  // [APPLICATION 15]
  std::optional<Bytes> non_volatile_code_limit_c6;  // [PRIVATE 6]
  std::optional<Bytes> volatile_data_limit_c7;      // [PRIVATE 7]
  std::optional<Bytes> non_volatile_data_limit_c8;  // [PRIVATE 8]
  std::optional<Bytes> hash_value;                  // [PRIVATE 1]
  Bytes load_block_object;                          // [PRIVATE 4]
  bool operator==(const ApplicationLoadPackage&) const = default;
};

struct PeApplication {
  PeHeader header;
  std::optional<ApplicationLoadPackage> load_block;       // [1]
  std::optional<std::vector<ApplicationInstance>> instances;  // [2] (1..MAX)
  bool operator==(const PeApplication&) const = default;
};

struct KeyComponent {
  Bytes key_type;          // [0] GP key type ('88' AES, '80' DES)
  Bytes key_data;          // [6]
  std::uint8_t mac_length = 8;  // [7] DEFAULT 8
  bool operator==(const KeyComponent&) const = default;
};

struct KeyObject {
  Bytes key_usage_qualifier;        // [21] 1..2 bytes (GPCS §11.1.9)
  std::uint8_t key_access = 0x00;   // [22] DEFAULT '00'
  std::uint8_t key_identifier = 0;  // [2] 1 byte
  std::uint8_t key_version = 0;     // [3] 1 byte
  std::optional<Bytes> key_counter; // [5]
  std::vector<KeyComponent> components;  // SEQUENCE (1..MAX)
  bool operator==(const KeyObject&) const = default;
};

struct PeSecurityDomain {
  PeHeader header;
  ApplicationInstance instance;                     // [1] §8.7.3
  std::optional<std::vector<KeyObject>> key_list;   // [2] §8.6.3
  std::optional<std::vector<Bytes>> sd_perso_data;  // [3] §8.6.4
  struct OpenPersoData {
    std::optional<Bytes> restrict_parameter;                // [PRIVATE 25] 1 byte
    std::optional<Bytes> contactless_protocol_parameters;   // UNIVERSAL OCTET STRING
    bool operator==(const OpenPersoData&) const = default;
  };
  std::optional<OpenPersoData> open_perso_data;     // [4] §8.6.6
  struct CatTpParameters {
    std::uint16_t max_sdu_size = 0;  // [0]
    std::uint16_t max_pdu_size = 0;  // [1]
    bool operator==(const CatTpParameters&) const = default;
  };
  std::optional<CatTpParameters> cat_tp_parameters;  // [5] §8.6.7
  bool operator==(const PeSecurityDomain&) const = default;
};

namespace codec {
ApplicationInstance decode_application_instance(der::Context& ctx, const der::Tlv& t);
Bytes encode_application_instance(const ApplicationInstance& a);  // contents
PeApplication decode_application(der::Context& ctx, const der::Tlv& t);
Bytes encode_application(const PeApplication& pe);
PeSecurityDomain decode_security_domain(der::Context& ctx, const der::Tlv& t);
Bytes encode_security_domain(const PeSecurityDomain& pe);
}  // namespace codec

}  // namespace cardcore::saip
