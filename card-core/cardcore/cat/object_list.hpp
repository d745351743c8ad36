#pragma once
// The COMPREHENSION-TLV data objects that make up a proactive command, an
// envelope or a terminal response (TS 102 223 §6.6, §6.8, §7), looked up by
// tag: the receiver finds each object where it is, whatever its CR flag.
#include <optional>
#include <vector>

#include "cardcore/cat/decoded.hpp"
#include "cardcore/cat/objects.hpp"
#include "cardcore/tlv/comprehension_tlv.hpp"

namespace cardcore::cat {

class ObjectList {
 public:
  // The data objects spanning all of `in`; refers into `in`.
  static Decoded<ObjectList> parse(ByteView in);

  const std::vector<tlv::Ctlv>& objects() const { return objects_; }
  // The nth object with this tag (0 = the first), nullptr if there is none.
  const tlv::Ctlv* find(std::uint16_t tag, std::size_t nth = 0) const;

  // A mandatory object: nullptr, or the reason it is missing or malformed.
  template <class T>
  const char* get(T& out, std::size_t nth = 0) const {
    const tlv::Ctlv* t = find(T::kTag, nth);
    if (!t) return missing<T>();
    return read(t->value, out);
  }
  // An optional object: left empty when absent.
  template <class T>
  const char* get(std::optional<T>& out, std::size_t nth = 0) const {
    out.reset();
    const tlv::Ctlv* t = find(T::kTag, nth);
    if (!t) return nullptr;
    T v;
    if (const char* e = read(t->value, v)) return e;
    out = std::move(v);
    return nullptr;
  }

 private:
  template <class T>
  static const char* missing();
  std::vector<tlv::Ctlv> objects_;
};

template <class T>
const char* ObjectList::missing() {
  // One static string per object type: "missing Device identities".
  static const std::string text = std::string("missing ") + T::kName;
  return text.c_str();
}

// Appends an optional object when present.
template <class T>
void put(Bytes& out, const std::optional<T>& v) {
  if (v) put(out, *v);
}

}  // namespace cardcore::cat
