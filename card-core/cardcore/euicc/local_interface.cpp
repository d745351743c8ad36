// The device's local access to the ISD-R: the terminal opens a logical
// channel (MANAGE CHANNEL, TS 102 221 §11.1.17, on the enabled profile) and
// SELECTs the ISD-R's AID on it (GP §11.9); the commands on that channel
// then go to the ISD-R until another SELECT on it, its closing or a reset.
// The basic channel stays the profile's (its USIM; ours). The ISD-R takes
// locally GET DATA '5A' (the EID) and STORE DATA with the emergency
// profile's local enable and disable (emergency_profile.cpp; codings ours);
// nothing else ('6D00').
#include <algorithm>

#include "cardcore/apdu/instruction_codes.hpp"
#include "cardcore/euicc/euicc.hpp"
#include "cardcore/euicc/sgp02.hpp"
#include "cardcore/ecasd/dgi.hpp"
#include "cardcore/tlv/ber_tlv.hpp"

namespace cardcore::euicc {

namespace {

constexpr std::uint8_t kSelectByName = 0x04, kClose = 0x80;
constexpr std::uint16_t kEidTag = 0x5A;

}  // namespace

std::optional<std::size_t> Euicc::local_command(ByteView capdu, std::span<std::uint8_t, kMaxRapdu> out) {
  if (capdu.size() < 4) return std::nullopt;
  const ClassByte cls = decode_class(capdu[0]);
  if (cls.kind == ClassByte::Kind::Invalid || cls.kind == ClassByte::Kind::Gsm) return std::nullopt;
  const std::uint8_t ins = capdu[1], p1 = capdu[2], p2 = capdu[3];
  if (ins == kInsManageChannel && p1 == kClose && cls.kind == ClassByte::Kind::Interindustry) {
    if (isd_r_channel_ == (p2 != 0 ? p2 : cls.channel)) isd_r_channel_.reset();
    return std::nullopt;  // the profile card closes it
  }
  if (ins == kInsSelect && p1 == kSelectByName && cls.kind == ClassByte::Kind::Interindustry) {
    const bool isd_r = capdu.size() >= 5u + kIsdRAid.size() && capdu[4] == kIsdRAid.size() &&
                       std::equal(kIsdRAid.begin(), kIsdRAid.end(), capdu.begin() + 5);
    if (!isd_r || cls.channel == 0 || !session_->channel_open(cls.channel)) {
      if (isd_r_channel_ == cls.channel) isd_r_channel_.reset();  // another application on it
      return std::nullopt;
    }
    isd_r_channel_ = cls.channel;
    put_be16(out.data(), sw::kOk);  // no FCI (ours)
    session_->announce_proactive(out.data());
    return 2;
  }
  if (isd_r_channel_ != cls.channel) return std::nullopt;
  StatusWord err = sw::kOk;
  const std::optional<CommandApdu> c = parse_command_apdu(capdu, err);
  Bytes data;
  const StatusWord result = c ? local_isd_r_command(*c, data) : err;
  if (platform_.nvm().in_transaction()) platform_.nvm().abort();
  const std::size_t n = std::min(data.size(), kMaxRapdu - 2);
  std::copy_n(data.begin(), n, out.begin());
  put_be16(out.data() + n, result);
  if (session_) session_->announce_proactive(out.data() + n);
  return n + 2;
}

StatusWord Euicc::local_isd_r_command(const CommandApdu& c, Bytes& out) {
  if (decode_class(c.cla).kind != ClassByte::Kind::Proprietary) return sw::kClaNotSupported;
  if (c.ins == kInsGetData) {
    if (c.p1 != 0x00 || c.p2 != kEidTag) return sw::kReferencedDataNotFound;
    tlv::put_ber(out, kEidTag, read_eid(platform_));
    return sw::kOk;
  }
  if (c.ins != kInsStoreData) return sw::kInsNotSupported;
  if (c.kind != ApduCase::Case3 && c.kind != ApduCase::Case4) return sw::kWrongLength;
  if ((c.p1 & 0x98) != 0x88 || c.p2 != 0x00) return sw::kIncorrectP1P2;  // one DGI, the last block
  const std::optional<ecasd::Dgi> d = ecasd::read_dgi(c.data);
  if (!d || d->size != c.data.size()) return sw::kIncorrectData;
  const bool enable = d->id == dgi::kLocalEnableEmergencyProfile;
  if (!enable && d->id != dgi::kLocalDisableEmergencyProfile) return sw::kReferencedDataNotFound;
  if (!d->value.empty()) return sw::kIncorrectData;
  return enable ? local_enable_emergency_profile() : local_disable_emergency_profile();
}

}  // namespace cardcore::euicc
