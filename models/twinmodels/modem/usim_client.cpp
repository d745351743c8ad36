#include "twinmodels/modem/usim_client.hpp"

#include "cardcore/usim/identifiers.hpp"

namespace twinmodels {

namespace {
using cardcore::ByteView;

// TS 101 220 Annex E: 3GPP RID and the USIM application code (a truncated AID
// selects the USIM whatever the country and provider bytes are).
const std::uint8_t kSelectUsim[] = {0x00, 0xA4, 0x04, 0x0C, 0x07, 0xA0, 0x00, 0x00, 0x00, 0x87, 0x10, 0x02};
const std::uint8_t kSelectImsi[] = {0x00, 0xA4, 0x00, 0x0C, 0x02, 0x6F, 0x07};
const std::uint8_t kReadImsi[] = {0x00, 0xB0, 0x00, 0x00, 0x09};

cardcore::StatusWord sw_of(ByteView r) { return cardcore::be16(r.data() + r.size() - 2); }
}  // namespace

ByteView UsimClient::exchange(ByteView apdu) {
  if (observer_) (*observer_)(0, apdu);
  const ByteView r(response_.data(), card_.transmit(apdu, response_));
  if (observer_) (*observer_)(1, r);
  return r;
}

bool UsimClient::reselect() {
  const ByteView atr = card_.power_on();
  if (observer_) (*observer_)(1, atr);
  return sw_of(exchange(kSelectUsim)) == cardcore::sw::kOk;
}

std::string UsimClient::power_up() {
  if (!reselect()) return {};
  if (sw_of(exchange(kSelectImsi)) != cardcore::sw::kOk) return {};
  const ByteView r = exchange(kReadImsi);
  if (r.size() != 11 || sw_of(r) != cardcore::sw::kOk) return {};
  return cardcore::decode_imsi(ByteView(r.data(), 9));
}

UsimClient::Authentication UsimClient::authenticate(const std::uint8_t rand[16], const std::uint8_t autn[16]) {
  Authentication out;
  std::uint8_t cmd[5 + 34];
  const std::uint8_t head[] = {0x00, 0x88, 0x00, 0x81, 0x22, 0x10};
  std::copy(head, head + 6, cmd);
  std::copy(rand, rand + 16, cmd + 6);
  cmd[22] = 0x10;
  std::copy(autn, autn + 16, cmd + 23);
  ByteView r = exchange(ByteView(cmd, 39));
  out.sw = sw_of(r);
  if (out.sw == cardcore::sw::kAuthenticationError) {
    out.result = AuthResult::MacFailure;
    return out;
  }
  if (r.size() != 2 || r[0] != 0x61) return out;
  const std::uint8_t get_response[] = {0x00, 0xC0, 0x00, 0x00, r[1]};
  r = exchange(get_response);
  out.sw = sw_of(r);
  if (out.sw != cardcore::sw::kOk || r.size() < 4) return out;
  // 'DB' L RES ... on success; 'DC' 0E AUTS on synchronisation failure.
  if (r[0] == 0xDB && r[1] == 8 && r.size() >= 12) {
    std::copy(r.begin() + 2, r.begin() + 10, out.res.begin());
    out.result = AuthResult::Ok;
  } else if (r[0] == 0xDC && r[1] == 14 && r.size() == 18) {
    std::copy(r.begin() + 2, r.begin() + 16, out.auts.begin());
    out.result = AuthResult::SyncFailure;
  }
  return out;
}

bool UsimClient::store_eps_location(std::uint32_t m_tmsi, std::uint16_t tac) {
  // EF.EPSLOCI: GUTI (11 bytes with its length and type byte), TAI (PLMN 64 F0 40
  // = 460/04, TAC), EPS update status 00 "updated".
  std::uint8_t cmd[5 + 18] = {0x00, 0xD6, 0x00, 0x00, 0x12,
                              0x0B, 0xF6, 0x64, 0xF0, 0x40, 0x80, 0x01, 0x01,
                              static_cast<std::uint8_t>(m_tmsi >> 24), static_cast<std::uint8_t>(m_tmsi >> 16),
                              static_cast<std::uint8_t>(m_tmsi >> 8), static_cast<std::uint8_t>(m_tmsi),
                              0x64, 0xF0, 0x40, static_cast<std::uint8_t>(tac >> 8), static_cast<std::uint8_t>(tac),
                              0x00};
  const std::uint8_t select[] = {0x00, 0xA4, 0x00, 0x0C, 0x02, 0x6F, 0xE3};
  if (sw_of(exchange(select)) != cardcore::sw::kOk) return false;
  return sw_of(exchange(ByteView(cmd, sizeof cmd))) == cardcore::sw::kOk;
}

}  // namespace twinmodels
