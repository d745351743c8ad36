// The GSM SIM side of the composite card (CLA 'A0', 3GPP TS 51.011 §9.2):
// SELECT and its response layout for DFs and EFs (§9.2.1, access condition
// nibbles §9.3), STATUS, READ/UPDATE BINARY and RECORD with their '94XX' /
// '98XX' errors, INVALIDATE / REHABILITATE, and GET RESPONSE without data.
#include <memory>
#include <vector>

#include "card_fixture.hpp"

namespace test_uicc_gsm_files {

using cardcore::testing::CardTest;
using cardcore::testing::hex16;
using cardcore::testing::hex8;
using cardcore::testing::upper_hex;
using namespace cardcore;

// A small card with a cyclic EF below the MF, for the GSM record modes.
constexpr const char* kCyclicProfile = R"(
[profile]
name = gsm-cyclic
atr = 3B 9F 96 80 1F C7 80 31 A0 73 FE 21 13 67 43 20 07 18 00 00 01 E5

[auth]
k = 465b5ce8b199b49faa5f0a2ee238a6bc
opc = cd63cb71954a9f4e48a5994e37a02baf

[pin ADM1]
key_ref = 0A
value = 88888888
can_disable = no

[file MF]
path = 3F00
structure = df
arr = 2F06#2

[file EF.ARR]
path = 3F00/2F06
structure = linear_fixed
record_length = 16
records = 2
arr = 2F06#1
# 1: read and update always; deactivate, activate ADM1
record 1 = 80 01 03 90 00 80 01 18 A4 06 83 01 0A 95 01 08
record 2 = 80 01 7F A4 06 83 01 0A 95 01 08

[file EF.CYC]
path = 3F00/2F10
structure = cyclic
record_length = 3
records = 4
arr = 2F06#1
record 1 = 01 01 01
record 2 = 02 02 02
record 3 = 03 03 03
record 4 = 04 04 04
)";

std::shared_ptr<const ProfileTemplate> cyclic_profile() {
  static auto p = std::make_shared<const ProfileTemplate>(parse_profile(kCyclicProfile, "gsm-cyclic"));
  return p;
}

struct Step {
  std::string apdu;
  std::string want;
};

struct Scenario {
  const char* what;
  std::vector<std::string> setup;  // each answers '9000' or '9FXX'
  std::vector<Step> steps;
};

class GsmFiles : public CardTest {
 protected:
  void use(std::shared_ptr<const ProfileTemplate> p) {
    card = Uicc(std::move(p));
    card.power_on();
  }
  // SELECT (§9.2.1): '9FXX', then GET RESPONSE with XX (§9.2.18). Returns
  // the response bytes; empty if the SELECT failed (its SW in `sw_out`).
  Bytes gsm_select(const std::string& fid, std::string* sw_out = nullptr) {
    const std::string r = send("A0A4000002" + fid);
    if (sw_out) *sw_out = r;
    if (r.size() != 4 || r.substr(0, 2) != "9F") return {};
    const Bytes g = card.transmit(from_hex("A0C00000" + r.substr(2, 2)));
    EXPECT_EQ(be16(g.data() + g.size() - 2), sw::kOk);
    EXPECT_EQ(g.size() - 2, std::stoul(r.substr(2, 2), nullptr, 16));
    return Bytes(g.begin(), g.end() - 2);
  }
  std::string adm() const { return upper_hex(card.profile().find_pin(key_ref::kAdm1)->value); }
  void run_scenarios(const std::vector<Scenario>& rows, std::shared_ptr<const ProfileTemplate> p) {
    for (const Scenario& s : rows) {
      SCOPED_TRACE(s.what);
      use(p);
      for (const std::string& a : s.setup) {
        const std::string r = send(a);
        ASSERT_TRUE(r == "9000" || (r.size() == 4 && r.substr(0, 2) == "9F")) << a << " -> " << r;
      }
      for (std::size_t i = 0; i < s.steps.size(); ++i) {
        SCOPED_TRACE("step " + std::to_string(i + 1) + ": " + s.steps[i].apdu);
        EXPECT_EQ(send(s.steps[i].apdu), s.steps[i].want);
      }
    }
  }
};

const std::string kImsi = "084906401032547698";

