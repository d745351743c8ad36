#pragma once
// Who processes an ENVELOPE (SMS-PP DOWNLOAD) on the card (TS 31.111
// §7.1.1): the OTA layer (TS 102 225/226: SCP80, RFM, RAM), installed with
// Uicc::set_sms_pp_handler().
#include <cstdint>

#include "cardcore/cat/terminal_response.hpp"
#include "cardcore/util/bytes.hpp"

namespace cardcore {
class Uicc;
}

namespace cardcore::cat {

// What the card answers the ENVELOPE with (TS 31.111 §7.1.1.1).
struct EnvelopeResult {
  enum class Status : std::uint8_t {
    kOk,     // '90 00' ('91 XX' with a proactive command pending): RP-ACK
    kBusy,   // '93 00' toolkit busy (TS 102 221 §10.2.1.2): the ME retries or answers RP-ERROR
    kError,  // '6F 00' data download error (TS 51.014 §7.1: '6F XX'): RP-ERROR
    // '6A 81' function not supported (TS 102 221 §10.2.1.5): no application
    // of the card takes this message (the ME answers RP-ERROR, as for a card
    // without the service).
    kUnsupported,
  };
  Status status = Status::kOk;
  // With kOk: the data for the TP-User-Data of the SMS-DELIVER-REPORT the ME
  // sends in the RP-ACK (TS 31.111 §7.1.1.1, TS 23.040 §9.2.2.1a), e.g. a
  // proof of receipt. At most 256 bytes; on T=0 the card answers '61 XX' and
  // the ME fetches them with GET RESPONSE (TS 102 221 §7.3.1.1.4).
  Bytes response;

  static EnvelopeResult ok(Bytes response = {}) { return {Status::kOk, std::move(response)}; }
  static EnvelopeResult busy() { return {Status::kBusy, {}}; }
  static EnvelopeResult error() { return {Status::kError, {}}; }
  static EnvelopeResult unsupported() { return {Status::kUnsupported, {}}; }
};

class SmsPpDownloadHandler {
 public:
  virtual ~SmsPpDownloadHandler() = default;

  // An SMS-PP data download. `address` is the value of the Address data
  // object (TON/NPI and the service centre address in BCD, TS 102 223 §8.1),
  // empty when the envelope has none; `tpdu` the SMS-DELIVER (TS 23.040
  // §9.2.2.1). `card` is the powered card inside its ENVELOPE command: the
  // handler may read and update its files and queue proactive commands with
  // card.queue_proactive() (SEND SHORT MESSAGE, REFRESH, ...), which the
  // card announces with '91 XX' in its answer to this very ENVELOPE. It must
  // not call card.transmit(), power_off() or restore_state(). PowerLoss goes
  // through; any other exception becomes '6F 00'.
  virtual EnvelopeResult on_sms_pp(Uicc& card, ByteView address, ByteView tpdu) = 0;

  // The terminal answered a proactive command of this card (TS 102 223
  // §6.8): `command` is the command as fetched, `response` the accepted
  // TERMINAL RESPONSE. Same rules as on_sms_pp; exceptions other than
  // PowerLoss are ignored. Default: nothing.
  virtual void on_terminal_response(Uicc& card, ByteView command, const TerminalResponse& response) {
    (void)card;
    (void)command;
    (void)response;
  }
};

}  // namespace cardcore::cat
