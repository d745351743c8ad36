#pragma once
// One profile download by the SM-DP into one eUICC's ISD-P that the SM-SR
// has created (GSMA SGP.02 §3.1.2 ES8.EstablishISDPKeySet, §3.1.3
// ES8.DownloadAndInstallation), every ES8 script carried by ES3.SendData
// (send_data.hpp) — a plain state machine: next() gives the SendData to
// make, on_response() takes its answer, until finished().
//
//  1. Key establishment (GPC Amendment E scenario #3,
//     ecasd::OffCardKeyEstablishment) through the ISD-R, as njiwa's SM-DP
//     does it: INSTALL [for personalization] of the ISD-P + STORE DATA
//     '3A01' (the SM-DP's certificate; the card answers its RC), then
//     INSTALL [for personalization] + STORE DATA '3A02' (CRT, ePK.DP,
//     signature; the card answers DR and the receipt, which is checked):
//     the ISD-P's SCP03 key set.
//  2. The SCP03 session with the ISD-P (GP Amendment D §7, security level
//     '33': C-MAC, C-DECRYPTION, R-MAC, R-ENCRYPTION): INITIALIZE UPDATE
//     alone in one script; then EXTERNAL AUTHENTICATE and the package's
//     STORE DATA blocks (es8_commands.hpp), wrapped, in as many scripts as
//     kMaxScriptBytes asks. The host session lasts across the scripts, as
//     the card's does (until its power-off).
//  3. With a POL1, UpdatePolicyRules ('3A09') wrapped in the same session.
//
// In the SCP03t form (`Es8DownloadConfig::scp03t`; SGP.02 §2.5.2,
// §4.1.3.3; es8_download_scp03t.cpp), for the download over HTTPS, step 2
// is the same session opened by the '84' and '85' TLVs, the package in '86'
// segments of `segment_size` bytes as the scripts' TLVs, each answered by a
// response TLV ('86' 00) or an error TLV ('9F44'-'9F46',
// cardcore/euicc/scp03t.hpp) that fails the job; UpdatePolicyRules stays a
// wrapped C-APDU in the same session.
//
// A status word other than '90 00' / '61 XX', an R-MAC or receipt that does
// not verify, an answer that does not fit the script, or a SendData failure
// ends the job Failed, saying where and why. Error management (SGP.02
// §3.1.3: the SM-DP asks the SM-SR to delete the ISD-P) is the order's
// (download_order.hpp): this job stops. A power-off of the device during the download loses the
// card's SCP03 session and blocks; the job then fails at the next script
// (the card refuses it unwrapped or unauthenticated) and starts again only
// as a new job after the ISD-P's deletion.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "cardcore/ecasd/offcard_key_establishment.hpp"
#include "cardcore/gp/scp03_host_session.hpp"
#include "cardcore/util/bytes.hpp"
#include "twinmodels/platform/function_result.hpp"
#include "twinmodels/platform/send_data.hpp"

namespace twinmodels::state {
class Reader;
}

namespace twinmodels::platform {

// The bound on one ES8 script (an encoded expanded remote command script):
// the SM-SR sends it as one SCP80 secured packet by SMS, and the card holds
// at most 16 segments of a concatenated packet (Uicc::kMaxHeldSegments;
// euicc/README.md: "a script travels in one secured packet of up to 16
// concatenated short messages"). 1000 bytes of script make a packet of
// about 1040 bytes with the AES header, CC and padding: 8 messages of 133
// bytes' room — half the card's limit, leaving room for an SM-SR that sends
// compact headers or a larger CC.
inline constexpr std::size_t kMaxScriptBytes = 1000;

// Package bytes per SCP03t '86' segment: ciphered, MACed and tagged it
// stays under the card's 1024 bytes (SGP.02 §4.1.3.3), and one segment's
// script under kMaxScriptBytes, so that SMS can carry it too (ours).
inline constexpr std::size_t kScp03tSegmentBytes = 900;

struct Es8DownloadConfig {
  std::string call_id;
  std::string eid;
  cardcore::Bytes isdp_aid;   // the ISD-P the SM-SR created (16 bytes)
  std::string iccid;          // of the prepared profile, for the result
  cardcore::Bytes package;    // the prepared package (profile_preparation.hpp)
  cardcore::Bytes host_challenge;  // 8 bytes for INITIALIZE UPDATE (the SM-DP's random)
  std::optional<std::uint8_t> pol1;  // UpdatePolicyRules after the installation
  std::size_t block_size = 200;      // package bytes per STORE DATA (1..239: a wrapped block fits a short APDU)
  std::size_t max_script_bytes = kMaxScriptBytes;
  bool scp03t = false;           // the SCP03t form (SGP.02 §4.1.3.3)
  std::size_t segment_size = kScp03tSegmentBytes;  // package bytes per '86' (1..1000)
};

class Es8Download {
 public:
  static constexpr const char* kFunction = "ES2.DownloadProfile";
  static constexpr std::uint8_t kSecurityLevel = 0x33;

