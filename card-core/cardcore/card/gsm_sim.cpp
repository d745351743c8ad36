// The GSM SIM application of the composite card: commands with CLA 'A0'
// (3GPP TS 51.011 §9), on the same files, PINs and keys as the USIM. Its
// RUN GSM ALGORITHM is GSM-Milenage (TS 55.205): the triplet comes from the
// USIM's Milenage quintet through c2/c3 — the "five-tuple to three-tuple"
// conversion of the domestic card.
#include <openssl/crypto.h>

#include "cardcore/auth/gsm_conversion.hpp"
#include "cardcore/auth/milenage.hpp"
#include "cardcore/card/pin_check.hpp"
#include "cardcore/card/session.hpp"
#include "cardcore/card/t0_transport.hpp"
#include "cardcore/card/uicc.hpp"
#include "cardcore/fs/file_ids.hpp"

namespace cardcore {

namespace {

constexpr std::uint16_t kFidDfGsm = 0x7F20;

// TS 51.011 §9.3: access condition nibble for a key reference of the UICC
// rule (ALW 0, CHV1 1, CHV2 2, ADM 4..E, NEV F). ADMn (key reference '0A' +
// n - 1) is shown as 'A' + n - 1.
std::uint8_t gsm_condition(std::uint8_t key) {
  if (key == 0x00) return 0x0;
  if (key == 0x01 || key == 0x11) return 0x1;
  if (key == 0x81) return 0x2;
  if (key >= 0x0A && key <= 0x0E) return key;
  return 0xF;
}

// TS 51.011 §9.2.9-13: CHV1 is key reference '01', CHV2 is PIN2 ('81').
std::uint8_t chv_key_ref(std::uint8_t chv) { return chv == 0x01 ? key_ref::kPin1 : chv == 0x02 ? key_ref::kPin2 : 0; }

}  // namespace

// Builds the TS 51.011 §9.2.1 response to SELECT/STATUS for a DF or an EF.
static void gsm_select_response(const Uicc& card, std::uint32_t file, Response& r) {
  const FileNode& f = card.node(file);
  std::uint8_t b[23] = {};
  b[4] = static_cast<std::uint8_t>(f.fid >> 8);
  b[5] = static_cast<std::uint8_t>(f.fid);
  if (f.is_df()) {
    b[6] = f.type == FileType::MF ? 0x01 : 0x02;
    b[12] = 10;  // length of the GSM specific data: bytes 14 to 23
    const PinSpec* chv1 = card.profile().find_pin(key_ref::kPin1);
    const PinSpec* chv2 = card.profile().find_pin(key_ref::kPin2);
    // Byte 14, file characteristics: b1 clock stop allowed, b5 3 V and b6
    // 1.8 V technology (as the ATR's class indicator says), b8 CHV1 disabled.
    b[13] = static_cast<std::uint8_t>(0x31 | (card.pin_disabled(key_ref::kPin1) ? 0x80 : 0x00));
    // Bytes 15-16: DFs and EFs directly below, as the SIM application sees
    // them: an ADF is no SIM file (SELECT below answers '9404' for it).
    std::uint8_t dfs = 0, efs = 0;
    card.for_each_child(file, [&](std::uint32_t c) {
      if (card.node(c).type != FileType::ADF) (card.node(c).is_df() ? dfs : efs)++;
    });
    b[14] = dfs;
    b[15] = efs;
    // Byte 17 (§9.2.1): number of CHVs, UNBLOCK CHVs and administrative codes.
    std::uint8_t codes = 0;
    for (const PinSpec& p : card.profile().pins) codes = static_cast<std::uint8_t>(codes + (p.puk.empty() ? 1 : 2));
    b[16] = codes;
    auto status = [&](const PinSpec* p, bool puk) -> std::uint8_t {
      if (!p) return 0x00;
      const std::uint8_t left = const_cast<Uicc&>(card).nvm().read_u8(
          p->state_addr + (puk ? PinRecord::kPukTries : PinRecord::kTries));
      return static_cast<std::uint8_t>(0x80 | (left & 0x0F));  // b8: initialised
    };
    b[18] = status(chv1, false);
    b[19] = status(chv1, true);
    b[20] = status(chv2, false);
    b[21] = status(chv2, true);
    r.append(ByteView(b, 23));
    return;
  }
  b[2] = static_cast<std::uint8_t>(f.size >> 8);
  b[3] = static_cast<std::uint8_t>(f.size);
  b[6] = 0x04;
  std::array<std::uint8_t, 255> buf;
  const ByteView rule = card.access_rule(file, buf);
  auto ac = [&](std::uint8_t mode) { return gsm_condition(required_key(rule, mode)); };
  b[8] = static_cast<std::uint8_t>((ac(access_mode::kRead) << 4) | ac(access_mode::kUpdate));
  b[9] = static_cast<std::uint8_t>((ac(access_mode::kIncrease) << 4) | 0x0F);
  b[10] = static_cast<std::uint8_t>((ac(access_mode::kActivate) << 4) | ac(access_mode::kDeactivate));
  b[11] = card.life_cycle(file) == LifeCycle::Deactivated ? 0x00 : 0x01;  // b1: not invalidated
  b[12] = 2;
  b[13] = f.structure == EfStructure::Transparent ? 0x00 : f.structure == EfStructure::LinearFixed ? 0x01 : 0x03;
  b[14] = static_cast<std::uint8_t>(f.record_length);
  r.append(ByteView(b, 15));
}

StatusWord Uicc::dispatch_gsm(const CommandApdu& c, Response& r) {
  Session& s = *session_;
  // The GSM context: the terminal's, or inside execute_remote() the remote
  // session's own (its GET RESPONSE data is the session's, uicc_remote_gsm.cpp).
  std::uint32_t& gsm_df = s.remote ? s.remote->channel.df : s.gsm_df;
  std::uint32_t& gsm_ef = s.remote ? s.remote->channel.ef : s.gsm_ef;
  std::uint16_t& gsm_record = s.remote ? s.remote->channel.record : s.gsm_record;
  if (c.ins != 0xC0 && !s.remote) release_pending(s.pending);
  // TS 51.011 §9.2: every command is a T=0 command with P3 (no case 4).
  const std::size_t p3 = c.kind == ApduCase::Case2 ? (c.ne == 256 ? 0 : c.ne) : c.data.size();

  // The EF and its checks shared by the file commands.
  auto current_ef = [&](std::uint8_t mode, StatusWord& err) -> std::uint32_t {
    if (gsm_ef == kNoFile) { err = sw::gsm::kNoEfSelected; return kNoFile; }
    if (life_cycle(gsm_ef) == LifeCycle::Deactivated) { err = sw::gsm::kContradictionInvalidation; return kNoFile; }
    if (!allowed(gsm_ef, mode)) { err = sw::gsm::kAccessNotFulfilled; return kNoFile; }
    err = sw::kOk;
    return gsm_ef;
  };

  switch (c.ins) {
    case 0xA4: {  // SELECT (§9.2.1)
      if (c.p1 != 0 || c.p2 != 0) return sw::gsm::kIncorrectP1P2;
      if (c.kind != ApduCase::Case3 || c.data.size() != 2) return sw::gsm::kIncorrectP3;
      const std::uint16_t fid = be16(c.data.data());
      std::uint32_t t = kNoFile;
      // §6.5 selection: the MF, the current DF, its parent, its children and sibling DFs.
      if (fid == kFidMf) t = 0;
      else if (node(gsm_df).fid == fid) t = gsm_df;
      else t = find_child(gsm_df, fid);
      const std::uint32_t parent = node(gsm_df).parent;
      if (t == kNoFile && parent != kNoFile) {
        if (node(parent).fid == fid) t = parent;
        else if (std::uint32_t sib = find_child(parent, fid); sib != kNoFile && node(sib).is_df()) t = sib;
      }
      if (t == kNoFile || node(t).type == FileType::ADF) return sw::gsm::kFileNotFound;
      if (node(t).is_df()) { gsm_df = t; gsm_ef = kNoFile; }
      else { gsm_ef = t; gsm_df = node(t).parent; }
      gsm_record = 0;
      gsm_select_response(*this, t, r);
      return sw::kOk;
    }
    case 0xF2: {  // STATUS (§9.2.2)
      if (c.p1 != 0 || c.p2 != 0) return sw::gsm::kIncorrectP1P2;
      Response full;
      gsm_select_response(*this, gsm_df, full);
      // §9.4.6: more bytes asked for than there are is a wrong P3: '67XX'
      // with the right length (on T=0 the SIM cannot send fewer than P3).
      if (p3 > full.size()) return static_cast<StatusWord>(0x6700 | (full.size() & 0xFF));
      const std::size_t n = p3 == 0 ? full.size() : p3;
      r.append(full.view().first(n));
      return sw::kOk;
    }
    case 0xC0: {  // GET RESPONSE (§9.2.18)
      if (c.p1 != 0 || c.p2 != 0) return sw::gsm::kIncorrectP1P2;
      if (s.pending.empty() || !s.pending_gsm) return sw::gsm::kTechnicalProblem;
      if (p3 > s.pending.size()) return static_cast<StatusWord>(0x6700 | (s.pending.size() & 0xFF));
      const std::size_t n = p3 == 0 ? s.pending.size() : p3;
      r.append(ByteView(s.pending.data(), n));
      release_pending(s.pending);
      return sw::kOk;
    }
    case 0xB0:    // READ BINARY (§9.2.3)
    case 0xD6: {  // UPDATE BINARY (§9.2.4)
      const bool read = c.ins == 0xB0;
      if (read ? c.kind != ApduCase::Case2 : c.kind != ApduCase::Case3) return sw::gsm::kIncorrectP3;
      StatusWord err;
      const std::uint32_t ef = current_ef(read ? access_mode::kRead : access_mode::kUpdate, err);
      if (ef == kNoFile) return err;
      const FileNode& f = node(ef);
      if (f.structure != EfStructure::Transparent) return sw::gsm::kInconsistentWithCommand;
      const std::size_t off = static_cast<std::size_t>(c.p1 << 8 | c.p2);
      const std::size_t len = read ? c.ne : c.data.size();
      if (off + len > f.size) return sw::gsm::kOutOfRange;
      if (read) {
        nvm_.read(f.body_addr + static_cast<std::uint32_t>(off), std::span(r.tail(), len));
        r.grow(len);
        return sw::kOk;
      }
      nvm_.begin();
      nvm_.write(f.body_addr + static_cast<std::uint32_t>(off), c.data);
      return commit() == sw::kOk ? sw::kOk : sw::gsm::kMemoryProblem;
    }
    case 0xB2:    // READ RECORD (§9.2.5)
    case 0xDC: {  // UPDATE RECORD (§9.2.6)
      const bool read = c.ins == 0xB2;
      if (read ? c.kind != ApduCase::Case2 : c.kind != ApduCase::Case3) return sw::gsm::kIncorrectP3;
      StatusWord err;
      const std::uint32_t ef = current_ef(read ? access_mode::kRead : access_mode::kUpdate, err);
      if (ef == kNoFile) return err;
      const FileNode& f = node(ef);
      if (f.structure != EfStructure::LinearFixed && f.structure != EfStructure::Cyclic) {
        return sw::gsm::kInconsistentWithCommand;
      }
      if ((read ? c.ne : c.data.size()) != f.record_length) return sw::gsm::kIncorrectP3;
      const bool cyclic = f.structure == EfStructure::Cyclic;
      if (!read && cyclic) {
        // §9.2.6: a cyclic EF is updated in PREVIOUS mode only.
        if (c.p2 != 0x03) return sw::gsm::kIncorrectP1P2;
        if (write_cyclic_record(ef, c.data) != sw::kOk) return sw::gsm::kMemoryProblem;
        gsm_record = 1;
        return sw::kOk;
      }
      std::uint16_t rec = 0;
      switch (c.p2) {
        case 0x02: rec = static_cast<std::uint16_t>(gsm_record + 1); if (rec > f.record_count) { if (!cyclic) return sw::gsm::kOutOfRange; rec = 1; } break;
        case 0x03: rec = gsm_record == 0 ? f.record_count : static_cast<std::uint16_t>(gsm_record - 1); if (rec == 0) { if (!cyclic) return sw::gsm::kOutOfRange; rec = f.record_count; } break;
        case 0x04: rec = c.p1 == 0 ? gsm_record : c.p1; if (rec == 0 || rec > f.record_count) return sw::gsm::kOutOfRange; break;
        default: return sw::gsm::kIncorrectP1P2;
      }
      // §9.2.5-6: NEXT/PREVIOUS move the record pointer, ABSOLUTE does not.
      if (c.p2 != 0x04) gsm_record = rec;
      const std::uint32_t at = f.body_addr + record_offset(ef, rec);
      if (read) {
        nvm_.read(at, std::span(r.tail(), f.record_length));
        r.grow(f.record_length);
        return sw::kOk;
      }
      nvm_.begin();
      nvm_.write(at, c.data);
      return commit() == sw::kOk ? sw::kOk : sw::gsm::kMemoryProblem;
    }
    case 0x32: {  // INCREASE (§9.2.8): 3 bytes added to record 1 of the current cyclic EF
      if (c.p1 != 0 || c.p2 != 0) return sw::gsm::kIncorrectP1P2;
      if (c.kind != ApduCase::Case3 || c.data.size() != 3) return sw::gsm::kIncorrectP3;
      // The file context of the session it runs in: the terminal's, or a
      // SIM RFM script's own.
      if (gsm_ef == kNoFile) return sw::gsm::kNoEfSelected;
      const FileNode& f = node(gsm_ef);
      if (life_cycle(gsm_ef) == LifeCycle::Deactivated) return sw::gsm::kContradictionInvalidation;
      if (!allowed(gsm_ef, access_mode::kIncrease) && !command_allowed(gsm_ef, c)) {
        return sw::gsm::kAccessNotFulfilled;
      }
      const bool fits = f.record_length >= 3 && f.record_length + std::size_t{3} <= kMaxResponseData;
      if (f.structure != EfStructure::Cyclic || !fits) return sw::gsm::kInconsistentWithCommand;
      const StatusWord u = increase_record(gsm_ef, c.data, r);
      if (u == sw::kOk) gsm_record = 1;
      return u == sw::kOk || u == sw::gsm::kIncreaseFailed ? u : sw::gsm::kMemoryProblem;
    }
    case 0x04:    // INVALIDATE (§9.2.7)
    case 0x44: {  // REHABILITATE (§9.2.8)
      if (!is_case1(c)) return sw::gsm::kIncorrectP3;
      if (gsm_ef == kNoFile) return sw::gsm::kNoEfSelected;
      const bool activate = c.ins == 0x44;
      if (!allowed(gsm_ef, activate ? access_mode::kActivate : access_mode::kDeactivate)) {
        return sw::gsm::kAccessNotFulfilled;
      }
      const std::uint8_t lcs = static_cast<std::uint8_t>(activate ? LifeCycle::Activated : LifeCycle::Deactivated);
      nvm_.begin();
      nvm_.write(node(gsm_ef).state_addr, ByteView(&lcs, 1));
      return commit() == sw::kOk ? sw::kOk : sw::gsm::kMemoryProblem;
    }
    case 0x20:    // VERIFY CHV (§9.2.9)
    case 0x24:    // CHANGE CHV (§9.2.10)
    case 0x26:    // DISABLE CHV (§9.2.11)
    case 0x28:    // ENABLE CHV (§9.2.12)
    case 0x2C: {  // UNBLOCK CHV (§9.2.13): P2 '00' means CHV1
      const std::uint8_t chv = c.ins == 0x2C && c.p2 == 0x00 ? 0x01 : c.p2;
      const std::uint8_t ref = chv_key_ref(chv);
      const PinSpec* spec = ref ? profile_->find_pin(ref) : nullptr;
      if (c.p1 != 0 || !spec || ((c.ins == 0x26 || c.ins == 0x28) && chv != 0x01)) return sw::gsm::kIncorrectP1P2;
      const std::size_t need = (c.ins == 0x24 || c.ins == 0x2C) ? 16 : 8;
      if (c.kind != ApduCase::Case3 || c.data.size() != need) return sw::gsm::kIncorrectP3;
      PinCheck pin(*this, *spec);
      auto gsm_sw = [](StatusWord u) -> StatusWord {
        if (u == sw::kOk) return sw::kOk;
        if (u == sw::kAuthMethodBlocked || u == 0x63C0) return sw::gsm::kChvBlocked;
        if ((u & 0xFFF0) == 0x63C0) return sw::gsm::kAccessNotFulfilled;
        return sw::gsm::kMemoryProblem;
      };
      if (c.ins == 0x2C) {
        if (spec->puk.empty()) return sw::gsm::kIncorrectP1P2;
        const StatusWord u = pin.check(c.data.first(8), PinRecord::kPuk, PinRecord::kPukTries, spec->puk_max_tries);
        if (u != sw::kOk) return gsm_sw(u);
        if (pin.unblock(c.data.subspan(8, 8)) != sw::kOk) return sw::gsm::kMemoryProblem;
        keys().set(ref, true);
        return sw::kOk;
      }
      const bool enabled = pin.enabled();
      if ((c.ins == 0x20 || c.ins == 0x24 || c.ins == 0x26) && !enabled) return sw::gsm::kContradictionChvStatus;
      if (c.ins == 0x28 && enabled) return sw::gsm::kContradictionChvStatus;
      if (c.ins == 0x26 && !spec->can_disable) return sw::gsm::kContradictionChvStatus;
      if (c.ins == 0x24 && !well_formed_pin(c.data.subspan(8, 8))) return sw::gsm::kIncorrectP1P2;
      const StatusWord u = pin.check(c.data.first(8), PinRecord::kValue, PinRecord::kTries, spec->max_tries);
      keys().set(ref, u == sw::kOk);
      if (u != sw::kOk) return gsm_sw(u);
      StatusWord w = sw::kOk;
      if (c.ins == 0x24) w = pin.store(PinRecord::kValue, c.data.subspan(8, 8));
      if (c.ins == 0x26 || c.ins == 0x28) {
        const std::uint8_t flags = c.ins == 0x28 ? 0x01 : 0x00;
        w = pin.store(PinRecord::kFlags, ByteView(&flags, 1));
      }
      return gsm_sw(w);
    }
    case 0x88: {  // RUN GSM ALGORITHM (§9.2.16)
      if (c.p1 != 0 || c.p2 != 0) return sw::gsm::kIncorrectP1P2;
      if (c.kind != ApduCase::Case3 || c.data.size() != 16) return sw::gsm::kIncorrectP3;
      // Only with DF.GSM (or a DF below it) as the current directory.
      bool in_gsm = false;
      for (std::uint32_t d = gsm_df; d != kNoFile; d = node(d).parent) in_gsm = in_gsm || node(d).fid == kFidDfGsm;
      if (!in_gsm) return sw::gsm::kInconsistentWithCommand;
      if (!effective_keys().has(key_ref::kPin1)) return sw::gsm::kAccessNotFulfilled;
      std::uint8_t key[32];
      nvm_.read(profile_->auth.key_addr, key);
      const GsmTriplet t = gsm_milenage(Milenage(key, key + 16, milenage_constants()), c.data.data());
      OPENSSL_cleanse(key, sizeof key);
      r.append(t.sres);
      r.append(t.kc);
      return sw::kOk;
    }
    case 0xFA:  // SLEEP (§9.2.17, kept for old terminals)
      return sw::kOk;
    default:
      return sw::gsm::kUnknownIns;
  }
}

}  // namespace cardcore
