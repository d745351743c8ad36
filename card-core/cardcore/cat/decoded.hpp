#pragma once
// The outcome of decoding toolkit bytes: the value, or a short static English
// reason ("missing Device identities", "bad Duration") and no value.
namespace cardcore::cat {

template <class T>
struct Decoded {
  T value{};
  const char* error = nullptr;
  bool ok() const { return error == nullptr; }
};

template <class T>
Decoded<T> refuse(const char* why) {
  return {T{}, why};
}

}  // namespace cardcore::cat
