// SELECT (TS 102 221 §11.1.1) and the selection rules of §8.4.1 on the
// domestic profile: by FID from the MF, a DF and the ADF; child DF, parent,
// AID (full, truncated, termination), paths from the MF and the current DF;
// length and parameter errors; and the FCP template (§11.1.1.3-4) the card
// returns, taken apart TLV by TLV and checked against the profile.
#include <map>
#include <utility>
#include <vector>

#include "card_fixture.hpp"

namespace test_uicc_select {

using cardcore::testing::CardTest;
using cardcore::testing::hex16;
using cardcore::testing::hex8;
using cardcore::testing::upper_hex;
using cardcore::testing::kUsimAidPrefix;
using namespace cardcore;

// The FCP template ('62' L { simple TLVs }) taken apart: one-byte tags and
// one-byte lengths are all TS 102 221 §11.1.1.4 uses. `ok` is false if the
// template is malformed (wrong outer tag, lengths that do not add up, a tag
// twice).
struct Fcp {
  bool ok = false;
  std::map<std::uint8_t, Bytes> tlv;
  bool has(std::uint8_t tag) const { return tlv.count(tag) != 0; }
  Bytes at(std::uint8_t tag) const {
    auto it = tlv.find(tag);
    return it == tlv.end() ? Bytes{} : it->second;
  }
};

// Walks simple TLVs in `in`; false on a malformed or repeated TLV.
bool walk_tlvs(ByteView in, std::map<std::uint8_t, Bytes>& out) {
  std::size_t i = 0;
  while (i < in.size()) {
    if (i + 2 > in.size()) return false;
    const std::uint8_t tag = in[i];
    const std::size_t len = in[i + 1];
    if (len >= 0x80 || i + 2 + len > in.size()) return false;
    if (!out.emplace(tag, Bytes(in.begin() + static_cast<std::ptrdiff_t>(i + 2),
                                in.begin() + static_cast<std::ptrdiff_t>(i + 2 + len)))
             .second) {
      return false;
    }
    i += 2 + len;
  }
  return true;
}

Fcp parse_fcp(const Bytes& data) {
  Fcp f;
  if (data.size() < 2 || data[0] != 0x62 || data[1] != data.size() - 2) return f;
  f.ok = walk_tlvs(ByteView(data).subspan(2), f.tlv);
  return f;
}

// The key references of a PIN status template DO ('C6', §11.1.1.4.10) in
// order, and its PS_DO bitmap.
struct PinTemplate {
  bool ok = false;
  std::uint8_t ps = 0;
  std::vector<std::uint8_t> refs;
  bool enabled(std::uint8_t ref) const {
    for (std::size_t i = 0; i < refs.size(); ++i) {
      if (refs[i] == ref) return (ps & (0x80 >> i)) != 0;
    }
    ADD_FAILURE() << "key reference " << hex8(ref) << " not in the PIN status template";
    return false;
  }
};

PinTemplate parse_c6(const Bytes& c6) {
  PinTemplate t;
  std::size_t i = 0;
  bool first = true;
  while (i + 2 <= c6.size()) {
    const std::uint8_t tag = c6[i];
    const std::size_t len = c6[i + 1];
    if (i + 2 + len > c6.size()) return t;
    if (first) {
      if (tag != 0x90 || len != 1) return t;  // the PS_DO comes first
      t.ps = c6[i + 2];
      first = false;
    } else if (tag == 0x83 && len == 1) {
      t.refs.push_back(c6[i + 2]);
    } else if (tag != 0x95) {  // usage qualifiers may precede a key reference
      return t;
    }
    i += 2 + len;
  }
  t.ok = !first && i == c6.size();
  return t;
}

// One SELECT from a starting point: the commands that lead there (each must
// answer '9000'), the SELECT with P2 '04', and what it must give.
struct SelectRow {
  const char* what;
  std::vector<std::string> setup;
  std::string select;  // with P2 '04' (FCP requested)
  StatusWord sw;
  std::uint16_t fid;  // FCP '83' of the selected file when sw is '9000'
  std::uint16_t df;   // the current DF afterwards (STATUS), whatever the outcome
};

class Select : public CardTest {
 protected:
  void fresh() {
    card = Uicc(cardcore::testing::domestic_profile());
    card.power_on();
  }

