#pragma once
// The international card: a GSMA SGP.02 M2M eUICC (README.md here).
//
// An eUICC is one chip holding several profiles, each in its own ISD-P, one
// of them enabled; its ISD-R (the SM-SR's security domain) creates, enables,
// disables and deletes them on the SM-SR's ES5 commands, which come by SMS
// secured with SCP80 under the ISD-R's keys. Here:
//   - the platform card (a cardcore::Uicc of profiles/euicc-platform.prof)
//     is the eUICC OS's own storage: the ISD-R's SCP80 key sets and
//     counters, its SCP81 PSKs and defaults, its GlobalPlatform registry (the ISD-Ps and their states),
//     the EID and what the eUICC keeps per ISD-P (attributes, POL1) and for
//     notifications and a profile change awaiting connectivity. Its ISD is
//     the ISD-R (TAR '00 00 01'); this class extends it (gp::IsdExtension).
//   - every installed profile is a cardcore::Uicc of its own (its file
//     system, PINs, USIM keys, its MNO's OTA keys), made from a profile
//     template and its personalization; the terminal talks to the enabled
//     one (transmit() goes there), and the eUICC takes the SMS-PP downloads
//     for its own TARs out of that card's ENVELOPEs.
// The eUICC answers reset with the platform's ATR whichever profile is
// enabled. A profile switch (EnableProfile, DisableProfile, fall-back,
// roll-back) is one NVM transaction of the platform card; the terminal
// learns it from a REFRESH (UICC reset) and the next power-up runs the newly
// enabled profile.
#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "cardcore/card/uicc.hpp"
#include "cardcore/cat/sms_pp_handler.hpp"
#include "cardcore/ecasd/card_key_establishment.hpp"
#include "cardcore/euicc/platform_records.hpp"
#include "cardcore/euicc/scp03t.hpp"
#include "cardcore/gp/isd_extension.hpp"
#include "cardcore/scp81/admin_session.hpp"
#include "cardcore/scp81/session_config.hpp"
#include "cardcore/tlv/ber_tlv.hpp"

namespace cardcore::state {
class Reader;
}

namespace cardcore::euicc {

// What the SM-SR reads of one ISD-P (SGP.02 §4.1.1.5 audit; EIS profile info).
struct ProfileInfo {
  Bytes isdp_aid;
  std::uint8_t state = 0;  // isdp_state
  bool fallback = false;
  bool emergency = false;  // the emergency profile attribute
  std::uint8_t pol1 = 0;
  bool installed = false;  // a profile was downloaded and installed into it
  std::string iccid;       // of the installed profile (empty: none)
};

// The card resources the SM-SR's eUICC capability audit reads (SGP.02
// ES5.eUICCCapabilityAudit; GET DATA 'FF21', ETSI TS 102 226 §8.2.1.7.2).
struct CardResources {
  std::uint32_t installed_applications = 0;  // application instances: the ISD-Ps
  std::uint32_t free_nonvolatile = 0;        // bytes (Euicc::free_profile_memory)
  std::uint32_t free_volatile = 0;           // bytes (the capacity: use not modelled)
};

// The ECASD's content (SGP.02 §2.2.1.3, §2.3.2), from the EUM.
struct EcasdPersonalization {
  ecasd::PrivateKey key;      // SK.ECASD.ECKA
  Bytes certificate;          // CERT.ECASD.ECKA ('7F21'), signed by the EUM
  ecasd::PublicKey ci_public_key;  // PK.CI.ECDSA
  Bytes ci_identifier;        // the CI's subject identifier
  ecasd::CertificateDate production_date;  // the key establishment's "today"
};

// The ISD-R's admin agent for SCP81 (GP Amendment B; SGP.02 §2.4.4): what
// a push leaves out, and the factory SM-SR's TLS pre-shared key; written to
// the platform's NVM (EF.SCP81_CONFIG, EF.SCP81_PSK record 1).
struct Scp81Personalization {
  scp81::SessionDefaults defaults;
  std::uint8_t key_version = 0x40;  // GP Amendment B PSK key versions '40'-'4F'
  std::uint8_t key_id = 0x01;
  Bytes psk;  // 16 or 32 bytes
};

// Values that differ from eUICC to eUICC, written once at the eUICC factory.
struct EuiccPersonalization {
  std::string eid;  // 32 digits (SGP.02 §2.2.2)
  // The ISD-R's SCP80 keys: one pair per used key set record of the
  // platform's [ota] EF (Personalization::ota_keys), in record order.
  std::vector<OtaKeyValues> isd_r_keys;
  // None: the eUICC can take no key establishment (no profile download, no
  // SM-SR change).
  std::optional<EcasdPersonalization> ecasd;
  // None: the ISD-R takes no SCP81 trigger (SMS only).
  std::optional<Scp81Personalization> scp81;
};

class Euicc final : public cat::SmsPpDownloadHandler, public gp::IsdExtension {
 public:
  // How many consecutive "no service" / "limited service" location status
  // reports (TS 102 223 §7.5.4) of the enabled profile make the eUICC
  // decide it has lost connectivity (our choice; SGP.02 §3.2.2, §3.7 leave
  // the detection to the eUICC).
  static constexpr std::uint8_t kConnectivityLossReports = 3;
  // Largest profile package the eUICC takes (ours).
  static constexpr std::size_t kMaxPackageBytes = 65536;

