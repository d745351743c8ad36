// From a SAIP package to a working card: decode -> plan_install ->
// parse_profile -> Uicc -> personalize -> power_on, then the USIM is
// selected by AID, EF.IMSI and EF.ICCID read, and AUTHENTICATE answers with
// the TS 35.208 RES/CK/IK of the package's K/OPc. Also what plan_install
// refuses, and that packages differing only in per-card values share one
// profile text.
#include <fstream>
#include <iterator>

#include "card_fixture.hpp"
#include "cardcore/auth/milenage.hpp"
#include "cardcore/auth/sqn_array.hpp"
#include "cardcore/remote/key_sets.hpp"
#include "cardcore/saip/install_plan.hpp"
#include "cardcore/usim/identifiers.hpp"
#include "example_packages.hpp"
#include "vector_file.hpp"

namespace ex = esimtwin::saip_examples;

namespace test_saip_install {

using cardcore::testing::CardTest;
using cardcore::testing::upper_hex;
using namespace cardcore;
using namespace cardcore::saip;

std::string upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

testdata::VectorBlock milenage_set(const std::string& name) {
  for (const auto& b : testdata::load_vector_blocks("milenage-ts35208.txt")) {
    if (b.count("set") && b.at("set") == name) return b;
  }
  throw std::runtime_error("no set " + name);
}

class SaipInstall : public CardTest {
 protected:
  // The whole path from DER bytes to a powered, personalized card.
  InstallPlan install(const Bytes& der) {
    const ProfilePackage pkg = decode_package(der);
    InstallPlan plan = plan_install(pkg);
    profile = std::make_shared<const ProfileTemplate>(parse_profile(plan.profile_text, "saip"));
    card = Uicc(profile);
    card.power_on();
    card.personalize(plan.personalization);
    card.power_on();
    return plan;
  }
  // SELECT by AID (TS 102 221 §11.1.1), no response data.
  std::string select_aid(ByteView aid) { return send("00A4040C" + cardcore::testing::hex8(static_cast<unsigned>(aid.size())) + upper_hex(aid)); }
  std::string verify_pin1(const std::string& digits) {
    Bytes v(digits.begin(), digits.end());
    v.resize(8, 0xFF);
    return send("0020000108" + upper_hex(v));
  }
  // AUTHENTICATE in the 3G context (TS 31.102 §7.1.2) with an AUTN made by
  // the network side from K/OPc for SQN `sqn`.
  std::string authenticate(const Bytes& k, const Bytes& opc, const Bytes& rand, std::uint64_t sqn) {
    const Milenage net(k.data(), opc.data());
    std::uint8_t s[6];
    store_sqn48(s, sqn);
    const Bytes amf = from_hex("8000");
    const MilenageVector v = net.generate(rand.data(), s, amf.data());
    return exchange("0088008122" "10" + upper_hex(rand) + "10" + upper_hex(ByteView(v.autn.data(), v.autn.size())));
  }
  std::shared_ptr<const ProfileTemplate> profile;
};

Bytes read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  return Bytes(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

TEST_F(SaipInstall, CmccPackageGivesAWorkingUsim) {
  const ex::Subscription s = ex::cmcc_m2m_subscription();
  const InstallPlan plan = install(encode_package(ex::cmcc_m2m(s)));
  EXPECT_EQ(plan.personalization.iccid, s.iccid);
  EXPECT_EQ(plan.personalization.imsi, s.imsi);
  EXPECT_EQ(to_hex(plan.personalization.k), s.k);
  EXPECT_EQ(to_hex(plan.personalization.opc), s.opc);

  // TS 102 221 §8.4 / §11.1.1: the USIM by its AID, from EF.DIR.
  const Bytes aid = from_hex("A0000000871002FF86FFFF89FFFFFFFF");
  ASSERT_EQ(select_aid(aid), "9000");
  // EF.IMSI needs PIN1 (EF.ARR 6F06 record 2 of the package).
  EXPECT_EQ(send("00B0870009"), "6982");
  ASSERT_EQ(verify_pin1("1234"), "9000");
  // READ BINARY by SFI 07 (template SFI of EF.IMSI).
  EXPECT_EQ(send("00B0870009"), upper_hex(encode_imsi(s.imsi)) + "9000");
  EXPECT_EQ(decode_imsi(from_hex(send("00B0870009").substr(0, 18))), "460040000000001");

  // EF.ICCID under the MF (TS 102 221 §13.2): the header's ICCID.
  ASSERT_EQ(send("00A4000C023F00"), "9000");
  ASSERT_EQ(send("00A4000C022FE2"), "9000");
  EXPECT_EQ(send("00B000000A"), upper_hex(encode_iccid(s.iccid, true)) + "9000");

  // TS 35.208 test set 1 with its K/OPc in the package: RES, CK, IK (RES,
  // CK and IK do not depend on SQN). No Kc: the package's EF.UST leaves
  // service 27 (GSM access) out (TS 31.102 §7.1.2.1).
  ASSERT_EQ(select_aid(aid), "9000");
  const auto set = milenage_set("ts35208-1");
  // SEQ 1, IND 0: within the package's sqnDelta (2^28) of a new card's zero.
  EXPECT_EQ(authenticate(from_hex(s.k), from_hex(s.opc), from_hex(set.at("rand")), 0x20),
            "DB08" + upper(set.at("f2")) + "10" + upper(set.at("f3")) + "10" + upper(set.at("f4")) + "9000");
}

TEST_F(SaipInstall, PartnerPackageGivesAWorkingUsim) {
  const ex::Subscription s = ex::partner_eu_subscription();
  const InstallPlan plan = install(encode_package(ex::partner_eu(s)));
  const Bytes aid = from_hex("A0000000871002FF49FFFF89FFFFFFFF");
  ASSERT_EQ(select_aid(aid), "9000");
  ASSERT_EQ(verify_pin1("1234"), "9000");
  EXPECT_EQ(send("00B0870009"), upper_hex(encode_imsi("262010000000001")) + "9000");
  const auto set = milenage_set("ts35208-3");
  EXPECT_EQ(authenticate(from_hex(s.k), from_hex(s.opc), from_hex(set.at("rand")), 0x40),
            "DB08" + upper(set.at("f2")) + "10" + upper(set.at("f3")) + "10" + upper(set.at("f4")) + "9000");
  // The PE-NonStandard (not mandated) is reported, not installed.
  EXPECT_NE(std::find(plan.ignored.begin(), plan.ignored.end(), "PE-NonStandard (not mandated): not installed"),
            plan.ignored.end());
}

TEST_F(SaipInstall, SqnBeyondTheDeltaGivesAuts) {
  const ex::Subscription s = ex::cmcc_m2m_subscription();
  install(encode_package(ex::cmcc_m2m(s)));
  ASSERT_EQ(select_aid(from_hex("A0000000871002FF86FFFF89FFFFFFFF")), "9000");
  ASSERT_EQ(verify_pin1("1234"), "9000");
  // sqnDelta '000010000000' (2^28 SEQ): SEQ 2^28 + 1 is too far ahead (TS 33.102 Annex C.2.1).
  const std::string r = authenticate(from_hex(s.k), from_hex(s.opc), Bytes(16, 0x5A), ((1ull << 28) + 1) << 5);
  EXPECT_EQ(r.substr(0, 4), "DC0E");  // AUTS
}

TEST_F(SaipInstall, GenericFileManagementFilesAndOtaKeySets) {
  const ex::Subscription s = ex::cmcc_m2m_subscription();
  const InstallPlan plan = install(encode_package(ex::cmcc_m2m(s)));
  // The DF 7F50 / EF 6F01 made by PE-GenericFileManagement (read: 2F06 record 10, always).
  ASSERT_EQ(send("00A4000C023F00"), "9000");
  ASSERT_EQ(send("00A4000C027F50"), "9000");
  ASSERT_EQ(send("00A4000C026F01"), "9000");
  EXPECT_EQ(send("00B0000005"), upper_hex(Bytes{'c', 'm', 'i', 'o', 't'}) + "9000");
  // Two RFM TARs (B00000, B00011) with key version 1 (KIc/KID '12': AES,
  // TS 102 225 §5.1.2), MSL 16, one shared counter; factory keys zero.
  const auto records = remote::factory_key_set_records(*profile);
  ASSERT_EQ(records.size(), 2u);
  ASSERT_EQ(plan.personalization.ota_keys.size(), 2u);
  EXPECT_EQ(to_hex(plan.personalization.ota_keys[0].kic_key), "00112233445566778899aabbccddeeff");
  EXPECT_EQ(to_hex(plan.personalization.ota_keys[1].kid_key), "ffeeddccbbaa99887766554433221100");
  EXPECT_NE(plan.profile_text.find("record 1 = B00000160112101210"), std::string::npos);
  EXPECT_NE(plan.profile_text.find("record 2 = B00011160112101210"), std::string::npos);
}

// profiles/saip/*.der are what make_saip_packages writes from the C++
// definitions, and each installs into a working USIM.
TEST_F(SaipInstall, CommittedFilesAreTheGeneratorOutputAndInstall) {
  struct Expect {
    const char* file;
    ex::Subscription sub;
    const char* aid;
    const char* set;
  };
  const Expect files[] = {
      {"cmcc-m2m.der", ex::cmcc_m2m_subscription(), "A0000000871002FF86FFFF89FFFFFFFF", "ts35208-1"},
      {"partner-eu.der", ex::partner_eu_subscription(), "A0000000871002FF49FFFF89FFFFFFFF", "ts35208-3"},
  };
  const auto defs = ex::example_files();
  ASSERT_EQ(defs.size(), 2u);
  for (std::size_t i = 0; i < 2; ++i) {
    const Expect& f = files[i];
    SCOPED_TRACE(f.file);
    ASSERT_EQ(defs[i].file_name, f.file);
    const Bytes committed = read_file(std::string(ESIMTWIN_SOURCE_DIR "/profiles/saip/") + f.file);
    // (a) the definition re-encodes to the committed bytes
    EXPECT_EQ(to_hex(encode_package(defs[i].package)), to_hex(committed));
    // (b) the committed bytes decode and install
    const InstallPlan plan = install(committed);
    EXPECT_EQ(plan.personalization.iccid, f.sub.iccid);
    ASSERT_EQ(select_aid(from_hex(f.aid)), "9000");
    ASSERT_EQ(verify_pin1("1234"), "9000");
    EXPECT_EQ(send("00B0870009"), upper_hex(encode_imsi(f.sub.imsi)) + "9000");
    const auto set = milenage_set(f.set);
    EXPECT_EQ(authenticate(from_hex(f.sub.k), from_hex(f.sub.opc), from_hex(set.at("rand")), 0x20),
              "DB08" + upper(set.at("f2")) + "10" + upper(set.at("f3")) + "10" + upper(set.at("f4")) + "9000");
  }
}

// TS 102 222 proprietary fill ('C1': last byte repeated) and repeat ('C2')
// patterns give the initial content; fillFileContent writes over it.
TEST(SaipInstallPlan, FillAndRepeatPatterns) {
  ProfilePackage p = ex::cmcc_m2m(ex::cmcc_m2m_subscription());
  auto& usim = std::get<FileSystemPe>(p.elements[4]);
  Fcp fill, repeat;
  fill.proprietary = ProprietaryInfo{};
  fill.proprietary->fill_pattern = from_hex("07 00");
  repeat.proprietary = ProprietaryInfo{};
  repeat.proprietary->repeat_pattern = from_hex("64 F0 40");
  usim.file("ef-keys") = File{{fill}};
  usim.file("ef-fplmn") = File{{repeat, FillFileOffset{3}, FillFileContent{from_hex("62F210")}}};
  const InstallPlan plan = plan_install(decode_package(encode_package(p)));
  EXPECT_NE(plan.profile_text.find("data = 07" + std::string(64, '0') + "\n"), std::string::npos);
  EXPECT_NE(plan.profile_text.find("data = 64F04062F21064F04064F040\n"), std::string::npos);
}

// filePath can name an existing EF (an ADF by its temporary FID, the MF's
// FID may lead): fillFileOffset / fillFileContent then change its content.
TEST(SaipInstallPlan, GenericFileManagementFillsAnExistingEf) {
  ProfilePackage p = ex::cmcc_m2m(ex::cmcc_m2m_subscription());
  std::get<PeGenericFileManagement>(p.elements[11]).commands.push_back(
      {FilePath{from_hex("3F00 7FF0 6F46")}, FillFileOffset{1}, FillFileContent{from_hex("5859")}});
  const InstallPlan plan = plan_install(decode_package(encode_package(p)));
  EXPECT_NE(plan.profile_text.find("data = 0158594343\n"), std::string::npos);  // EF.SPN: "CMCC" -> "XYCC"
}

// What the card does not use is listed, not dropped silently.
TEST(SaipInstallPlan, IgnoredContentIsListed) {
  ProfilePackage p = ex::cmcc_m2m(ex::cmcc_m2m_subscription());
  EXPECT_EQ(plan_install(p).ignored,
            (std::vector<std::string>{
                "EF.ACC content: Uicc::personalize() sets the access class from the IMSI's last digit",
                "PE-RFM access domains and adfRFMAccess: card-core's RFM applications have ADM1 rights and start in "
                "the MF (B00000) or ADF.USIM (B00011..1F)",
                "PE-SecurityDomain instances: no GlobalPlatform registry is built ([gp] section)",
                "algorithmOptions of PE-AKAParameter: not used by card-core's Milenage",
                "pinAttributes: not interpreted; PINs start enabled, ADM keys cannot be disabled",
                "pinStatusTemplateDO of the MF/DFs/ADFs: card-core builds its PS_DO from the PINs",
                "security domain keys other than KIc/KID (keyIdentifier 01/02), e.g. the DEK: no use in card-core",
                "sqnAgeLimit: the age limit check (Annex C.2.2) is off"}));
  std::get<PePukCodes>(p.elements[2]).puk_codes.push_back({0x02, from_hex("3030303030303030"), 0xAA});
  const auto ignored = plan_install(p).ignored;
  EXPECT_NE(std::find(ignored.begin(), ignored.end(), "PUKs that no PIN refers to"), ignored.end());
}

TEST(SaipInstallPlan, PerCardValuesAreSplitOut) {
  const ex::Subscription a = ex::cmcc_m2m_subscription();
  ex::Subscription b = a;
  b.iccid = "8986040000000000027";
  b.imsi = "460040000000027";
  b.k = "000102030405060708090a0b0c0d0e0f";
  b.opc = "0f0e0d0c0b0a09080706050403020100";
  const InstallPlan pa = plan_install(decode_package(encode_package(ex::cmcc_m2m(a))));
  const InstallPlan pb = plan_install(decode_package(encode_package(ex::cmcc_m2m(b))));
  EXPECT_EQ(pa.profile_text, pb.profile_text);
  EXPECT_EQ(pb.personalization.iccid, b.iccid);
  EXPECT_EQ(pb.personalization.imsi, b.imsi);
  EXPECT_EQ(to_hex(pb.personalization.k), b.k);
  EXPECT_EQ(to_hex(pb.personalization.opc), b.opc);
  // None of the per-card values is in the shared text.
  for (const std::string& v : {std::string("465B5CE8"), std::string("CD63CB71"), std::string("98684000")}) {
    EXPECT_EQ(pa.profile_text.find(v), std::string::npos) << v;
  }
  // The other operator's package is another kind of card.
  const InstallPlan pc = plan_install(decode_package(encode_package(ex::partner_eu(ex::partner_eu_subscription()))));
  EXPECT_NE(pa.profile_text, pc.profile_text);
}

// What card-core cannot install is refused, naming the PE and element.
TEST(SaipInstallPlan, RefusesWhatCardCoreCannotRepresent) {
  using Edit = void (*)(ProfilePackage&);
  struct Case {
    const char* name;
    Edit edit;
    const char* want;
  };
  static const Case cases[] = {
      {"tuak", [](ProfilePackage& p) { std::get<AlgoParameter>(std::get<PeAkaParameter>(p.elements[7]).algo_configuration).algorithm = AlgorithmId::Tuak; },
       "PE #7 PE-AKAParameter.algorithmID: only Milenage is supported"},
      {"mapping", [](ProfilePackage& p) { std::get<PeAkaParameter>(p.elements[7]).algo_configuration = MappingParameter{1, from_hex("A0000000871004")}; },
       "PE #7 PE-AKAParameter.mappingParameter: mapping to another NAA's parameters is not supported"},
      {"sqnInit", [](ProfilePackage& p) { std::get<PeAkaParameter>(p.elements[7]).sqn_init[3] = from_hex("000000000001"); },
       "PE #7 PE-AKAParameter.sqnInit: card-core's SQN array starts at zero"},
      {"sqnOptions", [](ProfilePackage& p) { std::get<PeAkaParameter>(p.elements[7]).sqn_options = 0x06; },
       "PE #7 PE-AKAParameter.sqnOptions: only '02' (delta check) and '00' (no check) are supported"},
      {"xoring", [](ProfilePackage& p) { std::get<AlgoParameter>(std::get<PeAkaParameter>(p.elements[7]).algo_configuration).xoring_constants[0] = 1; },
       "PE #7 PE-AKAParameter.xoringConstants: constants with bytes other than the last set are not supported"},
      {"mandated opaque", [](ProfilePackage& p) {
         Bytes v = codec::encode_pe_header({true, 99});
         der::put(v, der::cp(1), der::oid_value("2.999.1"));
         der::put(v, der::cp(2), from_hex("00"));
         p.elements.insert(p.elements.end() - 1, OpaquePe{pe_tag::kNonStandard, {true, 99}, v});
       },
       "PE #12 PE-NonStandard: mandated, but card-core cannot install it"},
      {"pin tries", [](ProfilePackage& p) { std::get<std::vector<PinConfiguration>>(std::get<PePinCodes>(p.elements[3]).pin_codes)[0].max_attempts_retries = 0x32; },
       "PE #3 PE-PINCodes.pinconfig[0]: max attempts must be 1..15 with all of them left (card-core)"},
      {"pin value", [](ProfilePackage& p) { std::get<std::vector<PinConfiguration>>(std::get<PePinCodes>(p.elements[3]).pin_codes)[0].pin_value = from_hex("31323334414243FF"); },
       "PE #3 PE-PINCodes.pinconfig[0].pinValue: value is not ASCII digits padded with 'FF' (card-core)"},
      {"iccid mismatch", [](ProfilePackage& p) { std::get<ProfileHeader>(p.elements[0]).iccid = encode_iccid("8986040000000000027", true); },
       "PE #0 ProfileHeader.iccid: differs from the content of EF.ICCID"},
      {"iccid luhn", [](ProfilePackage& p) {
         const Bytes bad = encode_iccid("89860400000000000010", false);  // check digit 0, not 5
         std::get<ProfileHeader>(p.elements[0]).iccid = bad;
         std::get<FileSystemPe>(p.elements[1]).file("ef-iccid") = File{{FillFileContent{bad}}};
       },
       "PE #0 ProfileHeader.iccid: must be 19 or 20 BCD digits ('F' filled) ending in their Luhn check digit (E.118)"},
      {"imsi coding", [](ProfilePackage& p) {
         // Length byte 07 with a ninth byte that is not 'FF': personalize could not write it back.
         std::get<FileSystemPe>(p.elements[4]).file("ef-imsi") = File{{FillFileContent{from_hex("07 49 06 40 00 00 00 00 00")}}};
       },
       "PE #4 PE-USIM.ef-imsi: EF.IMSI content: not the TS 31.102 §4.2.2 coding of 4600400000000"},
      {"rfm tar", [](ProfilePackage& p) { (*std::get<PeRfm>(p.elements[9]).tar_list)[0] = from_hex("C00001"); },
       "PE #9 PE-RFM.tarList: TAR C00001 names none of card-core's RFM applications"},
      {"des key", [](ProfilePackage& p) { (*std::get<PeSecurityDomain>(p.elements[8]).key_list)[0].components[0].key_type = {0x80}; },
       "PE #8 PE-SecurityDomain.keyList[0]: only single-component AES keys (key type '88') are supported"},
      {"lcsi", [](ProfilePackage& p) {
         auto& f = *std::get<FileSystemPe>(p.elements[4]).file("adf-usim");
         std::get<Fcp>(f.elements[0]).lcsi = 0x04;
       },
       "PE #4 PE-USIM.adf-usim: life cycle status other than '05' (activated)"},
      {"content too long", [](ProfilePackage& p) { std::get<FileSystemPe>(p.elements[4]).file("ef-imsi") = File{{FillFileContent{Bytes(10, 0x08)}}}; },
       "PE #4 PE-USIM.ef-imsi: fillFileContent of 10 bytes at offset 0 does not fit the file's 9 bytes"},
      {"no template default", [](ProfilePackage& p) { std::get<FileSystemPe>(p.elements[5]).file("ef-gid1") = File{{FillFileContent{from_hex("01")}}}; },
       "PE #5 PE-OPT-USIM.ef-gid1: no fileDescriptor and no template default for this file (README.md \"Templates\")"},
      {"link", [](ProfilePackage& p) {
         Fcp f;
         f.link_path = from_hex("7FF06F07");
         std::get<FileSystemPe>(p.elements[4]).file("ef-keys") = File{{f}};
       },
       "PE #4 PE-USIM.ef-keys: linkPath (linked files) is not supported"},
      {"usim aid", [](ProfilePackage& p) {
         auto& f = *std::get<FileSystemPe>(p.elements[4]).file("adf-usim");
         std::get<Fcp>(f.elements[0]).df_name = from_hex("A0000000871004FF86FFFF89FFFFFFFF");
       },
       "PE #4 PE-USIM.adf-usim: the ADF's AID does not start with the USIM's A0000000871002"},
      {"small imsi", [](ProfilePackage& p) {
         Fcp f;
         f.file_descriptor = from_hex("4121");
         f.ef_file_size = from_hex("08");
         std::get<FileSystemPe>(p.elements[4]).file("ef-imsi") = File{{f, FillFileContent{from_hex("0849064000000000")}}};
       },
       "PE #4 PE-USIM.ef-imsi: EF.IMSI must be a transparent EF of at least 9 bytes"},
      {"gfm path", [](ProfilePackage& p) {
         std::get<PeGenericFileManagement>(p.elements[11]).commands = {{FilePath{from_hex("7F99")}}};
       },
       "PE #11 PE-GenericFileManagement.fileManagementCMD[0]: filePath names no file created so far"},
      {"gfm fill", [](ProfilePackage& p) {
         std::get<PeGenericFileManagement>(p.elements[11]).commands = {{FilePath{{}}, FillFileContent{from_hex("01")}}};
       },
       "PE #11 PE-GenericFileManagement.fileManagementCMD[0]: fillFileContent without a current EF"},
      {"no aka", [](ProfilePackage& p) { p.elements.erase(p.elements.begin() + 7); },
       "no PE-AKAParameter: card-core needs the USIM's K and OPc"},
      {"ota df", [](ProfilePackage& p) {
         auto& gfm = std::get<PeGenericFileManagement>(p.elements[11]);
         std::get<CreateFcp>(gfm.commands[0][1]).fcp.file_id = from_hex("7F66");
       },
       "the package uses FID 7F66 that InstallOptions::ota_df reserves"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    ProfilePackage p = ex::cmcc_m2m(ex::cmcc_m2m_subscription());
    c.edit(p);
    try {
      plan_install(p);
      ADD_FAILURE() << "no error";
    } catch (const PackageError& e) {
      EXPECT_STREQ(e.what(), c.want);
    }
  }
}

}  // namespace test_saip_install
