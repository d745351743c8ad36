// READ RECORD (TS 102 221 §11.1.5), UPDATE RECORD (§11.1.6) and
// SEARCH RECORD (§11.1.7) on linear fixed and cyclic EFs.
#include "cardcore/card/session.hpp"
#include "cardcore/card/uicc.hpp"

namespace cardcore {

namespace {
constexpr std::uint8_t kNext = 0x02;
constexpr std::uint8_t kPrevious = 0x03;
constexpr std::uint8_t kAbsolute = 0x04;

bool is_record_ef(const FileNode& f) {
  return f.structure == EfStructure::LinearFixed || f.structure == EfStructure::Cyclic;
}

// P2 b8-b4: SFI (0 = current EF). Gives the EF and its node, or an error.
StatusWord record_target(Uicc& card, std::uint8_t sfi, Uicc::Channel& ch, std::uint32_t& ef, const FileNode*& node) {
  if (sfi != 0) {
    ef = card.find_sfi(ch, sfi);
    if (ef == kNoFile) return sw::kFileNotFound;
    if (ch.ef != ef) {
      ch.ef = ef;
      ch.record = 0;
    }
  } else {
    if (ch.ef == kNoFile) return sw::kNoEfSelected;
    ef = ch.ef;
  }
  node = &card.node(ef);
  if (!is_record_ef(*node)) return sw::kIncompatibleFileStructure;
  return sw::kOk;
}

// The record a mode addresses (§11.1.5.1); sets `move` when the record
// pointer is to be moved there. NEXT/PREVIOUS wrap on cyclic files only.
StatusWord addressed_record(const FileNode& f, std::uint8_t mode, std::uint8_t p1, std::uint16_t current,
                            std::uint16_t& rec, bool& move) {
  const std::uint16_t count = f.record_count;
  const bool cyclic = f.structure == EfStructure::Cyclic;
  move = false;
  switch (mode) {
    case kAbsolute:
      rec = p1 == 0 ? current : p1;
      if (rec == 0 || rec > count) return sw::kRecordNotFound;
      return sw::kOk;
    case kNext:
      if (p1 != 0) return sw::kIncorrectP1P2;
      rec = current == 0 ? 1 : static_cast<std::uint16_t>(current + 1);
      if (rec > count) {
        if (!cyclic) return sw::kRecordNotFound;
        rec = 1;
      }
      move = true;
      return sw::kOk;
    case kPrevious:
      if (p1 != 0) return sw::kIncorrectP1P2;
      rec = current == 0 ? count : static_cast<std::uint16_t>(current - 1);
      if (rec == 0) {
        if (!cyclic) return sw::kRecordNotFound;
        rec = count;
      }
      move = true;
      return sw::kOk;
    default:
      return sw::kIncorrectP1P2;
  }
}
}  // namespace

StatusWord Uicc::cmd_read_record(const CommandApdu& c, Channel& ch, Response& r) {
  if (c.kind != ApduCase::Case2) return sw::kWrongLength;
  std::uint32_t ef = kNoFile;
  const FileNode* file = nullptr;
  if (StatusWord s = record_target(*this, c.p2 >> 3, ch, ef, file); s != sw::kOk) return s;
  const FileNode& f = *file;
  if (life_cycle(f) == LifeCycle::Deactivated) return sw::kReferencedDataInvalidated;
  if (!allowed(ef, f, access_mode::kRead)) return sw::kSecurityStatusNotSatisfied;
  std::uint16_t rec = 0;
  bool move = false;
  if (StatusWord s = addressed_record(f, c.p2 & 0x07, c.p1, ch.record, rec, move); s != sw::kOk) return s;
  if (move) ch.record = rec;
  nvm_.read(f.body_addr + record_offset(ef, rec), std::span(r.tail(), f.record_length));
  r.grow(f.record_length);
  return sw::kOk;  // Le other than the record length: '6CXX' from the transport
}

StatusWord Uicc::cmd_update_record(const CommandApdu& c, Channel& ch, Response&) {
  if (c.kind != ApduCase::Case3) return sw::kWrongLength;
  std::uint32_t ef = kNoFile;
  const FileNode* file = nullptr;
  if (StatusWord s = record_target(*this, c.p2 >> 3, ch, ef, file); s != sw::kOk) return s;
  const FileNode& f = *file;
  if (life_cycle(f) == LifeCycle::Deactivated) return sw::kReferencedDataInvalidated;
  if (!allowed(ef, f, access_mode::kUpdate)) return sw::kSecurityStatusNotSatisfied;
  if (c.data.size() != f.record_length) return sw::kWrongLength;
  const std::uint8_t mode = c.p2 & 0x07;
  if (f.structure == EfStructure::Cyclic) {
    // §11.1.6: a cyclic EF is only updated in PREVIOUS mode: the oldest record
    // is overwritten and becomes record 1; head and data change atomically.
    if (mode != kPrevious || c.p1 != 0) return sw::kIncorrectP1P2;
    const StatusWord s = write_cyclic_record(ef, c.data);
    if (s == sw::kOk) ch.record = 1;
    return s;
  }
  std::uint16_t rec = 0;
  bool move = false;
  if (StatusWord s = addressed_record(f, mode, c.p1, ch.record, rec, move); s != sw::kOk) return s;
  nvm_.begin();
  nvm_.write(f.body_addr + record_offset(ef, rec), c.data);
  const StatusWord s = commit();
  if (s == sw::kOk && move) ch.record = rec;
  return s;
}

StatusWord Uicc::cmd_search_record(const CommandApdu& c, Channel& ch, Response& r) {
  if (c.kind != ApduCase::Case3 && c.kind != ApduCase::Case4) return sw::kWrongLength;
  std::uint32_t ef = kNoFile;
  const FileNode* file = nullptr;
  if (StatusWord s = record_target(*this, c.p2 >> 3, ch, ef, file); s != sw::kOk) return s;
  const FileNode& f = *file;
  if (life_cycle(f) == LifeCycle::Deactivated) return sw::kReferencedDataInvalidated;
  if (!allowed(ef, f, access_mode::kRead)) return sw::kSecurityStatusNotSatisfied;

  const std::uint8_t type = c.p2 & 0x07;
  const std::uint16_t count = f.record_count;
  std::uint16_t start = c.p1 == 0 ? ch.record : c.p1;
  bool forward = true;
  std::size_t offset = 0;
  bool after_value = false;
  std::uint8_t value = 0;
  ByteView pattern = c.data;
  if (type == 0x04 || type == 0x05) {
    // Simple search: the pattern from the start of each record; '04'
    // forward from P1, '05' backward from P1.
    forward = type == 0x04;
    if (start == 0) start = forward ? 1 : count;
  } else if (type == 0x06) {
    // Enhanced search (Table 11.11): byte 1 b3-b1 start and direction, b4
    // '0' = from the offset in byte 2, '1' = after the first occurrence of
    // the value in byte 2; the pattern follows.
    if (c.data.size() < 3) return sw::kWrongLength;
    const std::uint8_t ind = c.data[0];
    after_value = (ind & 0x08) != 0;
    if (after_value) value = c.data[1];
    else offset = c.data[1];
    pattern = c.data.subspan(2);
    switch (ind & 0x07) {
      case 0x04: forward = true; if (start == 0) start = 1; break;
      case 0x05: forward = false; if (start == 0) start = count; break;
      case 0x06: forward = true; start = static_cast<std::uint16_t>(ch.record + 1); break;
      case 0x07: forward = false; start = ch.record == 0 ? count : static_cast<std::uint16_t>(ch.record - 1); break;
      default: return sw::kIncorrectData;
    }
  } else {
    return sw::kIncorrectP1P2;
  }
  if (start == 0 || start > count) return sw::kRecordNotFound;
  if (pattern.empty() || pattern.size() > f.record_length) return sw::kWrongLength;

  std::uint8_t rec_buf[256];
  std::uint16_t first = 0;
  for (int rec = start; rec >= 1 && rec <= count; rec += forward ? 1 : -1) {
    const std::uint16_t n = static_cast<std::uint16_t>(rec);
    nvm_.read(f.body_addr + record_offset(ef, n), std::span(rec_buf, f.record_length));
    std::size_t from = offset;
    if (after_value) {
      std::size_t i = 0;
      while (i < f.record_length && rec_buf[i] != value) ++i;
      if (i == f.record_length) continue;
      from = i + 1;
    }
    bool found = false;
    for (std::size_t at = from; !found && at + pattern.size() <= f.record_length; ++at) {
      found = std::equal(pattern.begin(), pattern.end(), rec_buf + at);
      if (type == 0x04 || type == 0x05) break;  // simple search: at the start only
    }
    if (found) {
      r.push(static_cast<std::uint8_t>(n));
      if (first == 0) first = n;
    }
  }
  if (first == 0) return sw::kRecordNotFound;
  ch.record = first;  // the pointer moves to the first record found
  return sw::kOk;
}

}  // namespace cardcore
