#pragma once
// One table of the run file: an HDF5 group of equal-length 1-D column
// datasets (chunked, shuffle + deflate, extendible, "units" and "long_name"
// attributes), one of them the dimension scale attached to all the others.
//
// Rows are appended to in-memory column buffers; each full chunk of rows
// goes to the ChunkPipeline (fixed-size columns: compressed off-thread and
// stored with H5Dwrite_chunk; string and byte columns: written with H5Dwrite
// through HDF5's own filters). Only close-time flushes write a partial chunk.
#include <hdf5.h>

#include <cassert>
#include <cstdint>
#include <cstring>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "twinsim/recorder/chunk_pipeline.hpp"
#include "twinsim/recorder/column_spec.hpp"
#include "twinsim/recorder/hdf5_handle.hpp"

namespace twinsim::recorder {

inline constexpr int kDeflateLevel = 4;

class ColumnTable {
 public:
  // Creates the group `name` under `parent` with the columns of `spec`.
  // kind_type: the datatype of ColumnType::Kind columns (ignored otherwise).
  ColumnTable(hid_t parent, const char* name, const TableSpec& spec, hid_t kind_type, ChunkPipeline& pipeline);
  ColumnTable(const ColumnTable&) = delete;
  ColumnTable& operator=(const ColumnTable&) = delete;

  // Sets column `col` of the current row. T must be the column's C++ type
  // (double, std::int64_t, std::uint64_t, std::uint32_t, std::uint16_t, or
  // std::uint8_t for U8, Bool and Kind).
  template <class T>
  void set(std::size_t col, T value) {
    assert(sizeof(T) == columns_[col].size);
    std::memcpy(columns_[col].fixed.data() + pending_ * sizeof(T), &value, sizeof(T));
  }
  void set_text(std::size_t col, std::string_view value) { columns_[col].texts.emplace_back(value); }
  void set_bytes(std::size_t col, std::span<const std::uint8_t> value) {
    columns_[col].bytes.emplace_back(value.begin(), value.end());
  }
  // Ends the current row (every column set); hands a full chunk on.
  void end_row() {
    if (++pending_ == capacity_rows_) pending_ == chunk_rows_ ? flush() : grow(2 * capacity_rows_);
  }

  // Appends data.size() rows to a table whose only column is U8: a byte
  // stream stored chunked and compressed (a checkpoint's card states).
  // Throws std::logic_error for any other table.
  void append_bytes(std::span<const std::uint8_t> data);

  // Hands the buffered rows to the pipeline. A partial chunk may be flushed
  // only once, last (at close): chunks must start at multiples of chunk_rows.
  void flush();
  // Closes the datasets and the group; call after the pipeline finished.
  void close();

  hid_t dataset(std::size_t col) const { return columns_[col].dataset.get(); }
  std::uint64_t rows() const { return flushed_ + pending_; }

 private:
  struct Column {
    const ColumnSpec* spec;
    std::size_t size;  // fixed_size(spec->type)
    Hid dataset;
    Hid mem_type;                          // Text and Bytes: the memory datatype
    std::vector<unsigned char> fixed;      // fixed-size columns: capacity_rows values
    std::vector<std::string> texts;        // Text
    std::vector<std::vector<std::uint8_t>> bytes;  // Bytes
  };

  void flush_fixed(Column& c);
  void flush_variable(Column& c);
  // The fixed-size columns' buffers hold min(rows, chunk_rows) rows: a
  // small table never allocates (nor touches) whole chunks.
  void grow(std::uint64_t rows);

  ChunkPipeline& pipeline_;
  std::uint64_t chunk_rows_;
  std::uint64_t capacity_rows_;  // rows the buffers hold
  std::uint64_t flushed_ = 0;  // rows handed to the pipeline
  std::uint64_t pending_ = 0;  // rows in the buffers
  Hid group_;
  std::vector<Column> columns_;
};

}  // namespace twinsim::recorder
