// The EF commands of TS 102 221 §11.1: READ/UPDATE BINARY (§11.1.3-4),
// READ/UPDATE RECORD (§11.1.5-6), SEARCH RECORD (§11.1.7) and DEACTIVATE /
// ACTIVATE FILE (§11.1.14-15), on the domestic profile and on a small inline
// profile with a cyclic EF and a linear fixed EF made for searching.
#include <memory>
#include <optional>
#include <vector>

#include "card_fixture.hpp"
#include "cardcore/fs/access_rule.hpp"
#include "profile_paths.hpp"

namespace test_uicc_binary_record {

using namespace cardcore;
using cardcore::testing::CardTest;
using cardcore::testing::hex16;
using cardcore::testing::hex8;
using cardcore::testing::upper_hex;
using cardcore::testing::kUsimAidPrefix;

const std::string kToUsim = std::string("00A4040C07") + kUsimAidPrefix;

// A card with what the domestic profile lacks: a cyclic EF (SFI 10) and a
// linear fixed EF (SFI 11) whose records are made for SEARCH RECORD, both
// readable and updatable always; deactivation and activation with ADM1.
constexpr const char* kTestProfile = R"(
[profile]
name = fs-test
atr = 3B 9F 96 80 1F C7 80 31 A0 73 FE 21 13 67 43 20 07 18 00 00 01 E5

[auth]
k = 465b5ce8b199b49faa5f0a2ee238a6bc
opc = cd63cb71954a9f4e48a5994e37a02baf

[pin PIN1]
key_ref = 01
value = 1234
enabled = no

[pin ADM1]
key_ref = 0A
value = 88888888
can_disable = no

[file MF]
path = 3F00
structure = df
arr = 2F06#3

[file EF.ARR]
path = 3F00/2F06
structure = linear_fixed
record_length = 32
records = 3
arr = 2F06#1
# 1: read always; update, deactivate, activate ADM1
record 1 = 80 01 01 90 00 80 01 1A A4 06 83 01 0A 95 01 08
# 2: read and update always; deactivate, activate ADM1
record 2 = 80 01 03 90 00 80 01 18 A4 06 83 01 0A 95 01 08
# 3: a DF
record 3 = 80 01 7F A4 06 83 01 0A 95 01 08

[file EF.CYC]
path = 3F00/2F10
structure = cyclic
record_length = 3
records = 4
sfi = 10
arr = 2F06#2
# record 1 is the newest, record 4 the oldest
record 1 = 01 01 01
record 2 = 02 02 02
record 3 = 03 03 03
record 4 = 04 04 04

[file EF.LIN]
path = 3F00/2F11
structure = linear_fixed
record_length = 6
records = 5
sfi = 11
arr = 2F06#2
# "ABCDEF", "XABYZZ", "ABC" 00 00 00, then bytes without 41 42 43
record 1 = 41 42 43 44 45 46
record 2 = 58 41 42 59 5A 5A
record 3 = 41 42 43 00 00 00
record 4 = 10 20 30 40 FF FF
record 5 = FF FF FF FF FF FF

[file EF.BIN]
path = 3F00/2F12
structure = transparent
size = 8
sfi = 12
arr = 2F06#2
data = 00 11 22 33 44 55 66 77
)";

std::shared_ptr<const ProfileTemplate> test_profile() {
  static auto p = std::make_shared<const ProfileTemplate>(parse_profile(kTestProfile, "fs-test"));
  return p;
}

// One command and the whole answer it must give (data and status word, hex).
struct Step {
  std::string apdu;
  std::string want;
};

class FileCommands : public CardTest {
 protected:
  void use(std::shared_ptr<const ProfileTemplate> p) {
    card = Uicc(std::move(p));
    card.power_on();
  }
  std::string adm() const { return upper_hex(card.profile().find_pin(key_ref::kAdm1)->value); }
  std::string verify_adm() { return send("0020000A08" + adm()); }
  // Runs steps in order, each with its own trace line.
  void run(const std::vector<Step>& steps) {
    for (std::size_t i = 0; i < steps.size(); ++i) {
      SCOPED_TRACE("step " + std::to_string(i + 1) + ": " + steps[i].apdu);
      EXPECT_EQ(send(steps[i].apdu), steps[i].want);
    }
  }
};

// A table row: where to start (commands that must answer '9000'), then the
// steps.
struct Scenario {
  const char* what;
  std::vector<std::string> setup;
  std::vector<Step> steps;
};

const std::string kImsi = "084906401032547698";  // EF.IMSI of the unpersonalized card

// ---------------------------------------------------------------- binary

