#pragma once
// Bytes in and out of a sharded run's messages between ranks (docs/SCALING.md,
// "Sharded runs"): plain copies of trivially copyable values, since every
// rank runs the same binary on the same machine type.
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

namespace twinsim::shard {

template <class T>
void put(std::string& out, const T& v) {
  static_assert(std::is_trivially_copyable_v<T>);
  out.append(reinterpret_cast<const char*>(&v), sizeof v);
}
template <class T>
void put_all(std::string& out, const std::vector<T>& v) {
  static_assert(std::is_trivially_copyable_v<T>);
  put(out, static_cast<std::uint64_t>(v.size()));
  if (!v.empty()) out.append(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(T));
}

class Reader {
 public:
  explicit Reader(const std::string& s) : s_(s) {}
  template <class T>
  T get() {
    static_assert(std::is_trivially_copyable_v<T>);
    need(sizeof(T));
    T v;
    std::memcpy(&v, s_.data() + at_, sizeof v);
    at_ += sizeof v;
    return v;
  }
  template <class T>
  std::vector<T> get_all() {
    const auto n = get<std::uint64_t>();
    need(n * sizeof(T));
    std::vector<T> v(n);
    if (!v.empty()) std::memcpy(v.data(), s_.data() + at_, v.size() * sizeof(T));
    at_ += v.size() * sizeof(T);
    return v;
  }
  bool done() const { return at_ >= s_.size(); }

 private:
  // A message cut short is a fault of the program, not of input.
  void need(std::uint64_t bytes) const {
    if (bytes > s_.size() - at_) throw std::logic_error("a sharded run's message ends early");
  }
  const std::string& s_;
  std::size_t at_ = 0;
};

}  // namespace twinsim::shard
