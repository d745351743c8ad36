#pragma once
// An SGP.02 eUICC for the tests: the platform of profiles/euicc-platform.prof
// with two profiles made from the domestic profile template (a China Mobile
// one, enabled and with the fall-back attribute, and a foreign operator's,
// disabled), and an SM-SR side that sends ES5 scripts to the ISD-R's TAR in
// secured packets (SCP80, the ISD-R's keys) and reads what the eUICC sends.
#include <algorithm>
#include <fstream>
#include <iterator>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cardcore/ecasd/dgi.hpp"
#include "cardcore/ecasd/offcard_key_establishment.hpp"
#include "cardcore/euicc/euicc.hpp"
#include "cardcore/euicc/sgp02.hpp"
#include "cardcore/euicc/smsr_addressing.hpp"
#include "cardcore/gp/scp03_host_session.hpp"
#include "cardcore/ota/receiving_entity.hpp"
#include "cardcore/sms/udh.hpp"
#include "cardcore/usim/identifiers.hpp"
#include "apdu_transcript.hpp"
#include "ecasd_pki.hpp"
#include "ram_fixture.hpp"

namespace cardcore::testing {

inline std::shared_ptr<const ProfileTemplate> euicc_platform() {
  static auto p = std::make_shared<const ProfileTemplate>(load_profile(ESIMTWIN_SOURCE_DIR "/profiles/euicc-platform.prof"));
  return p;
}

inline constexpr ota::Tar kTarIsdR = {0x00, 0x00, 0x01};
inline const std::string kIsdRAid = "A0000005591010FFFFFFFF8900000100";
inline const std::string kIsdP1 = "A0000005591010FFFFFFFF8900001000";  // the China Mobile profile
inline const std::string kIsdP2 = "A0000005591010FFFFFFFF8900001100";  // the foreign operator's
inline const std::string kIsdP3 = "A0000005591010FFFFFFFF8900001200";  // made by CreateISDP in the tests
inline const std::string kEid = "89049032123451234512345678901235";
inline const std::string kCmccImsi = "460040000000011";
inline const std::string kForeignImsi = "234150000000022";

// The ISD-R's key set of the test eUICC (its personalization).
inline ota::OtaKeys isd_r_keys() {
  ota::OtaKeys k;
  k.kic = ota::make_kic(ota::CipherAlgorithm::AesCbc, 1);
  k.kic_key = from_hex("11223344556677889900aabbccddeeff");
  k.kid = ota::make_kid(ota::ChecksumAlgorithm::AesCmac, 1);
  k.kid_key = from_hex("ffeeddccbbaa00998877665544332211");
  return k;
}

inline Personalization profile_values(const std::string& iccid, const std::string& imsi) {
  Personalization p;
  p.iccid = iccid;
  p.imsi = imsi;
  p.k = from_hex("465b5ce8b199b49faa5f0a2ee238a6bc");
  p.opc = from_hex("cd63cb71954a9f4e48a5994e37a02baf");
  return p;
}

// STORE DATA of one DGI (GP §11.11, P1 '88': last block, DGI format).
inline std::string store_data(std::uint16_t dgi, const std::string& value_hex, std::uint8_t p1 = 0x88) {
  Bytes d;
  ecasd::put_dgi(d, dgi, from_hex(value_hex));
  const std::string data = upper_hex(d);
  return "80E2" + hex8(p1) + "00" + hex8(static_cast<unsigned>(data.size() / 2)) + data;
}
inline std::string aid_tlv(const std::string& aid) { return "4F" + hex8(static_cast<unsigned>(aid.size() / 2)) + aid; }

// The expanded response template 'AB' of R-APDUs (TS 102 226 §5.2.2).
inline std::string expanded_answer(const std::vector<std::string>& rapdus) {
  Bytes inner = {0x80, 0x01, static_cast<std::uint8_t>(rapdus.size())};
  for (const std::string& r : rapdus) tlv::put_ber(inner, 0x23, from_hex(r));
  return upper_hex(tlv::make_ber(0xAB, inner));
}

// The R-APDUs of an expanded response template 'AB' (TS 102 226 §5.2.2).
inline std::vector<Bytes> expanded_rapdus(const std::string& hex) {
  std::vector<Bytes> out;
  const Bytes b = from_hex(hex);
  const tlv::Result<tlv::BerTlv> ab = tlv::parse_ber(b);
  EXPECT_TRUE(ab.ok() && ab.value.tag == 0xAB) << hex;
  if (!ab.ok()) return out;
  tlv::BerReader r(ab.value.value);
  tlv::BerTlv t;
  while (r.next(t)) {
    if (t.tag == 0x23) out.emplace_back(t.value.begin(), t.value.end());
  }
  return out;
}

// The SCP03 key set the SM-DP holds for the China Mobile profile's ISD-P.
inline gp::scp03::StaticKeys isdp1_keys() {
  gp::scp03::StaticKeys k;
  k.kvn = 0x30;
  k.enc = from_hex("404142434445464748494a4b4c4d4e4f");
  k.mac = from_hex("505152535455565758595a5b5c5d5e5f");
  k.dek = from_hex("606162636465666768696a6b6c6d6e6f");
  return k;
}
inline constexpr ota::Tar kTarIsdP1 = {0x00, 0x00, 0x10};

// INSTALL [for install and make selectable] of an ISD-P (ES5.CreateISDP,
// SGP.02 §4.1.1.1): load file …0D00, module …0E00, privileges '80 C0 00',
// 'C9' { '81 02 03 70' }; `system`: the value of system specific parameters
// 'EF' (memory quotas 'C7'/'C8', TS 102 226 §8.2.1.3.2), none when empty.
inline std::string create_isdp(const std::string& aid, const std::string& system = "") {
  std::string params = "C904" "81020370";
  if (!system.empty()) params += "EF" + hex8(static_cast<unsigned>(system.size() / 2)) + system;
  const std::string data = "10" "A0000005591010FFFFFFFF8900000D00" "10" "A0000005591010FFFFFFFF8900000E00" "10" + aid +
                           "03" "80C000" + hex8(static_cast<unsigned>(params.size() / 2)) + params + "00";
  return "80E60C00" + hex8(static_cast<unsigned>(data.size() / 2)) + data;
}
inline constexpr ota::Tar kTarIsdP3 = {0x00, 0x00, 0x12};

// INSTALL [for personalization] of an application (GP §11.5.2.3.6).
inline std::string install_for_personalization(const std::string& aid) {
  return "80E62000" + hex8(static_cast<unsigned>(aid.size() / 2 + 6)) + "0000" + hex8(static_cast<unsigned>(aid.size() / 2)) +
         aid + "000000";
}

// STORE DATA with `data` (a DGI), P1 as njiwa sends the two steps, and Le.
inline std::string store(std::uint8_t p1, const Bytes& data) {
  return "80E2" + hex8(p1) + "00" + hex8(static_cast<unsigned>(data.size())) + upper_hex(data) + "00";
}

inline gp::scp03::StaticKeys scp03_of(const ecasd::Scp03KeySet& k, std::uint8_t kvn) { return {kvn, k.enc, k.mac, k.dek}; }

// A profile package of profiles/saip/ (the TCA format).
inline Bytes package_file(const std::string& name) {
  std::ifstream in(ESIMTWIN_SOURCE_DIR "/profiles/saip/" + name, std::ios::binary);
  return Bytes(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// STORE DATA blocks of `package` (GP §11.11: P2 the block number, P1 '80' on
// the last, no structure given), `size` bytes each.
inline std::vector<std::string> package_blocks(const Bytes& package, std::size_t size = 200) {
  std::vector<std::string> out;
  for (std::size_t at = 0, n = 0; at < package.size(); at += size, ++n) {
    const std::size_t len = std::min(size, package.size() - at);
    const bool last = at + len == package.size();
    out.push_back(std::string("80E2") + (last ? "80" : "00") + hex8(static_cast<unsigned>(n)) + hex8(static_cast<unsigned>(len)) +
                  upper_hex(ByteView(package).subspan(at, len)));
  }
  return out;
}

// The SM-SR's SMS address the tests give with UpdateConnectivityParameters.
inline sms::Address smsr_address() { return sms::Address{sms::TypeOfNumber::International, sms::NumberingPlan::Isdn, "8613900200777"}; }

// The test PKI (CI, EUM, the eUICC's ECASD, an SM-DP and an SM-SR), made once.
inline const ecasd::testing::Pki& pki() {
  static const ecasd::testing::Pki p = ecasd::testing::make_pki();
  return p;
}

class EuiccTest : public RamCard {
 protected:
  EuiccTest() { keys = isd_r_keys(); }

  void SetUp() override {
    build(e);
    start();
  }

  // The eUICC's factory: personalization and the two profiles (the
  // checkpoint tests build a second eUICC the same way).
  void build(euicc::Euicc& x) {
    euicc::EuiccPersonalization p;
    p.eid = kEid;
    p.isd_r_keys = {{isd_r_keys().kic_key, isd_r_keys().kid_key}};
    p.ecasd = euicc::EcasdPersonalization{pki().euicc.key, ecasd::encode_certificate(pki().euicc.certificate),
                                          pki().ci.certificate.public_key, pki().ci.certificate.subject_identifier,
                                          ecasd::CertificateDate{2024, 6, 1}};
    more_personalization(p);
    x.personalize(p);
    x.install_profile(from_hex(kIsdP1), domestic_profile(), profile_values("898604000000000001", kCmccImsi), true, true,
                      0, isdp1_keys());
    x.install_profile(from_hex(kIsdP2), domestic_profile(), profile_values("894400000000000002", kForeignImsi), false, false);
  }

  // What a test fixture adds to the eUICC's personalization.
  virtual void more_personalization(euicc::EuiccPersonalization&) {}

  Bytes transmit(ByteView capdu) override {
    const Bytes r = e.transmit(capdu);
    transcript.exchange(capdu, r);
    return r;
  }

  // Power-up as a modem does it: ATR, TERMINAL PROFILE, and the SET UP
  // EVENT LIST the eUICC then asks for, answered.
  void start() {
    transcript.note("power-up");
    atr = upper_hex(e.power_on());
    using F = cat::Facility;
    const Bytes tp = cat::TerminalProfile::with({F::kProfileDownload, F::kSmsPpDataDownload, F::kCommandResult,
                                                 F::kSendShortMessage, F::kSetUpEventList, F::kEventLocationStatus,
                                                 F::kRefresh})
                         .bytes();
    std::string sw = send("80100000" + hex8(static_cast<unsigned>(tp.size())) + upper_hex(tp));
    if (sw.substr(0, 2) == "91") {
      const Bytes command = fetch_announced(sw);
      EXPECT_TRUE(std::holds_alternative<cat::SetUpEventList>(cat::decode_proactive_command(command).value));
      EXPECT_EQ(terminal_response_to(command), "9000");
    }
  }

  // An ES5 script to the ISD-R: the additional response data of its PoR
  // (checked secured and Ok); `answer` keeps the last R-APDU's SW.
  std::string es5(const std::string& script, const ota::Tar& tar = kTarIsdR) {
    const ota::DecodedPor por = send_script(tar, from_hex(script));
    EXPECT_TRUE(por.secured);
    EXPECT_EQ(por.packet.status, ota::PorStatus::Ok);
    return upper_hex(por.packet.additional_data);
  }
  std::string es5_one(const std::string& capdu, const ota::Tar& tar = kTarIsdR) {
    return es5(expanded_script({capdu}), tar);
  }

  // Location status EVENT DOWNLOAD (TS 102 223 §7.5.4): 00 normal, 02 no service.
  std::string location_status(std::uint8_t status) {
    cat::EventDownload ev;
    ev.event = cat::event::kLocationStatus;
    ev.location_status = cat::LocationStatus{status};
    const Bytes b = cat::encode(ev);
    return send("80C20000" + hex8(static_cast<unsigned>(b.size())) + upper_hex(b));
  }

  // FETCHes the announced command, which must be a REFRESH (UICC reset),
  // answers it, and restarts the eUICC as the terminal then does.
  void refresh_and_restart(const std::string& sw) {
    const Bytes command = fetch_announced(sw);
    const auto decoded = cat::decode_proactive_command(command);
    const auto* r = std::get_if<cat::Refresh>(&decoded.value);
    ASSERT_NE(r, nullptr);
    EXPECT_EQ(r->mode, cat::Refresh::kUiccReset);
    EXPECT_EQ(terminal_response_to(command), "9000");
    e.power_off();
    start();
  }

  // The notification the eUICC sends in SEND SHORT MESSAGEs from `sw` on,
  // opened as the SM-SR does with the ISD-R's keys: its 'E1' data.
  std::optional<Bytes> fetch_notification(std::string& sw) {
    sms::Reassembler smsr;
    while (sw.substr(0, 2) == "91") {
      const Bytes command = fetch_announced(sw);
      const auto decoded = cat::decode_proactive_command(command);
      const auto* m = std::get_if<cat::SendShortMessage>(&decoded.value);
      EXPECT_NE(m, nullptr);
      if (!m) return std::nullopt;
      const sms::SmsSubmit s = sms::decode_submit(m->tpdu.tpdu);
      EXPECT_EQ(s.da, smsr_address());
      const auto r = smsr.add(s.da, s.ud, 0);
      sw = terminal_response_to(command);
      if (!r.message) continue;
      const std::optional<Bytes> packet = sms::command_packet_of(*r.message);
      EXPECT_TRUE(packet);
      if (!packet) return std::nullopt;
      const ota::OtaKeys k = smsr_keys;
      const ota::CommandPacketResult opened = ota::open_command_packet(*packet, [&](const ota::CommandHeader& h) {
        EXPECT_EQ(h.tar, kTarIsdR);
        ota::TarSecurity t;
        t.keys = &k;
        t.counter = smsr_counter;
        return std::optional<ota::TarSecurity>(t);
      });
      EXPECT_EQ(opened.status, ota::PorStatus::Ok);
      if (opened.counter_to_store) smsr_counter = *opened.counter_to_store;
      return opened.data;
    }
    return std::nullopt;
  }

  // An SCP03 session with an ISD-P (GP Amendment D §7, security level '33'),
  // as the SM-DP opens it through the SM-SR: INITIALIZE UPDATE in one
  // packet, EXTERNAL AUTHENTICATE and the wrapped `plain` commands in the
  // next. Returns each command's plain response data and SW in hex; empty
  // when the session did not open.
  std::vector<std::string> isdp_session(const ota::Tar& tar, const gp::scp03::StaticKeys& k,
                                        const std::vector<std::string>& plain) {
    gp::scp03::HostSession host(k, from_hex("0807060504030201"));
    const std::vector<Bytes> iu = expanded_rapdus(es5(expanded_script({upper_hex(host.initialize_update())}), tar));
    if (iu.size() != 1 || iu[0].size() < 2 || !host.take_response(ByteView(iu[0]).first(iu[0].size() - 2))) {
      ADD_FAILURE() << "INITIALIZE UPDATE: " << (iu.empty() ? std::string("no answer") : upper_hex(iu[0]));
      return {};
    }
    std::vector<std::string> script{upper_hex(host.external_authenticate(0x33))};
    // Each with Le, so that its R-MAC comes back (the expanded format
    // returns response data only up to Le, TS 102 226 §5.2.2).
    for (const std::string& p : plain) {
      const Bytes b = from_hex(p);
      const bool has_le = b.size() == 5 || (b.size() > 5 && b.size() == 6u + b[4]);
      script.push_back(upper_hex(host.wrap(from_hex(has_le ? p : p + "00"))));
    }
    const std::vector<Bytes> r = expanded_rapdus(es5(expanded_script(script), tar));
    std::vector<std::string> out;
    for (std::size_t i = 1; i < r.size(); ++i) {
      const std::uint16_t sw = static_cast<std::uint16_t>(r[i][r[i].size() - 2] << 8 | r[i].back());
      const std::optional<Bytes> data = host.unwrap_response(ByteView(r[i]).first(r[i].size() - 2), sw);
      out.push_back(data ? upper_hex(*data) + hex16(sw) : "bad R-MAC");
    }
    if (r.empty() || upper_hex(r[0]) != "9000") ADD_FAILURE() << "EXTERNAL AUTHENTICATE: " << (r.empty() ? "" : upper_hex(r[0]));
    return out;
  }

  // A key establishment (GPC Amendment E scenario #3) with the security
  // domain of `tar` as `who` (the SM-DP for an ISD-P, an SM-SR for the ISD-R).
  ecasd::OffCardKeyEstablishment off_card(const ecasd::testing::Party& who, std::uint8_t key_version,
                                          const std::string& ephemeral_seed, bool delete_existing = false) {
    ecasd::KeyAgreementCrt crt;
    crt.key_version = key_version;
    if (delete_existing) crt.scenario_parameters |= 0x01;
    return ecasd::OffCardKeyEstablishment({who.certificate, who.key, pki().euicc.certificate.public_key,
                                           ecasd::private_key_from_seed(ecasd::Curve::NistP256, ecasd::testing::seed(ephemeral_seed)),
                                           crt, std::nullopt});
  }
  // The new SM-SR's SCP81 PSK for the ISD-R, as njiwa's CreateSCP81KeySet
  // asks for it: Q '5C' (one key), key access '00', key type '85' (PSK-TLS),
  // 16 bytes, key identifier `kid`, an initial counter, derivation random
  // (unless `derivation_random` is false).
  ecasd::OffCardKeyEstablishment off_card_psk(const ecasd::testing::Party& who, std::uint8_t key_version,
                                              const std::string& ephemeral_seed, std::uint8_t kid = 0x01,
                                              bool derivation_random = true) {
    ecasd::KeyAgreementCrt crt;
    if (!derivation_random) crt.scenario_parameters &= static_cast<std::uint8_t>(~ecasd::kScenarioDerivationRandom);
    crt.key_usage_qualifier = ecasd::kKeyUsageQualifierOneKey;
    crt.key_access = 0x00;
    crt.key_type = ecasd::kKeyTypePskTls;
    crt.key_length = 16;
    crt.key_identifier = kid;
    crt.key_version = key_version;
    crt.initial_counter = Bytes{};
    return ecasd::OffCardKeyEstablishment({who.certificate, who.key, pki().euicc.certificate.public_key,
                                           ecasd::private_key_from_seed(ecasd::Curve::NistP256, ecasd::testing::seed(ephemeral_seed)),
                                           crt, std::nullopt});
  }
  // One key establishment step to `tar`: the R-APDU (data + SW) in hex.
  // With `isdp_aid`, the STORE DATA goes to the ISD-R's TAR after INSTALL
  // [for personalization] of that ISD-P (GP §11.5.2.3.6).
  std::string step(const ota::Tar& tar, std::uint8_t p1, const Bytes& data, const std::string& isdp_aid = "") {
    if (!isdp_aid.empty()) {
      const std::vector<Bytes> r = expanded_rapdus(es5(expanded_script({install_for_personalization(isdp_aid), store(p1, data)}), kTarIsdR));
      if (r.size() == 1) return upper_hex(r[0]);  // the INSTALL refused
      return r.size() == 2 && upper_hex(r[0]) == "9000" ? upper_hex(r[1]) : "?";
    }
    const std::vector<Bytes> r = expanded_rapdus(es5(expanded_script({store(p1, data)}), tar));
    return r.size() == 1 ? upper_hex(r[0]) : "?";
  }
  // Both steps; the keys the off-card side derived, or nullopt (with the
  // failing R-APDU in `failed`).
  std::optional<ecasd::Scp03KeySet> establish(const ota::Tar& tar, ecasd::OffCardKeyEstablishment& oce,
                                              const std::string& isdp_aid = "") {
    const std::optional<ecasd::OffCardKeyEstablishmentResult> r = establish_result(tar, oce, isdp_aid);
    if (!r) return std::nullopt;
    return r->keys;
  }
  // The same for the ISD-R's SCP81 PSK (off_card_psk): the PSK.
  std::optional<Bytes> establish_psk(ecasd::OffCardKeyEstablishment& oce) {
    const std::optional<ecasd::OffCardKeyEstablishmentResult> r = establish_result(kTarIsdR, oce);
    if (!r) return std::nullopt;
    EXPECT_EQ(r->psk.size(), 16u);
    return r->psk;
  }
  std::optional<ecasd::OffCardKeyEstablishmentResult> establish_result(const ota::Tar& tar,
                                                                      ecasd::OffCardKeyEstablishment& oce,
                                                                      const std::string& isdp_aid = "") {
    const std::string a1 = step(tar, 0x09, oce.certificate_command_data(), isdp_aid);
    if (a1.size() < 4 || a1.substr(a1.size() - 4) != "9000") {
      failed = a1;
      return std::nullopt;
    }
    const auto c2 = oce.key_agreement_command_data(from_hex(a1.substr(0, a1.size() - 4)));
    EXPECT_TRUE(c2.ok());
    const std::string a2 = step(tar, 0x89, *c2.value, isdp_aid);
    if (a2.size() < 4 || a2.substr(a2.size() - 4) != "9000") {
      failed = a2;
      return std::nullopt;
    }
    const auto k = oce.process_response(from_hex(a2.substr(0, a2.size() - 4)));
    EXPECT_TRUE(k.ok()) << k.detail;
    if (!k.ok()) return std::nullopt;
    return k.value;
  }

  // CreateISDP (`create`, of the ISD-P of `tar`) and the SM-DP's key
  // establishment: the ISD-P's keys.
  gp::scp03::StaticKeys prepare_isdp(const std::string& create, const ota::Tar& tar) {
    EXPECT_EQ(es5_one(create), expanded_answer({"9000"}));
    ecasd::OffCardKeyEstablishment smdp = off_card(pki().smdp, 0x30, "eSK.DP/download");
    const std::optional<ecasd::Scp03KeySet> keys = establish(tar, smdp);
    EXPECT_TRUE(keys) << failed;
    return keys ? scp03_of(*keys, 0x30) : gp::scp03::StaticKeys{};
  }
  gp::scp03::StaticKeys prepare_isdp3() { return prepare_isdp(create_isdp(kIsdP3), kTarIsdP3); }

  void give_smsr_address() {
    euicc::SmsrAddressing a;
    a.destination = smsr_address();
    a.smsc = ota_smsc();
    EXPECT_EQ(es5_one(store_data(euicc::dgi::kUpdateConnectivityParameters, upper_hex(euicc::encode_smsr_addressing(a)))),
              expanded_answer({"9000"}));
  }

  // Runs `attempt` with the power cut at the platform's n-th NVM program
  // from now; true when it ran through, false after a cut (the eUICC then
  // restarted, as a terminal restarts a card).
  template <class Attempt>
  bool ran_through_cut(std::uint32_t n, Attempt attempt) {
    e.platform().nvm().arm_power_loss(n);
    try {
      attempt();
      e.platform().nvm().arm_power_loss(0);
      return true;
    } catch (const PowerLoss&) {
    }
    e.platform().nvm().arm_power_loss(0);
    e.power_off();
    start();
    return false;
  }

  std::string read_imsi() {
    EXPECT_EQ(send(std::string("00A4040C07") + kUsimAidPrefix), "9000");
    EXPECT_EQ(send("00A4000C026F07"), "9000");
    return send("00B0000009");
  }

  std::optional<euicc::ProfileInfo> info(const std::string& aid) const {
    for (const euicc::ProfileInfo& p : e.profiles()) {
      if (upper_hex(p.isdp_aid) == aid) return p;
    }
    return std::nullopt;
  }

  euicc::Euicc e{euicc_platform()};
  ApduTranscript transcript;
  std::string atr;
  ota::Counter smsr_counter = 0;  // the SM-SR's replay counter of the eUICC's packets
  ota::OtaKeys smsr_keys = isd_r_keys();  // the keys the SM-SR opens the eUICC's packets with
  std::string failed;                     // the R-APDU of a refused key establishment step
};

// EF.IMSI of the two profiles as READ BINARY answers it.
inline std::string imsi_ef(const std::string& imsi) { return upper_hex(encode_imsi(imsi)) + "9000"; }

// The ISD-R's SCP81 agent of the tests (GP Amendment B; SGP.02 §2.4.4):
// the factory SM-SR's admin server at 192.0.2.1:443 over the default
// bearer, PSK key version '40' id '01'.
inline const Bytes& scp81_test_psk() {
  static const Bytes psk = from_hex("0f0e0d0c0b0a09080706050403020100");
  return psk;
}
inline euicc::Scp81Personalization scp81_test_agent() {
  euicc::Scp81Personalization a;
  a.defaults.connection.bearer = cat::BearerDescription{cat::BearerDescription::kDefault, {}};
  a.defaults.connection.buffer = cat::BufferSize{1024};
  a.defaults.connection.transport = cat::TransportLevel{cat::TransportLevel::kTcpClientRemote, 443};
  a.defaults.connection.destination = cat::OtherAddress{false, cat::OtherAddress::kIpv4, {192, 0, 2, 1}};
  a.defaults.http.host = "smsr.example";
  a.defaults.http.uri = "/gp/ram";
  a.defaults.http.agent_id = "//se-id/eid/" + kEid;
  a.key_version = 0x40;
  a.key_id = 0x01;
  a.psk = scp81_test_psk();
  return a;
}

}  // namespace cardcore::testing