// §11.1.3: offsets (P1 b8 = 0: 15 bits), SFI addressing (P1 b8 = 1, P2 the
// offset, and the EF becomes current), offsets past the end, Le.
TEST_F(FileCommands, ReadBinary) {
  const std::vector<Scenario> rows = {
      {"EF.IMSI whole", {kToUsim, "00A4000C026F07"}, {{"00B0000009", kImsi + "9000"}}},
      {"EF.IMSI offset 3",
       {kToUsim, "00A4000C026F07"},
       {{"00B0000304", "401032549000"}, {"00B0000801", "989000"}, {"00B0000001", "089000"}}},
      {"offset at the end and beyond",
       {kToUsim, "00A4000C026F07"},
       {{"00B0000901", "6B00"}, {"00B0010001", "6B00"}, {"00B07FFF01", "6B00"}}},
      {"Le past the end: 6C with what is left",
       {kToUsim, "00A4000C026F07"},
       {{"00B0000509", "6C04"}, {"00B0000500", "6C04"}, {"00B0000504", "325476989000"}}},
      {"SFI 07 from the ADF, then the EF is current",
       {kToUsim},
       {{"00B0870009", kImsi + "9000"}, {"00B0000201", "069000"}}},
      {"SFI with an offset", {kToUsim}, {{"00B0870702", "76989000"}}},
      {"SFI of the MF's EF.ICCID from the MF", {}, {{"00B082000A", "98684001024200000011" "9000"}}},
      {"SFI of another DF's EF", {}, {{"00B0870001", "6A82"}, {"00B0000001", "6986"}}},
      {"SFI that no EF has", {kToUsim}, {{"00B09D0001", "6A82"}}},
      {"SFI makes a record EF current: wrong structure", {kToUsim}, {{"00B0810001", "6981"}}},
      {"a record EF", {kToUsim, "00A4000C026FB7"}, {{"00B0000004", "6981"}}},
      {"no EF after power-up", {}, {{"00B0000001", "6986"}}},
      {"no EF after selecting a DF", {kToUsim, "00A4000C026F07", "00A4000C025F3B"}, {{"00B0000001", "6986"}}},
      {"read needs PIN1 once it is enabled",
       {kToUsim, "0028000108" "31323334FFFFFFFF", "00A4000C026F07"},
       {{"00B0000009", kImsi + "9000"}}},  // ENABLE verifies PIN1 for this session
      {"case 3 is no READ BINARY", {kToUsim, "00A4000C026F07"}, {{"00B000000100", "6700"}}},
  };
  for (const Scenario& s : rows) {
    SCOPED_TRACE(s.what);
    use(cardcore::testing::domestic_profile());
    for (const std::string& a : s.setup) ASSERT_EQ(send(a), "9000") << a;
    run(s.steps);
  }
}

TEST_F(FileCommands, ReadNeedsPin1WhenEnabledAfterReset) {
  select_usim();
  ASSERT_EQ(send("0028000108" "31323334FFFFFFFF"), "9000");  // ENABLE PIN1
  card.power_on();
  select_usim();
  ASSERT_EQ(send("00A4000C026F07"), "9000");
  EXPECT_EQ(send("00B0000009"), "6982");       // §9.2.4: PIN1 not verified
  EXPECT_EQ(send("00B0870009"), "6982");       // by SFI as well
  ASSERT_EQ(send("0020000108" "31323334FFFFFFFF"), "9000");
  EXPECT_EQ(send("00B0000009"), kImsi + "9000");
  EXPECT_EQ(send("0028000108" "31323334FFFFFFFF"), "6985");  // already enabled
  ASSERT_EQ(send("0026000108" "31323334FFFFFFFF"), "9000");  // back to the shipped state
}

// §11.1.4: writes, offsets, overflow, structure, access conditions.
TEST_F(FileCommands, UpdateBinary) {
  const std::vector<Scenario> rows = {
      {"EF.LOCI (update PIN1, disabled): write and read back",
       {kToUsim, "00A4000C026F7E"},
       {{"00D6000004A1A2A3A4", "9000"},
        {"00B000000B", "A1A2A3A464F0400000FF01" "9000"},
        {"00D6000A0102", "9000"},
        {"00B0000A01", "029000"}}},
      {"overflow: offset + length past the end",
       {kToUsim, "00A4000C026F7E"},
       {{"00D6000804AABBCCDD", "6700"}, {"00D6000A02AABB", "6700"}, {"00B000000B", "FFFFFFFF64F0400000FF01" "9000"}}},
      {"offset at the end", {kToUsim, "00A4000C026F7E"}, {{"00D6000B01AA", "6B00"}}},
      {"by SFI 0B, which becomes current",
       {kToUsim},
       {{"00D68B0202C1C2", "9000"}, {"00B0000004", "FFFFC1C29000"}}},
      {"EF.IMSI needs ADM1", {kToUsim, "00A4000C026F07"}, {{"00D6000001AA", "6982"}, {"00B0000009", kImsi + "9000"}}},
      {"EF.ICCID: update never", {}, {{"00D6820001AA", "6982"}}},
      {"record EF", {kToUsim, "00A4000C026FB7"}, {{"00D6000001AA", "6981"}}},
      {"no EF", {kToUsim}, {{"00D6000001AA", "6986"}}},
      {"no data", {kToUsim, "00A4000C026F7E"}, {{"00D6000000", "6700"}, {"00D60000", "6700"}}},
  };
  for (const Scenario& s : rows) {
    SCOPED_TRACE(s.what);
    use(cardcore::testing::domestic_profile());
    for (const std::string& a : s.setup) ASSERT_EQ(send(a), "9000") << a;
    run(s.steps);
  }
}