  // Sends a SELECT; on '61XX' fetches the data with GET RESPONSE, on a '62XX'
  // warning asks for the length first ('6CXX') and then fetches it. Returns
  // the status word of the SELECT and the response data.
  std::pair<StatusWord, Bytes> select(const std::string& hex) {
    const Bytes r = card.transmit(from_hex(hex));
    const StatusWord s = be16(r.data() + r.size() - 2);
    if (r.size() != 2) return {s, Bytes(r.begin(), r.end() - 2)};  // case 2: data at once
    if ((s & 0xFF00) == 0x6100) {
      const Bytes g = card.transmit(from_hex("00C00000" + hex8(s & 0xFF)));
      EXPECT_EQ(be16(g.data() + g.size() - 2), sw::kOk);
      return {sw::kOk, Bytes(g.begin(), g.end() - 2)};
    }
    if ((s & 0xFF00) == 0x6200) {
      const Bytes probe = card.transmit(from_hex("00C0000000"));
      if (probe.size() == 2 && probe[0] == 0x6C) {
        const Bytes g = card.transmit(from_hex("00C00000" + hex8(probe[1])));
        EXPECT_EQ(be16(g.data() + g.size() - 2), sw::kOk);
        return {s, Bytes(g.begin(), g.end() - 2)};
      }
    }
    return {s, {}};
  }

  // FCP of the current DF from STATUS (§11.1.2, P2 '00').
  Fcp status_fcp() {
    const std::string probe = send("80F2000000");
    EXPECT_EQ(probe.substr(0, 2), "6C");
    if (probe.size() != 4) return {};
    const Bytes r = card.transmit(from_hex("80F20000" + probe.substr(2, 2)));
    EXPECT_EQ(be16(r.data() + r.size() - 2), sw::kOk);
    return parse_fcp(Bytes(r.begin(), r.end() - 2));
  }
  std::uint16_t current_df_fid() {
    const Fcp f = status_fcp();
    const Bytes fid = f.at(0x83);
    return fid.size() == 2 ? be16(fid.data()) : 0;
  }

  std::string usim_aid() const {
    const auto adf = card.profile().find_adf(from_hex(kUsimAidPrefix));
    return adf ? upper_hex(card.profile().files[*adf].aid) : std::string();
  }

