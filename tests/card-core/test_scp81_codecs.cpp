// SCP81 push codecs (card-core/cardcore/scp81/): GP Amendment B's
// administration session triggering parameters (Table 3-3) and TS 102 226
// §9.2.1's PUSH for BIP channel opening, both ends, and every class of
// malformed input the card refuses.
//
// Public examples used:
//  [pySim] osmocom/pysim pySim/global_platform/http.py: SecurityParams
//          '85 08 04 DEADBEEF 02 00 40', AdminHostParam "admin.host",
//          AdminUriParam "https://admin.host/uri".
//  [njiwa] bagyenda/njiwa RamHttp.java: '81 00' (the SD's defaults) and the
//          order 84, 85, 86, 89 { 8B, 8C } inside '83'.
#include <gtest/gtest.h>

#include "cardcore/apdu/command_apdu.hpp"
#include "cardcore/scp81/push_command.hpp"
#include "cardcore/scp81/session_config.hpp"
#include "cardcore/scp81/trigger.hpp"

namespace test_scp81_codecs {

using namespace cardcore;
using namespace cardcore::scp81;

ConnectionParams sample_connection() {
  ConnectionParams c;
  c.bearer = cat::BearerDescription{cat::BearerDescription::kDefault, {}};
  c.buffer = cat::BufferSize{1500};
  c.transport = cat::TransportLevel{cat::TransportLevel::kTcpClientRemote, 443};
  c.destination = cat::OtherAddress{false, cat::OtherAddress::kIpv4, {10, 1, 2, 3}};
  return c;
}

AdminTrigger decode_ok(const std::string& hex) {
  const Bytes b = from_hex(hex);
  const auto d = decode_admin_trigger(b);
  EXPECT_TRUE(d.ok()) << hex << ": " << (d.error ? d.error : "");
  return d.value;
}

// A BER-TLV of a one-byte tag, in hex.
std::string tlv(const std::string& tag, const std::string& value_hex) {
  const std::size_t n = value_hex.size() / 2;
  std::string len = to_hex(Bytes{static_cast<std::uint8_t>(n)});
  if (n > 127) len = "81" + len;
  return tag + len + value_hex;
}

std::string refusal(const std::string& hex) {
  const Bytes b = from_hex(hex);
  const auto d = decode_admin_trigger(b);
  return d.ok() ? std::string("accepted") : std::string(d.error);
}

TEST(Scp81Trigger, DefaultsFormIsEightyOneZero) {
  const AdminTrigger t = decode_ok("8100");
  EXPECT_TRUE(t.uses_defaults());
  EXPECT_EQ(to_hex(encode(AdminTrigger{})), "8100");
  // An empty '83' says the same.
  EXPECT_TRUE(decode_ok("81028300").uses_defaults());
}

TEST(Scp81Trigger, PublicExamplesDecode) {
  // [pySim] security parameters, host and URI inside '83' / '89'.
  const AdminTrigger t = decode_ok(
      tlv("81", tlv("83", "850804deadbeef020040" +
                              tlv("89", "8a0a61646d696e2e686f7374" "8c1668747470733a2f2f61646d696e2e686f73742f757269"))));
  ASSERT_TRUE(t.security);
  EXPECT_EQ(to_hex(t.security->psk_identity), "deadbeef");
  EXPECT_EQ(t.security->key_version, 0x00);
  EXPECT_EQ(t.security->key_id, 0x40);
  EXPECT_FALSE(t.security->sha_type);
  ASSERT_TRUE(t.http);
  EXPECT_EQ(t.http->host, "admin.host");
  EXPECT_EQ(t.http->uri, "https://admin.host/uri");
  EXPECT_FALSE(t.http->agent_id);
  EXPECT_FALSE(t.connection);
  EXPECT_FALSE(t.retry);
}

TEST(Scp81Trigger, FullTriggerRoundTrips) {
  AdminTrigger t;
  t.connection = sample_connection();
  t.connection->apn = cat::NetworkAccessName{from_hex("03696f74")};
  t.security = SecurityParams{Bytes{'i', 'd', '-', '1'}, 0x40, 0x01, 0x02};
  t.retry = RetryPolicy{3, from_hex("a503000100")};
  t.http = HttpPostParams{"smsr.example", "//se-id/eid/89049032;//aa-id/aid/A000000559/1010FFFFFFFF8900000100",
                          "/gp/admin"};
  const Bytes b = encode(t);
  const auto d = decode_admin_trigger(b);
  ASSERT_TRUE(d.ok()) << d.error;
  EXPECT_EQ(d.value, t);
  // The layout: 81 { 83 { 84 {...} 85 {...} 86 {...} 89 { 8A 8B 8C } } }.
  EXPECT_EQ(b[0], 0x81);
  const Bytes conn = encode(*t.connection);
  const std::string hex = to_hex(b);
  EXPECT_NE(hex.find("84" + to_hex(Bytes{static_cast<std::uint8_t>(conn.size())}) + to_hex(conn)), std::string::npos);
  EXPECT_NE(hex.find("850904" "69642d31" "024001" "02"), std::string::npos);
  EXPECT_NE(hex.find("86070003a503000100"), std::string::npos);
}

TEST(Scp81Trigger, MalformedInputsAreRefusedWithTheirReason) {
  // '81' { '83' { inner } } with the lengths computed.
  auto s = [](const std::string& inner) { return tlv("81", tlv("83", inner)); };
  EXPECT_EQ(refusal(""), "malformed triggering parameters TLV");
  EXPECT_EQ(refusal("8105"), "malformed triggering parameters TLV");                    // truncated
  EXPECT_EQ(refusal("810000"), "malformed triggering parameters TLV");                  // trailing bytes
  EXPECT_EQ(refusal("8200"), "not triggering parameters ('81')");
  EXPECT_EQ(refusal(tlv("81", "8200")), "unknown TLV in the triggering parameters");
  EXPECT_EQ(refusal(tlv("81", "8300" "8300")), "two administration session parameters");
  EXPECT_EQ(refusal(tlv("81", "b300")), "DNS resolution parameters are not supported");
  EXPECT_EQ(refusal(tlv("81", "8302")), "malformed triggering parameters");
  EXPECT_EQ(refusal(s("a500")), "extended security parameters are not supported");
  EXPECT_EQ(refusal(s("8700")), "unknown TLV in the administration session parameters");
  EXPECT_EQ(refusal(s("8402")), "malformed administration session parameters");
  EXPECT_EQ(refusal(s("8400" "8400")), "two connection parameters");
  EXPECT_EQ(refusal(s(tlv("84", "3503"))), "malformed data object");
  // Security parameters.
  EXPECT_EQ(refusal(s("8500")), "empty security parameters");
  EXPECT_EQ(refusal(s(tlv("85", "00" "024001"))), "empty PSK identity");
  EXPECT_EQ(refusal(s(tlv("85", "0561" "62"))), "security parameters truncated in the PSK identity");
  EXPECT_EQ(refusal(s(tlv("85", "026100" "024001"))), "PSK identity with a NUL byte");
  EXPECT_EQ(refusal(s(tlv("85", "0161" "034001"))), "key identification not of 2 bytes (KVN, KID)");
  EXPECT_EQ(refusal(s(tlv("85", "0161" "0240"))), "security parameters truncated in the key identification");
  EXPECT_EQ(refusal(s(tlv("85", "0161" "024001" "0203"))), "bytes after the security parameters");
  EXPECT_EQ(refusal(s(tlv("85", "0161024001") + tlv("85", "0161024001"))), "two security parameters");
  // Retry policy.
  EXPECT_EQ(refusal(s("860101")), "retry policy without its counter");
  EXPECT_EQ(refusal(s("86020001" "86020001")), "two retry policies");
  // HTTP POST parameters.
  EXPECT_EQ(refusal(s(tlv("89", "8a00"))), "bad administration host");
  EXPECT_EQ(refusal(s(tlv("89", "8a02" "6120"))), "bad administration host");  // a space
  EXPECT_EQ(refusal(s(tlv("89", "8c02" "2f0a"))), "bad administration URI");   // LF
  EXPECT_EQ(refusal(s(tlv("89", "8b02" "610d"))), "bad agent ID");              // CR
  EXPECT_EQ(refusal(s(tlv("89", "8a0161" "8a0162"))), "two administration hosts");
  EXPECT_EQ(refusal(s(tlv("89", "8c012f" "8c012f"))), "two administration URIs");
  EXPECT_EQ(refusal(s(tlv("89", "8b0161" "8b0161"))), "two agent IDs");
  EXPECT_EQ(refusal(s(tlv("89", "8d0161"))), "unknown TLV in the HTTP POST parameters");
  EXPECT_EQ(refusal(s(tlv("89", "8a05"))), "malformed HTTP POST parameters");
  EXPECT_EQ(refusal(s(tlv("89", "") + tlv("89", ""))), "two HTTP POST parameters");
}

TEST(Scp81ConnectionParams, RoundTripAndPushRules) {
  ConnectionParams c = sample_connection();
  c.alpha = cat::AlphaIdentifier{};
  c.login = cat::TextString{false, 0x04, {'u'}};
  c.password = cat::TextString{false, 0x04, {'p'}};
  const auto d = decode_connection_params(encode(c));
  ASSERT_TRUE(d.ok()) << d.error;
  EXPECT_EQ(d.value, c);
  EXPECT_TRUE(decode_connection_params({}).ok());
  EXPECT_TRUE(decode_connection_params({}).value.empty());

  auto why = [](const std::string& hex) {
    const Bytes b = from_hex(hex);
    const auto r = decode_connection_params(b);
    return r.ok() ? std::string("accepted") : std::string(r.error);
  };
  // TS 102 226 §9.2.1: no local address (an Other address before any transport level).
  EXPECT_EQ(why("350103" "3e052101020304"), "local address in a push (TS 102 226 §9.2.1)");
  EXPECT_EQ(why("0d020461"), "login without password (TS 102 226 §9.2.1)");
  EXPECT_EQ(why("0d020461" "0d020462" "0d020463"), "more than two Text string objects (login, password)");
  EXPECT_EQ(why("350103" "350103"), "two Bearer description objects");
  EXPECT_EQ(why("39020100" "39020200"), "two Buffer size objects");
  EXPECT_EQ(why("3c03020050" "3c03020050"), "two transport level objects");
  EXPECT_EQ(why("3c03020050" "3e052101020304" "3e052101020304"), "two data destination addresses");
  EXPECT_EQ(why("3c03020050" "3e00"), "data destination address neither IPv4 nor IPv6");
  EXPECT_EQ(why("3c03020050" "3e03990102"), "data destination address neither IPv4 nor IPv6");
  EXPECT_EQ(why("3c03020050" "3e03210102"), "IPv4 Other address not of 4 bytes");
  EXPECT_EQ(why("3c020200"), "bad UICC/terminal interface transport level length");
  EXPECT_EQ(why("8103014000"), "data object OPEN CHANNEL does not have");
  EXPECT_EQ(why("3503"), "malformed data object");
  EXPECT_EQ(why("4700"), "empty Network access name");
}

TEST(Scp81PushCommand, BuildAndParseBothForms) {
  // The defaults form: case 1, no data.
  EXPECT_EQ(to_hex(build_push_bip({})), "80ec0101");
  const ConnectionParams c = sample_connection();
  const Bytes apdu = build_push_bip(c);
  EXPECT_EQ(to_hex(apdu), "80ec0101" "13" + to_hex(encode(c)));
  EXPECT_EQ(to_hex(encode(c)), "b50103" "b90205dc" "bc030201bb" "be05210a010203");

  StatusWord parse_sw = 0;
  auto parse = [&](const Bytes& b, StatusWord& sw) {
    const auto a = parse_command_apdu(b, parse_sw);
    EXPECT_TRUE(a.has_value());
    return decode_push_bip(*a, sw);
  };
  StatusWord sw = 0;
  auto d = parse(apdu, sw);
  ASSERT_TRUE(d.ok()) << d.error;
  EXPECT_EQ(sw, sw::kOk);
  EXPECT_EQ(d.value, c);
  d = parse(from_hex("80ec0101"), sw);
  ASSERT_TRUE(d.ok());
  EXPECT_TRUE(d.value.empty());

  d = parse(from_hex("80ec0102"), sw);  // CAT_TP link: not done
  EXPECT_FALSE(d.ok());
  EXPECT_EQ(sw, sw::kIncorrectP1P2);
  d = parse(from_hex("80ec8001"), sw);
  EXPECT_EQ(sw, sw::kIncorrectP1P2);
  d = parse(from_hex("80ec010100"), sw);  // an Le
  EXPECT_EQ(sw, sw::kWrongLength);
  d = parse(from_hex("80ec0101" "04" "0d020461"), sw);
  EXPECT_FALSE(d.ok());
  EXPECT_EQ(sw, sw::kIncorrectData);
  EXPECT_STREQ(d.error, "login without password (TS 102 226 §9.2.1)");

  ConnectionParams big;
  big.apn = cat::NetworkAccessName{Bytes(260, 'a')};
  EXPECT_THROW(build_push_bip(big), std::invalid_argument);
}

TEST(Scp81SessionConfig, PushOverDefaultsAndItsRefusals) {
  SessionDefaults def;
  def.connection = sample_connection();
  def.security = SecurityParams{Bytes{'d', 'e', 'f'}, 0x40, 0x01, std::nullopt};
  def.http = HttpPostParams{"default.host", "agent-1", "/default"};
  const Bytes sd = from_hex("A0000005591010FFFFFFFF8900000100");
  const PskLookup keys = [](std::uint8_t kvn, std::uint8_t kid) -> std::optional<Bytes> {
    if (kvn == 0x40 && kid == 0x01) return Bytes(16, 0x11);
    if (kvn == 0x41 && kid == 0x02) return Bytes(16, 0x22);
    return std::nullopt;
  };

  // '81 00': everything from the SD.
  ConfigResult r = make_session_config(AdminTrigger{}, def, sd, keys);
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.value.open.bearer.type, cat::BearerDescription::kDefault);
  EXPECT_EQ(r.value.open.buffer.size, 1500);
  EXPECT_EQ(r.value.open.transport->port, 443);
  EXPECT_EQ(r.value.open.qualifier, cat::OpenChannel::kImmediateLink);
  EXPECT_EQ(r.value.psk, Bytes(16, 0x11));
  EXPECT_EQ(r.value.psk_identity, (Bytes{'d', 'e', 'f'}));
  EXPECT_EQ(r.value.host, "default.host");
  EXPECT_EQ(r.value.uri, "/default");
  EXPECT_EQ(r.value.agent_id, "agent-1");
  EXPECT_EQ(r.value.sd_aid, sd);

