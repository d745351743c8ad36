// The file administration commands of TS 102 222 §6: CREATE FILE (§6.3),
// DELETE FILE (§6.4) and RESIZE FILE (§6.10).
//
// A card's own files and its deletion marks live in the created-file region
// of its NVM (fs/created_area.hpp), read back as its FileTable
// (fs/file_table.hpp). Each command takes effect in one NVM transaction, its
// commit point: before it, a body is written into heap space no file
// occupies, where nothing reads it, so a power loss at any moment leaves
// the file system as it was before the command or as it is after it.
#include <algorithm>

#include "cardcore/card/session.hpp"
#include "cardcore/card/uicc.hpp"
#include "cardcore/fs/fcp_request.hpp"

namespace cardcore {

namespace {

// Bytes of body written per transaction: one journal run (capacity 312,
// a run costs its length + 6) with room to spare.
constexpr std::uint32_t kChunk = 240;

// Writes `len` bytes, byte i being content(i), at `addr` in free heap space,
// chunk by chunk; chunks the NVM already holds are not written (the erased
// heap already holds an 'FF' filling). '6581' when a program failed.
template <class Content>
StatusWord write_free_space(Uicc& card, std::uint32_t addr, std::uint32_t len, Content&& content) {
  std::uint8_t want[kChunk];
  std::uint8_t have[kChunk];
  for (std::uint32_t done = 0; done < len;) {
    const std::uint32_t n = std::min(kChunk, len - done);
    for (std::uint32_t i = 0; i < n; ++i) want[i] = content(done + i);
    card.nvm().read(addr + done, std::span(have, n));
    if (!std::equal(want, want + n, have)) {
      card.nvm().begin();
      card.nvm().write(addr + done, ByteView(want, n));
      if (const StatusWord s = card.commit(); s != sw::kOk) return s;
    }
    done += n;
  }
  return sw::kOk;
}

bool is_records(const FileNode& f) {
  return f.structure == EfStructure::LinearFixed || f.structure == EfStructure::Cyclic;
}

void put_slot(Bytes& header, const CreatedArea& a, std::uint32_t slot, std::uint8_t v) {
  header[a.bitmap_bytes + slot] = v;
}

void mark_deleted(Bytes& header, std::uint32_t profile_file) {
  header[profile_file / 8] = static_cast<std::uint8_t>(header[profile_file / 8] & ~(0x80 >> (profile_file % 8)));
}

}  // namespace

bool Uicc::used_elsewhere(const Channel& self, const std::vector<std::uint32_t>& files) const {
  const auto in = [&](std::uint32_t f) { return f != kNoFile && std::binary_search(files.begin(), files.end(), f); };
  for (const Channel& c : session_->channels) {
    if (&c == &self || !c.open) continue;
    if (in(c.df) || in(c.ef) || in(c.adf)) return true;
  }
  return in(session_->gsm_df) || in(session_->gsm_ef);
}

void Uicc::file_reshaped(std::uint32_t from, std::uint32_t to, std::uint16_t records) {
  auto fix = [&](std::uint32_t& ef, std::uint16_t& record) {
    if (ef != from) return;
    ef = to;
    if (record > records) record = 0;
  };
  for (Channel& c : session_->channels) fix(c.ef, c.record);
  fix(session_->gsm_ef, session_->gsm_record);
}

// §6.3: the new file goes under the current DF (the DF of the current EF),
// with the DF's CREATE FILE (EF) or (DF) access condition, and becomes the
// current file.
StatusWord Uicc::cmd_create_file(const CommandApdu& c, Channel& ch, Response&) {
  if (c.p1 != 0x00 || c.p2 != 0x00) return sw::kIncorrectP1P2;
  if (c.kind != ApduCase::Case3) return sw::kWrongLength;
  CreateRequest req;
  if (const StatusWord s = parse_create_request(c.data, req); s != sw::kOk) return s;
  const std::uint32_t df = ch.df;
  // A remote session may start in an application this card deleted
  // (remote/rfm.cpp finds it in the profile): nothing goes there.
  if (const FileTable* t = file_table(); t && !(df & kCreatedFile) && t->deleted(df)) {
    return sw::kConditionsNotSatisfied;
  }
  const bool ef = req.type == FileType::EF;
  if (!allowed(df, ef ? access_mode::kCreateEf : access_mode::kCreateDf)) return sw::kSecurityStatusNotSatisfied;
  // Nothing is created in a DF that is not in use, and applications hang
  // from the MF (TS 102 221 §8.1).
  const LifeCycle df_state = life_cycle(df);
  if (df_state == LifeCycle::Deactivated || df_state == LifeCycle::Terminated) return sw::kConditionsNotSatisfied;
  if (req.type == FileType::ADF && node(df).type != FileType::MF) return sw::kConditionsNotSatisfied;
  // §8.3: a FID is unique among the files of a DF and differs from the DF's own.
  if (req.fid == node(df).fid || find_child(df, req.fid) != kNoFile) return sw::kFileIdExists;
  if (req.type == FileType::ADF) {
    bool taken = false;
    const auto same_aid = [&](const FileNode& f) { return f.type == FileType::ADF && f.aid == req.aid; };
    for_each_child(0, [&](std::uint32_t f) { taken = taken || same_aid(node(f)); });
    if (taken) return sw::kDfNameExists;
  }
  // '88' given: that SFI, which must be free in the DF; absent: the FID's 5
  // low bits (TS 102 221 §11.1.1.4.8) when they are a free SFI, else none.
  std::uint8_t sfi = 0;
  if (ef) {
    const auto taken = [&](std::uint8_t v) {
      bool used = false;
      for_each_child(df, [&](std::uint32_t f) { used = used || (node(f).type == FileType::EF && node(f).sfi == v); });
      return used;
    };
    if (req.sfi) {
      sfi = *req.sfi;
      if (sfi != 0 && taken(sfi)) return sw::kFileIdExists;
    } else {
      const std::uint8_t implicit = req.fid & 0x1F;
      if (implicit >= 1 && implicit <= 30 && !taken(implicit)) sfi = implicit;
    }
  }

  const std::unique_ptr<FileTable> table = FileTable::read(*profile_, nvm_);
  if (!table) return sw::kNotEnoughMemory;  // the profile gives the card no room
  const CreatedArea& area = table->area();
  const std::optional<std::uint32_t> slot = table->free_slot();
  if (!slot) return sw::kNotEnoughMemory;
  const std::uint32_t len = ef ? req.size : static_cast<std::uint32_t>(req.aid.size());
  const std::optional<std::uint32_t> body = table->allocate(len);
  if (!body) return sw::kNotEnoughMemory;

  // The contents first, where nothing refers to them yet.
  StatusWord s = sw::kOk;
  if (ef) {
    const bool records = req.record_length != 0;
    s = write_free_space(*this, *body, len,
                         [&](std::uint32_t i) { return req.fill.at(records ? i % req.record_length : i); });
  } else if (req.type == FileType::ADF) {
    s = write_free_space(*this, *body, len, [&](std::uint32_t i) { return req.aid[i]; });
  }
  if (s != sw::kOk) return s;

  // The commit: the descriptor and its slot, one transaction.
  CreatedDescriptor d;
  d.type = req.type;
  d.structure = req.structure;
  d.shareable = req.shareable;
  d.fid = req.fid;
  d.parent = df;
  d.sfi = sfi;
  d.record_length = req.record_length;
  d.record_count = req.record_count;
  d.size = static_cast<std::uint16_t>(len);
  d.arr = req.arr;
  d.body = *body;
  d.life_cycle = static_cast<std::uint8_t>(req.life_cycle);
  std::uint8_t bytes[CreatedDescriptor::kBytes];
  d.encode(bytes);
  const std::uint8_t used = CreatedArea::kSlotUsed;
  nvm_.begin();
  nvm_.write(area.descriptor_addr(*slot), bytes);
  nvm_.write(area.slot_map() + *slot, ByteView(&used, 1));
  s = commit();
  reload_file_table();
  if (s != sw::kOk) return s;

  const std::uint32_t file = area.file_of(*slot);
  if (ef) {
    ch.ef = file;
  } else {
    ch.df = file;
    ch.ef = kNoFile;
    if (req.type == FileType::ADF) ch.adf = file;
  }
  ch.record = 0;
  return sw::kOk;
}

// §6.4: a file immediately under the current DF, with its own DELETE FILE
// access condition (§6.4.1: the DF's "DELETE FILE (child)" is not used); a
// DF goes with everything in it. The current DF stays current.
StatusWord Uicc::cmd_delete_file(const CommandApdu& c, Channel& ch, Response&) {
  if (c.p1 != 0x00 || c.p2 != 0x00) return sw::kIncorrectP1P2;
  if (c.kind != ApduCase::Case3 || c.data.size() != 2) return sw::kWrongLength;
  const std::uint32_t target = find_child(ch.df, be16(c.data.data()));
  if (target == kNoFile) return sw::kFileNotFound;
  if (!allowed(target, access_mode::kDelete)) return sw::kSecurityStatusNotSatisfied;

  std::vector<std::uint32_t> doomed{target};
  for (std::size_t i = 0; i < doomed.size(); ++i) {
    if (node(doomed[i]).is_df()) for_each_child(doomed[i], [&](std::uint32_t f) { doomed.push_back(f); });
  }
  std::sort(doomed.begin(), doomed.end());
  if (used_elsewhere(ch, doomed)) return sw::kConditionsNotSatisfied;

  const std::unique_ptr<FileTable> table = FileTable::read(*profile_, nvm_);
  if (!table) return sw::kNotEnoughMemory;  // nowhere to note the deletion
  const CreatedArea& area = table->area();
  // Profile files are marked deleted; their NVM stays where the factory
  // layout put it (a linked body may serve another file). Created files free
  // their slots and with them their heap space.
  Bytes header = table->header();
  for (std::uint32_t f : doomed) {
    if (area.is_created(f)) put_slot(header, area, area.slot_of(f), CreatedArea::kSlotFree);
    else mark_deleted(header, f);
  }
  nvm_.begin();
  nvm_.write(area.addr, header);
  const StatusWord s = commit();
  reload_file_table();
  if (s != sw::kOk) return s;
  const auto gone = [&](std::uint32_t f) { return std::binary_search(doomed.begin(), doomed.end(), f); };
  if (gone(ch.ef)) {
    ch.ef = kNoFile;
    ch.record = 0;
  }
  if (gone(ch.adf)) ch.adf = kNoFile;
  return sw::kOk;
}

// §6.10 (P1 '00', mode 0): the new size of an EF under the current DF, with
// its access condition for the instruction (an AM_DO naming 'D4'). Records
// and bytes keep their place; new ones (at the end, the oldest ones of a
// cyclic EF) get the 'A5' pattern; shrinking drops the last records (the
// oldest of a cyclic EF) or bytes. The EF becomes the current file.
StatusWord Uicc::cmd_resize_file(const CommandApdu& c, Channel& ch, Response&) {
  if (c.p1 != 0x00 || c.p2 != 0x00) return sw::kIncorrectP1P2;
  if (c.kind != ApduCase::Case3) return sw::kWrongLength;
  ResizeRequest req;
  if (const StatusWord s = parse_resize_request(c.data, req); s != sw::kOk) return s;
  std::uint32_t target = find_child(ch.df, req.fid);
  if (target == kNoFile && node(ch.df).fid == req.fid) target = ch.df;
  if (target == kNoFile) return sw::kFileNotFound;
  const FileNode& f = node(target);
  // A DF's total size is no quota on this card: there is nothing to resize.
  if (f.is_df()) return req.total_size ? sw::kFunctionNotSupported : sw::kIncorrectData;
  if (req.total_size) return sw::kIncorrectData;
  if (!command_allowed(target, c)) return sw::kSecurityStatusNotSatisfied;

  const bool records = is_records(f);
  std::uint16_t count = 0;
  if (records) {
    if (req.size % f.record_length != 0) return sw::kIncorrectData;
    const std::uint32_t n = req.size / f.record_length;
    if (n == 0 || n > 254) return sw::kIncorrectData;  // TS 102 221 §8.2
    count = static_cast<std::uint16_t>(n);
  }
  const std::unique_ptr<FileTable> table = FileTable::read(*profile_, nvm_);
  if (!table) return sw::kNotEnoughMemory;
  const CreatedArea& area = table->area();
  const bool created = area.is_created(target);
  if (!created) {
    // A linked profile EF shares its body with another file: a size of its
    // own would split them.
    for (std::uint32_t i = 0; i < profile_->files.size(); ++i) {
      const FileNode& o = profile_->files[i];
      if (i != target && !o.is_df() && o.body_addr == f.body_addr && !table->deleted(i)) {
        return sw::kConditionsNotSatisfied;
      }
    }
  }

  // The new body, in logical order: record n at (n - 1) x length (a cyclic
  // EF's head back at slot 0), kept bytes first, new space patterned.
  const std::uint32_t old_size = f.size;
  const std::uint32_t new_size = req.size;
  const std::uint8_t head = f.structure == EfStructure::Cyclic ? cyclic_head(target) : 0;
  const auto content = [&](std::uint32_t i) -> std::uint8_t {
    if (i < old_size) {
      if (!records) return nvm_.read_u8(f.body_addr + i);
      const auto rec = static_cast<std::uint16_t>(i / f.record_length + 1);
      return nvm_.read_u8(f.body_addr + record_offset(target, rec) + i % f.record_length);
    }
    return req.fill.at(records ? i % f.record_length : i - old_size);
  };
  // A resized profile EF becomes a created one: it needs a slot.
  const std::optional<std::uint32_t> slot = created ? std::optional(area.slot_of(target)) : table->free_slot();
  if (!slot) return sw::kNotEnoughMemory;
  // A created EF whose records are in order grows into the free space after
  // it, or shrinks, where it is; otherwise the new body goes to free space.
  std::uint32_t body = f.body_addr;
  StatusWord s = sw::kOk;
  if (created && head == 0 && (new_size <= old_size || table->room_after(target) >= new_size - old_size)) {
    if (new_size > old_size) {
      s = write_free_space(*this, f.body_addr + old_size, new_size - old_size,
                           [&](std::uint32_t i) { return content(old_size + i); });
    }
  } else {
    const std::optional<std::uint32_t> at = table->allocate(new_size);
    if (!at) return sw::kNotEnoughMemory;
    body = *at;
    s = write_free_space(*this, body, new_size, content);
  }
  if (s != sw::kOk) return s;

  // The commit: the descriptor (a resized profile EF gets one, and its
  // profile file a deletion mark), one transaction.
  CreatedDescriptor d;
  d.type = FileType::EF;
  d.structure = f.structure;
  d.shareable = f.shareable;
  d.fid = f.fid;
  d.parent = f.parent;
  d.sfi = f.sfi;
  d.record_length = static_cast<std::uint8_t>(f.record_length);
  d.record_count = static_cast<std::uint8_t>(count);
  d.size = static_cast<std::uint16_t>(new_size);
  d.arr = f.arr;
  d.body = body;
  d.life_cycle = static_cast<std::uint8_t>(life_cycle(target));
  std::uint8_t bytes[CreatedDescriptor::kBytes];
  d.encode(bytes);
  nvm_.begin();
  if (!created) {
    Bytes header = table->header();
    mark_deleted(header, target);
    put_slot(header, area, *slot, CreatedArea::kSlotUsed);
    nvm_.write(area.addr, header);
  }
  nvm_.write(area.descriptor_addr(*slot), bytes);
  s = commit();
  reload_file_table();
  if (s != sw::kOk) return s;

  const std::uint32_t file = area.file_of(*slot);
  file_reshaped(target, file, count);  // other contexts keep it current
  ch.ef = file;
  ch.record = 0;
  return sw::kOk;
}

}  // namespace cardcore
