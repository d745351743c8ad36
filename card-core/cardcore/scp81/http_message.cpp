// RFC 7230 message framing for GP Amendment B's administration protocol.
#include "cardcore/scp81/http_message.hpp"

#include <algorithm>
#include <cctype>

namespace cardcore::scp81 {

namespace {

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

// RFC 7230 §3.2.6 tchar.
bool is_tchar(char c) {
  const unsigned char u = static_cast<unsigned char>(c);
  if (std::isalnum(u)) return true;
  return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool valid_version(std::string_view v) { return v == "HTTP/1.1" || v == "HTTP/1.0"; }

}  // namespace

const std::string* HttpMessage::header(std::string_view name) const {
  for (const auto& [n, v] : headers)
    if (iequals(n, name)) return &v;
  return nullptr;
}

std::size_t HttpMessage::header_count(std::string_view name) const {
  return static_cast<std::size_t>(
      std::count_if(headers.begin(), headers.end(), [&](const auto& h) { return iequals(h.first, name); }));
}

HttpParser::State HttpParser::fail(std::string why) {
  state_ = State::Failed;
  error_ = std::move(why);
  return state_;
}

void HttpParser::reset() {
  state_ = State::Incomplete;
  phase_ = Phase::StartLine;
  error_.clear();
  message_ = HttpMessage{};
  buffer_.clear();
  pos_ = 0;
  header_bytes_ = 0;
  remaining_ = 0;
}

bool HttpParser::take_line(std::string& line) {
  const auto begin = buffer_.begin() + static_cast<std::ptrdiff_t>(pos_);
  const auto lf = std::find(begin, buffer_.end(), std::uint8_t{'\n'});
  if (lf == buffer_.end()) return false;
  auto end = lf;
  if (end != begin && *(end - 1) == '\r') --end;  // CR LF, or a bare LF (§3.5)
  line.assign(begin, end);
  pos_ = static_cast<std::size_t>(lf - buffer_.begin()) + 1;
  return true;
}

HttpParser::State HttpParser::feed(ByteView bytes) {
  if (state_ == State::Failed) return state_;
  if (state_ == State::Complete) {
    if (bytes.empty()) return state_;
    return fail("bytes after the end of the message");
  }
  buffer_.insert(buffer_.end(), bytes.begin(), bytes.end());
  return step();
}

HttpParser::State HttpParser::finish() {
  if (state_ != State::Incomplete) return state_;
  switch (phase_) {
    case Phase::StartLine:
      return fail(buffer_.empty() ? "connection closed before any message" : "connection closed in the start line");
    case Phase::Headers: return fail("connection closed in the header section");
    case Phase::Body: return fail("connection closed in the body (Content-Length not reached)");
    default: return fail("connection closed in the chunked body");
  }
}

HttpParser::State HttpParser::step() {
  std::string line;
  while (state_ == State::Incomplete) {
    switch (phase_) {
      case Phase::StartLine:
      case Phase::Headers:
      case Phase::Trailers: {
        const std::size_t before = pos_;
        if (!take_line(line)) {
          if (header_bytes_ + (buffer_.size() - pos_) > kMaxHeaderBytes) return fail("header section too long");
          // Wait for the rest of the line.
          buffer_.erase(buffer_.begin(), buffer_.begin() + static_cast<std::ptrdiff_t>(pos_));
          pos_ = 0;
          return state_;
        }
        header_bytes_ += pos_ - before;
        if (header_bytes_ > kMaxHeaderBytes) return fail("header section too long");
        if (phase_ == Phase::StartLine) {
          // §3.5: a recipient SHOULD ignore empty lines before the start line.
          if (line.empty() && message_.version.empty() && header_bytes_ <= 4) continue;
          start_line(line);
        } else if (phase_ == Phase::Headers) {
          if (line.empty())
            end_of_headers();
          else
            header_line(line);
        } else if (line.empty()) {
          phase_ = Phase::Done;  // end of the trailer section
        }
        break;
      }
      case Phase::ChunkSize: {
        if (!take_line(line)) {
          if (buffer_.size() - pos_ > 1024) return fail("chunk size line too long");
          buffer_.erase(buffer_.begin(), buffer_.begin() + static_cast<std::ptrdiff_t>(pos_));
          pos_ = 0;
          return state_;
        }
        chunk_size_line(line);
        break;
      }
      case Phase::Body:
      case Phase::ChunkData: {
        const std::size_t n = std::min(remaining_, buffer_.size() - pos_);
        message_.body.insert(message_.body.end(), buffer_.begin() + static_cast<std::ptrdiff_t>(pos_),
                             buffer_.begin() + static_cast<std::ptrdiff_t>(pos_ + n));
        pos_ += n;
        remaining_ -= n;
        if (remaining_ > 0) {
          buffer_.clear();
          pos_ = 0;
          return state_;
        }
        phase_ = phase_ == Phase::Body ? Phase::Done : Phase::ChunkDataEnd;
        break;
      }
      case Phase::ChunkDataEnd: {
        // The CRLF after the chunk data (§4.1), or a bare LF.
        const std::size_t have = buffer_.size() - pos_;
        if (have == 0) return state_;
        if (buffer_[pos_] == '\n') {
          pos_ += 1;
        } else if (buffer_[pos_] == '\r') {
          if (have < 2) return state_;
          if (buffer_[pos_ + 1] != '\n') return fail("chunk data not followed by CRLF");
          pos_ += 2;
        } else {
          return fail("chunk data longer than its chunk size");
        }
        phase_ = Phase::ChunkSize;
        break;
      }
      case Phase::Done: {
        if (pos_ != buffer_.size()) return fail("bytes after the end of the message");
        buffer_.clear();
        pos_ = 0;
        state_ = State::Complete;
        break;
      }
    }
  }
  return state_;
}

HttpParser::State HttpParser::start_line(const std::string& line) {
  const std::size_t sp1 = line.find(' ');
  if (sp1 == std::string::npos) return fail("malformed start line");
  if (kind_ == Kind::Response) {
    // status-line = HTTP-version SP status-code SP reason-phrase (§3.1.2);
    // a missing SP before an empty reason is tolerated.
    message_.version = line.substr(0, sp1);
    if (!valid_version(message_.version)) return fail("not an HTTP/1.x status line");
    const std::string code = line.substr(sp1 + 1, 3);
    if (code.size() != 3 || !std::all_of(code.begin(), code.end(), [](char c) { return c >= '0' && c <= '9'; }))
      return fail("malformed status code");
    if (code[0] < '1' || code[0] > '5') return fail("status code out of range");
    if (line.size() > sp1 + 4 && line[sp1 + 4] != ' ') return fail("malformed status line");
    message_.status = std::stoi(code);
    message_.reason = line.size() > sp1 + 5 ? line.substr(sp1 + 5) : std::string();
  } else {
    const std::size_t sp2 = line.find(' ', sp1 + 1);
    if (sp2 == std::string::npos || line.find(' ', sp2 + 1) != std::string::npos) return fail("malformed request line");
    message_.method = line.substr(0, sp1);
    message_.target = line.substr(sp1 + 1, sp2 - sp1 - 1);
    message_.version = line.substr(sp2 + 1);
    if (message_.method.empty() || !std::all_of(message_.method.begin(), message_.method.end(), is_tchar))
      return fail("malformed method");
    if (message_.target.empty()) return fail("empty request target");
    if (!valid_version(message_.version)) return fail("not an HTTP/1.x request line");
  }
  phase_ = Phase::Headers;
  return state_;
}

HttpParser::State HttpParser::header_line(const std::string& line) {
  if (line[0] == ' ' || line[0] == '\t') {
    // obs-fold (§3.2.4): a user agent replaces it with a space; a server
    // rejects it.
    if (kind_ == Kind::Request || message_.headers.empty()) return fail("obsolete line folding");
    std::string& v = message_.headers.back().second;
    v += ' ';
    v += trim(line);
    return state_;
  }
  const std::size_t colon = line.find(':');
  if (colon == std::string::npos || colon == 0) return fail("malformed header field");
  const std::string name = line.substr(0, colon);
  if (!std::all_of(name.begin(), name.end(), is_tchar)) return fail("malformed header field name (whitespace before the colon?)");
  const std::string_view value = trim(std::string_view(line).substr(colon + 1));
  for (char c : value)
    if ((static_cast<unsigned char>(c) < 0x20 && c != '\t') || c == 0x7F) return fail("control character in a header field");
  message_.headers.emplace_back(name, std::string(value));
  return state_;
}

HttpParser::State HttpParser::end_of_headers() {
  const bool no_body_status =
      kind_ == Kind::Response && (message_.status / 100 == 1 || message_.status == 204 || message_.status == 304);
  if (const std::string* te = message_.header("Transfer-Encoding"); te && !no_body_status) {
    if (message_.header_count("Transfer-Encoding") > 1) return fail("two Transfer-Encoding fields");
    // §3.3.1: the last coding applied must be chunked; we take no other.
    std::string_view codings = *te;
    const std::size_t comma = codings.rfind(',');
    const std::string_view last = trim(comma == std::string_view::npos ? codings : codings.substr(comma + 1));
    if (!iequals(last, "chunked")) return fail("Transfer-Encoding not ending in chunked");
    if (comma != std::string_view::npos) return fail("transfer codings other than chunked");
    message_.chunked = true;
    phase_ = Phase::ChunkSize;  // §3.3.3 item 3: Transfer-Encoding overrides Content-Length
    return state_;
  }
  std::optional<std::size_t> length;
  for (const auto& [n, v] : message_.headers) {
    if (!iequals(n, "Content-Length")) continue;
    if (v.empty() || v.size() > 9 || !std::all_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; }))
      return fail("malformed Content-Length");
    const std::size_t l = std::stoul(v);
    if (length && *length != l) return fail("two different Content-Length values");
    length = l;
  }
  if (no_body_status) {
    phase_ = Phase::Done;
    return state_;
  }
  if (!length) {
    if (kind_ == Kind::Response) return fail("response body not delimited (no Content-Length, not chunked)");
    length = 0;  // §3.3.3 item 6
  }
  if (*length > max_body_) return fail("body too long");
  remaining_ = *length;
  phase_ = remaining_ == 0 ? Phase::Done : Phase::Body;
  return state_;
}

HttpParser::State HttpParser::chunk_size_line(const std::string& line) {
  // chunk-size [ chunk-ext ] (§4.1); BWS before the extension tolerated.
  std::string_view s = line;
  const std::size_t semi = s.find(';');
  std::string_view size = trim(semi == std::string_view::npos ? s : s.substr(0, semi));
  if (size.empty() || size.size() > 8 ||
      !std::all_of(size.begin(), size.end(), [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; }))
    return fail("malformed chunk size");
  const std::size_t n = std::stoul(std::string(size), nullptr, 16);
  if (n == 0) {
    phase_ = Phase::Trailers;
    return state_;
  }
  if (message_.body.size() + n > max_body_) return fail("body too long");
  remaining_ = n;
  phase_ = Phase::ChunkData;
  return state_;
}

}  // namespace cardcore::scp81