  // Runs each row on a fresh card twice: with P2 '04' (the FCP is checked)
  // and with P2 '0C' (the status word alone must come back).
  void run_rows(const std::vector<SelectRow>& rows) {
    for (const SelectRow& row : rows) {
      SCOPED_TRACE(std::string(row.what) + ": " + row.select);
      fresh();
      for (const std::string& s : row.setup) ASSERT_EQ(send(s), "9000") << s;
      const auto [s04, data] = select(row.select);
      EXPECT_EQ(s04, row.sw);
      if (row.sw == sw::kOk) {
        const Fcp f = parse_fcp(data);
        ASSERT_TRUE(f.ok) << upper_hex(data);
        ASSERT_EQ(f.at(0x83).size(), 2u);
        EXPECT_EQ(be16(f.at(0x83).data()), row.fid);
      } else {
        EXPECT_TRUE(data.empty());
      }
      EXPECT_EQ(current_df_fid(), row.df);

      fresh();
      for (const std::string& s : row.setup) ASSERT_EQ(send(s), "9000") << s;
      const unsigned p2 = static_cast<unsigned>(std::stoul(row.select.substr(6, 2), nullptr, 16));
      std::string no_data = row.select;
      no_data.replace(6, 2, hex8(p2 | 0x0C));  // b4-b3 '11': no data, the other bits kept
      char want[5];
      std::snprintf(want, sizeof want, "%04X", row.sw);
      EXPECT_EQ(send(no_data), want);
      EXPECT_EQ(current_df_fid(), row.df);
    }
  }
};

const std::string kToUsim = std::string("00A4040C07") + kUsimAidPrefix;
const std::string kToGsm = "00A4000C027F20";
const std::string kToGsmAccess = "00A4000C025F3B";

// §8.4.1: from the MF, a DF and the ADF: the children of the current DF, the
// current DF itself, its parent, the DFs that are children of the parent and
// the MF; never an EF of another DF.
TEST_F(Select, ByFileIdentifierFollowsTheSelectionRules) {
  const std::vector<SelectRow> rows = {
      {"MF: child EF", {}, "00A40004022FE2", sw::kOk, 0x2FE2, 0x3F00},
      {"MF: child DF", {}, "00A40004027F20", sw::kOk, 0x7F20, 0x7F20},
      {"MF: itself", {}, "00A40004023F00", sw::kOk, 0x3F00, 0x3F00},
      {"MF: EF of the ADF", {}, "00A40004026F07", sw::kFileNotFound, 0, 0x3F00},
      {"MF: EF of a child DF", {}, "00A40004026F3C", sw::kFileNotFound, 0, 0x3F00},
      {"MF: grandchild DF", {}, "00A40004025F3B", sw::kFileNotFound, 0, 0x3F00},
      {"MF: 7FFF without an active application", {}, "00A40004027FFF", sw::kFileNotFound, 0, 0x3F00},
      {"MF: unknown FID", {}, "00A40004021234", sw::kFileNotFound, 0, 0x3F00},
      {"DF.GSM: child EF", {kToGsm}, "00A40004026F07", sw::kOk, 0x6F07, 0x7F20},
      {"DF.GSM: itself", {kToGsm}, "00A40004027F20", sw::kOk, 0x7F20, 0x7F20},
      {"DF.GSM: parent (MF)", {kToGsm}, "00A40004023F00", sw::kOk, 0x3F00, 0x3F00},
      {"DF.GSM: sibling DF", {kToGsm}, "00A40004027F10", sw::kOk, 0x7F10, 0x7F10},
      {"DF.GSM: EF of the sibling DF", {kToGsm}, "00A40004026F3C", sw::kFileNotFound, 0, 0x7F20},
      {"DF.GSM: EF of the parent", {kToGsm}, "00A40004022FE2", sw::kFileNotFound, 0, 0x7F20},
      {"DF.GSM: its own EF.SST", {kToGsm}, "00A40004026F38", sw::kOk, 0x6F38, 0x7F20},
      {"DF.GSM with an EF current: sibling EF", {kToGsm, "00A4000C026F07"}, "00A40004026F46", sw::kOk, 0x6F46,
       0x7F20},
      {"ADF: child EF", {kToUsim}, "00A40004026F07", sw::kOk, 0x6F07, 0x7FF0},
      {"ADF: child DF", {kToUsim}, "00A40004025F3B", sw::kOk, 0x5F3B, 0x5F3B},
      {"ADF: 7FFF is the ADF", {kToUsim}, "00A40004027FFF", sw::kOk, 0x7FF0, 0x7FF0},
      {"ADF: parent (MF)", {kToUsim}, "00A40004023F00", sw::kOk, 0x3F00, 0x3F00},
      {"ADF: DF under the MF", {kToUsim}, "00A40004027F20", sw::kOk, 0x7F20, 0x7F20},
      {"ADF: EF of the MF", {kToUsim}, "00A40004022FE2", sw::kFileNotFound, 0, 0x7FF0},
      {"ADF: EF of the child DF", {kToUsim}, "00A40004024F20", sw::kFileNotFound, 0, 0x7FF0},
      {"DF.GSM-ACCESS: child EF", {kToUsim, kToGsmAccess}, "00A40004024F20", sw::kOk, 0x4F20, 0x5F3B},
      {"DF.GSM-ACCESS: EF of the ADF", {kToUsim, kToGsmAccess}, "00A40004026F07", sw::kFileNotFound, 0, 0x5F3B},
      {"DF.GSM-ACCESS: 7FFF", {kToUsim, kToGsmAccess}, "00A40004027FFF", sw::kOk, 0x7FF0, 0x7FF0},
      {"DF.GSM-ACCESS: the MF", {kToUsim, kToGsmAccess}, "00A40004023F00", sw::kOk, 0x3F00, 0x3F00},
      {"DF.GSM-ACCESS: DF two levels up", {kToUsim, kToGsmAccess}, "00A40004027F20", sw::kFileNotFound, 0,
       0x5F3B},
      {"the application stays active: 7FFF from DF.GSM", {kToUsim, kToGsm}, "00A40004027FFF", sw::kOk, 0x7FF0,
       0x7FF0},
  };
  run_rows(rows);
}

// Table 11.1: P1 '01' child DF, '03' parent DF, '04' DF name (AID).
TEST_F(Select, ChildParentAndAid) {
  const std::string aid = usim_aid();
  ASSERT_EQ(aid.size(), 32u);
  const std::vector<SelectRow> rows = {
      {"P1 01: child DF of the MF", {}, "00A40104027F20", sw::kOk, 0x7F20, 0x7F20},
      {"P1 01: an EF is no DF", {}, "00A40104022FE2", sw::kFileNotFound, 0, 0x3F00},
      {"P1 01: the sibling is no child", {kToGsm}, "00A40104027F10", sw::kFileNotFound, 0, 0x7F20},
      {"P1 01: child DF of the ADF", {kToUsim}, "00A40104025F3B", sw::kOk, 0x5F3B, 0x5F3B},
      {"P1 03: parent of DF.GSM", {kToGsm}, "00A40304", sw::kOk, 0x3F00, 0x3F00},
      {"P1 03: parent of DF.GSM-ACCESS", {kToUsim, kToGsmAccess}, "00A40304", sw::kOk, 0x7FF0, 0x7FF0},
      {"P1 03: parent of the ADF", {kToUsim}, "00A40304", sw::kOk, 0x3F00, 0x3F00},
      {"P1 03: with an EF current, the parent of its DF", {kToUsim, "00A4000C026F07"}, "00A40304", sw::kOk, 0x3F00,
       0x3F00},
      {"P1 03: the MF has no parent", {}, "00A40304", sw::kFileNotFound, 0, 0x3F00},
      {"P1 04: full AID", {}, "00A4040410" + aid, sw::kOk, 0x7FF0, 0x7FF0},
      {"P1 04: truncated AID", {}, std::string("00A4040407") + kUsimAidPrefix, sw::kOk, 0x7FF0, 0x7FF0},
      {"P1 04: RID only", {}, "00A4040405A000000087", sw::kOk, 0x7FF0, 0x7FF0},
      {"P1 04: unknown AID", {}, "00A4040407A0000000871004", sw::kFileNotFound, 0, 0x3F00},
      {"P1 04: next occurrence", {kToUsim}, "00A4040607" + std::string(kUsimAidPrefix), sw::kFileNotFound, 0,
       0x7FF0},
  };
  run_rows(rows);
}

// P1 '08' path from the MF (without '3F00'), '09' path from the current DF;
// '7FFF' first stands for the ADF of the active application (§8.4.2).
TEST_F(Select, ByPath) {
  const std::vector<SelectRow> rows = {
      {"08: EF of the MF", {}, "00A40804022FE2", sw::kOk, 0x2FE2, 0x3F00},
      {"08: DF", {}, "00A40804027F20", sw::kOk, 0x7F20, 0x7F20},
      {"08: EF in a DF", {}, "00A40804047F206F07", sw::kOk, 0x6F07, 0x7F20},
      {"08: from the MF whatever is current", {kToUsim, kToGsmAccess}, "00A40804047F106F3C", sw::kOk, 0x6F3C,
       0x7F10},
      {"08: 7FFF for the ADF", {kToUsim}, "00A40804047FFF6F07", sw::kOk, 0x6F07, 0x7FF0},
      {"08: 7FFF alone", {kToUsim, kToGsm}, "00A40804027FFF", sw::kOk, 0x7FF0, 0x7FF0},
      {"08: three levels", {kToUsim}, "00A40804067FFF5F3B4F20", sw::kOk, 0x4F20, 0x5F3B},
      {"08: 7FFF without an application", {}, "00A40804047FFF6F07", sw::kFileNotFound, 0, 0x3F00},
      {"08: the MF's FID is not part of the path", {}, "00A40804043F002FE2", sw::kFileNotFound, 0, 0x3F00},
      {"08: through an EF", {}, "00A40804042FE26F07", sw::kFileNotFound, 0, 0x3F00},
      {"08: 7FFF not first", {kToUsim}, "00A40804047F207FFF", sw::kFileNotFound, 0, 0x7FF0},
      {"08: missing file at the end", {}, "00A40804047F206F99", sw::kFileNotFound, 0, 0x3F00},
      {"09: child EF of DF.GSM", {kToGsm}, "00A40904026F07", sw::kOk, 0x6F07, 0x7F20},
      {"09: from the MF", {}, "00A40904047F206F07", sw::kOk, 0x6F07, 0x7F20},
      {"09: 7FFF from the MF", {kToUsim, "00A4000C023F00"}, "00A40904047FFF6F07", sw::kOk, 0x6F07, 0x7FF0},
      {"09: from the ADF", {kToUsim}, "00A40904045F3B4F20", sw::kOk, 0x4F20, 0x5F3B},
      {"09: a sibling is not on a path from the current DF", {kToGsm}, "00A40904047F106F3C", sw::kFileNotFound, 0,
       0x7F20},
  };
  run_rows(rows);
}

// Lengths that do not fit P1 give '6700'; reserved P1 and P2 values '6A86'.
TEST_F(Select, MalformedLengthsAndParameters) {
  struct Row {
    const char* what;
    std::string apdu;
    const char* want;
  };
  const std::vector<Row> rows = {
      {"P1 00: one byte FID", "00A40004013F", "6700"},
      {"P1 00: three bytes", "00A40004033F0000", "6700"},
      {"P1 01: no data", "00A40104", "6700"},
      {"P1 01: four bytes", "00A40104047F206F07", "6700"},
      {"P1 03: with data", "00A40304023F00", "6700"},
      {"P1 04: no data", "00A40404", "6700"},
      {"P1 04: 17 bytes", "00A4040411A0000000871002FF86FFFF89FFFFFFFF00", "6700"},
      {"P1 08: odd length", "00A40804037F206F", "6700"},
      {"P1 08: no data", "00A40804", "6700"},
      {"P1 09: odd length", "00A40904016F", "6700"},
      {"P1 02", "00A40204023F00", "6A86"},
      {"P1 05", "00A40504023F00", "6A86"},
      {"P1 0A", "00A40A04023F00", "6A86"},
      {"P1 80", "00A48004023F00", "6A86"},
      {"P2 00 (RFU response coding)", "00A40000023F00", "6A86"},
      {"P2 08 (RFU response coding)", "00A40008023F00", "6A86"},
      {"P2 b8 set", "00A4008C023F00", "6A86"},
      {"P2 b5 set", "00A4001C023F00", "6A86"},
      {"P2 termination without an AID", "00A4004C023F00", "6A86"},
      {"P2 next occurrence without an AID", "00A4000E023F00", "6A86"},
      {"P2 termination on a path", "00A4084C023F00", "6A86"},
  };
  for (const Row& r : rows) {
    SCOPED_TRACE(std::string(r.what) + ": " + r.apdu);
    fresh();
    ASSERT_EQ(send(kToGsm), "9000");
    EXPECT_EQ(send(r.apdu), r.want);
    EXPECT_EQ(current_df_fid(), 0x7F20);  // a refused SELECT changes nothing
  }
}

// P2 '0C': no data; P2 '04' with or without Le: '61XX' and the FCP.
TEST_F(Select, ResponseDataFollowsP2) {
  EXPECT_EQ(send("00A4000C023F00"), "9000");
  EXPECT_EQ(send("00A4000C023F0000"), "9000");  // an Le with "no data" changes nothing
  for (const char* apdu : {"00A40004023F00", "00A40004023F0000"}) {
    SCOPED_TRACE(apdu);
    const std::string r = send(apdu);
    ASSERT_EQ(r.size(), 4u);
    ASSERT_EQ(r.substr(0, 2), "61");
    const std::string fcp = send("00C00000" + r.substr(2, 2));
    EXPECT_EQ(fcp.substr(0, 2), "62");
    EXPECT_EQ(fcp.substr(fcp.size() - 4), "9000");
    EXPECT_EQ(fcp.size(), 2 * std::stoul(r.substr(2, 2), nullptr, 16) + 4);
  }
}

// Table 11.1/§11.1.1.2: SELECT of the parent carries no data but may carry
// Le (case 2). On T=0 the card answers '6CXX' when Le is not the FCP's length
// and the terminal repeats the command with that length: the first attempt
// must not have moved to the parent already.
TEST_F(Select, ParentWithLe) {
  ASSERT_EQ(send(kToUsim), "9000");
  ASSERT_EQ(send(kToGsmAccess), "9000");
  const std::string probe = send("00A4030400");
  ASSERT_EQ(probe.substr(0, 2), "6C");
  ASSERT_EQ(probe.size(), 4u);
  EXPECT_EQ(current_df_fid(), 0x5F3B);  // not moved yet
  const auto [s, data] = select("00A40304" + probe.substr(2, 2));
  EXPECT_EQ(s, sw::kOk);
  const Fcp f = parse_fcp(data);
  ASSERT_TRUE(f.ok);
  EXPECT_EQ(upper_hex(f.at(0x83)), "7FF0");
  EXPECT_EQ(current_df_fid(), 0x7FF0);
  // T=0 sends a case 1 command with P3 '00': with P2 '0C' that is fine too.
  EXPECT_EQ(send("00A4030C00"), "9000");
  EXPECT_EQ(current_df_fid(), 0x3F00);
  EXPECT_EQ(send("00A4030C00"), "6A82");
  // The MF by FID with Le and no data.
  ASSERT_EQ(send(kToGsm), "9000");
  EXPECT_EQ(send("00A4000C00"), "9000");
  EXPECT_EQ(current_df_fid(), 0x3F00);
}

// §11.1.1.2, Table 11.2 b7: P2 '4C' / '44' with the AID ends the application
// session on the channel; the MF becomes current and 7FFF no longer resolves.
TEST_F(Select, TerminationEndsTheUsimSession) {
  const std::string aid = usim_aid();
  for (const std::string p2 : {"4C", "44"}) {
    for (const std::string& given : {aid, std::string(kUsimAidPrefix)}) {
      SCOPED_TRACE("P2 " + p2 + " AID " + given);
      fresh();
      ASSERT_EQ(send(kToUsim), "9000");
      ASSERT_EQ(send("00A4000C026F07"), "9000");
      ASSERT_EQ(send("00B0000009").substr(18), "9000");
      const std::string r = send("00A404" + p2 + hex8(static_cast<unsigned>(given.size() / 2)) + given);
      EXPECT_EQ(r.substr(r.size() - 4), "9000");
      EXPECT_EQ(current_df_fid(), 0x3F00);
      EXPECT_EQ(send("00B0000001"), "6986");      // no current EF
      EXPECT_EQ(send("00A4000C027FFF"), "6A82");  // no active application
      EXPECT_EQ(send("00A40804047FFF6F07"), "6A82");
      EXPECT_EQ(send("80F2000100"), "9000");  // STATUS: no DF name to report
      // The application can be selected again.
      EXPECT_EQ(send(kToUsim), "9000");
      EXPECT_EQ(send("00A4000C027FFF"), "9000");
    }
  }
}

// §11.1.1.4: the FCP of every file of the profile, selected by path from the
// MF (through 7FFF for the files of the ADF, the ADF itself by AID).
TEST_F(Select, FcpOfEveryFileMatchesTheProfile) {
  const ProfileTemplate& prof = card.profile();
  ASSERT_GT(prof.files.size(), 40u);
  for (std::uint32_t i = 0; i < prof.files.size(); ++i) {
    const FileNode& f = prof.files[i];
    SCOPED_TRACE(prof.qualified_name(i));
    fresh();
    std::string path;
    bool in_adf = false;
    for (std::uint32_t p = i; p != 0; p = prof.files[p].parent) {
      const bool adf = prof.files[p].type == FileType::ADF;
      in_adf = in_adf || adf;
      path = hex16(adf ? 0x7FFF : prof.files[p].fid) + path;
    }
    std::string cmd;
    if (f.type == FileType::MF) {
      cmd = "00A40004023F00";
    } else if (f.type == FileType::ADF) {
      cmd = "00A4040410" + upper_hex(f.aid);
    } else {
      if (in_adf) {
        ASSERT_EQ(send(kToUsim), "9000");
      }
      cmd = "00A40804" + hex8(static_cast<unsigned>(path.size() / 2)) + path;
    }
    const auto [s, data] = select(cmd);
    ASSERT_EQ(s, sw::kOk) << cmd;
    const Fcp fcp = parse_fcp(data);
    ASSERT_TRUE(fcp.ok) << upper_hex(data);

    // '82' file descriptor (§11.1.1.4.3): descriptor byte, data coding '21',
    // and for record EFs the record length (2 bytes) and the record count.
    std::string desc;
    const unsigned shareable = f.shareable ? 0x40 : 0x00;
    switch (f.structure) {
      case EfStructure::Transparent: desc = hex8(shareable | 0x01) + "21"; break;
      case EfStructure::LinearFixed:
        desc = hex8(shareable | 0x02) + "21" + hex16(f.record_length) + hex8(f.record_count);
        break;
      case EfStructure::Cyclic:
        desc = hex8(shareable | 0x06) + "21" + hex16(f.record_length) + hex8(f.record_count);
        break;
      case EfStructure::None: desc = "7821"; break;
    }
    EXPECT_EQ(upper_hex(fcp.at(0x82)), desc);
    EXPECT_EQ(upper_hex(fcp.at(0x83)), hex16(f.fid));                                 // §11.1.1.4.4
    EXPECT_EQ(upper_hex(fcp.at(0x8A)), "05");                                         // §11.1.1.4.9: activated
    EXPECT_EQ(upper_hex(fcp.at(0x8B)), hex16(f.arr.arr_fid) + hex8(f.arr.record));    // §11.1.1.4.7.3
    EXPECT_EQ(fcp.has(0x84), f.type == FileType::ADF);                               // §11.1.1.4.5
    if (f.type == FileType::ADF) {
      EXPECT_EQ(fcp.at(0x84), f.aid);
    }
    EXPECT_EQ(fcp.has(0xA5), f.type == FileType::MF);
    if (f.is_df()) {
      EXPECT_FALSE(fcp.has(0x80));
      EXPECT_FALSE(fcp.has(0x88));
      ASSERT_TRUE(fcp.has(0xC6));
      const PinTemplate pins = parse_c6(fcp.at(0xC6));
      EXPECT_TRUE(pins.ok) << upper_hex(fcp.at(0xC6));
    } else {
      EXPECT_EQ(upper_hex(fcp.at(0x80)), hex16(f.size));  // §11.1.1.4.1: file size
      ASSERT_TRUE(fcp.has(0x88));                         // §11.1.1.4.8: SFI in b8-b4, or empty if none
      EXPECT_EQ(upper_hex(fcp.at(0x88)), f.sfi ? hex8(static_cast<unsigned>(f.sfi << 3)) : "");
      EXPECT_FALSE(fcp.has(0xC6));
    }
  }
}

// A few FCPs spelled out byte for byte, as a terminal would see them.
TEST_F(Select, FcpExamples) {
  struct Row {
    const char* what;
    std::vector<std::string> setup;
    std::string select;
    std::map<std::uint8_t, std::string> want;
  };
  const std::vector<Row> rows = {
      {"EF.ICCID: transparent, SFI 02, read always / update never",
       {},
       "00A40004022FE2",
       {{0x82, "4121"}, {0x83, "2FE2"}, {0x8A, "05"}, {0x8B, "2F0605"}, {0x80, "000A"}, {0x88, "10"}}},
      {"EF.DIR: linear fixed 38 x 2, SFI 1E",
       {},
       "00A40004022F00",
       {{0x82, "4221002602"}, {0x83, "2F00"}, {0x80, "004C"}, {0x88, "F0"}}},
      {"EF.ECC: linear fixed 4 x 5, SFI 01",
       {kToUsim},
       "00A40004026FB7",
       {{0x82, "4221000405"}, {0x83, "6FB7"}, {0x8B, "6F0603"}, {0x80, "0014"}, {0x88, "08"}}},
      {"EF.SPN: no SFI, so an empty '88'",
       {kToUsim},
       "00A40004026F46",
       {{0x82, "4121"}, {0x8B, "6F0603"}, {0x80, "0011"}, {0x88, ""}}},
      {"EF.IMSI: SFI 07, read PIN1 / update ADM1",
       {kToUsim},
       "00A40004026F07",
       {{0x82, "4121"}, {0x83, "6F07"}, {0x8B, "6F0601"}, {0x80, "0009"}, {0x88, "38"}}},
      {"MF", {}, "00A40004023F00", {{0x82, "7821"}, {0x83, "3F00"}, {0x8A, "05"}, {0x8B, "2F0606"}}},
      {"DF.GSM", {}, "00A40004027F20", {{0x82, "7821"}, {0x83, "7F20"}, {0x8B, "2F0606"}}},
      {"ADF.USIM",
       {},
       std::string("00A4040407") + kUsimAidPrefix,
       {{0x82, "7821"}, {0x83, "7FF0"}, {0x84, "A0000000871002FF86FFFF89FFFFFFFF"}, {0x8B, "2F0606"}}},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.what);
    fresh();
    for (const std::string& s : row.setup) ASSERT_EQ(send(s), "9000");
    const auto [s, data] = select(row.select);
    ASSERT_EQ(s, sw::kOk);
    const Fcp f = parse_fcp(data);
    ASSERT_TRUE(f.ok) << upper_hex(data);
    for (const auto& [tag, value] : row.want) {
      ASSERT_TRUE(f.has(tag)) << "tag " << hex8(tag);
      EXPECT_EQ(upper_hex(f.at(tag)), value) << "tag " << hex8(tag);
    }
  }
  // The MF's proprietary template carries the UICC characteristics ('80').
  fresh();
  const auto [s, data] = select("00A40004023F00");
  ASSERT_EQ(s, sw::kOk);
  std::map<std::uint8_t, Bytes> a5;
  ASSERT_TRUE(walk_tlvs(parse_fcp(data).at(0xA5), a5));
  ASSERT_EQ(a5.count(0x80), 1u);
  EXPECT_EQ(a5[0x80].size(), 1u);
  EXPECT_EQ(a5[0x80][0] & 0x01, 0x01);  // clock stop allowed
}

