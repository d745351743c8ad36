// File system queries shared by the command files: life cycle, access rules,
// SFI, FID and AID lookup, record positions (TS 102 221 §8, §9.2). Files
// the card created or deleted (TS 102 222) are seen here, through its
// FileTable; a card without one takes the profile's tree as it is.
#include <algorithm>
#include <stdexcept>

#include "cardcore/card/session.hpp"
#include "cardcore/card/uicc.hpp"

namespace cardcore {

const FileTable* Uicc::file_table() const { return session_ ? session_->files.get() : nullptr; }

const FileNode& Uicc::created_node(std::uint32_t i) const {
  // Indices past the profile's come only from the table (channels, lookups).
  const FileTable* t = file_table();
  const FileNode* f = t ? t->created(i) : nullptr;
  if (!f) throw std::logic_error("Uicc: no file " + std::to_string(i));
  return *f;
}

LifeCycle Uicc::life_cycle(std::uint32_t file) const {
  return static_cast<LifeCycle>(nvm_.read_u8(node(file).state_addr));
}

std::uint8_t Uicc::cyclic_head(std::uint32_t file) const {
  return nvm_.read_u8(node(file).state_addr + 1);
}

// The hot path (SELECT, access rules): a profile DF on a card without a
// file table, the profile's lookup as it is.
std::uint32_t Uicc::find_child(std::uint32_t df, std::uint16_t fid) const {
  if (!(df & kCreatedFile) && !file_table()) [[likely]] return profile_->find_child(df, fid);
  return find_child_in_table(df, fid);
}

std::uint32_t Uicc::find_child_in_table(std::uint32_t df, std::uint16_t fid) const {
  const FileTable* t = file_table();
  // A profile DF lists its profile children (a created DF lists none).
  if (!(df & kCreatedFile)) {
    const std::vector<FileNode>& files = profile_->files;
    for (std::uint32_t c : files[df].children) {
      if (files[c].fid == fid && (!t || !t->deleted(c))) return c;
    }
  }
  return t ? t->find_created_child(df, fid) : kNoFile;
}

std::uint32_t Uicc::find_sfi(const Channel& ch, std::uint8_t sfi) const {
  // TS 102 221 §8.3: an SFI refers to an EF of the current DF/ADF.
  if (sfi == 0 || sfi > 30) return kNoFile;
  std::uint32_t found = kNoFile;
  for_each_child(ch.df, [&](std::uint32_t c) {
    const FileNode& n = node(c);
    if (found == kNoFile && n.type == FileType::EF && n.sfi == sfi) found = c;
  });
  return found;
}

std::optional<std::uint32_t> Uicc::find_adf(ByteView aid_prefix) const {
  const FileTable* t = file_table();
  const std::optional<std::uint32_t> adf = profile_->find_adf(aid_prefix);
  if (!t) return adf;
  // §8.4.1 / ISO 7816-4 §5.3.1.1: the first application whose AID starts
  // with the given bytes, the card's own ADFs after the profile's.
  if (adf && !t->deleted(*adf)) return adf;
  const auto starts = [&](const FileNode& f) {
    return f.type == FileType::ADF && !aid_prefix.empty() && f.aid.size() >= aid_prefix.size() &&
           std::equal(aid_prefix.begin(), aid_prefix.end(), f.aid.begin());
  };
  for (std::uint32_t i = 0; i < profile_->files.size(); ++i) {
    if (!t->deleted(i) && starts(profile_->files[i])) return i;
  }
  const std::vector<std::uint32_t>& created = t->created_files();
  for (std::size_t i = 0; i < created.size(); ++i) {
    if (starts(t->created_node(i))) return created[i];
  }
  return std::nullopt;
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
  return access_rule(file, node(file), buf);
}

ByteView Uicc::access_rule(std::uint32_t file, const FileNode& f, std::array<std::uint8_t, 255>& buf) const {
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

bool Uicc::allowed(std::uint32_t file, std::uint8_t mode) const { return allowed(file, node(file), mode); }

bool Uicc::allowed(std::uint32_t file, const FileNode& f, std::uint8_t mode) const {
  std::array<std::uint8_t, 255> buf;
  return access_allowed(access_rule(file, f, buf), mode, effective_keys());
}

bool Uicc::command_allowed(std::uint32_t file, const CommandApdu& c) const {
  std::array<std::uint8_t, 255> buf;
  return cardcore::command_allowed(access_rule(file, buf), CommandHeader{c.cla, c.ins, c.p1, c.p2}, effective_keys());
}

bool Uicc::pin_disabled(std::uint8_t key_ref) const {
  const PinSpec* p = profile_->find_pin(key_ref);
  return p && pin_disabled(*p);
}

bool Uicc::pin_disabled(const PinSpec& pin) const {
  return (nvm_.read_u8(pin.state_addr + PinRecord::kFlags) & 0x01) == 0;
}

KeySet Uicc::effective_keys() const {
  KeySet k = keys();
  // TS 102 221 §9.5.1: a PIN whose verification is disabled counts as
  // satisfied for the access conditions that name it.
  for (const PinSpec& p : profile_->pins) {
    if (pin_disabled(p)) k.set(p.key_ref, true);
  }
  return k;
}

}  // namespace cardcore