  // `key_establishment`: the SM-DP's certificate and key, PK.ECASD.ECKA of
  // this eUICC, the ephemeral key, the CRT (its key version is the ISD-P's
  // SCP03 key version). Throws std::invalid_argument for an ISD-P AID not of
  // 16 bytes, a host challenge not of 8, a block size outside 1..239 (with
  // scp03t: a segment size outside 1..1000), a
  // package that does not fit 256 blocks, a script bound under 300 bytes,
  // and as OffCardKeyEstablishment.
  Es8Download(Es8DownloadConfig config, cardcore::ecasd::OffCardKeyEstablishmentConfig key_establishment);

  // The next SendData to make; nullopt while one is waiting for its answer
  // and once finished.
  std::optional<SendData> next();
  // The answer to the SendData next() gave last. Ignored when none waits.
  void on_response(const SendDataResponse& r);

  bool finished() const { return step_ == Step::Done; }
  // Success (the profile installed, its ISD-P DISABLED), or Failed with the
  // step as subject (ES8.EstablishISDPKeySet, ES8.DownloadAndInstallation,
  // ES8.UpdatePolicyRules) and the reason; meaningful once finished().
  const FunctionResult& result() const { return result_; }
  // Package blocks the card has accepted so far.
  std::size_t blocks_accepted() const { return blocks_accepted_; }
  std::size_t block_count() const { return blocks_.size(); }

  // Checkpoints (es8_download_state.cpp has the layout): what changed since
  // construction — the step, the script waiting, STORE DATA '3A02''s data,
  // the SCP03 host session, the blocks wrapped, carried and accepted, the
  // result. parse_state() builds the job from `config` and
  // `key_establishment` (the caller's, as the constructor takes them) and
  // reads that back; it throws std::invalid_argument ("<kind> state: ...")
  // for malformed input or input that does not fit the config.
  void save_state(cardcore::Bytes& out) const;
  static Es8Download parse_state(state::Reader& r, Es8DownloadConfig config,
                                 cardcore::ecasd::OffCardKeyEstablishmentConfig key_establishment);

 private:
  enum class Step : std::uint8_t { Certificate, KeyAgreement, InitializeUpdate, Download, PolicyRules, Done };

  SendData send(cardcore::ByteView sd_aid, const std::vector<cardcore::Bytes>& commands) const;
  // The next script of the download, in either form: the EXTERNAL
  // AUTHENTICATE first, then the wrapped blocks that fit.
  std::vector<cardcore::Bytes> download_script();
  // The R-APDUs of the script waiting, one per command, each '90 00' or
  // '61 XX' and, for a wrapped command, its R-MAC verified; nullopt (the
  // job failed) otherwise.
  std::optional<std::vector<ota::RApdu>> answers(const SendDataResponse& r);
  // es8_download_scp03t.cpp: what differs between the forms, the SCP03t
  // form's scripts and answers.
  cardcore::Bytes external_authenticate();
  cardcore::Bytes wrap_block(std::size_t n);
  std::size_t script_bytes(const std::vector<cardcore::Bytes>& script) const;
  std::string block_name(std::size_t n) const;
  SendData send_tlvs(const std::vector<cardcore::Bytes>& tlvs) const;
  void on_scp03t_response(const SendDataResponse& r);
  void on_key_establishment(const std::vector<ota::RApdu>& a);
  void on_initialize_update(const std::vector<ota::RApdu>& a);
  void on_session_script();
  void fail(std::string reason, std::string message);
  void succeed();
  const char* subject() const;

  // A command of the script waiting for its answer.
  struct Sent {
    std::string label;                 // "STORE DATA block 3/9 (P2 '02')"
    bool wrapped = false;              // in the SCP03 session: its answer carries an R-MAC
    std::optional<std::size_t> block;  // a package block
  };

  Es8DownloadConfig config_;
  cardcore::ecasd::OffCardKeyEstablishment key_establishment_;
  std::uint8_t key_version_;
  std::vector<cardcore::Bytes> blocks_;  // plain STORE DATA blocks
  Step step_ = Step::Certificate;
  std::vector<Sent> waiting_;             // the script sent, not answered yet
  cardcore::Bytes key_agreement_data_;    // STORE DATA '3A02' data, from the card's RC
  std::optional<cardcore::gp::scp03::HostSession> host_;
  bool authenticated_ = false;            // EXTERNAL AUTHENTICATE sent
  std::size_t next_block_ = 0;            // the next block to wrap
  // A block wrapped that did not fit the last script: first in the next.
  std::optional<cardcore::Bytes> carried_;
  std::size_t carried_block_ = 0;
  std::size_t blocks_accepted_ = 0;
  FunctionResult result_;
};

}  // namespace twinmodels::platform
