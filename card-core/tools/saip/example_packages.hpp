#pragma once
// The example SAIP profile packages of profiles/saip/, defined in C++ and
// encoded with cardcore::saip::encode_package by make_saip_packages. Every
// value is an example: no real subscriber, key or operator data.
#include <string>
#include <vector>

#include "cardcore/saip/profile_package.hpp"

namespace esimtwin::saip_examples {

// The per-subscription values of an example package.
struct Subscription {
  std::string iccid;  // 19 digits; the Luhn digit is appended (E.118)
  std::string imsi;   // 15 digits
  std::string k;      // hex, 16 bytes
  std::string opc;    // hex, 16 bytes
};

// A China Mobile–style M2M profile: home PLMN 460-04 (example values).
cardcore::saip::ProfilePackage cmcc_m2m(const Subscription& s);
// A foreign partner operator's profile: home PLMN 262-01, an example of a
// European operator (Telekom Deutschland's MCC/MNC; example values only).
cardcore::saip::ProfilePackage partner_eu(const Subscription& s);

// The subscriptions of the committed files (K/OPc: TS 35.208 §4.3 test sets).
Subscription cmcc_m2m_subscription();    // test set 1
Subscription partner_eu_subscription();  // test set 3

struct ExampleFile {
  std::string file_name;  // under profiles/saip/
  cardcore::saip::ProfilePackage package;
};
std::vector<ExampleFile> example_files();

}  // namespace esimtwin::saip_examples
