// SCP81 decoders against mutated input (card-core/cardcore/scp81/): the
// triggering parameters, the PUSH connection parameters and the HTTP
// response parser take thousands of corruptions of valid messages (byte
// flips, truncations, insertions, arbitrary splits) from a fixed seed, and
// must answer each with a value or a reason, never a crash (the ASan build
// runs this too). What they accept must survive a round trip.
#include <gtest/gtest.h>

#include <random>
#include <string>

#include "cardcore/scp81/admin_response.hpp"
#include "cardcore/scp81/http_message.hpp"
#include "cardcore/scp81/trigger.hpp"

namespace test_scp81_robustness {

using namespace cardcore;
using namespace cardcore::scp81;

Bytes mutate(Bytes b, std::mt19937& rng) {
  std::uniform_int_distribution<int> kind(0, 3);
  std::uniform_int_distribution<int> byte(0, 255);
  const int n = 1 + static_cast<int>(rng() % 3);
  for (int i = 0; i < n; ++i) {
    const std::size_t at = b.empty() ? 0 : rng() % b.size();
    switch (kind(rng)) {
      case 0:
        if (!b.empty()) b[at] = static_cast<std::uint8_t>(byte(rng));
        break;
      case 1: b.resize(at); break;
      case 2: b.insert(b.begin() + static_cast<std::ptrdiff_t>(at), static_cast<std::uint8_t>(byte(rng))); break;
      default:
        if (!b.empty()) b.erase(b.begin() + static_cast<std::ptrdiff_t>(at));
        break;
    }
  }
  return b;
}

AdminTrigger full_trigger() {
  AdminTrigger t;
  t.connection = ConnectionParams{};
  t.connection->bearer = cat::BearerDescription{cat::BearerDescription::kDefault, {}};
  t.connection->buffer = cat::BufferSize{1500};
  t.connection->transport = cat::TransportLevel{cat::TransportLevel::kTcpClientRemote, 443};
  t.connection->destination = cat::OtherAddress{false, cat::OtherAddress::kIpv4, {10, 0, 0, 1}};
  t.security = SecurityParams{Bytes{'p', 's', 'k'}, 0x40, 0x01, std::nullopt};
  t.retry = RetryPolicy{2, from_hex("a503000030")};
  t.http = HttpPostParams{"host", "agent", "/uri"};
  return t;
}

TEST(Scp81Robustness, MutatedTriggersDecodeOrSayWhy) {
  std::mt19937 rng(81);
  const Bytes valid = encode(full_trigger());
  std::size_t accepted = 0, refused = 0;
  for (int i = 0; i < 5000; ++i) {
    const Bytes m = mutate(valid, rng);
    const auto d = decode_admin_trigger(m);
    if (!d.ok()) {
      ASSERT_NE(d.error, nullptr);
      ASSERT_GT(std::string(d.error).size(), 5u);
      ++refused;
      continue;
    }
    ++accepted;
    // Whatever is accepted encodes to something that decodes to the same.
    const auto again = decode_admin_trigger(encode(d.value));
    ASSERT_TRUE(again.ok()) << to_hex(m) << ": " << again.error;
    ASSERT_EQ(again.value, d.value) << to_hex(m);
  }
  EXPECT_GT(refused, 1000u);
  EXPECT_GT(accepted, 10u);  // some flips land in values (a port, an address byte)
}

TEST(Scp81Robustness, MutatedConnectionParamsDecodeOrSayWhy) {
  std::mt19937 rng(102226);
  const Bytes valid = encode(*full_trigger().connection);
  for (int i = 0; i < 5000; ++i) {
    const Bytes m = mutate(valid, rng);
    const auto d = decode_connection_params(m);
    if (!d.ok()) continue;
    const auto again = decode_connection_params(encode(d.value));
    ASSERT_TRUE(again.ok()) << to_hex(m) << ": " << again.error;
    ASSERT_EQ(again.value, d.value) << to_hex(m);
  }
}

TEST(Scp81Robustness, MutatedResponsesInArbitraryPiecesParseOrSayWhy) {
  std::mt19937 rng(7230);
  const std::string body("\xAE\x80\x22\x05\x80\xCA\x00\x5A\x00\x00\x00", 11);
  const std::string chunked =
      "HTTP/1.1 200 OK\r\nX-Admin-Protocol: globalplatform-remote-admin/1.0\r\n"
      "Content-Type: application/vnd.globalplatform.card-content-mgt;version=1.0\r\n"
      "X-Admin-Next-URI: /n\r\nTransfer-Encoding: chunked\r\n\r\n4\r\n" +
      body.substr(0, 4) + "\r\n7\r\n" + body.substr(4) + "\r\n0\r\n\r\n";
  const std::string length =
      "HTTP/1.1 200 OK\r\nX-Admin-Protocol: globalplatform-remote-admin/1.0\r\n"
      "Content-Type: application/vnd.globalplatform.card-content-mgt;version=1.0\r\n"
      "Content-Length: 11\r\n\r\n" +
      body;
  std::size_t complete = 0, failed = 0, scripts = 0;
  for (const std::string& base : {chunked, length}) {
    for (int i = 0; i < 3000; ++i) {
      const Bytes m = mutate(Bytes(base.begin(), base.end()), rng);
      // The same bytes in one piece and in random pieces: the same verdict.
      HttpParser whole(HttpParser::Kind::Response);
      whole.feed(m);
      whole.finish();
      HttpParser pieces(HttpParser::Kind::Response);
      std::size_t at = 0;
      while (at < m.size()) {
        const std::size_t n = std::min<std::size_t>(m.size() - at, 1 + rng() % 40);
        pieces.feed(ByteView(m).subspan(at, n));
        at += n;
      }
      pieces.finish();
      ASSERT_EQ(whole.state(), pieces.state()) << to_hex(m);
      ASSERT_NE(whole.state(), HttpParser::State::Incomplete);
      if (whole.state() == HttpParser::State::Failed) {
        ASSERT_FALSE(whole.error().empty());
        ASSERT_EQ(whole.error(), pieces.error()) << to_hex(m);
        ++failed;
        continue;
      }
      ++complete;
      ASSERT_EQ(whole.message().body, pieces.message().body);
      const InterpretedResponse r = interpret_admin_response(whole.message());
      if (r.ok() && r.value.kind == AdminResponse::Kind::Script) ++scripts;
    }
  }
  EXPECT_GT(failed, 500u);
  EXPECT_GT(complete, 500u);
  EXPECT_GT(scripts, 100u);
}

}  // namespace test_scp81_robustness
