#pragma once
// The platform's end of SCP80 over SMS with one card application (one TAR of
// one card): what an SM-SR or a write-card platform keeps per card, and the
// bytes it exchanges with it, the same as a real platform's.
//
// Out: a remote command script becomes a command packet (ETSI TS 102 225
// §5.1, cardcore::ota::encode_command_packet) with the next counter, then
// the SMS-DELIVERs that carry it (3GPP TS 31.115 §4.1/§4.2: TP-PID '7F',
// TP-DCS 'F6', UDH IEI '70', concatenated with an 8-bit reference when it
// does not fit one message). A modem hands each to the card in an ENVELOPE
// (sms_pp_envelope.hpp).
//
// Back: the PoR (TS 102 225 §5.2, TS 31.115 §4.3) out of the carrier it came
// in (por_carriers.hpp), concatenated SMS-SUBMITs reassembled, checked
// against this card's keys and the counters of the packets sent, and its
// additional data decoded as the script's response in the format the script
// was sent in (TS 102 226 §5.1.2, §5.2.2).
//
// Not thread-safe; one object per card application.
#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <vector>

#include "cardcore/ota/ota_keys.hpp"
#include "cardcore/ota/packet_fields.hpp"
#include "cardcore/ota/por_status.hpp"
#include "cardcore/ota/sending_entity.hpp"
#include "cardcore/sms/address.hpp"
#include "cardcore/sms/deliver_report.hpp"
#include "cardcore/sms/reassembler.hpp"
#include "cardcore/sms/submit.hpp"
#include "cardcore/sms/timestamp.hpp"
#include "cardcore/util/bytes.hpp"
#include "twinmodels/ota/remote_response.hpp"

namespace twinmodels::state {
class Reader;
}

namespace twinmodels::ota {

using cardcore::Bytes;
using cardcore::ByteView;

// What the platform holds for one card application.
struct OtaCardConfig {
  cardcore::ota::Tar tar{};
  cardcore::ota::OtaKeys keys;                 // KIc/KID bytes and keys of the key version used
  cardcore::ota::CommandSecurity security;     // SPI (and the AES CC length, the RC KID)
  // The counter of the last packet sent with these keys (what the card has
  // stored under "counter higher"); a new card: 0.
  cardcore::ota::Counter counter = 0;
  cardcore::sms::Address originator;           // TP-OA of the command SMS: the platform's number
  std::uint8_t first_reference = 0;            // concatenation reference of the first long packet
};

// A PoR as the platform reads it.
struct PorResult {
  cardcore::ota::PorStatus status = cardcore::ota::PorStatus::Ok;
  cardcore::ota::Counter counter = 0;  // the CNTR it answers
  // Carried the RC/CC and ciphering the SPI asked for. False for the
  // unprotected PoR (RHL 10) a card sends for a packet it could not
  // authenticate; its status is then an error and nothing in it is
  // authentic.
  bool secured = false;
  Bytes additional_data;
  // Status Ok with additional data: the script's response, decoded in the
  // format of the script that counter was sent with.
  std::optional<RemoteResponse> response;

  bool ok() const { return status == cardcore::ota::PorStatus::Ok; }
};

class OtaSmsLink {
 public:
  static constexpr std::size_t kMaxOutstanding = 64;  // packets remembered for their PoR

