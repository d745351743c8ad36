#include "cardcore/euicc/euicc.hpp"
#include "cardcore/euicc/slot.hpp"

#include <algorithm>
#include <stdexcept>

#include "cardcore/apdu/command_apdu.hpp"
#include "cardcore/apdu/instruction_codes.hpp"
#include "cardcore/cat/envelopes.hpp"
#include "cardcore/cat/tags.hpp"
#include "cardcore/euicc/isd_r_keys.hpp"
#include "cardcore/euicc/sgp02.hpp"
#include "cardcore/gp/isd.hpp"
#include "cardcore/gp/registry.hpp"
#include "cardcore/ota/command_packet.hpp"
#include "cardcore/remote/key_sets.hpp"
#include "cardcore/remote/route.hpp"
#include "cardcore/remote/sms_pp_receiver.hpp"
#include "cardcore/usim/identifiers.hpp"

namespace cardcore::euicc {

namespace {

bool same(ByteView a, ByteView b) { return std::equal(a.begin(), a.end(), b.begin(), b.end()); }


// The packet's TAR (TS 102 225 §5.1) without opening it; nullopt when the
// header does not parse (the receiver then refuses the packet anyway).
std::optional<ota::Tar> packet_tar(ByteView packet) {
  ota::CommandHeader h;
  if (ota::parse_command_header(packet, h) != ota::PacketFormat::Ok) return std::nullopt;
  return h.tar;
}

}  // namespace

Euicc::Euicc(std::shared_ptr<const ProfileTemplate> platform) : platform_template_(platform), platform_(platform) {
  if (!platform || !platform->gp || !same(platform->gp->isd_aid, kIsdRAid)) {
    throw std::invalid_argument("euicc: the platform profile's ISD is not the ISD-R (A0000005591010FFFFFFFF8900000100)");
  }
  // The ISD extension is found through the platform card's SMS-PP handler
  // (gp/isd_extension.hpp); the platform card takes no ENVELOPE itself.
  platform_.set_sms_pp_handler(this);
}

Euicc::~Euicc() = default;

void Euicc::personalize(const EuiccPersonalization& p) {
  if (p.eid.size() != 32 || !std::all_of(p.eid.begin(), p.eid.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    throw std::invalid_argument("euicc: the EID is 32 digits");
  }
  Bytes eid(16);
  for (std::size_t i = 0; i < 16; ++i) {
    eid[i] = static_cast<std::uint8_t>((p.eid[2 * i] - '0') << 4 | (p.eid[2 * i + 1] - '0'));
  }
  const std::vector<remote::KeySetRecord> records = remote::factory_key_set_records(platform_.profile());
  if (p.isd_r_keys.size() != records.size()) {
    throw std::invalid_argument("euicc: " + std::to_string(p.isd_r_keys.size()) + " ISD-R key sets for " +
                                std::to_string(records.size()) + " key set records");
  }
  for (std::size_t i = 0; i < records.size(); ++i) {
    if (p.isd_r_keys[i].kic_key.size() != records[i].kic_length || p.isd_r_keys[i].kid_key.size() != records[i].kid_length) {
      throw std::invalid_argument("euicc: ISD-R key set " + std::to_string(i + 1) + " has the wrong key lengths");
    }
  }
  if (p.scp81 && p.scp81->psk.size() != 16 && p.scp81->psk.size() != 32) {
    throw std::invalid_argument("euicc: the SCP81 PSK is 16 or 32 bytes");
  }
  if (p.scp81 && !is_scp81_key_version(p.scp81->key_version)) {
    throw std::invalid_argument("euicc: the SCP81 key version is '40'..'4F'");
  }
  if (p.ecasd && p.ecasd->key.curve() != p.ecasd->ci_public_key.curve) {
    throw std::invalid_argument("euicc: the ECASD key and the CI key are on different curves");
  }
  Nvm& nvm = platform_.nvm();
  nvm.begin();
  stage_eid(platform_, eid);
  if (p.ecasd) {
    stage_ecasd(platform_, EcasdData{p.ecasd->key, p.ecasd->ci_public_key, p.ecasd->ci_identifier, p.ecasd->production_date});
    stage_ecasd_certificate(platform_, p.ecasd->certificate);
  }
  if (p.scp81) {
    // The factory SM-SR's PSK in record 1, the defaults (they throw when
    // they do not fit: nothing is then written).
    try {
      stage_scp81_defaults(platform_, p.scp81->defaults);
      stage_scp81_psk(platform_, Scp81Psk{1, p.scp81->key_version, p.scp81->key_id, p.scp81->psk});
    } catch (...) {
      nvm.abort();
      throw;
    }
  }
  for (std::size_t i = 0; i < records.size(); ++i) {
    Bytes keys = p.isd_r_keys[i].kic_key;
    keys.insert(keys.end(), p.isd_r_keys[i].kid_key.begin(), p.isd_r_keys[i].kid_key.end());
    nvm.write(remote::key_set_keys_address(platform_.profile(), records[i].record), keys);
  }
  if (nvm.commit() != CommitResult::Ok) throw std::runtime_error("euicc: personalization: NVM write failed");
}

void Euicc::install_profile(ByteView isdp_aid, std::shared_ptr<const ProfileTemplate> profile,
                            const Personalization& values, bool enabled, bool fallback, std::uint8_t pol1,
                            const std::optional<gp::scp03::StaticKeys>& isdp_keys) {
  if (!is_isdp_aid(isdp_aid)) throw std::invalid_argument("euicc: not an ISD-P AID");
  if (powered()) throw std::logic_error("euicc: install_profile on a powered eUICC");
  const std::vector<gp::Slot> used = gp::read_registry(platform_);
  if (gp::find_aid(used, isdp_aid)) throw std::invalid_argument("euicc: the ISD-P AID is taken");
  if (enabled && enabled_record() != 0) throw std::invalid_argument("euicc: another profile is enabled");
  if (fallback) {
    for (const gp::Slot& s : used) {
      if (s.entry.kind == gp::EntryKind::Application && read_attributes(platform_, s.record).fallback) {
        throw std::invalid_argument("euicc: another profile has the fall-back attribute");
      }
    }
  }
  const gp::Slot* elf = gp::find_aid(used, kIsdPLoadFileAid);
  if (!elf) throw std::logic_error("euicc: the platform has no ISD-P load file");
  const std::optional<std::uint8_t> record = gp::free_slot(platform_, used);
  if (!record) throw std::invalid_argument("euicc: no room for another ISD-P");

  if (profile && std::find(factory_templates_.begin(), factory_templates_.end(), profile) == factory_templates_.end()) {
    factory_templates_.push_back(profile);
  }
  auto card = std::make_unique<Uicc>(std::move(profile));
  card->personalize(values);  // throws for values that do not fit
  if (room_for_profile(*record, profile_footprint(*card)) != sw::kOk) {
    throw std::invalid_argument("euicc: the profile does not fit the free profile memory");
  }
  card->set_sms_pp_handler(this);

  gp::RegistryEntry e;
  e.kind = gp::EntryKind::Application;
  e.life_cycle = enabled ? isdp_state::kEnabled : isdp_state::kDisabled;
  e.privileges = gp::privilege::kSecurityDomain;
  e.aid.assign(isdp_aid.begin(), isdp_aid.end());
  e.application.load_file_record = elf->record;
  e.application.module_index = 0;
  e.application.tars.push_back({isdp_aid[12], isdp_aid[13], isdp_aid[14]});
  IsdpAttributes a;
  a.fallback = fallback;
  a.pol1 = pol1;
  a.installed = true;
  a.iccid = encode_iccid(values.iccid, true);
  platform_.nvm().begin();
  gp::stage_entry(platform_, *record, e);
  stage_attributes(platform_, *record, a);
  if (isdp_keys) {
    stage_isdp_keys(platform_, *record, *isdp_keys);
  } else {
    stage_free_isdp_keys(platform_, *record);
  }
  if (platform_.nvm().commit() != CommitResult::Ok) throw std::runtime_error("euicc: install_profile: NVM write failed");
  drop_slot(*record);
  slots_.push_back(std::make_unique<Slot>(Slot{*record, std::move(card), nullptr}));
}

ByteView Euicc::power_on() {
  power_off();
  platform_.power_on();
  settle_pending_install();
  refresh_queued_ = false;
  notification_sent_ = false;
  bad_reports_ = 0;
  power_enabled_profile();
  return platform_.profile().atr;
}

void Euicc::power_off() {
  admin_.reset();  // the BIP channel and TLS session are gone with the power
  admin_commands_.clear();
  isdp_session_.reset();
  key_establishment_.reset();
  download_.reset();
  isd_r_channel_.reset();
  if (session_) session_->power_off();
  session_ = nullptr;
  platform_.power_off();
}

void Euicc::power_enabled_profile() {
  session_ = nullptr;
  if (Slot* s = slot(enabled_record())) {
    s->card->power_on();
    session_ = s->card.get();
  }
}

Bytes Euicc::transmit(ByteView capdu) {
  std::array<std::uint8_t, kMaxRapdu> buf;
  const std::size_t n = transmit(capdu, buf);
  return Bytes(buf.begin(), buf.begin() + static_cast<std::ptrdiff_t>(n));
}

std::size_t Euicc::transmit(ByteView capdu, std::span<std::uint8_t, kMaxRapdu> out) {
  if (!platform_.powered()) throw std::logic_error("Euicc::transmit: the eUICC is not powered");
  if (!session_) {
    // No enabled profile: no file system, no application (our answer:
    // TS 102 221 §10.2.1.5 technical problem, no precise diagnosis).
    put_be16(out.data(), sw::kTechnicalProblem);
    return 2;
  }
  try {
    return forward(capdu, out);
  } catch (const PowerLoss&) {
    power_off();  // the platform's or the profile's NVM: the whole chip is down
    throw;
  }
}

std::size_t Euicc::forward(ByteView capdu, std::span<std::uint8_t, kMaxRapdu> out) {
  // The eUICC's own reaction goes first, so that what it queues (SET UP
  // EVENT LIST, REFRESH, SEND SHORT MESSAGE) is announced ('91 XX') in the
  // card's answer to this very command.
  if (capdu.size() >= 5 && (capdu[0] & 0xF0) == 0x80) {
    if (capdu[1] == kInsTerminalProfile) {
      after_terminal_profile();
    } else if (capdu[1] == kInsEnvelope && capdu.size() > 5 && capdu.size() >= 5u + capdu[4] &&
               capdu[5] == cat::ber::kEventDownload) {
      cat::EventDownload e;
      if (!cat::decode(capdu.subspan(5, capdu[4]), e)) {
        if (e.event == cat::event::kLocationStatus && e.location_status) on_location_status(e.location_status->status);
        if ((e.event == cat::event::kDataAvailable || e.event == cat::event::kChannelStatus) && admin_ &&
            !admin_->finished() && session_) {
          queue_admin_commands(*session_, admin_->on_event(e));
        }
      }
    }
  }
  if (const std::optional<std::size_t> n = local_command(capdu, out)) return *n;
  return session_->transmit(capdu, out);
}

cat::EnvelopeResult Euicc::on_sms_pp(Uicc& card, ByteView address, ByteView tpdu) {
  const auto target = [](void* self, Uicc& session, ByteView packet) -> Uicc& {
    Euicc& e = *static_cast<Euicc*>(self);
    // The ISD-R's TAR and the ISD-Ps'; the RFM TARs are the profile's (the
    // platform card has no RFM application of its own to offer).
    const std::optional<ota::Tar> tar = packet_tar(packet);
    const std::optional<remote::Route> route = tar ? remote::route_tar(e.platform_, *tar) : std::nullopt;
    if (route && (route->kind == remote::Route::Kind::Isd || route->kind == remote::Route::Kind::SecurityDomain)) {
      return e.platform_;
    }
    return session;
  };
  const cat::EnvelopeResult r = remote::receive_sms_pp(card, address, tpdu, target, this);
  // An SCP81 trigger's OPEN CHANNEL (scp81.cpp).
  queue_admin_commands(card, {});
  // ES5 functions that changed the enabled profile asked for a REFRESH
  // (profile_switch.cpp); the PoR's SEND SHORT MESSAGEs, if any, go first.
  queue_pending_refresh(card);
  return r;
}

void Euicc::queue_pending_refresh(Uicc& card) {
  if (refresh_queued_ && card.proactive_queued() < Uicc::kMaxQueuedProactive) {
    cat::Refresh refresh;
    refresh.mode = cat::Refresh::kUiccReset;
    card.queue_proactive(cat::ProactiveCommand{refresh});
    refresh_queued_ = false;
  }
}

bool Euicc::accepts_security_domain(const Uicc&, ByteView module_aid, ByteView) const {
  return same(module_aid, kIsdPModuleAid);
}

std::string Euicc::eid() const {
  const Bytes b = read_eid(platform_);
  std::string out;
  for (std::uint8_t x : b) {
    out.push_back(static_cast<char>('0' + (x >> 4)));
    out.push_back(static_cast<char>('0' + (x & 0x0F)));
  }
  return out;
}

std::vector<ProfileInfo> Euicc::profiles() const {
  std::vector<ProfileInfo> out;
  for (const gp::Slot& s : gp::read_registry(platform_)) {
    if (s.entry.kind != gp::EntryKind::Application || !is_isdp_aid(s.entry.aid)) continue;
    const IsdpAttributes a = read_attributes(platform_, s.record);
    ProfileInfo p;
    p.isdp_aid = s.entry.aid;
    p.state = s.entry.life_cycle;
    p.fallback = a.fallback;
    p.emergency = a.emergency;
    p.pol1 = a.pol1;
    p.installed = a.installed;
    if (a.installed) p.iccid = decode_iccid(a.iccid);
    out.push_back(std::move(p));
  }
  return out;
}

std::uint8_t Euicc::enabled_record() const {
  for (const gp::Slot& s : gp::read_registry(platform_)) {
    if (s.entry.kind == gp::EntryKind::Application && s.entry.life_cycle == isdp_state::kEnabled) return s.record;
  }
  return 0;
}

Bytes Euicc::enabled_isdp() const {
  const std::uint8_t r = enabled_record();
  if (r == 0) return {};
  const std::vector<gp::Slot> used = gp::read_registry(platform_);
  return gp::find_record(used, r)->entry.aid;
}

Uicc* Euicc::enabled_card() { return session_; }
const Uicc* Euicc::enabled_card() const { return session_; }

Uicc* Euicc::profile_card(ByteView isdp_aid) {
  const std::vector<gp::Slot> used = gp::read_registry(platform_);
  const gp::Slot* s = gp::find_aid(used, isdp_aid);
  Slot* p = s ? slot(s->record) : nullptr;
  return p ? p->card.get() : nullptr;
}

bool Euicc::in_session(std::uint8_t record) const {
  const Slot* s = slot(record);
  return s != nullptr && session_ != nullptr && s->card.get() == session_;
}

void Euicc::forget_isdp(std::uint8_t record) {
  drop_slot(record);
  if (isdp_session_ && isdp_session_->record == record) isdp_session_.reset();
  if (key_establishment_ && key_establishment_->record == record) key_establishment_.reset();
  if (download_ && download_->record == record) download_.reset();
}

Euicc::Slot* Euicc::slot(std::uint8_t record) {
  for (auto& s : slots_) {
    if (s->record == record) return s.get();
  }
  return nullptr;
}

const Euicc::Slot* Euicc::slot(std::uint8_t record) const {
  for (const auto& s : slots_) {
    if (s->record == record) return s.get();
  }
  return nullptr;
}

void Euicc::drop_slot(std::uint8_t record) {
  std::erase_if(slots_, [&](const std::unique_ptr<Slot>& s) {
    if (s->record != record) return false;
    if (session_ == s->card.get()) session_ = nullptr;
    retired_programs_ += s->card->nvm().program_count();
    return true;
  });
}

std::uint16_t Euicc::next_notification_sequence() const { return read_next_sequence(platform_); }

std::optional<PendingNotification> Euicc::pending_notification() const { return read_pending_notification(platform_); }

std::uint64_t Euicc::nvm_programs() const {
  std::uint64_t n = platform_.nvm().program_count() + retired_programs_;
  for (const auto& s : slots_) n += s->card->nvm().program_count();
  return n;
}

std::size_t Euicc::state_bytes() const {
  // The slots' pointers by count, not capacity: a restored eUICC holds as
  // many as it has profiles, the original may hold one spare after a
  // deletion, and the measure must not tell a resumed run from the original.
  std::size_t n = sizeof(Euicc) + platform_.state_bytes() - sizeof(Uicc) + slots_.size() * sizeof(void*);
  for (const auto& s : slots_) n += sizeof(Slot) + s->card->state_bytes();
  return n;
}

}  // namespace cardcore::euicc
