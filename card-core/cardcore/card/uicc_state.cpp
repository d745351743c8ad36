// Card state snapshots for simulator checkpoints: Uicc::save_state() and
// restore_state(). Layout: STATE-FORMAT.md in this directory.
#include <algorithm>
#include <string>
#include <utility>

#include "cardcore/card/session.hpp"
#include "cardcore/card/uicc.hpp"
#include "cardcore/cat/proactive_commands.hpp"
#include "cardcore/remote/packet_segments.hpp"
#include "cardcore/remote/tar.hpp"
#include "cardcore/util/state_io.hpp"

namespace cardcore {

namespace {

constexpr std::uint8_t kMagic[4] = {'U', 'I', 'S', 'T'};
// Version 2 added the toolkit session fields (terminal profile, proactive
// commands, timers, events), version 3 the OTA session fields (held
// segments of concatenated command packets), version 4 the command session
// of an OTA script chain and file indices of files the card created (TS 102
// 222), past the profile's; version 5 the NVM's erased journal pages (their
// erase counts without their content).
constexpr std::uint16_t kVersion = 5;
// What each older version lacked, named when one is refused.
constexpr std::pair<std::uint16_t, const char*> kOlderVersions[] = {
    {1, "before the toolkit session fields"},
    {2, "before the OTA session fields"},
    {3, "before the script chaining session and created files"},
    {4, "before the erased journal pages"},
};
// TS 102 221 §10.1.1: the basic channel and up to 19 further logical channels.
constexpr std::size_t kMaxChannels = 20;
constexpr std::size_t kChannelBytes = 15;  // open u8, df u32, ef u32, adf u32, record u16

bool any_df(const FileNode& f) { return f.is_df(); }
bool any_ef(const FileNode& f) { return !f.is_df(); }
bool an_adf(const FileNode& f) { return f.type == FileType::ADF; }
// TS 51.011 knows no ADFs: the GSM current DF is the MF or a DF.
bool mf_or_df(const FileNode& f) { return f.type == FileType::MF || f.type == FileType::DF; }

// The files of the card being restored: its profile's, less those its NVM
// marks deleted, and those its NVM holds as created.
struct Files {
  const ProfileTemplate& profile;
  const FileTable* table;

