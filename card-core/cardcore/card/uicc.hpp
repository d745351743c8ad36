#pragma once
// The card: a UICC with the USIM application and, for the composite card, the
// GSM SIM application (TS 102 221, TS 31.102, TS 51.011). Bytes in, bytes out:
// transmit() takes a C-APDU and returns the R-APDU (data, SW1, SW2) exactly as
// the card would put them on the T=0 interface after the terminal's
// GET RESPONSE handling, which the caller does itself.
#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <vector>

#include "cardcore/apdu/command_apdu.hpp"
#include "cardcore/apdu/response.hpp"
#include "cardcore/cat/proactive_commands.hpp"
#include "cardcore/cat/terminal_profile.hpp"
#include "cardcore/cat/timer_state.hpp"
#include "cardcore/fs/access_rule.hpp"
#include "cardcore/fs/file_table.hpp"
#include "cardcore/nvm/nvm.hpp"
#include "cardcore/profile/profile_template.hpp"

namespace cardcore {

struct MilenageConstants;
namespace state {
class Reader;
}
namespace cat {
class SmsPpDownloadHandler;
}

// One OTA key set's keys (TS 102 225 §5.1.2, §5.1.3): the KIc key and the
// KID key, each as long as the key set record's.
struct OtaKeyValues {
  Bytes kic_key;
  Bytes kid_key;
};

// Values that differ from card to card, written once at personalization.
struct Personalization {
  std::string iccid;  // 18 or 19 digits without the check digit; the Luhn digit is appended (E.118)
  std::string imsi;   // up to 15 digits (TS 23.003 §2.2)
  Bytes k;            // 16 bytes
  Bytes opc;          // 16 bytes
  // The card's own OTA keys, one entry per used record of the profile's key
  // set EF ([ota] keys; remote::factory_key_set_records()), in record order.
  // Empty: the card keeps the profile's factory keys.
  std::vector<OtaKeyValues> ota_keys = {};
};

class Uicc {
 public:
  explicit Uicc(std::shared_ptr<const ProfileTemplate> profile);
  ~Uicc();
  Uicc(Uicc&&) noexcept;
  Uicc& operator=(Uicc&&) noexcept;

  // ISO 7816-3 cold reset: completes or rolls back an interrupted NVM
  // transaction, clears all volatile state, and returns the ATR.
  ByteView power_on();
  // Contact deactivation: volatile state is lost, NVM is kept.
  void power_off();
  bool powered() const { return session_ != nullptr; }

  // Processes one C-APDU. Writes the R-APDU into `out` and returns its
  // length (2..258). Never throws for any input bytes, except PowerLoss when
  // the NVM power-loss injection fires (then the card is unpowered).
  std::size_t transmit(ByteView capdu, std::span<std::uint8_t, kMaxRapdu> out);
  Bytes transmit(ByteView capdu);

  // Writes ICCID, IMSI (USIM and GSM, linked), K, OPc and the OTA keys in
  // one NVM transaction. Throws std::invalid_argument on bad values (OTA
  // keys: not one per key set record, or a key of another length than the
  // record's).
  void personalize(const Personalization& p);

  const ProfileTemplate& profile() const { return *profile_; }
  Nvm& nvm() { return nvm_; }
  const Nvm& nvm() const { return nvm_; }
  // Bytes this card uses beyond the shared profile: object, NVM delta and,
  // while powered, its volatile session.
  std::size_t state_bytes() const;

  // Checkpoints (uicc_state.cpp). The card's whole state beyond its profile:
  // the NVM delta (programmed pages with their erase counts, the program
  // count) and, while powered, the volatile session (channels, verified
  // keys, pending GET RESPONSE data, GSM current file, toolkit state, held
  // segments of concatenated OTA packets, an OTA script chain's command
  // session). Format:
  // card/STATE-FORMAT.md. Throws std::logic_error inside an open NVM
  // transaction.
  Bytes save_state() const;
  // Replaces this card's state with a saved one; the card then answers every
  // APDU sequence as the saved card would have. The card must be made from
  // the same profile (the saved NVM geometry and a profile fingerprint are
  // checked). Throws std::invalid_argument("card state: <what is wrong>") for
  // malformed, truncated or foreign input, leaving the card unchanged. Not
  // part of the state: the NVM wear hook and the SMS-PP download handler
  // (this card keeps its own) and power-loss injection (disarmed after a
  // restore); an NVM transaction open on this card is dropped.
  void restore_state(ByteView state);