  explicit Euicc(std::shared_ptr<const ProfileTemplate> platform);
  ~Euicc() override;
  Euicc(const Euicc&) = delete;
  Euicc& operator=(const Euicc&) = delete;

  // Writes the EID, the ISD-R's keys, the ECASD and the SCP81 defaults and
  // PSK in one NVM transaction. Throws std::invalid_argument for an EID that
  // is not 32 digits, keys that do not fit the key set records, or an SCP81
  // key version outside '40'-'4F', a PSK not of 16 or 32 bytes or defaults
  // that do not fit EF.SCP81_CONFIG.
  void personalize(const EuiccPersonalization& p);

  // At the eUICC factory (SGP.02 §3.1 done by the EUM): a new ISD-P with a
  // profile installed in it, enabled or disabled, with the fall-back
  // attribute or not. Throws std::invalid_argument for an AID that is not an
  // ISD-P AID or already used, an ISD-P limit reached, a second enabled or
  // fall-back profile, a profile the personalization does not fit, or one
  // larger than the free profile memory.
  // `isdp_keys`: the ISD-P's SCP03 key set, for the SM-DP that manages the
  // profile (none: it gets one only by a key establishment).
  void install_profile(ByteView isdp_aid, std::shared_ptr<const ProfileTemplate> profile,
                       const Personalization& values, bool enabled, bool fallback, std::uint8_t pol1 = 0,
                       const std::optional<gp::scp03::StaticKeys>& isdp_keys = std::nullopt);

  // ISO 7816-3 cold reset of the chip: recovers the platform's NVM, settles
  // a profile change the previous session left half done (README.md,
  // "Power loss"), powers the enabled profile and answers with the
  // platform's ATR.
  ByteView power_on();
  void power_off();
  bool powered() const { return platform_.powered(); }

  // The terminal's C-APDUs go to the enabled profile (a card without an
  // enabled profile answers '6F 00' to all but what needs no file system).
  // The eUICC watches TERMINAL PROFILE (it then asks for location status
  // events) and location status EVENT DOWNLOADs (connectivity: notification
  // after a change, roll-back, fall-back). Never throws for any bytes,
  // except PowerLoss (then the eUICC is unpowered).
  std::size_t transmit(ByteView capdu, std::span<std::uint8_t, kMaxRapdu> out);
  Bytes transmit(ByteView capdu);

  std::string eid() const;
  std::vector<ProfileInfo> profiles() const;
  // The enabled profile's card; nullptr when none is enabled.
  Uicc* enabled_card();
  const Uicc* enabled_card() const;
  Bytes enabled_isdp() const;  // empty when none
  Uicc& platform() { return platform_; }
  const Uicc& platform() const { return platform_; }
  // The profile card of an ISD-P; nullptr when it has none.
  Uicc* profile_card(ByteView isdp_aid);
  // Sequence number the next notification gets, and the one waiting for its
  // confirmation (SGP.02 §4.1.1.11-12), if any.
  std::uint16_t next_notification_sequence() const;
  std::optional<PendingNotification> pending_notification() const;
  // NVM page programs of the chip so far: the platform card's and every
  // profile card's, deleted ones included (never decreases).
  std::uint64_t nvm_programs() const;
  // Bytes this eUICC uses beyond its shared templates: the platform card and
  // every profile card.
  std::size_t state_bytes() const;

