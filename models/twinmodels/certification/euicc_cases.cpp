// The eUICC function test of an import card (source document §4.1.1: a
// foreign operator's eUICC needs eUICC function test evidence and the CMCC
// profile compatibility test): the laboratory acts as the EUM that made the
// eUICC, as the SM-SR that manages it over ES5 (SGP.02 §4.1.1, SCP80 SMS-PP
// under the ISD-R's key set) and as CMCC's SM-DP that downloads its profile
// over ES8 (§3.1.2-3.1.3). The profile compatibility and service cases then
// run on the downloaded profile, enabled; the last case takes it off again.
#include <algorithm>

#include "cardcore/cat/proactive_commands.hpp"
#include "cardcore/ecasd/offcard_key_establishment.hpp"
#include "cardcore/euicc/sgp02.hpp"
#include "cardcore/ota/por_status.hpp"
#include "cardcore/profile/profile_parser.hpp"
#include "cardcore/saip/install_plan.hpp"
#include "cardcore/saip/profile_package.hpp"
#include "cardcore/tlv/ber_tlv.hpp"
#include "cardcore/usim/identifiers.hpp"
#include "twinmodels/certification/cases.hpp"
#include "twinmodels/network/subscriber_keys.hpp"
#include "twinmodels/ota/ota_error.hpp"
#include "twinmodels/ota/ram_commands.hpp"
#include "twinmodels/platform/eid.hpp"
#include "twinmodels/platform/es5_commands.hpp"
#include "twinmodels/platform/es8_download.hpp"
#include "twinmodels/platform/profile_preparation.hpp"

