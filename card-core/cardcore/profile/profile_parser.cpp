// The profile description parser and template builder (docs/PROFILE-FORMAT.md):
// text -> sections -> file tree, PINs, keys -> checks (links, access rules)
// -> NVM layout and factory image.
#include "cardcore/profile/profile_parser.hpp"

#include <algorithm>
#include <charconv>
#include <fstream>
#include <map>
#include <sstream>

#include "cardcore/auth/milenage.hpp"
#include "cardcore/auth/sqn_array.hpp"
#include "cardcore/fs/created_area.hpp"
#include "cardcore/fs/file_ids.hpp"
#include "cardcore/gp/registry_record.hpp"
#include "cardcore/usim/identifiers.hpp"

namespace cardcore {

ProfileError::ProfileError(const std::string& source, std::size_t line, const std::string& problem)
    : std::runtime_error(line != 0 ? source + ":" + std::to_string(line) + ": " + problem : source + ": " + problem),
      line_(line) {}

namespace {

constexpr std::uint8_t kLcsActivated = 0x05;      // §11.1.1.4.9
constexpr std::uint32_t kFileStateBytes = 2;      // FileNode::state_addr

// ---------------------------------------------------------------- lexing

struct Entry {
  std::string key;
  std::string value;
  std::size_t line = 0;
};

struct Section {
  std::string kind;  // profile, auth, pin, file
  std::string name;  // pin and file sections
  std::size_t line = 0;
  std::vector<Entry> entries;