  // Checkpoints (euicc_state.cpp; layout and what is not saved:
  // STATE-FORMAT.md here). save_state() writes the platform card, every
  // profile card with what rebuilds its template, and the volatile state of
  // a powered eUICC. It throws std::logic_error("euicc state: ...") inside
  // an NVM transaction and while an SCP81 admin session runs; an unpowered
  // eUICC always saves.
  // restore_state() takes it into an eUICC built as the saved one was: the
  // same platform template, personalize(), and install_profile() of the same
  // factory profiles (their templates are matched by fingerprint; downloaded
  // profiles' templates are rebuilt from their saved profile text). Then the
  // eUICC answers every later APDU sequence as the saved one would have.
  // Malformed, truncated or foreign input throws
  // std::invalid_argument("euicc state: ...") and leaves the eUICC as it was.
  Bytes save_state() const;
  void restore_state(ByteView state);

  // Memory (resources.cpp; README.md "Capability audit"). A profile's
  // non-volatile footprint: its profile card's whole NVM image, counted in
  // full though the simulator shares factory images (a real eUICC stores
  // its own copy). The free profile memory: EF.EUICC_RESOURCES' capacity
  // less, for every ISD-P, the larger of its quota ('C8') and its profile's
  // footprint.
  static std::uint32_t profile_footprint(const Uicc& profile_card);
  std::uint32_t free_profile_memory() const;
  CardResources card_resources() const;

  // cat::SmsPpDownloadHandler, installed on every profile card: packets for
  // the ISD-R's and the ISD-Ps' TARs run on the platform card, the others
  // on the profile card itself (remote::receive_sms_pp).
  cat::EnvelopeResult on_sms_pp(Uicc& card, ByteView address, ByteView tpdu) override;

  // gp::IsdExtension, on the platform card (isd_r.cpp, isd_p.cpp).
  std::optional<StatusWord> isd_command(Uicc& card, const CommandApdu& c, Bytes& out) override;
  bool accepts_security_domain(const Uicc& card, ByteView module_aid, ByteView app_params) const override;
  StatusWord stage_security_domain(Uicc& card, std::uint8_t record, const gp::InstallForInstall& in) override;
  Bytes security_domain_script(Uicc& card, const gp::RegistryEntry& instance, ByteView data) override;
  StatusWord security_domain_store_data(Uicc& card, const gp::RegistryEntry& instance, const CommandApdu& c,
                                        Bytes& out) override;
  std::optional<Bytes> isd_secured_data(Uicc& card, ByteView data) override;
  // The terminal's answers go to the SCP81 session, if one runs (scp81.cpp).
  void on_terminal_response(Uicc& card, ByteView command, const cat::TerminalResponse& response) override;

  // The SCP81 admin session the last trigger started (nullptr: none yet),
  // and why the last trigger was refused (empty: it was not).
  const scp81::AdminSession* admin_session() const { return admin_.get(); }
  scp81::AdminSession* admin_session() { return admin_.get(); }
  const std::string& admin_refusal() const { return admin_refusal_; }

 private:
  struct Slot;  // an ISD-P's profile card (euicc.cpp)

  // isd_r.cpp: the ES5 functions.
  StatusWord enable_profile(ByteView data);
  StatusWord disable_profile(ByteView data);
  StatusWord set_fallback_attribute(ByteView data);
  StatusWord move_attribute(ByteView data, bool IsdpAttributes::*attr, bool IsdpAttributes::*other);
  StatusWord update_connectivity_parameters(ByteView data);
  StatusWord confirm_notification(ByteView data, Bytes& out);
  StatusWord delete_profile(const CommandApdu& c, Bytes& out);
  StatusWord master_delete(ByteView data);
  StatusWord store_data(const CommandApdu& c, Bytes& out);
  StatusWord get_data(const CommandApdu& c, Bytes& out);
  // key_establishment.cpp: DGI '3A01' / '3A02' of a key establishment
  // (GPC Amendment E scenario #3 through the ECASD) for the ISD-P of
  // registry record `record`, or for the ISD-R when `record` is 0; `data`
  // is the STORE DATA's whole data field (the DGI).
  StatusWord establish_keys(std::uint8_t record, std::uint16_t dgi, ByteView data, Bytes& out);
  // 16 bytes for the card's challenges: SHA-256 of the EID, the platform's
  // NVM program count and `label` (the simulation's stand-in for a TRNG:
  // different at every use, the same in every run).
  Bytes card_random(std::string_view label) const;
  // isd_r_keys.cpp: the ISD-R's SCP80 key sets in the platform's key set EF.
  StatusWord add_isd_r_key_set(const ecasd::CardKeyEstablishmentResult& r);
  // isd_r_psk.cpp: the new SM-SR's SCP81 PSK (Q '5C', PSK-TLS) in the free
  // EF.SCP81_PSK record.
  StatusWord add_isd_r_psk(const ecasd::CardKeyEstablishmentResult& r);
  StatusWord delete_isd_r_keys(ByteView data, Bytes& out);