// §9.2.4 / EF.ARR record 1 of the ADF: EF.IMSI is updated with ADM1; the
// grant lasts until the next reset, the data is kept.
TEST_F(FileCommands, AdmVerificationGrantsUpdate) {
  select_usim();
  ASSERT_EQ(send("00A4000C026F07"), "9000");
  EXPECT_EQ(send("00D6000009" "084906401032547618"), "6982");
  EXPECT_EQ(send("0020000A08" "3131313131313131").substr(0, 3), "63C");  // a wrong ADM
  EXPECT_EQ(send("00D6000009" "084906401032547618"), "6982");
  ASSERT_EQ(verify_adm(), "9000");
  EXPECT_EQ(send("00D6000009" "084906401032547618"), "9000");
  EXPECT_EQ(send("00B0000009"), "084906401032547618" "9000");
  // EF.ICCID stays "never", ADM1 or not.
  EXPECT_EQ(send("00A4000C023F00"), "9000");
  EXPECT_EQ(send("00D6820001AA"), "6982");
  card.power_on();
  select_usim();
  EXPECT_EQ(send("00B0870009"), "084906401032547618" "9000");
  EXPECT_EQ(send("00D6000001AA"), "6982");  // ADM1 is not verified after the reset
}

// ---------------------------------------------------------------- records

// §11.1.5 on EF.ECC (linear fixed, 5 records of 4 bytes, SFI 01): ABSOLUTE
// and CURRENT leave the record pointer alone, NEXT and PREVIOUS move it and
// stop at the ends of a linear fixed file ('6A83', pointer unchanged).
TEST_F(FileCommands, ReadRecordLinearFixed) {
  const std::string r1 = "11F0FF01", r2 = "11F9FF04", r3 = "21F0FF02", r4 = "11F2FF00", r5 = "21F2FF01";
  const std::vector<Scenario> rows = {
      {"absolute",
       {kToUsim, "00A4000C026FB7"},
       {{"00B2010404", r1 + "9000"}, {"00B2050404", r5 + "9000"}, {"00B2060404", "6A83"}, {"00B2FF0404", "6A83"}}},
      {"current without a record pointer", {kToUsim, "00A4000C026FB7"}, {{"00B2000404", "6A83"}}},
      {"next and previous",
       {kToUsim, "00A4000C026FB7"},
       {{"00B2000204", r1 + "9000"},
        {"00B2000204", r2 + "9000"},
        {"00B2000404", r2 + "9000"},  // current
        {"00B2050404", r5 + "9000"},  // absolute: pointer stays on 2
        {"00B2000204", r3 + "9000"},
        {"00B2000304", r2 + "9000"},
        {"00B2000304", r1 + "9000"},
        {"00B2000304", "6A83"},       // before the first record
        {"00B2000404", r1 + "9000"}}},
      {"next to the end",
       {kToUsim, "00A4000C026FB7"},
       {{"00B2000204", r1 + "9000"},
        {"00B2000204", r2 + "9000"},
        {"00B2000204", r3 + "9000"},
        {"00B2000204", r4 + "9000"},
        {"00B2000204", r5 + "9000"},
        {"00B2000204", "6A83"},       // past the last record
        {"00B2000404", r5 + "9000"}}},
      {"previous without a pointer reads the last record",
       {kToUsim, "00A4000C026FB7"},
       {{"00B2000304", r5 + "9000"}, {"00B2000304", r4 + "9000"}}},
      {"SFI 01 in P2 from the ADF, and the EF becomes current",
       {kToUsim},
       {{"00B2030C04", r3 + "9000"}, {"00B2000404", "6A83"}, {"00B2000204", r1 + "9000"}, {"00B2010404", r1 + "9000"}}},
      {"SFI in P2 with NEXT",
       {kToUsim},
       {{"00B2000A04", r1 + "9000"}, {"00B2000A04", r2 + "9000"}}},  // SFI 01, mode 02
      {"a reselection forgets the record pointer",
       {kToUsim, "00A4000C026FB7"},
       {{"00B2000204", r1 + "9000"}, {"00A4000C026FB7", "9000"}, {"00B2000404", "6A83"}}},
      {"Le other than the record length: 6C with the length",
       {kToUsim, "00A4000C026FB7"},
       {{"00B2010400", "6C04"}, {"00B2010402", "6C04"}, {"00B2010405", "6C04"}}},
      {"modes other than 02, 03, 04",
       {kToUsim, "00A4000C026FB7"},
       {{"00B2010004", "6A86"}, {"00B2010104", "6A86"}, {"00B2010504", "6A86"}, {"00B2010704", "6A86"}}},
      {"transparent EF", {kToUsim, "00A4000C026F07"}, {{"00B2010409", "6981"}}},
      {"SFI of a transparent EF", {kToUsim}, {{"00B2013C04", "6981"}}},  // SFI 07 = EF.IMSI
      {"SFI that no EF has", {kToUsim}, {{"00B201EC04", "6A82"}}},       // SFI 1D
      {"no EF", {kToUsim}, {{"00B2010404", "6986"}}},
  };
  for (const Scenario& s : rows) {
    SCOPED_TRACE(s.what);
    use(cardcore::testing::domestic_profile());
    for (const std::string& a : s.setup) ASSERT_EQ(send(a), "9000") << a;
    run(s.steps);
  }
}