  std::string title() const { return name.empty() ? "[" + kind + "]" : "[" + kind + " " + name + "]"; }
  const Entry* find(std::string_view key) const {
    for (const Entry& e : entries) {
      if (e.key == key) return &e;
    }
    return nullptr;
  }
};

struct Ctx {
  const std::string& source;
  [[noreturn]] void fail(std::size_t line, const std::string& problem) const {
    throw ProfileError(source, line, problem);
  }
};

std::string_view trim(std::string_view s) {
  const auto first = s.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  const auto last = s.find_last_not_of(" \t");
  return s.substr(first, last - first + 1);
}

// A '#' at the start of a line or after a blank starts a comment, so that
// "arr = 2F06#1" keeps its '#'.
std::string_view strip_comment(std::string_view line) {
  for (std::size_t i = 0; i < line.size(); ++i) {
    if (line[i] == '#' && (i == 0 || line[i - 1] == ' ' || line[i - 1] == '\t')) return line.substr(0, i);
  }
  return line;
}

// "record 12" -> 12; 0 if the key is not of that form.
unsigned record_key_number(std::string_view key) {
  if (key.substr(0, 6) != "record" || key.size() < 8 || (key[6] != ' ' && key[6] != '\t')) return 0;
  const std::string_view digits = trim(key.substr(6));
  unsigned n = 0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
  if (ec != std::errc() || end != digits.data() + digits.size() || n == 0) return 0;
  return n;
}

std::vector<Section> split_sections(std::string_view text, const Ctx& ctx) {
  std::vector<Section> out;
  std::size_t line_no = 0;
  while (!text.empty()) {
    const std::size_t nl = text.find('\n');
    std::string_view raw = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
    ++line_no;
    if (!raw.empty() && raw.back() == '\r') raw.remove_suffix(1);
    const std::string_view line = trim(strip_comment(raw));
    if (line.empty()) continue;

    if (line.front() == '[') {
      if (line.back() != ']') ctx.fail(line_no, "section header without ']'");
      const std::string_view inner = trim(line.substr(1, line.size() - 2));
      const std::size_t blank = inner.find_first_of(" \t");
      Section s;
      s.kind = std::string(inner.substr(0, blank));
      s.name = blank == std::string_view::npos ? std::string() : std::string(trim(inner.substr(blank)));
      s.line = line_no;
      if (s.kind == "profile" || s.kind == "auth" || s.kind == "ota" || s.kind == "gp") {
        if (!s.name.empty()) ctx.fail(line_no, "section [" + s.kind + "] takes no name");
      } else if (s.kind == "pin" || s.kind == "file") {
        if (s.name.empty()) ctx.fail(line_no, "section [" + s.kind + "] needs a name");
        if (s.name.find_first_of("/ \t") != std::string::npos) {
          ctx.fail(line_no, "name '" + s.name + "' must not contain '/' or blanks");
        }
      } else {
        ctx.fail(line_no, "unknown section [" + std::string(inner) + "]");
      }
      out.push_back(std::move(s));
      continue;
    }

    const std::size_t eq = line.find('=');
    if (eq == std::string_view::npos) ctx.fail(line_no, "expected 'key = value' or a [section]");
    if (out.empty()) ctx.fail(line_no, "key outside a section");
    Entry e{std::string(trim(line.substr(0, eq))), std::string(trim(line.substr(eq + 1))), line_no};
    if (e.key.empty()) ctx.fail(line_no, "missing key before '='");
    Section& s = out.back();
    for (const Entry& prev : s.entries) {
      const unsigned a = record_key_number(prev.key), b = record_key_number(e.key);
      if (prev.key == e.key || (a != 0 && a == b)) {
        ctx.fail(line_no, "duplicate key '" + e.key + "' in " + s.title() + " (first on line " +
                              std::to_string(prev.line) + ")");
      }
    }
    s.entries.push_back(std::move(e));
  }
  return out;
}

void check_keys(const Section& s, std::initializer_list<std::string_view> allowed, bool records, const Ctx& ctx) {
  for (const Entry& e : s.entries) {
    if (records && record_key_number(e.key) != 0) continue;
    if (std::find(allowed.begin(), allowed.end(), e.key) == allowed.end()) {
      ctx.fail(e.line, "unknown key '" + e.key + "' in " + s.title());
    }
  }
}

const Entry& require(const Section& s, std::string_view key, const Ctx& ctx) {
  const Entry* e = s.find(key);
  if (!e) ctx.fail(s.line, s.title() + " has no '" + std::string(key) + "'");
  return *e;
}

// ------------------------------------------------------------ values

std::uint64_t number(const Entry& e, std::uint64_t min, std::uint64_t max, const Ctx& ctx) {
  std::uint64_t v = 0;
  const char* end = e.value.data() + e.value.size();
  const auto [p, ec] = std::from_chars(e.value.data(), end, v);
  if (ec != std::errc() || p != end || e.value.empty()) ctx.fail(e.line, e.key + ": '" + e.value + "' is not a decimal number");
  if (v < min || v > max) {
    ctx.fail(e.line, e.key + ": " + e.value + " is out of range " + std::to_string(min) + ".." + std::to_string(max));
  }
  return v;
}

Bytes hex(const Entry& e, const Ctx& ctx) {
  try {
    return from_hex(e.value);
  } catch (const HexError& x) {
    ctx.fail(e.line, "bad hex in '" + e.key + "': " + x.what());
  }
}

// Exactly `digits` hex digits, e.g. a FID (4) or an SFI / key reference (2).
std::uint32_t hex_field(std::string_view text, std::size_t digits, const Entry& e, const Ctx& ctx) {
  std::uint32_t v = 0;
  const auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v, 16);
  if (text.size() != digits || ec != std::errc() || p != text.data() + text.size()) {
    ctx.fail(e.line, e.key + ": '" + std::string(text) + "' is not " + std::to_string(digits) + " hex digits");
  }
  return v;
}

bool yes_no(const Entry& e, const Ctx& ctx) {
  if (e.value == "yes") return true;
  if (e.value == "no") return false;
  ctx.fail(e.line, e.key + ": expected yes or no, not '" + e.value + "'");
}

std::vector<std::uint16_t> fid_path(const Entry& e, const Ctx& ctx) {
  std::vector<std::uint16_t> out;
  std::string_view rest = e.value;
  while (true) {
    const std::size_t slash = rest.find('/');
    out.push_back(static_cast<std::uint16_t>(hex_field(rest.substr(0, slash), 4, e, ctx)));
    if (slash == std::string_view::npos) break;
    rest.remove_prefix(slash + 1);
  }
  if (out.front() != kFidMf) ctx.fail(e.line, e.key + ": a path starts at the MF, 3F00");
  return out;
}

std::string fid_text(std::uint16_t fid) {
  static const char digits[] = "0123456789ABCDEF";
  return {digits[fid >> 12], digits[(fid >> 8) & 0xF], digits[(fid >> 4) & 0xF], digits[fid & 0xF]};
}

std::string path_text(const std::vector<std::uint16_t>& path) {
  std::string out;
  for (std::uint16_t fid : path) out += (out.empty() ? "" : "/") + fid_text(fid);
  return out;
}

// TS 102 221 §9.5.2: a PIN is 4..8 digits coded in ASCII, padded with 'FF'.
Bytes pin_value(const Entry& e, std::size_t min_digits, std::size_t max_digits, const Ctx& ctx) {
  const std::string& v = e.value;
  if (v.size() < min_digits || v.size() > max_digits ||
      !std::all_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    ctx.fail(e.line, e.key + ": expected " + std::to_string(min_digits) + ".." + std::to_string(max_digits) + " digits");
  }
  Bytes out(8, 0xFF);
  std::copy(v.begin(), v.end(), out.begin());
  return out;
}

// ------------------------------------------------------------ ATR

// ISO/IEC 7816-3 §8: TS, T0, the interface bytes chained by TDi, K historical
// bytes and TCK, which is present unless only T=0 is indicated and makes the
// XOR of T0..TCK zero (§8.2.5). TS 102 221 §6.3 requires T=0.
void check_atr(const Entry& e, const Bytes& atr, const Ctx& ctx) {
  if (atr.size() < 2 || atr.size() > 33) ctx.fail(e.line, "atr: " + std::to_string(atr.size()) + " bytes (2..33)");
  if (atr[0] != 0x3B && atr[0] != 0x3F) ctx.fail(e.line, "atr: TS must be 3B or 3F");
  const std::size_t historical = atr[1] & 0x0F;
  std::uint8_t y = atr[1] >> 4;
  std::size_t pos = 2;
  bool tck = false, t0 = true, first_td = true;
  while (true) {
    pos += static_cast<std::size_t>((y & 1) + ((y >> 1) & 1) + ((y >> 2) & 1));
    if (!(y & 8)) break;
    if (pos >= atr.size()) ctx.fail(e.line, "atr: ends inside its interface bytes");
    const std::uint8_t td = atr[pos++];
    const unsigned t = td & 0x0F;
    if (first_td) t0 = t == 0;
    first_td = false;
    if (t != 0) tck = true;
    y = td >> 4;
  }
  if (!t0) ctx.fail(e.line, "atr: T=0 is not the first protocol offered (TS 102 221 §6.3)");
  const std::size_t expected = pos + historical + (tck ? 1 : 0);
  if (atr.size() != expected) {
    ctx.fail(e.line, "atr: " + std::to_string(atr.size()) + " bytes, but its interface and historical bytes" +
                         (tck ? " and TCK" : "") + " make " + std::to_string(expected));
  }
  if (tck) {
    std::uint8_t x = 0;
    for (std::size_t i = 1; i + 1 < atr.size(); ++i) x ^= atr[i];
    if (x != atr.back()) {
      const std::uint8_t pair[2] = {atr.back(), x};
      const std::string h = to_hex(pair, true);
      ctx.fail(e.line, "atr: bad TCK " + h.substr(0, 2) + ", expected " + h.substr(3) + " (ISO 7816-3 §8.2.5)");
    }
  }
}

// ------------------------------------------------------------ sections

struct FileDraft {
  std::size_t line = 0;  // section header
  std::vector<std::uint16_t> path;
  bool personalized = false;
  std::vector<std::uint16_t> link;  // empty: none
  std::size_t link_line = 0;
  std::size_t arr_line = 0;
  std::uint32_t link_target = kNoFile;
  Bytes body;  // EF content, `size` bytes
};

struct Build {
  ProfileTemplate t;
  std::vector<FileDraft> drafts;  // parallel to t.files
  std::map<std::vector<std::uint16_t>, std::uint32_t> by_path;
  std::uint32_t journal_bytes = NvmImage::kMinJournalBytes;
};

// [profile] settings the NVM layout needs.
struct NvmSettings {
  std::uint32_t page_size = 64;
  // Bytes for the card's own files (TS 102 222 CREATE FILE): region 5.
  std::uint32_t created_file_space = 8192;
  std::size_t created_file_space_line = 0;
};

void parse_profile_section(const Section& s, Build& b, NvmSettings& nvm, const Ctx& ctx) {
  check_keys(s, {"name", "atr", "page_size", "logical_channels", "journal_bytes", "created_file_space"}, false, ctx);
  std::uint32_t& page_size = nvm.page_size;
  b.t.name = require(s, "name", ctx).value;
  if (b.t.name.empty()) ctx.fail(s.line, "[profile] name is empty");
  const Entry& atr = require(s, "atr", ctx);
  b.t.atr = hex(atr, ctx);
  check_atr(atr, b.t.atr, ctx);
  if (const Entry* e = s.find("page_size")) {
    page_size = static_cast<std::uint32_t>(number(*e, 16, 4096, ctx));
    if ((page_size & (page_size - 1)) != 0) ctx.fail(e->line, "page_size must be a power of two");
  }
  if (const Entry* e = s.find("journal_bytes")) {
    b.journal_bytes = static_cast<std::uint32_t>(number(*e, NvmImage::kMinJournalBytes, NvmImage::kMaxJournalBytes, ctx));
  }
  // TS 102 221 §10.1.1: the basic channel plus up to 19 further channels.
  if (const Entry* e = s.find("logical_channels")) b.t.max_logical_channels = static_cast<std::uint8_t>(number(*e, 1, 20, ctx));
  if (const Entry* e = s.find("created_file_space")) {
    const std::uint64_t v = number(*e, 0, CreatedArea::kMaxBytes, ctx);
    if (v != 0 && v < CreatedArea::kMinBytes) {
      ctx.fail(e->line, "created_file_space: " + e->value + " is neither 0 nor at least " +
                            std::to_string(CreatedArea::kMinBytes));
    }
    nvm.created_file_space = static_cast<std::uint32_t>(v);
    nvm.created_file_space_line = e->line;
  }
}

void parse_auth_section(const Section& s, Build& b, const Ctx& ctx) {
  check_keys(s, {"k", "opc", "op", "sqn_ind_bits", "sqn_delta", "sqn_age_limit", "r", "c"}, false, ctx);
  AuthSpec& a = b.t.auth;
  auto key16 = [&](const Entry& e) {
    Bytes v = hex(e, ctx);
    if (v.size() != 16) ctx.fail(e.line, e.key + ": " + std::to_string(v.size()) + " bytes, expected 16");
    return v;
  };
  a.k = key16(require(s, "k", ctx));
  // The card keeps OPc; a profile may give the operator's OP instead, and
  // OPc = OP xor E_K(OP) is computed here (TS 35.206 §4.1).
  const Entry* opc = s.find("opc");
  const Entry* op = s.find("op");
  if (opc && op) ctx.fail(op->line, "give either opc or op, not both");
  if (!opc && !op) ctx.fail(s.line, "missing key opc (or op)");
  if (opc) {
    a.opc = key16(*opc);
  } else {
    const Bytes op_value = key16(*op);
    const Block128 v = Milenage::opc_from_op(a.k.data(), op_value.data());
    a.opc.assign(v.begin(), v.end());
  }
  if (const Entry* e = s.find("sqn_ind_bits")) a.sqn_ind_bits = static_cast<std::uint8_t>(number(*e, 0, SqnArray::kMaxIndBits, ctx));
  if (const Entry* e = s.find("sqn_delta")) a.sqn_delta = number(*e, 0, kSqnMax, ctx);
  if (const Entry* e = s.find("sqn_age_limit")) a.sqn_age_limit = number(*e, 0, kSqnMax, ctx);
  // TS 35.206 §4.1: r1..r5 are rotations by 0..127 bits; c1..c5 are given by
  // their last byte (the other 15 bytes are zero in every known profile).
  if (const Entry* e = s.find("r")) {
    std::istringstream in(e->value);
    std::string word;
    int i = 0;
    while (in >> word) {
      if (i == 5) ctx.fail(e->line, "r: expected 5 numbers");
      a.r[i++] = static_cast<std::uint8_t>(number(Entry{"r", word, e->line}, 0, 127, ctx));
    }
    if (i != 5) ctx.fail(e->line, "r: expected 5 numbers");
  }
  if (const Entry* e = s.find("c")) {
    const Bytes c = hex(*e, ctx);
    if (c.size() != 5) ctx.fail(e->line, "c: expected 5 bytes (the last byte of c1..c5)");
    std::copy(c.begin(), c.end(), a.c_last_byte);
  }
}

void parse_pin_section(const Section& s, Build& b, const Ctx& ctx) {
  check_keys(s, {"key_ref", "value", "puk", "tries", "puk_tries", "enabled", "can_disable"}, false, ctx);
  PinSpec p;
  p.name = s.name;
  const Entry& ref = require(s, "key_ref", ctx);
  p.key_ref = static_cast<std::uint8_t>(hex_field(ref.value, 2, ref, ctx));
  if (p.key_ref == 0x00 || p.key_ref == 0xFF) ctx.fail(ref.line, "key_ref 00 and FF are not key references");
  for (const PinSpec& q : b.t.pins) {
    if (q.name == p.name) ctx.fail(s.line, "duplicate PIN name " + p.name);
    if (q.key_ref == p.key_ref) ctx.fail(ref.line, "key_ref " + ref.value + " is already used by " + q.name);
  }
  p.value = pin_value(require(s, "value", ctx), 4, 8, ctx);
  // TS 102 221 §9.5.2: the unblock key is 8 digits.
  if (const Entry* e = s.find("puk")) p.puk = pin_value(*e, 8, 8, ctx);
  if (const Entry* e = s.find("tries")) p.max_tries = static_cast<std::uint8_t>(number(*e, 1, 15, ctx));
  if (const Entry* e = s.find("puk_tries")) {
    if (p.puk.empty()) ctx.fail(e->line, "puk_tries without a puk");
    p.puk_max_tries = static_cast<std::uint8_t>(number(*e, 1, 15, ctx));
  }
  if (p.puk.empty()) p.puk_max_tries = 0;
  if (const Entry* e = s.find("enabled")) p.enabled = yes_no(*e, ctx);
  if (const Entry* e = s.find("can_disable")) p.can_disable = yes_no(*e, ctx);
  if (!p.enabled && !p.can_disable) ctx.fail(s.line, "a PIN that cannot be disabled must be enabled");
  b.t.pins.push_back(std::move(p));
}

const char* structure_text(const FileNode& f) {
  switch (f.type) {
    case FileType::MF:
    case FileType::DF: return "df";
    case FileType::ADF: return "adf";
    case FileType::EF: break;
  }
  switch (f.structure) {
    case EfStructure::Transparent: return "transparent";
    case EfStructure::LinearFixed: return "linear_fixed";
    case EfStructure::Cyclic: return "cyclic";
    case EfStructure::None: break;
  }
  return "none";
}

// Keys that do not apply to this kind of file are errors, not silently ignored.
void reject_keys(const Section& s, std::initializer_list<std::string_view> keys, bool records, const char* what,
                 const Ctx& ctx) {
  for (const Entry& e : s.entries) {
    const bool hit = (records && record_key_number(e.key) != 0) ||
                     std::find(keys.begin(), keys.end(), e.key) != keys.end();
    if (hit) ctx.fail(e.line, "'" + e.key + "' does not apply to " + what);
  }
}

void parse_file_tree_position(const Section& s, Build& b, FileNode& f, FileDraft& d, const Ctx& ctx) {
  const Entry& path = require(s, "path", ctx);
  d.path = fid_path(path, ctx);
  f.fid = d.path.back();
  const bool first = b.t.files.empty();

  const Entry& st = require(s, "structure", ctx);
  if (st.value == "df") {
    f.type = d.path.size() == 1 ? FileType::MF : FileType::DF;
  } else if (st.value == "adf") {
    f.type = FileType::ADF;
  } else if (st.value == "transparent") {
    f.structure = EfStructure::Transparent;
  } else if (st.value == "linear_fixed") {
    f.structure = EfStructure::LinearFixed;
  } else if (st.value == "cyclic") {
    f.structure = EfStructure::Cyclic;
  } else {
    ctx.fail(st.line, "structure: '" + st.value + "' is not transparent, linear_fixed, cyclic, df or adf");
  }

  if (first && f.type != FileType::MF) ctx.fail(s.line, "the first file must be the MF (path = 3F00, structure = df)");
  if (d.path.size() == 1) {
    if (!first) ctx.fail(path.line, "duplicate FID 3F00: the MF is defined once");
    if (f.type != FileType::MF) ctx.fail(st.line, "the MF (3F00) has structure df");
    return;
  }
  // TS 102 221 §8.3: 3F00 is the MF's, 7FFF names the current ADF, FFFF is reserved.
  if (f.fid == kFidMf || f.fid == 0x7FFF || f.fid == 0xFFFF) ctx.fail(path.line, "FID " + fid_text(f.fid) + " is reserved");
  const std::vector<std::uint16_t> parent_path(d.path.begin(), d.path.end() - 1);
  const auto parent = b.by_path.find(parent_path);
  if (parent == b.by_path.end()) {
    ctx.fail(path.line, "parent path " + path_text(parent_path) + " does not exist (a DF comes before its files)");
  }
  const FileNode& pn = b.t.files[parent->second];
  if (!pn.is_df()) ctx.fail(path.line, "parent " + path_text(parent_path) + " is an EF, not a DF");
  if (f.type == FileType::ADF && pn.type != FileType::MF) ctx.fail(path.line, "an ADF is addressed from the MF: path 3F00/<fid>");
  if (f.fid == pn.fid) ctx.fail(path.line, "FID " + fid_text(f.fid) + " equals its parent's FID");
  if (b.by_path.count(d.path)) ctx.fail(path.line, "duplicate FID " + fid_text(f.fid) + " in " + path_text(parent_path));
  for (std::uint32_t c : pn.children) {
    if (b.t.files[c].name == s.name) ctx.fail(s.line, "duplicate file name " + s.name + " in " + path_text(parent_path));
  }
  f.parent = parent->second;
}

void parse_file_section(const Section& s, Build& b, const Ctx& ctx) {
  check_keys(s, {"path", "structure", "size", "record_length", "records", "sfi", "arr", "aid", "data", "personalized",
                 "link", "shareable"},
             true, ctx);
  FileNode f;
  FileDraft d;
  f.name = s.name;
  d.line = s.line;
  parse_file_tree_position(s, b, f, d, ctx);

  if (f.is_df()) {
    reject_keys(s, {"size", "record_length", "records", "sfi", "data", "personalized", "link"}, true, "a DF", ctx);
    if (f.type == FileType::ADF) {
      const Entry& aid = require(s, "aid", ctx);
      f.aid = hex(aid, ctx);
      // TS 101 220 Annex E: RID (5 bytes) and a PIX of up to 11 bytes.
      if (f.aid.size() < 5 || f.aid.size() > 16) ctx.fail(aid.line, "aid: " + std::to_string(f.aid.size()) + " bytes (5..16)");
      for (const FileNode& o : b.t.files) {
        if (o.type == FileType::ADF && o.aid == f.aid) ctx.fail(aid.line, "aid is already used by " + o.name);
      }
    } else {
      reject_keys(s, {"aid"}, false, "a DF (only an adf has an aid)", ctx);
    }
  } else {
    reject_keys(s, {"aid"}, false, "an EF", ctx);
    if (f.structure == EfStructure::Transparent) {
      reject_keys(s, {"record_length", "records"}, true, "a transparent EF", ctx);
      f.size = static_cast<std::uint32_t>(number(require(s, "size", ctx), 1, 0xFFFF, ctx));
    } else {
      reject_keys(s, {"size", "data"}, false, "a record EF (give record_length, records and record N)", ctx);
      // TS 102 221 §8.2: records are numbered 1..254 and at most 255 bytes long.
      f.record_length = static_cast<std::uint16_t>(number(require(s, "record_length", ctx), 1, 255, ctx));
      f.record_count = static_cast<std::uint16_t>(number(require(s, "records", ctx), 1, 254, ctx));
      f.size = std::uint32_t{f.record_length} * f.record_count;
    }
    if (const Entry* e = s.find("sfi")) {
      f.sfi = static_cast<std::uint8_t>(hex_field(e->value, 2, *e, ctx));
      // TS 102 221 §8.3: SFIs are 1..30.
      if (f.sfi < 1 || f.sfi > 30) ctx.fail(e->line, "SFI " + e->value + " out of range 1..30 (01..1E)");
      for (std::uint32_t c : b.t.files[f.parent].children) {
        if (b.t.files[c].sfi == f.sfi) ctx.fail(e->line, "SFI " + e->value + " is already used by " + b.t.files[c].name);
      }
    }
    d.body.assign(f.size, 0xFF);
    if (const Entry* e = s.find("data")) {
      const Bytes data = hex(*e, ctx);
      if (data.size() > f.size) {
        ctx.fail(e->line, "data is " + std::to_string(data.size()) + " bytes, longer than size " + std::to_string(f.size));
      }
      std::copy(data.begin(), data.end(), d.body.begin());
    }
    for (const Entry& e : s.entries) {
      const unsigned n = record_key_number(e.key);
      if (n == 0) continue;
      if (n > f.record_count) {
        ctx.fail(e.line, "record " + std::to_string(n) + " does not exist: the EF has " + std::to_string(f.record_count));
      }
      const Bytes data = hex(e, ctx);
      if (data.size() > f.record_length) {
        ctx.fail(e.line, "record " + std::to_string(n) + " data is " + std::to_string(data.size()) +
                             " bytes, longer than the record (" + std::to_string(f.record_length) + ")");
      }
      std::copy(data.begin(), data.end(), d.body.begin() + (n - 1) * std::ptrdiff_t{f.record_length});
    }
    if (const Entry* e = s.find("personalized")) d.personalized = yes_no(*e, ctx);
    if (const Entry* e = s.find("link")) {
      d.link = fid_path(*e, ctx);
      d.link_line = e->line;
      reject_keys(s, {"data", "personalized"}, true, "a linked EF (it shares its target's body)", ctx);
    }
  }

  if (const Entry* e = s.find("arr")) {
    // TS 102 221 §11.1.1.4.7.3: EF.ARR file ID and record number.
    const std::size_t hash = e->value.find('#');
    if (hash == std::string::npos) ctx.fail(e->line, "arr: expected <EF.ARR fid>#<record>, e.g. 2F06#1");
    f.arr.arr_fid = static_cast<std::uint16_t>(hex_field(std::string_view(e->value).substr(0, hash), 4, *e, ctx));
    f.arr.record = static_cast<std::uint8_t>(number(Entry{"arr record", e->value.substr(hash + 1), e->line}, 1, 254, ctx));
    d.arr_line = e->line;
  }
  if (const Entry* e = s.find("shareable")) f.shareable = yes_no(*e, ctx);

  const auto index = static_cast<std::uint32_t>(b.t.files.size());
  if (f.parent != kNoFile) {
    b.t.files[f.parent].children.push_back(index);
    b.t.files[f.parent].child_fids.push_back(f.fid);
  }
  b.by_path[d.path] = index;
  b.t.files.push_back(std::move(f));
  b.drafts.push_back(std::move(d));
}

// ------------------------------------------------------------ checks

void resolve_links(Build& b, const Ctx& ctx) {
  for (std::uint32_t i = 0; i < b.t.files.size(); ++i) {
    FileDraft& d = b.drafts[i];
    if (d.link.empty()) continue;
    const auto it = b.by_path.find(d.link);
    if (it == b.by_path.end()) ctx.fail(d.link_line, "link target " + path_text(d.link) + " does not exist");
    const FileNode& f = b.t.files[i];
    const FileNode& t = b.t.files[it->second];
    if (it->second == i) ctx.fail(d.link_line, "a file cannot link to itself");
    if (t.is_df()) ctx.fail(d.link_line, "link target " + path_text(d.link) + " is a DF");
    if (!b.drafts[it->second].link.empty()) ctx.fail(d.link_line, "link target " + path_text(d.link) + " is itself a link");
    if (t.structure != f.structure || t.size != f.size || t.record_length != f.record_length) {
      ctx.fail(d.link_line, "link target " + path_text(d.link) + " is " + structure_text(t) + " of " +
                                std::to_string(t.size) + " bytes, this EF is " + structure_text(f) + " of " +
                                std::to_string(f.size));
    }
    d.link_target = it->second;
  }
}

const Bytes& body_of(const Build& b, std::uint32_t i) {
  const std::uint32_t t = b.drafts[i].link_target;
  return b.drafts[t == kNoFile ? i : t].body;
}

void check_access_rules(const Build& b, const Ctx& ctx) {
  for (std::uint32_t i = 0; i < b.t.files.size(); ++i) {
    const FileNode& f = b.t.files[i];
    if (f.arr.record == 0) continue;
    const std::size_t line = b.drafts[i].arr_line;
    const auto arr = b.t.find_arr(i);
    if (!arr) ctx.fail(line, "EF.ARR " + fid_text(f.arr.arr_fid) + " not found from " + f.name + " up to the MF");
    const FileNode& a = b.t.files[*arr];
    const std::string where = "EF.ARR " + path_text(b.drafts[*arr].path);
    if (a.structure != EfStructure::LinearFixed) ctx.fail(line, where + " is not linear fixed");
    if (f.arr.record > a.record_count) {
      ctx.fail(line, "ARR record " + std::to_string(f.arr.record) + " referenced but " + where + " has " +
                         std::to_string(a.record_count) + " records");
    }
    const Bytes& body = body_of(b, *arr);
    const auto rec = body.begin() + (f.arr.record - 1) * std::ptrdiff_t{a.record_length};
    if (std::all_of(rec, rec + a.record_length, [](std::uint8_t x) { return x == 0xFF; })) {
      ctx.fail(line, "ARR record " + std::to_string(f.arr.record) + " referenced but missing: record " +
                         std::to_string(f.arr.record) + " of " + where + " is empty");
    }
  }
}

// ------------------------------------------------------------ OTA key sets

// [ota]: the two linear fixed EFs of the Receiving Entity (TS 102 225
// §5.1), checked record by record so that a card never starts with a key
// set it cannot read.
void parse_ota_section(const Section& s, Build& b, const Ctx& ctx) {
  check_keys(s, {"keys", "counters"}, false, ctx);
  OtaSpec ota;
  auto ef = [&](const char* key, std::uint32_t record_length) {
    const Entry& e = require(s, key, ctx);
    const auto it = b.by_path.find(fid_path(e, ctx));
    if (it == b.by_path.end()) ctx.fail(e.line, std::string(key) + ": no file " + e.value);
    const FileNode& f = b.t.files[it->second];
    if (f.structure != EfStructure::LinearFixed) ctx.fail(e.line, std::string(key) + ": " + f.name + " is not linear fixed");
    if (b.drafts[it->second].link_target != kNoFile) ctx.fail(e.line, std::string(key) + ": " + f.name + " is a link");
    if (f.record_length != record_length) {
      ctx.fail(e.line, std::string(key) + ": " + f.name + " has records of " + std::to_string(f.record_length) +
                           " bytes, expected " + std::to_string(record_length));
    }
    return it->second;
  };
  ota.keys = ef("keys", OtaKeyRecord::kSize);
  ota.counters = ef("counters", OtaSpec::kCounterBytes);
  if (ota.keys == ota.counters) ctx.fail(s.line, "[ota] keys and counters are the same EF");
  const FileNode& keys = b.t.files[ota.keys];
  const std::size_t line = require(s, "keys", ctx).line;
  const Bytes& body = b.drafts[ota.keys].body;
  for (std::uint32_t n = 1; n <= keys.record_count; ++n) {
    const std::uint8_t* r = body.data() + (n - 1) * std::size_t{keys.record_length};
    if (r[0] == 0xFF && r[1] == 0xFF && r[2] == 0xFF) continue;  // unused
    const std::string what = keys.name + " record " + std::to_string(n);
    const std::uint8_t counter = r[OtaKeyRecord::kCounter];
    if (counter == 0 || counter > b.t.files[ota.counters].record_count) {
      ctx.fail(line, what + ": counter record " + std::to_string(counter) + " does not exist");
    }
    for (std::uint32_t at : {OtaKeyRecord::kKicLength, OtaKeyRecord::kKidLength}) {
      const unsigned len = r[at];
      if (len != 0 && len != 8 && len != 16 && len != 24 && len != 32) {
        ctx.fail(line, what + ": a key of " + std::to_string(len) + " bytes (0, 8, 16, 24 or 32)");
      }
    }
  }
  b.t.ota = ota;
}

// ------------------------------------------------------------ GlobalPlatform

// [gp]: the ISD's AID, its registry EF (records checked as the card reads
// them: every used one decodes, an application's load file and module
// exist) and its heap EF.
void parse_gp_section(const Section& s, Build& b, const Ctx& ctx) {
  check_keys(s, {"isd_aid", "isd_tar", "registry", "heap"}, false, ctx);
  GpSpec gp;
  const Entry& aid = require(s, "isd_aid", ctx);
  gp.isd_aid = hex(aid, ctx);
  if (gp.isd_aid.size() < gp::kMinAid || gp.isd_aid.size() > gp::kMaxAid) ctx.fail(aid.line, "isd_aid: 5 to 16 bytes");
  // TS 101 220 Annex D: '00 00 00' is the ISD's TAR; an eUICC's ISD-R has
  // its own (SGP.02 §2.2.3: '00 00 01').
  if (const Entry* e = s.find("isd_tar")) {
    const Bytes tar = hex(*e, ctx);
    if (tar.size() != 3) ctx.fail(e->line, "isd_tar: 3 bytes");
    std::copy(tar.begin(), tar.end(), gp.isd_tar.begin());
  }
  auto ef = [&](const char* key) {
    const Entry& e = require(s, key, ctx);
    const auto it = b.by_path.find(fid_path(e, ctx));
    if (it == b.by_path.end()) ctx.fail(e.line, std::string(key) + ": no file " + e.value);
    if (b.drafts[it->second].link_target != kNoFile) ctx.fail(e.line, std::string(key) + ": " + b.t.files[it->second].name + " is a link");
    return std::make_pair(it->second, e.line);
  };
  const auto [registry, registry_line] = ef("registry");
  const auto [heap, heap_line] = ef("heap");
  const FileNode& r = b.t.files[registry];
  if (r.structure != EfStructure::LinearFixed || r.record_length != gp::kRecordSize || r.record_count > 255) {
    ctx.fail(registry_line, "registry: " + r.name + " must be linear fixed with at most 255 records of 128 bytes");
  }
  const FileNode& h = b.t.files[heap];
  if (h.structure != EfStructure::Transparent || h.size == 0 || h.size > 0xFFFF) {
    ctx.fail(heap_line, "heap: " + h.name + " must be transparent, 1 to 65535 bytes");
  }
  const Bytes& body = b.drafts[registry].body;
  std::vector<std::optional<gp::RegistryEntry>> entries;
  for (std::uint32_t n = 0; n < r.record_count; ++n) {
    const std::span<const std::uint8_t, gp::kRecordSize> rec(body.data() + n * std::size_t{gp::kRecordSize}, gp::kRecordSize);
    entries.push_back(gp::decode_record(rec));
    const bool free = std::all_of(rec.begin(), rec.end(), [](std::uint8_t x) { return x == 0xFF; });
    if (!free && !entries.back()) ctx.fail(registry_line, r.name + " record " + std::to_string(n + 1) + " is neither free nor a registry entry");
  }
  for (std::uint32_t n = 0; n < entries.size(); ++n) {
    if (!entries[n] || entries[n]->kind != gp::EntryKind::Application) continue;
    const auto& a = entries[n]->application;
    const auto& elf = a.load_file_record <= entries.size() ? entries[a.load_file_record - 1] : std::nullopt;
    if (!elf || elf->kind != gp::EntryKind::LoadFile || a.module_index >= elf->load_file.modules.size()) {
      ctx.fail(registry_line, r.name + " record " + std::to_string(n + 1) + ": its load file or module is not in the registry");
    }
  }
  gp.registry = registry;
  gp.heap = heap;
  b.t.gp = gp;
}

// ------------------------------------------------------------ NVM layout

class ImageWriter {
 public:
  explicit ImageWriter(std::uint32_t page_size) : page_size_(page_size) {}
  std::uint32_t put(ByteView data) {
    const auto at = static_cast<std::uint32_t>(bytes_.size());
    bytes_.insert(bytes_.end(), data.begin(), data.end());
    return at;
  }
  // Erased flash reads 'FF'.
  void align() {
    while (bytes_.size() % page_size_ != 0) bytes_.push_back(0xFF);
  }
  std::uint32_t size() const { return static_cast<std::uint32_t>(bytes_.size()); }
  std::vector<std::uint8_t> take() { return std::move(bytes_); }