  // isd_p.cpp: one command of an ISD-P's script, and its STORE DATA.
  StatusWord isdp_command(Uicc& card, ByteView isdp_aid, const CommandApdu& c, Bytes& out);
  StatusWord isdp_store_data(Uicc& card, ByteView isdp_aid, const CommandApdu& c, Bytes& out);
  // download.cpp: a block of a profile package for a PERSONALIZED ISD-P;
  // the last one installs it.
  StatusWord download_block(Uicc& card, ByteView isdp_aid, const CommandApdu& c);
  StatusWord install_package(std::uint8_t record, ByteView package);
  // scp03t_script.cpp: a script of SCP03t command TLVs for an ISD-P (SGP.02
  // §2.5.2, §4.1.3.3), answered with a response scripting template.
  static bool is_scp03t_script(ByteView script);
  Bytes scp03t_script(Uicc& card, ByteView isdp_aid, ByteView script);
  std::optional<scp03t::Error> scp03t_command(Uicc& card, ByteView isdp_aid, std::uint8_t tag, const tlv::BerTlv& t,
                                              Bytes& value);
  std::optional<scp03t::Error> scp03t_segment(Uicc& card, std::uint8_t record, ByteView segment);
  // resources.cpp: whether a profile of `footprint` bytes fits the ISD-P of
  // registry record `record` ('6A84' when not).
  StatusWord room_for_profile(std::uint8_t record, std::uint32_t footprint) const;
  // At power-up: a profile whose installation committed takes its card.
  void settle_pending_install();

  // profile_switch.cpp: one NVM transaction that leaves `to` enabled and
  // `from` disabled (registry records; 0: none) and remembers the change
  // until the new profile has service: the notification type success sends
  // (`awaiting`), and `from` to roll back to when `rollback`; the record a
  // local disable of the emergency profile returns to (0: not enabled
  // locally); then REFRESH.
  StatusWord switch_profiles(std::uint8_t from, std::uint8_t to, std::uint8_t awaiting, bool rollback,
                             std::uint8_t emergency_return = 0);
  // emergency_profile.cpp: the attribute, the device's local enable and
  // disable, and whether the emergency profile is enabled locally.
  StatusWord set_emergency_profile_attribute(ByteView data);
  StatusWord local_enable_emergency_profile();
  StatusWord local_disable_emergency_profile();
  StatusWord local_switch(std::uint8_t from, std::uint8_t to, std::uint8_t return_to, std::uint8_t awaiting);
  std::uint8_t emergency_record() const;  // 0: no profile has the attribute
  bool emergency_active() const;
  // local_interface.cpp: the terminal's commands to the ISD-R on the
  // logical channel it selected it on; nullopt for the profile's commands.
  std::optional<std::size_t> local_command(ByteView capdu, std::span<std::uint8_t, kMaxRapdu> out);
  StatusWord local_isd_r_command(const CommandApdu& c, Bytes& out);
  // A location status report of the enabled profile (connectivity.cpp).
  void on_location_status(std::uint8_t status);
  void connectivity_lost();
  // Queues the pending notification as a secured SMS to the SM-SR, if it
  // has a destination (notification.cpp).
  void send_pending_notification();
  void after_terminal_profile();

