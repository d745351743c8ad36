#pragma once
// The virtual card's side of vsmartcard's vpcd protocol: a card-core card
// served to the vpcd reader driver of pcscd, so PC/SC applications (pcsc_scan,
// pyscard, pySim) talk to it as to a card in a reader.
//
// vsmartcard, virtualsmartcard/doc/api.rst ("Creating a virtual smart card")
// and src/vpcd/vpcd.c: vpcd listens on TCP (port 35963 for its first reader)
// and the card connects to it. Every message either way is a 2-byte
// big-endian length and that many bytes. A 1-byte message from vpcd is a
// control: 0x00 power off, 0x01 power on, 0x02 reset (no answer to these
// three), 0x04 get ATR (answered with the ATR). A longer message is a
// C-APDU, answered with the R-APDU (data, SW1, SW2).
#include <atomic>
#include <cstdint>
#include <iosfwd>
#include <stdexcept>
#include <string>

#include "cardcore/util/bytes.hpp"

namespace cardcore {
class Uicc;
}

namespace esimtwin {

// vsmartcard src/vpcd/vpcd.h VPCDPORT: the port of vpcd's first reader.
inline constexpr std::uint16_t kVpcdDefaultPort = 35963;
inline constexpr const char* kVpcdDefaultAddress = "localhost:35963";

// vsmartcard doc/api.rst: the control bytes of a 1-byte message.
enum class VpcdControl : std::uint8_t { kPowerOff = 0x00, kPowerOn = 0x01, kReset = 0x02, kGetAtr = 0x04 };

// A bad address, an unreachable vpcd, a malformed frame, a lost connection.
class VpcdError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct VpcdAddress {
  std::string host;
  std::uint16_t port = kVpcdDefaultPort;
  std::string text() const;  // HOST:PORT, as given
};

// "HOST:PORT" ("[::1]:PORT" for an IPv6 literal); the port 1..65535.
// Throws VpcdError.
VpcdAddress parse_vpcd_address(const std::string& text);

// A TCP connection to vpcd (every address the host resolves to, in turn);
// the socket's descriptor, which the caller closes. Throws VpcdError.
int connect_to_vpcd(const VpcdAddress& address);

// One vpcd message: false at a clean end of the connection (vpcd closed it
// between two messages). Throws VpcdError for a frame of length 0, a
// connection closed inside a frame, or a failed read. Returns false too
// once `stop` is set (checked at least every 200 ms while waiting).
bool read_vpcd_frame(int fd, cardcore::Bytes& message, const std::atomic<bool>& stop);
// Sends one message (at most 65535 bytes). Throws VpcdError.
void write_vpcd_frame(int fd, cardcore::ByteView message);

struct VpcdSession {
  std::size_t apdus = 0;
  std::size_t controls = 0;
  bool stopped = false;  // `stop` ended it, not vpcd
};

// Serves `card` on the connection `fd` until vpcd closes it or `stop` is
// set. The card starts unpowered, as a card put into a reader; an APDU sent
// while it is unpowered powers it on first (cold reset). Writes a line per
// control and the APDUs with their responses to `log`; an unknown control
// byte is logged and ignored, as vsmartcard's own card does. Throws
// VpcdError.
VpcdSession serve_vpcd(int fd, cardcore::Uicc& card, const std::atomic<bool>& stop, std::ostream& log);

}  // namespace esimtwin
