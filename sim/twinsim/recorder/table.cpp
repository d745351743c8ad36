#include "twinsim/recorder/table.hpp"

#include <hdf5_hl.h>

#include <algorithm>
#include <bit>
#include <memory>
#include <stdexcept>

#include "twinsim/recorder/hdf5_attributes.hpp"
#include "twinsim/recorder/run_file.hpp"

namespace twinsim::recorder {

// Fixed-size chunks are stored byte for byte as they sit in memory, and the
// file types are little-endian.
static_assert(std::endian::native == std::endian::little, "the run file writer assumes a little-endian host");

namespace {

// The rows a table's buffers hold first, doubled as rows come up to a chunk.
constexpr std::uint64_t kFirstRows = 256;

Hid bool_type() {
  // The representation h5py uses for numpy bool, so h5py and pandas read the
  // column as bool rather than as small integers.
  Hid type(H5Tenum_create(H5T_STD_I8LE));
  for (const auto& [name, value] : {std::pair{"FALSE", std::int8_t{0}}, std::pair{"TRUE", std::int8_t{1}}})
    H5Tenum_insert(type.get(), name, &value);
  return type;
}

Hid file_type(ColumnType type, hid_t kind_type) {
  switch (type) {
    case ColumnType::F64: return Hid(H5Tcopy(H5T_IEEE_F64LE));
    case ColumnType::I64: return Hid(H5Tcopy(H5T_STD_I64LE));
    case ColumnType::U64: return Hid(H5Tcopy(H5T_STD_U64LE));
    case ColumnType::U32: return Hid(H5Tcopy(H5T_STD_U32LE));
    case ColumnType::U16: return Hid(H5Tcopy(H5T_STD_U16LE));
    case ColumnType::U8: return Hid(H5Tcopy(H5T_STD_U8LE));
    case ColumnType::Bool: return bool_type();
    case ColumnType::Kind: return Hid(H5Tcopy(kind_type));
    case ColumnType::Text: return utf8_string_type();
    case ColumnType::Bytes: return Hid(H5Tvlen_create(H5T_STD_U8LE));
  }
  return Hid();
}

// Writes rows [offset, offset + n) of a variable-length column after growing
// it to `extent` rows.
void write_rows(hid_t dataset, hid_t mem_type, hsize_t offset, hsize_t n, hsize_t extent, const void* data) {
  if (H5Dset_extent(dataset, &extent) >= 0) {
    Hid file_space(H5Dget_space(dataset));
    Hid mem_space(H5Screate_simple(1, &n, nullptr));
    if (file_space.valid() && mem_space.valid() &&
        H5Sselect_hyperslab(file_space.get(), H5S_SELECT_SET, &offset, nullptr, &n, nullptr) >= 0 &&
        H5Dwrite(dataset, mem_type, mem_space.get(), file_space.get(), H5P_DEFAULT, data) >= 0)
      return;
  }
  fail(dataset, "cannot write " + object_path(dataset));
}

}  // namespace

ColumnTable::ColumnTable(hid_t parent, const char* name, const TableSpec& spec, hid_t kind_type,
                         ChunkPipeline& pipeline)
    : pipeline_(pipeline), chunk_rows_(spec.chunk_rows), capacity_rows_(std::min<std::uint64_t>(chunk_rows_, kFirstRows)) {
  QuietHdf5Errors quiet;
  const std::string where = object_path(parent) == "/" ? std::string("/") + name : object_path(parent) + "/" + name;

  // No modification times in object headers: two runs must give equal files.
  Hid gcpl(H5Pcreate(H5P_GROUP_CREATE));
  H5Pset_obj_track_times(gcpl.get(), false);
  group_ = Hid(H5Gcreate2(parent, name, H5P_DEFAULT, gcpl.get(), H5P_DEFAULT));
  if (!group_.valid()) fail(parent, "cannot create the group " + where);

  const hsize_t zero = 0, unlimited = H5S_UNLIMITED, chunk = chunk_rows_;
  Hid space(H5Screate_simple(1, &zero, &unlimited));
  Hid dcpl(H5Pcreate(H5P_DATASET_CREATE));
  if (H5Pset_chunk(dcpl.get(), 1, &chunk) < 0 || H5Pset_shuffle(dcpl.get()) < 0 ||
      H5Pset_deflate(dcpl.get(), kDeflateLevel) < 0 || H5Pset_obj_track_times(dcpl.get(), false) < 0)
    fail(parent, "cannot set up the columns of " + where);

  columns_.reserve(spec.columns.size());
  for (const ColumnSpec& cs : spec.columns) {
    Column& c = columns_.emplace_back();
    c.spec = &cs;
    c.size = fixed_size(cs.type);
    Hid type = file_type(cs.type, kind_type);
    c.dataset = Hid(H5Dcreate2(group_.get(), cs.name, type.get(), space.get(), H5P_DEFAULT, dcpl.get(), H5P_DEFAULT));
    if (!c.dataset.valid()) fail(parent, "cannot create " + where + "/" + cs.name);
    write_attribute(c.dataset.get(), "units", cs.units);
    write_attribute(c.dataset.get(), "long_name", cs.long_name);
    if (cs.type == ColumnType::Text) c.mem_type = utf8_string_type();
    if (cs.type == ColumnType::Bytes) c.mem_type = Hid(H5Tvlen_create(H5T_NATIVE_UINT8));
    if (c.size != 0) c.fixed = pipeline_.take_buffer(capacity_rows_ * c.size);
  }

  const hid_t scale = columns_[spec.scale].dataset.get();
  if (H5DSset_scale(scale, spec.columns[spec.scale].name) < 0)
    fail(parent, "cannot make " + object_path(scale) + " a dimension scale");
  for (const Column& c : columns_)
    if (c.dataset.get() != scale && H5DSattach_scale(c.dataset.get(), scale, 0) < 0)
      fail(parent, "cannot attach the dimension scale to " + object_path(c.dataset.get()));
}

void ColumnTable::flush() {
  if (pending_ == 0) return;
  if (flushed_ % chunk_rows_ != 0) throw std::logic_error("ColumnTable::flush: rows after a partial chunk");
  QuietHdf5Errors quiet;
  const hsize_t offset = flushed_, n = pending_, extent = flushed_ + pending_;
  // Counted as handed on before anything can throw: after an error the rows
  // are lost, but set() never writes past a buffer.
  flushed_ += pending_;
  pending_ = 0;

  // Every column's rows go into jobs before any is submitted (and may write).
  std::vector<std::unique_ptr<ChunkJob>> jobs;
  jobs.reserve(columns_.size());
  for (Column& c : columns_) {
    auto job = std::make_unique<ChunkJob>();
    const hid_t ds = c.dataset.get();
    if (c.size != 0) {
      // HDF5 stores the last chunk whole; the pipeline adds the zeros (the
      // fill value) past the rows.
      c.fixed.resize(n * c.size);
      job->raw = std::exchange(c.fixed, pipeline_.take_buffer(capacity_rows_ * c.size));
      job->element_size = c.size;
      job->elements = chunk_rows_;
      job->write = [ds, offset, extent](std::span<const unsigned char> packed) {
        if (H5Dset_extent(ds, &extent) < 0 ||
            H5Dwrite_chunk(ds, H5P_DEFAULT, 0, &offset, packed.size(), packed.data()) < 0)
          fail(ds, "cannot write " + object_path(ds));
      };
    } else if (c.spec->type == ColumnType::Text) {
      job->write = [ds, mem = c.mem_type.get(), offset, n, extent,
                    texts = std::exchange(c.texts, {})](std::span<const unsigned char>) {
        std::vector<const char*> ptrs;
        ptrs.reserve(texts.size());
        for (const std::string& s : texts) ptrs.push_back(s.c_str());
        write_rows(ds, mem, offset, n, extent, ptrs.data());
      };
    } else {
      job->write = [ds, mem = c.mem_type.get(), offset, n, extent,
                    bytes = std::exchange(c.bytes, {})](std::span<const unsigned char>) {
        std::vector<hvl_t> seqs;
        seqs.reserve(bytes.size());
        for (const std::vector<std::uint8_t>& b : bytes)
          seqs.push_back(hvl_t{b.size(), const_cast<std::uint8_t*>(b.data())});
        write_rows(ds, mem, offset, n, extent, seqs.data());
      };
    }
    jobs.push_back(std::move(job));
  }
  for (std::unique_ptr<ChunkJob>& job : jobs) pipeline_.submit(std::move(job));
}

void ColumnTable::append_bytes(std::span<const std::uint8_t> data) {
  if (columns_.size() != 1 || columns_[0].spec->type != ColumnType::U8)
    throw std::logic_error("ColumnTable::append_bytes: the table must have one U8 column");
  while (!data.empty()) {
    const std::size_t n = std::min<std::size_t>(chunk_rows_ - pending_, data.size());
    if (pending_ + n > capacity_rows_) grow(std::max<std::uint64_t>(pending_ + n, 2 * capacity_rows_));
    std::memcpy(columns_[0].fixed.data() + pending_, data.data(), n);
    pending_ += n;
    data = data.subspan(n);
    if (pending_ == chunk_rows_) flush();
  }
}

void ColumnTable::grow(std::uint64_t rows) {
  capacity_rows_ = std::min(rows, chunk_rows_);
  for (Column& c : columns_)
    if (c.size != 0) c.fixed.resize(capacity_rows_ * c.size);
}

void ColumnTable::close() {
  QuietHdf5Errors quiet;
  const std::string file = file_name(group_.get());
  for (Column& c : columns_) {
    const std::string path = object_path(c.dataset.get());
    if (!c.dataset.close()) throw RunFileError(file + ": cannot close " + path);
  }
  const std::string path = object_path(group_.get());
  if (!group_.close()) throw RunFileError(file + ": cannot close " + path);
}

}  // namespace twinsim::recorder
