#pragma once
// Reading the 1-D column datasets of a table (table.hpp) back, a range of
// rows at a time: checkpoints are restored from such tables. Every failure
// throws RunFileError naming the file and the dataset.
#include <hdf5.h>

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace twinsim::recorder {

// Rows of the column `name` of the table group `group`; throws when there is
// no such 1-D dataset.
std::uint64_t column_length(hid_t group, const char* name);

// Reads rows [first, first + out.size()) of a fixed-size column into `out`,
// converting to T (double, std::int64_t, std::uint64_t, std::uint32_t,
// std::uint16_t, std::uint8_t; Bool and Kind columns read as std::uint8_t).
template <class T>
void read_column(hid_t group, const char* name, std::uint64_t first, std::span<T> out);

// Reads rows [first, first + count) of a Bytes column.
std::vector<std::vector<std::uint8_t>> read_bytes_column(hid_t group, const char* name, std::uint64_t first,
                                                         std::uint64_t count);

// Reads rows [first, first + count) of a Text column.
std::vector<std::string> read_text_column(hid_t group, const char* name, std::uint64_t first, std::uint64_t count);

}  // namespace twinsim::recorder
