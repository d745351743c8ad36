#pragma once
// A pcap capture file (the libpcap format Wireshark and tshark read:
// the global header, then a record per packet with its time) of UDP
// datagrams over IPv4 over Ethernet, for the GSMTAP traces of a run
// (gsmtap.hpp, docs/INTEROP.md). Times are the run's simulated seconds.
#include <cstdint>
#include <fstream>
#include <span>
#include <stdexcept>
#include <string>

namespace twinsim::pcap {

// The file cannot be created or written. The message starts with the path.
struct PcapError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// LINKTYPE_ETHERNET (the tcpdump.org link-layer header types list).
inline constexpr std::uint32_t kLinkTypeEthernet = 1;

class PcapFile {
 public:
  // Creates (truncates) `path` and writes the global header; throws PcapError.
  explicit PcapFile(const std::string& path);

  // One UDP datagram from src to dst (IPv4 addresses, host order) at
  // simulated time t_s.
  void write_udp(double t_s, std::uint32_t src, std::uint32_t dst, std::uint16_t src_port, std::uint16_t dst_port,
                 std::span<const std::uint8_t> payload);
  std::uint64_t packets() const { return packets_; }
  // Flushes and closes; throws PcapError when the data did not reach the file.
  void close();

 private:
  std::string path_;
  std::ofstream out_;
  std::uint64_t packets_ = 0;
  std::uint16_t ip_id_ = 0;
};

// The Internet checksum (RFC 1071) of `bytes`, folded, not complemented.
std::uint16_t ones_complement_sum(std::span<const std::uint8_t> bytes, std::uint32_t sum = 0);

}  // namespace twinsim::pcap
