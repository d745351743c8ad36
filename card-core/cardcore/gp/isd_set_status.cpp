// SET STATUS (GP Card Specification v2.3 §11.10) of an application or a
// supplementary security domain (P1 '40'): lock it (P2 '80', GP §5.3.2: b8
// set on top of its state) or unlock it (P2 '00': b8 cleared, back to the
// state it was locked in). Other transitions (the card's life cycle, P1
// '80'; application-specific states; P1 '60') are not taken ('6A86').
#include <algorithm>

#include "cardcore/gp/isd.hpp"
#include "cardcore/tlv/ber_tlv.hpp"

namespace cardcore::gp {

namespace {
constexpr std::uint8_t kApplication = 0x40;  // §11.10.2.1
constexpr std::uint8_t kLock = 0x80, kUnlock = 0x00;
}  // namespace

StatusWord isd_set_status(Uicc& card, const CommandApdu& c, Bytes& out) {
  if (c.p1 != kApplication || (c.p2 != kLock && c.p2 != kUnlock)) return sw::kIncorrectP1P2;
  if (c.kind != ApduCase::Case3 && c.kind != ApduCase::Case4) return sw::kWrongLength;
  // §11.10.2.3: the data field is the AID itself.
  if (c.data.size() < kMinAid || c.data.size() > kMaxAid) return sw::kIncorrectData;
  const Bytes& isd = card.profile().gp->isd_aid;
  if (std::equal(c.data.begin(), c.data.end(), isd.begin(), isd.end())) return sw::kConditionsNotSatisfied;
  const std::vector<Slot> used = read_registry(card);
  const Slot* target = find_aid(used, c.data);
  if (!target || target->entry.kind != EntryKind::Application) return sw::kReferencedDataNotFound;
  RegistryEntry e = target->entry;
  const bool locked = (e.life_cycle & life_cycle::kLocked) != 0;
  // §5.3.2: only an installed application can be locked, only a locked one unlocked.
  if (c.p2 == kLock && (locked || e.life_cycle < life_cycle::kInstalled)) return sw::kConditionsNotSatisfied;
  if (c.p2 == kUnlock && !locked) return sw::kConditionsNotSatisfied;
  e.life_cycle = c.p2 == kLock ? static_cast<std::uint8_t>(e.life_cycle | life_cycle::kLocked)
                               : static_cast<std::uint8_t>(e.life_cycle & ~life_cycle::kLocked);
  card.nvm().begin();
  stage_entry(card, target->record, e);
  const StatusWord s = commit_registry(card);
  if (s == sw::kOk) out.push_back(0x00);
  return s;
}

}  // namespace cardcore::gp
