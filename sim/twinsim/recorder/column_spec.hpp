#pragma once
// How a table of the run file is described: its columns (name, type, units)
// and the chunk size. The run file's own tables are in run_file_schema.hpp;
// the writer (table.hpp) and the reader (run_file_summary.cpp) share them.
#include <cstddef>
#include <cstdint>
#include <span>

namespace twinsim::recorder {

enum class ColumnType : std::uint8_t {
  F64,
  I64,
  U64,
  U32,
  U16,
  U8,
  Bool,   // 1 byte, HDF5 enum {FALSE = 0, TRUE = 1}: h5py reads it as numpy bool
  Kind,   // 1 byte, HDF5 enum of the event kind names
  Text,   // variable-length UTF-8 string
  Bytes,  // variable-length sequence of uint8
};

struct ColumnSpec {
  const char* name;
  ColumnType type;
  const char* units;      // UDUNITS-style: "s", "bytes", "count", "fraction", "1" (dimensionless)
  const char* long_name;  // what the column holds; xarray labels plots with it
};

struct TableSpec {
  std::span<const ColumnSpec> columns;
  // The column that is the table's dimension scale (its netCDF coordinate).
  std::size_t scale;
  // Rows per chunk: the unit of buffering, compression and I/O.
  std::uint64_t chunk_rows;
};

// Bytes of one value in a fixed-size column; 0 for Text and Bytes.
constexpr std::size_t fixed_size(ColumnType type) {
  switch (type) {
    case ColumnType::F64:
    case ColumnType::I64:
    case ColumnType::U64: return 8;
    case ColumnType::U32: return 4;
    case ColumnType::U16: return 2;
    case ColumnType::U8:
    case ColumnType::Bool:
    case ColumnType::Kind: return 1;
    case ColumnType::Text:
    case ColumnType::Bytes: return 0;
  }
  return 0;
}

}  // namespace twinsim::recorder
