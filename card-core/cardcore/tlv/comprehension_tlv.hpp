#pragma once
// COMPREHENSION-TLV (TS 101 220 §7.1.1, TS 102 223 Annex C): the simple data
// objects of proactive commands, envelopes and terminal responses.
//
// Tag: one byte, CR (comprehension required) in b8 and the tag value
// '01'-'7E' in b7-b1 ('00', '80' and 'FF' are not tags); or three bytes,
// '7F' then CR in b16 and the tag value '0001'-'7FFF' in b15-b1. Length as in
// length.hpp.
#include <cstddef>
#include <cstdint>

#include "cardcore/tlv/length.hpp"
#include "cardcore/tlv/tlv_error.hpp"
#include "cardcore/tlv/tlv_reader.hpp"
#include "cardcore/util/bytes.hpp"

namespace cardcore::tlv {

struct Ctlv {
  std::uint16_t tag = 0;  // the tag value without the CR flag
  bool cr = false;        // comprehension required
  ByteView value;         // refers into the decoded input
  std::size_t size = 0;   // tag + length + value bytes
};

// Reads the data object at the start of `in`; bytes after it are left alone.
Result<Ctlv> read_ctlv(ByteView in);

// The data objects of a sequence, one after the other.
using CtlvReader = TlvReader<Ctlv, read_ctlv>;

// Bytes of the tag field: 1 for '01'-'7E', else 3.
std::size_t ctlv_tag_size(std::uint16_t tag);
// Appends tag (the one-byte form whenever the value fits it), shortest length
// and value. Throws std::invalid_argument for tag 0 or above '7FFF',
// std::length_error past 65535 value bytes.
void put_ctlv(Bytes& out, std::uint16_t tag, ByteView value, bool cr = true);

}  // namespace cardcore::tlv
