#pragma once
// Strict DER (ITU-T X.690 §8, §10) for the profile package: identifier
// octets with any tag number (§8.1.2.4, high tag numbers in the shortest
// form), definite lengths in the shortest form (§10.1) of up to four
// length octets, primitive/constructed as the type requires (§10.2).
// card-core's tlv/ber_tlv.hpp stops at two-byte tags and 65535-byte values
// and gives no absolute offsets, so the package has its own small reader;
// tlv/ is left as it is.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "cardcore/saip/package_error.hpp"
#include "cardcore/util/bytes.hpp"

namespace cardcore::saip::der {

enum class Class : std::uint8_t { Universal = 0, Application = 1, Context = 2, Private = 3 };

struct Tag {
  Class cls = Class::Universal;
  bool constructed = false;
  std::uint32_t number = 0;
  bool operator==(const Tag&) const = default;
};

// X.680 §8.4 universal tags used by PEDefinitions.
inline constexpr Tag kInteger{Class::Universal, false, 2};
inline constexpr Tag kOctetString{Class::Universal, false, 4};
inline constexpr Tag kNull{Class::Universal, false, 5};
inline constexpr Tag kOid{Class::Universal, false, 6};
inline constexpr Tag kUtf8String{Class::Universal, false, 12};
inline constexpr Tag kSequence{Class::Universal, true, 16};

// [n] IMPLICIT, primitive (cp) / constructed (cc): PEDefinitions has AUTOMATIC TAGS.
constexpr Tag cp(std::uint32_t n) { return {Class::Context, false, n}; }
constexpr Tag cc(std::uint32_t n) { return {Class::Context, true, n}; }
constexpr Tag app(std::uint32_t n) { return {Class::Application, false, n}; }
constexpr Tag appc(std::uint32_t n) { return {Class::Application, true, n}; }
constexpr Tag priv(std::uint32_t n) { return {Class::Private, false, n}; }
constexpr Tag privc(std::uint32_t n) { return {Class::Private, true, n}; }

// "[3]", "[APPLICATION 15]", "UNIVERSAL 16" — for messages.
std::string tag_name(const Tag& t);

// One decoded TLV. Offsets are from the start of the package.
struct Tlv {
  Tag tag;
  std::size_t offset = 0;        // first identifier octet
  std::size_t value_offset = 0;  // first value octet
  ByteView value;                // refers into the decoded input
  std::size_t end() const { return value_offset + value.size(); }
};

// Where the decoder is: the PE index and the ASN.1 element path, for
// PackageError. Scope pushes one path component for its lifetime.
class Context {
 public:
  std::size_t pe = kNoPe;
  std::vector<std::string> path;

  std::string where() const;
  [[noreturn]] void fail(std::size_t offset, const std::string& problem) const;

  class Scope {
   public:
    Scope(Context& c, std::string name) : c_(c) { c_.path.push_back(std::move(name)); }
    ~Scope() { c_.path.pop_back(); }
    Scope(const Scope&) = delete;
    Scope& operator=(const Scope&) = delete;

   private:
    Context& c_;
  };
};

// Reads the TLVs of one value (the contents of a SEQUENCE, or the whole
// package) one after the other. Never reads past `data`.
class Reader {
 public:
  // `base`: the package offset of data[0].
  Reader(Context& ctx, ByteView data, std::size_t base) : ctx_(ctx), data_(data), base_(base) {}
  Reader(Context& ctx, const Tlv& constructed) : Reader(ctx, constructed.value, constructed.value_offset) {}

  bool at_end() const { return pos_ == data_.size(); }
  std::size_t offset() const { return base_ + pos_; }
  // The next TLV's tag; nullopt at the end. Throws for a malformed header.
  std::optional<Tag> peek_tag();
  bool next_is(const Tag& t) { auto p = peek_tag(); return p && *p == t; }
  // The next TLV, whatever its tag ("missing <element>" at the end).
  Tlv next(const std::string& element);
  // The next TLV, which must have tag `t`.
  Tlv expect(const Tag& t, const std::string& element);
  // The next TLV if it has tag `t`.
  std::optional<Tlv> optional(const Tag& t);
  // Nothing may follow ("unexpected <tag>").
  void finish();

  Context& context() { return ctx_; }

 private:
  Tlv read_header();

  Context& ctx_;
  ByteView data_;
  std::size_t base_;
  std::size_t pos_ = 0;
};

// Checks that `value` is a well-formed DER TLV sequence throughout (every
// constructed value recursively, at most kMaxNesting levels), for elements
// kept opaque.
inline constexpr int kMaxNesting = 32;
void check_structure(Context& ctx, ByteView value, std::size_t base);

// --- primitive values (X.690 §8.2-§8.21); each checks the tag's form ---
Bytes octets(Context& ctx, const Tlv& t, std::size_t min_size = 0, std::size_t max_size = SIZE_MAX);
// INTEGER in min..max (the shortest two's complement form, §8.3.2).
std::int64_t integer(Context& ctx, const Tlv& t, std::int64_t min, std::int64_t max);
// X.690 §11.5 (DER): a component equal to its DEFAULT is not encoded; fails
// the context at `t` when `is_default`.
void not_default(Context& ctx, const Tlv& t, bool is_default);
// A one-byte OCTET STRING and an INTEGER 0..255 with a DEFAULT, checked not
// to be encoded at their default.
std::uint8_t defaulted_byte(Context& ctx, const Tlv& t, std::uint8_t dflt);
std::uint8_t defaulted_uint8(Context& ctx, const Tlv& t, std::uint8_t dflt);
void null(Context& ctx, const Tlv& t);
std::string utf8(Context& ctx, const Tlv& t, std::size_t min_chars, std::size_t max_chars);
// OBJECT IDENTIFIER as dotted text ("2.23.143.1.2.1", §8.19).
std::string oid(Context& ctx, const Tlv& t);

// --- encoding: canonical DER ---
void put(Bytes& out, const Tag& t, ByteView value);
Bytes tlv(const Tag& t, ByteView value);
Bytes integer_value(std::int64_t v);
// Throws std::invalid_argument for text that is not a valid OID.
Bytes oid_value(const std::string& dotted);

}  // namespace cardcore::saip::der
