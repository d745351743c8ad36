#pragma once
// Reading a sequence of TLVs one after another (the data objects of a
// constructed TLV, the objects of a proactive command): BerReader and
// CtlvReader are this reader over read_ber and read_ctlv.
#include "cardcore/tlv/tlv_error.hpp"
#include "cardcore/util/bytes.hpp"

namespace cardcore::tlv {

template <class Tlv, Result<Tlv> (*Read)(ByteView)>
class TlvReader {
 public:
  explicit TlvReader(ByteView in) : rest_(in) {}
  // The next TLV; false at the end of the input or on an error, which
  // error() then gives (None at the end).
  bool next(Tlv& out) {
    if (rest_.empty() || error_ != Error::None) return false;
    const Result<Tlv> r = Read(rest_);
    if (!r.ok()) {
      error_ = r.error;
      return false;
    }
    out = r.value;
    rest_ = rest_.subspan(r.value.size);
    return true;
  }
  Error error() const { return error_; }
  bool at_end() const { return rest_.empty(); }

 private:
  ByteView rest_;
  Error error_ = Error::None;
};

}  // namespace cardcore::tlv
