// The shipped campaign scenario end to end through the esimtwin binary: a
// write-card campaign to PSM meters meets its expectations, and a traced
// meter's APDUs show the new IMSI read back from the card after the REFRESH,
// before its new attach; runs the engine cannot checkpoint yet are refused.
#include <gtest/gtest.h>
#include <hdf5.h>

#include <string>
#include <vector>

#include "cardcore/usim/identifiers.hpp"
#include "esimtwin_process.hpp"
#include "twinsim/recorder/column_reader.hpp"

using esimtwin::testing::run_esimtwin;
using esimtwin::testing::temp_path;

namespace {

struct Apdu {
  double t;
  std::uint32_t device;
  std::uint8_t direction;
  std::vector<std::uint8_t> bytes;
};

std::vector<Apdu> read_apdus(const std::string& path) {
  const hid_t f = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  EXPECT_GE(f, 0);
  const hid_t g = H5Gopen2(f, "apdu", H5P_DEFAULT);
  const std::uint64_t n = twinsim::recorder::column_length(g, "t");
  std::vector<double> t(n);
  std::vector<std::uint32_t> device(n);
  std::vector<std::uint8_t> direction(n);
  twinsim::recorder::read_column<double>(g, "t", 0, t);
  twinsim::recorder::read_column<std::uint32_t>(g, "device", 0, device);
  twinsim::recorder::read_column<std::uint8_t>(g, "direction", 0, direction);
  const auto bytes = twinsim::recorder::read_bytes_column(g, "bytes", 0, n);
  H5Gclose(g);
  H5Fclose(f);
  std::vector<Apdu> out;
  for (std::uint64_t i = 0; i < n; ++i) out.push_back({t[i], device[i], direction[i], bytes[i]});
  return out;
}

}  // namespace

TEST(CampaignScenarios, ShippedWriteCardCampaignMeetsItsExpectations) {
  const std::string out = temp_path("ota-renumber.h5");
  const auto r = run_esimtwin("run scenarios/ota-renumber-psm.yaml --no-progress --trace-device 7 -o " + out);
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(r.out.find("FAIL"), std::string::npos) << r.out;
  // Device 7's card: EF.IMSI answered with the old IMSI at power-up and with
  // the campaign's (46008, MSIN 7) after the REFRESH, never the other way round.
  cardcore::Bytes old_imsi = cardcore::encode_imsi("460040000000007");
  cardcore::Bytes new_imsi = cardcore::encode_imsi("460080000000007");
  for (auto* b : {&old_imsi, &new_imsi}) b->insert(b->end(), {0x90, 0x00});
  double old_at = -1, new_at = -1;
  for (const Apdu& a : read_apdus(out)) {
    ASSERT_EQ(a.device, 7u);
    if (a.direction != 1) continue;
    if (a.bytes == old_imsi && old_at < 0) old_at = a.t;
    if (a.bytes == new_imsi && new_at < 0) new_at = a.t;
  }
  EXPECT_GE(old_at, 0);
  EXPECT_GT(new_at, 4 * 3600.0);  // at its periodic TAU, 4 h after it attached
  EXPECT_GT(new_at, old_at);
}

TEST(CampaignScenarios, CheckpointsOfModemRunsAreRefused) {
  const auto r = run_esimtwin("run scenarios/ota-renumber-psm.yaml --no-progress --devices 10 --checkpoint " +
                              temp_path("x.ckpt") + " -o " + temp_path("x.h5"));
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.out.find("checkpoints of runs with device_model modem populations are not supported yet"),
            std::string::npos)
      << r.out;
}
