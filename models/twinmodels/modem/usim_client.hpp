#pragma once
// The terminal side of the USIM as an IoT modem drives it (TS 31.102 §5.1
// USIM initialisation, §7.1 AUTHENTICATE; TS 102 221 §7.3 T=0 transport):
// every step is a real APDU exchange with the card-core card.
#include <array>
#include <cstdint>
#include <functional>
#include <string>

#include "cardcore/card/uicc.hpp"

namespace twinmodels {

// Sees every APDU: direction 0 = command to the card, 1 = response.
using ApduObserver = std::function<void(std::uint8_t direction, cardcore::ByteView bytes)>;

class UsimClient {
 public:
  explicit UsimClient(cardcore::Uicc& card, const ApduObserver* observer = nullptr)
      : card_(card), observer_(observer) {}

  // Power-up: cold reset, SELECT ADF.USIM by AID, read EF.IMSI (TS 31.102
  // §5.1.1). Returns the IMSI, or an empty string if the card did not answer
  // as a USIM.
  std::string power_up();

  // Power-up without reading files, for a wake-up from power saving: cold
  // reset and SELECT ADF.USIM. Returns false if the card refused.
  bool reselect();

  enum class AuthResult : std::uint8_t { Ok, SyncFailure, MacFailure, CardError };
  struct Authentication {
    AuthResult result = AuthResult::CardError;
    std::array<std::uint8_t, 8> res{};    // Ok
    std::array<std::uint8_t, 14> auts{};  // SyncFailure
    cardcore::StatusWord sw = 0;          // the card's final status word
  };
  // AUTHENTICATE in the 3G/EPS context with GET RESPONSE (TS 31.102 §7.1.2).
  Authentication authenticate(const std::uint8_t rand[16], const std::uint8_t autn[16]);

  // Writes EF.EPSLOCI (TS 31.102 §4.2.91): GUTI, last visited TAI, EPS
  // update status "updated" — what a modem stores after attach or TAU.
  bool store_eps_location(std::uint32_t m_tmsi, std::uint16_t tac);

 private:
  // One APDU through the card; the response stays valid until the next call.
  cardcore::ByteView exchange(cardcore::ByteView apdu);
  cardcore::Uicc& card_;
  const ApduObserver* observer_;
  std::array<std::uint8_t, cardcore::kMaxRapdu> response_;
};

}  // namespace twinmodels