// §11.1.6 on EF.SMSP (2 records of 28 bytes, update PIN1 — disabled) and
// EF.ECC (update ADM1).
TEST_F(FileCommands, UpdateRecordLinearFixed) {
  const std::string a(56, 'A'), b(56, 'B'), c(56, 'C');
  // Record 1 as the profile gives it, padded with 'FF' to 28 bytes.
  const std::string smsp1 = "FD" + std::string(24, 'F') + "0891683108100005F0" + std::string(12, 'F');
  const std::vector<Scenario> rows = {
      {"absolute",
       {kToUsim, "00A4000C026F42"},
       {{"00DC02041C" + a, "9000"}, {"00B202041C", a + "9000"}, {"00B201041C", smsp1 + "9000"}}},
      {"next and previous move the pointer",
       {kToUsim, "00A4000C026F42"},
       {{"00DC00021C" + a, "9000"},   // record 1
        {"00DC00021C" + b, "9000"},   // record 2
        {"00DC00021C" + c, "6A83"},   // no record 3: nothing written
        {"00DC00031C" + c, "9000"},   // record 1
        {"00B201041C", c + "9000"},
        {"00B202041C", b + "9000"},
        {"00B200041C", c + "9000"}}},
      {"previous without a pointer updates the last record",
       {kToUsim, "00A4000C026F42"},
       {{"00DC00031C" + a, "9000"}, {"00B202041C", a + "9000"}, {"00B200041C", a + "9000"}}},
      {"current without a pointer", {kToUsim, "00A4000C026F42"}, {{"00DC00041C" + a, "6A83"}}},
      {"record 3 does not exist", {kToUsim, "00A4000C026F42"}, {{"00DC03041C" + a, "6A83"}}},
      {"wrong length",
       {kToUsim, "00A4000C026F42"},
       {{"00DC01041B" + a.substr(2), "6700"}, {"00DC01041D" + a + "AA", "6700"}, {"00B201041C", smsp1 + "9000"}}},
      {"EF.ECC needs ADM1", {kToUsim, "00A4000C026FB7"}, {{"00DC010404AABBCCDD", "6982"}}},
      {"transparent EF", {kToUsim, "00A4000C026F07"}, {{"00DC010409" + kImsi, "6981"}}},
      {"no EF", {kToUsim}, {{"00DC010404AABBCCDD", "6986"}}},
      {"by SFI 01 after ADM1", {kToUsim, "0020000A08" "3838383838383838"},
       {{"00DC050C0499F9FF00", "9000"}, {"00B2050404", "99F9FF00" "9000"}}},
  };
  for (const Scenario& s : rows) {
    SCOPED_TRACE(s.what);
    use(cardcore::testing::domestic_profile());
    for (const std::string& x : s.setup) ASSERT_EQ(send(x), "9000") << x;
    run(s.steps);
  }
}

TEST_F(FileCommands, RecordsPersistAcrossPowerOn) {
  select_usim();
  ASSERT_EQ(send("00A4000C026F42"), "9000");
  const std::string rec(56, '5');
  ASSERT_EQ(send("00DC02041C" + rec), "9000");
  card.power_on();
  select_usim();
  EXPECT_EQ(send("00A4000C026F42"), "9000");
  EXPECT_EQ(send("00B202041C"), rec + "9000");
  EXPECT_EQ(send("00B200041C"), "6A83");  // the record pointer does not survive a reset
}