  // Card Application Toolkit, the card side (uicc_cat.cpp; TS 102 223,
  // TS 31.111). The terminal drives it with TERMINAL PROFILE, ENVELOPE,
  // FETCH and TERMINAL RESPONSE (TS 102 221 §11.2); card-side code (the OTA
  // layer) queues proactive commands, which the card announces with '91 XX'
  // instead of '90 00' once the terminal has sent its TERMINAL PROFILE.
  static constexpr std::size_t kMaxQueuedProactive = 8;
  // Who takes ENVELOPE (SMS-PP DOWNLOAD). Not owned. Null (the default):
  // the card's own OTA receiver (remote::SmsPpReceiver: SCP80 and RFM) when
  // its profile has OTA key sets ([ota]), else nobody, and the card answers
  // as one without the service does ('6A81'). Kept across power cycles and
  // restore_state().
  void set_sms_pp_handler(cat::SmsPpDownloadHandler* handler) { sms_pp_ = handler; }
  cat::SmsPpDownloadHandler* sms_pp_handler() const { return sms_pp_; }
  // Queues a proactive command: one complete 'D0' BER-TLV of at most 256
  // bytes with command details and device identities from the UICC, whose
  // command number the caller chose (typed commands queued later are numbered
  // on from it). False (nothing queued) when unpowered, malformed, or with
  // kMaxQueuedProactive commands waiting.
  bool queue_proactive(Bytes command);
  // The same for a typed command: the card gives it the next command number
  // ('01'-'FE', TS 102 223 §8.6), which it returns; 0 when refused.
  std::uint8_t queue_proactive(cat::ProactiveCommand command);
  // What the terminal said in TERMINAL PROFILE this session; nullptr before
  // it or while unpowered.
  const cat::TerminalProfile* terminal_profile() const;
  // Proactive commands queued and not fetched yet.
  std::size_t proactive_queued() const;
  // Turns the SW '90 00' at sw[0..1] into '91 XX' when a proactive command
  // is announced (for answers an eUICC gives on its profile's behalf).
  void announce_proactive(std::uint8_t* sw) const;
  // Logical channel `n` is open (TS 102 221 §11.1.17; 0 while powered).
  bool channel_open(std::uint8_t n) const;
  // A fetched command waits for its TERMINAL RESPONSE.
  bool proactive_in_progress() const;
  // Timer 1..8 as the card knows it (TS 102 223 §6.4.21, §7.4); off for
  // other numbers or while unpowered.
  cat::TimerState timer(std::uint8_t id) const;
  // The SET UP EVENT LIST the terminal accepted, and the events it
  // downloaded since power-up (TS 102 223 §7.5): bit e = event e ('00'-'1F').
  std::uint32_t event_list() const;
  std::uint32_t events_received() const;

  // Volatile state of one logical channel (TS 102 221 §8.4, §11.1.17).
  struct Channel {
    bool open = false;
    std::uint32_t df = 0;            // current DF (MF = 0)
    std::uint32_t ef = kNoFile;      // current EF
    std::uint32_t adf = kNoFile;     // application active on this channel
    std::uint16_t record = 0;        // current record number, 0 = none
  };

  // Segments of concatenated short messages (TS 23.040 §9.2.3.24.1) the OTA
  // layer holds until their message is complete: whole SMS-DELIVER TPDUs,
  // oldest first, at most kMaxHeldSegments of at most kMaxHeldSegmentBytes.
  // Volatile (lost at power-off) and part of save_state(); nullptr while
  // unpowered.
  static constexpr std::size_t kMaxHeldSegments = 16;
  static constexpr std::size_t kMaxHeldSegmentBytes = 200;
  std::vector<Bytes>* held_segments();

