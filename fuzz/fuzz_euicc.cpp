// libFuzzer harness on an SGP.02 eUICC's APDU entry point (Euicc::transmit):
// the enabled profile's commands, the local ISD-R on a logical channel, and
// the ENVELOPEs that carry ES5/ES8 secured packets (SCP80, SCP03, SCP03t)
// to the ISD-R and the ISD-Ps. Every APDU must get a status word (ISO/IEC
// 7816-4 §5.1.3: SW1 '6X' other than '60', or '9X'); after the input and a
// cold reset the eUICC still has its EID, and with an enabled profile it
// opens a logical channel, selects the ISD-R on it (GP §11.9) and answers
// GET DATA '5A' with that EID; never a crash, a hang or a sanitizer finding.
//
// The eUICC is built as tests/card-core/euicc_fixture.hpp's EuiccTest builds
// it (same EID, ISD-R keys, ECASD and two factory profiles), so the golden
// transcripts of tests/card-core/golden replay on it as seeds
// (fuzz/euicc_seeds.py); each input starts from its saved factory state.
//
// Input: [flags][len][apdu bytes]... ; flags b1-b4 != 0 arms a power loss at
// that many page programs of the platform card's NVM; len 0 is a cold reset
// (power off and on, as a terminal restarts the card after a REFRESH).
#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <optional>
#include <string>

#include "cardcore/euicc/euicc.hpp"
#include "cardcore/profile/profile_parser.hpp"
#include "ecasd_pki.hpp"  // tests/card-core: the test PKI, keys from fixed seeds

using namespace cardcore;