// §9.2.1 for the MF and DFs: bytes 5-6 FID, 7 type ('01' MF, '02' DF), 13
// the length of the GSM data, 14 file characteristics (b8: CHV1 disabled),
// 15-16 DFs and EFs below, 17 the number of CHVs, UNBLOCK CHVs and
// administrative codes, 19-22 the CHV1 / UNBLOCK CHV1 / CHV2 / UNBLOCK CHV2
// status (b8 initialised, b4-b1 tries left).
TEST_F(GsmFiles, SelectResponseOfDirectories) {
  const ProfileTemplate& prof = card.profile();
  const PinSpec* pin1 = prof.find_pin(key_ref::kPin1);
  const PinSpec* pin2 = prof.find_pin(key_ref::kPin2);
  ASSERT_TRUE(pin1 && pin2);
  struct Row {
    const char* what;
    std::vector<std::string> path;  // SELECTs in order; the last one is checked
    std::uint8_t type;
    std::uint8_t dfs, efs;
  };
  const std::vector<Row> rows = {
      {"MF", {"3F00"}, 0x01, 4, 4},              // DF.TELECOM, DF.GSM, DF.OTA, DF.GP; EF.ARR, ICCID, DIR, PL
      {"DF.GSM", {"7F20"}, 0x02, 0, 12},
      {"DF.TELECOM", {"7F10"}, 0x02, 0, 4},  // EF.SMS, SMSP, MSISDN, SMSS
      {"DF.TELECOM from DF.GSM", {"7F20", "7F10"}, 0x02, 0, 4},
      {"the MF from DF.GSM", {"7F20", "3F00"}, 0x01, 4, 4},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.what);
    use(cardcore::testing::domestic_profile());
    Bytes r;
    for (const std::string& fid : row.path) r = gsm_select(fid);
    ASSERT_EQ(r.size(), 23u) << upper_hex(r);
    EXPECT_EQ(upper_hex(ByteView(r).subspan(4, 2)), row.path.back());
    EXPECT_EQ(r[6], row.type);
    EXPECT_EQ(r[12], 10);                  // bytes 14..23
    EXPECT_EQ(r[13] & 0x80, 0x80);         // CHV1 disabled as shipped
    EXPECT_EQ(r[13] & 0x01, 0x01);         // clock stop allowed
    EXPECT_EQ(r[14], row.dfs);
    EXPECT_EQ(r[15], row.efs);
    EXPECT_EQ(r[16], 5);                   // CHV1, UNBLOCK CHV1, CHV2, UNBLOCK CHV2, ADM1
    EXPECT_EQ(r[18], 0x80 | pin1->max_tries);
    EXPECT_EQ(r[19], 0x80 | pin1->puk_max_tries);
    EXPECT_EQ(r[20], 0x80 | pin2->max_tries);
    EXPECT_EQ(r[21], 0x80 | pin2->puk_max_tries);
  }
}

// The CHV status bytes follow the retry counters; byte 14 b8 follows the
// CHV1 enable state.
TEST_F(GsmFiles, ChvStatusInTheDirectoryResponse) {
  const PinSpec* pin2 = card.profile().find_pin(key_ref::kPin2);
  ASSERT_NE(pin2, nullptr);
  EXPECT_EQ(send("A020000208" "39393939FFFFFFFF"), "9804");  // wrong CHV2
  Bytes r = gsm_select("7F20");
  ASSERT_EQ(r.size(), 23u);
  EXPECT_EQ(r[20], 0x80 | (pin2->max_tries - 1));
  EXPECT_EQ(send("A020000208" + upper_hex(pin2->value)), "9000");
  r = gsm_select("7F20");
  ASSERT_EQ(r.size(), 23u);
  EXPECT_EQ(r[20], 0x80 | pin2->max_tries);
  // ENABLE CHV1 (§9.2.12): byte 14 b8 goes to 0.
  const PinSpec* pin1 = card.profile().find_pin(key_ref::kPin1);
  ASSERT_EQ(send("A028000108" + upper_hex(pin1->value)), "9000");
  r = gsm_select("7F20");
  ASSERT_EQ(r.size(), 23u);
  EXPECT_EQ(r[13] & 0x80, 0x00);
  ASSERT_EQ(send("A026000108" + upper_hex(pin1->value)), "9000");  // DISABLE CHV1 again
  r = gsm_select("3F00");
  ASSERT_EQ(r.size(), 23u);
  EXPECT_EQ(r[13] & 0x80, 0x80);
}

