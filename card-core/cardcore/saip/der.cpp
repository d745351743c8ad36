// Strict DER reader and canonical writer (ITU-T X.690 §8, §10).
#include "cardcore/saip/der.hpp"

#include <stdexcept>

namespace cardcore::saip::der {

std::string tag_name(const Tag& t) {
  static const char* const kClass[] = {"UNIVERSAL ", "APPLICATION ", "", "PRIVATE "};
  std::string s = t.cls == Class::Universal ? std::string(kClass[0]) + std::to_string(t.number)
                                             : "[" + std::string(kClass[static_cast<int>(t.cls)]) +
                                                   std::to_string(t.number) + "]";
  return s + (t.constructed ? " (constructed)" : "");
}

std::string Context::where() const {
  std::string s;
  for (const auto& p : path) s += (s.empty() ? "" : ".") + p;
  return s;
}

void Context::fail(std::size_t offset, const std::string& problem) const {
  throw PackageError(pe, where(), offset, problem);
}

Tlv Reader::read_header() {
  const std::size_t start = pos_;
  std::size_t p = pos_;
  const std::size_t n = data_.size();
  auto at = [&](std::size_t i) { return base_ + i; };
  if (p >= n) ctx_.fail(at(p), "truncated: no identifier octet");
  Tlv t;
  t.offset = at(start);
  const std::uint8_t b0 = data_[p++];
  t.tag.cls = static_cast<Class>(b0 >> 6);
  t.tag.constructed = (b0 & 0x20) != 0;
  if ((b0 & 0x1F) != 0x1F) {
    t.tag.number = b0 & 0x1F;
  } else {
    // X.690 §8.1.2.4: base-128, no leading 0x80, and only for numbers >= 31.
    std::uint32_t num = 0;
    for (int i = 0;; ++i) {
      if (p >= n) ctx_.fail(at(start), "truncated identifier octets");
      const std::uint8_t b = data_[p++];
      if (i == 0 && b == 0x80) ctx_.fail(at(start), "tag number not in its shortest form");
      if (i == 3) ctx_.fail(at(start), "tag number too large");
      num = (num << 7) | (b & 0x7F);
      if (!(b & 0x80)) break;
    }
    if (num < 31) ctx_.fail(at(start), "tag number not in its shortest form");
    t.tag.number = num;
  }
  if (p >= n) ctx_.fail(at(start), "truncated: no length octet");
  const std::uint8_t l0 = data_[p++];
  std::size_t len = 0;
  if (l0 < 0x80) {
    len = l0;
  } else if (l0 == 0x80) {
    ctx_.fail(at(start), "indefinite length (not DER)");
  } else {
    const std::size_t k = l0 & 0x7F;
    if (k > 4) ctx_.fail(at(start), "length of " + std::to_string(k) + " octets (at most 4)");
    if (n - p < k) ctx_.fail(at(start), "truncated length octets");
    if (data_[p] == 0) ctx_.fail(at(start), "length not in its shortest form");
    for (std::size_t i = 0; i < k; ++i) len = (len << 8) | data_[p++];
    if (len < 0x80) ctx_.fail(at(start), "length not in its shortest form");
  }
  if (n - p < len) {
    ctx_.fail(at(start), "truncated: length " + std::to_string(len) + " but " + std::to_string(n - p) +
                             " bytes left");
  }
  t.value_offset = at(p);
  t.value = data_.subspan(p, len);
  return t;
}

std::optional<Tag> Reader::peek_tag() {
  if (at_end()) return std::nullopt;
  return read_header().tag;
}

Tlv Reader::next(const std::string& element) {
  if (at_end()) ctx_.fail(offset(), "missing " + element);
  Tlv t = read_header();
  pos_ = t.end() - base_;
  return t;
}

Tlv Reader::expect(const Tag& tag, const std::string& element) {
  if (at_end()) ctx_.fail(offset(), "missing " + element);
  const Tlv t = read_header();
  if (t.tag != tag) ctx_.fail(t.offset, "expected " + element + " " + tag_name(tag) + ", found " + tag_name(t.tag));
  pos_ = t.end() - base_;
  return t;
}

std::optional<Tlv> Reader::optional(const Tag& tag) {
  if (!next_is(tag)) return std::nullopt;
  const Tlv t = read_header();
  pos_ = t.end() - base_;
  return t;
}

void Reader::finish() {
  if (at_end()) return;
  const Tlv t = read_header();
  ctx_.fail(t.offset, "unexpected element " + tag_name(t.tag));
}

namespace {
void check_structure_at(Context& ctx, ByteView value, std::size_t base, int depth) {
  Reader r(ctx, value, base);
  while (!r.at_end()) {
    const Tlv t = r.next("element");
    if (!t.tag.constructed) continue;
    if (depth == kMaxNesting) ctx.fail(t.offset, "nested deeper than " + std::to_string(kMaxNesting) + " levels");
    check_structure_at(ctx, t.value, t.value_offset, depth + 1);
  }
}
}  // namespace

void check_structure(Context& ctx, ByteView value, std::size_t base) { check_structure_at(ctx, value, base, 1); }

namespace {
void primitive(Context& ctx, const Tlv& t) {
  if (t.tag.constructed) ctx.fail(t.offset, "constructed encoding of a primitive value");
}
}  // namespace

Bytes octets(Context& ctx, const Tlv& t, std::size_t min_size, std::size_t max_size) {
  primitive(ctx, t);
  if (t.value.size() < min_size || t.value.size() > max_size) {
    ctx.fail(t.offset, "size " + std::to_string(t.value.size()) + " out of range " + std::to_string(min_size) +
                           ".." + (max_size == SIZE_MAX ? std::string("MAX") : std::to_string(max_size)));
  }
  return Bytes(t.value.begin(), t.value.end());
}

void not_default(Context& ctx, const Tlv& t, bool is_default) {
  if (is_default) ctx.fail(t.offset, "DEFAULT value encoded (not DER)");
}

std::uint8_t defaulted_byte(Context& ctx, const Tlv& t, std::uint8_t dflt) {
  const Bytes b = octets(ctx, t, 1, 1);
  not_default(ctx, t, b[0] == dflt);
  return b[0];
}

std::uint8_t defaulted_uint8(Context& ctx, const Tlv& t, std::uint8_t dflt) {
  const auto v = static_cast<std::uint8_t>(integer(ctx, t, 0, 255));
  not_default(ctx, t, v == dflt);
  return v;
}

std::int64_t integer(Context& ctx, const Tlv& t, std::int64_t min, std::int64_t max) {
  primitive(ctx, t);
  const ByteView v = t.value;
  if (v.empty()) ctx.fail(t.offset, "empty INTEGER");
  if (v.size() > 1 && ((v[0] == 0x00 && !(v[1] & 0x80)) || (v[0] == 0xFF && (v[1] & 0x80)))) {
    ctx.fail(t.offset, "INTEGER not in its shortest form");
  }
  if (v.size() > 8) ctx.fail(t.offset, "INTEGER out of range");
  std::int64_t x = (v[0] & 0x80) ? -1 : 0;
  for (std::uint8_t b : v) x = static_cast<std::int64_t>((static_cast<std::uint64_t>(x) << 8) | b);
  if (x < min || x > max) {
    ctx.fail(t.offset, "value " + std::to_string(x) + " out of range " + std::to_string(min) + ".." +
                           std::to_string(max));
  }
  return x;
}

void null(Context& ctx, const Tlv& t) {
  primitive(ctx, t);
  if (!t.value.empty()) ctx.fail(t.offset, "NULL with contents");
}

std::string utf8(Context& ctx, const Tlv& t, std::size_t min_chars, std::size_t max_chars) {
  primitive(ctx, t);
  const ByteView v = t.value;
  std::size_t chars = 0;
  for (std::size_t i = 0; i < v.size(); ++chars) {
    const std::uint8_t b = v[i];
    std::size_t k = b < 0x80 ? 0 : (b & 0xE0) == 0xC0 ? 1 : (b & 0xF0) == 0xE0 ? 2 : (b & 0xF8) == 0xF0 ? 3 : 9;
    if (k == 9 || (k == 1 && b < 0xC2) || v.size() - i - 1 < k) ctx.fail(t.offset, "invalid UTF-8");
    for (std::size_t j = 1; j <= k; ++j) {
      if ((v[i + j] & 0xC0) != 0x80) ctx.fail(t.offset, "invalid UTF-8");
    }
    i += k + 1;
  }
  if (chars < min_chars || chars > max_chars) {
    ctx.fail(t.offset, "length " + std::to_string(chars) + " out of range " + std::to_string(min_chars) + ".." +
                           std::to_string(max_chars));
  }
  return std::string(v.begin(), v.end());
}

std::string oid(Context& ctx, const Tlv& t) {
  primitive(ctx, t);
  const ByteView v = t.value;
  if (v.empty()) ctx.fail(t.offset, "empty OBJECT IDENTIFIER");
  std::vector<std::uint64_t> arcs;
  std::uint64_t x = 0;
  bool fresh = true;
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (fresh && v[i] == 0x80) ctx.fail(t.offset, "OBJECT IDENTIFIER arc not in its shortest form");
    if (x >> 56) ctx.fail(t.offset, "OBJECT IDENTIFIER arc too large");
    x = (x << 7) | (v[i] & 0x7F);
    fresh = !(v[i] & 0x80);
    if (fresh) {
      arcs.push_back(x);
      x = 0;
    }
  }
  if (!fresh) ctx.fail(t.offset, "truncated OBJECT IDENTIFIER");
  // §8.19.4: the first subidentifier holds the first two arcs.
  std::string s;
  const std::uint64_t first = arcs[0] < 40 ? 0 : arcs[0] < 80 ? 1 : 2;
  s = std::to_string(first) + "." + std::to_string(arcs[0] - 40 * first);
  for (std::size_t i = 1; i < arcs.size(); ++i) s += "." + std::to_string(arcs[i]);
  return s;
}

