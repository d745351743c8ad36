#include "twinsim/recorder/hdf5_attributes.hpp"

namespace twinsim::recorder {

namespace {

std::string where(hid_t object, const char* name) {
  return std::string("attribute ") + name + " of " + object_path(object);
}

void write_raw(hid_t object, const char* name, hid_t file_type, hid_t mem_type, hid_t space, const void* data) {
  Hid attr(H5Acreate2(object, name, file_type, space, H5P_DEFAULT, H5P_DEFAULT));
  if (!attr.valid() || H5Awrite(attr.get(), mem_type, data) < 0 || !attr.close())
    fail(object, "cannot write " + where(object, name));
}

void write_scalar(hid_t object, const char* name, hid_t file_type, hid_t mem_type, const void* data) {
  Hid space(H5Screate(H5S_SCALAR));
  write_raw(object, name, file_type, mem_type, space.get(), data);
}

// Opens a one-element attribute for reading.
Hid open_scalar(hid_t object, const char* name) {
  Hid attr(H5Aopen(object, name, H5P_DEFAULT));
  if (!attr.valid()) fail(object, "no " + where(object, name));
  Hid space(H5Aget_space(attr.get()));
  if (H5Sget_simple_extent_npoints(space.get()) != 1) fail(object, where(object, name) + " is not a single value");
  return attr;
}

template <class T>
T read_integer(hid_t object, const char* name, hid_t mem_type) {
  Hid attr = open_scalar(object, name);
  Hid type(H5Aget_type(attr.get()));
  if (H5Tget_class(type.get()) != H5T_INTEGER) fail(object, where(object, name) + " is not an integer");
  T value{};
  if (H5Aread(attr.get(), mem_type, &value) < 0) fail(object, "cannot read " + where(object, name));
  return value;
}

}  // namespace

Hid utf8_string_type() {
  Hid type(H5Tcopy(H5T_C_S1));
  H5Tset_size(type.get(), H5T_VARIABLE);
  H5Tset_cset(type.get(), H5T_CSET_UTF8);
  return type;
}

void write_attribute(hid_t object, const char* name, std::string_view value) {
  const std::string copy(value);  // HDF5 reads a NUL-terminated char*
  const char* p = copy.c_str();
  Hid type = utf8_string_type();
  write_scalar(object, name, type.get(), type.get(), &p);
}

void write_attribute(hid_t object, const char* name, const std::vector<std::string>& values) {
  std::vector<const char*> ptrs;
  ptrs.reserve(values.size());
  for (const std::string& v : values) ptrs.push_back(v.c_str());
  const hsize_t n = values.size();
  Hid space(H5Screate_simple(1, &n, nullptr));
  Hid type = utf8_string_type();
  write_raw(object, name, type.get(), type.get(), space.get(), ptrs.data());
}

void write_attribute(hid_t object, const char* name, std::int32_t value) {
  write_scalar(object, name, H5T_STD_I32LE, H5T_NATIVE_INT32, &value);
}

void write_attribute(hid_t object, const char* name, std::uint64_t value) {
  write_scalar(object, name, H5T_STD_U64LE, H5T_NATIVE_UINT64, &value);
}

void write_attribute(hid_t object, const char* name, std::uint8_t value) {
  write_scalar(object, name, H5T_STD_U8LE, H5T_NATIVE_UINT8, &value);
}

void write_attribute(hid_t object, const char* name, double value) {
  write_scalar(object, name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, &value);
}

bool has_attribute(hid_t object, const char* name) { return H5Aexists(object, name) > 0; }

std::int64_t read_int_attribute(hid_t object, const char* name) {
  return read_integer<std::int64_t>(object, name, H5T_NATIVE_INT64);
}

std::uint64_t read_uint_attribute(hid_t object, const char* name) {
  return read_integer<std::uint64_t>(object, name, H5T_NATIVE_UINT64);
}

double read_double_attribute(hid_t object, const char* name) {
  Hid attr = open_scalar(object, name);
  Hid type(H5Aget_type(attr.get()));
  if (H5Tget_class(type.get()) != H5T_FLOAT) fail(object, where(object, name) + " is not a floating-point number");
  double value = 0;
  if (H5Aread(attr.get(), H5T_NATIVE_DOUBLE, &value) < 0) fail(object, "cannot read " + where(object, name));
  return value;
}

std::string read_string_attribute(hid_t object, const char* name) {
  Hid attr = open_scalar(object, name);
  Hid type(H5Aget_type(attr.get()));
  if (H5Tget_class(type.get()) != H5T_STRING) fail(object, where(object, name) + " is not a string");
  if (H5Tis_variable_str(type.get()) > 0) {
    Hid mem = utf8_string_type();
    char* p = nullptr;
    if (H5Aread(attr.get(), mem.get(), &p) < 0) fail(object, "cannot read " + where(object, name));
    std::string value = p ? p : "";
    H5free_memory(p);
    return value;
  }
  // Fixed length (written by another tool): read the bytes, drop padding.
  const std::size_t size = H5Tget_size(type.get());
  std::string value(size, '\0');
  if (H5Aread(attr.get(), type.get(), value.data()) < 0) fail(object, "cannot read " + where(object, name));
  value.erase(value.find_last_not_of(std::string_view("\0 ", 2)) + 1);
  return value;
}

std::vector<std::string> read_string_array_attribute(hid_t object, const char* name) {
  Hid attr(H5Aexists(object, name) > 0 ? H5Aopen(object, name, H5P_DEFAULT) : H5I_INVALID_HID);
  if (!attr.valid()) fail(object, "no " + where(object, name));
  Hid space(H5Aget_space(attr.get()));
  Hid type(H5Aget_type(attr.get()));
  if (H5Tget_class(type.get()) != H5T_STRING || H5Tis_variable_str(type.get()) <= 0)
    fail(object, where(object, name) + " is not an array of strings");
  const hssize_t n = H5Sget_simple_extent_npoints(space.get());
  std::vector<char*> raw(static_cast<std::size_t>(n > 0 ? n : 0), nullptr);
  Hid mem = utf8_string_type();
  if (!raw.empty() && H5Aread(attr.get(), mem.get(), raw.data()) < 0) fail(object, "cannot read " + where(object, name));
  std::vector<std::string> values;
  for (char* s : raw) {
    values.emplace_back(s ? s : "");
    H5free_memory(s);
  }
  return values;
}

}  // namespace twinsim::recorder
