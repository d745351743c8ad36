#include "twinsim/recorder/chunk_pipeline.hpp"

#include <zlib.h>

#include <algorithm>
#include <cstring>
#include <new>
#include <system_error>

#include "twinsim/recorder/run_file.hpp"

namespace twinsim::recorder {

namespace {

// Jobs submitted but not yet written. Bounds memory (a chunk is at most
// 64 Ki rows x 8 bytes = 512 KiB, so 32 jobs hold at most 16 MiB plus their
// compressed copies) and how far the workers may fall behind.
constexpr std::size_t kMaxPending = 32;
// Buffers kept for reuse, so a long run does not allocate (and page-fault)
// a fresh half-megabyte buffer per column chunk.
constexpr std::size_t kMaxSpare = 24;

// HDF5's shuffle filter (H5Zshuffle.c): byte j of element i goes to
// j * count + i, so equal high-order bytes end up next to each other. The
// elements from `used` on are zeros.
void shuffle(const unsigned char* src, std::size_t used, std::size_t count, std::size_t size, unsigned char* dst) {
  for (std::size_t j = 0; j < size; ++j) {
    unsigned char* out = dst + j * count;
    const unsigned char* in = src + j;
    for (std::size_t i = 0; i < used; ++i) out[i] = in[i * size];
    std::memset(out + used, 0, count - used);
  }
}

}  // namespace

ChunkPipeline::ChunkPipeline(std::string file, int deflate_level, unsigned workers)
    : file_(std::move(file)), level_(deflate_level) {
  try {
    for (unsigned i = 0; i < workers; ++i) workers_.emplace_back([this] { worker_loop(); });
  } catch (const std::system_error&) {
    // No more threads: the ones started (possibly none) and the submitting
    // thread do the work; slower, still correct.
  }
}

ChunkPipeline::~ChunkPipeline() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  work_cv_.notify_all();
  for (std::thread& t : workers_) t.join();
}

unsigned ChunkPipeline::default_workers() {
  const unsigned cores = std::thread::hardware_concurrency();
  return cores <= 1 ? 0 : std::min(cores - 1, 3u);
}

std::vector<unsigned char> ChunkPipeline::take_buffer(std::size_t size) {
  auto best = spare_.end();
  for (auto it = spare_.begin(); it != spare_.end(); ++it)
    if (it->capacity() >= size && (best == spare_.end() || it->capacity() < best->capacity())) best = it;
  if (best == spare_.end()) return std::vector<unsigned char>(size);
  std::vector<unsigned char> buf = std::move(*best);
  spare_.erase(best);
  buf.resize(size);
  return buf;
}

ChunkPipeline::Deflater::~Deflater() {
  if (!stream) return;
  deflateEnd(static_cast<z_stream*>(stream));
  delete static_cast<z_stream*>(stream);
}

void ChunkPipeline::compress(ChunkJob& job, Deflater& d) const noexcept {
  const std::size_t n = job.elements * job.element_size, used = job.raw.size();
  const unsigned char* src = job.raw.data();
  // Failures are reported as zlib's status when the job is written: an
  // exception must not escape a worker thread, nor leave the job forever
  // unfinished.
  try {
    if (job.element_size > 1 || used < n) {
      d.shuffled.resize(n);
      if (job.element_size > 1) {
        shuffle(src, used / job.element_size, job.elements, job.element_size, d.shuffled.data());
      } else {
        std::memcpy(d.shuffled.data(), src, used);
        std::memset(d.shuffled.data() + used, 0, n - used);
      }
      src = d.shuffled.data();
    }
    d.out.resize(compressBound(static_cast<uLong>(n)));
    if (!d.stream) {
      auto* z = new z_stream{};
      if (const int rc = deflateInit(z, level_); rc != Z_OK) {
        delete z;
        job.zlib_status = rc;
        return;
      }
      d.stream = z;
    } else if (const int rc = deflateReset(static_cast<z_stream*>(d.stream)); rc != Z_OK) {
      job.zlib_status = rc;
      return;
    }
    // What compress2() does, the call of HDF5's deflate filter
    // (H5Zdeflate.c), so the stored chunk is what H5Dwrite would have
    // produced: one deflate to the end, from a stream in its initial state.
    z_stream& z = *static_cast<z_stream*>(d.stream);
    z.next_in = const_cast<unsigned char*>(src);
    z.avail_in = static_cast<uInt>(n);
    z.next_out = d.out.data();
    z.avail_out = static_cast<uInt>(d.out.size());
    const int rc = deflate(&z, Z_FINISH);
    if (rc != Z_STREAM_END) {
      job.zlib_status = rc == Z_OK ? Z_BUF_ERROR : rc;
      return;
    }
    job.packed.assign(d.out.data(), d.out.data() + z.total_out);
    job.zlib_status = Z_OK;
  } catch (const std::bad_alloc&) {
    job.zlib_status = Z_MEM_ERROR;
  }
}

void ChunkPipeline::worker_loop() {
  Deflater d;
  std::unique_lock lock(mutex_);
  for (;;) {
    work_cv_.wait(lock, [this] { return stop_ || !queued_jobs_.empty(); });
    if (stop_) return;
    ChunkJob* job = queued_jobs_.front();
    queued_jobs_.pop_front();
    lock.unlock();
    compress(*job, d);
    lock.lock();
    job->done = true;
    done_cv_.notify_all();
  }
}

void ChunkPipeline::submit(std::unique_ptr<ChunkJob> job) {
  ChunkJob* p = job.get();
  const bool compressed = p->element_size != 0;
  order_.push_back(std::move(job));
  {
    std::lock_guard lock(mutex_);
    if (compressed)
      queued_jobs_.push_back(p);
    else
      p->done = true;
  }
  if (compressed) work_cv_.notify_one();
  write_ready();
  // Without workers this thread compresses every job at once.
  const std::size_t limit = workers_.empty() ? 0 : kMaxPending;
  while (order_.size() > limit) {
    help_or_wait();
    write_ready();
  }
}

void ChunkPipeline::finish() {
  while (!order_.empty()) {
    help_or_wait();
    write_ready();
  }
}

void ChunkPipeline::help_or_wait() {
  std::unique_lock lock(mutex_);
  if (order_.front()->done) return;
  if (!queued_jobs_.empty()) {
    ChunkJob* job = queued_jobs_.front();
    queued_jobs_.pop_front();
    lock.unlock();
    compress(*job, own_);
    lock.lock();
    job->done = true;
    return;
  }
  // Every queued job is being compressed by a worker: wait for the oldest.
  done_cv_.wait(lock, [this] { return order_.front()->done; });
}

void ChunkPipeline::write_ready() {
  while (!order_.empty()) {
    {
      std::lock_guard lock(mutex_);
      if (!order_.front()->done) return;
    }
    std::unique_ptr<ChunkJob> job = std::move(order_.front());
    order_.pop_front();
    if (job->element_size != 0 && job->zlib_status != Z_OK)
      throw RunFileError(file_ + ": cannot compress a chunk (zlib error " + std::to_string(job->zlib_status) + ")");
    job->write(job->packed);
    if (job->raw.capacity() != 0 && spare_.size() < kMaxSpare) spare_.push_back(std::move(job->raw));
  }
}

}  // namespace twinsim::recorder
