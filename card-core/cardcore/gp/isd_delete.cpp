// DELETE (GP Card Specification v2.3 §11.2): an application instance, or an
// Executable Load File (with its instances when P2 asks for related objects).
#include <algorithm>

#include "cardcore/gp/isd.hpp"
#include "cardcore/tlv/ber_tlv.hpp"

namespace cardcore::gp {

namespace {

constexpr std::uint8_t kDeleteRelated = 0x80;  // §11.2.2.2, P2 b8
constexpr std::uint16_t kAidTag = 0x4F;        // §11.2.2.3.1

}  // namespace

StatusWord isd_delete(Uicc& card, const CommandApdu& c, Bytes& out) {
  if (c.p1 != 0x00 || (c.p2 & 0x7F) != 0) return sw::kIncorrectP1P2;
  if (c.kind != ApduCase::Case3 && c.kind != ApduCase::Case4) return sw::kWrongLength;
  // The AID TLV; a Control Reference Template for Digital Signature 'B6' or
  // a Delete Token '9E' after it is for delegated management, which this
  // card does not have: taken and not checked.
  const tlv::Result<tlv::BerTlv> first = tlv::read_ber(c.data);
  if (!first.ok() || first.value.tag != kAidTag) return sw::kIncorrectData;
  const ByteView aid = first.value.value;
  if (aid.size() < kMinAid || aid.size() > kMaxAid) return sw::kIncorrectData;
  if (std::equal(aid.begin(), aid.end(), card.profile().gp->isd_aid.begin(), card.profile().gp->isd_aid.end())) {
    return sw::kConditionsNotSatisfied;  // §11.2.1: the ISD cannot be deleted
  }
  const std::vector<Slot> used = read_registry(card);
  const Slot* target = find_aid(used, aid);
  if (!target || (target->entry.kind == EntryKind::LoadFile && target->entry.life_cycle == life_cycle::kLoading)) {
    return sw::kReferencedDataNotFound;
  }
  std::vector<std::uint8_t> records{target->record};
  if (target->entry.kind == EntryKind::LoadFile) {
    for (const Slot& s : used) {
      if (s.entry.kind == EntryKind::Application && s.entry.application.load_file_record == target->record) {
        records.push_back(s.record);
      }
    }
    // §11.2.1: a load file with instances goes only together with them.
    if (records.size() > 1 && (c.p2 & kDeleteRelated) == 0) return sw::kConditionsNotSatisfied;
  }
  card.nvm().begin();
  for (std::uint8_t r : records) stage_free(card, r);
  const StatusWord s = commit_registry(card);
  if (s == sw::kOk) out.push_back(0x00);  // §11.2.3.1: no confirmation
  return s;
}

}  // namespace cardcore::gp
