// The SGP.02 eUICC's card-side costs, per second and core: decoding the
// committed China Mobile profile package (profiles/saip/cmcc-m2m.der),
// installing it (decode, plan, parse the planned profile into a template,
// make and personalize the profile's card: what an eUICC does at the last
// download block when no other card shares the template), and the ECASD's
// half of a scenario #3 key establishment (certificate check, ECDSA verify,
// ECDH, X9.63 KDF, receipt). The bytes one installed profile adds to an
// eUICC are reported as a counter.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <fstream>
#include <iterator>

#include "../tests/card-core/ecasd_pki.hpp"
#include "cardcore/card/uicc.hpp"
#include "cardcore/ecasd/card_key_establishment.hpp"
#include "cardcore/ecasd/offcard_key_establishment.hpp"
#include "cardcore/profile/profile_parser.hpp"
#include "cardcore/saip/install_plan.hpp"
#include "cardcore/saip/profile_package.hpp"

namespace {

using namespace cardcore;

Bytes package() {
  std::ifstream in(ESIMTWIN_SOURCE_DIR "/profiles/saip/cmcc-m2m.der", std::ios::binary);
  return Bytes(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

void BM_PackageDecode(benchmark::State& state) {
  const Bytes der = package();
  for (auto _ : state) {
    saip::ProfilePackage p = saip::decode_package(der);
    benchmark::DoNotOptimize(p.elements.data());
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(der.size()));
}
BENCHMARK(BM_PackageDecode);

void BM_PackageInstall(benchmark::State& state) {
  const Bytes der = package();
  std::size_t bytes = 0;
  for (auto _ : state) {
    const saip::InstallPlan plan = saip::plan_install(saip::decode_package(der));
    auto t = std::make_shared<const ProfileTemplate>(parse_profile(plan.profile_text, "bench"));
    Uicc card(t);
    card.personalize(plan.personalization);
    bytes = card.state_bytes();
    benchmark::DoNotOptimize(bytes);
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["profile_card_bytes"] = static_cast<double>(bytes);
}
BENCHMARK(BM_PackageInstall)->Unit(benchmark::kMicrosecond);

// The baseline of the same run: the eUICC's path when another card already
// shares the planned template (download.cpp's cache): only the card is
// made and personalized.
void BM_PackageInstallSharedTemplate(benchmark::State& state) {
  const saip::InstallPlan plan = saip::plan_install(saip::decode_package(package()));
  const auto t = std::make_shared<const ProfileTemplate>(parse_profile(plan.profile_text, "bench"));
  for (auto _ : state) {
    Uicc card(t);
    card.personalize(plan.personalization);
    benchmark::DoNotOptimize(card.state_bytes());
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_PackageInstallSharedTemplate)->Unit(benchmark::kMicrosecond);

void BM_EcasdKeyEstablishmentCardSide(benchmark::State& state) {
  const ecasd::testing::Pki pki = ecasd::testing::make_pki();
  ecasd::KeyAgreementCrt crt;
  const Bytes rc(16, 0x11), dr(16, 0x22);
  ecasd::OffCardKeyEstablishment oce({pki.smdp.certificate, pki.smdp.key, pki.euicc.certificate.public_key,
                                      ecasd::private_key_from_seed(ecasd::Curve::NistP256, ecasd::testing::seed("bench")), crt,
                                      std::nullopt});
  const Bytes c1 = oce.certificate_command_data();
  Bytes answer1(2 + rc.size(), 0x85);  // '85' 10 RC
  answer1[1] = 0x10;
  std::copy(rc.begin(), rc.end(), answer1.begin() + 2);
  const Bytes c2 = *oce.key_agreement_command_data(answer1).value;
  const ecasd::CardKeyEstablishmentConfig config{pki.ci.certificate.public_key, pki.ci.certificate.subject_identifier,
                                                 pki.euicc.key, ecasd::OffCardEntityType::SmDp,
                                                 ecasd::CertificateDate{2024, 6, 1}, std::nullopt};
  for (auto _ : state) {
    ecasd::CardKeyEstablishment card(config);
    if (!card.process_certificate(c1, rc).ok()) state.SkipWithError("certificate refused");
    const auto r = card.process_key_agreement(c2, dr);
    if (!r.ok()) state.SkipWithError("key agreement refused");
    benchmark::DoNotOptimize(r.value->keys.enc.data());
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_EcasdKeyEstablishmentCardSide)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
