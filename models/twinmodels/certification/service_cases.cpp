// The end-to-end service test (source document §4.1.1), the network half:
// the card as a terminal and the home network's AuC meet it — SIM Toolkit
// (§3.1.2), EPS AKA with MILENAGE, the GSM context from the quintet
// ("five-tuple to three-tuple", §3.1.1), replay and re-synchronisation.
#include "cardcore/auth/auts.hpp"
#include "cardcore/auth/gsm_conversion.hpp"
#include "cardcore/cat/terminal_profile.hpp"
#include "cardcore/util/constant_time.hpp"
#include "twinmodels/certification/cases.hpp"
#include "twinmodels/modem/modem_context.hpp"
#include "twinmodels/modem/usim_client.hpp"

namespace twinmodels::certification {

using cardcore::Bytes;

namespace {

// TS 31.102 §4.2.8 service n°38: GSM security context.
constexpr unsigned kServiceGsmSecurityContext = 38;

// AUTHENTICATE with the AuC's next vector; the verdict's words on failure.
std::string authenticate_fresh(Lab& lab, LabVector& v) {
  v = auc_vector(lab, ++lab.seq);
  UsimClient usim(*lab.card);
  const UsimClient::Authentication a = usim.authenticate(v.rand.data(), v.m.autn.data());
  if (a.result != UsimClient::AuthResult::Ok)
    return a.result == UsimClient::AuthResult::MacFailure ? "MAC failure: the card's K/OPc or MILENAGE constants differ"
           : a.result == UsimClient::AuthResult::SyncFailure ? "synchronisation failure on a fresh SQN"
                                                              : "AUTHENTICATE refused: " + sw_text(a.sw);
  if (!cardcore::equal_constant_time(a.res, v.m.res)) return "RES " + cardcore::to_hex(a.res) + " differs from XRES " + cardcore::to_hex(v.m.res);
  return {};
}

}  // namespace

void e2e_terminal_profile(Lab& lab, CaseResult& r) {
  lab.power_cycle();
  const Bytes tp = iot_terminal_profile();
  const CardAnswer a = lab.send(modem::apdu(0x80, 0x10, 0x00, 0x00, tp));
  if (!a.ok()) return fail(r, "TERMINAL PROFILE: " + sw_text(a.sw));
  pass(r, "TERMINAL PROFILE " + cardcore::to_hex(tp) + ": " + sw_text(a.sw));
}

void e2e_eps_aka(Lab& lab, CaseResult& r) {
  if (!lab.reset_to_usim()) return fail(r, "SELECT ADF.USIM refused");
  LabVector v;
  if (std::string why = authenticate_fresh(lab, v); !why.empty()) return fail(r, why);
  pass(r, "SQN " + std::to_string(v.sqn) + ": RES = XRES");
}

void e2e_gsm_context(Lab& lab, CaseResult& r) {
  if (!lab.reset_to_usim()) return fail(r, "SELECT ADF.USIM refused");
  const std::optional<std::uint32_t> adf = lab.profile->find_adf(lab.usim_aid);
  const bool offered = adf && lab.card->usim_service(*adf, kServiceGsmSecurityContext);
  if (!offered) {
    if (!lab.domestic) return not_applicable(r, "the profile offers no GSM security context (EF.UST service n°38)");
    return fail(r, "EF.UST does not offer the GSM security context (service n°38) the domestic card needs");
  }
  const LabVector v = auc_vector(lab, lab.seq + 1);  // its RAND; the GSM context uses no SQN
  Bytes data = {0x10};  // L RAND
  data.insert(data.end(), v.rand.begin(), v.rand.end());
  const CardAnswer a = lab.send(modem::apdu(0x00, 0x88, 0x00, 0x80, data));
  // TS 31.102 §7.1.2.1: '04' SRES '08' Kc.
  if (!a.ok() || a.data.size() != 14 || a.data[0] != 4 || a.data[5] != 8)
    return fail(r, "AUTHENTICATE (GSM context): " + sw_text(a.sw) + " " + cardcore::to_hex(a.data));
  // TS 33.102 §6.8.1.2: SRES = c2(XRES), Kc = c3(CK, IK).
  const cardcore::GsmSres sres = cardcore::c2(v.m.res);
  const cardcore::GsmKc kc = cardcore::c3(v.m.ck.data(), v.m.ik.data());
  const cardcore::ByteView answer(a.data);
  if (!cardcore::equal_constant_time(sres, answer.subspan(1, 4)) || !cardcore::equal_constant_time(kc, answer.subspan(6, 8)))
    return fail(r, "SRES/Kc " + cardcore::to_hex(a.data) + " are not c2/c3 of the quintet (" + cardcore::to_hex(sres) +
                       ", " + cardcore::to_hex(kc) + ")");
  pass(r, "SRES " + cardcore::to_hex(sres) + ", Kc " + cardcore::to_hex(kc));
}

void e2e_replay_and_resync(Lab& lab, CaseResult& r) {
  if (!lab.reset_to_usim()) return fail(r, "SELECT ADF.USIM refused");
  LabVector v;
  if (std::string why = authenticate_fresh(lab, v); !why.empty()) return fail(r, why);
  // TS 33.102 §6.3.3: the same AUTN again is not fresh: AUTS, not RES.
  UsimClient usim(*lab.card);
  const UsimClient::Authentication again = usim.authenticate(v.rand.data(), v.m.autn.data());
  if (again.result != UsimClient::AuthResult::SyncFailure)
    return fail(r, again.result == UsimClient::AuthResult::Ok ? "a replayed challenge was accepted"
                                                              : "replay answered " + sw_text(again.sw) + ", not AUTS");
  // §6.3.5: the AuC checks MAC-S and learns SQN_MS, then a vector past it is taken.
  const cardcore::AutsCheck check = cardcore::verify_auts(auc_milenage(lab), v.rand.data(), again.auts.data());
  if (!check.mac_ok) return fail(r, "AUTS with a wrong MAC-S");
  if (check.sqn_ms != v.sqn) return fail(r, "AUTS names SQN_MS " + std::to_string(check.sqn_ms) + ", not " + std::to_string(v.sqn));
  lab.seq = check.sqn_ms >> lab.profile->auth.sqn_ind_bits;
  LabVector after;
  if (std::string why = authenticate_fresh(lab, after); !why.empty()) return fail(r, "after re-synchronisation: " + why);
  pass(r, "replay refused with AUTS (SQN_MS " + std::to_string(check.sqn_ms) + "), next SQN " + std::to_string(after.sqn) + " taken");
}

}  // namespace twinmodels::certification