  // Remote file management (uicc_remote.cpp; TS 102 226 §7): the commands an
  // OTA application (RFM) runs on the card's own file system, through the
  // normal command handlers and the NVM, in a command session of their own:
  // one logical channel with its own current DF/EF, the security status of
  // the application's access domain, and their own GET RESPONSE data. The
  // terminal's channels, verified PINs and pending data are left alone.
  struct RemoteSession {
    Channel channel;                  // the session's current DF, EF, application
    KeySet keys;                      // satisfied key references (VERIFY PIN adds to them)
    Bytes pending;                    // GET RESPONSE data (T0 transport; any for the GSM class)
    StatusWord pending_sw = sw::kOk;  // its SW
    // The session of the SIM's RFM (TS 31.116, TS 51.011 §9): it takes the
    // GSM class (CLA 'A0') only, its current directory and EF are the GSM
    // application's; the other sessions take CLA '0X'/'8X' only.
    bool gsm = false;
  };
  // How a remote command returns its response data.
  enum class RemoteTransport : std::uint8_t {
    // The compact format (TS 102 226 §5.1): as on T=0 (TS 102 221 §7.3.1.1),
    // a command with data and a response answers '61 XX' and the response
    // waits for GET RESPONSE; a case 2 command with the wrong Le gets '6C XX'.
    T0,
    // The expanded format (TS 102 226 §5.2): the R-APDU carries the response
    // data at once, up to Ne bytes (none for a command without Le).
    Direct,
  };
  // A command session that starts with `application` (an ADF, or kNoFile
  // for the MF) current and the key references `access` satisfied (a PIN
  // whose verification is disabled counts as satisfied, as for the
  // terminal). With `gsm`, a GSM class session whose current directory is
  // `application` (the MF or a DF, e.g. DF.GSM).
  RemoteSession begin_remote(std::uint32_t application, KeySet access, bool gsm = false) const;
  // Executes one C-APDU (ISO/IEC 7816-4 short form, CLA '0X'/'8X' on the
  // basic channel) in the session: SELECT, READ/UPDATE BINARY, READ/UPDATE/
  // SEARCH RECORD, INCREASE, DEACTIVATE/ACTIVATE FILE, CREATE/DELETE/RESIZE
  // FILE, the PIN commands and GET RESPONSE (the RFM commands of TS 102 226
  // §7.1 this card has); others get '6D00'. A GSM session takes CLA 'A0'
  // instead: the TS 51.011 §9.2 file and CHV commands, answered as the SIM
  // answers them ('9FXX' and GET RESPONSE from the session's own data). Sets
  // `data` to the response data and returns the status word.
  // The card must be powered and inside an ENVELOPE (an SMS-PP download
  // handler). PowerLoss goes through (the card is then unpowered).
  StatusWord execute_remote(RemoteSession& session, ByteView capdu, RemoteTransport transport, Bytes& data);

  // Script chaining (TS 102 226 §5.2.1.4): the command session a chain of
  // expanded scripts carries from one secured packet to the next — current
  // DF/EF, security status, pending data — with the OTA application
  // (remote::Application) it belongs to. The OTA layer keeps and drops it
  // (remote/script_chaining.hpp); it is volatile (lost at power-off) and
  // part of save_state(). The slot is nullptr while unpowered.
  struct ChainedSession {
    std::uint8_t application = 0;
    RemoteSession session;
  };
  std::unique_ptr<ChainedSession>* chained_session();

 private:
  struct Session;
  using Handler = StatusWord (Uicc::*)(const CommandApdu&, Channel&, Response&);

  StatusWord dispatch(const CommandApdu& c, const ClassByte& cls, Response& r);
  // The handler of an instruction and whether its class is proprietary
  // ('8X') rather than interindustry ('0X'); null for unknown ones.
  static Handler handler_for(std::uint8_t ins, bool& proprietary);
  std::size_t finish(const CommandApdu& c, std::uint8_t channel, bool gsm, StatusWord s,
                     Response& r, std::span<std::uint8_t, kMaxRapdu> out);