// §11.1.1.4.10: the PS_DO of the PIN status template shows which PINs are
// enabled; the domestic card ships with PIN1 disabled, PIN2 and ADM1 enabled.
TEST_F(Select, PinStatusTemplateFollowsPin1) {
  const PinSpec* pin1 = card.profile().find_pin(key_ref::kPin1);
  ASSERT_NE(pin1, nullptr);
  auto check = [&](bool pin1_enabled) {
    for (const std::string& apdu : {std::string("00A40004023F00"), std::string("00A40004027F20"),
                                    std::string("00A4040407") + kUsimAidPrefix}) {
      SCOPED_TRACE(apdu);
      const auto [s, data] = select(apdu);
      ASSERT_EQ(s, sw::kOk);
      const PinTemplate t = parse_c6(parse_fcp(data).at(0xC6));
      ASSERT_TRUE(t.ok);
      EXPECT_EQ(t.enabled(key_ref::kPin1), pin1_enabled);
      EXPECT_TRUE(t.enabled(key_ref::kPin2));
      EXPECT_TRUE(t.enabled(key_ref::kAdm1));
    }
  };
  {
    SCOPED_TRACE("as shipped");
    check(false);
  }
  ASSERT_EQ(send("0028000108" + upper_hex(pin1->value)), "9000");  // ENABLE PIN1
  {
    SCOPED_TRACE("PIN1 enabled");
    check(true);
  }
  card.power_on();
  {
    SCOPED_TRACE("PIN1 enabled, after a reset");
    check(true);
  }
  ASSERT_EQ(send("0020000108" + upper_hex(pin1->value)), "9000");
  ASSERT_EQ(send("0026000108" + upper_hex(pin1->value)), "9000");  // DISABLE PIN1
  {
    SCOPED_TRACE("PIN1 disabled again");
    check(false);
  }
}

