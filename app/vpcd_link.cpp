#include "vpcd_link.hpp"

#include <cerrno>
#include <cstring>
#include <memory>
#include <ostream>

#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "cardcore/apdu/command_names.hpp"
#include "cardcore/apdu/status_word.hpp"
#include "cardcore/card/uicc.hpp"

namespace esimtwin {

using cardcore::ByteView;
using cardcore::Bytes;

std::string VpcdAddress::text() const {
  const bool v6 = host.find(':') != std::string::npos;
  return (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

VpcdAddress parse_vpcd_address(const std::string& text) {
  const auto bad = [&text](const std::string& why) {
    return VpcdError("bad --vpcd address '" + text + "': " + why + " (expected HOST:PORT, e.g. " +
                     kVpcdDefaultAddress + ")");
  };
  VpcdAddress a;
  std::size_t colon;
  if (!text.empty() && text[0] == '[') {
    const std::size_t close = text.find(']');
    if (close == std::string::npos || close + 1 >= text.size() || text[close + 1] != ':') throw bad("no port");
    a.host = text.substr(1, close - 1);
    colon = close + 1;
  } else {
    colon = text.rfind(':');
    if (colon == std::string::npos) throw bad("no port");
    a.host = text.substr(0, colon);
    if (a.host.find(':') != std::string::npos) throw bad("an IPv6 address goes in brackets");
  }
  if (a.host.empty()) throw bad("no host");
  const std::string port = text.substr(colon + 1);
  if (port.empty() || port.size() > 5 || port.find_first_not_of("0123456789") != std::string::npos)
    throw bad("the port is not a number");
  const unsigned long p = std::stoul(port);
  if (p == 0 || p > 65535) throw bad("the port is not in 1..65535");
  a.port = static_cast<std::uint16_t>(p);
  return a;
}

int connect_to_vpcd(const VpcdAddress& address) {
  const std::string where = "cannot connect to vpcd at " + address.text() + ": is pcscd with vsmartcard-vpcd running?";
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_NUMERICSERV;
  addrinfo* found = nullptr;
  const int g = getaddrinfo(address.host.c_str(), std::to_string(address.port).c_str(), &hints, &found);
  if (g != 0) throw VpcdError(where + " (" + gai_strerror(g) + ")");
  const std::unique_ptr<addrinfo, decltype(&freeaddrinfo)> owned(found, freeaddrinfo);
  int last_errno = 0;
  for (const addrinfo* ai = found; ai; ai = ai->ai_next) {
    const int fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol);
    if (fd < 0) {
      last_errno = errno;
      continue;
    }
    if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0) return fd;
    last_errno = errno;
    close(fd);
  }
  throw VpcdError(where + " (" + std::strerror(last_errno) + ")");
}

namespace {

// Waits until `fd` is readable or `stop` is set; false for the latter.
bool wait_readable(int fd, const std::atomic<bool>& stop) {
  pollfd p{fd, POLLIN, 0};
  while (!stop.load()) {
    const int r = poll(&p, 1, 200);
    if (r > 0) return true;
    if (r < 0 && errno != EINTR) throw VpcdError(std::string("vpcd: ") + std::strerror(errno));
  }
  return false;
}

// Reads exactly `n` bytes; the number read before the connection closed
// (less than `n` only then). False once `stop` is set.
bool read_exactly(int fd, std::uint8_t* to, std::size_t n, std::size_t& got, const std::atomic<bool>& stop) {
  got = 0;
  while (got < n) {
    if (!wait_readable(fd, stop)) return false;
    const ssize_t r = recv(fd, to + got, n - got, 0);
    if (r == 0) return true;
    if (r < 0) {
      if (errno == EINTR || errno == EAGAIN) continue;
      throw VpcdError(std::string("vpcd: connection lost: ") + std::strerror(errno));
    }
    got += static_cast<std::size_t>(r);
  }
  return true;
}

std::string hex_byte(std::uint8_t b) {
  static const char* digits = "0123456789ABCDEF";
  return std::string("0x") + digits[b >> 4] + digits[b & 15];
}

}  // namespace

bool read_vpcd_frame(int fd, Bytes& message, const std::atomic<bool>& stop) {
  // vsmartcard doc/api.rst: a 2-byte length in network byte order, then the message.
  std::uint8_t header[2];
  std::size_t got = 0;
  if (!read_exactly(fd, header, 2, got, stop)) return false;
  if (got == 0) return false;  // vpcd closed the connection between messages
  if (got < 2) throw VpcdError("malformed vpcd frame: truncated length (1 of 2 bytes)");
  const std::size_t length = (std::size_t{header[0]} << 8) | header[1];
  if (length == 0) throw VpcdError("malformed vpcd frame: length 0");
  message.resize(length);
  if (!read_exactly(fd, message.data(), length, got, stop)) return false;
  if (got < length)
    throw VpcdError("malformed vpcd frame: truncated (" + std::to_string(got) + " of " + std::to_string(length) +
                    " bytes)");
  return true;
}

void write_vpcd_frame(int fd, ByteView message) {
  if (message.size() > 0xFFFF) throw VpcdError("vpcd: a message of more than 65535 bytes");
  Bytes frame{static_cast<std::uint8_t>(message.size() >> 8), static_cast<std::uint8_t>(message.size() & 0xFF)};
  frame.insert(frame.end(), message.begin(), message.end());
  std::size_t sent = 0;
  while (sent < frame.size()) {
    const ssize_t r = send(fd, frame.data() + sent, frame.size() - sent, MSG_NOSIGNAL);
    if (r < 0) {
      if (errno == EINTR) continue;
      throw VpcdError(std::string("vpcd: connection lost while answering: ") + std::strerror(errno));
    }
    sent += static_cast<std::size_t>(r);
  }
}

VpcdSession serve_vpcd(int fd, cardcore::Uicc& card, const std::atomic<bool>& stop, std::ostream& log) {
  VpcdSession s;
  Bytes message;
  while (read_vpcd_frame(fd, message, stop)) {
    if (message.size() == 1) {
      ++s.controls;
      switch (static_cast<VpcdControl>(message[0])) {
        case VpcdControl::kPowerOff:
          card.power_off();
          log << "power off" << std::endl;
          break;
        case VpcdControl::kPowerOn:
          card.power_on();
          log << "power on" << std::endl;
          break;
        case VpcdControl::kReset:
          // vsmartcard's card treats a reset as a power-up; card-core's
          // power_on() is an ISO 7816-3 cold reset.
          card.power_on();
          log << "reset" << std::endl;
          break;
        case VpcdControl::kGetAtr:
          // Asked for while unpowered too: vpcd polls it to see the card.
          write_vpcd_frame(fd, card.profile().atr);
          break;
        default:
          log << "unknown control byte " << hex_byte(message[0]) << ", ignored" << std::endl;
          break;
      }
      continue;
    }
    if (!card.powered()) {
      card.power_on();
      log << "power on (an APDU came while the card was unpowered)" << std::endl;
    }
    const Bytes r = card.transmit(message);
    ++s.apdus;
    write_vpcd_frame(fd, r);
    const cardcore::StatusWord sw = cardcore::be16(r.data() + r.size() - 2);
    // A message of 2 bytes or more: CLA and INS are there.
    log << "> " << cardcore::to_hex(message, true) << "   [" << cardcore::command_name(message[0], message[1]) << "]";
    log << "\n< " << cardcore::to_hex(r, true) << "   [" << cardcore::describe_status(sw, message[0] == 0xA0) << "]"
        << std::endl;
  }
  s.stopped = stop.load();
  return s;
}

}  // namespace esimtwin
