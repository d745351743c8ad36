#include "twinsim/recorder/hdf5_handle.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <vector>

#include "twinsim/recorder/run_file.hpp"

namespace twinsim::recorder {

bool Hid::close() {
  const hid_t id = std::exchange(id_, H5I_INVALID_HID);
  if (id < 0) return true;
  // A file opened with H5F_CLOSE_STRONG closes its objects with it; their
  // identifiers are then no longer valid and there is nothing left to close.
  if (H5Iis_valid(id) <= 0) return true;
  switch (H5Iget_type(id)) {
    case H5I_FILE: return H5Fclose(id) >= 0;
    case H5I_GROUP: return H5Gclose(id) >= 0;
    case H5I_DATASET: return H5Dclose(id) >= 0;
    case H5I_ATTR: return H5Aclose(id) >= 0;
    case H5I_DATATYPE: return H5Tclose(id) >= 0;
    case H5I_DATASPACE: return H5Sclose(id) >= 0;
    case H5I_GENPROP_LST: return H5Pclose(id) >= 0;
    default: return H5Idec_ref(id) >= 0;
  }
}

void Hid::reset() noexcept {
  QuietHdf5Errors quiet;
  close();
}

QuietHdf5Errors::QuietHdf5Errors() {
  H5Eget_auto2(H5E_DEFAULT, &func_, &data_);
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
}

QuietHdf5Errors::~QuietHdf5Errors() { H5Eset_auto2(H5E_DEFAULT, func_, data_); }

namespace {

std::string name_of(ssize_t (*get)(hid_t, char*, size_t), hid_t object) {
  const ssize_t n = get(object, nullptr, 0);
  if (n <= 0) return {};
  std::vector<char> buf(static_cast<std::size_t>(n) + 1);
  if (get(object, buf.data(), buf.size()) < 0) return {};
  return std::string(buf.data(), static_cast<std::size_t>(n));
}

}  // namespace

std::string object_path(hid_t object) { return name_of(H5Iget_name, object); }

std::string file_name(hid_t object) {
  std::string file = name_of(H5Fget_name, object);
  return file.empty() ? "run file" : file;
}

void fail(hid_t object, const std::string& what) {
  QuietHdf5Errors quiet;
  throw RunFileError(file_name(object) + ": " + what);
}

Hid create_hdf5_file(const std::string& path, const char* kind) {
  Hid fcpl(H5Pcreate(H5P_FILE_CREATE));
  H5Pset_obj_track_times(fcpl.get(), false);  // root group: no modification time
  // STRONG: closing the file closes whatever is still open in it, so the
  // destructor's close after an error cannot leave the file half open.
  Hid fapl(H5Pcreate(H5P_FILE_ACCESS));
  H5Pset_fclose_degree(fapl.get(), H5F_CLOSE_STRONG);
  errno = 0;
  Hid file(H5Fcreate(path.c_str(), H5F_ACC_TRUNC, fcpl.get(), fapl.get()));
  if (!file.valid()) {
    const int err = errno;
    const std::string why = err != 0 ? std::string(" (") + std::strerror(err) + ")" : "";
    throw RunFileError(path + ": cannot create the " + std::string(kind) + why);
  }
  return file;
}

Hid create_group(hid_t parent, const char* name) {
  Hid gcpl(H5Pcreate(H5P_GROUP_CREATE));
  H5Pset_obj_track_times(gcpl.get(), false);
  Hid group(H5Gcreate2(parent, name, H5P_DEFAULT, gcpl.get(), H5P_DEFAULT));
  if (!group.valid()) fail(parent, std::string("cannot create the group /") + name);
  return group;
}

Hid open_hdf5_for_reading(const std::string& path, const char* kind) {
  std::error_code ec;
  const std::filesystem::file_status status = std::filesystem::status(path, ec);
  if (!std::filesystem::exists(status)) throw RunFileError(path + ": no such file");
  if (std::filesystem::is_directory(status)) throw RunFileError(path + ": is a directory, not a " + kind);
  if (!std::ifstream(path, std::ios::binary)) throw RunFileError(path + ": cannot be read (permission denied?)");
  const htri_t is_hdf5 = H5Fis_hdf5(path.c_str());
  if (is_hdf5 == 0) throw RunFileError(path + ": not an HDF5 file");
  Hid file(is_hdf5 > 0 ? H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT) : H5I_INVALID_HID);
  if (!file.valid())
    throw RunFileError(path + ": cannot open the HDF5 file: truncated or damaged (or still being written)");
  return file;
}

Hid open_table_group(hid_t parent, const std::string& name, const std::string& path) {
  Hid group(H5Lexists(parent, name.c_str(), H5P_DEFAULT) > 0 ? H5Gopen2(parent, name.c_str(), H5P_DEFAULT)
                                                            : H5I_INVALID_HID);
  if (!group.valid()) throw RunFileError(path + ": /" + name + " is not a group");
  return group;
}

std::vector<std::string> child_names(hid_t group) {
  H5G_info_t info{};
  if (H5Gget_info(group, &info) < 0) fail(group, "cannot list " + object_path(group));
  std::vector<std::string> names;
  for (hsize_t i = 0; i < info.nlinks; ++i) {
    const ssize_t n = H5Lget_name_by_idx(group, ".", H5_INDEX_NAME, H5_ITER_INC, i, nullptr, 0, H5P_DEFAULT);
    std::string name(n > 0 ? static_cast<std::size_t>(n) : 0, '\0');
    if (n <= 0 || H5Lget_name_by_idx(group, ".", H5_INDEX_NAME, H5_ITER_INC, i, name.data(), name.size() + 1,
                                      H5P_DEFAULT) < 0)
      fail(group, "cannot list " + object_path(group));
    names.push_back(std::move(name));
  }
  return names;
}

}  // namespace twinsim::recorder
