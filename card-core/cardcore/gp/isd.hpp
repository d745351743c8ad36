#pragma once
// The Issuer Security Domain's card content management over OTA: Remote
// Application Management (ETSI TS 102 226 §8, TAR '00 00 00') runs the
// GlobalPlatform commands of a secured packet's script here (GP Card
// Specification v2.3 §11): INSTALL [for load], [for install], [for make
// selectable], [for personalization] and the STORE DATA it forwards; LOAD;
// DELETE; GET STATUS; SET STATUS; and GET RESPONSE for the compact format. Changes go to the registry in the card's NVM, one transaction per
// command.
#include <cstddef>
#include <cstdint>

#include "cardcore/apdu/command_apdu.hpp"
#include "cardcore/card/uicc.hpp"
#include "cardcore/gp/registry.hpp"

namespace cardcore::gp {

// GP §11.1.2, Table 11-7: privileges byte 1.
namespace privilege {
inline constexpr std::uint8_t kSecurityDomain = 0x80;
inline constexpr std::uint8_t kCardLock = 0x10;
inline constexpr std::uint8_t kCardTerminate = 0x08;
inline constexpr std::uint8_t kCardReset = 0x04;
inline constexpr std::uint8_t kCvmManagement = 0x02;
// The ISD's (§6.6.1: the Card Manager privileges).
inline constexpr std::uint8_t kIssuerSecurityDomain = kSecurityDomain | kCardLock | kCardTerminate | kCardReset | kCvmManagement;
}  // namespace privilege

// The volatile state of one script's command session.
struct IsdSession {
  Bytes pending;  // GET RESPONSE data (the compact format, as on T=0)
  StatusWord pending_sw = sw::kOk;
  // GET STATUS with '63 10' left entries behind: what "next occurrence" goes on with.
  std::uint8_t status_p1 = 0;
  std::uint8_t status_p2 = 0;
  Bytes status_search;
  std::size_t status_next = 0;  // index into the matching entries
  // INSTALL [for personalization] (§11.5.2.3.6): the application the
  // following STORE DATA commands go to, until the last block or another
  // command; empty when none.
  Bytes personalized;
};

// Runs one C-APDU (ISO/IEC 7816-4 short form; CLA '80', or '00' for GET
// RESPONSE) and sets `data` to its response data. `budget` caps the
// response data of one command (the PoR's room). The card must be powered
// and have a [gp] section. PowerLoss goes through.
StatusWord execute_isd(Uicc& card, IsdSession& session, ByteView capdu, Uicc::RemoteTransport transport,
                       Bytes& data);

// Per command (isd_<command>.cpp). `c` is parsed and its class checked.
StatusWord isd_install(Uicc& card, IsdSession& session, const CommandApdu& c, Bytes& out);
// STORE DATA after INSTALL [for personalization], for session.personalized.
StatusWord isd_forward_store_data(Uicc& card, IsdSession& session, const CommandApdu& c, Bytes& out);
StatusWord isd_load(Uicc& card, const CommandApdu& c, Bytes& out);
StatusWord isd_delete(Uicc& card, const CommandApdu& c, Bytes& out);
StatusWord isd_get_status(Uicc& card, IsdSession& session, const CommandApdu& c, Bytes& out);
StatusWord isd_set_status(Uicc& card, const CommandApdu& c, Bytes& out);

// Commits the staged registry writes: '90 00' or '65 81'.
StatusWord commit_registry(Uicc& card);

}  // namespace cardcore::gp