// §9.2.1 for an EF: bytes 3-4 size, 5-6 FID, 7 '04', 9-11 the access
// conditions (§9.3: READ|UPDATE, INCREASE|RFU, REHABILITATE|INVALIDATE;
// ALW 0, CHV1 1, CHV2 2, ADM 4..E, NEV F), 12 status (b1: not invalidated),
// 13 the length of what follows, 14 the structure, 15 the record length.
TEST_F(GsmFiles, SelectResponseOfElementaryFiles) {
  struct Row {
    const char* what;
    std::vector<std::string> path;
    std::string size, fid;
    std::uint8_t read_update, rehab_invalidate;
    std::uint8_t structure, record_length;
  };
  const std::vector<Row> rows = {
      {"EF.IMSI: read CHV1, update ADM", {"7F20", "6F07"}, "0009", "6F07", 0x1A, 0xAA, 0x00, 0},
      {"EF.SPN: read ALW, update ADM", {"7F20", "6F46"}, "0011", "6F46", 0x0A, 0xAA, 0x00, 0},
      {"EF.PLMNsel: read and update CHV1", {"7F20", "6F30"}, "0018", "6F30", 0x11, 0xAA, 0x00, 0},
      {"EF.LOCI", {"7F20", "6F7E"}, "000B", "6F7E", 0x11, 0xAA, 0x00, 0},
      {"EF.SST", {"7F20", "6F38"}, "000A", "6F38", 0x1A, 0xAA, 0x00, 0},
      {"EF.SMS: linear fixed 176 x 10", {"7F10", "6F3C"}, "06E0", "6F3C", 0x11, 0xAA, 0x01, 176},
      {"EF.SMSP: linear fixed 28 x 2", {"7F10", "6F42"}, "0038", "6F42", 0x11, 0xAA, 0x01, 28},
      {"EF.ICCID: update NEV", {"2FE2"}, "000A", "2FE2", 0x0F, 0xAA, 0x00, 0},
      {"EF.DIR", {"2F00"}, "004C", "2F00", 0x0A, 0xAA, 0x01, 38},
      {"EF.IMSI after EF.SPN (a sibling EF)", {"7F20", "6F46", "6F07"}, "0009", "6F07", 0x1A, 0xAA, 0x00, 0},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.what);
    use(cardcore::testing::domestic_profile());
    Bytes r;
    for (const std::string& fid : row.path) r = gsm_select(fid);
    ASSERT_EQ(r.size(), 15u) << upper_hex(r);
    EXPECT_EQ(upper_hex(ByteView(r).subspan(2, 2)), row.size);
    EXPECT_EQ(upper_hex(ByteView(r).subspan(4, 2)), row.fid);
    EXPECT_EQ(r[6], 0x04);
    EXPECT_EQ(r[8], row.read_update);
    EXPECT_EQ(r[9] >> 4, 0x0F);  // INCREASE: never on these files
    EXPECT_EQ(r[10], row.rehab_invalidate);
    EXPECT_EQ(r[11] & 0x01, 0x01);
    EXPECT_EQ(r[12], 2);
    EXPECT_EQ(r[13], row.structure);
    EXPECT_EQ(r[14], row.record_length);
  }
  // A cyclic EF: structure '03'.
  use(cyclic_profile());
  const Bytes r = gsm_select("2F10");
  ASSERT_EQ(r.size(), 15u);
  EXPECT_EQ(upper_hex(ByteView(r).subspan(2, 2)), "000C");
  EXPECT_EQ(r[8], 0x00);  // read and update always
  EXPECT_EQ(r[13], 0x03);
  EXPECT_EQ(r[14], 3);
}

