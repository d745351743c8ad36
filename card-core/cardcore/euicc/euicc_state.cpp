// Checkpoints of the eUICC: Euicc::save_state() and restore_state().
// Layout and what is not saved: STATE-FORMAT.md in this directory.
//
// The platform card and every profile card save themselves
// (card/STATE-FORMAT.md); this file adds what joins them: which ISD-P each
// profile card belongs to and what rebuilds its template, the profile card
// of an installation whose commit a power loss cut, and the eUICC's
// volatile state while powered (the terminal session's card, the ISD-P's
// SCP03 session, a key establishment between its two STORE DATAs, a
// download between its blocks, the ISD-R's local channel, a REFRESH or
// notification under way, the connectivity reports counted).
#include <algorithm>
#include <stdexcept>
#include <string>

#include "cardcore/cat/proactive_commands.hpp"
#include "cardcore/ecasd/certificate.hpp"
#include "cardcore/euicc/downloaded_profile.hpp"
#include "cardcore/euicc/euicc.hpp"
#include "cardcore/euicc/slot.hpp"
#include "cardcore/nvm/crc32.hpp"
#include "cardcore/profile/profile_parser.hpp"
#include "cardcore/util/state_io.hpp"

namespace cardcore::euicc {

namespace {

constexpr std::uint8_t kMagic[4] = {'E', 'U', 'S', 'T'};
constexpr std::uint16_t kVersion = 1;
constexpr std::size_t kHeaderBytes = 10;  // magic, version, total length
constexpr std::size_t kCrcBytes = 4;
constexpr std::uint8_t kFactoryTemplate = 0, kDownloadedTemplate = 1;
// TS 102 221 §11.1.17: logical channels 1..19 (the ISD-R is never on the basic one).
constexpr std::uint8_t kMaxChannel = 19;
// More commands than the SCP81 session ever leaves waiting (one at a time, §2.4.4).
constexpr std::size_t kMaxAdminCommands = 16;

// What identifies a factory profile's template: what the card state checks
// (card/STATE-FORMAT.md header and NVM section) — files, logical channels,
// the factory NVM image's size and CRC.
struct Fingerprint {
  std::uint32_t files = 0;
  std::uint8_t channels = 0;
  std::uint32_t image_size = 0;
  std::uint32_t image_crc = 0;
  bool operator==(const Fingerprint&) const = default;
};

Fingerprint fingerprint_of(const ProfileTemplate& p) {
  return {static_cast<std::uint32_t>(p.files.size()), p.max_logical_channels, p.nvm ? p.nvm->data_size() : 0u,
          p.nvm ? p.nvm->crc() : 0u};
}

std::string describe(const Fingerprint& f) {
  const std::uint8_t crc[4] = {static_cast<std::uint8_t>(f.image_crc >> 24), static_cast<std::uint8_t>(f.image_crc >> 16),
                               static_cast<std::uint8_t>(f.image_crc >> 8), static_cast<std::uint8_t>(f.image_crc)};
  return std::to_string(f.files) + " files, " + std::to_string(f.channels) + " logical channels, an NVM image of " +
         std::to_string(f.image_size) + " bytes with CRC " + to_hex(crc);
}

// A nested part's error, in the eUICC's words ("card state: " dropped).
std::string reason(const std::invalid_argument& e) {
  std::string m = e.what();
  const std::string prefix = "card state: ";
  if (m.compare(0, prefix.size(), prefix) == 0) m.erase(0, prefix.size());
  return m;
}

void put_blob(Bytes& out, ByteView b) {
  state::put_u32(out, static_cast<std::uint32_t>(b.size()));
  state::put_bytes(out, b);
}

ByteView read_blob(state::Reader& in, const char* what) {
  const std::size_t n = in.u32(what);
  return in.bytes(n, what);
}

// A registry record of the platform's GP registry (record 0: the ISD-R,
// never an ISD-P).
std::uint8_t read_record(state::Reader& in, const char* what) {
  const std::uint8_t r = in.u8(what);
  if (r == 0) state::fail(std::string(what) + " 0: not an ISD-P's registry record");
  return r;
}

// A card's saved state restored into a new card of `profile`.
std::unique_ptr<Uicc> restored_card(std::shared_ptr<const ProfileTemplate> profile, ByteView saved,
                                    const std::string& what) {
  auto card = std::make_unique<Uicc>(std::move(profile));
  try {
    card->restore_state(saved);
  } catch (const std::invalid_argument& e) {
    state::fail(what + ": " + reason(e));
  }
  return card;
}

}  // namespace

// --- save ---------------------------------------------------------------

Bytes Euicc::save_state() const {
  // Uicc::save_state's rule, for the whole chip (card/STATE-FORMAT.md).
  bool in_transaction = platform_.nvm().in_transaction() ||
                        (pending_install_ && pending_install_->card->nvm().in_transaction());
  for (const auto& s : slots_) in_transaction = in_transaction || s->card->nvm().in_transaction();
  if (in_transaction) throw std::logic_error("euicc state: the eUICC cannot be saved while an NVM transaction is open");
  // The TLS session (keys, sequence numbers, the BIP channel's buffers)
  // inside a running SCP81 session is not serialisable (README.md).
  if (admin_ && !admin_->finished()) {
    throw std::logic_error("euicc state: the SCP81 admin session cannot be saved while it runs");
  }
  Bytes out;
  state::put_bytes(out, kMagic);
  state::put_u16(out, kVersion);
  state::put_u32(out, 0);  // the total length, set below
  put_blob(out, platform_.save_state());
  state::put_u64(out, retired_programs_);
  state::put_u8(out, static_cast<std::uint8_t>(slots_.size()));
  for (const auto& s : slots_) save_slot(out, *s);
  state::put_u8(out, pending_install_ ? 1 : 0);
  if (pending_install_) save_slot(out, *pending_install_);
  std::uint8_t session = 0;
  for (const auto& s : slots_) {
    if (s->card.get() == session_) session = s->record;
  }
  state::put_u8(out, session);
  save_volatile(out);
  const std::uint32_t total = static_cast<std::uint32_t>(out.size() + kCrcBytes);
  for (int i = 0; i < 4; ++i) out[6 + i] = static_cast<std::uint8_t>(total >> (8 * i));
  state::put_u32(out, crc32(out));
  return out;
}

void Euicc::save_slot(Bytes& out, const Slot& s) const {
  state::put_u8(out, s.record);
  if (s.profile_text) {
    state::put_u8(out, kDownloadedTemplate);
    put_blob(out, ByteView(reinterpret_cast<const std::uint8_t*>(s.profile_text->data()), s.profile_text->size()));
  } else {
    const Fingerprint f = fingerprint_of(s.card->profile());
    state::put_u8(out, kFactoryTemplate);
    state::put_u32(out, f.files);
    state::put_u8(out, f.channels);
    state::put_u32(out, f.image_size);
    state::put_u32(out, f.image_crc);
  }
  put_blob(out, s.card->save_state());
}

void Euicc::save_volatile(Bytes& out) const {
  state::put_u8(out, refresh_queued_ ? 1 : 0);
  state::put_u8(out, notification_sent_ ? 1 : 0);
  state::put_u8(out, bad_reports_);
  state::put_u8(out, isd_r_channel_.value_or(0));
  state::put_u32(out, admin_sessions_);
  state::put_u16(out, static_cast<std::uint16_t>(admin_refusal_.size()));
  state::put_bytes(out, ByteView(reinterpret_cast<const std::uint8_t*>(admin_refusal_.data()), admin_refusal_.size()));
  state::put_u8(out, static_cast<std::uint8_t>(admin_commands_.size()));
  for (const cat::ProactiveCommand& c : admin_commands_) {
    const Bytes b = cat::encode(c);
    state::put_u16(out, static_cast<std::uint16_t>(b.size()));
    state::put_bytes(out, b);
  }
  state::put_u8(out, isdp_session_ ? 1 : 0);
  if (isdp_session_) {
    state::put_u8(out, isdp_session_->record);
    isdp_session_->scp03.save_state(out);
  }
  state::put_u8(out, key_establishment_ ? 1 : 0);
  if (key_establishment_) {
    // Between '3A01' and '3A02' (SGP.02 §3.1.2): the verified certificate
    // and the card's random challenge.
    state::put_u8(out, key_establishment_->record);
    const Bytes cert = ecasd::encode_certificate(*key_establishment_->card.verified_certificate());
    state::put_u16(out, static_cast<std::uint16_t>(cert.size()));
    state::put_bytes(out, cert);
    const Bytes& rc = key_establishment_->card.random_challenge();
    state::put_u8(out, static_cast<std::uint8_t>(rc.size()));
    state::put_bytes(out, rc);
  }
  state::put_u8(out, download_ ? 1 : 0);
  if (download_) {
    state::put_u8(out, download_->record);
    state::put_u8(out, download_->next_block);
    put_blob(out, download_->data);
  }
}

// --- restore ------------------------------------------------------------

std::unique_ptr<Euicc::Slot> Euicc::parse_slot(state::Reader& in, const char* what) {
  auto s = std::make_unique<Slot>();
  s->record = read_record(in, what);
  const std::string name = std::string(what) + " of ISD-P record " + std::to_string(s->record);
  std::shared_ptr<const ProfileTemplate> profile;
  const std::uint8_t kind = in.u8("template kind");
  if (kind == kFactoryTemplate) {
    Fingerprint f;
    f.files = in.u32("template file count");
    f.channels = in.u8("template logical channels");
    f.image_size = in.u32("template image size");
    f.image_crc = in.u32("template image CRC");
    for (const auto& t : factory_templates_) {
      if (fingerprint_of(*t) == f) profile = t;
    }
    if (!profile) {
      state::fail(name + ": no factory profile of this eUICC has " + describe(f) +
                  " (restore into an eUICC with the same install_profile() calls)");
    }
  } else if (kind == kDownloadedTemplate) {
    const ByteView text = read_blob(in, "profile text");
    try {
      const DownloadedProfile d = shared_downloaded_profile(std::string(text.begin(), text.end()));
      profile = d.profile;
      s->profile_text = d.text;
    } catch (const ProfileError& e) {
      state::fail(name + ": its profile text does not parse: " + e.what());
    }
  } else {
    state::fail(name + ": template kind " + std::to_string(kind) + " unknown");
  }
  s->card = restored_card(std::move(profile), read_blob(in, "profile card state"), name);
  return s;
}

void Euicc::restore_state(ByteView saved) {
  try {
    // The header, the length and the CRC first: truncated or damaged input
    // is refused before anything is parsed.
    state::Reader header(saved);
    const ByteView magic = header.bytes(sizeof kMagic, "magic");
    if (!std::equal(magic.begin(), magic.end(), std::begin(kMagic))) state::fail("no \"EUST\" magic");
    if (const std::uint16_t v = header.u16("version"); v != kVersion) {
      state::fail("version " + std::to_string(v) + " not supported (only " + std::to_string(kVersion) + ")");
    }
    const std::uint32_t total = header.u32("total length");
    if (total != saved.size() || total < kHeaderBytes + kCrcBytes) {
      state::fail("length " + std::to_string(saved.size()) + ", the state says " + std::to_string(total));
    }
    const ByteView body = saved.first(saved.size() - kCrcBytes);
    state::Reader trailer(saved.subspan(body.size()));
    if (trailer.u32("CRC") != crc32(body)) state::fail("CRC-32 does not match: the state is damaged");
    state::Reader in(body.subspan(kHeaderBytes));

    // Everything is built aside; the eUICC changes only once all is accepted.
    const ByteView platform_bytes = read_blob(in, "platform card state");
    const std::unique_ptr<Uicc> platform = restored_card(platform_template_, platform_bytes, "platform card");
    const std::uint64_t retired = in.u64("retired NVM programs");
    std::vector<std::unique_ptr<Slot>> slots;
    const std::size_t count = in.u8("slot count");
    for (std::size_t i = 0; i < count; ++i) {
      std::unique_ptr<Slot> s = parse_slot(in, "profile card");
      for (const auto& other : slots) {
        if (other->record == s->record) state::fail("two profile cards for ISD-P record " + std::to_string(s->record));
      }
      slots.push_back(std::move(s));
    }
    std::unique_ptr<Slot> pending;
    if (in.flag("pending installation flag")) pending = parse_slot(in, "pending installation");
    const bool powered = platform->powered();
    // A power loss ends the installation's call and powers the eUICC off.
    if (pending && powered) state::fail("a pending installation on a powered eUICC");
    const std::uint8_t session_record = in.u8("session record");
    Uicc* session = nullptr;
    if (session_record != 0) {
      for (const auto& s : slots) {
        if (s->record == session_record) session = s->card.get();
      }
      if (!session) state::fail("the session's ISD-P record " + std::to_string(session_record) + " has no profile card");
      if (!powered || !session->powered()) state::fail("the session's profile card is not powered");
    }
    for (const auto& s : slots) {
      if (s->card.get() != session && s->card->powered()) {
        state::fail("the profile card of ISD-P record " + std::to_string(s->record) + " is powered but not the session's");
      }
    }

    // The volatile part (save_volatile).
    const bool refresh_queued = in.flag("REFRESH flag");
    const bool notification_sent = in.flag("notification sent flag");
    const std::uint8_t bad_reports = in.u8("connectivity loss reports");
    if (bad_reports >= kConnectivityLossReports) {
      state::fail(std::to_string(bad_reports) + " connectivity loss reports counted, the eUICC acts at " +
                  std::to_string(kConnectivityLossReports));
    }
    const std::uint8_t channel = in.u8("ISD-R channel");
    if (channel > kMaxChannel) state::fail("ISD-R on logical channel " + std::to_string(channel));
    const std::uint32_t admin_sessions = in.u32("SCP81 session count");
    const ByteView refusal = in.bytes(in.u16("SCP81 refusal length"), "SCP81 refusal");
    std::vector<cat::ProactiveCommand> admin_commands;
    const std::size_t commands = in.u8("SCP81 command count");
    if (commands > kMaxAdminCommands) state::fail(std::to_string(commands) + " SCP81 commands waiting");
    for (std::size_t i = 0; i < commands; ++i) {
      const ByteView b = in.bytes(in.u16("SCP81 command length"), "SCP81 command");
      cat::Decoded<cat::ProactiveCommand> d = cat::decode_proactive_command(b);
      if (!d.ok()) state::fail("SCP81 command " + std::to_string(i) + ": " + d.error);
      admin_commands.push_back(std::move(d.value));
    }
    std::optional<IsdpSession> isdp_session;
    if (in.flag("ISD-P session flag")) {
      const std::uint8_t record = read_record(in, "ISD-P session record");
      isdp_session.emplace(IsdpSession{record, gp::scp03::CardSession::parse_state(in)});
    }
    std::optional<KeyEstablishment> key_establishment;
    if (in.flag("key establishment flag")) {
      const std::uint8_t record = in.u8("key establishment record");  // 0: the ISD-R
      const ByteView cert = in.bytes(in.u16("certificate length"), "certificate");
      const ByteView rc = in.bytes(in.u8("random challenge length"), "random challenge");
      const ecasd::CertificateDecoding decoded = ecasd::decode_certificate(cert);
      if (!decoded.ok()) state::fail("key establishment: " + decoded.error.message());
      // GPC Amendment E: the RC is 16 bytes, or none.
      if (!rc.empty() && rc.size() != 16) state::fail("key establishment: a random challenge of " + std::to_string(rc.size()) + " bytes");
      std::optional<ecasd::CardKeyEstablishmentConfig> config = key_establishment_config(*platform, record);
      if (!config) state::fail("a key establishment on a platform without ECASD content");
      key_establishment.emplace(KeyEstablishment{record, ecasd::CardKeyEstablishment(std::move(*config))});
      key_establishment->card.resume_after_certificate(*decoded.certificate, Bytes(rc.begin(), rc.end()));
    }
    std::optional<Download> download;
    if (in.flag("download flag")) {
      Download d;
      d.record = read_record(in, "download record");
      d.next_block = in.u8("download next block");
      const ByteView data = read_blob(in, "download data");
      // Block '00' starts it (download.cpp); the package's limit.
      if (d.next_block == 0) state::fail("a download before its first block");
      if (data.size() > kMaxPackageBytes) state::fail("a download of " + std::to_string(data.size()) + " bytes");
      d.data.assign(data.begin(), data.end());
      download = std::move(d);
    }
    in.expect_end();
    if (!powered && (session || isdp_session || key_establishment || download || channel != 0 || !admin_commands.empty())) {
      state::fail("the state of a session on an unpowered eUICC");
    }

    // Accepted: the same bytes into the platform card itself (it keeps its
    // SMS-PP handler, this eUICC), then the rest.
    platform_.restore_state(platform_bytes);
    for (auto& s : slots) s->card->set_sms_pp_handler(this);
    if (pending) pending->card->set_sms_pp_handler(this);
    slots_ = std::move(slots);
    pending_install_ = std::move(pending);
    session_ = session;
    retired_programs_ = retired;
    refresh_queued_ = refresh_queued;
    notification_sent_ = notification_sent;
    bad_reports_ = bad_reports;
    isd_r_channel_ = channel ? std::optional<std::uint8_t>(channel) : std::nullopt;
    admin_.reset();
    admin_sessions_ = admin_sessions;
    admin_refusal_.assign(refusal.begin(), refusal.end());
    admin_commands_ = std::move(admin_commands);
    isdp_session_ = std::move(isdp_session);
    key_establishment_.reset();
    if (key_establishment) key_establishment_.emplace(std::move(*key_establishment));
    download_ = std::move(download);
  } catch (const std::invalid_argument& e) {
    throw std::invalid_argument("euicc state: " + reason(e));
  }
}

}  // namespace cardcore::euicc