// STATUS after selections shows the current DF; an EF selection leaves its
// parent as the current DF.
TEST_F(Select, CurrentDirectoryAfterEfSelection) {
  ASSERT_EQ(send("00A4000C022FE2"), "9000");
  EXPECT_EQ(current_df_fid(), 0x3F00);
  ASSERT_EQ(send(kToUsim), "9000");
  ASSERT_EQ(send("00A4000C026F07"), "9000");
  EXPECT_EQ(current_df_fid(), 0x7FF0);
  ASSERT_EQ(send("00A4080C047F206F07"), "9000");
  EXPECT_EQ(current_df_fid(), 0x7F20);
  // A failed SELECT keeps the current EF: it can still be read.
  EXPECT_EQ(send("00A4000C026F99"), "6A82");
  EXPECT_EQ(send("00B0000009").substr(18), "9000");
}

// TS 102 221 §8.4.1: an ADF is reached by its AID or as '7FFF', not by the
// FID the profile gives it, neither directly nor inside a path.
TEST_F(CardTest, AnAdfIsNotSelectableByItsFid) {
  EXPECT_EQ(send("00A4000C027FF0"), "6A82");
  EXPECT_EQ(send("00A4010C027FF0"), "6A82");
  EXPECT_EQ(send("00A4080C047FF06F07"), "6A82");
  select_usim();
  EXPECT_EQ(send("00A4080C047FFF6F07"), "9000");
  EXPECT_EQ(send("00A4000C027FF0"), "6A82");
  EXPECT_EQ(send("00A4000C027FFF"), "9000");
}

}  // namespace test_uicc_select

namespace test_uicc_select {

// A template made without the parser has no child FID lists (FileNode::
// child_fids): SELECT by FID then looks at each child's node and finds the
// same files, with the same answers.
TEST(UiccSelectWithoutChildFids, FindsTheSameFiles) {
  auto bare = std::make_shared<ProfileTemplate>(*cardcore::testing::domestic_profile());
  for (FileNode& f : bare->files) f.child_fids.clear();
  Uicc with(cardcore::testing::domestic_profile());
  Uicc without(bare);
  with.power_on();
  without.power_on();
  for (const char* apdu : {"00A40004022F00", "00A40004027F20", "00A40004026F07", "00A40004023F00",
                           "00A4040C07A0000000871002", "00A40004026F07", "00A40004026FE3", "00A40004026F99",
                           "00A40004025F3B", "00A40004024F20", "00A4000402FFFF"}) {
    const std::string expected = upper_hex(with.transmit(from_hex(apdu)));
    EXPECT_EQ(upper_hex(without.transmit(from_hex(apdu))), expected) << apdu;
  }
}

}  // namespace test_uicc_select
