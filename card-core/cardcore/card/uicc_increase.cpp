// INCREASE (TS 102 221 §11.1.8) on cyclic EFs, and the arithmetic the GSM
// application's INCREASE (TS 51.011 §9.2.8, gsm_sim.cpp) shares.
#include "cardcore/card/session.hpp"
#include "cardcore/card/uicc.hpp"

namespace cardcore {

// The record and the value are unsigned big-endian numbers, the value
// aligned on the record's last byte. The sum replaces the oldest record,
// which becomes record 1 (§8.2.3), in one transaction with the head.
StatusWord Uicc::increase_record(std::uint32_t file, ByteView value, Response& r) {
  const FileNode& f = node(file);
  std::uint8_t sum[255];
  const std::size_t len = f.record_length;
  // Record 1 is the last increased or updated one.
  nvm_.read(f.body_addr + record_offset(file, 1), std::span(sum, len));
  unsigned carry = 0;
  for (std::size_t i = 0; i < len; ++i) {
    const std::size_t at = len - 1 - i;
    const unsigned add = i < value.size() ? value[value.size() - 1 - i] : 0;
    const unsigned v = sum[at] + add + carry;
    sum[at] = static_cast<std::uint8_t>(v);
    carry = v >> 8;
  }
  // Past the record's maximum value (all bytes 'FF'): nothing is written.
  if (carry != 0) return sw::kIncreaseMaxReached;
  if (const StatusWord s = write_cyclic_record(file, ByteView(sum, len)); s != sw::kOk) return s;
  // The response: the new record, then the value added.
  r.append(ByteView(sum, len));
  r.append(value);
  return sw::kOk;
}

// P1 P2 '00 00': the current EF, which must be cyclic with its INCREASE
// access condition met: b3 of the AM byte, as the GSM access conditions
// read it, or an AM_DO naming the instruction ('84 01 32'). Data: the value
// to add, 1 byte up to the record length; the response (record and value)
// must fit 256 bytes.
StatusWord Uicc::cmd_increase(const CommandApdu& c, Channel& ch, Response& r) {
  if (c.p1 != 0x00 || c.p2 != 0x00) return sw::kIncorrectP1P2;
  if (c.kind != ApduCase::Case3 && c.kind != ApduCase::Case4) return sw::kWrongLength;
  if (ch.ef == kNoFile) return sw::kNoEfSelected;
  const std::uint32_t ef = ch.ef;
  const FileNode& f = node(ef);
  if (f.structure != EfStructure::Cyclic) return sw::kIncompatibleFileStructure;
  if (life_cycle(ef) == LifeCycle::Deactivated) return sw::kReferencedDataInvalidated;
  if (!allowed(ef, access_mode::kIncrease) && !command_allowed(ef, c)) return sw::kSecurityStatusNotSatisfied;
  if (c.data.size() > f.record_length || f.record_length + c.data.size() > kMaxResponseData) {
    return sw::kWrongLength;
  }
  const StatusWord s = increase_record(ef, c.data, r);
  // §11.1.8.1: the record pointer is on the increased record, now record 1.
  if (s == sw::kOk) ch.record = 1;
  return s;
}

}  // namespace cardcore
