#pragma once
// Wipes key material from memory where the compiler cannot drop the stores
// as dead: a memset the compiler may inline and vectorize (unlike
// OPENSSL_cleanse's call through a volatile pointer, which cost 2.5 % of a
// device's activity in bench/bench_activity.cpp), then an empty asm that
// claims to read the memory, so the stores must happen. glibc's
// explicit_bzero is built the same way.
#include <cstddef>
#include <cstring>

namespace cardcore {

inline void wipe(void* p, std::size_t n) {
  std::memset(p, 0, n);
  asm volatile("" : : "r"(p) : "memory");
}

}  // namespace cardcore
