// Remote command scripts (ETSI TS 102 226 §5) as the platform builds them
// and their responses as it reads them. The encoders are checked against a
// reader written here from the text of §5.1.1 / §5.2.1 and ISO/IEC 8825-1
// (not from the codec), and against published encodings: njiwa's SM-SR
// ('AE 80' ... '00 00' templates) and the answers of real cards quoted in
// the tests of a pySim-based OTA server ('AB 07 80 01 01 23 02 90 00', ...).
#include <gtest/gtest.h>

#include <cstddef>
#include <string>
#include <vector>

#include "cardcore/util/bytes.hpp"
#include "twinmodels/ota/compact_format.hpp"
#include "twinmodels/ota/expanded_response.hpp"
#include "twinmodels/ota/expanded_script.hpp"
#include "twinmodels/ota/ota_error.hpp"
#include "twinmodels/ota/remote_response.hpp"
#include "twinmodels/ota/rfm_commands.hpp"

namespace twinmodels::ota {
namespace test_ota_remote_format {

using cardcore::from_hex;
using cardcore::to_hex;

// --- a reader from the specification text ---------------------------------

// §5.1.1: "CLA INS P1 P2 P3 Data", P3 being the length of the data for
// commands sending data and Le for those reading (TS 102 221 §7.3.1.1): the
// card tells them apart by INS. The reading commands of TS 102 221 §11.1.
bool reads_data(std::uint8_t ins) {
  switch (ins) {
    case 0xB0:  // READ BINARY
    case 0xB2:  // READ RECORD
    case 0xC0:  // GET RESPONSE
    case 0xF2:  // STATUS
    case 0xCB:  // RETRIEVE DATA
      return true;
    default:
      return false;
  }
}

std::vector<Bytes> spec_split_compact(const Bytes& s) {
  std::vector<Bytes> out;
  std::size_t at = 0;
  while (at < s.size()) {
    EXPECT_GE(s.size() - at, 5u) << "command header cut at " << at;
    if (s.size() - at < 5) break;
    const std::size_t p3 = s[at + 4];
    const std::size_t len = 5 + (reads_data(s[at + 1]) ? 0 : p3);
    EXPECT_LE(len, s.size() - at) << "data cut at " << at;
    out.emplace_back(s.begin() + at, s.begin() + at + std::min(len, s.size() - at));
    at += len;
  }
  return out;
}

struct SpecTlv {
  int tag = -1;
  Bytes value;
};

// ISO/IEC 8825-1 §8.1.2 (one-byte tags only here), §8.1.3.4 short form,
// §8.1.3.5 long form '81 XX' / '82 XX XX'. Returns false on anything else.
bool spec_read(const Bytes& b, std::size_t& at, SpecTlv& out) {
  if (b.size() - at < 2) return false;
  out.tag = b[at];
  std::size_t len = b[at + 1];
  at += 2;
  if (len == 0x81 || len == 0x82) {
    const std::size_t n = len - 0x80;
    if (b.size() - at < n) return false;
    len = 0;
    for (std::size_t i = 0; i < n; ++i) len = (len << 8) | b[at + i];
    at += n;
  } else if (len > 0x7F) {
    return false;
  }
  if (b.size() - at < len) return false;
  out.value.assign(b.begin() + at, b.begin() + at + len);
  at += len;
  return true;
}

// §5.2.1: 'AA' L {TLVs} or 'AE' '80' {TLVs} '00 00'.
std::vector<SpecTlv> spec_open_template(const Bytes& t, bool& indefinite) {
  std::vector<SpecTlv> items;
  Bytes body;
  indefinite = t.at(0) == 0xAE;
  if (indefinite) {
    EXPECT_EQ(t.at(1), 0x80);
    EXPECT_EQ(t.at(t.size() - 2), 0x00);
    EXPECT_EQ(t.at(t.size() - 1), 0x00);
    body.assign(t.begin() + 2, t.end() - 2);
  } else {
    EXPECT_EQ(t.at(0), 0xAA);
    std::size_t at = 0;
    SpecTlv whole;
    EXPECT_TRUE(spec_read(t, at, whole));
    EXPECT_EQ(at, t.size());
    body = whole.value;
  }
  std::size_t at = 0;
  while (at < body.size()) {
    SpecTlv tlv;
    if (!spec_read(body, at, tlv)) {
      ADD_FAILURE() << "bad TLV at " << at;
      break;
    }
    items.push_back(tlv);
  }
  return items;
}

std::vector<Bytes> sample_commands() {
  // SELECT MF, DF.GSM, EF.IMSI (no data), UPDATE BINARY, READ BINARY, STATUS.
  return {from_hex("00a4000c023f00"), from_hex("00a4000c027f20"), from_hex("00a4000c026f07"),
          from_hex("00d6000009083910101032547698"), from_hex("00b0000009"), from_hex("80f2000000")};
}

// --- compact format (§5.1) --------------------------------------------------

TEST(OtaCompactFormat, ScriptIsTheCommandsOneAfterTheOther) {
  const std::vector<Bytes> cmds = sample_commands();
  const Bytes script = encode_compact_script(cmds);
  EXPECT_EQ(to_hex(script),
            "00a4000c023f00" "00a4000c027f20" "00a4000c026f07" "00d6000009083910101032547698" "00b0000009"
            "80f2000000");
  EXPECT_EQ(spec_split_compact(script), cmds);
  EXPECT_EQ(script_format_of(script), ScriptFormat::Compact);
  // pySim's vectors: the one command SELECT MF is the whole secured data.
  const Bytes select_mf = from_hex("00a40004023f00");
  EXPECT_EQ(encode_compact_script(std::vector<Bytes>{select_mf}), select_mf);
  EXPECT_TRUE(encode_compact_script({}).empty());
}

TEST(OtaCompactFormat, RefusesCommandsTheCardCouldNotSplit) {
  for (const char* bad : {"00a4", "00a40004", "00a400040300", "00a40004023f0000", "00d60000003f"}) {
    SCOPED_TRACE(bad);
    EXPECT_THROW(encode_compact_script(std::vector<Bytes>{from_hex(bad)}), std::invalid_argument);
  }
  // A case 4 command in its ISO form (trailing Le) is not a T=0 TPDU.
  EXPECT_THROW(encode_compact_script(std::vector<Bytes>{from_hex("00a40004023f0000")}), std::invalid_argument);
}

TEST(OtaCompactFormat, ResponseIsCountStatusWordAndData) {
  // pySim: "01 61 2f" (one command, '61 2F'); a READ BINARY's data after '90 00'.
  EXPECT_EQ(decode_compact_response(from_hex("01612f")), (CompactResponse{1, 0x612F, {}}));
  EXPECT_EQ(decode_compact_response(from_hex("0490000839101010325476f8")),
            (CompactResponse{4, 0x9000, from_hex("0839101010325476f8")}));
  const RemoteResponse r = decode_remote_response(from_hex("026a82"), ScriptFormat::Compact);
  EXPECT_EQ(executed_commands(r), 2u);
  EXPECT_EQ(last_status_word(r), 0x6A82);
  for (const char* bad : {"", "01", "0190"}) {
    try {
      decode_compact_response(from_hex(bad));
      ADD_FAILURE() << bad;
    } catch (const OtaError& e) {
      EXPECT_EQ(e.reason(), OtaError::Reason::MalformedResponseData);
      EXPECT_NE(std::string(e.what()).find("TS 102 226 §5.1.2"), std::string::npos) << e.what();
    }
  }
}

// --- expanded format (§5.2.1) ----------------------------------------------

TEST(OtaExpandedScript, DefiniteTemplateOfCApduTlvs) {
  const std::vector<Bytes> cmds = {from_hex("00a40004023f0000"), from_hex("00b0000009")};
  const Bytes t = encode_expanded_script(cmds);
  EXPECT_EQ(to_hex(t), "aa11" "22" "08" "00a40004023f0000" "22" "05" "00b0000009");
  EXPECT_EQ(script_format_of(t), ScriptFormat::Expanded);
  bool indefinite = true;
  const auto items = spec_open_template(t, indefinite);
  EXPECT_FALSE(indefinite);
  ASSERT_EQ(items.size(), 2u);
  for (std::size_t i = 0; i < 2; ++i) {
    EXPECT_EQ(items[i].tag, 0x22);
    EXPECT_EQ(items[i].value, cmds[i]);
  }
}

TEST(OtaExpandedScript, IndefiniteTemplateEndsWithEndOfContents) {
  // As njiwa's SM-SR sends it: 'AE' '80' C-APDU TLVs '00 00' (TS 102 226 §5.2.1).
  const Bytes t = encode_expanded_script(std::vector<Bytes>{from_hex("80caff2100")}, LengthCoding::Indefinite);
  EXPECT_EQ(to_hex(t), "ae80" "2205" "80caff2100" "0000");
  EXPECT_EQ(script_format_of(t), ScriptFormat::Expanded);
  bool indefinite = false;
  const auto items = spec_open_template(t, indefinite);
  EXPECT_TRUE(indefinite);
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(to_hex(items[0].value), "80caff2100");
}

TEST(OtaExpandedScript, LongTemplatesTakeTheLongLengthForms) {
  // A 200-byte UPDATE BINARY: C-APDU TLV '22 81 CD', template '81' too; and
  // two of them: template '82 01 A0'.
  const Bytes data(200, 0x5A);
  const Bytes update = update_binary(0, data);
  ASSERT_EQ(update.size(), 205u);
  const Bytes one = encode_expanded_script(std::vector<Bytes>{update});
  EXPECT_EQ(to_hex(ByteView(one).first(6)), "aa81d02281cd");
  const Bytes two = encode_expanded_script(std::vector<Bytes>{update, update});
  EXPECT_EQ(to_hex(ByteView(two).first(7)), "aa8201a02281cd");
  for (const Bytes& t : {one, two}) {
    bool indefinite = true;
    const auto items = spec_open_template(t, indefinite);
    for (const SpecTlv& i : items) EXPECT_EQ(i.value, update);
  }
  bool indefinite = false;
  const auto items =
      spec_open_template(encode_expanded_script(std::vector<Bytes>{update, update}, LengthCoding::Indefinite),
                         indefinite);
  EXPECT_TRUE(indefinite);
  EXPECT_EQ(items.size(), 2u);
}

TEST(OtaExpandedScript, ChainingImmediateAndErrorActionsInTheirPlaces) {
  ExpandedScript s;
  s.chaining = ScriptChaining::FirstDeleteOnReset;
  s.command(from_hex("00a4000c026f07"));
  s.error_action(from_hex("01"));
  s.command(from_hex("00d6000001ff"));
  s.immediate_action(from_hex("01"));
  const Bytes t = encode(s);
  // Script Chaining TLV first (§5.2.1.4), then the rest in script order.
  EXPECT_EQ(to_hex(t), "aa1a" "830101" "2207" "00a4000c026f07" "820101" "2206" "00d6000001ff" "810101");
  bool indefinite = true;
  const auto items = spec_open_template(t, indefinite);
  ASSERT_EQ(items.size(), 5u);
  EXPECT_EQ(items[0].tag, 0x83);
  EXPECT_EQ(items[2].tag, 0x82);
  EXPECT_EQ(items[4].tag, 0x81);
  EXPECT_EQ(static_cast<int>(ScriptChaining::FirstKeepOnReset), 0x11);
  EXPECT_EQ(static_cast<int>(ScriptChaining::Subsequent), 0x02);
  EXPECT_EQ(static_cast<int>(ScriptChaining::Last), 0x03);
}

TEST(OtaExpandedScript, RefusesWhatIsNoCApdu) {
  ExpandedScript s;
  for (const char* bad : {"", "00", "00a400", "00a4000c033f00", "00a4000c023f000000", "00d600000000"}) {
    SCOPED_TRACE(bad);
    EXPECT_THROW(s.command(from_hex(bad)), std::invalid_argument);
  }
  // Cases 1-4, short and extended (ISO/IEC 7816-4 §5.1).
  for (const char* ok : {"00700000", "00b0000000", "00a4000c023f00", "00a40004023f0000", "00b00000000100",
                         "00d60000000002abcd", "00d60000000002abcd0000"}) {
    SCOPED_TRACE(ok);
    EXPECT_NO_THROW(s.command(from_hex(ok)));
  }
}

// --- expanded response (§5.2.2) --------------------------------------------

TEST(OtaExpandedResponse, RealCardAnswers) {
  // One command, '90 00', no data.
  ExpandedResponse r = decode_expanded_response(from_hex("ab0780010123029000"));
  EXPECT_EQ(r.coding, LengthCoding::Definite);
  EXPECT_EQ(r.executed, 1u);
  ASSERT_EQ(r.responses.size(), 1u);
  EXPECT_EQ(r.responses[0], (RApdu{{}, 0x9000}));
  EXPECT_FALSE(r.bad_format);
  // Nothing run: the script had a wrong length (Bad Format '02').
  r = decode_expanded_response(from_hex("ab06800100900102"));
  EXPECT_EQ(r.executed, 0u);
  EXPECT_TRUE(r.responses.empty());
  EXPECT_EQ(r.bad_format, static_cast<std::uint8_t>(BadFormat::WrongLength));
  EXPECT_EQ(last_status_word(RemoteResponse(r)), std::nullopt);
  // One GET STATUS-like answer with data.
  r = decode_expanded_response(from_hex("ab12800101230d08a0000000030000000f809000"));
  EXPECT_EQ(r.executed_commands(), 1u);
  ASSERT_EQ(r.responses.size(), 1u);
  EXPECT_EQ(to_hex(r.responses[0].data), "08a0000000030000000f80");
  EXPECT_EQ(r.responses[0].sw, 0x9000);
}

TEST(OtaExpandedResponse, IndefiniteTemplate) {
  const RemoteResponse r = decode_remote_response(from_hex("af80" "800102" "2304aabb9000" "0000"), ScriptFormat::Expanded);
  const auto& e = std::get<ExpandedResponse>(r);
  EXPECT_EQ(e.coding, LengthCoding::Indefinite);
  EXPECT_EQ(executed_commands(r), 2u);
  EXPECT_EQ(last_status_word(r), 0x9000);
  EXPECT_EQ(to_hex(last_response_data(r)), "aabb");
  // Without the count (streamed answers): the R-APDUs counted.
  const auto n = decode_expanded_response(from_hex("af80" "23029000" "2303019000" "0000"));
  EXPECT_FALSE(n.executed);
  EXPECT_EQ(n.executed_commands(), 2u);
}

TEST(OtaExpandedResponse, EveryResponseObject) {
  // count, three R-APDUs (the last with 256 bytes of data: '23 82 01 02'),
  // immediate action response, script chaining response, an unknown TLV.
  Bytes big(256, 0x11);
  Bytes body = from_hex("800103" "23029000" "2303619000");
  body.insert(body.end(), {0x23, 0x82, 0x01, 0x02});
  body.insert(body.end(), big.begin(), big.end());
  body.insert(body.end(), {0x90, 0x00});
  const Bytes tail = from_hex("810101" "830102" "c401ff");
  body.insert(body.end(), tail.begin(), tail.end());
  Bytes t{0xAB, 0x82, static_cast<std::uint8_t>(body.size() >> 8), static_cast<std::uint8_t>(body.size())};
  t.insert(t.end(), body.begin(), body.end());
  const ExpandedResponse r = decode_expanded_response(t);
  EXPECT_EQ(r.executed, 3u);
  ASSERT_EQ(r.responses.size(), 3u);
  EXPECT_EQ(r.responses[1], (RApdu{{0x61}, 0x9000}));
  EXPECT_EQ(r.responses[2].data, big);
  EXPECT_EQ(r.immediate_action_response, from_hex("01"));
  EXPECT_EQ(r.script_chaining_response, from_hex("02"));
  ASSERT_EQ(r.other.size(), 1u);
  EXPECT_EQ(r.other[0].tag, 0xC4);
}

TEST(OtaExpandedResponse, MalformedTemplatesAreNamed) {
  const char* bad[] = {
      "",                          // nothing
      "aa0780010123029000",        // a command template
      "01612f",                    // a compact response
      "ab0880010123029000",        // length past the data
      "ab078001012302900000",      // a byte after the template
      "ab06800101230190",          // R-APDU without SW2
      "ab0780010123039000",        // R-APDU running past the template
      "ab0a800101800101230290" "00",  // two counts
      "ab00800101",                // empty template, then trailing
      "ab0780050123029000",        // count TLV running into the next
      "ab06800023029000",          // count of no bytes
      "ab08900201022302" "9000",   // bad format of 2 bytes
      "af80800101" "23029000",    // indefinite without '00 00'
      "af800000ff",                // bytes after the end of contents
      "af",                        // no length
      "af7f0000",                  // 'AF' with a definite length
      "ab820007800101230290" "00", // non-minimal length (the TLV codec is strict)
      "ab80800101230290000000",    // 'AB' with the indefinite length
  };
  for (const char* hex : bad) {
    SCOPED_TRACE(hex);
    try {
      decode_expanded_response(from_hex(hex));
      ADD_FAILURE() << "accepted";
    } catch (const OtaError& e) {
      EXPECT_EQ(e.reason(), OtaError::Reason::MalformedResponseData);
      EXPECT_NE(std::string(e.what()).find("Response Scripting template"), std::string::npos) << e.what();
    }
  }
}

TEST(OtaExpandedResponse, TruncationsAndMutationsNeverCrash) {
  const Bytes good = from_hex("ab12800101230d08a0000000030000000f809000");
  for (std::size_t n = 0; n < good.size(); ++n)
    EXPECT_THROW(decode_expanded_response(ByteView(good).first(n)), OtaError) << n;
  std::uint32_t x = 12345;
  for (int round = 0; round < 20000; ++round) {
    Bytes m = good;
    for (int k = 0; k < 3; ++k) {
      x = x * 1103515245u + 12345u;
      m[(x >> 8) % m.size()] = static_cast<std::uint8_t>(x >> 20);
    }
    try {
      (void)decode_expanded_response(m);
    } catch (const OtaError&) {
    }
  }
}

}  // namespace test_ota_remote_format
}  // namespace twinmodels::ota
