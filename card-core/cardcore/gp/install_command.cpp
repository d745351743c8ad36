#include "cardcore/gp/install_command.hpp"

#include "cardcore/tlv/ber_tlv.hpp"

namespace cardcore::gp {

namespace {

// Length-prefixed fields one after the other.
class Fields {
 public:
  explicit Fields(ByteView data) : data_(data) {}
  bool next(ByteView& out) {
    if (at_ >= data_.size()) return false;
    const std::size_t n = data_[at_];
    if (n > data_.size() - at_ - 1) return false;
    out = data_.subspan(at_ + 1, n);
    at_ += 1 + n;
    return true;
  }
  bool next_byte(std::uint8_t& out) {
    if (at_ >= data_.size()) return false;
    out = data_[at_++];
    return true;
  }
  bool done() const { return at_ == data_.size(); }

 private:
  ByteView data_;
  std::size_t at_ = 0;
};

// The six length-prefixed fields of INSTALL [for install] and [for
// personalization] (§11.5.2.3.2, §11.5.2.3.6), nothing after them.
bool install_fields(ByteView data, ByteView& elf, ByteView& module, ByteView& app, ByteView& privileges,
                    ByteView& params, ByteView& token) {
  Fields f(data);
  return f.next(elf) && f.next(module) && f.next(app) && f.next(privileges) && f.next(params) && f.next(token) &&
         f.done();
}

bool aid_or_empty(ByteView aid) { return aid.empty() || (aid.size() >= 5 && aid.size() <= 16); }

// The BER-TLVs of a parameter field; false when malformed.
bool each_tlv(ByteView data, const auto& take) {
  tlv::BerReader in(data);
  tlv::BerTlv t;
  while (in.next(t)) {
    if (!take(t)) return false;
  }
  return in.error() == tlv::Error::None;
}

// §11.5.2.3.7, Table 11-49: a memory size ('C6' code space, 'C7'/'C8'
// quotas) is 2 or 4 bytes, big-endian; false for any other length.
bool memory_size(ByteView value, std::optional<std::uint32_t>& out) {
  if (value.size() != 2 && value.size() != 4) return false;
  std::uint32_t v = 0;
  for (std::uint8_t b : value) v = v << 8 | b;
  out = v;
  return true;
}

}  // namespace

std::optional<InstallForLoad> parse_install_for_load(ByteView data) {
  Fields f(data);
  ByteView elf, sd, hash, params, token;
  if (!f.next(elf) || !f.next(sd) || !f.next(hash) || !f.next(params) || !f.next(token) || !f.done()) {
    return std::nullopt;
  }
  if (elf.size() < 5 || elf.size() > 16 || !aid_or_empty(sd)) return std::nullopt;
  InstallForLoad out;
  out.load_file_aid.assign(elf.begin(), elf.end());
  out.security_domain_aid.assign(sd.begin(), sd.end());
  out.hash.assign(hash.begin(), hash.end());
  // §11.5.2.3.7, Table 11-49: 'EF' system specific parameters; 'C6' the
  // non-volatile code space (2 or 4 bytes).
  const bool ok = each_tlv(params, [&](const tlv::BerTlv& t) {
    if (t.tag != 0xEF) return true;
    return each_tlv(t.value, [&](const tlv::BerTlv& s) {
      if (s.tag != 0xC6) return true;
      return memory_size(s.value, out.code_size);
    });
  });
  if (!ok) return std::nullopt;
  return out;
}

// §11.5.2.3.6: '00', '00', the application's AID, '00', '00',
// '00' (no load file, module, privileges, parameters or token).
std::optional<InstallForPersonalization> parse_install_for_personalization(ByteView data) {
  ByteView elf, module, app, privileges, params, token;
  if (!install_fields(data, elf, module, app, privileges, params, token)) return std::nullopt;
  if (!elf.empty() || !module.empty() || app.size() < 5 || app.size() > 16 || !privileges.empty() ||
      !params.empty() || !token.empty()) {
    return std::nullopt;
  }
  return InstallForPersonalization{Bytes(app.begin(), app.end())};
}

std::optional<ToolkitParameters> parse_toolkit_parameters(ByteView value) {
  Fields f(value);
  ToolkitParameters p;
  ByteView ad;
  if (!f.next(ad) || !f.next_byte(p.priority) || !f.next_byte(p.max_timers) || !f.next_byte(p.max_menu_text) ||
      !f.next_byte(p.max_menu_entries)) {
    return std::nullopt;
  }
  p.access_domain.assign(ad.begin(), ad.end());
  for (unsigned i = 0; i < 2u * p.max_menu_entries; ++i) {
    std::uint8_t ignored = 0;  // position and identifier of each menu entry
    if (!f.next_byte(ignored)) return std::nullopt;
  }
  if (f.done()) return p;
  ByteView msl, tars;
  if (!f.next_byte(p.max_channels)) return std::nullopt;
  if (f.done()) return p;
  if (!f.next(msl)) return std::nullopt;
  p.msl.assign(msl.begin(), msl.end());
  if (f.done()) return p;
  if (!f.next(tars) || tars.size() % 3 != 0) return std::nullopt;
  for (std::size_t i = 0; i < tars.size(); i += 3) p.tars.push_back({tars[i], tars[i + 1], tars[i + 2]});
  // Maximum number of services (and later fields) follow optionally.
  return p;
}

std::optional<InstallForInstall> parse_install_for_install(ByteView data) {
  ByteView elf, module, app, privileges, params, token;
  if (!install_fields(data, elf, module, app, privileges, params, token)) return std::nullopt;
  if (!aid_or_empty(elf) || !aid_or_empty(module) || app.size() < 5 || app.size() > 16) return std::nullopt;
  // §11.1.2: one byte, or three from GP 2.2 on.
  if (privileges.size() != 1 && privileges.size() != 3) return std::nullopt;
  InstallForInstall out;
  out.load_file_aid.assign(elf.begin(), elf.end());
  out.module_aid.assign(module.begin(), module.end());
  out.application_aid.assign(app.begin(), app.end());
  out.privileges = privileges[0];
  const bool ok = each_tlv(params, [&](const tlv::BerTlv& t) {
    if (t.tag == 0xC9) {
      out.app_params = Bytes(t.value.begin(), t.value.end());
      return true;
    }
    if (t.tag != 0xEF) return true;
    // TS 102 226 §8.2.1.3.2: 'C7' volatile and 'C8' non-volatile memory
    // quotas, 'CA' the toolkit parameters.
    return each_tlv(t.value, [&](const tlv::BerTlv& s) {
      if (s.tag == 0xC7) return memory_size(s.value, out.volatile_quota);
      if (s.tag == 0xC8) return memory_size(s.value, out.nonvolatile_quota);
      if (s.tag != 0xCA) return true;
      out.toolkit = parse_toolkit_parameters(s.value);
      return out.toolkit.has_value();
    });
  });
  if (!ok) return std::nullopt;
  return out;
}

}  // namespace cardcore::gp
