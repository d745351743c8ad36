#include "twinsim/recorder/column_reader.hpp"

#include <string>

#include "twinsim/recorder/hdf5_handle.hpp"

namespace twinsim::recorder {

namespace {

template <class T>
hid_t native_type();
template <> hid_t native_type<double>() { return H5T_NATIVE_DOUBLE; }
template <> hid_t native_type<std::int64_t>() { return H5T_NATIVE_INT64; }
template <> hid_t native_type<std::uint64_t>() { return H5T_NATIVE_UINT64; }
template <> hid_t native_type<std::uint32_t>() { return H5T_NATIVE_UINT32; }
template <> hid_t native_type<std::uint16_t>() { return H5T_NATIVE_UINT16; }
template <> hid_t native_type<std::uint8_t>() { return H5T_NATIVE_UINT8; }

Hid open_column(hid_t group, const char* name) {
  if (H5Lexists(group, name, H5P_DEFAULT) <= 0) fail(group, std::string("no column ") + name);
  Hid ds(H5Dopen2(group, name, H5P_DEFAULT));
  if (!ds.valid()) fail(group, std::string("cannot open the column ") + name);
  return ds;
}

// The file and memory dataspaces of rows [first, first + count) of `ds`.
std::pair<Hid, Hid> row_spaces(hid_t ds, std::uint64_t first, std::uint64_t count) {
  Hid file_space(H5Dget_space(ds));
  hsize_t n = 0;
  if (!file_space.valid() || H5Sget_simple_extent_ndims(file_space.get()) != 1 ||
      H5Sget_simple_extent_dims(file_space.get(), &n, nullptr) < 0)
    fail(ds, "is not a 1-D dataset");
  if (first + count > n)
    fail(ds, "has " + std::to_string(n) + " rows, " + std::to_string(first + count) + " needed");
  const hsize_t start = first, cnt = count;
  if (H5Sselect_hyperslab(file_space.get(), H5S_SELECT_SET, &start, nullptr, &cnt, nullptr) < 0)
    fail(ds, "cannot select rows");
  Hid mem_space(H5Screate_simple(1, &cnt, nullptr));
  return {std::move(file_space), std::move(mem_space)};
}

}  // namespace

std::uint64_t column_length(hid_t group, const char* name) {
  Hid ds = open_column(group, name);
  Hid space(H5Dget_space(ds.get()));
  hsize_t n = 0;
  if (!space.valid() || H5Sget_simple_extent_ndims(space.get()) != 1 ||
      H5Sget_simple_extent_dims(space.get(), &n, nullptr) < 0)
    fail(ds.get(), "is not a 1-D dataset");
  return n;
}

template <class T>
void read_column(hid_t group, const char* name, std::uint64_t first, std::span<T> out) {
  Hid ds = open_column(group, name);
  auto [file_space, mem_space] = row_spaces(ds.get(), first, out.size());
  if (out.empty()) return;
  // HDF5 converts integers and floats, but not enums: a 1-byte enum column
  // (Bool, Kind) is read with its own type, byte for byte.
  Hid file_type(H5Dget_type(ds.get()));
  const bool as_is = sizeof(T) == 1 && H5Tget_class(file_type.get()) == H5T_ENUM && H5Tget_size(file_type.get()) == 1;
  if (!as_is && H5Tget_class(file_type.get()) != H5T_INTEGER && H5Tget_class(file_type.get()) != H5T_FLOAT)
    fail(ds.get(), "is not a numeric column");
  if (H5Dread(ds.get(), as_is ? file_type.get() : native_type<T>(), mem_space.get(), file_space.get(), H5P_DEFAULT,
              out.data()) < 0)
    fail(ds.get(), "cannot be read (damaged?)");
}

template void read_column<double>(hid_t, const char*, std::uint64_t, std::span<double>);
template void read_column<std::int64_t>(hid_t, const char*, std::uint64_t, std::span<std::int64_t>);
template void read_column<std::uint64_t>(hid_t, const char*, std::uint64_t, std::span<std::uint64_t>);
template void read_column<std::uint32_t>(hid_t, const char*, std::uint64_t, std::span<std::uint32_t>);
template void read_column<std::uint16_t>(hid_t, const char*, std::uint64_t, std::span<std::uint16_t>);
template void read_column<std::uint8_t>(hid_t, const char*, std::uint64_t, std::span<std::uint8_t>);

std::vector<std::vector<std::uint8_t>> read_bytes_column(hid_t group, const char* name, std::uint64_t first,
                                                         std::uint64_t count) {
  Hid ds = open_column(group, name);
  auto [file_space, mem_space] = row_spaces(ds.get(), first, count);
  std::vector<std::vector<std::uint8_t>> out(count);
  if (count == 0) return out;
  Hid file_type(H5Dget_type(ds.get()));
  if (H5Tget_class(file_type.get()) != H5T_VLEN) fail(ds.get(), "is not a byte-sequence column");
  Hid mem_type(H5Tvlen_create(H5T_NATIVE_UINT8));
  std::vector<hvl_t> raw(count);
  if (H5Dread(ds.get(), mem_type.get(), mem_space.get(), file_space.get(), H5P_DEFAULT, raw.data()) < 0)
    fail(ds.get(), "cannot be read (damaged?)");
  for (std::uint64_t i = 0; i < count; ++i) {
    const auto* p = static_cast<const std::uint8_t*>(raw[i].p);
    out[i].assign(p, p + raw[i].len);
  }
  H5Dvlen_reclaim(mem_type.get(), mem_space.get(), H5P_DEFAULT, raw.data());  // HDF5 1.10: no H5Treclaim
  return out;
}

std::vector<std::string> read_text_column(hid_t group, const char* name, std::uint64_t first, std::uint64_t count) {
  Hid ds = open_column(group, name);
  auto [file_space, mem_space] = row_spaces(ds.get(), first, count);
  std::vector<std::string> out(count);
  if (count == 0) return out;
  Hid file_type(H5Dget_type(ds.get()));
  if (H5Tget_class(file_type.get()) != H5T_STRING || H5Tis_variable_str(file_type.get()) <= 0)
    fail(ds.get(), "is not a text column");
  Hid mem_type(H5Tcopy(H5T_C_S1));
  H5Tset_size(mem_type.get(), H5T_VARIABLE);
  H5Tset_cset(mem_type.get(), H5T_CSET_UTF8);
  std::vector<char*> raw(count, nullptr);
  if (H5Dread(ds.get(), mem_type.get(), mem_space.get(), file_space.get(), H5P_DEFAULT, raw.data()) < 0)
    fail(ds.get(), "cannot be read (damaged?)");
  for (std::uint64_t i = 0; i < count; ++i) out[i] = raw[i] ? raw[i] : "";
  H5Dvlen_reclaim(mem_type.get(), mem_space.get(), H5P_DEFAULT, raw.data());
  return out;
}

}  // namespace twinsim::recorder
