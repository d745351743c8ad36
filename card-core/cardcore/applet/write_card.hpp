#pragma once
// The domestic write-card applet ("写卡" / OTA number writing): an applet
// instance addressed by its TAR (TS 102 226 §8.2.1.3.2.2) that writes a
// new subscription — IMSI, K, OPc and, when given, MSISDN, SMS parameters,
// PLMN lists and ICCID — into the card in one NVM transaction, keeps the
// one it replaces for rollback, and asks the terminal for a REFRESH (TS 102
// 223 §6.4.7). Message format: write_card_format.hpp, docs/WRITE-CARD.md.
//
// Its state — the current write id and the kept subscription — lives in a
// transparent EF its install parameters name ('C9': the EF's path from the
// MF, FIDs of 2 bytes; at least kMinDataSize bytes):
//   [0]    format, 01 ('FF': never written, the factory subscription, id 0)
//   [1..4] the current write id
//   [5]    01: a subscription is kept for rollback; 00: none
//   [6..7] its length
//   [8..]  the kept subscription: the TLVs of write_card_format.hpp with
//          the contents they replaced, its write id and SQN array
#include "cardcore/gp/native_module.hpp"

namespace cardcore::applet {

class WriteCardModule final : public gp::NativeModule {
 public:
  static constexpr std::size_t kMinDataSize = 1024;
  std::string_view name() const override { return "write-card"; }
  bool accepts(const Uicc& card, ByteView app_params) const override;
  Bytes process(Uicc& card, const gp::RegistryEntry& instance, ByteView data) const override;
};

}  // namespace cardcore::applet