namespace twinmodels::certification {

using cardcore::Bytes;
using cardcore::ByteView;

namespace {

namespace es5 = platform::es5;
namespace isdp_state = cardcore::euicc::isdp_state;

// SGP.02 Annex H: ISD-P AIDs A0 00 00 05 59 10 10 FF FF FF FF 89 00 00 xx 00;
// the factory's profile in the first, the download in the next (ours).
const Bytes kFactoryIsdp = cardcore::from_hex("A0000005591010FFFFFFFF8900001000");
const Bytes kDownloadIsdp = cardcore::from_hex("A0000005591010FFFFFFFF8900001100");
const Bytes kIsdR(cardcore::euicc::kIsdRAid.begin(), cardcore::euicc::kIsdRAid.end());
constexpr cardcore::ota::Tar kIsdRTar{0x00, 0x00, 0x01};

// The key subscriber of the ISD-R's SCP80 keys in the laboratory's key
// derivation (the EUM's key file for the SM-SR).
constexpr std::uint64_t kIsdRKeySubscriber = 1ull << 40;

// One expanded script (TS 102 226 §5.2.1) to the security domain `sd_aid`:
// the ISD-R's TAR, or an ISD-P's (its AID's bytes 13-15), both under the
// ISD-R's key set, as the SM-SR sends ES5 functions and carries ES3.SendData
// (SGP.02 §4.1.1, §5.5). The card's expanded response, or why none.
std::optional<ota::ExpandedResponse> script_to(Lab& lab, ByteView sd_aid, const Bytes& script, std::string& why) {
  EuiccUnderTest& e = *lab.euicc;
  std::optional<LabOtaConfig> c = key_set_config(e.chip->platform().profile(), e.chip->platform(), kIsdRTar, false, {});
  if (!c) {
    why = "the platform has no SCP80 key set for the ISD-R (TAR 00 00 01)";
    return std::nullopt;
  }
  c->config.tar = {sd_aid[12], sd_aid[13], sd_aid[14]};
  c->config.counter = e.counter;
  ota::OtaSmsLink link(c->config);
  const std::optional<ota::PorResult> por = round_trip(lab, link, script, why);
  e.counter = link.counter();
  if (!por) return std::nullopt;
  if (!por->ok()) {
    why = "PoR " + std::string(cardcore::ota::describe(por->status));
    return std::nullopt;
  }
  const auto* x = por->response ? std::get_if<ota::ExpandedResponse>(&*por->response) : nullptr;
  if (!x) {
    why = "the PoR carries no expanded response";
    return std::nullopt;
  }
  return *x;
}

// The script of `commands` (named `what`) ran whole, each answered '90 00'
// or '61 XX'; its answers, or nullopt with `why`.
std::optional<std::vector<ota::RApdu>> run_script(Lab& lab, ByteView sd_aid, const std::vector<Bytes>& commands,
                                                  const std::string& what, std::string& why) {
  const std::optional<ota::ExpandedResponse> x = script_to(lab, sd_aid, ota::encode_expanded_script(commands), why);
  if (!x) {
    why = what + ": " + why;
    return std::nullopt;
  }
  for (std::size_t i = 0; i < x->responses.size(); ++i) {
    const std::uint16_t sw = x->responses[i].sw;
    if (sw != 0x9000 && (sw >> 8) != 0x61) {
      why = what + ": command " + std::to_string(i + 1) + " answered " + sw_text(sw);
      return std::nullopt;
    }
  }
  if (x->responses.size() != commands.size()) {
    why = what + ": " + std::to_string(x->executed_commands()) + " of " + std::to_string(commands.size()) + " commands ran";
    return std::nullopt;
  }
  return x->responses;
}

// The ISD-Ps by GET STATUS (GP §11.4): AID and life cycle.
std::optional<std::vector<ota::StatusEntry>> isdps(Lab& lab, std::string& why) {
  const auto a = run_script(lab, kIsdR, {es5::get_status_isdps()}, "GET STATUS", why);
  if (!a) return std::nullopt;
  try {
    return es5::read_isdps(a->front().data);
  } catch (const ota::OtaError& x) {
    why = std::string("GET STATUS: ") + x.what();
    return std::nullopt;
  }
}

// The card resources by GET DATA 'FF21' (TS 102 226 §8.2.1.7.2).
std::optional<es5::CardResources> card_resources(Lab& lab, std::string& why) {
  const auto a = run_script(lab, kIsdR, {es5::get_card_resources()}, "GET DATA 'FF21'", why);
  if (!a) return std::nullopt;
  std::optional<es5::CardResources> res = es5::read_card_resources(a->front().data);
  if (!res) why = "GET DATA 'FF21' answered " + cardcore::to_hex(a->front().data) + ", not card resources";
  return res;
}

// The life cycle GET STATUS gives the ISD-P `aid` (b8, locked, left out);
// nullopt when it lists none.
std::optional<std::uint8_t> life_cycle(const std::vector<ota::StatusEntry>& all, const Bytes& aid) {
  for (const ota::StatusEntry& s : all)
    if (s.aid == aid) return static_cast<std::uint8_t>(s.life_cycle & 0x7F);
  return std::nullopt;
}

std::string state_name(std::optional<std::uint8_t> s) {
  if (!s) return "not listed";
  switch (*s) {
    case isdp_state::kSelectable: return "SELECTABLE";
    case isdp_state::kPersonalized: return "PERSONALIZED";
    case isdp_state::kDisabled: return "DISABLED";
    case isdp_state::kEnabled: return "ENABLED";
    default: return "life cycle " + cardcore::to_hex(Bytes{*s});
  }
}

// The profile switch the last ES5 function asked for (README of the
// eUICC: the PoR, then REFRESH in UICC reset mode, TS 102 223 §6.4.7), done
// as the terminal does it: FETCH, then the reset. False with `why` when no
// REFRESH came.
bool take_refresh(Lab& lab, std::string& why) {
  const std::optional<Bytes> command = lab.fetch_until(cardcore::cat::command::kRefresh);
  if (!command) {
    why = "no REFRESH came after the PoR";
    return false;
  }
  cardcore::cat::Refresh refresh;
  if (const char* e = cardcore::cat::decode(*command, refresh)) {
    why = std::string("REFRESH: ") + e;
    return false;
  }
  if (refresh.mode != cardcore::cat::Refresh::kUiccReset) {
    why = "REFRESH in mode " + std::to_string(refresh.mode) + ", not UICC reset";
    return false;
  }
  // §6.4.7: the terminal resets the UICC, with no TERMINAL RESPONSE.
  lab.power_cycle();
  return true;
}

}  // namespace

void eu_factory(Lab& lab, CaseResult& r) {
  EuiccUnderTest& e = *lab.euicc;
  std::string factory_iccid;
  try {
    auto platform_profile = std::make_shared<const cardcore::ProfileTemplate>(
        cardcore::parse_profile(lab.source.description, lab.source.name));
    e.chip = std::make_unique<cardcore::euicc::Euicc>(platform_profile);
    // What the EUM writes (SGP.02 §2.2.1): the EID, the ISD-R's keys, the
    // ECASD with its key and certificate.
    cardcore::euicc::EuiccPersonalization p;
    p.eid = lab.source.eid;
    p.isd_r_keys = SubscriberKeyDerivation(kLabSeed).ota_keys(kIsdRKeySubscriber, *platform_profile);
    p.ecasd = e.pki.ecasd(p.eid);
    e.chip->personalize(p);
    // The foreign operator's profile, enabled with the fall-back attribute
    // (SGP.02 §3.1: the EUM's factory installation).
    const cardcore::saip::InstallPlan plan =
        cardcore::saip::plan_install(cardcore::saip::decode_package(lab.source.factory_package));
    auto factory = std::make_shared<const cardcore::ProfileTemplate>(cardcore::parse_profile(plan.profile_text, "factory profile"));
    e.chip->install_profile(kFactoryIsdp, factory, plan.personalization, true, true);
    factory_iccid = plan.personalization.iccid;
  } catch (const std::exception& x) {
    e.chip.reset();
    return fail(r, x.what());
  }
  lab.insert_euicc();
  const Bytes atr = lab.power_cycle();
  if (atr.empty() || (atr[0] != 0x3B && atr[0] != 0x3F)) return fail(r, "no answer to reset with TS '3B' or '3F'");
  if (!lab.follow_enabled_profile()) return fail(r, "no profile enabled after the factory installation");
  pass(r, "EID " + lab.source.eid + "; the factory profile (ICCID " + factory_iccid +
              "...) enabled with the fall-back attribute");
}

void eu_identity(Lab& lab, CaseResult& r) {
  EuiccUnderTest& e = *lab.euicc;
  std::string why;
  const auto a = run_script(lab, kIsdR, {es5::get_eid(), es5::get_ecasd_certificate()}, "GET DATA", why);
  if (!a) return fail(r, why);
  // SGP.02 §2.2.2: '5A' 10 and the EID in 16 bytes of BCD.
  const cardcore::tlv::Result<cardcore::tlv::BerTlv> eid_tlv = cardcore::tlv::parse_ber((*a)[0].data);
  if (!eid_tlv.ok() || eid_tlv.value.tag != 0x5A || eid_tlv.value.value.size() != 16)
    return fail(r, "GET DATA '5A' answered " + cardcore::to_hex((*a)[0].data) + ", not an EID");
  const std::string eid = cardcore::to_hex(eid_tlv.value.value);
  if (eid != lab.source.eid) return fail(r, "EID " + eid + ", not the " + lab.source.eid + " the EUM registered");
  if (!platform::eid_check_digits_ok(eid)) return fail(r, "EID " + eid + ": its check digits are wrong (mod 97 is not 1)");
  // SGP.02 §2.3.2: CERT.ECASD.ECKA issued by the EUM, the EUM's by the CI
  // whose key the SM-DPs' certificates chain to; its subject the EID; its
  // key for key agreement. (The SM-DP takes it from the EIS, §5.1.1.2;
  // here the card's own, and EU-05's key establishment shows the card
  // holds its private key.)
  const cardcore::ecasd::CertificateDecoding c = cardcore::ecasd::decode_certificate((*a)[1].data);
  if (!c.ok()) return fail(r, "CERT.ECASD.ECKA: " + c.error.message());
  if (!cardcore::ecasd::ecasd_certificate_trusted(*c.certificate, e.pki.eum(), e.pki.ci()))
    return fail(r, "CERT.ECASD.ECKA does not verify up to the CI through the EUM's certificate, or is not for key agreement");
  if (!std::ranges::equal(c.certificate->subject_identifier, eid_tlv.value.value))
    return fail(r, "CERT.ECASD.ECKA's subject " + cardcore::to_hex(c.certificate->subject_identifier) + " is not the EID");
  e.ecasd_key = c.certificate->public_key;
  pass(r, "EID " + eid + ", check digits right; CERT.ECASD.ECKA of the EID, issued by the EUM, the EUM's by the CI");
}

void eu_capability_audit(Lab& lab, CaseResult& r) {
  EuiccUnderTest& e = *lab.euicc;
  std::string why;
  const std::optional<es5::CardResources> res = card_resources(lab, why);
  if (!res) return fail(r, why);
  const auto all = isdps(lab, why);
  if (!all) return fail(r, why);
  if (life_cycle(*all, kFactoryIsdp) != isdp_state::kEnabled)
    return fail(r, "the factory profile's ISD-P is " + state_name(life_cycle(*all, kFactoryIsdp)) + ", not ENABLED");
  if (res->installed_applications != all->size())
    return fail(r, std::to_string(res->installed_applications) + " applications installed, " +
                       std::to_string(all->size()) + " ISD-Ps listed");
  e.free_before = res->free_nonvolatile;
  // The package's bytes are a floor for what the profile takes.
  if (res->free_nonvolatile < lab.source.package.size())
    return fail(r, std::to_string(res->free_nonvolatile) + " bytes of free non-volatile memory, the profile package alone " +
                       std::to_string(lab.source.package.size()));
  pass(r, std::to_string(all->size()) + " ISD-P, the factory profile ENABLED; " + std::to_string(res->free_nonvolatile) +
              " bytes of non-volatile memory free");
}

void eu_create_isdp(Lab& lab, CaseResult& r) {
  std::string why;
  if (!run_script(lab, kIsdR, {es5::create_isdp(kDownloadIsdp)}, "INSTALL [for install and make selectable]", why))
    return fail(r, why);
  const auto all = isdps(lab, why);
  if (!all) return fail(r, why);
  if (life_cycle(*all, kDownloadIsdp) != isdp_state::kSelectable)
    return fail(r, "the new ISD-P is " + state_name(life_cycle(*all, kDownloadIsdp)) + ", not SELECTABLE");
  pass(r, "ISD-P " + cardcore::to_hex(kDownloadIsdp) + " SELECTABLE");
}

void eu_download(Lab& lab, CaseResult& r) {
  EuiccUnderTest& e = *lab.euicc;
  if (!e.ecasd_key) return fail(r, "no verified PK.ECASD.ECKA (EU-02) for the key establishment");
  // The profile as CMCC's SM-DP prepares it (SGP.02 §3.1.3): the package
  // with its own subscription's values, which the laboratory's AuC holds.
  Bytes prepared;
  cardcore::Personalization values;
  try {
    const cardcore::saip::ProfilePackage pkg = cardcore::saip::decode_package(lab.source.package);
    values = cardcore::saip::plan_install(pkg).personalization;
    const std::string iccid = values.iccid + cardcore::luhn_digit(values.iccid);
    prepared = platform::personalize_package(pkg, {iccid, values.imsi, values.k, values.opc});
  } catch (const std::exception& x) {
    return fail(r, std::string("profile preparation: ") + x.what());
  }
  const platform::Sgp02Pki::Party smdp = e.pki.smdp("SM-DP-CMCC", 1);
  cardcore::ecasd::KeyAgreementCrt crt;
  crt.key_version = 0x30;  // the ISD-P's SCP03 key set (ours)
  platform::Es8DownloadConfig c;
  c.call_id = "certify-download";
  c.eid = lab.source.eid;
  c.isdp_aid = kDownloadIsdp;
  c.iccid = values.iccid;
  c.package = prepared;
  c.host_challenge = cardcore::from_hex("1122334455667788");
  std::optional<platform::Es8Download> job;
  try {
    job.emplace(c, cardcore::ecasd::OffCardKeyEstablishmentConfig{smdp.certificate, smdp.key, *e.ecasd_key,
                                                                  e.pki.key("eSK.DP/certify"), crt, std::nullopt});
  } catch (const std::exception& x) {
    return fail(r, x.what());
  }
  // ES3.SendData, each script carried to its security domain.
  std::size_t scripts = 0;
  while (!job->finished() && scripts < 1000) {
    const std::optional<platform::SendData> d = job->next();
    if (!d) break;
    ++scripts;
    std::string why;
    const std::optional<ota::ExpandedResponse> x = script_to(lab, d->sd_aid, d->script, why);
    job->on_response(x ? platform::SendDataResponse{x, {}} : platform::SendDataResponse{std::nullopt, why});
  }
  if (!job->finished()) return fail(r, "the download stopped after " + std::to_string(scripts) + " scripts");
  const platform::FunctionResult& result = job->result();
  if (result.status != platform::ExecutionStatus::Success)
    return fail(r, result.subject + ": " + result.reason + (result.message.empty() ? "" : " (" + result.message + ")"));
  std::string why;
  const auto all = isdps(lab, why);
  if (!all) return fail(r, why);
  if (life_cycle(*all, kDownloadIsdp) != isdp_state::kDisabled)
    return fail(r, "after the download the ISD-P is " + state_name(life_cycle(*all, kDownloadIsdp)) + ", not DISABLED");
  lab.k = values.k;
  lab.opc = values.opc;
  pass(r, "key establishment with CMCC's SM-DP, " + std::to_string(job->block_count()) + " package blocks in " +
              std::to_string(scripts) + " scripts; ISD-P DISABLED with the profile");
}

void eu_enable(Lab& lab, CaseResult& r) {
  std::string why;
  if (!run_script(lab, kIsdR, {es5::enable_profile(kDownloadIsdp)}, "EnableProfile", why)) return fail(r, why);
  if (!take_refresh(lab, why)) return fail(r, why);
  const auto all = isdps(lab, why);
  if (!all) return fail(r, why);
  if (life_cycle(*all, kDownloadIsdp) != isdp_state::kEnabled || life_cycle(*all, kFactoryIsdp) != isdp_state::kDisabled)
    return fail(r, "after the reset the downloaded profile is " + state_name(life_cycle(*all, kDownloadIsdp)) +
                       " and the factory one " + state_name(life_cycle(*all, kFactoryIsdp)));
  if (!lab.follow_enabled_profile()) return fail(r, "no profile runs after the reset");
  // The cases that follow run on the downloaded profile.
  lab.usim_aid.clear();
  lab.counters.clear();
  lab.seq = 0;
  pass(r, "REFRESH (UICC reset); the downloaded profile ENABLED, the factory one DISABLED");
}

void eu_disable_and_delete(Lab& lab, CaseResult& r) {
  EuiccUnderTest& e = *lab.euicc;
  std::string why;
  if (!run_script(lab, kIsdR, {es5::disable_profile(kDownloadIsdp)}, "DisableProfile", why)) return fail(r, why);
  if (!take_refresh(lab, why)) return fail(r, why);
  auto all = isdps(lab, why);
  if (!all) return fail(r, why);
  if (life_cycle(*all, kFactoryIsdp) != isdp_state::kEnabled)
    return fail(r, "after DisableProfile the fall-back profile is " + state_name(life_cycle(*all, kFactoryIsdp)) + ", not ENABLED");
  if (!run_script(lab, kIsdR, {es5::delete_profile(kDownloadIsdp)}, "DeleteProfile", why)) return fail(r, why);
  all = isdps(lab, why);
  if (!all) return fail(r, why);
  if (life_cycle(*all, kDownloadIsdp)) return fail(r, "DeleteProfile left the ISD-P " + state_name(life_cycle(*all, kDownloadIsdp)));
  const std::optional<es5::CardResources> res = card_resources(lab, why);
  if (!res) return fail(r, why);
  if (res->free_nonvolatile != e.free_before)
    return fail(r, "free non-volatile memory " + std::to_string(res->free_nonvolatile) + " after the deletion, " +
                       std::to_string(e.free_before) + " before the download");
  lab.follow_enabled_profile();
  pass(r, "fall-back to the factory profile with REFRESH; ISD-P deleted, " + std::to_string(res->free_nonvolatile) +
              " bytes free again");
}

}  // namespace twinmodels::certification
