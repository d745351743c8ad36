#include "twinsim/pcap/pcap_file.hpp"

#include <cmath>
#include <vector>

namespace twinsim::pcap {

namespace {

void put16(std::vector<std::uint8_t>& b, std::uint16_t v) {
  b.push_back(static_cast<std::uint8_t>(v >> 8));
  b.push_back(static_cast<std::uint8_t>(v));
}
void put32(std::vector<std::uint8_t>& b, std::uint32_t v) {
  put16(b, static_cast<std::uint16_t>(v >> 16));
  put16(b, static_cast<std::uint16_t>(v));
}
// The pcap headers are in the writer's byte order, told by the magic
// number; this writer uses little-endian.
void put32_le(std::vector<std::uint8_t>& b, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) b.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}

constexpr std::uint32_t kMagicMicroseconds = 0xA1B2C3D4;
constexpr std::uint32_t kSnapLength = 65535;
constexpr std::size_t kEthernetHeader = 14, kIpv4Header = 20, kUdpHeader = 8;

}  // namespace

std::uint16_t ones_complement_sum(std::span<const std::uint8_t> bytes, std::uint32_t sum) {
  for (std::size_t i = 0; i + 1 < bytes.size(); i += 2) sum += static_cast<std::uint32_t>(bytes[i] << 8 | bytes[i + 1]);
  if (bytes.size() % 2) sum += static_cast<std::uint32_t>(bytes.back() << 8);
  while (sum >> 16) sum = (sum & 0xFFFF) + (sum >> 16);
  return static_cast<std::uint16_t>(sum);
}

PcapFile::PcapFile(const std::string& path) : path_(path), out_(path, std::ios::binary | std::ios::trunc) {
  if (!out_) throw PcapError(path + ": cannot create the pcap file");
  std::vector<std::uint8_t> h;
  put32_le(h, kMagicMicroseconds);
  h.insert(h.end(), {2, 0, 4, 0});  // version 2.4, little-endian
  put32_le(h, 0);                   // thiszone: UTC
  put32_le(h, 0);                   // sigfigs
  put32_le(h, kSnapLength);
  put32_le(h, kLinkTypeEthernet);
  out_.write(reinterpret_cast<const char*>(h.data()), static_cast<std::streamsize>(h.size()));
}

void PcapFile::write_udp(double t_s, std::uint32_t src, std::uint32_t dst, std::uint16_t src_port,
                         std::uint16_t dst_port, std::span<const std::uint8_t> payload) {
  std::vector<std::uint8_t> p;
  p.reserve(kEthernetHeader + kIpv4Header + kUdpHeader + payload.size());
  // Ethernet II: locally administered addresses, EtherType IPv4.
  p.insert(p.end(), {0x02, 0, 0, 0, 0, 0x02, 0x02, 0, 0, 0, 0, 0x01});
  put16(p, 0x0800);
  // IPv4 (RFC 791 §3.1): version 4, IHL 5, no fragments, TTL 64, UDP.
  const auto ip = p.size();
  const auto udp_length = static_cast<std::uint16_t>(kUdpHeader + payload.size());
  p.insert(p.end(), {0x45, 0});
  put16(p, static_cast<std::uint16_t>(kIpv4Header + udp_length));
  put16(p, ip_id_++);
  put16(p, 0x4000);  // don't fragment
  p.insert(p.end(), {64, 17});
  put16(p, 0);  // header checksum, below
  put32(p, src);
  put32(p, dst);
  const std::uint16_t ip_sum = static_cast<std::uint16_t>(~ones_complement_sum(std::span(p).subspan(ip, kIpv4Header)));
  p[ip + 10] = static_cast<std::uint8_t>(ip_sum >> 8);
  p[ip + 11] = static_cast<std::uint8_t>(ip_sum);
  // UDP (RFC 768): checksum over the pseudo-header, header and data.
  const auto udp = p.size();
  put16(p, src_port);
  put16(p, dst_port);
  put16(p, udp_length);
  put16(p, 0);
  p.insert(p.end(), payload.begin(), payload.end());
  std::uint32_t pseudo = (src >> 16) + (src & 0xFFFF) + (dst >> 16) + (dst & 0xFFFF) + 17 + udp_length;
  std::uint16_t udp_sum = static_cast<std::uint16_t>(~ones_complement_sum(std::span(p).subspan(udp), pseudo));
  if (udp_sum == 0) udp_sum = 0xFFFF;  // 0 means "no checksum" (RFC 768)
  p[udp + 6] = static_cast<std::uint8_t>(udp_sum >> 8);
  p[udp + 7] = static_cast<std::uint8_t>(udp_sum);

  const double t = std::max(t_s, 0.0);
  const auto seconds = static_cast<std::uint32_t>(std::floor(t));
  const auto micros = std::min<std::uint32_t>(999999, static_cast<std::uint32_t>(std::llround((t - seconds) * 1e6)));
  std::vector<std::uint8_t> record;
  put32_le(record, seconds);
  put32_le(record, micros);
  put32_le(record, static_cast<std::uint32_t>(p.size()));
  put32_le(record, static_cast<std::uint32_t>(p.size()));
  out_.write(reinterpret_cast<const char*>(record.data()), static_cast<std::streamsize>(record.size()));
  out_.write(reinterpret_cast<const char*>(p.data()), static_cast<std::streamsize>(p.size()));
  ++packets_;
}

void PcapFile::close() {
  if (!out_.is_open()) return;
  out_.flush();
  const bool ok = static_cast<bool>(out_);
  out_.close();
  if (!ok) throw PcapError(path_ + ": cannot write the pcap file");
}

}  // namespace twinsim::pcap
