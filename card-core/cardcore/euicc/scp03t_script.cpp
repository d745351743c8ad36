// SCP03t on the ISD-P (GSMA SGP.02 §2.5.2, §4.1.3.3; scp03t.hpp): a
// command scripting template whose TLVs are SCP03t commands opens the
// ISD-P's SCP03 session by '84' / '85' (gp::scp03::CardSession's TLV form,
// the ISD-P's key set and sequence counter as for the APDU form in
// isd_p.cpp) and carries the profile package in '86' segments, installed
// by install_package() (download.cpp) once they end with the PE-End. The
// response scripting template holds one response TLV per command TLV run;
// the script stops at the first error TLV.
#include "cardcore/euicc/euicc.hpp"
#include "cardcore/euicc/scp03t.hpp"
#include "cardcore/euicc/sgp02.hpp"
#include "cardcore/gp/isd.hpp"
#include "cardcore/gp/registry.hpp"
#include "cardcore/remote/expanded_format.hpp"
#include "cardcore/remote/rfm.hpp"
#include "cardcore/saip/profile_package.hpp"
#include "cardcore/tlv/ber_tlv.hpp"

namespace cardcore::euicc {

namespace {

using scp03t::Error;

// The longest response TLV: '84' with the 32 bytes of INITIALIZE UPDATE's
// response; with the template's header and count.
constexpr std::size_t kLargestResponse = 2 + 32 + 7;

// PE-End, ProfileElement [10] (constructed): the last TLV of a package.
constexpr std::uint16_t kPeEndTag = 0xA0 | saip::pe_tag::kEnd;

// Whether `data` is whole top-level TLVs ending with the PE-End: the package
// is complete (SGP.02 §4.1.3.3 leaves the segment boundaries free).
bool package_complete(ByteView data) {
  std::uint16_t last = 0;
  while (!data.empty()) {
    const tlv::Result<tlv::BerTlv> t = tlv::read_ber(data);
    if (!t.ok()) return false;
    last = t.value.tag;
    data = data.subspan(t.value.size);
  }
  return last == kPeEndTag;
}

Error error_of(StatusWord s) {
  if (s == sw::kNotEnoughMemory) return Error::InsufficientMemory;
  if (s == sw::kIncorrectData) return Error::InstallationFailed;
  return Error::Sequence;
}

}  // namespace

bool Euicc::is_scp03t_script(ByteView script) {
  if (!remote::expanded::is_expanded_script(script)) return false;
  const std::optional<tlv::BerTlv> first = remote::expanded::ScriptReader(script).peek();
  return first && scp03t::is_command_tag(first->tag);
}

Bytes Euicc::scp03t_script(Uicc& card, ByteView isdp_aid, ByteView script) {
  remote::expanded::ScriptReader in(script);
  Bytes responses;
  std::uint8_t executed = 0;
  std::optional<remote::expanded::BadFormat> bad;
  tlv::BerTlv t;
  // The response fits a PoR's additional data (remote::kMaxAdditionalData,
  // as run_unchained_script's) and its count a byte: a TLV whose answer
  // might not fit is not run, the script ends there.
  while (executed < 0xFF && responses.size() + kLargestResponse <= remote::kMaxAdditionalData && in.next(t)) {
    if (!scp03t::is_command_tag(t.tag)) {
      bad = remote::expanded::BadFormat::UnknownTag;
      break;
    }
    ++executed;
    const std::uint8_t tag = static_cast<std::uint8_t>(t.tag);
    Bytes value;
    const std::optional<Error> e = scp03t_command(card, isdp_aid, tag, t, value);
    if (card.nvm().in_transaction()) card.nvm().abort();
    if (e) {
      const std::uint8_t code = static_cast<std::uint8_t>(*e);
      tlv::put_ber(responses, scp03t::error_tag(tag), ByteView(&code, 1));
      break;
    }
    tlv::put_ber(responses, tag, value);
  }
  if (!bad) bad = in.error();
  // TS 102 226 §5.2.2: the count first ('AB' only), the bad format TLV last.
  Bytes body;
  if (!in.indefinite()) tlv::put_ber(body, remote::expanded_tag::kExecutedCommands, ByteView(&executed, 1));
  body.insert(body.end(), responses.begin(), responses.end());
  if (bad) {
    const std::uint8_t why = static_cast<std::uint8_t>(*bad);
    tlv::put_ber(body, remote::expanded_tag::kBadFormat, ByteView(&why, 1));
  }
  if (!in.indefinite()) return tlv::make_ber(remote::expanded_tag::kResponseScripting, body);
  Bytes out{remote::expanded_tag::kResponseScriptingIndefinite, remote::expanded_tag::kIndefiniteLength};
  out.insert(out.end(), body.begin(), body.end());
  out.insert(out.end(), {0x00, 0x00});
  return out;
}

std::optional<scp03t::Error> Euicc::scp03t_command(Uicc& card, ByteView isdp_aid, std::uint8_t tag,
                                                   const tlv::BerTlv& t, Bytes& value) {
  if (t.size > scp03t::kMaxSegmentBytes) return Error::Structure;  // §4.1.3.3
  const std::vector<gp::Slot> used = gp::read_registry(card);
  const gp::Slot* slot = gp::find_aid(used, isdp_aid);
  if (!slot) return Error::Sequence;
  const std::uint8_t record = slot->record;
  const std::optional<gp::scp03::StaticKeys> keys = read_isdp_keys(card, record);
  if (!keys) return Error::Sequence;  // SGP.02 §3.1.2: no key set established yet
  if (tag == scp03t::kInitializeUpdate) {
    const std::uint32_t sequence = read_isdp_sequence(card, record) + 1;
    if (sequence > 0xFFFFFF) return Error::Sequence;  // GP Amd D §6.2.2.1: the counter is spent
    card.nvm().begin();
    stage_isdp_sequence(card, record, sequence);
    if (gp::commit_registry(card) != sw::kOk) return Error::Sequence;
    isdp_session_.emplace(IsdpSession{record, {}});
    const StatusWord s = isdp_session_->scp03.initialize_update_tlv(*keys, sequence, isdp_aid, t.value, value);
    if (s == sw::kOk) return std::nullopt;
    isdp_session_.reset();
    if (s == sw::kReferencedDataNotFound || s == sw::kIncorrectP1P2) return Error::KeyNotFound;
    return Error::Structure;
  }
  if (!isdp_session_ || isdp_session_->record != record) return Error::Sequence;
  gp::scp03::CardSession& session = isdp_session_->scp03;
  if (tag == scp03t::kExternalAuthenticate) {
    const StatusWord s = session.external_authenticate_tlv(t.value);
    if (s == sw::kOk) {
      if (download_ && download_->record == record) download_.reset();  // a new package starts
      return std::nullopt;
    }
    if (s == sw::kAuthenticationFailed) return Error::Security;
    if (s == sw::kConditionsNotSatisfied) return Error::Sequence;
    return Error::Structure;
  }
  if (!session.authenticated() || session.security_level() != gp::scp03::kTlvSecurityLevel) {
    session.close();
    return Error::Sequence;
  }
  // '86': ciphered whole blocks and the C-MAC, or the session ends.
  if (t.value.size() < gp::scp03::kMacBytes + 16 || (t.value.size() - gp::scp03::kMacBytes) % 16 != 0) {
    session.close();
    return Error::Structure;
  }
  const std::optional<Bytes> segment = session.unwrap_tlv(tag, t.value);
  if (!segment) return Error::Security;
  // No response data: '86' 00, without R-MAC (SGP.02 §2.5.2).
  return scp03t_segment(card, record, *segment);
}

// A segment of the package (SGP.02 §4.1.3.3) for a PERSONALIZED ISD-P,
// kept in RAM as download.cpp keeps STORE DATA blocks; the one that
// completes the package installs it.
std::optional<scp03t::Error> Euicc::scp03t_segment(Uicc& card, std::uint8_t record, ByteView segment) {
  const std::vector<gp::Slot> used = gp::read_registry(card);
  const gp::Slot* isdp = gp::find_record(used, record);
  if (!isdp || isdp->entry.life_cycle != isdp_state::kPersonalized) {
    download_.reset();
    return Error::Sequence;
  }
  if (!download_ || download_->record != record) download_.emplace(Download{record, 0, {}});
  if (download_->data.size() + segment.size() > kMaxPackageBytes || download_->next_block == 0xFF) {
    download_.reset();
    return Error::InsufficientMemory;
  }
  download_->data.insert(download_->data.end(), segment.begin(), segment.end());
  ++download_->next_block;
  if (!package_complete(download_->data)) return std::nullopt;
  const Bytes package = std::move(download_->data);
  download_.reset();
  const StatusWord s = install_package(record, package);
  if (s == sw::kOk) return std::nullopt;
  return error_of(s);
}

}  // namespace cardcore::euicc