// §11.1.5-6 on a cyclic EF: record 1 is the newest; NEXT and PREVIOUS wrap
// around; UPDATE only in PREVIOUS mode, which writes over the oldest record
// and makes it record 1 (§8.2.3).
TEST_F(FileCommands, CyclicFile) {
  const std::vector<Scenario> rows = {
      {"absolute",
       {"00A4000C022F10"},
       {{"00B2010403", "0101019000"}, {"00B2040403", "0404049000"}, {"00B2050403", "6A83"}}},
      {"next wraps to the first record",
       {"00A4000C022F10"},
       {{"00B2000203", "0101019000"},
        {"00B2000203", "0202029000"},
        {"00B2000203", "0303039000"},
        {"00B2000203", "0404049000"},
        {"00B2000203", "0101019000"}}},
      {"previous starts at the oldest and wraps to the last",
       {"00A4000C022F10"},
       {{"00B2000303", "0404049000"},
        {"00B2000303", "0303039000"},
        {"00B2000303", "0202029000"},
        {"00B2000303", "0101019000"},
        {"00B2000303", "0404049000"}}},
      {"by SFI 10", {}, {{"00B2028403", "0202029000"}}},
      {"update in previous mode",
       {"00A4000C022F10"},
       {{"00DC000303AABBCC", "9000"},
        {"00B2000403", "AABBCC9000"},  // the record pointer is on the new record 1
        {"00B2010403", "AABBCC9000"},
        {"00B2020403", "0101019000"},
        {"00B2030403", "0202029000"},
        {"00B2040403", "0303039000"},  // 04 04 04 was the oldest: gone
        {"00B2000203", "0101019000"}}},
      {"other modes refused",
       {"00A4000C022F10"},
       {{"00DC010403AABBCC", "6A86"},
        {"00DC000403AABBCC", "6A86"},
        {"00DC000203AABBCC", "6A86"},
        {"00DC010303AABBCC", "6A86"},  // PREVIOUS with a record number
        {"00B2010403", "0101019000"}}},
      {"update by SFI", {}, {{"00DC008303DDEEFF", "9000"}, {"00B2010403", "DDEEFF9000"}}},
      {"wrong length", {"00A4000C022F10"}, {{"00DC000302AABB", "6700"}, {"00DC000304AABBCCDD", "6700"}}},
  };
  for (const Scenario& s : rows) {
    SCOPED_TRACE(s.what);
    use(test_profile());
    for (const std::string& a : s.setup) ASSERT_EQ(send(a), "9000") << a;
    run(s.steps);
  }
}

// Five updates go once round the four slots; the order survives resets.
TEST_F(FileCommands, CyclicFileKeepsItsOrderAcrossPowerOn) {
  use(test_profile());
  std::vector<std::string> newest_first = {"010101", "020202", "030303", "040404"};
  for (int i = 0; i < 6; ++i) {
    SCOPED_TRACE("update " + std::to_string(i + 1));
    char rec[7];
    std::snprintf(rec, sizeof rec, "A%X%02X00", i, i);
    ASSERT_EQ(send("00A4000C022F10"), "9000");
    ASSERT_EQ(send("00DC000303" + std::string(rec)), "9000");
    newest_first.insert(newest_first.begin(), rec);
    newest_first.pop_back();
    card.power_on();
    ASSERT_EQ(send("00A4000C022F10"), "9000");
    for (std::size_t n = 1; n <= 4; ++n) {
      char apdu[11];
      std::snprintf(apdu, sizeof apdu, "00B2%02zX0403", n);
      EXPECT_EQ(send(apdu), newest_first[n - 1] + "9000") << "record " << n;
    }
  }
}

// ---------------------------------------------------------------- search

// §11.1.7 on EF.LIN: simple search ('04' forward / '05' backward from P1) and
// enhanced search ('06', Table 11.13 indication byte): the record numbers
// found, and the record pointer on the first of them.
TEST_F(FileCommands, SearchRecord) {
  const std::string abcdef = "414243444546", xabyzz = "584142595A5A", abc000 = "414243000000";
  const std::vector<Scenario> rows = {
      {"simple forward from record 1",
       {"00A4000C022F11"},
       {{"00A2010403414243", "6102"}, {"00C0000002", "01039000"}, {"00B2000406", abcdef + "9000"}}},
      {"simple forward from record 2: the pointer goes to the first found",
       {"00A4000C022F11"},
       {{"00A2020403414243", "6101"}, {"00C0000001", "039000"}, {"00B2000406", abc000 + "9000"}}},
      {"simple backward from record 5",
       {"00A4000C022F11"},
       {{"00A2050503414243", "6102"}, {"00C0000002", "03019000"}, {"00B2000406", abc000 + "9000"}}},
      {"simple with Le (case 4)",
       {"00A4000C022F11"},
       {{"00A201040341424300", "6102"}, {"00C0000002", "01039000"}}},
      {"simple forward from the current record (P1 00)",
       {"00A4000C022F11", "00B2000206", "00B2000206"},  // pointer on record 2
       {{"00A2000403414243", "6101"}, {"00C0000001", "039000"}}},
      {"simple, no pointer, P1 00: from the first record",
       {"00A4000C022F11"},
       {{"00A2000403414243", "6102"}, {"00C0000002", "01039000"}}},
      {"not found: the pointer stays",
       {"00A4000C022F11", "00B2000206"},
       {{"00A2010403777777", "6A83"}, {"00B2000406", abcdef + "9000"}}},
      {"whole record", {"00A4000C022F11"}, {{"00A2010406584142595A5A", "6101"}, {"00C0000001", "029000"}}},
      {"by SFI 11 in P2",
       {},
       {{"00A2018C03414243", "6102"}, {"00C0000002", "01039000"}, {"00B2000406", abcdef + "9000"}}},
      {"enhanced, forward from P1, from offset 1",
       {"00A4000C022F11"},
       {{"00A2010604" "04014142", "6101"}, {"00C0000001", "029000"}, {"00B2000406", xabyzz + "9000"}}},
      {"enhanced, forward from P1, from offset 2",
       {"00A4000C022F11"},
       {{"00A2010605" "0402434445", "6101"}, {"00C0000001", "019000"}}},
      {"enhanced, after the first occurrence of a value",
       {"00A4000C022F11"},
       {{"00A2010604" "0C584142", "6101"}, {"00C0000001", "029000"}}},
      {"enhanced, the value is nowhere",
       {"00A4000C022F11"},
       {{"00A2010604" "0C774142", "6A83"}}},
      {"enhanced, backward from P1",
       {"00A4000C022F11"},
       {{"00A2050605" "0500414243", "6102"}, {"00C0000002", "03019000"}, {"00B2000406", abc000 + "9000"}}},
      {"enhanced, forward from the record after the pointer",
       {"00A4000C022F11", "00B2000206"},  // pointer on record 1
       {{"00A2000605" "0600414243", "6101"}, {"00C0000001", "039000"}}},
      {"enhanced, backward from the record before the pointer",
       {"00A4000C022F11", "00B2000206", "00B2000206", "00B2000206", "00B2000206"},  // pointer on 4
       {{"00A2000605" "0700414243", "6102"}, {"00C0000002", "03019000"}}},
      {"enhanced, not found", {"00A4000C022F11"}, {{"00A2010605" "0400999999", "6A83"}}},
      {"pattern longer than a record", {"00A4000C022F11"}, {{"00A2010407414243444546FF", "6700"}}},
      {"enhanced without a pattern", {"00A4000C022F11"}, {{"00A20106020400", "6700"}}},
      {"P1 past the last record", {"00A4000C022F11"}, {{"00A2060403414243", "6A83"}}},
      {"reserved search types",
       {"00A4000C022F11"},
       {{"00A2010003414243", "6A86"}, {"00A2010703414243", "6A86"}}},
      {"no data", {"00A4000C022F11"}, {{"00A2010400", "6700"}}},
      {"transparent EF", {"00A4000C022F12"}, {{"00A2010401FF", "6981"}}},
      {"no EF", {}, {{"00A2010401FF", "6986"}}},
  };
  for (const Scenario& s : rows) {
    SCOPED_TRACE(s.what);
    use(test_profile());
    for (const std::string& a : s.setup) {
      const std::string r = send(a);
      ASSERT_EQ(r.substr(r.size() - 4), "9000") << a;
    }
    run(s.steps);
  }
}