 private:
  std::uint32_t page_size_;
  std::vector<std::uint8_t> bytes_;
};

Bytes pin_record(const PinSpec& p) {
  Bytes r(PinRecord::kSize, 0xFF);
  std::copy(p.value.begin(), p.value.end(), r.begin() + PinRecord::kValue);
  if (!p.puk.empty()) std::copy(p.puk.begin(), p.puk.end(), r.begin() + PinRecord::kPuk);
  r[PinRecord::kTries] = p.max_tries;
  r[PinRecord::kPukTries] = p.puk_max_tries;
  r[PinRecord::kFlags] = p.enabled ? 0x01 : 0x00;
  return r;
}

// docs/PROFILE-FORMAT.md "NVM layout": personalization area, SQN array, file
// states, other bodies, created files; each region starts on a page boundary.
void lay_out(Build& b, const NvmSettings& nvm, const Ctx& ctx) {
  const std::uint32_t page_size = nvm.page_size;
  ProfileTemplate& t = b.t;
  NvmLayout& l = t.layout;
  ImageWriter img(page_size);

  Bytes keys = t.auth.k;
  keys.insert(keys.end(), t.auth.opc.begin(), t.auth.opc.end());
  t.auth.key_addr = img.put(keys);
  // What the card factory writes (K, OPc, the personalized bodies) first and
  // together, so that personalizing dirties as few pages as it can; the PIN
  // records, written only when a PIN changes, after them.
  for (std::uint32_t i = 0; i < t.files.size(); ++i) {
    if (!b.drafts[i].personalized) continue;
    t.files[i].body_addr = img.put(b.drafts[i].body);
    l.personalized_files.push_back(i);
  }
  for (PinSpec& p : t.pins) p.state_addr = img.put(pin_record(p));
  l.personalization = {0, img.size()};
  img.align();

  // TS 33.102 Annex C.2: every SEQ_MS(i) starts at zero.
  const Bytes sqn(SqnArray::kMaxBytes, 0x00);
  t.auth.sqn_addr = img.put(sqn);
  l.sqn = {t.auth.sqn_addr, static_cast<std::uint32_t>(sqn.size())};
  img.align();

  const std::uint8_t state[kFileStateBytes] = {kLcsActivated, 0x00};
  l.file_states.addr = img.size();
  for (FileNode& f : t.files) f.state_addr = img.put(state);
  l.file_states.size = img.size() - l.file_states.addr;
  img.align();

  l.bodies.addr = img.size();
  for (std::uint32_t i = 0; i < t.files.size(); ++i) {
    const FileDraft& d = b.drafts[i];
    if (t.files[i].is_df() || d.personalized || d.link_target != kNoFile) continue;
    t.files[i].body_addr = img.put(d.body);
  }
  l.bodies.size = img.size() - l.bodies.addr;
  for (std::uint32_t i = 0; i < t.files.size(); ++i) {
    if (b.drafts[i].link_target != kNoFile) t.files[i].body_addr = t.files[b.drafts[i].link_target].body_addr;
  }

  // The card's own files (fs/created_area.hpp): erased, like a new card's
  // free memory. Its header is rewritten in one journal run, so a profile
  // can only have so many files to mark deleted.
  if (nvm.created_file_space != 0) {
    img.align();
    const auto files = static_cast<std::uint32_t>(t.files.size());
    const CreatedArea area = CreatedArea::of(img.size(), nvm.created_file_space, files);
    if (area.header_bytes() > CreatedArea::kMaxHeaderBytes) {
      ctx.fail(nvm.created_file_space_line, "created_file_space: " + std::to_string(files) +
                                                " files are too many for the created-file area's header (at most " +
                                                std::to_string((CreatedArea::kMaxHeaderBytes - area.slots) * 8) +
                                                "); give created_file_space = 0");
    }
    l.created_files.addr = img.size();
    const Bytes erased(nvm.created_file_space, 0xFF);
    img.put(erased);
    l.created_files.size = nvm.created_file_space;
  }

  t.nvm = std::make_shared<const NvmImage>(img.take(), nvm.page_size, b.journal_bytes);
}

}  // namespace

