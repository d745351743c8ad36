#include "cardcore/cat/object_list.hpp"

namespace cardcore::cat {

namespace {
// The reason a data object is unreadable, as a static string.
const char* malformed(tlv::Error e) {
  switch (e) {
    case tlv::Error::Truncated: return "malformed data object: truncated";
    case tlv::Error::BadTag: return "malformed data object: bad tag";
    case tlv::Error::IndefiniteLength: return "malformed data object: indefinite length";
    case tlv::Error::LengthTooLong: return "malformed data object: length field too long";
    case tlv::Error::NonMinimalLength: return "malformed data object: length not in its shortest form";
    default: return "malformed data object";
  }
}
}  // namespace

Decoded<ObjectList> ObjectList::parse(ByteView in) {
  Decoded<ObjectList> out;
  tlv::CtlvReader reader(in);
  tlv::Ctlv t;
  while (reader.next(t)) out.value.objects_.push_back(t);
  if (reader.error() != tlv::Error::None) return refuse<ObjectList>(malformed(reader.error()));
  return out;
}

const tlv::Ctlv* ObjectList::find(std::uint16_t tag, std::size_t nth) const {
  for (const tlv::Ctlv& t : objects_) {
    if (t.tag == tag && nth-- == 0) return &t;
  }
  return nullptr;
}

}  // namespace cardcore::cat
