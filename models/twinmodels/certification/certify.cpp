#include "twinmodels/certification/certify.hpp"

#include <iterator>
#include <vector>

#include "twinmodels/certification/cases.hpp"

namespace twinmodels::certification {

namespace {

struct CaseSpec {
  const char* id;
  const char* title;
  const char* clause;
  CaseFunction run;
  // A failed gate leaves nothing for the cases after it to run on.
  bool gate;
};

// The profile compatibility and service cases, in order: each case may
// rely on what the ones before it found.
constexpr CaseSpec kPc01{"PC-01", "Profile package decodes and keeps the package rules",
                         "TCA eUICC Profile Package v2.3 (PEDefinitions)", pc_package_rules, true};
constexpr CaseSpec kPc02{"PC-02", "Profile installs on the card", "TCA IPS v2.3 §8; TS 102 222", pc_installs, true};
constexpr CaseSpec kOnTheProfile[] = {
    {"PC-03", "Answer to reset; ICCID of the operator, check digit right", "ISO/IEC 7816-3 §8; TS 102 221 §13.2; ITU-T E.118 §4.4",
     pc_atr_and_iccid, false},
    {"PC-04", "USIM application listed in EF.DIR and selectable by its AID", "TS 102 221 §13.1; TS 31.102 §4.1",
     pc_usim_application, true},
    {"PC-05", "Mandatory files of the USIM", "TS 31.102 §4.2", pc_mandatory_files, false},
    {"PC-06", "IMSI of the operator's PLMN, MNC length in EF.AD", "TS 23.003 §2.2; TS 31.102 §4.2.2, §4.2.18",
     pc_home_network, false},
    {"PC-07", "OTA key sets for remote management, checksum required", "TS 102 225 §5.1; TS 102 226 §8.2.1.3.2.4.2",
     pc_ota_key_sets, false},
    {"E2E-01", "SIM Toolkit: TERMINAL PROFILE", "TS 102 223 §5.2; TS 102 221 §11.2.1", e2e_terminal_profile, false},
    {"E2E-02", "EPS AKA with MILENAGE against the home network", "TS 33.102 §6.3; TS 31.102 §7.1.2; TS 35.206",
     e2e_eps_aka, false},
    {"E2E-03", "GSM context from the quintet (five-tuple to three-tuple)", "TS 33.102 §6.8.1.2; TS 31.102 §7.1.2.1",
     e2e_gsm_context, false},
    {"E2E-04", "Replayed challenge refused; re-synchronisation", "TS 33.102 §6.3.3, §6.3.5", e2e_replay_and_resync, false},
    {"E2E-05", "Remote file management over SMS-PP with PoR", "TS 102 225 §5.1-5.2; TS 102 226 §5.1; TS 31.111 §7.1.1",
     e2e_rfm_over_sms_pp, false},
    {"E2E-06", "Replayed OTA counter refused", "TS 102 225 §5.1.1", e2e_ota_counter_replay, false},
    {"E2E-07", "OTA number writing", "source document §3.1.1, §3.2.2; docs/WRITE-CARD.md", e2e_ota_number_write, false},
};

// An eUICC's function test: before the profile's cases, the eUICC made,
// audited, the profile downloaded and enabled; after them, taken off.
constexpr CaseSpec kEuiccBefore[] = {
    {"EU-01", "eUICC made by the EUM: EID, ISD-R keys, ECASD, factory profile enabled", "SGP.02 §2.2.1, §3.1",
     eu_factory, true},
    {"EU-02", "EID and CERT.ECASD.ECKA read over ES5, certificate chain to the CI", "SGP.02 §2.2.2, §2.3.2; SGP.29 §2.2",
     eu_identity, false},
    {"EU-03", "Capability audit: card resources and ISD-Ps", "SGP.02 §4.1.1.5; TS 102 226 §8.2.1.7.2; GP §11.4",
     eu_capability_audit, false},
    {"EU-04", "ES5.CreateISDP", "SGP.02 §3.1.1, §4.1.1.1; GP §11.5", eu_create_isdp, true},
    {"EU-05", "ES8.EstablishISDPKeySet and ES8.DownloadAndInstallation by CMCC's SM-DP",
     "SGP.02 §3.1.2, §3.1.3; GP Amd E scenario #3; GP Amd D (SCP03)", eu_download, true},
    {"EU-06", "ES5.EnableProfile: REFRESH, the downloaded profile runs", "SGP.02 §3.2, §4.1.1.2; TS 102 223 §6.4.7",
     eu_enable, true},
};
constexpr CaseSpec kEuiccAfter{"EU-07", "ES5.DisableProfile to the fall-back profile, ES5.DeleteProfile frees the memory",
                               "SGP.02 §3.3, §3.4, §4.1.1.3, §4.1.1.4", eu_disable_and_delete, false};

// The cases for the card, in order.
std::vector<CaseSpec> cases_for(const CardSource& source) {
  std::vector<CaseSpec> all = {kPc01, kPc02};
  if (source.kind == CardSource::Kind::Euicc) all.insert(all.end(), std::begin(kEuiccBefore), std::end(kEuiccBefore));
  all.insert(all.end(), std::begin(kOnTheProfile), std::end(kOnTheProfile));
  if (source.kind == CardSource::Kind::Euicc) all.push_back(kEuiccAfter);
  return all;
}

const char* kind_text(CardSource::Kind k) {
  switch (k) {
    case CardSource::Kind::ProfileDescription: return " (card-core profile: domestic card)";
    case CardSource::Kind::ProfilePackage: return " (profile package)";
    case CardSource::Kind::Euicc: return " (SGP.02 eUICC)";
  }
  return "";
}

}  // namespace

CertificationReport certify(const CardSource& source, const CertificationOptions& options) {
  Lab lab{source, options};
  lab.domestic = source.kind == CardSource::Kind::ProfileDescription;
  if (source.kind == CardSource::Kind::Euicc) lab.euicc.emplace();
  CertificationReport report;
  report.card = source.name + kind_text(source.kind);
  bool blocked = false;
  for (const CaseSpec& spec : cases_for(source)) {
    CaseResult r{spec.id, spec.title, spec.clause, Verdict::NotRun, {}};
    if (blocked) {
      r.detail = "an earlier case failed";
    } else {
      try {
        spec.run(lab, r);
      } catch (const std::exception& e) {
        fail(r, std::string("the card broke off: ") + e.what());
      }
      blocked = spec.gate && r.verdict == Verdict::Fail;
    }
    report.cases.push_back(std::move(r));
  }
  return report;
}

}  // namespace twinmodels::certification
