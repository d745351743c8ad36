// Card power-up and USIM initialisation (TS 102 221 §6, §8.5, §14.5;
// TS 31.102 §5.1.1): ATR, EF.DIR, ADF.USIM, PIN, the EFs the modem needs,
// TERMINAL PROFILE, then the attach.
#include "cardcore/usim/identifiers.hpp"
#include "twinmodels/modem/atr.hpp"
#include "twinmodels/modem/modem_context.hpp"

namespace twinmodels::modem {

using cardcore::ByteView;
using cardcore::Bytes;
using namespace modem_flag;

namespace {

// TS 101 220 Annex E: 3GPP RID and the USIM application code.
constexpr std::uint8_t kUsimAidPrefix[] = {0xA0, 0x00, 0x00, 0x00, 0x87, 0x10, 0x02};

// The value of the first tag `tag` in the FCP template '62' (TS 102 221
// §11.1.1.3), empty if absent.
ByteView fcp_value(ByteView fcp, std::uint8_t tag) {
  if (fcp.size() < 2 || fcp[0] != 0x62 || fcp[1] > fcp.size() - 2) return {};
  ByteView v = fcp.subspan(2, fcp[1]);
  while (v.size() >= 2) {
    const std::size_t l = v[1];
    if (l > v.size() - 2) return {};
    if (v[0] == tag) return v.subspan(2, l);
    v = v.subspan(2 + l);
  }
  return {};
}

// SELECT by FID with the FCP (P2 '04'), under the current DF / ADF.
// Returns the FCP, empty when the file is not there.
ByteView select_fcp(CardExchange& ex, std::uint16_t fid) {
  const std::uint8_t id[] = {static_cast<std::uint8_t>(fid >> 8), static_cast<std::uint8_t>(fid)};
  ex.exchange(apdu(0x00, 0xA4, 0x00, 0x04, ByteView(id, 2)));
  if (ex.sw() == cardcore::sw::kFileNotFound) return {};
  if (!sw_ok(ex.sw())) throw ModemCardError("SELECT '" + std::to_string(fid) + "' answered SW " + std::to_string(ex.sw()));
  if (ex.data().empty() || ex.data()[0] != 0x62) throw ModemCardError("SELECT returned no FCP template");
  return ex.data();
}

// A transparent EF read whole: SELECT for its size (tag '80'), READ BINARY.
// False when the file is absent, or not readable now.
bool read_transparent(CardExchange& ex, std::uint16_t fid, Bytes& out) {
  const ByteView fcp = select_fcp(ex, fid);
  if (fcp.empty()) return false;
  const ByteView size = fcp_value(fcp, 0x80);
  if (size.size() != 2) throw ModemCardError("FCP of an EF without its file size");
  const std::size_t n = cardcore::be16(size.data());
  out.clear();
  for (std::size_t off = 0; off < n;) {
    const std::size_t chunk = std::min<std::size_t>(n - off, 255);
    ex.exchange(apdu(0x00, 0xB0, static_cast<std::uint8_t>(off >> 8), static_cast<std::uint8_t>(off), {},
                     static_cast<int>(chunk)));
    if (!sw_ok(ex.sw())) return false;
    if (ex.data().size() != chunk) throw ModemCardError("READ BINARY returned another length than asked");
    out.insert(out.end(), ex.data().begin(), ex.data().end());
    off += chunk;
  }
  return true;
}

// TS 31.102 §4.2.8: service n available in EF.UST.
bool service(const Bytes& ust, unsigned n) {
  const unsigned byte = (n - 1) / 8;
  return byte < ust.size() && (ust[byte] >> ((n - 1) % 8) & 1) != 0;
}

}  // namespace

void Modem::power_up(Context& c) {
  // T3346 outlives a switch-off (TS 24.301 §5.3.9.2): resume_t3346 below.
  const std::array<std::uint8_t, 9> imsi_before = imsi_;
  flags_ &= kT3346Running;
  events_ = 0;
  poll_interval_ms_ = 0;
  end_card_session(c);
  imsi_.fill(0);
  activate_card(c);
  if (!usim_init(c, true)) return;
  resume_t3346(c, imsi_before);
  start_attach(c);
  run_proactive(c);
}

void Modem::leave_psm(Context& c) {
  // The card was deactivated in PSM: activate and initialise it again
  // (TS 31.102 §5.1.1); still registered unless the card now holds another
  // IMSI, which attaches.
  const std::array<std::uint8_t, 9> imsi_before = imsi_;
  flags_ &= static_cast<std::uint8_t>(~kProfileSent);
  events_ = 0;
  poll_interval_ms_ = 0;
  imsi_.fill(0);
  activate_card(c);
  if (!usim_init(c, true)) return;
  if (imsi_ == imsi_before)
    state_ = ModemState::Registered;
  else
    start_attach(c);
  run_proactive(c);
}

void Modem::activate_card(Context& c) {
  // TS 102 221 §6.2, §6.3: activation in the lowest class the modem
  // offers, the ATR; a card whose class indicator shares none is refused.
  const ByteView atr = c.ex.power_on();
  AtrInfo info;
  if (const char* why = parse_atr(atr, info)) throw ModemCardError(why);
  if (!info.t0_offered) throw ModemCardError("ATR offers no T=0");
  if (info.classes != 0 && (info.classes & cfg_->supply_classes) == 0)
    throw ModemCardError("ATR: no supply voltage class the modem offers");
  // ISO/IEC 7816-3 §9: PPS to TA1's Fi/Di (the modem supports them all).
  c.ex.set_speed(info.fi, info.di);
  ta1_ = info.ta1;
}

bool Modem::usim_init(Context& c, bool send_terminal_profile) {
  CardExchange& ex = c.ex;
  // TS 31.102 §5.1.1.1: the USIM's AID from EF.DIR (TS 102 221 §13.1).
  const std::uint8_t mf[] = {0x3F, 0x00};
  ex.exchange(apdu(0x00, 0xA4, 0x00, 0x0C, ByteView(mf, 2)));
  const ByteView dir_fcp = select_fcp(ex, 0x2F00);
  Bytes aid;
  if (!dir_fcp.empty()) {
    const ByteView desc = fcp_value(dir_fcp, 0x82);  // descriptor, coding, record length (2), records
    if (desc.size() < 5) throw ModemCardError("EF.DIR FCP without record length and count");
    const std::uint8_t reclen = static_cast<std::uint8_t>(cardcore::be16(desc.data() + 2));
    for (unsigned rec = 1; rec <= desc[4] && aid.empty(); ++rec) {
      ex.exchange(apdu(0x00, 0xB2, static_cast<std::uint8_t>(rec), 0x04, {}, reclen));
      if (!sw_ok(ex.sw())) break;
      const ByteView r = ex.data();
      // '61' L '4F' L AID ...
      if (r.size() >= 4 && r[0] == 0x61 && r[2] == 0x4F && r[3] >= sizeof kUsimAidPrefix && r[3] <= 16 &&
          r.size() >= 4u + r[3] && std::equal(kUsimAidPrefix, kUsimAidPrefix + sizeof kUsimAidPrefix, r.begin() + 4))
        aid.assign(r.begin() + 4, r.begin() + 4 + r[3]);
    }
  }
  if (aid.empty()) throw ModemCardError("no USIM application in EF.DIR");
  ex.exchange(apdu(0x00, 0xA4, 0x04, 0x04, aid));
  if (!sw_ok(ex.sw())) throw ModemCardError("SELECT ADF.USIM refused");

  // TS 31.102 §5.1.1.2: PIN verification status, VERIFY (no data) for PIN1.
  ex.exchange(apdu(0x00, 0x20, 0x00, 0x01, {}));
  if (ex.sw() == cardcore::sw::kAuthMethodBlocked) {
    state_ = ModemState::PinLocked;
    c.report(ModemEvent::PinBlocked);
    return false;
  }
  if ((ex.sw() & 0xFFF0) == cardcore::sw::kWarnCounter) {
    const std::uint16_t tries = ex.sw() & 0x0F;
    if (cfg_->pin.empty()) {
      state_ = ModemState::PinLocked;
      c.report(ModemEvent::PinRequired, tries);
      return false;
    }
    // TS 102 221 §9.5.2: ASCII digits padded with 'FF' to 8 bytes.
    Bytes pin(8, 0xFF);
    for (std::size_t i = 0; i < cfg_->pin.size() && i < 8; ++i) pin[i] = static_cast<std::uint8_t>(cfg_->pin[i]);
    ex.exchange(apdu(0x00, 0x20, 0x00, 0x01, pin));
    if (ex.sw() == cardcore::sw::kAuthMethodBlocked || ex.sw() == cardcore::sw::kWarnCounter) {
      state_ = ModemState::PinLocked;
      c.report(ModemEvent::PinBlocked);
      return false;
    }
    if ((ex.sw() & 0xFFF0) == cardcore::sw::kWarnCounter) {
      state_ = ModemState::PinLocked;
      c.report(ModemEvent::PinRejected, ex.sw() & 0x0F);
      return false;
    }
    if (!sw_ok(ex.sw())) throw ModemCardError("VERIFY PIN answered SW " + std::to_string(ex.sw()));
  } else if (!sw_ok(ex.sw())) {
    throw ModemCardError("PIN status answered SW " + std::to_string(ex.sw()));
  }

  // TS 31.102 §5.1.1.2 in order: EF.AD (MNC length), EF.UST (services 10
  // SMS storage, 20/42/43 PLMN selectors, 28 SMS-PP download, 85 EPS MM),
  // EF.IMSI, EF.ACC, the location EFs, EF.FPLMN, the PLMN selectors.
  Bytes b;
  mnc_len_ = 2;
  if (read_transparent(ex, 0x6FAD, b) && b.size() >= 4 && ((b[3] & 0x0F) == 2 || (b[3] & 0x0F) == 3))
    mnc_len_ = b[3] & 0x0F;
  Bytes ust;
  if (!read_transparent(ex, 0x6F38, ust)) throw ModemCardError("no EF.UST");
  flags_ &= static_cast<std::uint8_t>(~(kSmsPpService | kEpsMmService | kGutiValid | kHomeForbidden | kSmsStorage));
  if (service(ust, 10)) flags_ |= kSmsStorage;
  if (service(ust, 28)) flags_ |= kSmsPpService;
  if (service(ust, 85)) flags_ |= kEpsMmService;
  if (!read_transparent(ex, 0x6F07, b) || b.size() != 9) throw ModemCardError("no EF.IMSI of 9 bytes");
  if (b[0] < 4 || b[0] > 8 || cardcore::decode_imsi(b).size() < 6) throw ModemCardError("EF.IMSI holds no IMSI");
  std::copy(b.begin(), b.end(), imsi_.begin());
  acc_ = 0;
  if (read_transparent(ex, 0x6F78, b) && b.size() == 2) acc_ = static_cast<std::uint16_t>(b[0] << 8 | b[1]);
  if (cfg_->tech.eps()) {
    // §4.2.91: GUTI valid when its identity type is GUTI and the EPS update
    // status is "updated".
    if ((flags_ & kEpsMmService) && read_transparent(ex, 0x6FE3, b) && b.size() == 18 && b[0] == 0x0B &&
        (b[1] & 0x07) == 0x06 && b[17] == 0x00) {
      m_tmsi_ = static_cast<std::uint32_t>(b[8]) << 24 | b[9] << 16 | b[10] << 8 | b[11];
      flags_ |= kGutiValid;
    }
  } else {
    read_transparent(ex, 0x6F7E, b);  // EF.LOCI: the CS domain, not used for a GPRS attach
    // §4.2.23: P-TMSI valid when not all 'FF' and the status is "updated".
    if (read_transparent(ex, 0x6F73, b) && b.size() == 14 && b[13] == 0x00 &&
        !(b[0] == 0xFF && b[1] == 0xFF && b[2] == 0xFF && b[3] == 0xFF)) {
      m_tmsi_ = static_cast<std::uint32_t>(b[0]) << 24 | b[1] << 16 | b[2] << 8 | b[3];
      flags_ |= kGutiValid;
    }
  }
  // §4.2.16 EF.FPLMN: the home PLMN (TS 24.008 §10.5.1.3 from the IMSI) in
  // it means no attach.
  if (read_transparent(ex, 0x6F7B, b)) {
    const std::string im = imsi();
    const std::uint8_t home[3] = {
        static_cast<std::uint8_t>((im[1] - '0') << 4 | (im[0] - '0')),
        static_cast<std::uint8_t>((mnc_len_ == 3 ? im[5] - '0' : 0xF) << 4 | (im[2] - '0')),
        static_cast<std::uint8_t>((im[4] - '0') << 4 | (im[3] - '0'))};
    for (std::size_t i = 0; i + 3 <= b.size(); i += 3)
      if (std::equal(home, home + 3, b.begin() + static_cast<std::ptrdiff_t>(i))) flags_ |= kHomeForbidden;
  }
  // PLMN selection lists (§4.2.5, §4.2.53, §4.2.54) as present in EF.UST;
  // the RAN model does the selection, the modem reads them as it must.
  if (service(ust, 20)) read_transparent(ex, 0x6F60, b);
  if (service(ust, 42)) read_transparent(ex, 0x6F61, b);
  if (service(ust, 43)) read_transparent(ex, 0x6F62, b);

  // TS 102 223 §5.1: the profile download, once per card session.
  if (send_terminal_profile && !(flags_ & kProfileSent)) {
    ex.exchange(apdu(0x80, 0x10, 0x00, 0x00, cfg_->effective_terminal_profile().bytes()));
    if (!sw_ok(ex.sw())) throw ModemCardError("TERMINAL PROFILE refused");
    flags_ |= kProfileSent;
  }
  state_ = ModemState::Deregistered;
  c.report(ModemEvent::CardReady, mnc_len_);
  return true;
}

}  // namespace twinmodels::modem