namespace {

constexpr std::size_t kMaxApdus = 64;
const std::string kEid = "89049032123451234512345678901235";
const std::string kIsdRAid = "A0000005591010FFFFFFFF8900000100";

std::shared_ptr<const ProfileTemplate> profile(const char* name) {
  return std::make_shared<const ProfileTemplate>(load_profile(std::string(ESIMTWIN_SOURCE_DIR "/profiles/") + name));
}

Personalization profile_values(const std::string& iccid, const std::string& imsi) {
  Personalization p;
  p.iccid = iccid;
  p.imsi = imsi;
  p.k = from_hex("465b5ce8b199b49faa5f0a2ee238a6bc");
  p.opc = from_hex("cd63cb71954a9f4e48a5994e37a02baf");
  return p;
}

// EuiccTest::build: the ISD-R's AES key set, the ECASD of the test PKI, the
// China Mobile profile (enabled, fall-back, with its ISD-P's SCP03 keys) and
// a foreign operator's (disabled).
euicc::Euicc& factory_euicc() {
  static euicc::Euicc e{profile("euicc-platform.prof")};
  static const bool built = [] {
    const ecasd::testing::Pki pki = ecasd::testing::make_pki();
    euicc::EuiccPersonalization p;
    p.eid = kEid;
    p.isd_r_keys = {{from_hex("11223344556677889900aabbccddeeff"), from_hex("ffeeddccbbaa00998877665544332211")}};
    p.ecasd = euicc::EcasdPersonalization{pki.euicc.key, ecasd::encode_certificate(pki.euicc.certificate),
                                          pki.ci.certificate.public_key, pki.ci.certificate.subject_identifier,
                                          ecasd::CertificateDate{2024, 6, 1}};
    e.personalize(p);
    const auto domestic = profile("cmcc-domestic-usim.prof");
    const gp::scp03::StaticKeys isdp1_keys{0x30, from_hex("404142434445464748494a4b4c4d4e4f"),
                                           from_hex("505152535455565758595a5b5c5d5e5f"),
                                           from_hex("606162636465666768696a6b6c6d6e6f")};
    e.install_profile(from_hex("A0000005591010FFFFFFFF8900001000"), domestic,
                      profile_values("898604000000000001", "460040000000011"), true, true, 0, isdp1_keys);
    e.install_profile(from_hex("A0000005591010FFFFFFFF8900001100"), domestic,
                      profile_values("894400000000000002", "234150000000022"), false, false);
    return true;
  }();
  (void)built;
  return e;
}

[[noreturn]] void fail(const char* what) {
  std::fprintf(stderr, "fuzz_euicc: %s\n", what);
  std::abort();
}

using Rapdu = std::array<std::uint8_t, kMaxRapdu>;

// ISO/IEC 7816-4 §5.1.3: SW1 is '6X' (not '60') or '9X'.
std::uint16_t status_word(std::size_t n, const Rapdu& out) {
  if (n < 2 || n > kMaxRapdu) fail("an R-APDU without a status word");
  const std::uint8_t sw1 = out[n - 2];
  if (sw1 == 0x60 || ((sw1 & 0xF0) != 0x60 && (sw1 & 0xF0) != 0x90)) fail("an SW1 that is no status");
  return static_cast<std::uint16_t>(sw1 << 8 | out[n - 1]);
}

// Normal processing: '9000', or '91XX' with a proactive command pending
// (TS 102 221 §10.2.1.1).
bool normal(std::uint16_t sw) { return sw == 0x9000 || (sw >> 8) == 0x91; }

// After a cold reset: the EID is kept; with an enabled profile, MANAGE
// CHANNEL opens a channel (TS 102 221 §11.1.17), the ISD-R is selected on
// it and GET DATA '5A' answers the EID (local_interface.cpp).
void check_working(euicc::Euicc& e) {
  if (e.eid() != kEid) fail("the EID changed");
  if (e.powered()) e.power_off();
  e.power_on();
  if (!e.enabled_card()) return;
  Rapdu out;
  const Bytes open = from_hex("0070000001");
  std::size_t n = e.transmit(open, out);
  if (!normal(status_word(n, out)) || n != 3 || out[0] == 0 || out[0] > 19) fail("MANAGE CHANNEL refused after a reset");
  const std::uint8_t channel = out[0];
  // TS 102 221 §10.1.1: channels 1-3 in the first interindustry class, 4-19 in the further one.
  const std::uint8_t cla = channel < 4 ? channel : static_cast<std::uint8_t>(0x40 | (channel - 4));
  Bytes select = {cla, 0xA4, 0x04, 0x00, static_cast<std::uint8_t>(kIsdRAid.size() / 2)};
  const Bytes aid = from_hex(kIsdRAid);
  select.insert(select.end(), aid.begin(), aid.end());
  n = e.transmit(select, out);
  if (!normal(status_word(n, out))) fail("SELECT of the ISD-R refused after a reset");
  const Bytes get_eid = {static_cast<std::uint8_t>(cla | 0x80), 0xCA, 0x00, 0x5A, 0x00};
  n = e.transmit(get_eid, out);
  if (!normal(status_word(n, out))) fail("GET DATA EID refused after a reset");
  const Bytes want = from_hex("5A10" + kEid);
  if (n != want.size() + 2 || !std::equal(want.begin(), want.end(), out.begin())) fail("GET DATA EID gave another EID");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  euicc::Euicc& e = factory_euicc();
  static const Bytes factory_state = e.save_state();
  if (e.powered()) e.power_off();
  e.restore_state(factory_state);
  e.power_on();
  const std::uint8_t flags = data[0];
  if (flags & 0x0F) e.platform().nvm().arm_power_loss(flags & 0x0F);
  Rapdu out;
  std::size_t at = 1;
  for (std::size_t apdus = 0; at < size && apdus < kMaxApdus; ++apdus) {
    const std::size_t len = std::min<std::size_t>(data[at], size - at - 1);
    const ByteView apdu(data + at + 1, len);
    at += 1 + len;
    try {
      if (len == 0) {
        if (e.powered()) e.power_off();
        e.power_on();
        continue;
      }
      status_word(e.transmit(apdu, out), out);
    } catch (const PowerLoss&) {
      e.power_on();  // the eUICC recovers at its next power-on
    }
  }
  e.platform().nvm().arm_power_loss(0);
  check_working(e);
  return 0;
}
