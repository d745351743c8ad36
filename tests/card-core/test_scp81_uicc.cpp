// SCP81 through card-core's toolkit: the AdminSession's proactive commands
// queued on a real Uicc (Uicc::queue_proactive), fetched by the terminal
// with FETCH, answered with TERMINAL RESPONSE APDUs that reach the session
// through the card's SmsPpDownloadHandler::on_terminal_response, as the
// eUICC will drive it. The card only records EVENT DOWNLOADs, so the test
// hands each event to the session after the card took its ENVELOPE (the
// eUICC's routing, scp81/README.md).
#include <gtest/gtest.h>

#include "card_fixture.hpp"
#include "cardcore/cat/sms_pp_handler.hpp"
#include "cardcore/remote/script_runner.hpp"
#include "cardcore/scp81/admin_headers.hpp"
#include "scp81_loopback.hpp"

namespace test_scp81_uicc {

using cardcore::testing::hex8;
using cardcore::testing::upper_hex;
using namespace cardcore;
using namespace cardcore::scp81;

const Bytes kIsdR = from_hex("A0000005591010FFFFFFFF8900000100");
const Bytes kPsk = from_hex("000102030405060708090A0B0C0D0E0F");
const Bytes kScript = from_hex("AA07" "2205" "80CA005A00");

// The ISD-R side: forwards the terminal's answers to the session.
struct SessionHandler : cat::SmsPpDownloadHandler {
  AdminSession* session = nullptr;
  std::size_t queued = 0;
  std::size_t refused = 0;
  cat::EnvelopeResult on_sms_pp(Uicc&, ByteView, ByteView) override { return cat::EnvelopeResult::unsupported(); }
  void on_terminal_response(Uicc& card, ByteView command, const cat::TerminalResponse& tr) override {
    queue(card, session->on_terminal_response(command, tr));
  }
  void queue(Uicc& card, const std::vector<cat::ProactiveCommand>& commands) {
    for (const auto& c : commands) (card.queue_proactive(c) != 0 ? queued : refused)++;
  }
};

class Scp81UiccTest : public cardcore::testing::CardTest {
 protected:
  std::string case3(const std::string& header, const Bytes& data) {
    return send(header + hex8(static_cast<unsigned>(data.size())) + upper_hex(data));
  }
};

TEST_F(Scp81UiccTest, SessionRunsThroughFetchAndTerminalResponse) {
  SessionConfig c;
  c.open.bearer = cat::BearerDescription{cat::BearerDescription::kDefault, {}};
  c.open.buffer = cat::BufferSize{1024};
  c.open.transport = cat::TransportLevel{cat::TransportLevel::kTcpClientRemote, 443};
  c.open.destination = cat::OtherAddress{false, cat::OtherAddress::kIpv4, {192, 0, 2, 1}};
  c.psk_identity = {'i', 'd'};
  c.psk = kPsk;
  c.host = "smsr";
  c.uri = "/a";
  c.agent_id = "agent";
  c.sd_aid = kIsdR;
  std::vector<Bytes> capdus;
  AdminSession session(c, [&](ByteView script, ByteView) {
    return remote::run_unchained_script(
        script,
        [&](ByteView capdu, Uicc::RemoteTransport, Bytes& data) -> StatusWord {
          capdus.emplace_back(capdu.begin(), capdu.end());
          data = from_hex("5A02ABCD");
          return sw::kOk;
        },
        remote::CompactInstructions::SecurityDomain);
  });
  scp81_test::TlsPskServer server("id", kPsk);
  scp81_test::AdminServer admin;
  admin.responses = {"HTTP/1.1 200 OK\r\nX-Admin-Protocol: globalplatform-remote-admin/1.0\r\n"
                     "Content-Type: application/vnd.globalplatform.card-content-mgt;version=1.0\r\n"
                     "X-Admin-Next-URI: /b\r\nContent-Length: 9\r\n\r\n" +
                         std::string(kScript.begin(), kScript.end()),
                     "HTTP/1.1 204 No Content\r\n\r\n"};
  scp81_test::Terminal terminal(session, server, admin);
  SessionHandler handler;
  handler.session = &session;
  card.set_sms_pp_handler(&handler);

  ASSERT_EQ(case3("80100000", from_hex("FFFFFFFF")), "9000");  // TERMINAL PROFILE
  handler.queue(card, session.start());
  std::string sw = send("80F2000C00");  // STATUS: the card announces its command
  int guard = 0;
  while (!session.finished() && ++guard < 1000) {
    if (sw.size() == 4 && sw.substr(0, 2) == "91") {
      const std::string fetched = send("80120000" + sw.substr(2));
      ASSERT_GT(fetched.size(), 4u);
      ASSERT_EQ(fetched.substr(fetched.size() - 4), "9000");
      const Bytes command = from_hex(fetched.substr(0, fetched.size() - 4));
      cat::TerminalResponse tr;
      ASSERT_NO_FATAL_FAILURE(terminal.respond(command, tr));
      sw = case3("80140000", cat::encode(tr));
      ASSERT_TRUE(sw == "9000" || sw.substr(0, 2) == "91") << sw;
      continue;
    }
    auto events = terminal.take_events();
    ASSERT_FALSE(events.empty()) << "the session waits for nothing";
    for (const cat::EventDownload& e : events) {
      ASSERT_EQ(case3("80C20000", cat::encode(e)), "9000");  // ENVELOPE (EVENT DOWNLOAD)
      handler.queue(card, session.on_event(e));
    }
    sw = send("80F2000C00");
  }
  EXPECT_EQ(session.outcome(), AdminSession::Outcome::Completed) << session.failure();
  EXPECT_EQ(handler.refused, 0u);
  EXPECT_GT(handler.queued, 8u);
  ASSERT_EQ(capdus.size(), 1u);
  EXPECT_EQ(to_hex(capdus[0]), "80ca005a00");
  ASSERT_EQ(admin.requests.size(), 2u);
  EXPECT_EQ(to_hex(admin.requests[1].body), "ab0b" "800101" "23065a02abcd9000");
  EXPECT_EQ(terminal.command_types.back(), cat::command::kCloseChannel);
  EXPECT_EQ(card.proactive_queued(), 0u);
  EXPECT_FALSE(card.proactive_in_progress());
  card.set_sms_pp_handler(nullptr);
}

}  // namespace test_scp81_uicc
