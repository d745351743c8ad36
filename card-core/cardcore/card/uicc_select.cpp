// SELECT (TS 102 221 §11.1.1) and STATUS (§11.1.2).
#include <vector>

#include "cardcore/card/session.hpp"
#include "cardcore/card/uicc.hpp"
#include "cardcore/fs/fcp.hpp"
#include "cardcore/fs/file_ids.hpp"

namespace cardcore {

namespace {
}  // namespace

// Appends the FCP of `file` with the PIN status of this card.
static bool fcp_of(const Uicc& card, std::uint32_t file, LifeCycle lcs, Response& r) {
  std::vector<PinStatus> pins;
  if (card.node(file).is_df()) {
    for (const PinSpec& p : card.profile().pins) pins.push_back({p.key_ref, !card.pin_disabled(p)});
  }
  return append_fcp(card.node(file), lcs, pins, r);
}

StatusWord Uicc::cmd_select(const CommandApdu& c, Channel& ch, Response& r) {
  // P2 (Table 11.2): b8 and b5 '0'; b7 '1' = termination of the application
  // session; b4-b3 '01' FCP / '11' no data; b2-b1 '00' first/only occurrence,
  // '10' next occurrence (AID only).
  if ((c.p2 & 0x90) != 0) return sw::kIncorrectP1P2;
  const std::uint8_t resp = c.p2 & 0x0C;
  if (resp != 0x04 && resp != 0x0C) return sw::kIncorrectP1P2;
  const bool terminate = (c.p2 & 0x40) != 0;
  const std::uint8_t occurrence = c.p2 & 0x03;
  if (c.p1 != 0x04 && (terminate || occurrence != 0)) return sw::kIncorrectP1P2;
  // §11.1.1.2: Lc and the data are absent for P1 '03' (and the MF by P1 '00'),
  // while Le may be present: such a SELECT is case 2. The data length checks
  // below refuse it where P1 needs data.

  const std::uint32_t cur_df = ch.df;
  std::uint32_t target = kNoFile;
  auto fid_at = [&](std::size_t i) { return be16(c.data.data() + i); };

  switch (c.p1) {
    case 0x00: {  // select by file identifier (§8.4.1 selection rules)
      if (c.data.empty()) {
        target = 0;  // no data: select the MF (ISO 7816-4 §7.1.1)
        break;
      }
      if (c.data.size() != 2) return sw::kWrongLength;
      const std::uint16_t fid = fid_at(0);
      if (fid == kFidMf) { target = 0; break; }
      if (fid == kFidCurrentAdf) {
        if (ch.adf == kNoFile) return sw::kFileNotFound;
        target = ch.adf;
        break;
      }
      // an immediate child of the current DF, the current DF itself, its parent,
      // or a DF that is an immediate child of the parent.
      target = find_child(cur_df, fid);
      if (target == kNoFile && node(cur_df).fid == fid) target = cur_df;
      // §8.4.1: an ADF is selected by its AID or as '7FFF', never by its own FID.
      if (target != kNoFile && node(target).type == FileType::ADF) target = kNoFile;
      const std::uint32_t parent = node(cur_df).parent;
      if (target == kNoFile && parent != kNoFile) {
        if (node(parent).fid == fid) {
          target = parent;
        } else {
          const std::uint32_t sib = find_child(parent, fid);
          if (sib != kNoFile && node(sib).type == FileType::DF) target = sib;
        }
      }
      break;
    }
    case 0x01: {  // child DF of the current DF
      if (c.data.size() != 2) return sw::kWrongLength;
      const std::uint32_t t = find_child(cur_df, fid_at(0));
      if (t != kNoFile && node(t).type == FileType::DF) target = t;
      break;
    }
    case 0x03: {  // parent DF of the current DF
      if (!c.data.empty()) return sw::kWrongLength;
      if (cur_df == 0) return sw::kFileNotFound;
      target = node(cur_df).parent;
      break;
    }
    case 0x04: {  // by DF name (AID), right truncation allowed (§8.5.?, ISO 7816-4 §7.1.1)
      if (c.data.empty() || c.data.size() > 16) return sw::kWrongLength;
      if (occurrence != 0x00) return sw::kFileNotFound;  // one application of each AID on this card
      const auto adf = find_adf(c.data);
      if (!adf) return sw::kFileNotFound;
      target = *adf;
      if (terminate) {
        // §11.1.1.2: end the application session on this channel; the MF
        // becomes the current DF.
        if (ch.adf != target) return sw::kConditionsNotSatisfied;
        ch.adf = kNoFile;
        ch.df = 0;
        ch.ef = kNoFile;
        ch.record = 0;
        return sw::kOk;
      }
      break;
    }
    case 0x08:    // path from the MF (without the MF's FID)
    case 0x09: {  // path from the current DF
      if (c.data.empty() || c.data.size() % 2 != 0) return sw::kWrongLength;
      std::uint32_t at = c.p1 == 0x08 ? 0 : cur_df;
      for (std::size_t i = 0; i < c.data.size(); i += 2) {
        const std::uint16_t fid = fid_at(i);
        if (fid == kFidCurrentAdf && i == 0) {
          if (ch.adf == kNoFile) return sw::kFileNotFound;
          at = ch.adf;
          continue;
        }
        if (!node(at).is_df()) return sw::kFileNotFound;
        at = find_child(at, fid);
        if (at == kNoFile || node(at).type == FileType::ADF) return sw::kFileNotFound;
      }
      target = at;
      break;
    }
    default:
      return sw::kIncorrectP1P2;
  }
  if (target == kNoFile) return sw::kFileNotFound;

  const FileNode& t = node(target);
  const LifeCycle lcs = life_cycle(t);
  if (resp == 0x04 && !fcp_of(*this, target, lcs, r)) return sw::kTechnicalProblem;
  if (c.kind == ApduCase::Case2 && !r.empty() && r.size() != c.ne) {
    // T=0 case 2 with the wrong Le (ISO 7816-3 §10.3.3, TS 102 221 §7.3.1.1.3):
    // '6CXX' and the terminal sends the command again, so nothing may have
    // been selected yet (P1 '03' would otherwise climb twice).
    const std::size_t n = r.size();
    r.clear();
    return static_cast<StatusWord>(sw::kWrongLe | (n & 0xFF));
  }

  if (t.is_df()) {
    ch.df = target;
    ch.ef = kNoFile;
    if (t.type == FileType::ADF) ch.adf = target;
  } else {
    ch.df = t.parent;
    ch.ef = target;
  }
  ch.record = 0;

  // §11.1.1.? : selecting a deactivated / terminated file succeeds with a warning.
  if (lcs == LifeCycle::Deactivated) return sw::kWarnFileInvalidated;
  if (lcs == LifeCycle::Terminated) return sw::kWarnFileTerminated;
  return sw::kOk;
}

StatusWord Uicc::cmd_status(const CommandApdu& c, Channel& ch, Response& r) {
  // P1: '00' no indication, '01' application initialised, '02' terminal will
  // terminate the application session.
  if (c.p1 > 0x02) return sw::kIncorrectP1P2;
  if (c.kind == ApduCase::Case3 || c.kind == ApduCase::Case4) return sw::kWrongLength;
  switch (c.p2) {
    case 0x00:  // FCP of the current DF (the ADF when one is current)
      if (!fcp_of(*this, ch.df, life_cycle(ch.df), r)) return sw::kTechnicalProblem;
      return sw::kOk;
    case 0x01:  // DF name TLV of the current application
      if (ch.adf == kNoFile) return sw::kOk;
      r.push(0x84);
      r.push(static_cast<std::uint8_t>(node(ch.adf).aid.size()));
      r.append(node(ch.adf).aid);
      return sw::kOk;
    case 0x0C:  // no data returned
      return sw::kOk;
    default:
      return sw::kIncorrectP1P2;
  }
}

}  // namespace cardcore
