// SCP81 HTTP codecs (card-core/cardcore/scp81/): the admin agent's POST
// (GP Amendment B §3.4.1), the message parser (RFC 7230 framing) and what
// the agent makes of the server's response (§3.4.2), with every class of
// malformed input.
#include <gtest/gtest.h>

#include <string>

#include "cardcore/scp81/admin_headers.hpp"
#include "cardcore/scp81/admin_request.hpp"
#include "cardcore/scp81/admin_response.hpp"
#include "cardcore/scp81/http_message.hpp"

namespace test_scp81_http {

using namespace cardcore;
using namespace cardcore::scp81;

ByteView view(const std::string& s) { return ByteView(reinterpret_cast<const std::uint8_t*>(s.data()), s.size()); }

HttpParser parse_response(const std::string& text) {
  HttpParser p(HttpParser::Kind::Response);
  p.feed(view(text));
  return p;
}

std::string response_error(const std::string& text, bool close = false) {
  HttpParser p = parse_response(text);
  if (close) p.finish();
  if (p.state() == HttpParser::State::Failed) return p.error();
  return p.state() == HttpParser::State::Complete ? "complete" : "incomplete";
}

const std::string kScriptType = "application/vnd.globalplatform.card-content-mgt;version=1.0";

std::string script_response(const std::string& extra_headers, const std::string& body_hex) {
  const Bytes body = from_hex(body_hex);
  return "HTTP/1.1 200 OK\r\nX-Admin-Protocol: globalplatform-remote-admin/1.0\r\nContent-Type: " + kScriptType +
         "\r\n" + extra_headers + "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" +
         std::string(body.begin(), body.end());
}

InterpretedResponse interpret(const std::string& text) {
  HttpParser p = parse_response(text);
  EXPECT_EQ(p.state(), HttpParser::State::Complete) << p.error();
  return interpret_admin_response(p.message());
}

TEST(Scp81Http, FirstPostHasNoBodyAndTheAdminHeaders) {
  AdminRequest r{"/gp/admin?x=1", "smsr.example", "//se-id/eid/8904;//aa-id/aid/A000000559/1010", std::nullopt,
                 std::nullopt, false};
  const Bytes b = encode(r);
  EXPECT_EQ(std::string(b.begin(), b.end()),
            "POST /gp/admin?x=1 HTTP/1.1\r\n"
            "Host: smsr.example\r\n"
            "X-Admin-Protocol: globalplatform-remote-admin/1.0\r\n"
            "X-Admin-From: //se-id/eid/8904;//aa-id/aid/A000000559/1010\r\n"
            "Transfer-Encoding: chunked\r\n"
            "\r\n"
            "0\r\n\r\n");
}

TEST(Scp81Http, LaterPostCarriesTheResponseScriptChunked) {
  AdminRequest r{"/next/1", "h", "agent", from_hex("ab07800101230290 00"), "ok", true};
  const Bytes b = encode(r);
  const std::string expected_head =
      "POST /next/1 HTTP/1.1\r\n"
      "Host: h\r\n"
      "X-Admin-Protocol: globalplatform-remote-admin/1.0\r\n"
      "X-Admin-From: agent\r\n"
      "X-Admin-Script-Status: ok\r\n"
      "X-Admin-Resume: true\r\n"
      "Content-Type: application/vnd.globalplatform.card-content-mgt-response;version=1.0\r\n"
      "Transfer-Encoding: chunked\r\n"
      "\r\n"
      "9\r\n";
  ASSERT_GT(b.size(), expected_head.size());
  EXPECT_EQ(std::string(b.begin(), b.begin() + static_cast<std::ptrdiff_t>(expected_head.size())), expected_head);
  // And the request parser (the tests' server) reads it back.
  HttpParser p(HttpParser::Kind::Request);
  ASSERT_EQ(p.feed(b), HttpParser::State::Complete) << p.error();
  EXPECT_EQ(p.message().method, "POST");
  EXPECT_EQ(p.message().target, "/next/1");
  EXPECT_TRUE(p.message().chunked);
  EXPECT_EQ(to_hex(p.message().body), "ab078001012302" "9000");
  EXPECT_EQ(*p.message().header("x-admin-script-status"), "ok");

  EXPECT_THROW(encode(AdminRequest{"", "h", "a", std::nullopt, std::nullopt, false}),
               std::invalid_argument);
  EXPECT_THROW(encode(AdminRequest{"/a b", "h", "a", std::nullopt, std::nullopt, false}),
               std::invalid_argument);
  EXPECT_THROW(encode(AdminRequest{"/", "h\r\nX: y", "a", std::nullopt, std::nullopt, false}),
               std::invalid_argument);
  EXPECT_THROW(encode(AdminRequest{"/", "h", "a\n", std::nullopt, std::nullopt, false}),
               std::invalid_argument);
}

TEST(Scp81Http, ScriptStatusWithoutAResponse) {
  // GP Amd B §3.4.1: a script that did not run is reported by its status.
  AdminRequest r{"/n", "h", "a", std::nullopt, "unknown-application", false};
  const Bytes b = encode(r);
  const std::string t(b.begin(), b.end());
  EXPECT_NE(t.find("\r\nX-Admin-Script-Status: unknown-application\r\n"), std::string::npos);
  EXPECT_EQ(t.find("Content-Type"), std::string::npos);
  EXPECT_EQ(t.substr(t.size() - 5), "0\r\n\r\n");
  // A response always goes with its status.
  EXPECT_THROW(encode(AdminRequest{"/n", "h", "a", Bytes{0xAB, 0x00}, std::nullopt, false}), std::invalid_argument);
  EXPECT_THROW(encode(AdminRequest{"/n", "h", "a", std::nullopt, "o k", false}), std::invalid_argument);
  EXPECT_TRUE(is_script_status("ok"));
  EXPECT_TRUE(is_script_status("not-a-security-domain"));
  EXPECT_TRUE(is_script_status("security-error"));
  EXPECT_FALSE(is_script_status("OK"));
  EXPECT_FALSE(is_script_status("done"));
}

TEST(Scp81Http, AidUris) {
  const Bytes isdr = from_hex("A0000005591010FFFFFFFF8900000100");
  EXPECT_EQ(format_aid_uri(isdr), "//aid/A000000559/1010FFFFFFFF8900000100");
  EXPECT_EQ(parse_aid_uri("//aid/A000000559/1010FFFFFFFF8900000100"), isdr);
  EXPECT_EQ(parse_aid_uri("//aid/a000000559/1010ffffffff8900000100"), isdr);
  EXPECT_EQ(parse_aid_uri("//aid/A000000559/"), from_hex("A000000559"));
  EXPECT_FALSE(parse_aid_uri("//aid/A0000005/591010"));          // RID not 5 bytes
  EXPECT_FALSE(parse_aid_uri("//aid/A000000559"));               // no PIX part
  EXPECT_FALSE(parse_aid_uri("//aid/A000000559/1G"));            // not hex
  EXPECT_FALSE(parse_aid_uri("//aid/A000000559/101"));           // odd digits
  EXPECT_FALSE(parse_aid_uri("//aid/A000000559/" + std::string(24, '0')));  // PIX of 12 bytes
  EXPECT_FALSE(parse_aid_uri("/aid/A000000559/10"));
  EXPECT_THROW(format_aid_uri(from_hex("A0000005")), std::invalid_argument);
}

TEST(Scp81Http, ResponsesFramedEveryWayHttpAllows) {
  // Content-Length, fed one byte at a time.
  const std::string cl = script_response("", "aa0422028000");
  HttpParser p(HttpParser::Kind::Response);
  for (std::size_t i = 0; i < cl.size(); ++i) {
    ASSERT_EQ(p.state(), HttpParser::State::Incomplete) << i;
    p.feed(view(cl.substr(i, 1)));
  }
  ASSERT_EQ(p.state(), HttpParser::State::Complete) << p.error();
  EXPECT_EQ(to_hex(p.message().body), "aa0422028000");

  // Chunked, with chunk extensions, a trailer, bare LFs, lower-case names,
  // obs-fold and an empty reason phrase; Transfer-Encoding wins over
  // Content-Length.
  const std::string chunked =
      "HTTP/1.1 200 \n"
      "x-admin-protocol: globalplatform-remote-admin/1.0\r\n"
      "content-type:   application/vnd.globalplatform.card-content-mgt ; Version=\"1.0\"  \r\n"
      "X-Admin-Next-URI: /next\r\n"
      "X-Folded: a\r\n"
      " b\r\n"
      "Content-Length: 99\r\n"
      "Transfer-Encoding: Chunked\r\n"
      "\r\n"
      "3;ext=1\r\n" +
      std::string("\xAE\x80\x22", 3) + "\r\n" + "4\n" + std::string("\x02\x80\x00\x00", 4) + "\n" +
      "0\r\n"
      "Trailer-Field: x\r\n"
      "\r\n";
  p = parse_response(chunked);
  ASSERT_EQ(p.state(), HttpParser::State::Complete) << p.error();
  EXPECT_EQ(to_hex(p.message().body), "ae802202800000");
  EXPECT_EQ(*p.message().header("X-FOLDED"), "a b");
  EXPECT_EQ(p.message().reason, "");
  const InterpretedResponse in = interpret_admin_response(p.message());
  ASSERT_TRUE(in.ok()) << in.error;
  EXPECT_EQ(in.value.next_uri, "/next");

  // 204 without a body and without X-Admin-Protocol (public servers).
  p = parse_response("HTTP/1.1 204 No Content\r\n\r\n");
  ASSERT_EQ(p.state(), HttpParser::State::Complete);
  EXPECT_EQ(interpret_admin_response(p.message()).value.kind, AdminResponse::Kind::NoContent);
  // Identical repeated Content-Length values.
  EXPECT_EQ(response_error("HTTP/1.1 500 Oops\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\nab"), "complete");
  // Reset for the next message on the connection.
  p.reset();
  p.feed(view(cl));
  EXPECT_EQ(p.state(), HttpParser::State::Complete);
}

TEST(Scp81Http, MalformedResponsesAreRefused) {
  EXPECT_EQ(response_error("garbage\r\n\r\n"), "malformed start line");
  EXPECT_EQ(response_error("HTTP/2 200 OK\r\n\r\n"), "not an HTTP/1.x status line");
  EXPECT_EQ(response_error("HTTP/1.1 2x0 OK\r\n\r\n"), "malformed status code");
  EXPECT_EQ(response_error("HTTP/1.1 600 OK\r\n\r\n"), "status code out of range");
  EXPECT_EQ(response_error("HTTP/1.1 2000 OK\r\n\r\n"), "malformed status line");
  EXPECT_EQ(response_error("HTTP/1.1 204 X\r\nBad Name: v\r\n\r\n"), "malformed header field name (whitespace before the colon?)");
  EXPECT_EQ(response_error("HTTP/1.1 204 X\r\nNoColon\r\n\r\n"), "malformed header field");
  EXPECT_EQ(response_error("HTTP/1.1 204 X\r\n folded-first\r\n\r\n"), "obsolete line folding");
  EXPECT_EQ(response_error("HTTP/1.1 204 X\r\nA: \x01\r\n\r\n"), "control character in a header field");
  EXPECT_EQ(response_error("HTTP/1.1 200 OK\r\nContent-Length: 1x\r\n\r\n"), "malformed Content-Length");
  EXPECT_EQ(response_error("HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n"),
            "two different Content-Length values");
  EXPECT_EQ(response_error("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n"), "Transfer-Encoding not ending in chunked");
  EXPECT_EQ(response_error("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n"),
            "transfer codings other than chunked");
  EXPECT_EQ(response_error("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n"),
            "two Transfer-Encoding fields");
  EXPECT_EQ(response_error("HTTP/1.1 200 OK\r\n\r\n"), "response body not delimited (no Content-Length, not chunked)");
  EXPECT_EQ(response_error("HTTP/1.1 200 OK\r\nContent-Length: 70000\r\n\r\n"), "body too long");
  EXPECT_EQ(response_error("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"), "malformed chunk size");
  EXPECT_EQ(response_error("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n\r\n"), "malformed chunk size");
  EXPECT_EQ(response_error("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n0\r\n\r\n"),
            "chunk data longer than its chunk size");
  EXPECT_EQ(response_error("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nab\rX"),
            "chunk data not followed by CRLF");
  EXPECT_EQ(response_error("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n20000\r\n"), "body too long");
  EXPECT_EQ(response_error("HTTP/1.1 204 X\r\n" + std::string(9000, 'a')), "header section too long");
  EXPECT_EQ(response_error("HTTP/1.1 204 X\r\n\r\nextra"), "bytes after the end of the message");
  // Truncations: incomplete until the connection closes, then refused.
  EXPECT_EQ(response_error("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n10\r\nabc"), "incomplete");
  EXPECT_EQ(response_error("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n10\r\nabc", true),
            "connection closed in the chunked body");
  EXPECT_EQ(response_error("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n", true),
            "connection closed in the chunked body");
  EXPECT_EQ(response_error("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nab", true),
            "connection closed in the body (Content-Length not reached)");
  EXPECT_EQ(response_error("HTTP/1.1 200 OK\r\nContent", true), "connection closed in the header section");
  EXPECT_EQ(response_error("HTTP/1.1 2", true), "connection closed in the start line");
  EXPECT_EQ(response_error("", true), "connection closed before any message");
  // Requests: obs-fold refused, no body without framing.
  HttpParser q(HttpParser::Kind::Request);
  q.feed(view("POST / HTTP/1.1\r\nA: b\r\n c\r\n\r\n"));
  EXPECT_EQ(q.error(), "obsolete line folding");
  HttpParser q2(HttpParser::Kind::Request);
  q2.feed(view("POST /a b HTTP/1.1\r\n\r\n"));
  EXPECT_EQ(q2.error(), "malformed request line");
  HttpParser q3(HttpParser::Kind::Request);
  EXPECT_EQ(q3.feed(view("POST / HTTP/1.1\r\nHost: x\r\n\r\n")), HttpParser::State::Complete);
  EXPECT_TRUE(q3.message().body.empty());
}

TEST(Scp81Http, AdminResponseRules) {
  // A script for an ISD-P, with a next URI.
  InterpretedResponse r = interpret(script_response(
      "X-Admin-Targeted-Application: //aid/A000000559/1010FFFFFFFF8900001000\r\nX-Admin-Next-URI: /n/2\r\n",
      "aa0422028000"));
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.value.kind, AdminResponse::Kind::Script);
  EXPECT_EQ(to_hex(r.value.script), "aa0422028000");
  EXPECT_EQ(r.value.targeted_aid, from_hex("A0000005591010FFFFFFFF8900001000"));
  EXPECT_EQ(r.value.next_uri, "/n/2");
  // Without them: the session's SD, and the end of the session after it.
  r = interpret(script_response("", "ae80220280000000"));
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_FALSE(r.value.targeted_aid);
  EXPECT_FALSE(r.value.next_uri);