  const FileNode* find(std::uint32_t file) const {
    if (file < profile.files.size()) return table && table->deleted(file) ? nullptr : &profile.files[file];
    return table ? table->created(file) : nullptr;
  }
  std::string name(std::uint32_t file) const {
    return file < profile.files.size() ? profile.qualified_name(file) : find(file)->name;
  }
};

// A saved file index: an existing file of the expected kind, or kNoFile
// where `none_allowed`.
void check_file(const Files& files, std::uint32_t file, bool none_allowed, bool (*kind_ok)(const FileNode&),
                const char* kind, const std::string& what) {
  if (file == kNoFile && none_allowed) return;
  const FileNode* f = files.find(file);
  if (!f) {
    if (file < files.profile.files.size()) {
      state::fail(what + " " + files.profile.qualified_name(file) + " is a file the card deleted");
    }
    state::fail(what + " file index " + std::to_string(file) + " out of range: neither one of the profile's " +
                std::to_string(files.profile.files.size()) + " files nor a file the card created");
  }
  if (!kind_ok(*f)) state::fail(what + " " + files.name(file) + " is not " + kind);
}

// A record pointer is 0 or a record of the current EF (TS 102 221 §11.1.5,
// TS 51.011 §9.2.5); the record commands rely on it.
void check_record(const Files& files, std::uint32_t ef, std::uint16_t record, const std::string& what) {
  std::uint16_t count = 0;
  if (ef != kNoFile) {
    const FileNode& f = *files.find(ef);
    if (f.structure == EfStructure::LinearFixed || f.structure == EfStructure::Cyclic) count = f.record_count;
  }
  if (record > count) {
    state::fail(what + " record " + std::to_string(record) + " beyond the " + std::to_string(count) +
                " records of its current EF");
  }
}

void put_channel(Bytes& out, const Uicc::Channel& c) {
  state::put_u8(out, c.open ? 1 : 0);
  state::put_u32(out, c.df);
  state::put_u32(out, c.ef);
  state::put_u32(out, c.adf);
  state::put_u16(out, c.record);
}

// ISO 7816-3 §10.3.3: SW1 is '6X' (but '60') or '9X'.
void check_sw(StatusWord sw, const std::string& what) {
  const unsigned sw1 = sw >> 8;
  if ((sw1 & 0xF0) != 0x90 && ((sw1 & 0xF0) != 0x60 || sw1 == 0x60)) {
    const std::uint8_t b[2] = {static_cast<std::uint8_t>(sw1), static_cast<std::uint8_t>(sw)};
    state::fail(what + " '" + to_hex(b) + "' has no valid SW1");
  }
}

// Channel n of the session, or (n = kNoChannel) the chained remote session's.
constexpr std::size_t kNoChannel = ~std::size_t{0};
Uicc::Channel read_channel(state::Reader& in, const Files& p, std::size_t n) {
  const std::string what = n == kNoChannel ? "chained session" : "channel " + std::to_string(n);
  Uicc::Channel c;
  c.open = in.flag("channel open flag");
  c.df = in.u32("channel DF");
  c.ef = in.u32("channel EF");
  c.adf = in.u32("channel ADF");
  c.record = in.u16("channel record");
  if (!c.open) {
    // TS 102 221 §11.1.17: the basic channel is never closed; power-up and
    // MANAGE CHANNEL close leave a closed channel in its reset state.
    if (n == 0) state::fail("the basic channel is closed");
    if (c.df != 0 || c.ef != kNoFile || c.adf != kNoFile || c.record != 0) state::fail(what + " is closed but not reset");
    return c;
  }
  check_file(p, c.df, false, any_df, "a DF", what + " current DF");
  check_file(p, c.ef, true, any_ef, "an EF", what + " current EF");
  check_file(p, c.adf, true, an_adf, "an ADF", what + " application");
  check_record(p, c.ef, c.record, what);
  return c;
}

}  // namespace

Bytes Uicc::save_state() const {
  if (nvm_.in_transaction()) throw std::logic_error("Uicc::save_state inside an NVM transaction");
  Bytes out;
  out.reserve(64 + nvm_.delta_bytes() + (session_ ? session_->channels.size() * kChannelBytes + 300 : 0));
  state::put_bytes(out, kMagic);
  state::put_u16(out, kVersion);
  // The profile fingerprint; the NVM section carries the NVM geometry and image CRC.
  state::put_u32(out, static_cast<std::uint32_t>(profile_->files.size()));
  state::put_u8(out, profile_->max_logical_channels);
  nvm_.save_state(out);
  state::put_u8(out, session_ ? 1 : 0);
  if (session_) save_session(out);
  return out;
}

void Uicc::save_session(Bytes& out) const {
  const Session& s = *session_;
  state::put_u8(out, static_cast<std::uint8_t>(s.channels.size()));
  for (const Channel& c : s.channels) put_channel(out, c);
  state::put_u32(out, s.verified.bits());
  state::put_u16(out, static_cast<std::uint16_t>(s.pending.size()));
  state::put_bytes(out, s.pending);
  // Kept as they are even with no data pending, so that a restored card
  // saves the same bytes.
  state::put_u16(out, s.pending_sw);
  state::put_u8(out, s.pending_channel);
  state::put_u8(out, s.pending_gsm ? 1 : 0);
  state::put_u32(out, s.gsm_df);
  state::put_u32(out, s.gsm_ef);
  state::put_u16(out, s.gsm_record);
  save_cat(out);
  // OTA section (version 3): the held segments, oldest first.
  state::put_u8(out, static_cast<std::uint8_t>(s.held_segments.size()));
  for (const Bytes& t : s.held_segments) {
    state::put_u16(out, static_cast<std::uint16_t>(t.size()));
    state::put_bytes(out, t);
  }
  // Script chaining section (version 4).
  state::put_u8(out, s.chained ? 1 : 0);
  if (s.chained) {
    const RemoteSession& r = s.chained->session;
    state::put_u8(out, s.chained->application);
    state::put_u8(out, r.gsm ? 1 : 0);
    put_channel(out, r.channel);
    state::put_u32(out, r.keys.bits());
    state::put_u16(out, static_cast<std::uint16_t>(r.pending.size()));
    state::put_bytes(out, r.pending);
    state::put_u16(out, r.pending_sw);
  }
}

void Uicc::save_cat(Bytes& out) const {
  const Session& s = *session_;
  const Bytes& profile = s.terminal_profile.bytes();
  state::put_u8(out, static_cast<std::uint8_t>(profile.size()));
  state::put_bytes(out, profile);
  state::put_u8(out, static_cast<std::uint8_t>(s.proactive_queue.size()));
  for (const Bytes& c : s.proactive_queue) {
    state::put_u16(out, static_cast<std::uint16_t>(c.size()));
    state::put_bytes(out, c);
  }
  state::put_u16(out, static_cast<std::uint16_t>(s.proactive_fetched.size()));
  state::put_bytes(out, s.proactive_fetched);
  state::put_u8(out, s.next_command_number);
  for (const cat::TimerState& t : s.timers) {
    std::uint8_t value[3];
    t.value.to_bytes(value);
    state::put_u8(out, t.state);
    state::put_bytes(out, value);
  }
  state::put_u32(out, s.event_list);
  state::put_u32(out, s.events_received);
}

// Everything is parsed and checked into temporaries; the card changes only
// once the whole input has been accepted.
void Uicc::restore_state(ByteView saved) {
  state::Reader in(saved);
  const ByteView magic = in.bytes(sizeof kMagic, "magic");
  if (!std::equal(magic.begin(), magic.end(), std::begin(kMagic))) state::fail("no \"UIST\" magic");
  if (const std::uint16_t v = in.u16("version"); v != kVersion) {
    std::string what = "version " + std::to_string(v);
    for (const auto& [older, lacked] : kOlderVersions) {
      if (v == older) what += std::string(" (") + lacked + ")";
    }
    state::fail(what + " not supported (only " + std::to_string(kVersion) + ")");
  }
  const std::uint32_t files = in.u32("profile file count");
  if (files != profile_->files.size()) {
    state::fail("saved from a profile of " + std::to_string(files) + " files, this card's has " +
                std::to_string(profile_->files.size()));
  }
  const std::uint8_t channels = in.u8("profile logical channel count");
  if (channels != profile_->max_logical_channels) {
    state::fail("saved from a profile of " + std::to_string(channels) + " logical channels, this card's has " +
                std::to_string(profile_->max_logical_channels));
  }
  Nvm nvm = nvm_.parse_state(in);
  // The saved file indices are checked against the files of this NVM.
  std::unique_ptr<FileTable> table = FileTable::load(*profile_, nvm);
  std::unique_ptr<Session> session;
  if (in.flag("session flag")) {
    session = parse_session(in, table.get());
    session->files = std::move(table);
  }
  in.expect_end();
  nvm_ = std::move(nvm);
  session_ = std::move(session);
}

std::unique_ptr<Uicc::Session> Uicc::parse_session(state::Reader& in, const FileTable* table) const {
  const ProfileTemplate& p = *profile_;
  const Files files{p, table};
  auto s = std::make_unique<Session>();
  const std::size_t count = in.u8("channel count");
  if (count == 0 || count > kMaxChannels) {
    state::fail("channel count " + std::to_string(count) + " outside 1..20 (TS 102 221 §10.1.1)");
  }
  // power_on() gives every card as many channels as its profile allows.
  if (count != p.max_logical_channels) {
    state::fail("channel count " + std::to_string(count) + " is not the profile's " +
                std::to_string(p.max_logical_channels));
  }
  in.need(count * kChannelBytes, "channels");
  s->channels.resize(count);
  for (std::size_t i = 0; i < count; ++i) s->channels[i] = read_channel(in, files, i);

  const std::uint32_t keys = in.u32("verified key set");
  if ((keys & ~KeySet::kAllBits) != 0) state::fail("verified key set holds unknown key references");
  s->verified = KeySet::from_bits(keys);

  const std::size_t len = in.u16("pending length");
  if (len > kMaxResponseData) {
    state::fail("pending length " + std::to_string(len) + " exceeds " + std::to_string(kMaxResponseData));
  }
  const ByteView pending = in.bytes(len, "pending data");
  s->pending.assign(pending.begin(), pending.end());
  s->pending_sw = in.u16("pending status word");
  check_sw(s->pending_sw, "pending status word");
  s->pending_channel = in.u8("pending channel");
  if (s->pending_channel >= count) {
    state::fail("pending channel " + std::to_string(s->pending_channel) + " out of range (" + std::to_string(count) +
                " channels)");
  }
  s->pending_gsm = in.flag("pending GSM flag");
  // TS 51.011 knows the basic channel only.
  if (s->pending_gsm && s->pending_channel != 0) state::fail("GSM data pending on a logical channel");

  s->gsm_df = in.u32("GSM DF");
  s->gsm_ef = in.u32("GSM EF");
  s->gsm_record = in.u16("GSM record");
  check_file(files, s->gsm_df, false, mf_or_df, "the MF or a DF", "GSM current DF");
  check_file(files, s->gsm_ef, true, any_ef, "an EF", "GSM current EF");
  check_record(files, s->gsm_ef, s->gsm_record, "GSM");
  parse_cat(in, *s);
  const std::size_t held = in.u8("held segment count");
  if (held > kMaxHeldSegments) {
    state::fail(std::to_string(held) + " held segments, more than " + std::to_string(kMaxHeldSegments));
  }
  for (std::size_t i = 0; i < held; ++i) {
    const std::size_t len = in.u16("held segment length");
    const ByteView t = in.bytes(len, "held segment");
    // What the OTA receiver would have held: an SMS-DELIVER of (U)SIM data
    // download with a concatenation element.
    if (!remote::holdable_segment(t)) {
      state::fail("held segment " + std::to_string(i) + " is not a segment of a concatenated SMS-PP download");
    }
    s->held_segments.emplace_back(t.begin(), t.end());
  }
  if (in.flag("chained session flag")) s->chained = parse_chained(in, table);
  return s;
}

std::unique_ptr<Uicc::ChainedSession> Uicc::parse_chained(state::Reader& in, const FileTable* table) const {
  const Files p{*profile_, table};
  auto c = std::make_unique<ChainedSession>();
  c->application = in.u8("chained session application");
  if (c->application > static_cast<std::uint8_t>(remote::Application::SimRfm)) {
    state::fail("chained session of unknown application " + std::to_string(c->application));
  }
  RemoteSession& r = c->session;
  r.gsm = in.flag("chained session GSM flag");
  // Only the SIM's RFM runs a GSM class session (remote/rfm.cpp).
  if (r.gsm != (c->application == static_cast<std::uint8_t>(remote::Application::SimRfm))) {
    state::fail("chained session GSM flag does not fit its application");
  }
  in.need(kChannelBytes, "chained session channel");
  r.channel = read_channel(in, p, kNoChannel);
  if (!r.channel.open) state::fail("chained session channel is closed");
  // TS 51.011 knows no ADFs.
  if (r.gsm && (r.channel.adf != kNoFile || !mf_or_df(*p.find(r.channel.df)))) {
    state::fail("chained GSM session not in the MF or a DF");
  }
  const std::uint32_t keys = in.u32("chained session key set");
  if ((keys & ~KeySet::kAllBits) != 0) state::fail("chained session key set holds unknown key references");
  r.keys = KeySet::from_bits(keys);
  const std::size_t len = in.u16("chained session pending length");
  if (len > kMaxResponseData) {
    state::fail("chained session pending length " + std::to_string(len) + " exceeds " +
                std::to_string(kMaxResponseData));
  }
  const ByteView pending = in.bytes(len, "chained session pending data");
  r.pending.assign(pending.begin(), pending.end());
  r.pending_sw = in.u16("chained session pending status word");
  check_sw(r.pending_sw, "chained session pending status word");
  return c;
}

namespace {
// A proactive command as queue_proactive() takes it.
Bytes read_command(state::Reader& in, const std::string& what) {
  const std::size_t len = in.u16("proactive command length");
  if (len > cat::kMaxProactiveCommand) {
    state::fail(what + " of " + std::to_string(len) + " bytes, more than " +
                std::to_string(cat::kMaxProactiveCommand));
  }
  const ByteView b = in.bytes(len, "proactive command");
  if (len != 0) {
    if (const cat::Decoded<cat::CommandDetails> d = cat::check_proactive_command(b); !d.ok()) {
      state::fail(what + ": " + d.error);
    }
  }
  return Bytes(b.begin(), b.end());
}
}  // namespace

void Uicc::parse_cat(state::Reader& in, Session& s) const {
  const std::size_t profile = in.u8("terminal profile length");
  s.terminal_profile = cat::TerminalProfile(in.bytes(profile, "terminal profile"));
  const std::size_t queued = in.u8("queued proactive command count");
  if (queued > kMaxQueuedProactive) {
    state::fail(std::to_string(queued) + " queued proactive commands, more than " +
                std::to_string(kMaxQueuedProactive));
  }
  for (std::size_t i = 0; i < queued; ++i) {
    Bytes c = read_command(in, "queued proactive command " + std::to_string(i));
    if (c.empty()) state::fail("queued proactive command " + std::to_string(i) + " is empty");
    s.proactive_queue.push_back(std::move(c));
  }
  s.proactive_fetched = read_command(in, "fetched proactive command");
  // TS 102 223 §6.2: nothing is fetched before the terminal profile.
  if (!s.proactive_fetched.empty() && s.terminal_profile.empty()) {
    state::fail("a fetched proactive command without a terminal profile");
  }
  s.next_command_number = in.u8("next command number");
  // §8.6: command numbers '01'-'FE'.
  if (s.next_command_number == 0x00 || s.next_command_number == 0xFF) {
    state::fail("next command number " + std::to_string(s.next_command_number) + " outside 1..254");
  }
  for (std::size_t i = 0; i < s.timers.size(); ++i) {
    const std::string what = "timer " + std::to_string(i + 1);
    cat::TimerState& t = s.timers[i];
    t.state = in.u8("timer state");
    if (t.state > cat::TimerState::kExpired) state::fail(what + " state " + std::to_string(t.state) + " unknown");
    const ByteView value = in.bytes(3, "timer value");
    if (const char* e = cat::TimerValue::from_bytes(value.data(), t.value)) state::fail(what + ": " + e);
    if (t.state == cat::TimerState::kOff && !(t.value == cat::TimerValue{})) state::fail(what + " is off but not reset");
  }
  s.event_list = in.u32("event list");
  s.events_received = in.u32("events received");
}

}  // namespace cardcore