  std::size_t forward(ByteView capdu, std::span<std::uint8_t, kMaxRapdu> out);
  Slot* slot(std::uint8_t record);
  const Slot* slot(std::uint8_t record) const;
  std::uint8_t enabled_record() const;  // 0: none
  void drop_slot(std::uint8_t record);
  // A deleted ISD-P: its card and any session, key establishment or
  // download of it.
  void forget_isdp(std::uint8_t record);
  // Whether ISD-P `record`'s profile is the one the terminal's session runs
  // on: disabled by an enable in this session, it still runs until the
  // REFRESH (SGP.02 §3.2.1), so it cannot be deleted before.
  bool in_session(std::uint8_t record) const;
  void power_enabled_profile();
  // euicc_state.cpp: one profile card and its template, and the
  // configuration of a key establishment for `record` (nullopt without
  // ECASD content; key_establishment.cpp).
  void save_slot(Bytes& out, const Slot& s) const;
  std::unique_ptr<Slot> parse_slot(state::Reader& in, const char* what);
  void save_volatile(Bytes& out) const;
  std::optional<ecasd::CardKeyEstablishmentConfig> key_establishment_config(const Uicc& platform,
                                                                           std::uint8_t record) const;

  // What the eUICC was built of (not its state): the platform's template
  // and those of the factory's profiles, for restore_state().
  std::shared_ptr<const ProfileTemplate> platform_template_;
  std::vector<std::shared_ptr<const ProfileTemplate>> factory_templates_;
  Uicc platform_;
  std::vector<std::unique_ptr<Slot>> slots_;
  Uicc* session_ = nullptr;  // the powered profile card the terminal talks to
  std::uint64_t retired_programs_ = 0;  // of deleted profiles' cards
  // Volatile: the change this session's REFRESH announces, and the
  // connectivity reports counted since the last "normal service".
  // The SCP03 session of one ISD-P (volatile: ends at power-off).
  struct IsdpSession {
    std::uint8_t record = 0;
    gp::scp03::CardSession scp03;
  };
  std::optional<IsdpSession> isdp_session_;
  // A key establishment between its two STORE DATAs (volatile).
  struct KeyEstablishment {
    std::uint8_t record = 0;  // 0: the ISD-R
    ecasd::CardKeyEstablishment card;
  };
  std::optional<KeyEstablishment> key_establishment_;
  // A profile package being downloaded, block by block, into an ISD-P
  // (volatile: a power loss loses it and leaves the ISD-P without a
  // profile, SGP.02 §3.1.4 error management deletes it).
  struct Download {
    std::uint8_t record = 0;
    std::uint8_t next_block = 0;
    Bytes data;
  };
  std::optional<Download> download_;
  // The profile card of an installation whose NVM commit is under way (the
  // card keeps the profile's content before its state says "installed").
  std::unique_ptr<Slot> pending_install_;
  // SCP81 (scp81.cpp): whether the platform's NVM holds SCP81 defaults or a
  // PSK; the running session, commands it asked for that wait for the
  // terminal session's queue.
  bool scp81_configured() const;
  std::unique_ptr<scp81::AdminSession> admin_;
  std::vector<cat::ProactiveCommand> admin_commands_;
  std::string admin_refusal_;
  std::uint32_t admin_sessions_ = 0;
  void queue_admin_commands(Uicc& card, std::vector<cat::ProactiveCommand> commands);
  // The REFRESH a profile switch asked for (profile_switch.cpp), once the
  // answer went out: after the PoR's packet, or after the SCP81 session.
  void queue_pending_refresh(Uicc& card);
  // The logical channel the terminal selected the ISD-R on (volatile).
  std::optional<std::uint8_t> isd_r_channel_;
  bool refresh_queued_ = false;
  bool notification_sent_ = false;  // this power-up's notification is queued
  std::uint8_t bad_reports_ = 0;
};

// GET DATA 'FF21' (ETSI TS 102 226 §8.2.1.7.2): 'FF21' { '81' installed
// applications (1 byte, 2 from 256), '82' free non-volatile memory, '83'
// free volatile memory (4 bytes each) } (resources.cpp).
Bytes extended_card_resources(const CardResources& r);

// The notification's data (SGP.02 §4.1.1.11): 'E1' { '4C' EID, '4D' type,
// '4E' sequence number, '2F' ISD-P AID } (notification.cpp).
Bytes notification_data(ByteView eid, std::uint8_t type, std::uint16_t sequence, ByteView isdp_aid);

}  // namespace cardcore::euicc