  EXPECT_EQ(interpret("HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\n\r\n").error,
            "HTTP status 500 Internal Server Error");
  EXPECT_EQ(interpret("HTTP/1.1 404 \r\nContent-Length: 0\r\n\r\n").error, "HTTP status 404");
  EXPECT_EQ(interpret("HTTP/1.1 200 OK\r\nContent-Type: " + kScriptType + "\r\nContent-Length: 1\r\n\r\n\xAA").error,
            "200 without X-Admin-Protocol");
  EXPECT_EQ(interpret("HTTP/1.1 200 OK\r\nX-Admin-Protocol: globalplatform-remote-admin/2.0\r\nContent-Length: 0\r\n\r\n").error,
            "X-Admin-Protocol not globalplatform-remote-admin/1.0");
  EXPECT_EQ(interpret("HTTP/1.1 200 OK\r\nX-Admin-Protocol: globalplatform-remote-admin/1.0\r\nContent-Length: 0\r\n\r\n").error,
            "200 without Content-Type");
  const std::string bad_type =
      "HTTP/1.1 200 OK\r\nX-Admin-Protocol: globalplatform-remote-admin/1.0\r\nContent-Length: 0\r\nContent-Type: ";
  EXPECT_EQ(interpret(bad_type + "application/octet-stream\r\n\r\n").error,
            "Content-Type not application/vnd.globalplatform.card-content-mgt;version=1.0");
  EXPECT_EQ(interpret(bad_type + "application/vnd.globalplatform.card-content-mgt\r\n\r\n").error,
            "Content-Type not application/vnd.globalplatform.card-content-mgt;version=1.0");
  EXPECT_EQ(interpret(bad_type + "application/vnd.globalplatform.card-content-mgt;version=1.1\r\n\r\n").error,
            "Content-Type not application/vnd.globalplatform.card-content-mgt;version=1.0");
  EXPECT_EQ(interpret(bad_type + "application/vnd.globalplatform.card-content-mgt;version\r\n\r\n").error,
            "Content-Type not application/vnd.globalplatform.card-content-mgt;version=1.0");
  EXPECT_EQ(interpret(script_response("", "")).error, "200 without a script");
  EXPECT_EQ(interpret(script_response("", "80ca005a00")).error,
            "body is not a command scripting template (TS 102 226 §5.2)");
  EXPECT_EQ(interpret(script_response("X-Admin-Targeted-Application: A000000559\r\n", "aa00")).error,
            "malformed X-Admin-Targeted-Application");
  EXPECT_EQ(interpret(script_response("X-Admin-Targeted-Application: //aid/A000000559/10\r\n"
                                      "X-Admin-Targeted-Application: //aid/A000000559/10\r\n",
                                      "aa00"))
                .error,
            "two X-Admin-Targeted-Application fields");
  EXPECT_EQ(interpret(script_response("X-Admin-Next-URI: /a b\r\n", "aa00")).error, "malformed X-Admin-Next-URI");
  EXPECT_EQ(interpret(script_response("X-Admin-Next-URI: /a\r\nX-Admin-Next-URI: /b\r\n", "aa00")).error,
            "two X-Admin-Next-URI fields");
}

}  // namespace test_scp81_http
