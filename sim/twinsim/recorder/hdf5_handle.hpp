#pragma once
// Owning HDF5 identifiers, a guard that keeps HDF5 from printing its error
// stack, and the error helper of the recorder. Users of the run file must see
// one RunFileError message naming the file, not HDF5's internal stack dump.
#include <hdf5.h>

#include <string>
#include <vector>
#include <utility>

namespace twinsim::recorder {

// An HDF5 identifier closed on destruction (any object kind: file, group,
// dataset, attribute, datatype, dataspace, property list).
class Hid {
 public:
  Hid() = default;
  explicit Hid(hid_t id) : id_(id) {}
  ~Hid() { reset(); }
  Hid(Hid&& other) noexcept : id_(std::exchange(other.id_, H5I_INVALID_HID)) {}
  Hid& operator=(Hid&& other) noexcept {
    if (this != &other) {
      reset();
      id_ = std::exchange(other.id_, H5I_INVALID_HID);
    }
    return *this;
  }
  Hid(const Hid&) = delete;
  Hid& operator=(const Hid&) = delete;

  hid_t get() const { return id_; }
  bool valid() const { return id_ >= 0; }

  // Closes the object; false when HDF5 fails to (for a file or a dataset that
  // means buffered data may not have reached the disk).
  bool close();
  // Closes ignoring errors: for unwinding and destructors.
  void reset() noexcept;

 private:
  hid_t id_ = H5I_INVALID_HID;
};

// While alive, HDF5 does not print its error stack (on this thread).
class QuietHdf5Errors {
 public:
  QuietHdf5Errors();
  ~QuietHdf5Errors();
  QuietHdf5Errors(const QuietHdf5Errors&) = delete;
  QuietHdf5Errors& operator=(const QuietHdf5Errors&) = delete;

 private:
  H5E_auto2_t func_ = nullptr;
  void* data_ = nullptr;
};

// "<file>: <what>" for the file holding `object`, e.g. "run.h5: cannot write
// /events/t". Throws RunFileError.
[[noreturn]] void fail(hid_t object, const std::string& what);

// Creates (truncates) an HDF5 file without modification times (so the same
// content gives the same bytes), closing strongly. `kind` is for the message.
Hid create_hdf5_file(const std::string& path, const char* kind);
// Creates a group without modification times.
Hid create_group(hid_t parent, const char* name);

// Opens an HDF5 file read-only, telling a missing, unreadable, non-HDF5 and
// damaged file apart in the RunFileError; `kind` names what the file should
// be ("run file", "checkpoint").
Hid open_hdf5_for_reading(const std::string& path, const char* kind);
// Opens the group `name` (a path relative to `parent`: "platforms/hss") of
// the file `path`; throws RunFileError "<path>: /<name> is not a group".
Hid open_table_group(hid_t parent, const std::string& name, const std::string& path);

// The names of the links in a group, in name order.
std::vector<std::string> child_names(hid_t group);

// The path of `object` inside its file ("/events/t"), for messages.
std::string object_path(hid_t object);
// The name of the file holding `object` (as given when it was opened).
std::string file_name(hid_t object);

}  // namespace twinsim::recorder
