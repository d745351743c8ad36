#pragma once
// The card's OTA receiver: the SMS-PP data download handler (TS 31.111
// §7.1.1) every card whose profile has OTA key sets ([ota]) uses unless
// another one is installed (Uicc::set_sms_pp_handler). It holds no state of
// its own: key sets and counters are in the card's NVM, held segments in its
// volatile session, so one instance serves every card.
#include "cardcore/cat/sms_pp_handler.hpp"

namespace cardcore::remote {

// Which card processes a complete command packet (keys, counters, the
// application its TAR names): the card the ENVELOPE came to, or, on an
// eUICC, its platform card for the ISD-R's and ISD-Ps' TARs (euicc/).
// `session` is the card the terminal talks to.
using PacketCard = Uicc& (*)(void* context, Uicc& session, ByteView packet);

// The receiver's work with the packet processed by `target(context, ...)`;
// segments, proactive room and the PoR's SEND SHORT MESSAGEs stay with
// `session`. SmsPpReceiver::on_sms_pp is this with the session card itself.
cat::EnvelopeResult receive_sms_pp(Uicc& session, ByteView address, ByteView tpdu, PacketCard target,
                                   void* context);

class SmsPpReceiver final : public cat::SmsPpDownloadHandler {
 public:
  static SmsPpReceiver& instance();

  // The SMS-DELIVER (TS 23.040 §9.2.2.1; TP-UDL as kDeliverOptions reads
  // it), in turn:
  //   not decodable, or a bad concatenation element     -> error(): '6F 00', RP-ERROR
  //   not (U)SIM data download (PID 7F, class 2 8-bit),
  //   or no command packet (UDH IEI '70')                 -> unsupported(): '6A 81'
  //   a segment of a concatenated packet:
  //     no room for the SEND SHORT MESSAGEs of a PoR      -> busy(): '93 00', not held
  //     not the last                                      -> ok(): held, RP-ACK
  //     contradicting the held ones                       -> error()
  //   a command packet (TS 31.115 §4.1):
  //     malformed (CPL, CHL, truncated)                   -> error(), no PoR
  //     no room for the SEND SHORT MESSAGEs of a PoR      -> busy(): '93 00'
  //     PoR by SMS-DELIVER-REPORT                         -> ok(02 71 00 + PoR): '61 XX'
  //     PoR by SMS-SUBMIT                                 -> ok(), SEND SHORT MESSAGE queued
  //     no PoR (SPI, or only on error and none)           -> ok()
  cat::EnvelopeResult on_sms_pp(Uicc& card, ByteView address, ByteView tpdu) override;
};

}  // namespace cardcore::remote
