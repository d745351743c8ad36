#include "twinsim/recorder/hdf5_handle.hpp"

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

}  // namespace twinsim::recorder
