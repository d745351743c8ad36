// File system queries shared by the command files: life cycle, access rules,
// SFI and FID lookup, record positions (TS 102 221 §8, §9.2).
#include "cardcore/card/session.hpp"
#include "cardcore/card/uicc.hpp"

namespace cardcore {

LifeCycle Uicc::life_cycle(std::uint32_t file) const {
  return static_cast<LifeCycle>(nvm_.read_u8(node(file).state_addr));
}

std::uint8_t Uicc::cyclic_head(std::uint32_t file) const {
  return nvm_.read_u8(node(file).state_addr + 1);
}

std::uint32_t Uicc::find_child(std::uint32_t df, std::uint16_t fid) const {
  for (std::uint32_t c : node(df).children) {
    if (node(c).fid == fid) return c;
  }
  return kNoFile;
}

std::uint32_t Uicc::find_sfi(const Channel& ch, std::uint8_t sfi) const {
  // TS 102 221 §8.3: an SFI refers to an EF of the current DF/ADF.
  if (sfi == 0 || sfi > 30) return kNoFile;
  for (std::uint32_t c : node(ch.df).children) {
    const FileNode& n = node(c);
    if (n.type == FileType::EF && n.sfi == sfi) return c;
  }
  return kNoFile;
}

std::uint32_t Uicc::record_offset(std::uint32_t file, std::uint16_t n) const {
  const FileNode& f = node(file);
  std::uint32_t phys = n - 1u;
  if (f.structure == EfStructure::Cyclic) {
    // Record 1 is the newest; the head byte is its physical slot (§8.2.3).
    phys = (cyclic_head(file) + phys) % f.record_count;
  }
  return phys * f.record_length;
}

StatusWord Uicc::write_cyclic_record(std::uint32_t file, ByteView data) {
  // §8.2.3 / TS 51.011 §9.2.6: the oldest record is overwritten and becomes
  // record 1; the data and the head move in one transaction.
  const FileNode& f = node(file);
  const std::uint8_t head = static_cast<std::uint8_t>((cyclic_head(file) + f.record_count - 1) % f.record_count);
  nvm_.begin();
  nvm_.write(f.body_addr + static_cast<std::uint32_t>(head) * f.record_length, data);
  nvm_.write(f.state_addr + 1, ByteView(&head, 1));
  return commit();
}

ByteView Uicc::access_rule(std::uint32_t file, std::array<std::uint8_t, 255>& buf) const {
  const FileNode& f = node(file);
  if (f.arr.record == 0) return {};
  // §9.2.4 referenced format: the EF.ARR is looked up from the file's DF
  // (a DF's own directory for a DF) towards the MF.
  std::uint32_t df = f.is_df() ? file : f.parent;
  while (df != kNoFile) {
    const std::uint32_t arr = find_child(df, f.arr.arr_fid);
    if (arr != kNoFile) {
      const FileNode& a = node(arr);
      if (a.structure != EfStructure::LinearFixed || f.arr.record > a.record_count) return {};
      const std::uint32_t len = std::min<std::uint32_t>(a.record_length, buf.size());
      nvm_.read(a.body_addr + (f.arr.record - 1u) * a.record_length, std::span(buf.data(), len));
      return ByteView(buf.data(), len);
    }
    df = node(df).parent;
  }
  return {};
}

bool Uicc::allowed(std::uint32_t file, std::uint8_t mode) const {
  std::array<std::uint8_t, 255> buf;
  return access_allowed(access_rule(file, buf), mode, effective_keys());
}

bool Uicc::pin_disabled(std::uint8_t key_ref) const {
  const PinSpec* p = profile_->find_pin(key_ref);
  if (!p) return false;
  return (nvm_.read_u8(p->state_addr + PinRecord::kFlags) & 0x01) == 0;
}

KeySet Uicc::effective_keys() const {
  KeySet k = keys();
  // TS 102 221 §9.5.1: a PIN whose verification is disabled counts as
  // satisfied for the access conditions that name it.
  for (const PinSpec& p : profile_->pins) {
    if (pin_disabled(p.key_ref)) k.set(p.key_ref, true);
  }
  return k;
}

}  // namespace cardcore