// §9.2.1 / the selection rules: the MF, the current DF, its parent, its
// children and sibling DFs; not the ADF, nor an EF of another DF.
TEST_F(GsmFiles, SelectErrors) {
  const std::vector<Scenario> rows = {
      {"unknown FID", {}, {{"A0A40000021234", "9404"}}},
      {"the ADF is no SIM file", {}, {{"A0A40000027FF0", "9404"}, {"A0A40000027FFF", "9404"}}},
      {"EF of a sibling DF", {"A0A40000027F20"}, {{"A0A40000026F3C", "9404"}}},
      {"EF of the parent", {"A0A40000027F20"}, {{"A0A40000022FE2", "9404"}}},
      {"EF of a child DF from the MF", {}, {{"A0A40000026F07", "9404"}}},
      {"P1 or P2 not 00", {}, {{"A0A40100023F00", "6B00"}, {"A0A40004023F00", "6B00"}}},
      {"P3 not 2", {}, {{"A0A40000013F", "6700"}, {"A0A40000033F0000", "6700"}, {"A0A4000000", "6700"}}},
      {"a failed SELECT keeps the current EF",
       {"A0A40000027F20", "A0A40000026F07"},
       {{"A0A40000026F3C", "9404"}, {"A0B0000009", kImsi + "9000"}}},
      {"unknown instruction", {}, {{"A0FE000000", "6D00"}}},
  };
  run_scenarios(rows, cardcore::testing::domestic_profile());
}

// §9.2.2: STATUS gives the response of the current directory, whatever EF is
// selected; its length is P3.
TEST_F(GsmFiles, Status) {
  const Bytes df = gsm_select("7F20");
  ASSERT_EQ(df.size(), 23u);
  EXPECT_EQ(send("A0F2000017"), upper_hex(df) + "9000");
  gsm_select("6F07");
  EXPECT_EQ(send("A0F2000017"), upper_hex(df) + "9000");
  EXPECT_EQ(send("A0F200000D"), upper_hex(ByteView(df).first(13)) + "9000");
  EXPECT_EQ(send("A0F2000020"), "6717");  // more than there is: '67XX' with the length (§9.4.6)
  EXPECT_EQ(send("A0F2010017"), "6B00");
  const Bytes mf = gsm_select("3F00");
  EXPECT_EQ(send("A0F2000017"), upper_hex(mf) + "9000");
}

// §9.2.18: GET RESPONSE only after a command that left data ('9FXX').
TEST_F(GsmFiles, GetResponse) {
  EXPECT_EQ(send("A0C0000017"), "6F00");  // nothing pending after power-up
  ASSERT_EQ(send("A0A40000023F00"), "9F17");
  EXPECT_EQ(send("A0C0000020"), "6717");  // more than there is: the right length
  EXPECT_EQ(send("A0C0000017").size(), 2 * 23u + 4);
  EXPECT_EQ(send("A0C0000017"), "6F00");  // already fetched
  ASSERT_EQ(send("A0A40000027F20"), "9F17");
  ASSERT_EQ(send("A0B0000001"), "9400");  // another command drops the data
  EXPECT_EQ(send("A0C0000017"), "6F00");
  ASSERT_EQ(send("A0A40000023F00"), "9F17");
  EXPECT_EQ(send("A0C0010017"), "6B00");
  // A UICC command's data is not the GSM application's.
  ASSERT_EQ(send("00A40004023F00").substr(0, 2), "61");
  EXPECT_EQ(send("A0C0000010"), "6F00");
}

// §9.2.3-4 with the errors of §9.4.4-5.
TEST_F(GsmFiles, ReadAndUpdateBinary) {
  const std::vector<Scenario> rows = {
      {"EF.IMSI",
       {"A0A40000027F20", "A0A40000026F07"},
       {{"A0B0000009", kImsi + "9000"}, {"A0B0000304", "401032549000"}, {"A0B0000801", "989000"}}},
      {"out of range",
       {"A0A40000027F20", "A0A40000026F07"},
       {{"A0B000000A", "9402"}, {"A0B0000901", "9402"}, {"A0B0000100", "9402"}, {"A0B0010001", "9402"}}},
      {"no EF selected", {"A0A40000027F20"}, {{"A0B0000001", "9400"}, {"A0D6000001AA", "9400"}}},
      {"no EF after power-up", {}, {{"A0B0000001", "9400"}}},
      {"record EF", {"A0A40000027F10", "A0A40000026F42"}, {{"A0B0000001", "9408"}, {"A0D6000001AA", "9408"}}},
      {"update EF.IMSI needs ADM", {"A0A40000027F20", "A0A40000026F07"}, {{"A0D6000001AA", "9804"}}},
      {"update EF.ICCID never", {"A0A40000022FE2"}, {{"A0D6000001AA", "9804"}}},
      {"update EF.PLMNsel with CHV1 disabled",
       {"A0A40000027F20", "A0A40000026F30"},
       {{"A0D6000003640F40", "9000"}, {"A0B0000004", "640F40FF9000"}, {"A0D6001601AA", "9000"},
        {"A0D6001702AABB", "9402"}}},
      {"wrong P3 form", {"A0A40000027F20", "A0A40000026F30"}, {{"A0B00000", "6700"}, {"A0D6000000", "6700"}}},
  };
  run_scenarios(rows, cardcore::testing::domestic_profile());
}

