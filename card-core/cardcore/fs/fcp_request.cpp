// Reading the FCP templates of CREATE FILE and RESIZE FILE (fcp_request.hpp).
#include "cardcore/fs/fcp_request.hpp"

#include <bitset>

#include "cardcore/fs/file_ids.hpp"
#include "cardcore/tlv/ber_tlv.hpp"

namespace cardcore {

namespace {

// TS 102 221 §11.1.1.4 tags.
constexpr std::uint16_t kFcp = 0x62;
constexpr std::uint16_t kFileSize = 0x80;
constexpr std::uint16_t kTotalFileSize = 0x81;
constexpr std::uint16_t kFileDescriptor = 0x82;
constexpr std::uint16_t kFileId = 0x83;
constexpr std::uint16_t kDfName = 0x84;
constexpr std::uint16_t kSecurityProprietary = 0x86;
constexpr std::uint16_t kShortFileId = 0x88;
constexpr std::uint16_t kLifeCycle = 0x8A;
constexpr std::uint16_t kSecurityReferenced = 0x8B;
constexpr std::uint16_t kSecurityCompact = 0x8C;
constexpr std::uint16_t kProprietary = 0xA5;
constexpr std::uint16_t kSecurityExpanded = 0xAB;
constexpr std::uint16_t kPinStatus = 0xC6;
// TS 102 222 §6.3.2, inside 'A5'.
constexpr std::uint16_t kSpecialFileInfo = 0xC0;
constexpr std::uint16_t kFillingPattern = 0xC1;
constexpr std::uint16_t kRepeatPattern = 0xC2;


// The data objects of one FCP template, each at most once.
struct Objects {
  std::bitset<256> seen;
  ByteView value[256];
  bool has(std::uint16_t tag) const { return seen[tag]; }
};

// Splits `data` into the objects of its one '62' template; '6A80' when it is
// not exactly that or an object is malformed or repeated.
StatusWord split(ByteView data, Objects& out) {
  const tlv::Result<tlv::BerTlv> fcp = tlv::parse_ber(data);
  if (!fcp.ok() || fcp.value.tag != kFcp) return sw::kIncorrectData;
  tlv::BerReader in(fcp.value.value);
  tlv::BerTlv t;
  while (in.next(t)) {
    if (t.tag > 0xFF || out.seen[t.tag]) return sw::kIncorrectData;
    out.seen[t.tag] = true;
    out.value[t.tag] = t.value;
  }
  return in.error() == tlv::Error::None ? sw::kOk : sw::kIncorrectData;
}

// '80' / '81': 1..4 bytes, big-endian; over 65535: no file can be that large here.
StatusWord read_size(ByteView v, std::uint32_t& size) {
  if (v.empty() || v.size() > 4) return sw::kIncorrectData;
  std::uint64_t n = 0;
  for (std::uint8_t b : v) n = (n << 8) | b;
  if (n > 0xFFFF) return sw::kNotEnoughMemory;
  size = static_cast<std::uint32_t>(n);
  return sw::kOk;
}

// 'A5' of an EF: 'C0' special file information (b8 high update activity,
// nothing to do for this NVM; b7 readable and updatable when deactivated,
// not offered), 'C1' filling or 'C2' repeat pattern.
StatusWord read_proprietary(ByteView v, FillPattern& fill) {
  tlv::BerReader in(v);
  tlv::BerTlv t;
  bool special = false;
  while (in.next(t)) {
    switch (t.tag) {
      case kSpecialFileInfo:
        if (special || t.value.size() != 1) return sw::kIncorrectData;
        if (t.value[0] & 0x40) return sw::kFunctionNotSupported;
        if (t.value[0] & 0x3F) return sw::kIncorrectData;  // RFU bits
        special = true;
        break;
      case kFillingPattern:
      case kRepeatPattern:
        if (fill.kind != FillPattern::Kind::Erased || t.value.empty() || t.value.size() > 255) {
          return sw::kIncorrectData;
        }
        fill.kind = t.tag == kFillingPattern ? FillPattern::Kind::Filling : FillPattern::Kind::Repeat;
        fill.bytes.assign(t.value.begin(), t.value.end());
        break;
      default:
        return sw::kIncorrectData;
    }
  }
  return in.error() == tlv::Error::None ? sw::kOk : sw::kIncorrectData;
}

// 'C6' PIN status template DO (§11.1.1.4.10): PS_DO '90', usage qualifier
// '95' and key references '83', checked for form only.
StatusWord check_pin_status(ByteView v) {
  tlv::BerReader in(v);
  tlv::BerTlv t;
  bool ps_do = false;
  while (in.next(t)) {
    if (t.tag == 0x90 && !t.value.empty()) ps_do = true;
    else if (!((t.tag == 0x83 || t.tag == 0x95) && t.value.size() == 1)) return sw::kIncorrectData;
  }
  return in.error() == tlv::Error::None && ps_do ? sw::kOk : sw::kIncorrectData;
}

}  // namespace

std::uint8_t FillPattern::at(std::size_t pos) const {
  switch (kind) {
    case Kind::Erased: return 0xFF;
    case Kind::Filling: return pos < bytes.size() ? bytes[pos] : bytes.back();
    case Kind::Repeat: return bytes[pos % bytes.size()];
  }
  return 0xFF;
}

// TS 102 222 §6.3: mandatory '82', '83', '8A', security attributes, '80'
// for an EF; '84' makes a DF an ADF. '81' and 'C6', mandatory for a DF in
// TS 102 222, are taken when given and not required: the card keeps no DF
// quota and shows its own PINs in every DF's FCP.
StatusWord parse_create_request(ByteView data, CreateRequest& out) {
  Objects o;
  if (const StatusWord s = split(data, o); s != sw::kOk) return s;
  for (std::uint16_t tag = 0; tag < 256; ++tag) {
    if (!o.has(tag)) continue;
    switch (tag) {
      case kFileSize: case kTotalFileSize: case kFileDescriptor: case kFileId: case kDfName:
      case kShortFileId: case kLifeCycle: case kSecurityReferenced: case kProprietary: case kPinStatus:
        break;
      case kSecurityCompact: case kSecurityExpanded: case kSecurityProprietary:
        return sw::kFunctionNotSupported;  // only referenced security attributes (EF.ARR)
      default:
        return sw::kIncorrectData;
    }
  }
  if (!o.has(kFileDescriptor) || !o.has(kFileId) || !o.has(kLifeCycle) || !o.has(kSecurityReferenced)) {
    return sw::kIncorrectData;
  }

  // '82' (§11.1.1.4.3): descriptor byte, data coding byte, and for record
  // EFs the record length (2 bytes) and the number of records (1 byte; some
  // issuers leave it out and let '80' give it).
  const ByteView fd = o.value[kFileDescriptor];
  if (fd.empty() || fd.size() > 5) return sw::kIncorrectData;
  const std::uint8_t b = fd[0];
  if (b & 0x80) return sw::kIncorrectData;
  out.shareable = (b & 0x40) != 0;
  const std::uint8_t kind = (b >> 3) & 0x07;
  const std::uint8_t structure = b & 0x07;
  if (kind == 0x07 && structure == 0x00) {
    out.type = o.has(kDfName) ? FileType::ADF : FileType::DF;
  } else if (kind == 0x07 && structure == 0x01) {
    return sw::kFunctionNotSupported;  // BER-TLV structure EF
  } else if (kind == 0x01) {
    return sw::kFunctionNotSupported;  // internal EF
  } else if (kind == 0x00) {
    out.type = FileType::EF;
    if (structure == 0x01) out.structure = EfStructure::Transparent;
    else if (structure == 0x02) out.structure = EfStructure::LinearFixed;
    else if (structure == 0x06) out.structure = EfStructure::Cyclic;
    else return sw::kIncorrectData;
  } else {
    return sw::kIncorrectData;
  }
  const bool records = out.structure == EfStructure::LinearFixed || out.structure == EfStructure::Cyclic;
  if (records ? (fd.size() != 4 && fd.size() != 5) : fd.size() > 2) return sw::kIncorrectData;

  // '83': TS 102 221 §8.3 reserves 3F00 (the MF), 7FFF (the current ADF), FFFF.
  if (o.value[kFileId].size() != 2) return sw::kIncorrectData;
  out.fid = be16(o.value[kFileId].data());
  if (out.fid == kFidMf || out.fid == kFidCurrentAdf || out.fid == kFidReserved) return sw::kIncorrectData;

  // '8A' (§11.1.1.4.9): operational state, activated ('05', '07') or
  // deactivated ('04', '06'); a new file is in use at once.
  const ByteView lcs = o.value[kLifeCycle];
  if (lcs.size() != 1 || (lcs[0] & 0xFC) != 0x04) return sw::kIncorrectData;
  out.life_cycle = (lcs[0] & 0x01) ? LifeCycle::Activated : LifeCycle::Deactivated;

  // '8B' (§11.1.1.4.7.3): EF.ARR FID and record; the form with SE numbers
  // (more than 3 bytes) is not offered.
  const ByteView arr = o.value[kSecurityReferenced];
  if (arr.size() > 3 && arr.size() % 2 == 0) return sw::kFunctionNotSupported;
  if (arr.size() != 3 || arr[2] == 0x00 || arr[2] == 0xFF) return sw::kIncorrectData;
  out.arr.arr_fid = be16(arr.data());
  out.arr.record = arr[2];

  if (out.type != FileType::EF) {
    if (o.has(kFileSize) || o.has(kShortFileId) || fd.size() > 2) return sw::kIncorrectData;
    if (out.type == FileType::ADF) {
      const ByteView aid = o.value[kDfName];
      if (aid.size() < 5 || aid.size() > 16) return sw::kIncorrectData;  // TS 101 220 Annex E
      out.aid.assign(aid.begin(), aid.end());
    }
    if (o.has(kTotalFileSize)) {
      std::uint32_t total = 0;
      if (const StatusWord s = read_size(o.value[kTotalFileSize], total); s != sw::kOk) return s;
    }
    if (o.has(kPinStatus)) {
      if (const StatusWord s = check_pin_status(o.value[kPinStatus]); s != sw::kOk) return s;
    }
    // No proprietary information a created DF could use.
    if (o.has(kProprietary) && !o.value[kProprietary].empty()) return sw::kIncorrectData;
    return sw::kOk;
  }

  if (o.has(kDfName) || o.has(kTotalFileSize) || o.has(kPinStatus)) return sw::kIncorrectData;
  if (!o.has(kFileSize)) return sw::kIncorrectData;
  if (const StatusWord s = read_size(o.value[kFileSize], out.size); s != sw::kOk) return s;
  if (records) {
    // TS 102 221 §8.2: records of 1..255 bytes, 1..254 of them.
    const std::uint16_t length = be16(fd.data() + 2);
    if (length == 0 || length > 255) return sw::kIncorrectData;
    out.record_length = static_cast<std::uint8_t>(length);
    if (out.size % length != 0) return sw::kIncorrectData;
    const std::uint32_t count = out.size / length;
    if (count == 0 || count > 254) return sw::kIncorrectData;
    if (fd.size() == 5 && fd[4] != count) return sw::kIncorrectData;
    out.record_count = static_cast<std::uint8_t>(count);
  }
  if (o.has(kShortFileId)) {
    // §11.1.1.4.8: empty = no SFI; else the SFI in b8-b4, b3-b1 '000'.
    const ByteView v = o.value[kShortFileId];
    if (v.size() > 1) return sw::kIncorrectData;
    if (v.empty()) {
      out.sfi = 0;
    } else {
      const std::uint8_t sfi = v[0] >> 3;
      if ((v[0] & 0x07) != 0 || sfi == 0 || sfi > 30) return sw::kIncorrectData;
      out.sfi = sfi;
    }
  }
  if (o.has(kProprietary)) {
    if (const StatusWord s = read_proprietary(o.value[kProprietary], out.fill); s != sw::kOk) return s;
  }
  return sw::kOk;
}

// TS 102 222 §6.10: '83' the file, '80' an EF's new size or '81' a DF's new
// total size, 'A5' the content of new space.
StatusWord parse_resize_request(ByteView data, ResizeRequest& out) {
  Objects o;
  if (const StatusWord s = split(data, o); s != sw::kOk) return s;
  for (std::uint16_t tag = 0; tag < 256; ++tag) {
    if (o.has(tag) && tag != kFileId && tag != kFileSize && tag != kTotalFileSize && tag != kProprietary) {
      return sw::kIncorrectData;
    }
  }
  if (!o.has(kFileId) || o.value[kFileId].size() != 2) return sw::kIncorrectData;
  out.fid = be16(o.value[kFileId].data());
  if (o.has(kFileSize) == o.has(kTotalFileSize)) return sw::kIncorrectData;
  out.total_size = o.has(kTotalFileSize);
  if (const StatusWord s = read_size(o.value[out.total_size ? kTotalFileSize : kFileSize], out.size); s != sw::kOk) {
    return s;
  }
  if (o.has(kProprietary)) {
    if (const StatusWord s = read_proprietary(o.value[kProprietary], out.fill); s != sw::kOk) return s;
  }
  return sw::kOk;
}

}  // namespace cardcore
