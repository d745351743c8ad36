// READ BINARY (TS 102 221 §11.1.3) and UPDATE BINARY (§11.1.4).
#include "cardcore/card/session.hpp"
#include "cardcore/card/uicc.hpp"

namespace cardcore {

namespace {
struct BinaryTarget {
  std::uint32_t ef = kNoFile;
  const FileNode* file = nullptr;  // node(ef)
  std::uint16_t offset = 0;
  StatusWord error = sw::kOk;
};
}  // namespace

// P1 b8 = 1: P1 b5-b1 is an SFI and P2 the offset (the EF becomes current);
// b8 = 0: a 15-bit offset into the current EF.
static BinaryTarget resolve_binary(Uicc& card, const CommandApdu& c, Uicc::Channel& ch) {
  BinaryTarget t;
  if (c.p1 & 0x80) {
    if (c.p1 & 0x60) { t.error = sw::kIncorrectP1P2; return t; }
    t.ef = card.find_sfi(ch, c.p1 & 0x1F);
    if (t.ef == kNoFile) { t.error = sw::kFileNotFound; return t; }
    ch.ef = t.ef;
    ch.record = 0;
    t.offset = c.p2;
  } else {
    if (ch.ef == kNoFile) { t.error = sw::kNoEfSelected; return t; }
    t.ef = ch.ef;
    t.offset = static_cast<std::uint16_t>((c.p1 << 8) | c.p2);
  }
  t.file = &card.node(t.ef);
  if (t.file->structure != EfStructure::Transparent) { t.error = sw::kIncompatibleFileStructure; return t; }
  return t;
}

StatusWord Uicc::cmd_read_binary(const CommandApdu& c, Channel& ch, Response& r) {
  if (c.kind != ApduCase::Case2) return sw::kWrongLength;
  const BinaryTarget t = resolve_binary(*this, c, ch);
  if (t.error != sw::kOk) return t.error;
  const FileNode& f = *t.file;
  if (life_cycle(f) == LifeCycle::Deactivated) return sw::kReferencedDataInvalidated;
  if (!allowed(t.ef, f, access_mode::kRead)) return sw::kSecurityStatusNotSatisfied;
  if (t.offset >= f.size) return sw::kWrongP1P2;
  const std::size_t n = std::min<std::size_t>(c.ne, f.size - t.offset);
  nvm_.read(f.body_addr + t.offset, std::span(r.tail(), n));
  r.grow(n);
  // Fewer bytes than Le: the transport answers '6CXX' with the bytes there are.
  return sw::kOk;
}

StatusWord Uicc::cmd_update_binary(const CommandApdu& c, Channel& ch, Response&) {
  if (c.kind != ApduCase::Case3) return sw::kWrongLength;
  const BinaryTarget t = resolve_binary(*this, c, ch);
  if (t.error != sw::kOk) return t.error;
  const FileNode& f = *t.file;
  if (life_cycle(f) == LifeCycle::Deactivated) return sw::kReferencedDataInvalidated;
  if (!allowed(t.ef, f, access_mode::kUpdate)) return sw::kSecurityStatusNotSatisfied;
  if (t.offset >= f.size) return sw::kWrongP1P2;
  if (t.offset + c.data.size() > f.size) return sw::kWrongLength;
  nvm_.begin();
  nvm_.write(f.body_addr + t.offset, c.data);
  return commit();
}

}  // namespace cardcore