  // TS 102 221 §11.1 commands, one file each (uicc_<family>.cpp).
  StatusWord cmd_select(const CommandApdu&, Channel&, Response&);
  StatusWord cmd_status(const CommandApdu&, Channel&, Response&);
  StatusWord cmd_read_binary(const CommandApdu&, Channel&, Response&);
  StatusWord cmd_update_binary(const CommandApdu&, Channel&, Response&);
  StatusWord cmd_read_record(const CommandApdu&, Channel&, Response&);
  StatusWord cmd_update_record(const CommandApdu&, Channel&, Response&);
  StatusWord cmd_search_record(const CommandApdu&, Channel&, Response&);
  StatusWord cmd_increase(const CommandApdu&, Channel&, Response&);
  StatusWord cmd_deactivate_file(const CommandApdu&, Channel&, Response&);
  StatusWord cmd_activate_file(const CommandApdu&, Channel&, Response&);
  StatusWord cmd_verify(const CommandApdu&, Channel&, Response&);
  StatusWord cmd_change_pin(const CommandApdu&, Channel&, Response&);
  StatusWord cmd_disable_pin(const CommandApdu&, Channel&, Response&);
  StatusWord cmd_enable_pin(const CommandApdu&, Channel&, Response&);
  StatusWord cmd_unblock_pin(const CommandApdu&, Channel&, Response&);
  StatusWord cmd_authenticate(const CommandApdu&, Channel&, Response&);
  StatusWord cmd_manage_channel(const CommandApdu&, Channel&, Response&);
  StatusWord cmd_get_response(const CommandApdu&, Channel&, Response&);
  // TS 102 222 §6 administrative commands (uicc_admin.cpp).
  StatusWord cmd_create_file(const CommandApdu&, Channel&, Response&);
  StatusWord cmd_delete_file(const CommandApdu&, Channel&, Response&);
  StatusWord cmd_resize_file(const CommandApdu&, Channel&, Response&);
  // TS 102 221 §11.2 toolkit commands (uicc_cat.cpp).
  StatusWord cmd_terminal_profile(const CommandApdu&, Channel&, Response&);
  StatusWord cmd_envelope(const CommandApdu&, Channel&, Response&);
  StatusWord cmd_fetch(const CommandApdu&, Channel&, Response&);
  StatusWord cmd_terminal_response(const CommandApdu&, Channel&, Response&);
  StatusWord envelope_sms_pp(ByteView envelope, Response& r);
  StatusWord envelope_event(ByteView envelope);
  StatusWord envelope_timer(ByteView envelope);
  bool sms_pp_service() const;
  // The installed handler, else the card's own OTA receiver (if any).
  cat::SmsPpDownloadHandler* active_sms_pp() const;
  void after_handler();
  // A proactive command waits for FETCH: the terminal profile is in, no
  // command is in progress, one is queued (TS 102 223 §6.2, §6.3).
  bool proactive_announced() const;
  // TS 51.011 §9.2: the GSM application (CLA 'A0'), in gsm_sim.cpp; on the
  // remote session's GSM context inside execute_remote().
  StatusWord dispatch_gsm(const CommandApdu&, Response&);
  // A GSM class command of a remote session (uicc_remote_gsm.cpp).
  StatusWord execute_remote_gsm(RemoteSession& rs, const CommandApdu& c, Bytes& data);

  // Checkpoint parts (uicc_state.cpp). `files`: the table of the NVM being
  // restored, against which saved file indices are checked.
  void save_session(Bytes& out) const;
  std::unique_ptr<Session> parse_session(state::Reader& in, const FileTable* files) const;
  void save_cat(Bytes& out) const;
  void parse_cat(state::Reader& in, Session& s) const;
  std::unique_ptr<ChainedSession> parse_chained(state::Reader& in, const FileTable* files) const;

