#include "cardcore/sms/user_data.hpp"

#include "cardcore/sms/codec_detail.hpp"
#include "cardcore/sms/gsm7.hpp"
#include "cardcore/sms/sms_error.hpp"
#include "cardcore/sms/ucs2.hpp"

namespace cardcore::sms {

namespace {

std::size_t max_septets(std::size_t max_octets) { return max_octets * 8 / 7; }

// Septets a header of `octets` octets (UDHL included) takes, fill bits
// included (TS 23.040 §9.2.3.24: the text starts on a septet boundary).
std::size_t header_septets(std::size_t octets) { return (octets * 8 + 6) / 7; }

}  // namespace

std::size_t user_data_length(const UserData& ud, std::uint8_t dcs) {
  const std::size_t header = ud.header ? encode_udh(*ud.header).size() : 0;
  if (user_data_counts_septets(dcs)) return header_septets(header) + ud.body.size();
  return header + ud.body.size();
}

Bytes encode_user_data(const UserData& ud, std::uint8_t dcs, std::size_t max_octets) {
  const Bytes header = ud.header ? encode_udh(*ud.header) : Bytes{};
  Bytes out{0};
  if (user_data_counts_septets(dcs)) {
    const std::size_t hs = header_septets(header.size());
    const std::size_t udl = hs + ud.body.size();
    if (udl > max_septets(max_octets) || udl > 255)
      throw SmsError("TP-UD", 0, std::to_string(udl) + " septets exceed " + std::to_string(max_septets(max_octets)));
    out[0] = static_cast<std::uint8_t>(udl);
    out.insert(out.end(), header.begin(), header.end());
    const Bytes packed = pack_septets(ud.body, static_cast<unsigned>(hs * 7 - header.size() * 8));
    out.insert(out.end(), packed.begin(), packed.end());
    return out;
  }
  const std::size_t udl = header.size() + ud.body.size();
  if (udl > max_octets || udl > 255)
    throw SmsError("TP-UD", 0, std::to_string(udl) + " octets exceed " + std::to_string(max_octets));
  out[0] = static_cast<std::uint8_t>(udl);
  out.insert(out.end(), header.begin(), header.end());
  out.insert(out.end(), ud.body.begin(), ud.body.end());
  return out;
}

UserData decode_user_data(ByteView bytes, std::uint8_t dcs, bool udhi, const DecodeOptions& options,
                          std::size_t max_octets) {
  detail::Reader r(bytes, "");
  return detail::read_user_data(r, dcs, udhi, max_octets, options);
}

UserData detail::read_user_data(Reader& r, std::uint8_t dcs, bool udhi, std::size_t max_octets,
                                const DecodeOptions& options) {
  const bool septets = user_data_counts_septets(dcs);
  const std::size_t udl_offset = r.offset();
  std::size_t udl = r.u8("TP-UDL");
  const std::size_t limit = septets ? max_septets(max_octets) : max_octets;
  if (udl > limit)
    r.fail_at("TP-UDL", udl_offset,
              std::to_string(udl) + (septets ? " septets" : " octets") + " exceed " + std::to_string(limit));
  std::size_t octets = septets ? packed_octets(udl) : udl;
  const std::size_t ud_offset = r.offset();
  if (octets > r.remaining())
    r.fail("TP-UD", "TP-UDL " + std::to_string(udl) + " needs " + std::to_string(octets) + " octets, " +
                        std::to_string(r.remaining()) + " left");
  if (octets < r.remaining()) {
    const bool take_all = options.trailing == TrailingOctets::UserData && !septets;
    if (take_all && r.remaining() <= max_octets) {
      udl = octets = r.remaining();
    } else if (options.trailing != TrailingOctets::Ignore) {
      r.fail_at("TP-UD", ud_offset + octets,
                std::to_string(r.remaining() - octets) + " octet(s) after the " + std::to_string(octets) +
                    " of TP-UDL " + std::to_string(udl));
    }
  }
  const ByteView ud = r.take(octets, "TP-UD");

  UserData out;
  std::size_t header_octets = 0;
  if (udhi) {
    if (ud.empty()) r.fail_at("TP-UDHL", ud_offset, "TP-UDHI is set but TP-UDL is 0");
    header_octets = 1u + ud[0];
    const bool fits = septets ? header_septets(header_octets) <= udl : header_octets <= udl;
    if (!fits)
      r.fail_at("TP-UDHL", ud_offset, "UDHL " + std::to_string(ud[0]) + " beyond TP-UDL " + std::to_string(udl));
    out.header = parse_udh_elements(ud.subspan(1, header_octets - 1), ud_offset + 1, r.context());
  }
  if (septets) {
    const std::size_t hs = udhi ? header_septets(header_octets) : 0;
    const unsigned fill = static_cast<unsigned>(hs * 7 - header_octets * 8);
    out.body = unpack_septets(ud.subspan(header_octets), udl - hs, fill);
  } else {
    out.body.assign(ud.begin() + static_cast<std::ptrdiff_t>(header_octets), ud.end());
  }
  return out;
}

void detail::expect_end(const Reader& r, const DecodeOptions& options) {
  if (!r.at_end() && options.trailing != TrailingOctets::Ignore)
    r.fail("end of TPDU", std::to_string(r.remaining()) + " unexpected octet(s)");
}

UserData text_user_data(std::string_view text, Alphabet alphabet) {
  UserData ud;
  if (alphabet == Alphabet::Gsm7) {
    ud.body = gsm7_from_utf8(text);
  } else if (alphabet == Alphabet::Ucs2) {
    ud.body = ucs2_from_utf8(text);
  } else {
    throw SmsError("text", 0, "8-bit data is not text");
  }
  return ud;
}

std::optional<std::string> text_of(const UserData& ud, std::uint8_t dcs) {
  const DataCoding d = decode_dcs(dcs);
  if (d.compressed) return std::nullopt;
  if (d.alphabet == Alphabet::Gsm7) return gsm7_to_utf8(ud.body);
  if (d.alphabet == Alphabet::Ucs2) return ucs2_to_utf8(ud.body);
  return std::nullopt;
}

}  // namespace cardcore::sms
