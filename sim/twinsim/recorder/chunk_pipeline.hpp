#pragma once
// Compresses chunks of the run file off the engine thread and writes them in
// the order they were submitted.
//
// Why: deflate level 4 costs about 350 ns per event row (21 bytes, mostly the
// random low bytes of t and device) on the project machine, several times
// the budget of the engine thread. So each chunk is shuffled and deflated on
// worker threads exactly as HDF5's shuffle + deflate filters would, and the
// engine thread only stores the finished bytes with H5Dwrite_chunk.
//
// Determinism: all HDF5 calls stay on the submitting thread, in submission
// order, and a job's bytes depend only on its input, so the file does not
// depend on thread timing. Workers never call HDF5 (it is not reentrant).
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <thread>
#include <vector>

namespace twinsim::recorder {

struct ChunkJob {
  // The chunk's first elements one after another, in the file's byte
  // order; the rest of its `elements` are zeros (HDF5 stores the last
  // chunk whole, with the fill value past the dataset's end). Empty for a
  // job with nothing to compress.
  std::vector<unsigned char> raw;
  // Bytes per element (the shuffle filter's parameter); 0: no compression.
  std::size_t element_size = 0;
  std::size_t elements = 0;  // in the whole chunk
  // Stores the job in the file, on the submitting thread. `packed` is the
  // shuffled and deflated `raw` (empty when element_size is 0).
  std::function<void(std::span<const unsigned char> packed)> write;

  // Filled by the pipeline: the shuffled and deflated chunk.
  std::vector<unsigned char> packed;
  int zlib_status = 0;
  bool done = false;
};

class ChunkPipeline {
 public:
  // `file` names the file in error messages. workers: threads compressing
  // (0: the submitting thread compresses everything itself).
  ChunkPipeline(std::string file, int deflate_level, unsigned workers);
  ~ChunkPipeline();  // stops the workers; jobs not yet written are dropped
  ChunkPipeline(const ChunkPipeline&) = delete;
  ChunkPipeline& operator=(const ChunkPipeline&) = delete;

  // One worker per core beyond the engine's own, at least one, at most 3.
  static unsigned default_workers();

  // A buffer of `size` bytes for the next chunk, recycled from written jobs
  // when possible (without zero-filling it: a buffer at least that large is
  // shrunk). Its content is unspecified.
  std::vector<unsigned char> take_buffer(std::size_t size);

  // Queues a job, then writes the jobs that are ready. When too many are
  // pending, compresses on this thread too (or waits) so memory stays bounded.
  void submit(std::unique_ptr<ChunkJob> job);
  // Compresses and writes every pending job.
  void finish();

 private:
  // What one thread compresses with, kept from chunk to chunk: the
  // shuffled chunk, the deflate output and zlib's stream (reset, not
  // allocated again, for each chunk).
  struct Deflater {
    Deflater() = default;
    Deflater(const Deflater&) = delete;
    Deflater& operator=(const Deflater&) = delete;
    ~Deflater();
    std::vector<unsigned char> shuffled;
    std::vector<unsigned char> out;
    void* stream = nullptr;  // z_stream, once initialised
  };

  void worker_loop();
  void compress(ChunkJob& job, Deflater& d) const noexcept;
  void write_ready();
  void help_or_wait();

  std::string file_;
  int level_;
  std::vector<std::thread> workers_;
  std::mutex mutex_;
  std::condition_variable work_cv_;
  std::condition_variable done_cv_;
  std::deque<ChunkJob*> queued_jobs_;                     // guarded by mutex_
  bool stop_ = false;                              // guarded by mutex_
  std::deque<std::unique_ptr<ChunkJob>> order_;    // submitting thread only
  std::vector<std::vector<unsigned char>> spare_;  // submitting thread only
  Deflater own_;                                   // the submitting thread's
};

}  // namespace twinsim::recorder