// SEARCH RECORD needs the READ access condition (§11.1.7.1): EF.SMS of the
// domestic profile is read with PIN1, which is disabled when shipped.
TEST_F(FileCommands, SearchRecordOnTheDomesticCard) {
  select_usim();
  ASSERT_EQ(send("00A4000C026F3C"), "9000");
  // Every SMS record is free (status 00): all ten are found.
  EXPECT_EQ(send("00A201040100"), "610A");
  EXPECT_EQ(send("00C000000A"), "0102030405060708090A9000");
  ASSERT_EQ(send("0028000108" "31323334FFFFFFFF"), "9000");  // ENABLE PIN1 (and verified)
  card.power_on();
  select_usim();
  ASSERT_EQ(send("00A4000C026F3C"), "9000");
  EXPECT_EQ(send("00A201040100"), "6982");
  ASSERT_EQ(send("0026000108" "31323334FFFFFFFF"), "9000");
}

// ---------------------------------------------------------------- life cycle

// §11.1.14-15: DEACTIVATE / ACTIVATE FILE need their access condition (ADM1
// for EF.IMSI, EF.ARR record 1 of the ADF); a deactivated EF is still
// selected, with '6283', and refuses READ and UPDATE with '6984'; the state
// is kept in NVM.
TEST_F(FileCommands, DeactivateAndActivate) {
  select_usim();
  ASSERT_EQ(send("00A4000C026F07"), "9000");
  EXPECT_EQ(send("00040000"), "6982");
  EXPECT_EQ(send("0004000002" "6F07"), "6982");
  EXPECT_EQ(send("00B0000009"), kImsi + "9000");
  ASSERT_EQ(verify_adm(), "9000");
  EXPECT_EQ(send("00040000"), "9000");  // the current EF
  run({{"00B0000009", "6984"},
       {"00B0870009", "6984"},
       {"00D6000001AA", "6984"},
       {"00A4000C026F07", "6283"},
       {"00A40804047FFF6F07", "6283"}});
  // The FCP of a deactivated file: after the warning, GET RESPONSE has it.
  EXPECT_EQ(send("00A40004026F07"), "6283");
  const std::string probe = send("00C0000000");
  ASSERT_EQ(probe.substr(0, 2), "6C");
  const std::string fcp = send("00C00000" + probe.substr(2, 2));
  EXPECT_NE(fcp.find("8A0104"), std::string::npos) << fcp;  // LCSI '04': deactivated (§11.1.1.4.9)
  EXPECT_EQ(fcp.substr(fcp.size() - 4), "9000");

  // Kept across a reset, where ADM1 is gone again.
  card.power_on();
  select_usim();
  run({{"00A4000C026F07", "6283"}, {"00B0000009", "6984"}, {"00440000", "6982"}});
  ASSERT_EQ(verify_adm(), "9000");
  EXPECT_EQ(send("00440000"), "9000");
  run({{"00B0000009", kImsi + "9000"}, {"00A4000C026F07", "9000"}});
  card.power_on();
  select_usim();
  run({{"00A4000C026F07", "9000"}, {"00B0000009", kImsi + "9000"}});
}

