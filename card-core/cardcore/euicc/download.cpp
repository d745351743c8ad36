// Profile download and installation (GSMA SGP.02 §3.1.3,
// ES8.DownloadAndInstallation): the SM-DP sends the profile package — the
// TCA "Interoperable Profile" DER of saip/ — to a PERSONALIZED ISD-P in
// STORE DATA blocks (GP §11.11: P2 the block number from '00', P1 b8 on
// the last) inside the ISD-P's SCP03 session; the last block installs it:
// decoded (saip::decode_package), planned (saip::plan_install), built into
// a profile card (a template shared by every card with the same package
// content, and its personalization) and registered with the ISD-P DISABLED
// in one NVM transaction. A package that does not decode or install is
// refused ('6A80'), one that does not fit the ISD-P's memory quota or the
// free profile memory too ('6A84'); either leaves the ISD-P as it was,
// without any profile.
#include "cardcore/euicc/downloaded_profile.hpp"
#include "cardcore/euicc/euicc.hpp"
#include "cardcore/euicc/slot.hpp"
#include "cardcore/euicc/sgp02.hpp"
#include "cardcore/gp/isd.hpp"
#include "cardcore/gp/registry.hpp"
#include "cardcore/profile/profile_parser.hpp"
#include "cardcore/saip/install_plan.hpp"
#include "cardcore/saip/package_error.hpp"
#include "cardcore/saip/profile_package.hpp"
#include "cardcore/usim/identifiers.hpp"

namespace cardcore::euicc {

StatusWord Euicc::download_block(Uicc& card, ByteView isdp_aid, const CommandApdu& c) {
  const std::vector<gp::Slot> used = gp::read_registry(card);
  const gp::Slot* isdp = gp::find_aid(used, isdp_aid);
  if (!isdp) return sw::kReferencedDataNotFound;
  // SGP.02 §3.1.3: after the key establishment, before any profile.
  if (isdp->entry.life_cycle != isdp_state::kPersonalized) {
    download_.reset();
    return sw::kConditionsNotSatisfied;
  }
  if (c.p2 == 0x00) download_.emplace(Download{isdp->record, 0, {}});
  if (!download_ || download_->record != isdp->record || c.p2 != download_->next_block) {
    download_.reset();
    return sw::kIncorrectP1P2;  // a block out of sequence: the download starts again at '00'
  }
  if (download_->data.size() + c.data.size() > kMaxPackageBytes) {
    download_.reset();
    return sw::kNotEnoughMemory;
  }
  download_->data.insert(download_->data.end(), c.data.begin(), c.data.end());
  ++download_->next_block;
  if ((c.p1 & 0x80) == 0) return sw::kOk;
  const Bytes package = std::move(download_->data);
  download_.reset();
  return install_package(isdp->record, package);
}

StatusWord Euicc::install_package(std::uint8_t record, ByteView package) {
  std::unique_ptr<Uicc> card;
  std::shared_ptr<const std::string> text;
  Bytes iccid;
  try {
    const saip::InstallPlan plan = saip::plan_install(saip::decode_package(package));
    const DownloadedProfile profile = shared_downloaded_profile(plan.profile_text);
    card = std::make_unique<Uicc>(profile.profile);
    text = profile.text;
    card->personalize(plan.personalization);
    iccid = encode_iccid(plan.personalization.iccid, true);
  } catch (const saip::PackageError&) {
    return sw::kIncorrectData;
  } catch (const ProfileError&) {
    return sw::kIncorrectData;
  } catch (const std::invalid_argument&) {
    return sw::kIncorrectData;
  }
  // TS 102 226 §8.2.1.3.2: the profile must fit the ISD-P's quota, or the
  // free profile memory without one ('6A84', no profile, still PERSONALIZED).
  const StatusWord room = room_for_profile(record, profile_footprint(*card));
  if (room != sw::kOk) return room;
  card->set_sms_pp_handler(this);
  const std::vector<gp::Slot> used = gp::read_registry(platform_);
  gp::RegistryEntry e = gp::find_record(used, record)->entry;
  e.life_cycle = isdp_state::kDisabled;
  IsdpAttributes a = read_attributes(platform_, record);
  a.installed = true;
  a.iccid = iccid;
  pending_install_ = std::make_unique<Slot>(Slot{record, std::move(card), std::move(text)});
  platform_.nvm().begin();
  gp::stage_entry(platform_, record, e);
  stage_attributes(platform_, record, a);
  const StatusWord s = gp::commit_registry(platform_);  // a PowerLoss leaves pending_install_ to power_on()
  if (s == sw::kOk) {
    drop_slot(record);
    slots_.push_back(std::move(pending_install_));
  }
  pending_install_.reset();
  return s;
}

void Euicc::settle_pending_install() {
  if (!pending_install_) return;
  const std::uint8_t record = pending_install_->record;
  if (read_attributes(platform_, record).installed) {
    drop_slot(record);
    slots_.push_back(std::move(pending_install_));
  }
  pending_install_.reset();
}

}  // namespace cardcore::euicc
