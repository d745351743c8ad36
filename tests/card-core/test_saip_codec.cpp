// The SAIP package codec (TCA eUICC Profile Package, PEDefinitions v3.3.1):
// hand-assembled DER against the decoder, round trips of every modelled PE
// with all optional components, and one malformed input per class of error
// with the exact error.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "cardcore/saip/install_plan.hpp"
#include "cardcore/saip/profile_package.hpp"
#include "cardcore/usim/identifiers.hpp"
#include "example_packages.hpp"

namespace test_saip_codec {

using namespace cardcore;
using namespace cardcore::saip;

const char* kIccid = "98684000000000000051";  // EF.ICCID coding of 8986040000000000001 + Luhn 5

// ProfileHeader { major 2, minor 3, iccid, services {}, GFSTE {} } + PE-End { id 1 }.
std::string minimal_header() { return std::string("a016800102810103830a") + kIccid + "a500a600"; }
std::string minimal_end() { return "aa05a003810101"; }

std::string error_of(const std::string& hex) {
  try {
    decode_package(from_hex(hex));
    return "no error";
  } catch (const PackageError& e) {
    return e.what();
  }
}

// The top-level TLVs of a package, each as hex.
std::vector<std::string> split(const Bytes& der) {
  der::Context ctx;
  der::Reader r(ctx, der, 0);
  std::vector<std::string> out;
  while (!r.at_end()) {
    const der::Tlv t = r.next("PE");
    out.push_back(to_hex(ByteView(der).subspan(t.offset, t.end() - t.offset)));
  }
  return out;
}

std::string join(const std::vector<std::string>& parts) {
  std::string s;
  for (const auto& p : parts) s += p;
  return s;
}

ProfilePackage example() {
  return esimtwin::saip_examples::cmcc_m2m(esimtwin::saip_examples::cmcc_m2m_subscription());
}

// Every modelled PE with every optional component present and values off
// their DEFAULTs (test values, not a real profile).
ProfilePackage full_package() {
  ProfilePackage p;
  std::uint16_t id = 1;
  auto hdr = [&id](bool mandated = false) { return PeHeader{mandated, id++}; };
  ProfileHeader h;
  h.major_version = 3;
  h.minor_version = 3;
  h.profile_type = "codec test ✓";
  h.iccid = from_hex(kIccid);
  h.pol = from_hex("01");
  h.mandatory_services.set("usim");
  h.mandatory_services.set("milenage");
  h.mandatory_services.set("eaka");
  h.mandatory_gfste = {"2.23.143.1.2.1", "2.23.143.1.2.4.2"};
  h.connectivity_parameters = from_hex("a000");
  h.mandatory_aids = std::vector<MandatoryAid>{{from_hex("A000000087100201"), from_hex("0102")}};
  h.iot_pix = from_hex("10020304050607");
  p.elements.emplace_back(h);

  FileSystemPe mf(FileSystemKind::Mf);
  mf.header = hdr(true);
  mf.template_id = "2.23.143.1.2.1";
  Fcp full;
  full.file_descriptor = from_hex("42210028");
  full.file_id = from_hex("2F06");
  full.lcsi = 0x04;
  full.security_attributes = from_hex("2F0601");
  full.ef_file_size = from_hex("0230");
  full.short_ef_id = Bytes{};
  ProprietaryInfo pi;
  pi.special_file_information = 0x80;
  pi.fill_pattern = from_hex("FF00");
  pi.maximum_file_size = from_hex("0400");
  pi.file_details = 0x02;
  full.proprietary = pi;
  full.link_path = from_hex("7FF06F06");
  Fcp mf_fcp;
  mf_fcp.pin_status_template = from_hex("900140830101");
  mf_fcp.df_name = from_hex("A000000087");
  mf.file("mf") = File{{mf_fcp}};
  mf.file("ef-iccid") = File{{FillFileOffset{0}, FillFileContent{from_hex(kIccid)}}};
  mf.file("ef-dir") = File{};
  mf.file("ef-arr") = File{{full, FillFileOffset{40}, FillFileContent{from_hex("8001019000")}}};
  mf.file("ef-umpc") = File{{DoNotCreate{}}};
  p.elements.emplace_back(mf);

  FileSystemPe telecom(FileSystemKind::Telecom);
  telecom.header = hdr();
  telecom.template_id = "2.23.143.1.2.3.2";
  telecom.file("df-telecom") = File{};
  telecom.file("ef-v2xp-Uu") = File{{FillFileContent{from_hex("00")}}};  // component [47]: a two-byte tag
  p.elements.emplace_back(telecom);

  p.elements.emplace_back(PePukCodes{hdr(), {{0x01, from_hex("3132333435363738"), 0x55}, {0x88, from_hex("3838383838383838"), 0xAA}}});
  p.elements.emplace_back(PePinCodes{hdr(), std::vector<PinConfiguration>{{0x01, from_hex("31323334FFFFFFFF"), 0x01, 0x06, 0x22},
                                                                        {0x8E, from_hex("3838383838383838"), 0x88, 7, 0x33}}});
  p.elements.emplace_back(PePinCodes{hdr(), from_hex("7FF0")});

  FileSystemPe usim(FileSystemKind::Usim);
  usim.header = hdr();
  usim.template_id = "2.23.143.1.2.4.2";
  for (const auto& n : template_files(FileSystemKind::Usim)) {
    if (n.mandatory) usim.file(n.name) = File{};
  }
  usim.file("ef-epsnsc") = File{{FillFileContent{from_hex("a0")}}};
  p.elements.emplace_back(usim);
  FileSystemPe opt(FileSystemKind::OptUsim);
  opt.header = hdr();
  opt.template_id = "2.23.143.1.2.5.2";
  opt.file("ef-eaka") = File{{FillFileContent{from_hex("01")}}};  // the last component, [87]
  p.elements.emplace_back(opt);

  PeAkaParameter aka;
  aka.header = hdr();
  AlgoParameter a;
  a.algorithm = AlgorithmId::Tuak;
  a.algorithm_options = 0x02;
  a.key = Bytes(32, 0x11);
  a.opc = Bytes(32, 0x22);
  a.rotation_constants = from_hex("4100204060");
  a.xoring_constants = Bytes(80, 0x01);
  a.auth_counter_max = from_hex("00FFFF");
  a.number_of_keccak = 2;
  aka.algo_configuration = a;
  aka.sqn_options = 0x0E;
  aka.sqn_delta = from_hex("000000001000");
  aka.sqn_age_limit = from_hex("07FFFFFFFFFF");
  aka.sqn_init = std::vector<Bytes>(32, from_hex("000000000020"));
  p.elements.emplace_back(aka);
  PeAkaParameter mapped;
  mapped.header = hdr();
  mapped.algo_configuration = MappingParameter{0x01, from_hex("A0000000871004")};
  p.elements.emplace_back(mapped);

  ApplicationInstance inst;
  inst.load_package_aid = from_hex("A0000001515350");
  inst.class_aid = from_hex("A000000151535041");
  inst.instance_aid = from_hex("A000000151000001");
  inst.extradite_sd_aid = from_hex("A000000151000000");
  inst.privileges = from_hex("80C000");
  inst.life_cycle_state = 0x0F;
  inst.specific_parameters_c9 = from_hex("8102");
  ApplicationSystemParameters sys;
  sys.volatile_memory_quota = from_hex("0100");
  sys.non_volatile_memory_quota = from_hex("0200");
  sys.global_service_parameters = from_hex("01");
  sys.implicit_selection_parameter = from_hex("02");
  sys.volatile_reserved_memory = from_hex("0300");
  sys.non_volatile_reserved_memory = from_hex("0400");
  sys.ts102226_sim_file_access_toolkit = from_hex("05");
  sys.ts102226_additional_contactless = from_hex("06");
  sys.contactless_protocol_parameters = from_hex("07");
  sys.user_interaction_contactless = from_hex("08");
  sys.cumulative_granted_volatile = from_hex("0900");
  sys.cumulative_granted_non_volatile = from_hex("0A00");
  inst.system_parameters = sys;
  inst.uicc_parameters = UiccApplicationParameters{from_hex("01"), from_hex("02"), from_hex("03")};
  inst.process_data = std::vector<Bytes>{from_hex("80E60C00"), from_hex("80E60200")};
  inst.application_provider_id = from_hex("4142");
  PeSecurityDomain sd;
  sd.header = hdr();
  sd.instance = inst;
  sd.key_list = std::vector<KeyObject>{
      {from_hex("3800"), 0x01, 0x01, 0x02, from_hex("000001"), {{from_hex("88"), Bytes(16, 0x42), 16}, {from_hex("80"), Bytes(8, 1), 8}}}};
  sd.sd_perso_data = std::vector<Bytes>{from_hex("80E2880003")};
  sd.open_perso_data = PeSecurityDomain::OpenPersoData{from_hex("01"), from_hex("02")};
  sd.cat_tp_parameters = PeSecurityDomain::CatTpParameters{1024, 1500};
  p.elements.emplace_back(sd);

  PeRfm rfm;
  rfm.header = hdr();
  rfm.instance_aid = from_hex("A0000000090005FFFFFFFF8911000000");
  rfm.security_domain_aid = from_hex("A000000151000001");
  rfm.tar_list = std::vector<Bytes>{from_hex("B00000"), from_hex("B00001")};
  rfm.minimum_security_level = 0x12;
  rfm.uicc_access_domain = from_hex("00");
  rfm.uicc_admin_access_domain = from_hex("0201");
  rfm.adf_rfm_access = AdfRfmAccess{from_hex("A0000000871002"), from_hex("00"), from_hex("02")};
  p.elements.emplace_back(rfm);

  PeApplication app;
  app.header = hdr();
  app.load_block = ApplicationLoadPackage{from_hex("A000000077"), from_hex("A000000151000001"), from_hex("1000"),
                                          from_hex("0100"), from_hex("0200"), Bytes(20, 0x5A), Bytes(300, 0xC4)};
  ApplicationInstance minimal;
  minimal.load_package_aid = from_hex("A000000077");
  minimal.class_aid = from_hex("A00000007701");
  minimal.instance_aid = from_hex("A0000000770101");
  minimal.privileges = from_hex("00");
  app.instances = std::vector<ApplicationInstance>{inst, minimal};
  p.elements.emplace_back(app);

  PeGenericFileManagement gfm;
  gfm.header = hdr();
  Fcp df;
  df.file_descriptor = from_hex("7821");
  df.file_id = from_hex("7F50");
  gfm.commands = {{FilePath{{}}, CreateFcp{df}, FillFileOffset{300}, FillFileContent{from_hex("01")}},
                  {FilePath{from_hex("7F50")}}};
  p.elements.emplace_back(gfm);

  // PE-CD (not modelled) and an extension PE [40], both kept opaque.
  Bytes cd = codec::encode_pe_header(hdr());
  der::put(cd, der::cp(1), der::oid_value("2.23.143.1.2.2"));
  der::put(cd, der::cc(2), {});
  p.elements.emplace_back(OpaquePe{pe_tag::kCd, PeHeader{false, static_cast<std::uint16_t>(id - 1)}, cd});
  Bytes ext = codec::encode_pe_header(hdr());
  der::put(ext, der::cc(5), der::tlv(der::kNull, {}));
  p.elements.emplace_back(OpaquePe{40, PeHeader{false, static_cast<std::uint16_t>(id - 1)}, ext});

  p.elements.emplace_back(PeEnd{hdr()});
  return p;
}

TEST(SaipCodec, HandAssembledElementsDecode) {
  // ProfileHeader with services milenage [4] and javacard [11] and the MF template OID.
  const std::string header = std::string("a022800102810103830a") + kIccid + "a50484008b00" "a608060667810f010201";
  // PE-PUKCodes { id 2, { PUK 01 "12345678" } }.
  const std::string puk = "a316a003810102a10f300d8001018108" "3132333435363738";
  // PE-AKAParameter { id 3, mappingParameter { 01, A0000000871002 }, sqnOptions 00 }.
  const std::string aka = "a418a003810103a10ea00c800101" "8107a0000000871002" "820100";
  // PE-End { id 5 }.
  const std::string end = "aa05a003810105";
  ProfilePackage want;
  ProfileHeader h;
  h.major_version = 2;
  h.minor_version = 3;
  h.iccid = from_hex(kIccid);
  h.mandatory_services.set("milenage");
  h.mandatory_services.set("javacard");
  h.mandatory_gfste = {"2.23.143.1.2.1"};
  want.elements.emplace_back(h);
  want.elements.emplace_back(PePukCodes{{false, 2}, {{0x01, from_hex("3132333435363738"), 0xAA}}});
  // Not a valid package for the rules (PE-AKAParameter needs an NAA first):
  // check the elements by decoding the two that stand alone.
  EXPECT_EQ(decode_package(from_hex(header + puk + end)).elements.size(), 3u);
  want.elements.emplace_back(PeEnd{{false, 5}});
  EXPECT_EQ(decode_package(from_hex(header + puk + end)), want);
  EXPECT_EQ(to_hex(encode_package(want)), header + puk + end);
  EXPECT_EQ(error_of(header + aka + end),
            "PE #1 PE-AKAParameter at byte 36: PE-AKAParameter before any NAA PE (PE-USIM, PE-ISIM, PE-CSIM)");
}

TEST(SaipCodec, EveryModelledElementRoundTrips) {
  const ProfilePackage p = full_package();
  const Bytes der = encode_package(p);
  const ProfilePackage back = decode_package(der);
  ASSERT_EQ(back.elements.size(), p.elements.size());
  for (std::size_t i = 0; i < p.elements.size(); ++i) {
    SCOPED_TRACE(pe_choice_name(choice_of(p.elements[i])));
    EXPECT_TRUE(back.elements[i] == p.elements[i]);
  }
  EXPECT_EQ(encode_package(back), der);
  // The two-byte tags: PE-TELECOM's ef-v2xp-Uu [47] and PE-OPT-USIM's ef-eaka [87].
  const auto telecom = back.file_system(FileSystemKind::Telecom);
  ASSERT_NE(telecom, nullptr);
  EXPECT_TRUE(telecom->file("ef-v2xp-Uu").has_value());
  EXPECT_NE(to_hex(der).find("bf2f"), std::string::npos);
  EXPECT_NE(to_hex(der).find("bf5703830101"), std::string::npos);
}

TEST(SaipCodec, ExamplePackagesRoundTrip) {
  for (const auto& f : esimtwin::saip_examples::example_files()) {
    SCOPED_TRACE(f.file_name);
    const Bytes der = encode_package(f.package);
    const ProfilePackage back = decode_package(der);
    EXPECT_TRUE(back == f.package);
    EXPECT_EQ(encode_package(back), der);
  }
}

TEST(SaipCodec, OpaqueElementsKeepTheirBytes) {
  const Bytes der = encode_package(full_package());
  const ProfilePackage p = decode_package(der);
  const auto opaque = p.all<OpaquePe>();
  ASSERT_EQ(opaque.size(), 2u);
  EXPECT_EQ(opaque[0]->choice, pe_tag::kCd);
  EXPECT_EQ(opaque[1]->choice, 40u);
  EXPECT_EQ(pe_choice_name(opaque[1]->choice), "extension PE [40]");
}

TEST(SaipCodec, EncodingRefusesWhatCannotBeDecoded) {
  ProfilePackage p = example();
  std::get<PeAkaParameter>(p.elements[7]).sqn_init.pop_back();
  EXPECT_THROW(encode_package(p), PackageError);
  p = example();
  p.elements.pop_back();  // no PE-End
  EXPECT_THROW(encode_package(p), PackageError);
}

// One malformed input per class; the whole message is checked.
TEST(SaipCodec, MalformedPackagesGiveTheirExactError) {
  const std::string h = minimal_header(), e = minimal_end();
  const std::vector<std::string> pes = split(encode_package(example()));
  ASSERT_EQ(pes.size(), 13u);
  auto swapped = [&pes](std::size_t i, std::size_t j) {
    std::vector<std::string> v = pes;
    std::swap(v[i], v[j]);
    return join(v);
  };
  // PE-USIM (index 4) without its mandatory ef-imsi ([3], after adf-usim).
  std::vector<std::string> no_imsi = pes;
  {
    const Bytes usim = from_hex(pes[4]);
    der::Context ctx;
    der::Reader outer(ctx, usim, 0);
    der::Reader r(ctx, outer.next("PE-USIM"));
    Bytes contents;
    while (!r.at_end()) {
      const der::Tlv t = r.next("component");
      if (t.tag != der::cc(3)) contents.insert(contents.end(), usim.begin() + static_cast<std::ptrdiff_t>(t.offset), usim.begin() + static_cast<std::ptrdiff_t>(t.end()));
    }
    no_imsi[4] = to_hex(der::tlv(der::cc(19), contents));
  }

  const std::pair<std::string, std::string> cases[] = {
      {h + e, "no error"},
      // truncated
      {h + e.substr(0, e.size() - 2), "PE #1 ProfileElement at byte 24: truncated: length 5 but 4 bytes left"},
      {h.substr(0, 20), "PE #0 ProfileElement at byte 0: truncated: length 22 but 8 bytes left"},
      // wrong tag
      {h + "30" + e.substr(2), "PE #1 ProfileElement at byte 24: expected a ProfileElement [n] (constructed), found UNIVERSAL 16 (constructed)"},
      {"a016800102810103a30a" + std::string(kIccid) + "a500a600" + e,
       "PE #0 ProfileHeader at byte 8: expected iccid [3], found [3] (constructed)"},
      // bad length
      {h + "aa8105a003810101", "PE #1 ProfileElement at byte 24: length not in its shortest form"},
      {h + "aa80a0038101010000", "PE #1 ProfileElement at byte 24: indefinite length (not DER)"},
      {h + "aa06a003810101", "PE #1 ProfileElement at byte 24: truncated: length 6 but 5 bytes left"},
      // missing ProfileHeader first / PE-End last / duplicate header
      {e, "PE #0 PE-End at byte 0: ProfileHeader must be the first PE"},
      {"", "at byte 0: empty package: no ProfileHeader"},
      {h, "PE #0 ProfileHeader at byte 0: PE-End must be the last PE (missing PE-End)"},
      {h + h + e, "PE #1 ProfileHeader at byte 24: duplicate ProfileHeader"},
      {h + e + e, "PE #2 ProfileElement at byte 31: trailing bytes after PE-End"},
      // trailing bytes
      {h + e + "00", "PE #2 ProfileElement at byte 31: trailing bytes after PE-End"},
      {h.substr(0, 2) + "18" + h.substr(4) + "0000" + e, "PE #0 ProfileHeader at byte 24: unexpected element UNIVERSAL 0"},
      // PE out of order
      {swapped(1, 4), "PE #1 PE-USIM at byte 64: PE-USIM before PE-MF"},
      {swapped(4, 5), "PE #4 PE-OPT-USIM at byte 447: PE-OPT-USIM before PE-USIM"},
      {swapped(2, 3), "PE #2 PE-PINCodes at byte 359: PIN 1 refers to PUK 1, not defined in an earlier PE-PUKCodes"},
      {"a018800102810103830a" + std::string(kIccid) + "a5028100a600" + e,
       "PE #0 ProfileHeader at byte 0: service usim is mandatory but the package has no PE-USIM"},
      {join({pes[0], pes[1], pes[1]}) + e, "PE #2 PE-MF at byte 359: PE identification 1 used twice"},
      // unknown or missing mandatory element
      {h + "bf2807a005800081010" "2" + e, "PE #1 extension PE [40] at byte 24: unknown mandatory element extension PE [40]"},
      {join(no_imsi), "PE #4 PE-USIM.ef-imsi at byte 502: missing mandatory element ef-imsi"},
      {h + "ab00" + e, "PE #1 rfu1 at byte 24: reserved ProfileElement alternative (PE-Dummy)"},
      // value out of range
      {"a016800104" + h.substr(10) + e, "PE #0 ProfileHeader at byte 0: unsupported major-version 4 (2 or 3)"},
      {h + "aa07a0058103009c40", "PE #1 PE-End.header at byte 28: value 40000 out of range 0..32767"},
      {h.substr(0, 2) + "18" + h.substr(4, 36) + "a5029e00a600" + e, "PE #0 ProfileHeader.eUICC-Mandatory-services at byte 22: unknown service [30]"},
      // not DER: DEFAULT encoded, INTEGER padded
      {h + "aa06a00481020001", "PE #1 PE-End.header at byte 28: INTEGER not in its shortest form"},
  };
  for (const auto& [in, want] : cases) {
    SCOPED_TRACE(in.substr(0, 80));
    EXPECT_EQ(error_of(in), want);
  }
}

TEST(SaipCodec, OpaqueElementsNestAtMost32Levels) {
  // An extension PE [40] (not mandated): PEHeader, then `depth` nested [0]s.
  auto nested = [](int depth) {
    Bytes inner;
    for (int i = 0; i < depth; ++i) inner = der::tlv(der::cc(0), inner);
    Bytes v = codec::encode_pe_header({false, 2});
    v.insert(v.end(), inner.begin(), inner.end());
    return to_hex(der::tlv(der::cc(40), v));
  };
  EXPECT_EQ(error_of(minimal_header() + nested(31) + "aa05a003810109"), "no error");
  const std::string deep = error_of(minimal_header() + nested(32) + "aa05a003810109");
  // The 32nd [0] sits at byte 24 (the PE) + 3 (its header) + 5 (PEHeader) + 31 * 2.
  EXPECT_EQ(deep, "PE #1 extension PE [40] at byte 94: nested deeper than 32 levels");
}

TEST(SaipCodec, ValuesOutOfTheirRangesInsideElements) {
  // Each case: a minimal package whose PE #1 is `pe`.
  const std::pair<std::string, std::string> cases[] = {
      // PE-PUKCodes with keyReference 9 (no PUKKeyReferenceValue).
      {"a316a003810102a10f300d8001098108" "3132333435363738",
       "PE #1 PE-PUKCodes.pukCodes.[0] at byte 35: value 9 is no PUKKeyReferenceValue"},
      // ... with a 7-byte PUK.
      {"a315a003810102a10e300c8001018107" "31323334353637",
       "PE #1 PE-PUKCodes.pukCodes.[0] at byte 38: size 7 out of range 8..8"},
      // ... with maxNumOfAttemps-retryNumLeft 170 encoded (its DEFAULT).
      {"a31aa003810102a113301180010181083132333435363738820200aa",
       "PE #1 PE-PUKCodes.pukCodes.[0] at byte 48: DEFAULT value encoded (not DER)"},
      // ... with an empty list (SIZE (1..16)).
      {"a309a003810102a100", "PE #1 PE-PUKCodes.pukCodes at byte 31: pukCodes must hold 1..16 PUKs"},
  };
  for (const auto& [pe, want] : cases) {
    SCOPED_TRACE(want);
    EXPECT_EQ(error_of(minimal_header() + pe + "aa05a003810109"), want);
  }
}

// Third-party DER: the well-formed PEs of the GSMA TS.48 Generic eUICC Test
// Profile (tests/data/saip-ts48-gtp-pes.hex says where they come from)
// decode strictly and re-encode to the same bytes.
TEST(SaipCodec, Ts48GenericTestProfileElementsDecodeAndReencode) {
  std::ifstream in(ESIMTWIN_TEST_DATA_DIR "/saip-ts48-gtp-pes.hex");
  ASSERT_TRUE(in.good());
  std::string hex, line;
  while (std::getline(in, line)) {
    if (!line.empty() && line[0] != '#') hex += line;
  }
  // Our ProfileHeader (major 2, minor 3, the profile's ICCID, no mandatory
  // services), the PEs, the source's PE-End { mandated, id 31 }.
  const Bytes der = from_hex("a016800102810103830a98001032547698103214a500a600" + hex + "aa07a005800081011f");
  const ProfilePackage p = decode_package(der);
  std::vector<std::string> kinds;
  for (const auto& e : p.elements) kinds.push_back(pe_choice_name(choice_of(e)));
  EXPECT_EQ(kinds, (std::vector<std::string>{"ProfileHeader", "PE-MF", "PE-PUKCodes", "PE-PINCodes", "PE-TELECOM",
                                             "PE-PINCodes", "PE-USIM", "PE-PINCodes", "PE-AKAParameter",
                                             "PE-GenericFileManagement", "PE-End"}));
  EXPECT_EQ(encode_package(p), der);

  const auto& mf = std::get<FileSystemPe>(p.elements[1]);
  EXPECT_EQ(mf.header, (PeHeader{true, 4}));
  EXPECT_EQ(mf.template_id, "2.23.143.1.2.1");
  const auto& puk = std::get<PePukCodes>(p.elements[2]);
  ASSERT_EQ(puk.puk_codes.size(), 2u);
  EXPECT_EQ(puk.puk_codes[1].key_reference, 0x81);
  EXPECT_EQ(to_hex(puk.puk_codes[1].puk_value), "3232323232323232");
  const auto& pins = std::get<std::vector<PinConfiguration>>(std::get<PePinCodes>(p.elements[3]).pin_codes);
  ASSERT_EQ(pins.size(), 3u);
  EXPECT_EQ(pins[0].key_reference, 0x01);
  EXPECT_EQ(to_hex(pins[0].pin_value), "30303030ffffffff");
  EXPECT_EQ(pins[0].unblocking_reference, std::optional<std::uint8_t>(0x01));
  EXPECT_EQ(pins[0].pin_attributes, 0x06);
  EXPECT_EQ(pins[1].key_reference, 0x0A);
  EXPECT_EQ(pins[1].max_attempts_retries, 0xAA);
  const auto& usim = std::get<FileSystemPe>(p.elements[6]);
  const Fcp* adf = usim.file("adf-usim")->fcp();
  ASSERT_NE(adf, nullptr);
  EXPECT_EQ(to_hex(*adf->file_id), "7fd0");
  EXPECT_EQ(to_hex(*adf->df_name), "a0000000871002ff49ff0589");
  const auto& imsi = std::get<FillFileContent>(usim.file("ef-imsi")->elements.back()).content;
  EXPECT_EQ(decode_imsi(imsi), "001010123456789");
  const auto& aka = std::get<PeAkaParameter>(p.elements[8]);
  const auto& algo = std::get<AlgoParameter>(aka.algo_configuration);
  EXPECT_EQ(algo.algorithm, AlgorithmId::UsimTestAlgorithm);
  EXPECT_EQ(to_hex(algo.key), "000102030405060708090a0b0c0d0e0f");
  EXPECT_EQ(aka.sqn_options, 0x02);
  // The card cannot take it: DF.TELECOM comes without a file descriptor and
  // this code has no DF.TELECOM template.
  try {
    plan_install(p);
    ADD_FAILURE() << "no error";
  } catch (const PackageError& e) {
    EXPECT_STREQ(e.what(), "PE #4 PE-TELECOM.df-telecom: no fileDescriptor and no template default for this file (README.md \"Templates\")");
  }
}

}  // namespace test_saip_codec
