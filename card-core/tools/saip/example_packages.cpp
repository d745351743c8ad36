// The example packages: a PE sequence as TCA eUICC Profile Package v2.3
// orders it (header, MF, PUK/PIN codes, USIM, optional USIM files, USIM
// PINs, AKA parameters, security domain, RFM, generic file management,
// end). Files not given in full take their template's defaults (FID, SFI,
// size, access rule, content). All values are examples.
#include "example_packages.hpp"

#include "cardcore/usim/identifiers.hpp"

namespace esimtwin::saip_examples {

using namespace cardcore;
using namespace cardcore::saip;

namespace {

Bytes ascii(const std::string& s) { return Bytes(s.begin(), s.end()); }
Bytes cat(Bytes a, const Bytes& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}
Bytes pad(Bytes b, std::size_t n) {
  b.resize(n, 0xFF);
  return b;
}

File content(const Bytes& c) { return File{{FillFileContent{c}}}; }
File defaults() { return File{}; }
File described(const Fcp& f, std::vector<FileElement> rest = {}) {
  File file{{f}};
  file.elements.insert(file.elements.end(), rest.begin(), rest.end());
  return file;
}

// TS 102 221 §11.1.1.4.3 file descriptor for CREATE FILE (TS 102 222):
// linear fixed, shareable, data coding '21', record length.
Bytes linear_fixed(std::size_t record_length) {
  return {0x42, 0x21, static_cast<std::uint8_t>(record_length >> 8), static_cast<std::uint8_t>(record_length)};
}
Bytes size_bytes(std::size_t n) {
  if (n < 0x100) return {static_cast<std::uint8_t>(n)};
  return {static_cast<std::uint8_t>(n >> 8), static_cast<std::uint8_t>(n)};
}

// A linear fixed EF.ARR's records, 40 bytes each: the given records (1-based)
// with fillFileOffset over the others (TS 102 221 §13.4, expanded format).
std::vector<FileElement> arr_records(const std::vector<std::pair<int, std::string>>& records) {
  std::vector<FileElement> out;
  int next = 1;
  for (const auto& [n, hex] : records) {
    if (n > next) out.emplace_back(FillFileOffset{static_cast<std::uint16_t>(40 * (n - next))});
    out.emplace_back(FillFileContent{pad(from_hex(hex), 40)});
    next = n + 1;
  }
  return out;
}

// Access rules (ISO/IEC 7816-4 §5.4.3.3): AM_DO 80, SC_DO 90 00 always,
// 97 00 never, A4 06 83 01 <key> 95 01 08 user authentication with the key.
const char* kAlwaysReadPin1UpdateAdm = "80 01 01 90 00 80 01 02 A4 06 83 01 01 95 01 08 80 01 18 A4 06 83 01 0A 95 01 08";
const char* kAlwaysReadAdmUpdate = "80 01 01 90 00 80 01 1A A4 06 83 01 0A 95 01 08";
const char* kAlwaysReadNeverUpdate = "80 01 01 90 00 80 01 02 97 00 80 01 18 A4 06 83 01 0A 95 01 08";
const char* kDirectoryAdm = "80 01 7F A4 06 83 01 0A 95 01 08";
const char* kPin1ReadAdmUpdate = "80 01 01 A4 06 83 01 01 95 01 08 80 01 1A A4 06 83 01 0A 95 01 08";
const char* kPin1ReadUpdate = "80 01 03 A4 06 83 01 01 95 01 08 80 01 18 A4 06 83 01 0A 95 01 08";
const char* kPin1ReadPin2Update =
    "80 01 01 A4 06 83 01 01 95 01 08 80 01 02 A4 06 83 01 81 95 01 08 80 01 18 A4 06 83 01 0A 95 01 08";

// What differs between the two operators' packages.
struct Operator {
  std::string profile_type;
  Bytes plmn;        // TS 24.008 §10.5.1.3
  Bytes usim_aid;    // TS 101 220 Annex E
  std::string spn;   // EF.SPN, SMS default alphabet (ASCII subset)
  Bytes languages;   // EF.LI / EF.PL, ISO 639 pairs
  Bytes roaming_plmn;  // EF.OPLMNwACT's first entry
  std::string apn;   // the proprietary EF of the GFM PE
  Bytes kic, kid, dek;  // the MNO-SD's OTA keys (examples)
  bool non_standard_pe;  // add a PE-NonStandard (not mandated)
};

constexpr const char* kOidMf = "2.23.143.1.2.1";
constexpr const char* kOidUsim = "2.23.143.1.2.4.2";
constexpr const char* kOidOptUsim = "2.23.143.1.2.5.2";

ProfilePackage build(const Operator& op, const Subscription& s) {
  ProfilePackage p;
  std::uint16_t id = 1;
  auto next = [&id] { return PeHeader{false, id++}; };
  const Bytes iccid = encode_iccid(s.iccid, true);

  ProfileHeader h;
  h.major_version = 2;
  h.minor_version = 3;
  h.profile_type = op.profile_type;
  h.iccid = iccid;
  h.mandatory_services.set("usim");
  h.mandatory_services.set("milenage");
  h.mandatory_gfste = {kOidMf, kOidUsim, kOidOptUsim};
  p.elements.emplace_back(h);

  // PE-MF: template 2.1; EF.DIR and EF.ARR need their sizes.
  FileSystemPe mf(FileSystemKind::Mf);
  mf.header = next();
  mf.template_id = kOidMf;
  Fcp mf_fcp;
  mf_fcp.pin_status_template = from_hex("90 01 40 83 01 01 83 01 0A");
  mf.file("mf") = described(mf_fcp);
  mf.file("ef-pl") = content(Bytes(op.languages.begin(), op.languages.begin() + 2));
  mf.file("ef-iccid") = content(iccid);
  Fcp dir_fcp;
  dir_fcp.file_descriptor = linear_fixed(38);
  dir_fcp.ef_file_size = size_bytes(2 * 38);
  const Bytes app_template = cat(cat(from_hex("61 18 4F 10"), op.usim_aid), cat(from_hex("50 04"), ascii("USIM")));
  mf.file("ef-dir") = described(dir_fcp, {FillFileContent{pad(app_template, 38)}});
  Fcp arr_fcp;
  arr_fcp.file_descriptor = linear_fixed(40);
  arr_fcp.ef_file_size = size_bytes(14 * 40);
  mf.file("ef-arr") = described(arr_fcp, arr_records({{1, kAlwaysReadPin1UpdateAdm},
                                                      {10, kAlwaysReadAdmUpdate},
                                                      {11, kAlwaysReadNeverUpdate},
                                                      {14, kDirectoryAdm}}));
  p.elements.emplace_back(mf);

  PePukCodes puk{next(), {{0x01, ascii("12345678"), 0xAA}, {0x81, ascii("87654321"), 0xAA}}};
  p.elements.emplace_back(puk);
  PePinCodes mf_pins{next(), std::vector<PinConfiguration>{{0x01, pad(ascii("1234"), 8), 0x01, 7, 0x33},
                                                           {0x0A, ascii("88888888"), std::nullopt, 7, 0xAA}}};
  p.elements.emplace_back(mf_pins);

  // PE-USIM: template 2.4.2; the ADF's temporary FID 7FF0.
  FileSystemPe usim(FileSystemKind::Usim);
  usim.header = next();
  usim.template_id = kOidUsim;
  Fcp adf;
  adf.file_id = from_hex("7FF0");
  adf.df_name = op.usim_aid;
  adf.pin_status_template = from_hex("90 01 40 83 01 01 83 01 81");
  usim.file("adf-usim") = described(adf);
  usim.file("ef-imsi") = content(encode_imsi(s.imsi));
  Fcp uarr_fcp;
  uarr_fcp.file_descriptor = linear_fixed(40);
  uarr_fcp.ef_file_size = size_bytes(10 * 40);
  usim.file("ef-arr") = described(uarr_fcp, arr_records({{1, kAlwaysReadPin1UpdateAdm},
                                                          {2, kPin1ReadAdmUpdate},
                                                          {5, kPin1ReadUpdate},
                                                          {8, kPin1ReadPin2Update},
                                                          {10, kAlwaysReadAdmUpdate}}));
  usim.file("ef-keys") = defaults();
  usim.file("ef-keysPS") = defaults();
  usim.file("ef-hpplmn") = defaults();
  // TS 31.102 §4.2.8: SMS (10), SMS parameters (12), SPN (19), data
  // download via SMS-PP (28), OPLMNwACT (42), HPLMNwACT (43), EHPLMN (71),
  // EPS mobility management information (85).
  usim.file("ef-ust") = content(from_hex("00 0A 04 08 00 06 00 00 40 00 10 00 00 00 00 00 00"));
  usim.file("ef-spn") = content(cat(Bytes{0x01}, ascii(op.spn)));
  usim.file("ef-est") = content(Bytes{0x00});
  usim.file("ef-start-hfn") = defaults();
  usim.file("ef-threshold") = defaults();
  usim.file("ef-psloci") = defaults();
  usim.file("ef-acc") = content(from_hex("02 00"));
  usim.file("ef-fplmn") = defaults();
  usim.file("ef-loci") = defaults();
  usim.file("ef-ad") = defaults();
  usim.file("ef-ecc") = content(from_hex("11 F2 FF 00"));  // 112
  usim.file("ef-epsloci") = defaults();
  usim.file("ef-epsnsc") = defaults();
  p.elements.emplace_back(usim);

  FileSystemPe opt(FileSystemKind::OptUsim);
  opt.header = next();
  opt.template_id = kOidOptUsim;
  opt.file("ef-li") = content(op.languages);
  opt.file("ef-oplmnwact") = content(cat(op.roaming_plmn, from_hex("40 80")));
  opt.file("ef-hplmnwact") = content(cat(op.plmn, from_hex("40 80")));  // E-UTRAN and GSM
  opt.file("ef-ehplmn") = content(op.plmn);
  p.elements.emplace_back(opt);

  PePinCodes usim_pins{next(), std::vector<PinConfiguration>{{0x81, pad(ascii("5678"), 8), 0x81, 7, 0x33}}};
  p.elements.emplace_back(usim_pins);

  PeAkaParameter aka;
  aka.header = next();
  AlgoParameter algo;
  algo.algorithm = AlgorithmId::Milenage;
  algo.algorithm_options = 0x01;
  algo.key = from_hex(s.k);
  algo.opc = from_hex(s.opc);
  aka.algo_configuration = algo;
  p.elements.emplace_back(aka);

  // The MNO-SD with its SCP80 keys (GP key identifiers 01 KIc, 02 KID, 03 DEK).
  PeSecurityDomain sd;
  sd.header = next();
  sd.instance.load_package_aid = from_hex("A0000001515350");
  sd.instance.class_aid = from_hex("A000000151535041");
  sd.instance.instance_aid = from_hex("A000000151000000");
  sd.instance.privileges = from_hex("80 00 00");
  sd.instance.life_cycle_state = 0x0F;
  sd.instance.specific_parameters_c9 = from_hex("81 02 80 00");
  auto key = [](std::uint8_t id, const char* usage, const Bytes& k) {
    return KeyObject{from_hex(usage), 0x00, id, 0x01, std::nullopt, {KeyComponent{{0x88}, k, 8}}};
  };
  sd.key_list = std::vector<KeyObject>{key(1, "38", op.kic), key(2, "34", op.kid), key(3, "C8", op.dek)};
  p.elements.emplace_back(sd);

  // RFM of the UICC file system (TAR B00000) and of the USIM (B00011).
  PeRfm uicc_rfm;
  uicc_rfm.header = next();
  uicc_rfm.instance_aid = from_hex("A0000000090005FFFFFFFF8911000000");
  uicc_rfm.security_domain_aid = sd.instance.instance_aid;
  uicc_rfm.tar_list = std::vector<Bytes>{from_hex("B00000")};
  uicc_rfm.minimum_security_level = 0x16;
  uicc_rfm.uicc_access_domain = {0x00};
  uicc_rfm.uicc_admin_access_domain = {0x00};
  p.elements.emplace_back(uicc_rfm);
  PeRfm usim_rfm = uicc_rfm;
  usim_rfm.header = next();
  usim_rfm.instance_aid = from_hex("A0000000090005FFFFFFFF8911010000");
  usim_rfm.tar_list = std::vector<Bytes>{from_hex("B00011")};
  usim_rfm.adf_rfm_access = AdfRfmAccess{op.usim_aid, {0x00}, {0x00}};
  p.elements.emplace_back(usim_rfm);

  // A proprietary DF 7F50 with the device's APN (EF 6F01), by CREATE FILE.
  PeGenericFileManagement gfm;
  gfm.header = next();
  Fcp df;
  df.file_descriptor = from_hex("78 21");
  df.file_id = from_hex("7F50");
  df.security_attributes = from_hex("0E");
  df.pin_status_template = from_hex("90 01 40 83 01 0A");
  Fcp ef;
  ef.file_descriptor = from_hex("41 21");
  ef.file_id = from_hex("6F01");
  ef.security_attributes = from_hex("2F06 0A");
  ef.ef_file_size = size_bytes(32);
  gfm.commands = {{FilePath{{}}, CreateFcp{df}, CreateFcp{ef}, FillFileContent{ascii(op.apn)}}};
  p.elements.emplace_back(gfm);

  if (op.non_standard_pe) {
    // PE-NonStandard, not mandated: kept opaque, not installed. Issuer OID
    // under 2.999 (ITU-T X.660's example arc).
    Bytes v = codec::encode_pe_header(next());
    der::put(v, der::cp(1), der::oid_value("2.999.7"));
    der::put(v, der::cp(2), ascii("example operator extension"));
    p.elements.emplace_back(OpaquePe{pe_tag::kNonStandard, PeHeader{false, static_cast<std::uint16_t>(id - 1)}, v});
  }

  p.elements.emplace_back(PeEnd{next()});
  return p;
}

}  // namespace

ProfilePackage cmcc_m2m(const Subscription& s) {
  Operator op;
  op.profile_type = "cmcc-m2m";
  op.plmn = from_hex("64 F0 40");  // 460-04
  op.usim_aid = from_hex("A0000000871002FF86FFFF89FFFFFFFF");
  op.spn = "CMCC";
  op.languages = ascii("zhen");
  op.roaming_plmn = from_hex("FF FF FF");
  op.apn = "cmiot";
  op.kic = from_hex("00112233445566778899AABBCCDDEEFF");
  op.kid = from_hex("FFEEDDCCBBAA99887766554433221100");
  op.dek = from_hex("0F0E0D0C0B0A09080706050403020100");
  op.non_standard_pe = false;
  return build(op, s);
}

ProfilePackage partner_eu(const Subscription& s) {
  Operator op;
  op.profile_type = "partner-eu";
  op.plmn = from_hex("62 F2 10");  // 262-01
  op.usim_aid = from_hex("A0000000871002FF49FFFF89FFFFFFFF");
  op.spn = "Partner EU";
  op.languages = ascii("ende");
  op.roaming_plmn = from_hex("64 F0 40");  // 460-04, the home operator's network
  op.apn = "iot.partner.example";
  op.kic = from_hex("A1A2A3A4A5A6A7A8A9AAABACADAEAFA0");
  op.kid = from_hex("B1B2B3B4B5B6B7B8B9BABBBCBDBEBFB0");
  op.dek = from_hex("C1C2C3C4C5C6C7C8C9CACBCCCDCECFC0");
  op.non_standard_pe = true;
  return build(op, s);
}

Subscription cmcc_m2m_subscription() {
  // ICCID 89 86 04 + example account; IMSI 460-04 + example MSIN.
  return {"8986040000000000001", "460040000000001", "465b5ce8b199b49faa5f0a2ee238a6bc",
          "cd63cb71954a9f4e48a5994e37a02baf"};
}

Subscription partner_eu_subscription() {
  // ICCID 89 49 01 + example account; IMSI 262-01 + example MSIN.
  return {"8949010000000000001", "262010000000001", "fec86ba6eb707ed08905757b1bb44b8f",
          "1006020f0a478bf6b699f15c062e42b3"};
}

std::vector<ExampleFile> example_files() {
  return {{"cmcc-m2m.der", cmcc_m2m(cmcc_m2m_subscription())},
          {"partner-eu.der", partner_eu(partner_eu_subscription())}};
}

}  // namespace esimtwin::saip_examples
