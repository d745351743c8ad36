#include "mpi_ranks.hpp"

#include <dlfcn.h>
#include <link.h>
#include <mpi.h>

#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <string>

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define ESIMTWIN_LSAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define ESIMTWIN_LSAN 1
#endif
#ifdef ESIMTWIN_LSAN
#include <sanitizer/lsan_interface.h>
#endif

namespace esimtwin {

namespace {

// Open MPI keeps some of what it allocates until the process ends and
// unloads the components that allocated it at MPI_Finalize, so
// LeakSanitizer can neither name them nor be told to suppress them: under
// the sanitizers, what an MPI call allocates on this thread is not counted.
struct MpiAllocations {
  MpiAllocations() {
#ifdef ESIMTWIN_LSAN
    __lsan_disable();
#endif
  }
  ~MpiAllocations() {
#ifdef ESIMTWIN_LSAN
    __lsan_enable();
#endif
  }
  MpiAllocations(const MpiAllocations&) = delete;
  MpiAllocations& operator=(const MpiAllocations&) = delete;
};

// SimGrid's library also holds an MPI (SMPI, for simulated MPI programs)
// and is loaded before Open MPI's, so a plain call to MPI_Init would reach
// SMPI, which aborts outside smpirun. Every MPI function is therefore taken
// from Open MPI's library itself: the loaded object named libmpi.so.*.
void* open_mpi_library() {
  static void* const library = [] {
    std::string path;
    dl_iterate_phdr(
        [](dl_phdr_info* info, std::size_t, void* out) {
          const char* name = info->dlpi_name ? std::strrchr(info->dlpi_name, '/') : nullptr;
          if (name && std::strncmp(name + 1, "libmpi.so", 9) == 0) {
            *static_cast<std::string*>(out) = info->dlpi_name;
            return 1;
          }
          return 0;
        },
        &path);
    void* h = path.empty() ? nullptr : dlopen(path.c_str(), RTLD_NOW | RTLD_NOLOAD);
    if (!h) throw std::runtime_error("esimtwin sweep: Open MPI's libmpi is not loaded");
    return h;
  }();
  return library;
}

template <class F>
F* mpi_function(const char* name) {
  void* f = dlsym(open_mpi_library(), name);
  if (!f) throw std::runtime_error(std::string("esimtwin sweep: Open MPI's library has no ") + name);
  return reinterpret_cast<F*>(f);
}

// Open MPI's `name`, with the signature mpi.h declares.
#define FROM_OPEN_MPI(name) mpi_function<decltype(name)>(#name)

}  // namespace

MpiRanks::MpiRanks(Waiting waiting) {
  const MpiAllocations mpi;
  if (waiting == Waiting::Yield) setenv("OMPI_MCA_mpi_yield_when_idle", "1", 0);
  int started = 0;
  FROM_OPEN_MPI(MPI_Initialized)(&started);
  if (!started && FROM_OPEN_MPI(MPI_Init)(nullptr, nullptr) != MPI_SUCCESS) throw std::runtime_error("MPI_Init failed");
  FROM_OPEN_MPI(MPI_Comm_rank)(MPI_COMM_WORLD, &rank_);
  FROM_OPEN_MPI(MPI_Comm_size)(MPI_COMM_WORLD, &size_);
}

MpiRanks::~MpiRanks() {
#ifdef ESIMTWIN_LSAN
  // The process's leak check now, while MPI's components (and the threads
  // they started) still hold what they allocated: after MPI_Finalize it is
  // unreachable and its code unloaded. The check at exit is then skipped.
  __lsan_do_leak_check();
#endif
  const MpiAllocations mpi;
  int finished = 0;
  FROM_OPEN_MPI(MPI_Finalized)(&finished);
  if (!finished) FROM_OPEN_MPI(MPI_Finalize)();
}

std::vector<std::string> MpiRanks::gather(const std::string& text) const {
  const MpiAllocations mpi;
  const int length = static_cast<int>(text.size());
  std::vector<int> lengths(rank_ == 0 ? size_ : 0);
  FROM_OPEN_MPI(MPI_Gather)(&length, 1, MPI_INT, lengths.data(), 1, MPI_INT, 0, MPI_COMM_WORLD);
  std::vector<int> offsets(lengths.size());
  int total = 0;
  for (std::size_t r = 0; r < lengths.size(); ++r) offsets[r] = total, total += lengths[r];
  std::string all(static_cast<std::size_t>(total), '\0');
  FROM_OPEN_MPI(MPI_Gatherv)(text.data(), length, MPI_CHAR, all.data(), lengths.data(), offsets.data(), MPI_CHAR, 0,
                        MPI_COMM_WORLD);
  std::vector<std::string> out;
  for (std::size_t r = 0; r < lengths.size(); ++r) out.push_back(all.substr(offsets[r], lengths[r]));
  return out;
}

std::vector<std::string> MpiRanks::all_to_all(const std::vector<std::string>& to) const {
  const MpiAllocations mpi;
  std::vector<int> send_lengths(static_cast<std::size_t>(size_)), recv_lengths(send_lengths.size());
  for (std::size_t r = 0; r < send_lengths.size(); ++r) send_lengths[r] = static_cast<int>(to.at(r).size());
  FROM_OPEN_MPI(MPI_Alltoall)(send_lengths.data(), 1, MPI_INT, recv_lengths.data(), 1, MPI_INT, MPI_COMM_WORLD);
  std::vector<int> send_offsets(send_lengths.size()), recv_offsets(recv_lengths.size());
  std::string sent, received;
  for (std::size_t r = 0; r < send_lengths.size(); ++r) {
    send_offsets[r] = static_cast<int>(sent.size());
    sent += to[r];
    recv_offsets[r] = static_cast<int>(received.size());
    received.resize(received.size() + static_cast<std::size_t>(recv_lengths[r]));
  }
  FROM_OPEN_MPI(MPI_Alltoallv)(sent.data(), send_lengths.data(), send_offsets.data(), MPI_CHAR, received.data(),
                               recv_lengths.data(), recv_offsets.data(), MPI_CHAR, MPI_COMM_WORLD);
  std::vector<std::string> out;
  for (std::size_t r = 0; r < recv_lengths.size(); ++r) out.push_back(received.substr(recv_offsets[r], recv_lengths[r]));
  return out;
}

void MpiRanks::abort_all(int code) const {
  FROM_OPEN_MPI(MPI_Abort)(MPI_COMM_WORLD, code);
  std::_Exit(code);
}

int MpiRanks::broadcast(int value) const {
  const MpiAllocations mpi;
  FROM_OPEN_MPI(MPI_Bcast)(&value, 1, MPI_INT, 0, MPI_COMM_WORLD);
  return value;
}

}  // namespace esimtwin