  // Throws std::invalid_argument for a counter above 'FFFFFFFFFF'.
  explicit OtaSmsLink(OtaCardConfig config, std::uint64_t reassembly_timeout_ms = 60'000);

  // TS 102 225 §5.1.1 SPI1 b4-b5: "no counter" sends the stored value
  // unchanged; the other policies send it plus one (what "higher" and "one
  // higher" accept), and the platform keeps it. Throws
  // OtaError(CounterExhausted) when that would pass 'FFFFFFFFFF'.
  cardcore::ota::Counter next_counter() const;
  // The counter of the last packet built (the configured one before any).
  cardcore::ota::Counter counter() const { return counter_; }
  // Resynchronises with the card (e.g. after a PoR "CNTR low"). Throws
  // std::invalid_argument above 'FFFFFFFFFF'.
  void set_counter(cardcore::ota::Counter counter);

  // The command packet (from CPL) around `secured_data`, with the next
  // counter, remembered for its PoR with `format` (default:
  // script_format_of(secured_data)). Throws OtaError(Unsupported) when the
  // keys cannot give the security the SPI asks for, OtaError(CounterExhausted)
  // when the counter would pass 'FFFFFFFFFF'; nothing changes then.
  Bytes build_packet(ByteView secured_data, std::optional<ScriptFormat> format = std::nullopt);
  // build_packet, then the SMS-DELIVER TPDUs that carry it, stamped `scts`
  // (TP-UDL counting the UDH: TS 23.040 §9.2.3.16). Throws as build_packet,
  // and cardcore::sms::SmsError for an originator with no TP-OA form or a
  // packet needing more than 255 messages; nothing changes then.
  std::vector<Bytes> build(ByteView secured_data, const cardcore::sms::Timestamp& scts,
                           std::optional<ScriptFormat> format = std::nullopt);

  // The PoR in a TP-UD given as its octets ('02 71 00' RPL ...): the card's
  // answer to the ENVELOPE, which the modem returns in the report.
  PorResult read_por_from_user_data(ByteView tp_ud);
  // The PoR in an SMS-DELIVER-REPORT TPDU (RP-ACK or, with TP-FCS, RP-ERROR).
  PorResult read_por_from_deliver_report(ByteView tpdu,
                                         cardcore::sms::ReportForm form = cardcore::sms::ReportForm::Ack);
  // The PoR in an SMS-SUBMIT TPDU; nullopt while segments of a concatenated
  // one are missing (duplicates are ignored). `now_ms`: the caller's clock,
  // for dropping sets left incomplete (expire()).
  std::optional<PorResult> read_por_from_submit(ByteView tpdu, std::uint64_t now_ms = 0);
  // The same from a SEND SHORT MESSAGE proactive command the modem fetched.
  std::optional<PorResult> read_por_from_send_short_message(ByteView proactive_command, std::uint64_t now_ms = 0);
  // A response packet from RPL. It must answer an outstanding packet: a
  // secured PoR's CNTR is checked against theirs (newest first), and a PoR
  // when none is outstanding (a duplicate, say) is OtaError(CounterMismatch).
  // Every read_por_* throws OtaError naming the fault; a PoR that throws
  // leaves its packet outstanding.
  PorResult read_por(ByteView response_packet);

  // Drops the concatenated PoRs idle longer than the timeout.
  std::vector<cardcore::sms::IncompleteMessage> expire(std::uint64_t now_ms) { return reassembler_.expire(now_ms); }
  std::size_t incomplete() const { return reassembler_.size(); }
  // Packets built and not answered by a final PoR.
  std::size_t outstanding() const { return outstanding_.size(); }
  const OtaCardConfig& config() const { return config_; }

  // Checkpoints of the platform that holds the link (ota_sms_link_state.cpp):
  // save_state() appends what changes after construction — the counter,
  // the next concatenation reference, the packets outstanding and the
  // concatenated PoRs being reassembled; the config is the caller's.
  // restore_state() reads such a section into this link, all of it or,
  // throwing std::invalid_argument ("<kind> state: ...", the reader's kind),
  // nothing; the caller restores into a link built with the saved config.
  void save_state(Bytes& out) const;
  void restore_state(state::Reader& in);

 private:
  struct Sent {
    cardcore::ota::Counter counter = 0;
    ScriptFormat format = ScriptFormat::Compact;
  };
  struct Prepared {
    Bytes packet;
    Sent sent;
  };
  Prepared prepare(ByteView secured_data, std::optional<ScriptFormat> format) const;
  void commit(const Sent& sent);
  std::optional<PorResult> from_submit(const cardcore::sms::SmsSubmit& submit, std::uint64_t now_ms);

  OtaCardConfig config_;
  cardcore::ota::Counter counter_;
  std::uint8_t next_reference_;
  std::deque<Sent> outstanding_;  // oldest first
  cardcore::sms::Reassembler reassembler_;
};

// The PoR of one packet sent with `config` and CNTR `counter`, given from
// RPL, checked as OtaSmsLink::read_por checks it (TAR, keys, this counter,
// status) but without a link: for a platform that keeps nothing per card
// and knows which packet a PoR answers. Status Ok with data: decoded as
// `format` (ScriptFormat::Application: left in additional_data). Throws
// OtaError naming the fault.
PorResult read_por_of_packet(const OtaCardConfig& config, cardcore::ota::Counter counter, ScriptFormat format,
                             ByteView response_packet);

}  // namespace twinmodels::ota