 public:  // shared by the command files; not part of the card's interface
  // File system helpers (uicc_fs.cpp). A file index is a profile file's, or
  // a file this card created (fs/file_table.hpp).
  const FileNode& node(std::uint32_t i) const {
    if (!(i & kCreatedFile)) [[likely]] return profile_->files[i];
    return created_node(i);
  }
  [[gnu::cold]] const FileNode& created_node(std::uint32_t i) const;
  // The card's created and deleted files; null when it has none (or is
  // unpowered).
  const FileTable* file_table() const;
  // Calls f(child) for each file in `df`: its profile files the card has not
  // deleted, then the ones it created there.
  template <class F>
  void for_each_child(std::uint32_t df, F&& f) const;
  // The ADF whose AID starts with these bytes (§8.4.1 partial DF name),
  // profile ADFs first; nullopt if none.
  std::optional<std::uint32_t> find_adf(ByteView aid_prefix) const;
  LifeCycle life_cycle(std::uint32_t file) const;
  // The same for a node at hand (the hot paths look a file up once).
  LifeCycle life_cycle(const FileNode& f) const { return static_cast<LifeCycle>(nvm_.read_u8(f.state_addr)); }
  std::uint8_t cyclic_head(std::uint32_t file) const;
  // The EF.ARR record governing `file`, empty if none (§9.2.4 search upwards).
  ByteView access_rule(std::uint32_t file, std::array<std::uint8_t, 255>& buf) const;
  ByteView access_rule(std::uint32_t file, const FileNode& f, std::array<std::uint8_t, 255>& buf) const;
  bool allowed(std::uint32_t file, std::uint8_t mode) const;
  bool allowed(std::uint32_t file, const FileNode& f, std::uint8_t mode) const;
  // Resolves an SFI in the current DF of `ch`; kNoFile if none.
  std::uint32_t find_sfi(const Channel& ch, std::uint8_t sfi) const;
  std::uint32_t find_child(std::uint32_t df, std::uint16_t fid) const;
  [[gnu::cold]] std::uint32_t find_child_in_table(std::uint32_t df, std::uint16_t fid) const;
  // Physical offset of record `n` (1-based) of a record EF in its body.
  std::uint32_t record_offset(std::uint32_t file, std::uint16_t n) const;
  // Writes a new record 1 of a cyclic EF (PREVIOUS mode update).
  StatusWord write_cyclic_record(std::uint32_t file, ByteView data);
  // INCREASE on a cyclic EF (TS 102 221 §11.1.8, TS 51.011 §9.2.8): adds
  // `value` to record 1 and writes the sum as the new record 1; puts the
  // new record and the value into `r`. '9850' when the sum does not fit the
  // record, '6581' when the NVM failed. The caller checks the access.
  StatusWord increase_record(std::uint32_t file, ByteView value, Response& r);
  // True if the access rule of `file` lets this command through an AM_DO of
  // instruction type (fs/access_rule.hpp command_allowed).
  bool command_allowed(std::uint32_t file, const CommandApdu& c) const;
  // Commits the staged NVM writes; maps a failed program to '6581'.
  StatusWord commit();
  // Reads the card's FileTable from its NVM again (after an administrative
  // command changed, or may have changed, the created-file region).
  void reload_file_table();
  // True if one of `files` (sorted) is the current DF, EF or application of
  // a context other than `self`: another open logical channel, the GSM
  // application, or, inside execute_remote(), any of the terminal's
  // channels. A file in use there cannot be deleted (uicc_admin.cpp).
  bool used_elsewhere(const Channel& self, const std::vector<std::uint32_t>& files) const;
  // After RESIZE FILE: contexts whose current EF is `from` now have `to`
  // (a resized profile EF becomes a created one), and their record pointer
  // is reset if the EF has fewer than it now.
  void file_reshaped(std::uint32_t from, std::uint32_t to, std::uint16_t records);
  // The verified key references: the terminal's, or the remote session's
  // inside execute_remote().
  KeySet& keys();
  const KeySet& keys() const;
  // True if the PIN with this key reference has verification disabled.
  bool pin_disabled(std::uint8_t key_ref) const;
  bool pin_disabled(const PinSpec& pin) const;
  // The satisfied key references: verified ones and disabled PINs.
  KeySet effective_keys() const;
  // Milenage constants r1..r5, c1..c5 of this profile (TS 35.206 §4.1).
  MilenageConstants milenage_constants() const;
  // TS 31.102 §4.2.8: is service n available in EF.UST of this ADF?
  bool usim_service(std::uint32_t adf, unsigned n) const;

 private:
  std::shared_ptr<const ProfileTemplate> profile_;
  Nvm nvm_;
  std::unique_ptr<Session> session_;
  cat::SmsPpDownloadHandler* sms_pp_ = nullptr;
};

template <class F>
void Uicc::for_each_child(std::uint32_t df, F&& f) const {
  const FileTable* t = file_table();
  for (std::uint32_t c : node(df).children) {
    if (!t || !t->deleted(c)) f(c);
  }
  if (!t) return;
  const std::vector<std::uint32_t>& created = t->created_files();
  for (std::size_t i = 0; i < created.size(); ++i) {
    if (t->created_node(i).parent == df) f(created[i]);
  }
}

}  // namespace cardcore
