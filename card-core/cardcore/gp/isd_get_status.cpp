// GET STATUS (GP Card Specification v2.3 §11.4): the ISD, the applications,
// the Executable Load Files (with their modules), in the deprecated
// fixed format (P2 b2 = 0, §11.4.3.2) or as GlobalPlatform Registry Data
// TLVs 'E3' (P2 b2 = 1, §11.4.3.1); '63 10' and "next occurrence" when the
// entries do not fit one response.
#include <algorithm>

#include "cardcore/gp/isd.hpp"
#include "cardcore/tlv/ber_tlv.hpp"

namespace cardcore::gp {

namespace {

// §11.4.2.1, Table 11-33: P1.
constexpr std::uint8_t kIsd = 0x80, kApplications = 0x40, kLoadFiles = 0x20, kLoadFilesAndModules = 0x10;
// §11.4.2.2, Table 11-34: P2.
constexpr std::uint8_t kNextOccurrence = 0x01, kTlvFormat = 0x02;
constexpr StatusWord kMoreDataAvailable = 0x6310;  // §11.4.3.3

struct Listed {
  Bytes aid;
  std::uint8_t life_cycle = 0;
  std::uint8_t privileges = 0;
  Bytes load_file_aid;             // applications: their ELF (TLV format only)
  const std::vector<Bytes>* modules = nullptr;  // P1 '10'
};

std::vector<Listed> matching(const Uicc& card, const std::vector<Slot>& used, std::uint8_t p1, ByteView search) {
  std::vector<Listed> out;
  auto prefix = [&](const Bytes& aid) {
    return search.size() <= aid.size() && std::equal(search.begin(), search.end(), aid.begin());
  };
  if (p1 == kIsd) {
    const Bytes& isd = card.profile().gp->isd_aid;
    if (prefix(isd)) out.push_back({isd, life_cycle::kSecured, privilege::kIssuerSecurityDomain, {}, nullptr});
    return out;
  }
  for (const Slot& s : used) {
    const RegistryEntry& e = s.entry;
    if (!prefix(e.aid)) continue;
    if (p1 == kApplications && e.kind == EntryKind::Application) {
      const Slot* elf = find_record(used, e.application.load_file_record);
      out.push_back({e.aid, e.life_cycle, e.privileges, elf ? elf->entry.aid : Bytes{}, nullptr});
    } else if ((p1 == kLoadFiles || p1 == kLoadFilesAndModules) && e.kind == EntryKind::LoadFile &&
               e.life_cycle == life_cycle::kLoaded) {
      out.push_back({e.aid, e.life_cycle, 0x00, {}, p1 == kLoadFilesAndModules ? &e.load_file.modules : nullptr});
    }
  }
  return out;
}

void put_aid(Bytes& out, const Bytes& aid) {
  out.push_back(static_cast<std::uint8_t>(aid.size()));
  out.insert(out.end(), aid.begin(), aid.end());
}

// §11.4.3.2, Table 11-37/11-38: AID length, AID, life cycle, privileges
// [, number of modules, (length, AID) each].
Bytes fixed_format(const Listed& l) {
  Bytes out;
  put_aid(out, l.aid);
  out.push_back(l.life_cycle);
  out.push_back(l.privileges);
  if (l.modules) {
    out.push_back(static_cast<std::uint8_t>(l.modules->size()));
    for (const Bytes& m : *l.modules) put_aid(out, m);
  }
  return out;
}

// §11.4.3.1, Table 11-36: 'E3' { '4F' AID, '9F70' life cycle, 'C5'
// privileges (3 bytes), 'C4' ELF AID, '84' module AID each }.
Bytes tlv_format(const Listed& l) {
  Bytes v;
  tlv::put_ber(v, 0x4F, l.aid);
  const std::uint8_t lc[1] = {l.life_cycle};
  tlv::put_ber(v, 0x9F70, lc);
  const std::uint8_t privileges[3] = {l.privileges, 0x00, 0x00};
  tlv::put_ber(v, 0xC5, privileges);
  if (!l.load_file_aid.empty()) tlv::put_ber(v, 0xC4, l.load_file_aid);
  if (l.modules) {
    for (const Bytes& m : *l.modules) tlv::put_ber(v, 0x84, m);
  }
  return tlv::make_ber(0xE3, v);
}

}  // namespace

StatusWord isd_get_status(Uicc& card, IsdSession& session, const CommandApdu& c, Bytes& out) {
  const std::uint8_t p1 = c.p1;
  if (p1 != kIsd && p1 != kApplications && p1 != kLoadFiles && p1 != kLoadFilesAndModules) return sw::kIncorrectP1P2;
  if ((c.p2 & ~(kNextOccurrence | kTlvFormat)) != 0) return sw::kIncorrectP1P2;
  if (c.kind != ApduCase::Case3 && c.kind != ApduCase::Case4) return sw::kWrongLength;
  // §11.4.2.3: the search qualifier '4F' (AID prefix; empty = all); a tag
  // list '5C' after it is taken and every tag given.
  const tlv::Result<tlv::BerTlv> search = tlv::read_ber(c.data);
  if (!search.ok() || search.value.tag != 0x4F || search.value.value.size() > kMaxAid) return sw::kIncorrectData;
  std::size_t first = 0;
  if (c.p2 & kNextOccurrence) {
    const bool same_request = session.status_p1 == p1 && session.status_p2 == (c.p2 & kTlvFormat) &&
                              std::equal(session.status_search.begin(), session.status_search.end(),
                                         search.value.value.begin(), search.value.value.end());
    if (!same_request || session.status_next == 0) return sw::kConditionsNotSatisfied;
    first = session.status_next;
  }
  const std::vector<Slot> used = read_registry(card);
  const std::vector<Listed> listed = matching(card, used, p1, search.value.value);
  if (listed.empty()) return sw::kReferencedDataNotFound;
  if (first >= listed.size()) return sw::kConditionsNotSatisfied;  // the registry changed meanwhile
  const std::size_t room = c.kind == ApduCase::Case4 ? c.ne : 256;
  std::size_t i = first;
  for (; i < listed.size(); ++i) {
    const Bytes one = (c.p2 & kTlvFormat) ? tlv_format(listed[i]) : fixed_format(listed[i]);
    if (out.size() + one.size() > room) break;
    out.insert(out.end(), one.begin(), one.end());
  }
  session.status_next = 0;
  if (i < listed.size()) {
    if (i == first) return sw::kWrongLength;  // not even one entry fits Le (our choice)
    session.status_p1 = p1;
    session.status_p2 = c.p2 & kTlvFormat;
    session.status_search.assign(search.value.value.begin(), search.value.value.end());
    session.status_next = i;
    return kMoreDataAvailable;
  }
  return sw::kOk;
}

}  // namespace cardcore::gp