TEST_F(FileCommands, DeactivateByFileIdAndErrors) {
  select_usim();
  ASSERT_EQ(verify_adm(), "9000");
  const std::vector<Step> steps = {
      {"0004000002" "6FB7", "9000"},  // EF.ECC by FID: it becomes the current EF
      {"00B2010404", "6984"},
      {"00A2010401" "11", "6984"},
      {"00DC010404" "11F0FF01", "6984"},
      {"00A4000C026FB7", "6283"},
      {"0004000002" "2FE2", "6A82"},   // not a child of the current DF
      {"0004000001" "6F", "6700"},
      {"0004000003" "6F0700", "6700"},
      {"00040001", "6A86"},
      {"00040100", "6A86"},
      {"0004000000", "9000"},          // T=0 case 1 (P3 '00'): the current EF again
      {"0044000002" "6FB7", "9000"},
      {"00B2010404", "11F0FF01" "9000"},
      {"00440001", "6A86"},
  };
  run(steps);
  // On the test card: a record EF and SEARCH / the cyclic EF.
  use(test_profile());
  ASSERT_EQ(verify_adm(), "9000");
  run({{"0004000002" "2F10", "9000"},
       {"00B2010403", "6984"},
       {"00DC000303AABBCC", "6984"},
       {"00A4000C022F10", "6283"},
       {"00440000", "9000"},
       {"00B2010403", "0101019000"}});
}

// Without ADM1 a file can neither be deactivated nor activated, also when the
// rule grants READ and UPDATE to everybody (EF.ARR record 2 of the test card).
TEST_F(FileCommands, LifeCycleAccessIsSeparateFromReadAndUpdate) {
  use(test_profile());
  ASSERT_EQ(send("00A4000C022F12"), "9000");
  EXPECT_EQ(send("00D6000001EE"), "9000");
  EXPECT_EQ(send("00040000"), "6982");
  ASSERT_EQ(verify_adm(), "9000");
  EXPECT_EQ(send("00040000"), "9000");
  card.power_on();
  ASSERT_EQ(send("00A4000C022F12"), "6283");
  EXPECT_EQ(send("00440000"), "6982");
  EXPECT_EQ(send("00B0000008"), "6984");
}

// Every EF of the domestic profile: its EF.ARR rule gives DEACTIVATE and
// ACTIVATE to ADM1 only (records 1-5 and 7 of both EF.ARRs, AM '18').
// Deactivated, the EF is selected with '6283' and refuses READ with '6984';
// activated, it reads again (the OTA key sets and counters and the
// GlobalPlatform files, read never under record 7, refuse it again with
// '6982').
TEST_F(FileCommands, EveryEfDeactivatesAndActivatesWithAdm1) {
  const ProfileTemplate& prof = card.profile();
  int checked = 0;
  for (std::uint32_t i = 0; i < prof.files.size(); ++i) {
    const FileNode& f = prof.files[i];
    if (f.is_df()) continue;
    SCOPED_TRACE(prof.qualified_name(i));
    use(cardcore::testing::domestic_profile());
    // The path from the MF, 7FFF for the ADF (selected by its AID first).
    std::string path;
    bool in_adf = false;
    for (std::uint32_t p = i; p != 0; p = prof.files[p].parent) {
      const bool adf = prof.files[p].type == FileType::ADF;
      in_adf = in_adf || adf;
      path = hex16(adf ? 0x7FFF : prof.files[p].fid) + path;
    }
    const std::string select = "00A4080C" + hex8(static_cast<unsigned>(path.size() / 2)) + path;
    if (in_adf) select_usim();
    ASSERT_EQ(send(select), "9000");
    // A READ of the first bytes or of the first record.
    const std::string read = f.structure == EfStructure::Transparent
                                 ? "00B00000" + hex8(std::min<unsigned>(f.size, 255))
                                 : "00B20104" + hex8(f.record_length);
    const std::string before = send(read);
    const bool secret = (prof.ota && (i == prof.ota->keys || i == prof.ota->counters)) || prof.files[i].arr.record == 7;
    EXPECT_EQ(before.substr(before.size() - 4), secret ? "6982" : "9000");
    EXPECT_EQ(send("00040000"), "6982");
    ASSERT_EQ(verify_adm(), "9000");
    EXPECT_EQ(send("00040000"), "9000");
    EXPECT_EQ(send(select), "6283");
    EXPECT_EQ(send(read), "6984");
    card.power_on();
    if (in_adf) select_usim();
    EXPECT_EQ(send(select), "6283");
    EXPECT_EQ(send("00440000"), "6982");
    ASSERT_EQ(verify_adm(), "9000");
    EXPECT_EQ(send("00440000"), "9000");
    EXPECT_EQ(send(select), "9000");
    EXPECT_EQ(send(read), before);
    ++checked;
  }
  EXPECT_GT(checked, 40);
}

