#include "twinmodels/ota/ram_commands.hpp"

#include <stdexcept>
#include <string>

#include "cardcore/tlv/ber_tlv.hpp"
#include "twinmodels/ota/ota_error.hpp"

namespace twinmodels::ota {

namespace {

// GP §11.1.4, Table 11-10.
constexpr std::uint8_t kCla = 0x80;
constexpr std::uint8_t kDelete = 0xE4, kInstall = 0xE6, kLoad = 0xE8, kGetStatus = 0xF2;

void check_aid(ByteView aid, const char* what) {
  if (aid.size() < 5 || aid.size() > 16) throw std::invalid_argument(std::string(what) + ": an AID has 5 to 16 bytes");
}

void put_lv(Bytes& out, ByteView v) {
  if (v.size() > 255) throw std::invalid_argument("ram_commands: a field longer than 255 bytes");
  out.push_back(static_cast<std::uint8_t>(v.size()));
  out.insert(out.end(), v.begin(), v.end());
}

Bytes command(std::uint8_t ins, std::uint8_t p1, std::uint8_t p2, ByteView data) {
  if (data.size() > 255) throw std::invalid_argument("ram_commands: command data longer than 255 bytes");
  Bytes c = {kCla, ins, p1, p2, static_cast<std::uint8_t>(data.size())};
  c.insert(c.end(), data.begin(), data.end());
  return c;
}

}  // namespace

Bytes install_for_load(ByteView elf, std::optional<std::uint16_t> code_size) {
  check_aid(elf, "install_for_load");
  Bytes params;
  if (code_size) {
    const std::uint8_t c6[4] = {0xC6, 0x02, static_cast<std::uint8_t>(*code_size >> 8), static_cast<std::uint8_t>(*code_size)};
    params = cardcore::tlv::make_ber(0xEF, c6);
  }
  Bytes data;
  put_lv(data, elf);
  put_lv(data, {});  // the ISD
  put_lv(data, {});  // no hash
  put_lv(data, params);
  put_lv(data, {});  // no token
  return command(kInstall, 0x02, 0x00, data);
}

Bytes load_file_data_block(ByteView components) { return cardcore::tlv::make_ber(0xC4, components); }

std::vector<Bytes> load_blocks(ByteView block, std::size_t piece) {
  if (piece == 0 || piece > 255) throw std::invalid_argument("load_blocks: pieces of 1 to 255 bytes");
  const std::size_t n = (block.size() + piece - 1) / piece;
  if (n == 0 || n > 256) throw std::invalid_argument("load_blocks: 1 to 256 LOAD commands");
  std::vector<Bytes> out;
  for (std::size_t i = 0; i < n; ++i) {
    const ByteView part = block.subspan(i * piece, std::min(piece, block.size() - i * piece));
    out.push_back(command(kLoad, i + 1 == n ? 0x80 : 0x00, static_cast<std::uint8_t>(i), part));
  }
  return out;
}

Bytes install_for_install(const InstallForInstall& in) {
  check_aid(in.load_file, "install_for_install");
  check_aid(in.module, "install_for_install");
  check_aid(in.instance, "install_for_install");
  Bytes params = cardcore::tlv::make_ber(0xC9, in.app_params);
  if (in.toolkit) {
    const ToolkitInstall& t = *in.toolkit;
    Bytes ca;
    put_lv(ca, t.access_domain);
    ca.insert(ca.end(), {t.priority, t.max_timers, t.max_menu_text, t.max_menu_entries});
    for (unsigned i = 0; i < t.max_menu_entries; ++i) ca.insert(ca.end(), {0x00, 0x00});
    ca.push_back(t.max_channels);
    if (t.msl) {
      ca.insert(ca.end(), {0x01, *t.msl});
    } else {
      ca.push_back(0x00);
    }
    Bytes tars;
    for (const auto& tar : t.tars) tars.insert(tars.end(), tar.begin(), tar.end());
    put_lv(ca, tars);
    const Bytes ef = cardcore::tlv::make_ber(0xEF, cardcore::tlv::make_ber(0xCA, ca));
    params.insert(params.end(), ef.begin(), ef.end());
  }
  Bytes data;
  put_lv(data, in.load_file);
  put_lv(data, in.module);
  put_lv(data, in.instance);
  put_lv(data, Bytes{in.privileges});
  put_lv(data, params);
  put_lv(data, {});  // no token
  return command(kInstall, in.make_selectable ? 0x0C : 0x04, 0x00, data);
}

Bytes install_for_make_selectable(ByteView instance) {
  check_aid(instance, "install_for_make_selectable");
  Bytes data = {0x00, 0x00};
  put_lv(data, instance);
  data.insert(data.end(), {0x01, 0x00, 0x00, 0x00});  // privileges '00', no parameters, no token
  return command(kInstall, 0x08, 0x00, data);
}

Bytes delete_object(ByteView aid, bool related) {
  check_aid(aid, "delete_object");
  return command(kDelete, 0x00, related ? 0x80 : 0x00, cardcore::tlv::make_ber(0x4F, aid));
}

Bytes get_status(std::uint8_t p1, ByteView aid_prefix, bool next, bool with_le) {
  if (aid_prefix.size() > 16) throw std::invalid_argument("get_status: an AID prefix of at most 16 bytes");
  Bytes c = command(kGetStatus, p1, next ? 0x01 : 0x00, cardcore::tlv::make_ber(0x4F, aid_prefix));
  if (with_le) c.push_back(0x00);
  return c;
}

std::vector<StatusEntry> decode_status_entries(ByteView data, bool with_modules) {
  std::vector<StatusEntry> out;
  std::size_t at = 0;
  auto need = [&](std::size_t n) {
    if (data.size() - at < n) throw OtaError(OtaError::Reason::MalformedResponseData, "GET STATUS entry cut short");
  };
  auto aid = [&]() {
    need(1);
    const std::size_t n = data[at];
    need(1 + n);
    Bytes a(data.begin() + at + 1, data.begin() + at + 1 + n);
    at += 1 + n;
    return a;
  };
  while (at < data.size()) {
    StatusEntry e;
    e.aid = aid();
    need(2);
    e.life_cycle = data[at];
    e.privileges = data[at + 1];
    at += 2;
    if (with_modules) {
      need(1);
      const std::size_t n = data[at++];
      for (std::size_t i = 0; i < n; ++i) e.modules.push_back(aid());
    }
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace twinmodels::ota
