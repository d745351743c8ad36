#pragma once
// What a card changed in its profile's file tree (TS 102 222): the files it
// made with CREATE FILE (and reshaped with RESIZE FILE) and the profile files
// it removed with DELETE FILE, as its NVM's created-file region holds them
// (created_area.hpp). The NVM is the only record; this is its RAM view,
// built at power-up and after every administrative command. A card whose
// region is untouched has no table at all and pays nothing for it.
//
// File indices: profile files keep theirs; a created file's is kCreatedFile
// | its slot, so indices stay valid across power cycles and in card state
// snapshots.
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "cardcore/fs/created_area.hpp"
#include "cardcore/fs/file_node.hpp"

namespace cardcore {

struct ProfileTemplate;
class Nvm;

class FileTable {
 public:
  // The table of `nvm`; nullptr when the profile has no created-file region
  // or the card never touched it (all 'FF'). Never throws for any NVM
  // content: slots whose descriptors do not describe a file that fits the
  // tree (a restored state may hold any bytes) are treated as free.
  static std::unique_ptr<FileTable> load(const ProfileTemplate& profile, const Nvm& nvm);
  // The same, also when the region is untouched (an empty table); nullptr
  // only without a region. For the administrative commands, which allocate.
  static std::unique_ptr<FileTable> read(const ProfileTemplate& profile, const Nvm& nvm);

  const CreatedArea& area() const { return area_; }

  // True for a profile file this card deleted, itself or with its DF.
  bool deleted(std::uint32_t profile_file) const { return deleted_[profile_file] != 0; }
  // The created file with this index; nullptr if there is none.
  const FileNode* created(std::uint32_t file) const;
  // The created files, by index (ascending).
  const std::vector<std::uint32_t>& created_files() const { return files_; }
  const FileNode& created_node(std::size_t i) const { return nodes_[i]; }
  // The created child of `df` with this FID; kNoFile if none.
  std::uint32_t find_created_child(std::uint32_t df, std::uint16_t fid) const;

  // Allocation. A free slot (lowest first); nullopt when all are used.
  std::optional<std::uint32_t> free_slot() const;
  // The lowest heap address with `n` free bytes; nullopt if none.
  std::optional<std::uint32_t> allocate(std::uint32_t n) const;
  // Free heap bytes right after a created file's extent.
  std::uint32_t room_after(std::uint32_t file) const;
  // Free heap bytes in all (for tests and docs).
  std::uint32_t free_bytes() const;

  // The header (deleted marks, slot map) as stored, with the slots of files
  // that do not exist normalised to free: what an administrative command
  // edits and writes back in one run.
  const Bytes& header() const { return header_; }

  // RAM this table takes (Uicc::state_bytes).
  std::size_t bytes() const;

 private:
  struct Extent {
    std::uint32_t start;
    std::uint32_t end;
    std::uint32_t file;
  };
  std::vector<Extent> extents() const;  // sorted by start

  CreatedArea area_;
  Bytes header_;
  std::vector<std::uint8_t> deleted_;  // per profile file: 1 deleted (itself or an ancestor)
  std::vector<std::uint32_t> files_;   // live created files, ascending
  std::vector<FileNode> nodes_;        // parallel to files_
};

}  // namespace cardcore