void put(Bytes& out, const Tag& t, ByteView value) {
  const std::uint8_t head = static_cast<std::uint8_t>((static_cast<unsigned>(t.cls) << 6) | (t.constructed ? 0x20 : 0));
  if (t.number < 31) {
    out.push_back(static_cast<std::uint8_t>(head | t.number));
  } else {
    out.push_back(head | 0x1F);
    int groups = 1;
    while (groups < 5 && (t.number >> (7 * groups))) ++groups;
    for (int g = groups - 1; g >= 0; --g) {
      out.push_back(static_cast<std::uint8_t>(((t.number >> (7 * g)) & 0x7F) | (g ? 0x80 : 0)));
    }
  }
  const std::size_t n = value.size();
  if (n > 0xFFFFFFFFu) throw std::length_error("DER value too long");
  if (n < 0x80) {
    out.push_back(static_cast<std::uint8_t>(n));
  } else {
    int k = 1;
    while (k < 4 && (n >> (8 * k))) ++k;
    out.push_back(static_cast<std::uint8_t>(0x80 | k));
    for (int i = k - 1; i >= 0; --i) out.push_back(static_cast<std::uint8_t>(n >> (8 * i)));
  }
  out.insert(out.end(), value.begin(), value.end());
}

Bytes tlv(const Tag& t, ByteView value) {
  Bytes out;
  put(out, t, value);
  return out;
}

