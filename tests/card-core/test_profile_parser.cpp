// Profile descriptions (docs/PROFILE-FORMAT.md): the real domestic profile's
// tree, lookups and NVM layout; broken profiles and the line their error
// names; contents surviving the trip from text to NVM image.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>
#include <tuple>

#include "cardcore/auth/sqn_array.hpp"
#include "cardcore/profile/profile_parser.hpp"
#include "cardcore/usim/identifiers.hpp"

namespace cardcore {
namespace test_profile_parser {

const std::string kProfilePath = std::string(ESIMTWIN_SOURCE_DIR) + "/profiles/cmcc-domestic-usim.prof";

const ProfileTemplate& domestic() {
  static const ProfileTemplate t = load_profile(kProfilePath);
  return t;
}

std::uint32_t at(const ProfileTemplate& t, std::vector<std::uint16_t> path) {
  const auto i = t.find_path(path);
  if (!i) ADD_FAILURE() << "no file at path";
  return i.value_or(0);
}

Bytes image(const ProfileTemplate& t, std::uint32_t addr, std::uint32_t size) {
  const auto b = t.nvm->bytes();
  EXPECT_LE(std::uint64_t{addr} + size, t.nvm->data_size());
  return Bytes(b.begin() + addr, b.begin() + addr + size);
}

Bytes body(const ProfileTemplate& t, std::uint32_t file) {
  return image(t, t.files[file].body_addr, t.files[file].size);
}

// ------------------------------------------------------------ tree

TEST(ProfileDomestic, TreeShapeAndParents) {
  const ProfileTemplate& t = domestic();
  ASSERT_FALSE(t.files.empty());
  EXPECT_EQ(t.name, "cmcc-domestic-usim");
  EXPECT_EQ(t.files[0].type, FileType::MF);
  EXPECT_EQ(t.files[0].fid, 0x3F00);
  EXPECT_EQ(t.files[0].parent, kNoFile);
  for (std::uint32_t i = 1; i < t.files.size(); ++i) {
    const FileNode& f = t.files[i];
    ASSERT_LT(f.parent, t.files.size()) << f.name;
    EXPECT_TRUE(t.files[f.parent].is_df()) << f.name;
    const auto& sib = t.files[f.parent].children;
    EXPECT_EQ(std::count(sib.begin(), sib.end(), i), 1) << f.name;
    if (!f.is_df()) { EXPECT_TRUE(f.children.empty()) << f.name; }
  }
  // Every file's children's FIDs, in their order (what a lookup by FID scans).
  for (const FileNode& f : t.files) {
    ASSERT_EQ(f.child_fids.size(), f.children.size()) << f.name;
    for (std::size_t c = 0; c < f.children.size(); ++c) EXPECT_EQ(f.child_fids[c], t.files[f.children[c]].fid) << f.name;
  }
  std::vector<std::uint16_t> mf_children;
  for (std::uint32_t c : t.files[0].children) mf_children.push_back(t.files[c].fid);
  for (std::uint16_t fid : {0x2FE2, 0x2F00, 0x2F05, 0x2F06, 0x7FF0, 0x7F10, 0x7F20}) {
    EXPECT_NE(std::find(mf_children.begin(), mf_children.end(), fid), mf_children.end()) << std::hex << fid;
  }
  EXPECT_EQ(t.files[at(t, {0x3F00, 0x7FF0})].type, FileType::ADF);
  EXPECT_EQ(t.files[at(t, {0x3F00, 0x7F20})].type, FileType::DF);
  EXPECT_EQ(t.files[at(t, {0x3F00, 0x7FF0, 0x5F3B})].type, FileType::DF);
}

TEST(ProfileDomestic, PathsAndNames) {
  const ProfileTemplate& t = domestic();
  const std::uint32_t imsi = at(t, {0x3F00, 0x7FF0, 0x6F07});
  EXPECT_EQ(t.files[imsi].name, "EF.IMSI");
  EXPECT_EQ(t.find_name("ADF.USIM/EF.IMSI"), imsi);
  EXPECT_EQ(t.find_name("MF/ADF.USIM/EF.IMSI"), imsi);
  EXPECT_EQ(t.find_name("MF"), 0u);
  EXPECT_EQ(t.find_name("EF.ICCID"), t.find_path({0x3F00, 0x2FE2}));
  EXPECT_EQ(t.find_name("DF.GSM/EF.IMSI"), t.find_path({0x3F00, 0x7F20, 0x6F07}));
  EXPECT_EQ(t.find_name("ADF.USIM/DF.GSM-ACCESS/EF.Kc"), t.find_path({0x3F00, 0x7FF0, 0x5F3B, 0x4F20}));
  EXPECT_EQ(t.qualified_name(imsi), "ADF.USIM/EF.IMSI");
  EXPECT_FALSE(t.find_name("ADF.USIM/EF.NOPE"));
  EXPECT_FALSE(t.find_name("ADF.USIM/"));
  EXPECT_FALSE(t.find_name(""));
  EXPECT_FALSE(t.find_path({}));
  EXPECT_FALSE(t.find_path({0x7FF0, 0x6F07}));
  EXPECT_FALSE(t.find_path({0x3F00, 0x7FF0, 0x6F99}));
  EXPECT_EQ(t.find_path({0x3F00}), 0u);
  for (std::uint32_t i = 0; i < t.files.size(); ++i) EXPECT_EQ(t.find_name(t.qualified_name(i)), i) << i;
}

struct EfExpect {
  std::vector<std::uint16_t> path;
  EfStructure structure;
  std::uint32_t size;
  std::uint8_t sfi;
  std::uint16_t record_length;
};

TEST(ProfileDomestic, SizesAndSfisPerSpecification) {
  const ProfileTemplate& t = domestic();
  using S = EfStructure;
  const EfExpect table[] = {
      {{0x3F00, 0x2FE2}, S::Transparent, 10, 0x02, 0},         // TS 102 221 §13.2
      {{0x3F00, 0x2F00}, S::LinearFixed, 76, 0x1E, 38},        // §13.1
      {{0x3F00, 0x2F05}, S::Transparent, 10, 0x05, 0},         // §13.3
      {{0x3F00, 0x2F06}, S::LinearFixed, 320, 0x06, 40},       // §13.4
      {{0x3F00, 0x7FF0, 0x6F05}, S::Transparent, 4, 0x02, 0},  // TS 31.102 §4.2.1
      {{0x3F00, 0x7FF0, 0x6F07}, S::Transparent, 9, 0x07, 0},  // §4.2.2
      {{0x3F00, 0x7FF0, 0x6F08}, S::Transparent, 33, 0x08, 0},
      {{0x3F00, 0x7FF0, 0x6F09}, S::Transparent, 33, 0x09, 0},
      {{0x3F00, 0x7FF0, 0x6F60}, S::Transparent, 40, 0x0A, 0},
      {{0x3F00, 0x7FF0, 0x6F31}, S::Transparent, 1, 0x12, 0},
      {{0x3F00, 0x7FF0, 0x6F38}, S::Transparent, 11, 0x04, 0},
      {{0x3F00, 0x7FF0, 0x6F56}, S::Transparent, 1, 0x05, 0},
      {{0x3F00, 0x7FF0, 0x6F46}, S::Transparent, 17, 0x00, 0},
      {{0x3F00, 0x7FF0, 0x6F78}, S::Transparent, 2, 0x06, 0},
      {{0x3F00, 0x7FF0, 0x6F7B}, S::Transparent, 12, 0x0D, 0},
      {{0x3F00, 0x7FF0, 0x6F7E}, S::Transparent, 11, 0x0B, 0},
      {{0x3F00, 0x7FF0, 0x6FAD}, S::Transparent, 4, 0x03, 0},
      {{0x3F00, 0x7FF0, 0x6F73}, S::Transparent, 14, 0x0C, 0},
      {{0x3F00, 0x7FF0, 0x6F61}, S::Transparent, 40, 0x11, 0},
      {{0x3F00, 0x7FF0, 0x6F62}, S::Transparent, 5, 0x13, 0},
      {{0x3F00, 0x7FF0, 0x6F3C}, S::LinearFixed, 1760, 0x00, 176},
      {{0x3F00, 0x7FF0, 0x6F42}, S::LinearFixed, 56, 0x00, 28},
      {{0x3F00, 0x7FF0, 0x6FE3}, S::Transparent, 18, 0x1E, 0},
      {{0x3F00, 0x7FF0, 0x6FE4}, S::LinearFixed, 54, 0x18, 54},
      {{0x3F00, 0x7FF0, 0x6F5B}, S::Transparent, 6, 0x0F, 0},
      {{0x3F00, 0x7FF0, 0x6F5C}, S::Transparent, 3, 0x10, 0},
      {{0x3F00, 0x7FF0, 0x6FB7}, S::LinearFixed, 20, 0x01, 4},
      {{0x3F00, 0x7FF0, 0x6F06}, S::LinearFixed, 320, 0x17, 40},
      {{0x3F00, 0x7FF0, 0x5F3B, 0x4F20}, S::Transparent, 9, 0x01, 0},  // §4.4.3.1
      {{0x3F00, 0x7F20, 0x6F38}, S::Transparent, 10, 0x00, 0},         // TS 51.011 §10.3.7
      {{0x3F00, 0x7F20, 0x6F20}, S::Transparent, 9, 0x00, 0},
      {{0x3F00, 0x7F20, 0x6F30}, S::Transparent, 24, 0x00, 0},
  };
  for (const EfExpect& e : table) {
    const FileNode& f = t.files[at(t, e.path)];
    SCOPED_TRACE(f.name);
    EXPECT_EQ(f.type, FileType::EF);
    EXPECT_EQ(f.structure, e.structure);
    EXPECT_EQ(f.size, e.size);
    EXPECT_EQ(f.sfi, e.sfi);
    EXPECT_EQ(f.record_length, e.record_length);
    if (e.record_length) { EXPECT_EQ(f.record_length * f.record_count, f.size); }
  }
  // TS 102 221 §8.3: SFIs 1..30, unique in their DF.
  for (const FileNode& df : t.files) {
    std::vector<std::uint8_t> seen;
    for (std::uint32_t c : df.children) {
      const std::uint8_t sfi = t.files[c].sfi;
      if (sfi == 0) continue;
      EXPECT_LE(sfi, 30);
      EXPECT_EQ(std::count(seen.begin(), seen.end(), sfi), 0) << t.files[c].name;
      seen.push_back(sfi);
    }
  }
}

TEST(ProfileDomestic, AidLookupFullAndTruncated) {
  const ProfileTemplate& t = domestic();
  const std::uint32_t usim = at(t, {0x3F00, 0x7FF0});
  const Bytes aid = from_hex("A0000000871002FF86FFFF89FFFFFFFF");
  EXPECT_EQ(t.files[usim].aid, aid);
  EXPECT_EQ(t.find_adf(aid), usim);
  for (std::size_t n = 1; n <= aid.size(); ++n) EXPECT_EQ(t.find_adf(ByteView(aid).first(n)), usim) << n;
  EXPECT_EQ(t.find_adf(from_hex("A0000000871002")), usim);  // RID + USIM application code
  EXPECT_FALSE(t.find_adf(from_hex("A0000000871004")));       // ISIM: absent
  EXPECT_FALSE(t.find_adf(ByteView()));
  Bytes longer = aid;
  longer.push_back(0x00);
  EXPECT_FALSE(t.find_adf(longer));
  // EF.DIR record 1 announces the same AID (TS 102 221 §13.1).
  const Bytes dir = body(t, at(t, {0x3F00, 0x2F00}));
  EXPECT_TRUE(std::equal(aid.begin(), aid.end(), dir.begin() + 4));
}

TEST(ProfileDomestic, LinkedFilesShareBodies) {
  const ProfileTemplate& t = domestic();
  const std::pair<std::vector<std::uint16_t>, std::vector<std::uint16_t>> links[] = {
      {{0x3F00, 0x7F20, 0x6F07}, {0x3F00, 0x7FF0, 0x6F07}},
      {{0x3F00, 0x7F20, 0x6F20}, {0x3F00, 0x7FF0, 0x5F3B, 0x4F20}},
      {{0x3F00, 0x7F20, 0x6F52}, {0x3F00, 0x7FF0, 0x5F3B, 0x4F52}},
      {{0x3F00, 0x7F20, 0x6F53}, {0x3F00, 0x7FF0, 0x6F73}},
      {{0x3F00, 0x7F20, 0x6F7E}, {0x3F00, 0x7FF0, 0x6F7E}},
      {{0x3F00, 0x7F20, 0x6F78}, {0x3F00, 0x7FF0, 0x6F78}},
      {{0x3F00, 0x7F20, 0x6F46}, {0x3F00, 0x7FF0, 0x6F46}},
      {{0x3F00, 0x7F20, 0x6F31}, {0x3F00, 0x7FF0, 0x6F31}},
      {{0x3F00, 0x7F10, 0x6F3C}, {0x3F00, 0x7FF0, 0x6F3C}},
  };
  for (const auto& [from, to] : links) {
    const FileNode& a = t.files[at(t, from)];
    const FileNode& b = t.files[at(t, to)];
    SCOPED_TRACE(a.name);
    EXPECT_EQ(a.body_addr, b.body_addr);
    EXPECT_EQ(a.size, b.size);
    EXPECT_NE(a.state_addr, b.state_addr);  // each file keeps its own life cycle
  }
  EXPECT_NE(t.files[at(t, {0x3F00, 0x7F20, 0x6F38})].body_addr, t.files[at(t, {0x3F00, 0x7FF0, 0x6F38})].body_addr);
}

TEST(ProfileDomestic, IdentifiersAreValidEncodings) {
  const ProfileTemplate& t = domestic();
  const std::string iccid = decode_iccid(body(t, at(t, {0x3F00, 0x2FE2})));
  ASSERT_EQ(iccid.size(), 20u);
  EXPECT_EQ(iccid.substr(0, 6), "898604");  // E.118: telecom, China, China Mobile IoT
  EXPECT_EQ(iccid.back(), luhn_digit(iccid.substr(0, 19)));
  EXPECT_EQ(decode_imsi(body(t, at(t, {0x3F00, 0x7FF0, 0x6F07}))), "460040123456789");
  EXPECT_EQ(body(t, at(t, {0x3F00, 0x7FF0, 0x6F07})), encode_imsi("460040123456789"));
  EXPECT_EQ(body(t, at(t, {0x3F00, 0x7FF0, 0x6FAD}))[3], 0x02);  // MNC length 2
  // TS 31.102 §4.2.8: services 27 (GSM access) and 38 (GSM security context).
  const Bytes ust = body(t, at(t, {0x3F00, 0x7FF0, 0x6F38}));
  auto service = [&](unsigned n) { return (ust[(n - 1) / 8] >> ((n - 1) % 8)) & 1; };
  for (unsigned n : {10u, 12u, 19u, 20u, 27u, 28u, 33u, 34u, 38u, 42u, 43u, 85u}) EXPECT_TRUE(service(n)) << n;
  for (unsigned n : {1u, 2u, 21u, 30u, 31u, 35u}) EXPECT_FALSE(service(n)) << n;
}

TEST(ProfileDomestic, PinsAndKeys) {
  const ProfileTemplate& t = domestic();
  const PinSpec* pin1 = t.find_pin(key_ref::kPin1);
  ASSERT_NE(pin1, nullptr);
  EXPECT_FALSE(pin1->enabled);
  EXPECT_EQ(pin1->value, from_hex("31323334FFFFFFFF"));
  EXPECT_EQ(pin1->puk, from_hex("3132333435363738"));
  const PinSpec* adm = t.find_pin(key_ref::kAdm1);
  ASSERT_NE(adm, nullptr);
  EXPECT_TRUE(adm->puk.empty());
  EXPECT_FALSE(adm->can_disable);
  ASSERT_NE(t.find_pin(key_ref::kPin2), nullptr);
  EXPECT_EQ(t.find_pin(0x55), nullptr);
  // The PIN records in NVM: value, PUK, tries, PUK tries, flags.
  const Bytes rec = image(t, pin1->state_addr, PinRecord::kSize);
  EXPECT_EQ(Bytes(rec.begin(), rec.begin() + 8), pin1->value);
  EXPECT_EQ(rec[PinRecord::kTries], 3);
  EXPECT_EQ(rec[PinRecord::kPukTries], 10);
  EXPECT_EQ(rec[PinRecord::kFlags], 0x00);
  EXPECT_EQ(image(t, adm->state_addr, PinRecord::kSize)[PinRecord::kFlags], 0x01);
  // TS 35.208 test set 1.
  EXPECT_EQ(image(t, t.auth.key_addr, 16), from_hex("465b5ce8b199b49faa5f0a2ee238a6bc"));
  EXPECT_EQ(image(t, t.auth.key_addr + 16, 16), from_hex("cd63cb71954a9f4e48a5994e37a02baf"));
  EXPECT_EQ(t.auth.sqn_ind_bits, 5);
  EXPECT_EQ(t.max_logical_channels, 4);
}

TEST(ProfileDomestic, AccessRulesResolve) {
  const ProfileTemplate& t = domestic();
  for (std::uint32_t i = 0; i < t.files.size(); ++i) {
    SCOPED_TRACE(t.qualified_name(i));
    ASSERT_NE(t.files[i].arr.record, 0);  // every file of the real profile has a rule
    const auto arr = t.find_arr(i);
    ASSERT_TRUE(arr);
    EXPECT_LE(t.files[i].arr.record, t.files[*arr].record_count);
  }
  // An EF in the ADF finds the ADF's EF.ARR; the ADF itself the MF's.
  EXPECT_EQ(t.find_arr(at(t, {0x3F00, 0x7FF0, 0x6F07})), t.find_path({0x3F00, 0x7FF0, 0x6F06}));
  EXPECT_EQ(t.find_arr(at(t, {0x3F00, 0x7FF0})), t.find_path({0x3F00, 0x2F06}));
  EXPECT_EQ(t.find_arr(at(t, {0x3F00, 0x7F20, 0x6F07})), t.find_path({0x3F00, 0x2F06}));
}

// ------------------------------------------------------------ layout

TEST(ProfileDomestic, PersonalizationAreaFirstAndContiguous) {
  const ProfileTemplate& t = domestic();
  const NvmLayout& l = t.layout;
  EXPECT_EQ(l.personalization.addr, 0u);
  std::vector<std::pair<std::uint32_t, std::uint32_t>> parts = {{t.auth.key_addr, 32}};
  for (const PinSpec& p : t.pins) parts.push_back({p.state_addr, PinRecord::kSize});
  for (std::uint32_t f : l.personalized_files) parts.push_back({t.files[f].body_addr, t.files[f].size});
  std::sort(parts.begin(), parts.end());
  std::uint32_t next = 0;
  for (const auto& [addr, size] : parts) {
    EXPECT_EQ(addr, next);  // packed: no gap, no overlap
    next = addr + size;
  }
  EXPECT_EQ(next, l.personalization.size);

  std::vector<std::string> names;
  for (std::uint32_t f : l.personalized_files) names.push_back(t.qualified_name(f));
  EXPECT_EQ(names,
            (std::vector<std::string>{"EF.ICCID", "ADF.USIM/EF.IMSI", "ADF.USIM/EF.ACC", "DF.OTA/EF.OTA_KEYS"}));
  // 32 (K, OPc) + 3 x 19 (PIN records) + 10 + 9 + 2 + 4 x 73 (OTA key sets)
  // = 402 bytes: 7 pages of 64.
  EXPECT_EQ(l.personalization.size, 402u);
  const std::uint32_t page = t.nvm->page_size();
  EXPECT_EQ((l.personalization.size + page - 1) / page, 7u);
}

TEST(ProfileDomestic, RegionsInOrderAlignedAndInsideTheImage) {
  const ProfileTemplate& t = domestic();
  const NvmLayout& l = t.layout;
  const std::uint32_t page = t.nvm->page_size();
  EXPECT_EQ(page, 64u);
  const NvmRegion order[] = {l.personalization, l.sqn, l.file_states, l.bodies, l.created_files};
  for (std::size_t i = 0; i < 5; ++i) {
    EXPECT_EQ(order[i].addr % page, 0u) << i;
    if (i) { EXPECT_GE(order[i].addr, order[i - 1].addr + order[i - 1].size) << i; }
  }
  // The created-file region (the default 8192 bytes) ends the image, erased.
  EXPECT_EQ(l.created_files.size, 8192u);
  EXPECT_EQ(l.created_files.addr + l.created_files.size, t.nvm->data_size());
  const Bytes created = image(t, l.created_files.addr, l.created_files.size);
  EXPECT_TRUE(std::all_of(created.begin(), created.end(), [](std::uint8_t b) { return b == 0xFF; }));
  EXPECT_EQ(t.nvm->bytes().size() % page, 0u);

  EXPECT_EQ(t.auth.sqn_addr, l.sqn.addr);
  EXPECT_EQ(l.sqn.size, SqnArray::kMaxBytes);
  const Bytes sqn = image(t, l.sqn.addr, l.sqn.size);
  EXPECT_TRUE(std::all_of(sqn.begin(), sqn.end(), [](std::uint8_t b) { return b == 0; }));

  EXPECT_EQ(l.file_states.size, 2u * t.files.size());
  std::vector<std::uint32_t> states;
  for (const FileNode& f : t.files) {
    EXPECT_GE(f.state_addr, l.file_states.addr);
    EXPECT_LE(f.state_addr + 2, l.file_states.addr + l.file_states.size);
    EXPECT_EQ(image(t, f.state_addr, 2), from_hex("0500")) << f.name;
    states.push_back(f.state_addr);
  }
  std::sort(states.begin(), states.end());
  EXPECT_EQ(std::adjacent_find(states.begin(), states.end()), states.end());

  // Distinct bodies never overlap; every body lies in the personalization
  // area or the bodies region.
  std::map<std::uint32_t, std::uint32_t> bodies;  // addr -> size
  for (const FileNode& f : t.files) {
    if (f.is_df()) continue;
    const auto [it, fresh] = bodies.emplace(f.body_addr, f.size);
    if (!fresh) { EXPECT_EQ(it->second, f.size) << f.name; }
    const bool in_perso = f.body_addr + f.size <= l.personalization.size;
    const bool in_bodies = f.body_addr >= l.bodies.addr && f.body_addr + f.size <= l.bodies.addr + l.bodies.size;
    EXPECT_TRUE(in_perso || in_bodies) << f.name;
  }
  std::uint32_t end = 0;
  for (const auto& [addr, size] : bodies) {
    EXPECT_GE(addr, end);
    end = addr + size;
  }
}

// ------------------------------------------------------------ round trip

// Expected EF bodies from the profile text, read independently of the parser:
// path, size / record_length / records, data, record N and link.
std::map<std::string, Bytes> expected_bodies(const std::string& text) {
  struct F {
    std::string path, link, structure;
    std::uint32_t size = 0, rec_len = 0, recs = 0;
    std::string data;
    std::map<unsigned, std::string> records;
  };
  std::vector<F> files;
  std::istringstream in(text);
  std::string line;
  bool in_file = false;
  while (std::getline(in, line)) {
    for (std::size_t i = 0; i < line.size(); ++i) {
      if (line[i] == '#' && (i == 0 || line[i - 1] == ' ')) {
        line.resize(i);
        break;
      }
    }
    while (!line.empty() && (line.back() == ' ' || line.back() == '\r')) line.pop_back();
    if (line.empty()) continue;
    if (line[0] == '[') {
      in_file = line.rfind("[file ", 0) == 0;
      if (in_file) files.emplace_back();
      continue;
    }
    if (!in_file) continue;
    const std::size_t eq = line.find('=');
    std::string key = line.substr(0, eq), value = line.substr(eq + 1);
    key.erase(key.find_last_not_of(' ') + 1);
    value.erase(0, value.find_first_not_of(' '));
    F& f = files.back();
    if (key == "path") f.path = value;
    if (key == "link") f.link = value;
    if (key == "structure") f.structure = value;
    if (key == "size") f.size = std::stoul(value);
    if (key == "record_length") f.rec_len = std::stoul(value);
    if (key == "records") f.recs = std::stoul(value);
    if (key == "data") f.data = value;
    if (key.rfind("record ", 0) == 0) f.records[std::stoul(key.substr(7))] = value;
  }
  std::map<std::string, Bytes> out;
  for (const F& f : files) {
    if (f.structure == "df" || f.structure == "adf" || !f.link.empty()) continue;
    Bytes b(f.rec_len ? f.rec_len * f.recs : f.size, 0xFF);
    const Bytes d = from_hex(f.data);
    std::copy(d.begin(), d.end(), b.begin());
    for (const auto& [n, hex] : f.records) {
      const Bytes r = from_hex(hex);
      std::copy(r.begin(), r.end(), b.begin() + (n - 1) * f.rec_len);
    }
    out[f.path] = b;
  }
  for (const F& f : files) {
    if (!f.link.empty()) out[f.path] = out.at(f.link);
  }
  return out;
}

std::string path_of(const ProfileTemplate& t, std::uint32_t i) {
  std::string s;
  for (std::uint32_t f = i; f != kNoFile; f = t.files[f].parent) {
    char buf[6];
    std::snprintf(buf, sizeof buf, "%04X", t.files[f].fid);
    s = std::string(buf) + (s.empty() ? "" : "/") + s;
  }
  return s;
}

void expect_round_trip(const ProfileTemplate& t, const std::string& text) {
  const auto expected = expected_bodies(text);
  std::size_t efs = 0;
  for (std::uint32_t i = 0; i < t.files.size(); ++i) {
    if (t.files[i].is_df()) continue;
    ++efs;
    const std::string p = path_of(t, i);
    ASSERT_TRUE(expected.count(p)) << p;
    EXPECT_EQ(to_hex(body(t, i)), to_hex(expected.at(p))) << p;
  }
  EXPECT_EQ(efs, expected.size());
}

std::string read_text(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(ProfileDomestic, ImageEqualsTheDataGiven) {
  expect_round_trip(domestic(), read_text(kProfilePath));
}

const char kHeader[] =
    "[profile]\nname = synthetic\natr = 3B 02 14 50\npage_size = 32\n"
    "[auth]\nk = 000102030405060708090A0B0C0D0E0F\nopc = 0F0E0D0C0B0A09080706050403020100\n"
    "[file MF]\npath = 3F00\nstructure = df\n";

TEST(ProfileParser, RoundTripOfEveryContent) {
  // Transparent EFs of sizes 1..40 and record EFs of every structure with
  // some records given, content from a fixed pseudo-random sequence.
  std::uint32_t seed = 12345;
  auto next_hex = [&](std::size_t n) {
    Bytes b(n);
    for (auto& x : b) {
      seed = seed * 1103515245u + 12345u;
      x = static_cast<std::uint8_t>(seed >> 16);
    }
    return to_hex(b, true);
  };
  std::string text = kHeader;
  text += "[file DF.X]\npath = 3F00/7F10\nstructure = df\n";
  for (unsigned i = 1; i <= 40; ++i) {
    char fid[5];
    std::snprintf(fid, sizeof fid, "%04X", 0x6F00 + i);
    text += "[file EF.T" + std::to_string(i) + "]\npath = 3F00/7F10/" + fid + "\nstructure = transparent\nsize = " +
            std::to_string(i) + "\ndata = " + next_hex(i - i / 3) + "\n";
  }
  for (unsigned i = 1; i <= 12; ++i) {
    char fid[5];
    std::snprintf(fid, sizeof fid, "%04X", 0x4F00 + i);
    const unsigned len = 1 + 7 * i, count = 1 + i % 5;
    text += "[file EF.R" + std::to_string(i) + "]\npath = 3F00/" + fid + "\nstructure = " +
            (i % 2 ? "linear_fixed" : "cyclic") + "\nrecord_length = " + std::to_string(len) +
            "\nrecords = " + std::to_string(count) + "\n";
    for (unsigned r = 1; r <= count; r += 2) text += "record " + std::to_string(r) + " = " + next_hex(len - r % 3) + "\n";
  }
  text += "[file EF.L]\npath = 3F00/4F99\nstructure = cyclic\nrecord_length = 15\nrecords = 3\nlink = 3F00/4F02\n";
  text += "[file EF.P]\npath = 3F00/2FE2\nstructure = transparent\nsize = 10\npersonalized = yes\ndata = " +
          next_hex(10) + "\n";
  const ProfileTemplate t = parse_profile(text, "synthetic.prof");
  expect_round_trip(t, text);
  EXPECT_EQ(t.nvm->page_size(), 32u);
  EXPECT_EQ(t.layout.personalization.size, 32u + 10u);
  EXPECT_EQ(t.files[*t.find_path({0x3F00, 0x4F99})].body_addr, t.files[*t.find_path({0x3F00, 0x4F02})].body_addr);
  for (const NvmRegion& r : {t.layout.sqn, t.layout.file_states, t.layout.bodies}) EXPECT_EQ(r.addr % 32, 0u);
}

TEST(ProfileParser, CommentsAndHashInValues) {
  const std::string text = std::string(kHeader) +
                           "# a comment line\n"
                           "[file EF.ARR]   # trailing comment\n"
                           "path = 3F00/2F06\nstructure = linear_fixed\nrecord_length = 5\nrecords = 1\n"
                           "record 1 = 80 01 01 90 00   # read always\n"
                           "[file EF.A]\npath = 3F00/6F01\nstructure = transparent\nsize = 2\narr = 2F06#1 # rule 1\n"
                           "\r\n";
  const ProfileTemplate t = parse_profile(text, "c.prof");
  const FileNode& a = t.files[*t.find_path({0x3F00, 0x6F01})];
  EXPECT_EQ(a.arr.arr_fid, 0x2F06);
  EXPECT_EQ(a.arr.record, 1);
  EXPECT_EQ(t.atr, from_hex("3B021450"));  // T=0 only: no TCK
}

// ------------------------------------------------------------ errors

// A small valid profile; the cases below edit numbered lines of it.
const std::vector<std::string> kBase = {
    "[profile]",                                                                   // 1
    "name = t",                                                                    // 2
    "atr = 3B 9F 96 80 1F C7 80 31 A0 73 FE 21 13 67 43 20 07 18 00 00 01 E5",     // 3
    "[auth]",                                                                      // 4
    "k = 000102030405060708090A0B0C0D0E0F",                                        // 5
    "opc = 000102030405060708090A0B0C0D0E0F",                                      // 6
    "[pin PIN1]",                                                                  // 7
    "key_ref = 01",                                                                // 8
    "value = 1234",                                                                // 9
    "[file MF]",                                                                   // 10
    "path = 3F00",                                                                 // 11
    "structure = df",                                                              // 12
    "[file EF.ARR]",                                                               // 13
    "path = 3F00/2F06",                                                            // 14
    "structure = linear_fixed",                                                    // 15
    "record_length = 16",                                                          // 16
    "records = 2",                                                                 // 17
    "record 1 = 80 01 01 90 00",                                                   // 18
    "[file EF.A]",                                                                 // 19
    "path = 3F00/6F01",                                                            // 20
    "structure = transparent",                                                     // 21
    "size = 4",                                                                    // 22
    "sfi = 01",                                                                    // 23
    "arr = 2F06#1",                                                                // 24
    "data = 01 02",                                                                // 25
    "[file EF.R]",                                                                 // 26
    "path = 3F00/6F02",                                                            // 27
    "structure = linear_fixed",                                                    // 28
    "record_length = 3",                                                           // 29
    "records = 2",                                                                 // 30
    "record 1 = AA BB",                                                            // 31
};

// Replaces line n (1-based), or appends when n is 0.
std::string edited(std::initializer_list<std::pair<std::size_t, std::string>> edits) {
  std::vector<std::string> lines = kBase;
  std::string tail;
  for (const auto& [n, text] : edits) {
    if (n == 0) tail += text + "\n";
    else lines.at(n - 1) = text;
  }
  std::string out;
  for (const std::string& l : lines) out += l + "\n";
  return out + tail;
}

TEST(ProfileParser, OpGivesOpcPerTs35206) {
  // TS 35.208 set 1: OP cdc202d5..., OPc = OP xor E_K(OP) = cd63cb71...
  const ProfileTemplate t = parse_profile(
      edited({{5, "k = 465b5ce8b199b49faa5f0a2ee238a6bc"}, {6, "op = cdc202d5123e20f62b6d676ac72cb318"}}), "op.prof");
  EXPECT_EQ(t.auth.opc, from_hex("cd63cb71954a9f4e48a5994e37a02baf"));
}

TEST(ProfileParser, BaseProfileIsValid) {
  const ProfileTemplate t = parse_profile(edited({}), "test.prof");
  EXPECT_EQ(t.files.size(), 4u);
  EXPECT_EQ(t.files[*t.find_name("EF.R")].record_count, 2);
}

struct BrokenCase {
  const char* what;
  std::string text;
  std::size_t line;
  const char* message;
};

TEST(ProfileParser, BrokenProfilesNameTheirLine) {
  const std::size_t end = kBase.size() + 1;  // the first appended line
  const BrokenCase cases[] = {
      {"unknown key", edited({{23, "sfo = 01"}}), 23, "unknown key 'sfo' in [file EF.A]"},
      {"both opc and op", edited({{6, "opc = 000102030405060708090A0B0C0D0E0F\nop = 000102030405060708090A0B0C0D0E0F"}}),
       7, "give either opc or op, not both"},
      {"neither opc nor op", edited({{6, "# no opc"}}), 4, "missing key opc (or op)"},
      {"short op", edited({{6, "op = 0001"}}), 6, "op: 2 bytes, expected 16"},
      {"unknown section", edited({{0, "[filesystem X]"}}), end, "unknown section [filesystem X]"},
      {"header without ]", edited({{0, "[file X"}}), end, "without ']'"},
      {"key outside a section", edited({{1, "name = x"}}), 1, "key outside a section"},
      {"line without =", edited({{22, "size 4"}}), 22, "expected 'key = value'"},
      {"duplicate key", edited({{23, "size = 4"}}), 23, "duplicate key 'size'"},
      {"duplicate record key", edited({{0, "record 1 = 01"}}), end, "duplicate key 'record 1'"},
      {"duplicate section", edited({{0, "[profile]"}}), end, "duplicate section [profile]"},
      {"bad hex", edited({{25, "data = 01 0G"}}), 25, "bad hex in 'data'"},
      {"odd hex", edited({{25, "data = 01 0"}}), 25, "bad hex in 'data'"},
      {"missing fid", edited({{20, "# no path"}}), 19, "[file EF.A] has no 'path'"},
      {"missing structure", edited({{21, ""}}), 19, "has no 'structure'"},
      {"unknown structure", edited({{21, "structure = transparant"}}), 21, "'transparant' is not"},
      {"missing size", edited({{22, ""}}), 19, "has no 'size'"},
      {"bad number", edited({{22, "size = 4x"}}), 22, "not a decimal number"},
      {"short fid", edited({{20, "path = 3F00/6F1"}}), 20, "'6F1' is not 4 hex digits"},
      {"path not from MF", edited({{20, "path = 7F20/6F01"}}), 20, "starts at the MF"},
      {"parent path does not exist", edited({{20, "path = 3F00/7F20/6F01"}}), 20, "parent path 3F00/7F20 does not exist"},
      {"parent is an EF", edited({{20, "path = 3F00/2F06/6F01"}}), 20, "is an EF, not a DF"},
      {"duplicate FID in one DF", edited({{27, "path = 3F00/6F01"}}), 27, "duplicate FID 6F01 in 3F00"},
      {"reserved FID", edited({{20, "path = 3F00/7FFF"}}), 20, "FID 7FFF is reserved"},
      {"first file not the MF", edited({{11, "path = 3F00/7F10"}}), 10, "the first file must be the MF"},
      {"SFI out of range", edited({{23, "sfi = 1F"}}), 23, "SFI 1F out of range 1..30"},
      {"SFI zero", edited({{23, "sfi = 00"}}), 23, "out of range 1..30"},
      {"duplicate SFI", edited({{0, "sfi = 01"}}), end, "SFI 01 is already used by EF.A"},
      {"data longer than size", edited({{25, "data = 01 02 03 04 05"}}), 25, "longer than size 4"},
      {"record data longer than the record", edited({{31, "record 1 = AA BB CC DD"}}), 31, "longer than the record (3)"},
      {"record beyond the EF", edited({{31, "record 3 = AA"}}), 31, "record 3 does not exist"},
      {"data on a record EF", edited({{0, "data = 01"}}), end, "does not apply to a record EF"},
      {"size on a DF", edited({{0, "[file DF.X]"}, {0, "path = 3F00/7F10"}, {0, "structure = df"}, {0, "size = 3"}}),
       end + 3, "'size' does not apply to a DF"},
      {"ADF without aid", edited({{0, "[file ADF.X]"}, {0, "path = 3F00/7FF0"}, {0, "structure = adf"}}), end,
       "has no 'aid'"},
      {"ARR record referenced but missing", edited({{24, "arr = 2F06#2"}}), 24, "referenced but missing"},
      {"ARR record beyond the EF.ARR", edited({{24, "arr = 2F06#3"}}), 24, "referenced but EF.ARR 3F00/2F06 has 2 records"},
      {"ARR file not found", edited({{24, "arr = 6F06#1"}}), 24, "EF.ARR 6F06 not found"},
      {"ARR without record", edited({{24, "arr = 2F06"}}), 24, "expected <EF.ARR fid>#<record>"},
      {"ATR with a bad TCK", edited({{3, "atr = 3B 9F 96 80 1F C7 80 31 A0 73 FE 21 13 67 43 20 07 18 00 00 01 E4"}}), 3,
       "bad TCK E4, expected E5"},
      {"ATR missing TCK", edited({{3, "atr = 3B 9F 96 80 1F C7 80 31 A0 73 FE 21 13 67 43 20 07 18 00 00 01"}}), 3,
       "and TCK make 22"},
      {"ATR too short", edited({{3, "atr = 3B 9F 96 80"}}), 3, "ends inside its interface bytes"},
      {"ATR without T=0", edited({{3, "atr = 3B 80 01 81"}}), 3, "T=0 is not the first protocol"},
      {"ATR bad TS", edited({{3, "atr = 3C 00"}}), 3, "TS must be 3B or 3F"},
      {"link target of a different size",
       edited({{0, "[file EF.L]"}, {0, "path = 3F00/6F03"}, {0, "structure = transparent"}, {0, "size = 5"},
               {0, "link = 3F00/6F01"}}),
       end + 4, "link target 3F00/6F01 is transparent of 4 bytes, this EF is transparent of 5"},
      {"link target of a different structure",
       edited({{0, "[file EF.L]"}, {0, "path = 3F00/6F03"}, {0, "structure = cyclic"}, {0, "record_length = 3"},
               {0, "records = 2"}, {0, "link = 3F00/6F02"}}),
       end + 5, "is linear_fixed of 6 bytes, this EF is cyclic"},
      {"link target missing",
       edited({{0, "[file EF.L]"}, {0, "path = 3F00/6F03"}, {0, "structure = transparent"}, {0, "size = 4"},
               {0, "link = 3F00/6F09"}}),
       end + 4, "link target 3F00/6F09 does not exist"},
      {"link with data",
       edited({{0, "[file EF.L]"}, {0, "path = 3F00/6F03"}, {0, "structure = transparent"}, {0, "size = 4"},
               {0, "link = 3F00/6F01"}, {0, "data = 00"}}),
       end + 5, "does not apply to a linked EF"},
      {"K too short", edited({{5, "k = 0001"}}), 5, "2 bytes, expected 16"},
      {"unknown auth key", edited({{5, "ki = 000102030405060708090A0B0C0D0E0F"}}), 5, "unknown key 'ki' in [auth]"},
      {"PIN with letters", edited({{9, "value = 12a4"}}), 9, "expected 4..8 digits"},
      {"duplicate key_ref", edited({{0, "[pin PIN2]"}, {0, "key_ref = 01"}, {0, "value = 1234"}}), end + 1,
       "key_ref 01 is already used by PIN1"},
      {"PUK tries without PUK", edited({{9, "value = 1234\npuk_tries = 3"}}), 10, "puk_tries without a puk"},
      {"bad yes/no", edited({{0, "[pin PIN2]"}, {0, "key_ref = 81"}, {0, "value = 1234"}, {0, "enabled = maybe"}}),
       end + 3, "expected yes or no"},
      {"page size not a power of two", edited({{2, "name = t\npage_size = 48"}}), 3, "power of two"},
      {"too many logical channels", edited({{2, "name = t\nlogical_channels = 21"}}), 3, "out of range 1..20"},
      {"created-file space too small", edited({{2, "name = t\ncreated_file_space = 512"}}), 3,
       "created_file_space: 512 is neither 0 nor at least 1024"},
      {"created-file space too large", edited({{2, "name = t\ncreated_file_space = 2000000"}}), 3,
       "out of range 0..1048576"},
  };
  for (const BrokenCase& c : cases) {
    SCOPED_TRACE(c.what);
    try {
      parse_profile(c.text, "test.prof");
      ADD_FAILURE() << "no ProfileError";
    } catch (const ProfileError& e) {
      const std::string prefix = "test.prof:" + std::to_string(c.line) + ": ";
      const std::string msg = e.what();
      EXPECT_EQ(msg.substr(0, prefix.size()), prefix) << msg;
      EXPECT_NE(msg.find(c.message), std::string::npos) << msg;
      EXPECT_EQ(e.line(), c.line);
    }
  }
}

TEST(ProfileParser, ErrorsWithoutALine) {
  auto message = [](const std::string& text) {
    try {
      parse_profile(text, "test.prof");
    } catch (const ProfileError& e) {
      EXPECT_EQ(e.line(), 0u);
      return std::string(e.what());
    }
    return std::string("no error");
  };
  // [auth] may be left out only by a profile without the USIM (an eUICC's
  // platform storage).
  EXPECT_EQ(message(edited({{4, "#"}, {5, "#"}, {6, "#"}})), "no error");
  EXPECT_EQ(message(edited({{4, "#"}, {5, "#"}, {6, "#"}, {0, "[file ADF.USIM]"}, {0, "path = 3F00/7FF0"},
                            {0, "structure = adf"}, {0, "aid = A0000000871002FF86FF0389FFFFFFFF"}})),
            "test.prof: no [auth] section: a profile with ADF.USIM needs one");
  EXPECT_EQ(message(""), "test.prof: no [profile] section");
  try {
    load_profile("/nonexistent/x.prof");
    ADD_FAILURE() << "no ProfileError";
  } catch (const ProfileError& e) {
    EXPECT_EQ(std::string(e.what()), "/nonexistent/x.prof: cannot open the profile file");
  }
}

// `created_file_space`: the region of the card's own files (TS 102 222),
// after the bodies, erased; 0: none. Its header (a deletion mark per
// profile file, a byte per slot) must fit 240 bytes, one journal run.
TEST(ProfileParser, CreatedFileSpace) {
  const ProfileTemplate none = parse_profile(edited({{2, "name = t\ncreated_file_space = 0"}}), "test.prof");
  EXPECT_EQ(none.layout.created_files.size, 0u);
  EXPECT_EQ(none.layout.bodies.addr + none.layout.bodies.size, none.nvm->data_size());
  const ProfileTemplate small = parse_profile(edited({{2, "name = t\ncreated_file_space = 1024"}}), "test.prof");
  EXPECT_EQ(small.layout.created_files.size, 1024u);
  EXPECT_EQ(small.layout.created_files.addr % small.nvm->page_size(), 0u);
  EXPECT_EQ(small.layout.created_files.addr + 1024u, small.nvm->data_size());

  // `efs` EFs under the MF, with `space` ("" for the default).
  auto profile = [](unsigned efs, const std::string& space) {
    std::string text = kHeader;
    if (!space.empty()) text.replace(text.find("page_size = 32\n"), 15, "page_size = 32\ncreated_file_space = " + space + "\n");
    for (unsigned i = 0; i < efs; ++i) {
      char fid[5];
      std::snprintf(fid, sizeof fid, "%04X", 0x4000 + i);
      text += std::string("[file EF.") + fid + "]\npath = 3F00/" + fid + "\nstructure = transparent\nsize = 1\n";
    }
    return text;
  };
  // 1888 files: 236 bytes of marks and 4 slots (1024 bytes) make 240.
  EXPECT_EQ(parse_profile(profile(1887, "1024"), "m.prof").files.size(), 1888u);
  EXPECT_EQ(parse_profile(profile(1887, "0"), "m.prof").layout.created_files.size, 0u);
  for (const auto& [efs, space, line] : {std::tuple{1888u, std::string("1024"), 5u}, {1887u, std::string(""), 0u}}) {
    try {
      parse_profile(profile(efs, space), "m.prof");
      ADD_FAILURE() << efs << " files parsed with created_file_space '" << space << "'";
    } catch (const ProfileError& e) {
      EXPECT_EQ(e.line(), line);
      EXPECT_NE(std::string(e.what()).find("too many for the created-file area's header"), std::string::npos) << e.what();
    }
  }
}

}  // namespace test_profile_parser
}  // namespace cardcore