// UPDATE BINARY with ADM1 verified on the UICC side: the GSM EF.IMSI shares
// its body with the USIM's, so both applications see the new IMSI.
TEST_F(GsmFiles, UpdateOfALinkedFileIsSeenByTheUsim) {
  ASSERT_EQ(send("0020000A08" + adm()), "9000");
  gsm_select("7F20");
  gsm_select("6F07");
  EXPECT_EQ(send("A0D6000009" "084906401032547618"), "9000");
  EXPECT_EQ(send("A0B0000009"), "084906401032547618" "9000");
  ASSERT_EQ(send(std::string("00A4040C07") + cardcore::testing::kUsimAidPrefix), "9000");
  EXPECT_EQ(send("00B0870009"), "084906401032547618" "9000");
  card.power_on();
  gsm_select("7F20");
  gsm_select("6F07");
  EXPECT_EQ(send("A0B0000009"), "084906401032547618" "9000");
  EXPECT_EQ(send("A0D6000001AA"), "9804");  // ADM1 is gone after the reset
}

// §9.2.5-6 on EF.SMSP of DF.TELECOM (linear fixed, 2 x 28): ABSOLUTE,
// NEXT, PREVIOUS; P3 must be the record length; the ends of the file.
TEST_F(GsmFiles, ReadAndUpdateRecord) {
  const std::string smsp1 = "FD" + std::string(24, 'F') + "0891683108100005F0" + std::string(12, 'F');
  const std::string ff(56, 'F'), a(56, 'A');
  const std::vector<std::string> to_smsp = {"A0A40000027F10", "A0A40000026F42"};
  const std::vector<Scenario> rows = {
      {"absolute", to_smsp, {{"A0B201041C", smsp1 + "9000"}, {"A0B202041C", ff + "9000"}, {"A0B203041C", "9402"}}},
      {"current without a pointer", to_smsp, {{"A0B200041C", "9402"}}},
      {"next and previous",
       to_smsp,
       {{"A0B200021C", smsp1 + "9000"},
        {"A0B200021C", ff + "9000"},
        {"A0B200021C", "9402"},  // past the end: the pointer stays on 2
        {"A0B200041C", ff + "9000"},
        {"A0B200031C", smsp1 + "9000"},
        {"A0B200031C", "9402"},
        {"A0B200041C", smsp1 + "9000"}}},
      {"previous without a pointer: the last record", to_smsp, {{"A0B200031C", ff + "9000"}}},
      {"absolute does not move the pointer",
       to_smsp,
       {{"A0B200021C", smsp1 + "9000"}, {"A0B202041C", ff + "9000"}, {"A0B200041C", smsp1 + "9000"}}},
      {"P3 other than the record length",
       to_smsp,
       {{"A0B2010410", "6700"}, {"A0B2010400", "6700"}, {"A0DC010401AA", "6700"}}},
      {"modes", to_smsp, {{"A0B201051C", "6B00"}, {"A0B201001C", "6B00"}, {"A0B201011C", "6B00"}}},
      {"update absolute, next, previous",
       to_smsp,
       {{"A0DC02041C" + a, "9000"},
        {"A0B202041C", a + "9000"},
        {"A0DC00021C" + ff, "9000"},  // record 1
        {"A0DC00021C" + ff, "9000"},  // record 2
        {"A0DC00021C" + a, "9402"},
        {"A0B202041C", ff + "9000"},
        {"A0DC00031C" + a, "9000"},  // record 1
        {"A0B201041C", a + "9000"}}},
      {"transparent EF", {"A0A40000027F20", "A0A40000026F07"}, {{"A0B2010409", "9408"}}},
      {"no EF", {"A0A40000027F10"}, {{"A0B201041C", "9400"}}},
      {"EF.DIR: update needs ADM", {"A0A40000022F00"}, {{"A0DC010426" + std::string(76, '0'), "9804"}}},
  };
  run_scenarios(rows, cardcore::testing::domestic_profile());
}