Bytes integer_value(std::int64_t v) {
  Bytes b;
  for (int i = 7; i >= 0; --i) b.push_back(static_cast<std::uint8_t>(static_cast<std::uint64_t>(v) >> (8 * i)));
  std::size_t skip = 0;
  while (skip + 1 < b.size() && ((b[skip] == 0x00 && !(b[skip + 1] & 0x80)) || (b[skip] == 0xFF && (b[skip + 1] & 0x80)))) {
    ++skip;
  }
  return Bytes(b.begin() + static_cast<std::ptrdiff_t>(skip), b.end());
}

Bytes oid_value(const std::string& dotted) {
  std::vector<std::uint64_t> arcs;
  std::size_t i = 0;
  while (i <= dotted.size()) {
    const std::size_t j = dotted.find('.', i);
    const std::string part = dotted.substr(i, j == std::string::npos ? std::string::npos : j - i);
    if (part.empty() || part.size() > 18 || part.find_first_not_of("0123456789") != std::string::npos) {
      throw std::invalid_argument("bad OBJECT IDENTIFIER '" + dotted + "'");
    }
    arcs.push_back(std::stoull(part));
    if (j == std::string::npos) break;
    i = j + 1;
  }
  if (arcs.size() < 2 || arcs[0] > 2 || (arcs[0] < 2 && arcs[1] > 39)) {
    throw std::invalid_argument("bad OBJECT IDENTIFIER '" + dotted + "'");
  }
  Bytes out;
  auto put_arc = [&out](std::uint64_t a) {
    int groups = 1;
    while (groups < 10 && (a >> (7 * groups))) ++groups;
    for (int g = groups - 1; g >= 0; --g) out.push_back(static_cast<std::uint8_t>(((a >> (7 * g)) & 0x7F) | (g ? 0x80 : 0)));
  };
  put_arc(arcs[0] * 40 + arcs[1]);
  for (std::size_t k = 2; k < arcs.size(); ++k) put_arc(arcs[k]);
  return out;
}

}  // namespace cardcore::saip::der