// The card's security promise "no file read or update without its access
// condition" (docs/RELIABILITY.md), for every EF of the domestic profile, in
// two security states (at power-on, where a disabled PIN counts as
// satisfied, TS 102 221 §9.5.1; and with ADM1 verified): READ and UPDATE
// (BINARY or RECORD, TS 102 221 §11.1.3-6), INCREASE of a cyclic EF,
// DEACTIVATE and ACTIVATE succeed exactly when the file's access rule, read
// from its EF.ARR record by the commands a terminal would send, allows them
// (fs/access_rule.hpp's access_allowed and command_allowed as the oracle),
// and answer '6982' otherwise. A fresh card for each file and state.
TEST_F(FileCommands, EveryEfIsReadAndUpdatedExactlyAsItsAccessRuleAllows) {
  const ProfileTemplate& prof = card.profile();
  // The SELECT by path from the MF (the ADF selected by its AID first).
  auto select = [&](std::uint32_t i) {
    if (cardcore::testing::in_adf(prof, i)) select_usim();
    return send(cardcore::testing::select_by_path_apdu(prof, i));
  };
  auto arr_of = [&](std::uint32_t i) { return cardcore::testing::arr_file_of(prof, i); };
  int checked = 0;
  for (std::uint32_t i = 0; i < prof.files.size(); ++i) {
    const FileNode& f = prof.files[i];
    if (f.is_df() || f.arr.record == 0) continue;
    SCOPED_TRACE(prof.qualified_name(i));
    const std::optional<std::uint32_t> arr = arr_of(i);
    ASSERT_TRUE(arr);
    for (const bool adm1 : {false, true}) {
      SCOPED_TRACE(adm1 ? "ADM1 verified" : "at power-on");
      use(cardcore::testing::domestic_profile());
      // The rule, as a terminal reads it.
      ASSERT_EQ(select(*arr), "9000");
      const std::string record = send("00B2" + hex8(f.arr.record) + "04" + hex8(prof.files[*arr].record_length));
      ASSERT_EQ(record.substr(record.size() - 4), "9000");
      const Bytes rule = from_hex(record.substr(0, record.size() - 4));
      KeySet keys;
      for (const PinSpec& p : prof.pins)
        if (card.pin_disabled(p.key_ref)) keys.set(p.key_ref, true);
      if (adm1) {
        ASSERT_EQ(verify_adm(), "9000");
        keys.set(key_ref::kAdm1, true);
      }
      ASSERT_EQ(select(i), "9000");
      const bool transparent = f.structure == EfStructure::Transparent;
      const unsigned length = transparent ? std::min<unsigned>(f.size, 255) : f.record_length;
      const std::string read = transparent ? "00B00000" + hex8(length) : "00B20104" + hex8(length);
      const std::string answer = send(read);
      EXPECT_EQ(answer.substr(answer.size() - 4), access_allowed(rule, access_mode::kRead, keys) ? "9000" : "6982");
      // UPDATE: zeros over the first bytes or record 1 ("previous" for a
      // cyclic file, the only mode it takes, §11.1.6).
      const std::string header = transparent ? "00D60000" : f.structure == EfStructure::Cyclic ? "00DC0003" : "00DC0104";
      const std::string update = header + hex8(length) + std::string(2 * length, '0');
      EXPECT_EQ(send(update), access_allowed(rule, access_mode::kUpdate, keys) ? "9000" : "6982");
      // The UPDATE may have changed the file (EF.ARR's own rules among
      // them): a fresh card in the same state for the rest.
      use(cardcore::testing::domestic_profile());
      if (adm1) {
        ASSERT_EQ(verify_adm(), "9000");
      }
      ASSERT_EQ(select(i), "9000");
      // INCREASE of a cyclic EF (§11.1.8): its AM bit or an AM_DO naming
      // the instruction; the answer's data waits behind '61xx'.
      if (f.structure == EfStructure::Cyclic) {
        const bool may = access_allowed(rule, access_mode::kIncrease, keys) ||
                         command_allowed(rule, CommandHeader{0x80, 0x32, 0x00, 0x00}, keys);
        EXPECT_EQ(send("803200000101").substr(0, 2), may ? "61" : "69");
      }
      // DEACTIVATE FILE, then ACTIVATE FILE of a deactivated one (§11.1.14-15).
      const bool deactivate = access_allowed(rule, access_mode::kDeactivate, keys);
      EXPECT_EQ(send("00040000"), deactivate ? "9000" : "6982");
      if (deactivate) {
        EXPECT_EQ(send("00440000"), access_allowed(rule, access_mode::kActivate, keys) ? "9000" : "6982");
      }
      ++checked;
    }
  }
  EXPECT_GT(checked, 80);
}

}  // namespace test_uicc_binary_record