  // The push's objects take precedence, one by one.
  AdminTrigger t;
  t.connection = ConnectionParams{};
  t.connection->transport = cat::TransportLevel{cat::TransportLevel::kTcpClientRemote, 8443};
  t.security = SecurityParams{Bytes{'p'}, 0x41, 0x02, std::nullopt};
  t.http = HttpPostParams{std::nullopt, std::nullopt, "/pushed"};
  r = make_session_config(t, def, sd, keys);
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.value.open.transport->port, 8443);
  EXPECT_EQ(r.value.open.buffer.size, 1500);
  EXPECT_EQ(r.value.psk, Bytes(16, 0x22));
  EXPECT_EQ(r.value.uri, "/pushed");
  EXPECT_EQ(r.value.host, "default.host");

  auto refused = [&](AdminTrigger trig, SessionDefaults d) { return make_session_config(trig, d, sd, keys).error; };
  SessionDefaults no;
  EXPECT_EQ(refused({}, no), "no bearer description");
  no.connection.bearer = def.connection.bearer;
  EXPECT_EQ(refused({}, no), "no buffer size");
  no.connection.buffer = def.connection.buffer;
  EXPECT_EQ(refused({}, no), "no transport level");
  no.connection.transport = cat::TransportLevel{cat::TransportLevel::kUdpClientRemote, 1};
  EXPECT_EQ(refused({}, no), "transport level not TCP client mode");
  no.connection.transport = def.connection.transport;
  EXPECT_EQ(refused({}, no), "no data destination address");
  no.connection.destination = def.connection.destination;
  EXPECT_EQ(refused({}, no), "no security parameters (PSK identity, key)");
  no.security = SecurityParams{Bytes{'x'}, 0x42, 0x01, std::nullopt};
  EXPECT_EQ(refused({}, no), "no PSK with that key version and identifier");
  no.security = def.security;
  EXPECT_EQ(refused({}, no), "no administration host");
  no.http.host = "h";
  EXPECT_EQ(refused({}, no), "no administration URI");
  no.http.uri = "/";
  EXPECT_EQ(refused({}, no), "no agent ID");
  no.http.agent_id = "a";
  EXPECT_EQ(refused({}, no), "");
}

}  // namespace test_scp81_codecs