TEST_F(GsmFiles, CyclicRecords) {
  const std::vector<Scenario> rows = {
      {"next wraps",
       {"A0A40000022F10"},
       {{"A0B2000203", "0101019000"},
        {"A0B2000203", "0202029000"},
        {"A0B2000203", "0303039000"},
        {"A0B2000203", "0404049000"},
        {"A0B2000203", "0101019000"}}},
      {"previous starts at the last and wraps",
       {"A0A40000022F10"},
       {{"A0B2000303", "0404049000"}, {"A0B2000303", "0303039000"}, {"A0B2010403", "0101019000"},
        {"A0B2000303", "0202029000"}, {"A0B2000303", "0101019000"}, {"A0B2000303", "0404049000"}}},
      {"update in previous mode: the oldest becomes record 1",
       {"A0A40000022F10"},
       {{"A0DC000303AABBCC", "9000"},
        {"A0B2000403", "AABBCC9000"},
        {"A0B2020403", "0101019000"},
        {"A0B2040403", "0303039000"},
        {"A0B2000203", "0101019000"}}},
      {"other update modes refused",
       {"A0A40000022F10"},
       {{"A0DC010403AABBCC", "6B00"}, {"A0DC000203AABBCC", "6B00"}, {"A0B2010403", "0101019000"}}},
  };
  run_scenarios(rows, cyclic_profile());
  // The order survives a reset.
  use(cyclic_profile());
  gsm_select("2F10");
  ASSERT_EQ(send("A0DC000303AABBCC"), "9000");
  card.power_on();
  gsm_select("2F10");
  EXPECT_EQ(send("A0B2010403"), "AABBCC9000");
  EXPECT_EQ(send("A0B2040403"), "0303039000");
}

// §9.2.7-8: INVALIDATE / REHABILITATE need their access condition (ADM
// here); an invalidated EF refuses READ and UPDATE with '9810' and shows
// byte 12 b1 = 0 in its SELECT response. The state is kept in NVM, and the
// UICC side sees the same file deactivated.
TEST_F(GsmFiles, InvalidateAndRehabilitate) {
  gsm_select("7F20");
  gsm_select("6F46");  // EF.SPN: read always
  EXPECT_EQ(send("A0040000"), "9804");
  ASSERT_EQ(send("0020000A08" + adm()), "9000");
  EXPECT_EQ(send("A0040000"), "9000");
  EXPECT_EQ(send("A0B0000001"), "9810");
  EXPECT_EQ(send("A0D6000001AA"), "9810");
  Bytes r = gsm_select("6F46");
  ASSERT_EQ(r.size(), 15u);
  EXPECT_EQ(r[11] & 0x01, 0x00);
  EXPECT_EQ(send("00A40804047F206F46"), "6283");  // the UICC's view: deactivated
  card.power_on();
  gsm_select("7F20");
  r = gsm_select("6F46");
  ASSERT_EQ(r.size(), 15u);
  EXPECT_EQ(r[11] & 0x01, 0x00);
  EXPECT_EQ(send("A0B0000001"), "9810");
  EXPECT_EQ(send("A0440000"), "9804");
  ASSERT_EQ(send("0020000A08" + adm()), "9000");
  EXPECT_EQ(send("A0440000"), "9000");
  EXPECT_EQ(send("A0B0000001"), "019000");
  r = gsm_select("6F46");
  ASSERT_EQ(r.size(), 15u);
  EXPECT_EQ(r[11] & 0x01, 0x01);
  EXPECT_EQ(send("A0A40000027F20"), "9F17");
  EXPECT_EQ(send("A0040000"), "9400");  // no EF selected
  EXPECT_EQ(send("A004000000"), "9400");  // P3 '00' is the T=0 form of the same
}

// Records on an invalidated EF: '9810' for READ and UPDATE RECORD.
TEST_F(GsmFiles, InvalidatedRecordFile) {
  ASSERT_EQ(send("0020000A08" + adm()), "9000");
  gsm_select("7F10");
  gsm_select("6F42");
  ASSERT_EQ(send("A0040000"), "9000");
  EXPECT_EQ(send("A0B201041C"), "9810");
  EXPECT_EQ(send("A0DC01041C" + std::string(56, 'A')), "9810");
  ASSERT_EQ(send("A0440000"), "9000");
  EXPECT_EQ(send("A0B202041C"), std::string(56, 'F') + "9000");
}

}  // namespace test_uicc_gsm_files
