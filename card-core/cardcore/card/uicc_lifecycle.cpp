// File life cycle commands (TS 102 221 §11.1.14-15).
#include "cardcore/card/session.hpp"
#include "cardcore/card/uicc.hpp"

namespace cardcore {

// DEACTIVATE FILE (§11.1.14) and ACTIVATE FILE (§11.1.15): the file is
// given like in SELECT by FID (P1 '00') or, with no data, the current one.
static StatusWord set_life_cycle(Uicc& card, const CommandApdu& c, Uicc::Channel& ch, bool activate) {
  if (c.p1 != 0x00 || c.p2 != 0x00) return sw::kIncorrectP1P2;
  std::uint32_t file = ch.ef != kNoFile ? ch.ef : ch.df;
  if (c.kind == ApduCase::Case3) {
    if (c.data.size() != 2) return sw::kWrongLength;
    file = card.find_child(ch.df, be16(c.data.data()));
    if (file == kNoFile) return sw::kFileNotFound;
    if (card.node(file).is_df()) {
      ch.df = file;
      ch.ef = kNoFile;
    } else {
      ch.ef = file;
    }
    ch.record = 0;
  } else if (!is_case1(c)) {
    return sw::kWrongLength;
  }
  const std::uint8_t mode = activate ? access_mode::kActivate : access_mode::kDeactivate;
  if (!card.allowed(file, mode)) return sw::kSecurityStatusNotSatisfied;
  const LifeCycle now = card.life_cycle(file);
  if (now == LifeCycle::Terminated) return sw::kReferencedDataInvalidated;
  const std::uint8_t lcs = static_cast<std::uint8_t>(activate ? LifeCycle::Activated : LifeCycle::Deactivated);
  card.nvm().begin();
  card.nvm().write(card.node(file).state_addr, ByteView(&lcs, 1));
  return card.commit();
}

StatusWord Uicc::cmd_deactivate_file(const CommandApdu& c, Channel& ch, Response&) {
  return set_life_cycle(*this, c, ch, false);
}
StatusWord Uicc::cmd_activate_file(const CommandApdu& c, Channel& ch, Response&) {
  return set_life_cycle(*this, c, ch, true);
}

}  // namespace cardcore