ProfileTemplate parse_profile(std::string_view text, const std::string& source_name) {
  const Ctx ctx{source_name};
  const std::vector<Section> sections = split_sections(text, ctx);
  Build b;
  NvmSettings nvm;
  const Section* profile = nullptr;
  const Section* auth = nullptr;
  const Section* ota = nullptr;
  const Section* gp = nullptr;
  for (const Section& s : sections) {
    if (s.kind == "profile" || s.kind == "auth" || s.kind == "ota" || s.kind == "gp") {
      const Section*& seen = s.kind == "profile" ? profile : s.kind == "auth" ? auth : s.kind == "ota" ? ota : gp;
      if (seen) ctx.fail(s.line, "duplicate section " + s.title() + " (first on line " + std::to_string(seen->line) + ")");
      seen = &s;
    }
  }
  if (!profile) ctx.fail(0, "no [profile] section");
  parse_profile_section(*profile, b, nvm, ctx);
  if (auth) parse_auth_section(*auth, b, ctx);
  for (const Section& s : sections) {
    if (s.kind == "pin") parse_pin_section(s, b, ctx);
    if (s.kind == "file") parse_file_section(s, b, ctx);
  }
  if (b.t.files.empty()) ctx.fail(0, "no [file] sections: a profile has at least the MF");
  // The USIM's AKA keys (TS 31.102 §7.1): only a card without the USIM, such
  // as an eUICC's own platform storage (euicc/), goes without them.
  if (!auth && b.t.find_adf(kUsimAidPrefix)) ctx.fail(0, "no [auth] section: a profile with ADF.USIM needs one");
  resolve_links(b, ctx);
  check_access_rules(b, ctx);
  if (ota) parse_ota_section(*ota, b, ctx);
  if (gp) parse_gp_section(*gp, b, ctx);
  lay_out(b, nvm, ctx);
  return std::move(b.t);
}

ProfileTemplate load_profile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ProfileError(path, 0, "cannot open the profile file");
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) throw ProfileError(path, 0, "cannot read the profile file");
  return parse_profile(text.str(), path);
}

}  // namespace cardcore
