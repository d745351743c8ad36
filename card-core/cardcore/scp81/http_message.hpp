#pragma once
// An incremental HTTP/1.1 message parser (RFC 7230) for both ends of GP
// Amendment B's administration protocol: the card parses the server's
// responses, the tests' admin server the card's requests. Bytes come as the
// TLS layer hands them out; the parser says when a whole message is in.
//
// Tolerant where HTTP asks a recipient to be: bare LF line ends (§3.5),
// obs-fold in a response replaced by a space (§3.2.4), any reason phrase,
// optional whitespace around field values, chunk extensions and trailer
// fields (skipped, §4.1), header names in any case, repeated identical
// Content-Length values (§3.3.2). Strict where a wrong guess would misframe
// the message: whitespace before the colon (§3.2.4), a Content-Length that
// is not digits or two different ones, a Transfer-Encoding whose last coding
// is not chunked (§3.3.3), chunk sizes that are not hex, missing CRLF after
// chunk data, a response whose body is delimited by the connection closing
// (§3.3.3 item 7: the admin agent needs the connection for its next POST;
// our choice to refuse), bytes after the message, and the limits below.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cardcore/util/bytes.hpp"

namespace cardcore::scp81 {

struct HttpMessage {
  // Requests.
  std::string method;
  std::string target;
  // Responses.
  int status = 0;
  std::string reason;
  std::string version;  // "HTTP/1.1"
  std::vector<std::pair<std::string, std::string>> headers;  // names as sent
  Bytes body;
  bool chunked = false;  // the body came with the chunked transfer coding

  // The value of the first field of that name (case-insensitive), nullptr
  // if there is none.
  const std::string* header(std::string_view name) const;
  std::size_t header_count(std::string_view name) const;
};

class HttpParser {
 public:
  enum class Kind { Request, Response };
  enum class State { Incomplete, Complete, Failed };
  static constexpr std::size_t kMaxHeaderBytes = 8192;
  static constexpr std::size_t kMaxBodyBytes = 65536;

  explicit HttpParser(Kind kind, std::size_t max_body = kMaxBodyBytes) : kind_(kind), max_body_(max_body) {}

  // More bytes of the stream. Bytes after a complete message fail it.
  State feed(ByteView bytes);
  // The stream ended (the peer closed): an incomplete message fails.
  State finish();
  State state() const { return state_; }
  // Complete only.
  const HttpMessage& message() const { return message_; }
  // Failed only: what was wrong.
  const std::string& error() const { return error_; }
  // Ready for the next message on the same connection.
  void reset();

 private:
  enum class Phase { StartLine, Headers, Body, ChunkSize, ChunkData, ChunkDataEnd, Trailers, Done };
  State fail(std::string why);
  // Takes one line (without its CR LF) from buffer_; false if none is in yet.
  bool take_line(std::string& line);
  State start_line(const std::string& line);
  State header_line(const std::string& line);
  State end_of_headers();
  State chunk_size_line(const std::string& line);
  State step();

  Kind kind_;
  std::size_t max_body_;
  State state_ = State::Incomplete;
  Phase phase_ = Phase::StartLine;
  std::string error_;
  HttpMessage message_;
  Bytes buffer_;          // received, not yet consumed
  std::size_t pos_ = 0;   // consumed bytes of buffer_
  std::size_t header_bytes_ = 0;
  std::size_t remaining_ = 0;  // body or chunk bytes still to come
};

}  // namespace cardcore::scp81
