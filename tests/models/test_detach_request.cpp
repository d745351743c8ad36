// The network's DETACH REQUEST (TS 24.301 §8.2.11.2): its octets, the
// decoder's reading of detach types and causes the spec says how to treat,
// and clear errors for messages it cannot read.
#include <gtest/gtest.h>

#include "cardcore/util/bytes.hpp"
#include "twinmodels/network/detach_request.hpp"
#include "twinmodels/network/ie_error.hpp"

namespace twinmodels {
namespace test_detach_request {

using cardcore::Bytes;
using cardcore::from_hex;

std::string error_of(const Bytes& nas) {
  try {
    decode_detach_request(nas);
  } catch (const NetworkIeError& e) {
    return e.what();
  }
  return "";
}

TEST(DetachRequest, BarringDetachIsReattachNotRequiredWithCause7) {
  const DetachRequest r{DetachType::ReattachNotRequired, kEmmCauseEpsServicesNotAllowed};
  const Bytes nas = encode_detach_request(r);
  EXPECT_EQ(cardcore::to_hex(nas), "0745025307");
  EXPECT_EQ(decode_detach_request(nas), r);
}

TEST(DetachRequest, ReattachRequiredWithoutCause) {
  const Bytes nas = encode_detach_request({DetachType::ReattachRequired, std::nullopt});
  EXPECT_EQ(cardcore::to_hex(nas), "074501");
  const DetachRequest r = decode_detach_request(nas);
  EXPECT_EQ(r.type, DetachType::ReattachRequired);
  EXPECT_FALSE(r.emm_cause);
}

// §9.9.3.7: reserved types read as "re-attach not required"; the spare
// half octet is ignored.
TEST(DetachRequest, ReservedDetachTypesReadAsReattachNotRequired) {
  EXPECT_EQ(decode_detach_request(from_hex("074506")).type, DetachType::ReattachNotRequired);
  EXPECT_EQ(decode_detach_request(from_hex("074507")).type, DetachType::ReattachNotRequired);
  EXPECT_EQ(decode_detach_request(from_hex("0745F3")).type, DetachType::ImsiDetach);
}

// §9.9.3.9: a cause outside the table is #111; §7.6.3: the first of two
// EMM causes counts; unknown optional IEs are skipped by their format.
TEST(DetachRequest, UnlistedCauseIsProtocolErrorAndUnknownIesAreSkipped) {
  EXPECT_EQ(decode_detach_request(from_hex("07450253C8")).emm_cause, kEmmCauseProtocolError);
  EXPECT_EQ(decode_detach_request(from_hex("07450253075308")).emm_cause, 7);
  // A type 1 IE (0xA1), a TLV (0x5B, 2 octets), a TLV-E (0x78, 1 octet), then the cause.
  EXPECT_EQ(decode_detach_request(from_hex("074502A15B02AABB780001CC5303")).emm_cause, 3);
}

TEST(DetachRequest, MalformedMessagesGetClearErrors) {
  EXPECT_EQ(error_of(from_hex("0745")), "DETACH REQUEST: 2 octets, its mandatory part has 3");
  EXPECT_EQ(error_of(from_hex("024502")), "DETACH REQUEST: protocol discriminator 2, expected 7 (EMM)");
  EXPECT_EQ(error_of(from_hex("174502")), "DETACH REQUEST: security header type 1: only plain NAS is modelled");
  EXPECT_EQ(error_of(from_hex("074602")), "DETACH REQUEST: message type 0x46, expected 0x45");
  EXPECT_EQ(error_of(from_hex("07450253")), "DETACH REQUEST: EMM cause IE (0x53) without its value octet");
  EXPECT_EQ(error_of(from_hex("0745025B03AA")), "DETACH REQUEST: IE 0x5B longer than the message");
  EXPECT_EQ(error_of(from_hex("07450278")), "DETACH REQUEST: IE 0x78 (TLV-E) cut short in its length");
}

TEST(DetachRequest, TheNetworkSendsOnlyListedCausesAndTypes) {
  EXPECT_THROW(encode_detach_request({DetachType::ReattachNotRequired, std::uint8_t{200}}), NetworkIeError);
  EXPECT_THROW(encode_detach_request({static_cast<DetachType>(0), std::nullopt}), NetworkIeError);
  EXPECT_TRUE(emm_cause_listed(7));
  EXPECT_TRUE(emm_cause_listed(10));
  EXPECT_FALSE(emm_cause_listed(1));
  EXPECT_FALSE(emm_cause_listed(4));
}

}  // namespace test_detach_request
}  // namespace twinmodels
