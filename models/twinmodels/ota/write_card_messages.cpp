#include "twinmodels/ota/write_card_messages.hpp"

#include <stdexcept>

#include "cardcore/tlv/ber_tlv.hpp"
#include "cardcore/usim/identifiers.hpp"
#include "twinmodels/ota/ota_error.hpp"

namespace twinmodels::ota {

namespace {

namespace wc = cardcore::applet::write_card;

bool refresh_mode_ok(std::uint8_t m) { return m == 0x00 || (m >= 0x03 && m <= 0x06) || m == wc::kNoRefresh; }

// TS 31.102 §4.2.26 (EF.ADN coding, TS 31.102 §4.4.2.3): alpha identifier
// 'FF'; BCD/SSC length; TON/NPI '91' (international, ISDN); digits in BCD,
// low nibble first, 'F' filler, 10 bytes; CCP2 and Ext5 'FF'.
Bytes msisdn_record(const std::string& digits, std::size_t record_length) {
  if (digits.empty() || digits.size() > 20 || record_length < 14) throw std::invalid_argument("encode_write: MSISDN of 1 to 20 digits");
  Bytes r(record_length - 14, 0xFF);
  Bytes bcd(10, 0xFF);
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (digits[i] < '0' || digits[i] > '9') throw std::invalid_argument("encode_write: MSISDN digits only");
    const std::uint8_t d = static_cast<std::uint8_t>(digits[i] - '0');
    std::uint8_t& b = bcd[i / 2];
    b = (i % 2 == 0) ? static_cast<std::uint8_t>(0xF0 | d) : static_cast<std::uint8_t>((b & 0x0F) | d << 4);
  }
  r.push_back(static_cast<std::uint8_t>(1 + (digits.size() + 1) / 2));
  r.push_back(0x91);
  r.insert(r.end(), bcd.begin(), bcd.end());
  r.insert(r.end(), {0xFF, 0xFF});
  return r;
}

void put(Bytes& out, std::uint8_t tag, ByteView v) { cardcore::tlv::put_ber(out, tag, v); }

}  // namespace

Bytes encode_write(std::uint32_t id, const NewSubscription& s, std::uint8_t refresh) {
  if (id == 0) throw std::invalid_argument("encode_write: write id 0 is the factory subscription's");
  if (s.k.size() != 16 || s.opc.size() != 16) throw std::invalid_argument("encode_write: K and OPc have 16 bytes");
  if (!refresh_mode_ok(refresh)) throw std::invalid_argument("encode_write: REFRESH mode 00, 03-06 or FF");
  Bytes v;
  const std::uint8_t id_bytes[4] = {static_cast<std::uint8_t>(id >> 24), static_cast<std::uint8_t>(id >> 16),
                                    static_cast<std::uint8_t>(id >> 8), static_cast<std::uint8_t>(id)};
  put(v, wc::kWriteId, id_bytes);
  put(v, wc::kImsi, cardcore::encode_imsi(s.imsi));
  put(v, wc::kK, s.k);
  put(v, wc::kOpc, s.opc);
  if (s.msisdn) put(v, wc::kMsisdn, msisdn_record(*s.msisdn, s.msisdn_record_length));
  if (s.smsp) put(v, wc::kSmsp, *s.smsp);
  if (s.plmn_wact) put(v, wc::kPlmnWact, *s.plmn_wact);
  if (s.oplmn_wact) put(v, wc::kOplmnWact, *s.oplmn_wact);
  if (s.hplmn_wact) put(v, wc::kHplmnWact, *s.hplmn_wact);
  if (s.fplmn) put(v, wc::kFplmn, *s.fplmn);
  if (s.iccid) put(v, wc::kIccid, cardcore::encode_iccid(*s.iccid, true));
  if (refresh != wc::kDefaultRefresh) put(v, wc::kRefreshMode, ByteView(&refresh, 1));
  return cardcore::tlv::make_ber(wc::kWrite, v);
}

Bytes encode_rollback(std::uint8_t refresh) {
  if (!refresh_mode_ok(refresh)) throw std::invalid_argument("encode_rollback: REFRESH mode 00, 03-06 or FF");
  Bytes v;
  if (refresh != wc::kDefaultRefresh) put(v, wc::kRefreshMode, ByteView(&refresh, 1));
  return cardcore::tlv::make_ber(wc::kRollback, v);
}

Bytes encode_status() { return cardcore::tlv::make_ber(wc::kStatus, {}); }

WriteCardResponse decode_write_card_response(ByteView data) {
  auto bad = [](const std::string& what) {
    return OtaError(OtaError::Reason::MalformedResponseData, "write-card response: " + what);
  };
  const cardcore::tlv::Result<cardcore::tlv::BerTlv> top = cardcore::tlv::parse_ber(data);
  if (!top.ok() || top.value.tag != wc::kResponse) throw bad("not one 'E9' template");
  WriteCardResponse r;
  bool result = false, id = false, imsi = false, backup = false;
  cardcore::tlv::BerReader in(top.value.value);
  cardcore::tlv::BerTlv t;
  while (in.next(t)) {
    if (t.tag == wc::kResult && t.value.size() == 1) {
      if (t.value[0] > static_cast<std::uint8_t>(wc::Result::NoSuchFile)) throw bad("unknown result");
      r.result = static_cast<wc::Result>(t.value[0]);
      result = true;
    } else if (t.tag == wc::kWriteId && t.value.size() == 4) {
      r.write_id = static_cast<std::uint32_t>(t.value[0]) << 24 | t.value[1] << 16 | t.value[2] << 8 | t.value[3];
      id = true;
    } else if (t.tag == wc::kImsi) {
      try {
        r.imsi = cardcore::decode_imsi(t.value);
      } catch (const std::invalid_argument&) {
        throw bad("the IMSI does not decode");
      }
      imsi = true;
    } else if (t.tag == wc::kBackup && t.value.size() == 1) {
      r.backup = t.value[0] == 0x01;
      backup = true;
    } else if (t.tag == wc::kRefreshQueued && t.value.size() == 1) {
      r.refresh_queued = t.value[0];
    } else {
      throw bad("unexpected field");
    }
  }
  if (in.error() != cardcore::tlv::Error::None) throw bad("malformed TLV");
  if (!result || !id || !imsi || !backup) throw bad("a field is missing");
  return r;
}

}  // namespace twinmodels::ota
