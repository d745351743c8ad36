// RFM helpers (ETSI TS 102 226 §6): the file commands of TS 102 221 §11.1
// as C-APDUs for remote command scripts, byte for byte.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "cardcore/usim/identifiers.hpp"
#include "cardcore/util/bytes.hpp"
#include "twinmodels/ota/compact_format.hpp"
#include "twinmodels/ota/expanded_script.hpp"
#include "twinmodels/ota/rfm_commands.hpp"

namespace twinmodels::ota {
namespace test_ota_rfm {

using cardcore::from_hex;
using cardcore::to_hex;

std::vector<std::string> hex_all(const std::vector<Bytes>& v) {
  std::vector<std::string> out;
  for (const Bytes& b : v) out.push_back(to_hex(b));
  return out;
}

TEST(OtaRfm, WriteAnImsiIntoEfImsi) {
  // EF.IMSI (TS 31.102 §4.2.2) of the USIM: MF, current ADF, '6F07'.
  const Bytes imsi = cardcore::encode_imsi("001010123456789");
  ASSERT_EQ(to_hex(imsi), "080910101032547698");
  const std::vector<Bytes> cmds = rfm_update_binary(parse_file_path("3F00/7FFF/6F07"), 0, imsi);
  EXPECT_EQ(hex_all(cmds), (std::vector<std::string>{"00a4000c023f00", "00a4000c027fff", "00a4000c026f07",
                                                      "00d6000009080910101032547698"}));
  EXPECT_EQ(to_hex(encode_compact_script(cmds)),
            "00a4000c023f0000a4000c027fff00a4000c026f0700d6000009080910101032547698");
}

TEST(OtaRfm, SelectForms) {
  EXPECT_EQ(to_hex(select_by_fid(0x3F00)), "00a4000c023f00");
  RfmOptions fcp;
  fcp.fcp = true;
  EXPECT_EQ(to_hex(select_by_fid(0x3F00, fcp)), "00a40004023f00");  // pySim's SELECT MF
  fcp.format = ScriptFormat::Expanded;
  EXPECT_EQ(to_hex(select_by_fid(0x3F00, fcp)), "00a40004023f0000");  // case 4 with Le
  RfmOptions gsm;
  gsm.cla = 0xA0;
  gsm.fcp = true;
  EXPECT_EQ(to_hex(select_by_fid(0x7F20, gsm)), "a0a40000027f20");  // TS 51.011 §9.2.1
  EXPECT_EQ(hex_all(rfm_select_path({0x3F00, 0x7F20, 0x6F07}, gsm)),
            (std::vector<std::string>{"a0a40000023f00", "a0a40000027f20", "a0a40000026f07"}));
  EXPECT_THROW(rfm_select_path({}), std::invalid_argument);
}

TEST(OtaRfm, ReadAndUpdateBinary) {
  EXPECT_EQ(to_hex(read_binary(0, 9)), "00b0000009");
  EXPECT_EQ(to_hex(read_binary(0x0102, 256)), "00b0010200");  // Le '00' = 256
  EXPECT_EQ(to_hex(update_binary(0x7FFF, from_hex("ff"))), "00d67fff01ff");
  EXPECT_THROW(read_binary(0, 0), std::invalid_argument);
  EXPECT_THROW(read_binary(0, 257), std::invalid_argument);
  EXPECT_THROW(read_binary(0x7FFF, 2), std::invalid_argument);
  EXPECT_THROW(update_binary(0, {}), std::invalid_argument);
  EXPECT_THROW(update_binary(0, Bytes(256, 0)), std::invalid_argument);
  EXPECT_THROW(update_binary(0x7FFF, from_hex("0102")), std::invalid_argument);

  // Long data go in chunks of 255 at rising offsets.
  const Bytes data(300, 0xAB);
  const std::vector<Bytes> w = rfm_update_binary({0x6F07}, 0x10, data);
  ASSERT_EQ(w.size(), 3u);
  EXPECT_EQ(to_hex(ByteView(w[1]).first(5)), "00d60010ff");
  EXPECT_EQ(to_hex(ByteView(w[2]).first(5)), "00d6010f2d");  // 0x10 + 255, 45 bytes
  EXPECT_EQ(w[2].size(), 5u + 45u);
  const std::vector<Bytes> r = rfm_read_binary({0x6F07}, 0, 300);
  EXPECT_EQ(hex_all(r), (std::vector<std::string>{"00a4000c026f07", "00b0000000", "00b001002c"}));
}

TEST(OtaRfm, Records) {
  EXPECT_EQ(to_hex(read_record(1, 28)), "00b201041c");
  EXPECT_EQ(to_hex(update_record(2, from_hex("0102"))), "00dc0204020102");
  EXPECT_EQ(hex_all(rfm_update_record({0x7FFF, 0x6F42}, 1, from_hex("aa"))),
            (std::vector<std::string>{"00a4000c027fff", "00a4000c026f42", "00dc010401aa"}));
  EXPECT_THROW(read_record(0, 1), std::invalid_argument);
  EXPECT_THROW(update_record(0xFF, from_hex("aa")), std::invalid_argument);
}

TEST(OtaRfm, FilePaths) {
  EXPECT_EQ(parse_file_path("3F00/7FFF/6F07"), (FilePath{0x3F00, 0x7FFF, 0x6F07}));
  EXPECT_EQ(parse_file_path("3f007f206f07"), (FilePath{0x3F00, 0x7F20, 0x6F07}));
  EXPECT_EQ(parse_file_path("6F07"), (FilePath{0x6F07}));
  for (const char* bad : {"", "3F0", "3F00/7F", "3F0/07F20", "3G00", "/"}) {
    SCOPED_TRACE(bad);
    EXPECT_THROW(parse_file_path(bad), std::invalid_argument);
  }
}

TEST(OtaRfm, HelpersFitBothFormats) {
  RfmOptions expanded;
  expanded.format = ScriptFormat::Expanded;
  expanded.fcp = true;
  const std::vector<Bytes> cmds = rfm_read_binary({0x3F00, 0x2FE2}, 0, 10, expanded);
  EXPECT_EQ(hex_all(cmds), (std::vector<std::string>{"00a40004023f0000", "00a40004022fe200", "00b000000a"}));
  EXPECT_NO_THROW(encode_expanded_script(cmds));
  // The case 4 forms with Le are no T=0 TPDUs; the compact ones are.
  EXPECT_THROW(encode_compact_script(cmds), std::invalid_argument);
  EXPECT_NO_THROW(encode_compact_script(rfm_read_binary({0x3F00, 0x2FE2}, 0, 10)));
}

}  // namespace test_ota_rfm
}  // namespace twinmodels::ota
