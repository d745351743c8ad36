// The CMCC profile compatibility test (source document §4.1.1): does the
// profile install, and does the card then hold what China Mobile's network
// and platforms need of it?
#include <algorithm>
#include <iterator>

#include "cardcore/profile/profile_parser.hpp"
#include "cardcore/remote/key_sets.hpp"
#include "cardcore/saip/install_plan.hpp"
#include "cardcore/saip/package_error.hpp"
#include "cardcore/saip/profile_package.hpp"
#include "cardcore/usim/identifiers.hpp"
#include "twinmodels/certification/cases.hpp"
#include "twinmodels/ota/rfm_commands.hpp"

namespace twinmodels::certification {

using cardcore::Bytes;

namespace {

// TS 31.102 §4.2: the EFs of ADF.USIM whose status is mandatory.
struct MandatoryEf {
  std::uint16_t fid;
  const char* name;
};
constexpr MandatoryEf kMandatoryUsimEfs[] = {
    {0x6F07, "EF.IMSI"},  {0x6F08, "EF.Keys"},     {0x6F09, "EF.KeysPS"},    {0x6F31, "EF.HPPLMN"},
    {0x6F38, "EF.UST"},   {0x6F5B, "EF.START-HFN"}, {0x6F5C, "EF.THRESHOLD"}, {0x6F73, "EF.PSLOCI"},
    {0x6F78, "EF.ACC"},   {0x6F7B, "EF.FPLMN"},    {0x6F7E, "EF.LOCI"},      {0x6FAD, "EF.AD"},
    {0x6FB7, "EF.ECC"},
};

// TS 102 221 §13.1: an application template '61' of EF.DIR and its AID '4F'.
Bytes aid_of_record(const Bytes& record) {
  if (record.size() < 4 || record[0] != 0x61) return {};
  for (std::size_t at = 2; at + 2 <= record.size() && at < 2u + record[1];) {
    const std::uint8_t tag = record[at], len = record[at + 1];
    if (at + 2 + len > record.size()) return {};
    if (tag == 0x4F) return Bytes(record.begin() + static_cast<long>(at) + 2, record.begin() + static_cast<long>(at) + 2 + len);
    at += 2u + len;
  }
  return {};
}

bool luhn_ok(const std::string& digits) {
  return digits.size() >= 2 && cardcore::luhn_digit(std::string_view(digits).substr(0, digits.size() - 1)) == digits.back();
}

}  // namespace

void pc_package_rules(Lab& lab, CaseResult& r) {
  if (lab.source.kind == CardSource::Kind::ProfileDescription) return not_applicable(r, "a card-core profile, not a package");
  try {
    const cardcore::saip::ProfilePackage pkg = cardcore::saip::decode_package(lab.source.package);
    cardcore::saip::check_package_rules(pkg);
    pass(r, std::to_string(pkg.elements.size()) + " profile elements");
  } catch (const cardcore::saip::PackageError& e) {
    fail(r, e.what());
  }
}

void pc_installs(Lab& lab, CaseResult& r) {
  if (lab.euicc) return not_applicable(r, "the eUICC installs the profile it downloads (EU-05)");
  try {
    cardcore::Personalization p;
    if (lab.source.kind == CardSource::Kind::ProfilePackage) {
      const cardcore::saip::InstallPlan plan =
          cardcore::saip::plan_install(cardcore::saip::decode_package(lab.source.package));
      lab.insert_card(std::make_shared<const cardcore::ProfileTemplate>(cardcore::parse_profile(plan.profile_text, lab.source.name)));
      lab.ignored = plan.ignored;
      p = plan.personalization;
    } else {
      lab.insert_card(
          std::make_shared<const cardcore::ProfileTemplate>(cardcore::parse_profile(lab.source.description, lab.source.name)));
      if (lab.source.personalization) p = *lab.source.personalization;
    }
    lab.card->power_on();
    if (!p.iccid.empty()) lab.card->personalize(p);
    lab.k = p.iccid.empty() ? lab.profile->auth.k : p.k;
    lab.opc = p.iccid.empty() ? lab.profile->auth.opc : p.opc;
    std::string detail = "profile " + lab.profile->name + (p.iccid.empty() ? ", factory values" : ", personalized");
    if (!lab.ignored.empty()) detail += "; " + std::to_string(lab.ignored.size()) + " package items the card does not use";
    pass(r, detail);
  } catch (const std::exception& e) {
    lab.remove_card();
    fail(r, e.what());
  }
}

void pc_atr_and_iccid(Lab& lab, CaseResult& r) {
  const Bytes atr = lab.power_cycle();
  // ISO/IEC 7816-3 §8.1: TS is '3B' (direct) or '3F' (inverse convention).
  if (atr.empty() || (atr[0] != 0x3B && atr[0] != 0x3F)) return fail(r, "no answer to reset with TS '3B' or '3F'");
  if (const CardAnswer a = lab.send(select_fid(0x2FE2)); !a.ok()) return fail(r, "SELECT EF.ICCID: " + sw_text(a.sw));
  const CardAnswer a = lab.send(ota::read_binary(0, 10));
  if (!a.ok() || a.data.size() != 10) return fail(r, "READ BINARY EF.ICCID: " + sw_text(a.sw));
  const std::string iccid = cardcore::decode_iccid(a.data);
  if (iccid.size() < 19) return fail(r, "ICCID " + iccid + ": fewer than 19 digits");
  if (!luhn_ok(iccid)) return fail(r, "ICCID " + iccid + ": wrong check digit");
  if (iccid.rfind(lab.options.iccid_prefix, 0) != 0)
    return fail(r, "ICCID " + iccid + ": not of issuer prefix " + lab.options.iccid_prefix);
  pass(r, "ICCID " + iccid);
}

void pc_usim_application(Lab& lab, CaseResult& r) {
  if (const CardAnswer a = lab.send(select_fid(0x2F00)); !a.ok()) return fail(r, "SELECT EF.DIR: " + sw_text(a.sw));
  for (std::uint8_t rec = 1; rec < 16 && lab.usim_aid.empty(); ++rec) {
    const CardAnswer a = lab.send(ota::read_record(rec, 256));
    if (!a.ok()) break;
    const Bytes aid = aid_of_record(a.data);
    if (aid.size() >= sizeof cardcore::kUsimAidPrefix &&
        std::equal(std::begin(cardcore::kUsimAidPrefix), std::end(cardcore::kUsimAidPrefix), aid.begin()))
      lab.usim_aid = aid;
  }
  if (lab.usim_aid.empty()) return fail(r, "EF.DIR lists no USIM application (AID A0000000871002...)");
  if (const CardAnswer a = lab.send(select_aid(lab.usim_aid)); !a.ok()) {
    const std::string aid = cardcore::to_hex(lab.usim_aid);
    lab.usim_aid.clear();
    return fail(r, "SELECT ADF.USIM " + aid + ": " + sw_text(a.sw));
  }
  pass(r, "ADF.USIM " + cardcore::to_hex(lab.usim_aid));
}

void pc_mandatory_files(Lab& lab, CaseResult& r) {
  if (!lab.reset_to_usim()) return fail(r, "SELECT ADF.USIM refused");
  std::string missing;
  for (const MandatoryEf& ef : kMandatoryUsimEfs)
    if (const CardAnswer a = lab.send(select_fid(ef.fid)); !a.ok())
      missing += std::string(missing.empty() ? "" : ", ") + ef.name + " (" + sw_text(a.sw) + ")";
  if (!missing.empty()) return fail(r, "missing: " + missing);
  pass(r, std::to_string(std::size(kMandatoryUsimEfs)) + " EFs present");
}

void pc_home_network(Lab& lab, CaseResult& r) {
  if (!lab.reset_to_usim()) return fail(r, "SELECT ADF.USIM refused");
  const CardAnswer imsi_ef = lab.read_imsi_ef();
  if (!imsi_ef.ok() || imsi_ef.data.size() != 9) return fail(r, "READ BINARY EF.IMSI: " + sw_text(imsi_ef.sw));
  std::string imsi;
  try {
    imsi = cardcore::decode_imsi(imsi_ef.data);
  } catch (const std::exception& e) {
    return fail(r, std::string("EF.IMSI: ") + e.what());
  }
  lab.send(select_fid(0x6FAD));
  const CardAnswer ad = lab.send(ota::read_binary(0, 4));
  // TS 31.102 §4.2.18: byte 4, b1-b4, the length of the MNC in the IMSI.
  if (!ad.ok() || ad.data.size() != 4) return fail(r, "EF.AD has no MNC length (byte 4): " + sw_text(ad.sw));
  const unsigned mnc_length = ad.data[3] & 0x0F;
  const std::string plmn = imsi.substr(0, std::min<std::size_t>(imsi.size(), 3 + mnc_length));
  const auto& homes = lab.options.home_plmns;
  if (std::find(homes.begin(), homes.end(), plmn) == homes.end())
    return fail(r, "IMSI " + imsi + ": PLMN " + plmn + " (MNC length " + std::to_string(mnc_length) +
                       " in EF.AD) is not one of the operator's");
  pass(r, "IMSI " + imsi + ", PLMN " + plmn);
}

void pc_ota_key_sets(Lab& lab, CaseResult& r) {
  if (!lab.profile->ota) return fail(r, "no OTA receiving entity: the card takes no remote management");
  const auto records = cardcore::remote::factory_key_set_records(*lab.profile);
  // TS 102 226 §8.2.1.3.2.4.2: the MSL is coded as SPI byte 1; b1-b2 '10'
  // or '11': a cryptographic checksum or a signature (TS 102 225 §5.1.1).
  std::string rfm, weak;
  for (const auto& k : records) {
    if (k.tar[0] == 0xB0 && rfm.empty()) rfm = cardcore::to_hex(k.tar);
    if ((k.msl & 0x03) < 0x02) weak += (weak.empty() ? "" : ", ") + cardcore::to_hex(k.tar);
  }
  if (rfm.empty()) return fail(r, "no key set for an RFM TAR (B0 xx xx, TS 101 220 Annex D)");
  if (!weak.empty()) return fail(r, "TARs whose minimum security level asks for no checksum: " + weak);
  pass(r, std::to_string(records.size()) + " key sets, RFM TAR " + rfm);
}

}  // namespace twinmodels::certification
