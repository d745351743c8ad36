#pragma once
// BER-TLV (ISO/IEC 8825-1 §8.1, as TS 102 221 §11.2 and TS 102 223 §9.1 use
// it for ENVELOPE data and proactive commands): one- and two-byte tags, the
// length forms of length.hpp. Decoding never reads past its input and hands
// back views into it.
#include <cstddef>
#include <cstdint>

#include "cardcore/tlv/length.hpp"
#include "cardcore/tlv/tlv_error.hpp"
#include "cardcore/tlv/tlv_reader.hpp"
#include "cardcore/util/bytes.hpp"

namespace cardcore::tlv {

struct BerTlv {
  // One-byte tags as '00XX'; two-byte tags ('X1F' 'YY', ISO/IEC 8825-1
  // §8.1.2.4) as 'XXYY'.
  std::uint16_t tag = 0;
  ByteView value;        // refers into the decoded input
  std::size_t size = 0;  // tag + length + value bytes
};

// b6 of the first tag byte: the value is itself a sequence of TLVs.
inline bool is_constructed(std::uint16_t tag) { return ((tag > 0xFF ? tag >> 8 : tag) & 0x20) != 0; }

// Reads the TLV at the start of `in`; bytes after it are left alone.
// Tags '00' and 'FF' (padding, ISO/IEC 7816-4 §5.2.2.1) and tags longer than
// two bytes are BadTag.
Result<BerTlv> read_ber(ByteView in);
// Exactly one TLV spanning all of `in` (TrailingData otherwise).
Result<BerTlv> parse_ber(ByteView in);

// The TLVs of a sequence, one after the other.
using BerReader = TlvReader<BerTlv, read_ber>;

// Bytes of the tag field (1 or 2).
std::size_t ber_tag_size(std::uint16_t tag);
// Appends tag, shortest length and value. Throws std::invalid_argument for a
// tag read_ber() would refuse, std::length_error past 65535 value bytes.
void put_ber(Bytes& out, std::uint16_t tag, ByteView value);
Bytes make_ber(std::uint16_t tag, ByteView value);

}  // namespace cardcore::tlv
