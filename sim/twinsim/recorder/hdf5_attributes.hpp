#pragma once
// Scalar and string-array attributes of the run file. Strings are
// variable-length UTF-8 (h5py returns them as str, and a vlen attribute keeps
// only a heap reference in the object header, so a long scenario text fits).
// Every failure throws RunFileError naming the file and the attribute.
#include <hdf5.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "twinsim/recorder/hdf5_handle.hpp"

namespace twinsim::recorder {

// A variable-length UTF-8 string datatype.
Hid utf8_string_type();

void write_attribute(hid_t object, const char* name, std::string_view value);
void write_attribute(hid_t object, const char* name, const std::vector<std::string>& values);
void write_attribute(hid_t object, const char* name, std::int32_t value);
void write_attribute(hid_t object, const char* name, std::uint64_t value);
void write_attribute(hid_t object, const char* name, std::uint8_t value);
void write_attribute(hid_t object, const char* name, double value);

bool has_attribute(hid_t object, const char* name);
// Reads an integer attribute of any integer type (converted by HDF5).
std::int64_t read_int_attribute(hid_t object, const char* name);
std::uint64_t read_uint_attribute(hid_t object, const char* name);
// Reads a floating-point attribute (converted to double by HDF5).
double read_double_attribute(hid_t object, const char* name);
// Reads a scalar string attribute, variable or fixed length.
std::string read_string_attribute(hid_t object, const char* name);
// Reads a one-dimensional array of variable-length strings (as
// write_attribute writes a std::vector<std::string>).
std::vector<std::string> read_string_array_attribute(hid_t object, const char* name);

}  // namespace twinsim::recorder
