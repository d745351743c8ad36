// The access sweep of a downloaded profile (SGP.02 §3.1: the SM-DP's
// profile package, profiles/saip/cmcc-m2m.der in the TCA format, installed
// into a new ISD-P in its SCP03 session, then enabled): every EF of the
// profile, at power-on (its PIN1 enabled, not verified), with PIN1, PIN2 or
// ADM1 verified, is read and updated, deactivated and activated exactly
// when its rule allows it, '69 82' otherwise. The rule is the package's:
// the record of the package's EF.ARR (PE-MF's or PE-USIM's fillFileContent)
// that the terminal reads through the eUICC, each checked equal to it, and
// decoded by arr_oracle.hpp. The sweeps are euicc_sweep_fixture.hpp's.
#include <memory>
#include <string>
#include <vector>

#include "euicc_sweep_fixture.hpp"
#include "example_packages.hpp"

namespace test_euicc_downloaded_profile_access_sweep {

using cardcore::testing::aid_tlv;
using cardcore::testing::expanded_answer;
using cardcore::testing::kIsdP3;
using cardcore::testing::kTarIsdP3;
using cardcore::testing::package_blocks;
using cardcore::testing::package_file;
using cardcore::testing::store_data;
using cardcore::testing::upper_hex;
using namespace cardcore;
namespace ex = esimtwin::saip_examples;

// The records of an EF.ARR as a package's File fills it (PEDefinitions
// File: fillFileOffset moves on, fillFileContent writes there and moves
// past it; nothing else is written, 'FF'), split by the record length of
// its file descriptor (TS 102 221 §11.1.1.4.3, bytes 3-4).
std::vector<Bytes> records_of(const saip::File& file) {
  const saip::Fcp* fcp = file.fcp();
  if (!fcp || !fcp->file_descriptor || fcp->file_descriptor->size() != 4 || !fcp->ef_file_size) return {};
  const Bytes& fd = *fcp->file_descriptor;
  const std::size_t length = static_cast<std::size_t>(fd[2] << 8 | fd[3]);
  std::size_t size = 0;
  for (const std::uint8_t b : *fcp->ef_file_size) size = size << 8 | b;
  if (length == 0) return {};
  Bytes body(size, 0xFF);
  std::size_t at = 0;
  for (const saip::FileElement& el : file.elements) {
    if (const auto* o = std::get_if<saip::FillFileOffset>(&el)) at += o->offset;
    if (const auto* c = std::get_if<saip::FillFileContent>(&el)) {
      for (const std::uint8_t b : c->content)
        if (at < body.size()) body[at++] = b;
    }
  }
  std::vector<Bytes> out;
  for (std::size_t r = 0; r + length <= body.size(); r += length) {
    const ByteView record = ByteView(body).subspan(r, length);
    out.emplace_back(record.begin(), record.end());
  }
  return out;
}

class DownloadedProfileAccessSweep : public cardcore::testing::EuiccSweepCard {
 protected:
  // The profile package downloaded as the SM-DP runs it (EuiccDownload):
  // CreateISDP and the key establishment, the package in STORE DATA blocks
  // in the ISD-P's SCP03 session, EnableProfile and the REFRESH; the swept
  // template is the installed one. Returns that eUICC's state, powered off.
  Bytes downloaded_and_enabled() {
    const gp::scp03::StaticKeys keys = prepare_isdp3();
    const std::vector<std::string> blocks = package_blocks(package_file("cmcc-m2m.der"));
    EXPECT_EQ(isdp_session(kTarIsdP3, keys, blocks), std::vector<std::string>(blocks.size(), "9000"));
    EXPECT_EQ(es5_one(store_data(euicc::dgi::kEnableProfile, aid_tlv(kIsdP3))), expanded_answer({"9000"}));
    refresh_and_restart(last_sw);
    EXPECT_EQ(upper_hex(e.enabled_isdp()), kIsdP3);
    if (e.enabled_card()) swept = std::make_shared<const ProfileTemplate>(e.enabled_card()->profile());
    e.power_off();
    return e.save_state();
  }

  // The rule the package gives EF `i`: the record of PE-MF's EF.ARR (2F06)
  // or of PE-USIM's (6F06, in the ADF) that the file's EF.ARR is. The one
  // the terminal read through the eUICC (`read`) must be that record.
  Bytes package_rule(std::uint32_t i, const Bytes& read) {
    const std::uint32_t arr = *arr_of(i);
    const bool usim = cardcore::testing::in_adf(prof(), arr);
    const saip::FileSystemPe* pe = package.file_system(usim ? saip::FileSystemKind::Usim : saip::FileSystemKind::Mf);
    if (!pe || !pe->file("ef-arr")) {
      ADD_FAILURE() << "the package has no EF.ARR for " << prof().qualified_name(arr);
      return {};
    }
    const std::vector<Bytes> records = records_of(*pe->file("ef-arr"));
    const unsigned record = prof().files[i].arr.record;
    if (record == 0 || record > records.size()) {
      ADD_FAILURE() << "the package's EF.ARR has no record " << record;
      return {};
    }
    EXPECT_EQ(upper_hex(read), upper_hex(records[record - 1])) << "EF.ARR record " << record;
    return records[record - 1];
  }
  RuleOf package_rules() {
    return [this](std::uint32_t i, const Bytes& read) { return package_rule(i, read); };
  }

  // The states swept: at power-on (the package's PINs start enabled),
  // PIN1, PIN2 and ADM1 verified.
  const std::vector<Verified> states = {{}, {key_ref::kPin1}, {key_ref::kPin2}, {key_ref::kAdm1}};
  // The package as profiles/saip/cmcc-m2m.der encodes it (its definition;
  // SaipInstall.CommittedFilesAreTheGeneratorOutputAndInstall checks the file).
  const saip::ProfilePackage package = ex::cmcc_m2m(ex::cmcc_m2m_subscription());
};

TEST_F(DownloadedProfileAccessSweep, EveryEfOfTheDownloadedProfileIsReadAndUpdatedExactlyAsThePackagesRuleAllows) {
  const Bytes saved = downloaded_and_enabled();
  ASSERT_FALSE(HasFailure());
  ASSERT_NE(swept, cardcore::testing::domestic_profile());
  int allowed = 0, refused = 0;
  sweep_read_update(saved, states, allowed, refused, package_rules());
  EXPECT_GT(allowed, 70);
  EXPECT_GT(refused, 110);
}

// DEACTIVATE FILE, then ACTIVATE FILE of the deactivated EF (TS 102 221
// §11.1.14-15: AM b4, b5), in the same four states. (INCREASE is left out:
// the package has no cyclic EF.)
TEST_F(DownloadedProfileAccessSweep, EveryEfOfTheDownloadedProfileIsDeactivatedAndActivatedAsThePackagesRuleAllows) {
  const Bytes saved = downloaded_and_enabled();
  ASSERT_FALSE(HasFailure());
  int deactivated = 0, activated = 0, refused = 0;
  sweep_deactivate_activate(saved, states, deactivated, activated, refused, package_rules());
  EXPECT_GT(deactivated, 20);
  EXPECT_GT(activated, 20);
  EXPECT_GT(refused, 60);
}

}  // namespace test_euicc_downloaded_profile_access_sweep
