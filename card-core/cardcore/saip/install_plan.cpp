// From a profile package to card-core's profile description and
// personalization (README.md "Installation").
#include "cardcore/saip/install_plan.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <sstream>

#include "cardcore/remote/tar.hpp"
#include "cardcore/saip/install_files.hpp"
#include "cardcore/usim/identifiers.hpp"

namespace cardcore::saip {

namespace {

using install::PlannedFile;
using install::Where;

[[noreturn]] void refuse(std::size_t pe, const std::string& element, const std::string& problem) {
  throw PackageError(pe, element, kNoOffset, problem);
}

std::string hex(ByteView b) {
  std::string s = to_hex(b);
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}
std::string hex2(unsigned v) { return hex(Bytes{static_cast<std::uint8_t>(v)}); }
std::string hex4(unsigned v) { return hex(Bytes{static_cast<std::uint8_t>(v >> 8), static_cast<std::uint8_t>(v)}); }

bool all_ff(ByteView b) {
  return std::all_of(b.begin(), b.end(), [](std::uint8_t x) { return x == 0xFF; });
}
Bytes trim_ff(ByteView b) {
  std::size_t n = b.size();
  while (n > 0 && b[n - 1] == 0xFF) --n;
  return Bytes(b.begin(), b.begin() + static_cast<std::ptrdiff_t>(n));
}
std::uint64_t be48(const Bytes& b) {
  std::uint64_t v = 0;
  for (std::uint8_t x : b) v = (v << 8) | x;
  return v;
}

// TS 102 221 §9.5.2: ASCII digits padded with 'FF'; card-core takes 4..8 digits.
std::string digits_of(const Bytes& v, std::size_t min, std::size_t pe, const std::string& element) {
  std::string d;
  std::size_t i = 0;
  for (; i < v.size() && v[i] != 0xFF; ++i) {
    if (v[i] < '0' || v[i] > '9') refuse(pe, element, "value is not ASCII digits padded with 'FF' (card-core)");
    d.push_back(static_cast<char>(v[i]));
  }
  if (!all_ff(ByteView(v).subspan(i)) || d.size() < min) {
    refuse(pe, element, "value must be " + std::to_string(min) + "..8 ASCII digits padded with 'FF' (card-core)");
  }
  return d;
}

// TS 102 221 §9.5.1 key references and the names card-core profiles use.
std::string pin_name(std::uint8_t ref) {
  if (ref == 0x01) return "PIN1";
  if (ref == 0x81) return "PIN2";
  if (ref >= 0x02 && ref <= 0x08) return "PIN-APPL" + std::to_string(ref);
  if (ref >= 0x82 && ref <= 0x88) return "PIN2-APPL" + std::to_string(ref - 0x80);
  if (ref >= 0x0A && ref <= 0x0E) return "ADM" + std::to_string(ref - 0x09);
  return "ADM" + std::to_string(ref - 0x8A + 6);  // 8A..8E: ADM6..ADM10
}
bool is_adm(std::uint8_t ref) { return (ref >= 0x0A && ref <= 0x0E) || (ref >= 0x8A && ref <= 0x8E); }

// One line of the text: key = value.
void kv(std::ostringstream& o, const std::string& k, const std::string& v) { o << k << " = " << v << "\n"; }

const char* structure_text(TemplateStructure s) {
  switch (s) {
    case TemplateStructure::Df: return "df";
    case TemplateStructure::Adf: return "adf";
    case TemplateStructure::Transparent: return "transparent";
    case TemplateStructure::LinearFixed: return "linear_fixed";
    case TemplateStructure::Cyclic: return "cyclic";
  }
  return "";
}

std::string path_text(const std::vector<std::uint16_t>& p) {
  std::string s;
  for (auto f : p) s += (s.empty() ? "" : "/") + hex4(f);
  return s;
}

void write_file(std::ostringstream& o, const PlannedFile& f) {
  o << "\n[file " << f.name << "]\n";
  kv(o, "path", path_text(f.path));
  kv(o, "structure", structure_text(f.structure));
  if (f.structure == TemplateStructure::Adf) kv(o, "aid", hex(f.aid));
  if (f.structure == TemplateStructure::Transparent) kv(o, "size", std::to_string(f.body.size()));
  if (f.record_length) {
    kv(o, "record_length", std::to_string(f.record_length));
    kv(o, "records", std::to_string(f.records));
  }
  if (f.sfi) kv(o, "sfi", hex2(f.sfi));
  if (f.arr_fid) kv(o, "arr", hex4(f.arr_fid) + "#" + std::to_string(f.arr_record));
  if (!f.shareable) kv(o, "shareable", "no");
  if (f.personalized) kv(o, "personalized", "yes");
  if (f.structure == TemplateStructure::Transparent) {
    if (!all_ff(f.body)) kv(o, "data", hex(trim_ff(f.body)));
  } else if (f.record_length) {
    for (std::size_t r = 0; r < f.records; ++r) {
      const ByteView rec = ByteView(f.body).subspan(r * f.record_length, f.record_length);
      if (!all_ff(rec)) kv(o, "record " + std::to_string(r + 1), hex(trim_ff(rec)));
    }
  }
}

struct PinPlan {
  std::string name;
  std::uint8_t ref;
  std::string value;
  std::string puk;  // "" if none
  unsigned tries, puk_tries;
};

struct OtaRecord {
  ota::Tar tar;
  std::uint8_t msl, counter, kic, kid;
  Bytes kic_key, kid_key;
};

// TS 102 225 §5.1.2 / §5.1.3: KIc/KID byte for AES (b2b1 = 10; b4b3 = 00:
// CBC for KIc, CMAC for KID) with the key version in b8-b5.
std::uint8_t aes_key_byte(std::uint8_t kvn) { return static_cast<std::uint8_t>((kvn << 4) | 0x02); }

// The KIc (keyIdentifier 01) and KID (02) AES keys of each key version of an
// SD (GP Card Specification v2.3 §11.1.8 key identifiers, key type '88' AES).
std::map<std::uint8_t, std::pair<Bytes, Bytes>> aes_key_sets(const PeSecurityDomain& sd, std::size_t pe,
                                                            std::set<std::string>& ignored) {
  std::map<std::uint8_t, std::pair<Bytes, Bytes>> sets;
  if (!sd.key_list) return sets;
  for (std::size_t i = 0; i < sd.key_list->size(); ++i) {
    const KeyObject& k = (*sd.key_list)[i];
    const std::string el = "PE-SecurityDomain.keyList[" + std::to_string(i) + "]";
    if (k.key_identifier != 1 && k.key_identifier != 2) {
      ignored.insert("security domain keys other than KIc/KID (keyIdentifier 01/02), e.g. the DEK: no use in card-core");
      continue;
    }
    if (k.components.size() != 1 || k.components[0].key_type != Bytes{0x88}) {
      refuse(pe, el, "only single-component AES keys (key type '88') are supported");
    }
    const Bytes& data = k.components[0].key_data;
    if (data.size() != 16 && data.size() != 24 && data.size() != 32) refuse(pe, el, "AES key of a wrong length");
    if (k.key_version < 1 || k.key_version > 15) refuse(pe, el, "key version must be 1..15 (TS 102 225 §5.1.2)");
    auto& s = sets[k.key_version];
    (k.key_identifier == 1 ? s.first : s.second) = data;
  }
  for (auto it = sets.begin(); it != sets.end();) {
    if (it->second.first.empty() || it->second.second.empty()) {
      ignored.insert("security domain key versions without both a KIc and a KID key");
      it = sets.erase(it);
    } else {
      ++it;
    }
  }
  return sets;
}

}  // namespace

InstallPlan plan_install(const ProfilePackage& pkg, const InstallOptions& opt) {
  check_package_rules(pkg);
  const ProfileHeader& header = pkg.header();
  install::FileTree tree;
  std::map<std::uint8_t, const PukConfiguration*> puks;
  std::vector<PinPlan> pins;
  std::set<std::uint8_t> used_puks;
  const PeAkaParameter* aka = nullptr;
  std::size_t aka_pe = 0;
  std::vector<std::pair<std::size_t, const PeRfm*>> rfms;
  std::vector<std::pair<std::size_t, const PeSecurityDomain*>> sds;

  for (std::size_t i = 0; i < pkg.elements.size(); ++i) {
    const ProfileElement& e = pkg.elements[i];
    const std::string name = pe_choice_name(choice_of(e));
    if (const auto* fs = std::get_if<FileSystemPe>(&e)) {
      tree.add_file_system_pe(*fs, i);
    } else if (const auto* gfm = std::get_if<PeGenericFileManagement>(&e)) {
      tree.add_generic_file_management(*gfm, i);
    } else if (const auto* puk = std::get_if<PePukCodes>(&e)) {
      for (const auto& p : puk->puk_codes) puks[p.key_reference] = &p;
    } else if (const auto* pin = std::get_if<PePinCodes>(&e)) {
      const auto* list = std::get_if<std::vector<PinConfiguration>>(&pin->pin_codes);
      if (!list) {
        tree.ignored.insert("PE-PINCodes filePath (PINs shared with another DF): card-core's PINs are global");
        continue;
      }
      for (std::size_t k = 0; k < list->size(); ++k) {
        const PinConfiguration& p = (*list)[k];
        const std::string el = name + ".pinconfig[" + std::to_string(k) + "]";
        for (const auto& q : pins) {
          if (q.ref == p.key_reference) refuse(i, el, "PIN " + hex2(p.key_reference) + " defined twice (card-core PINs are global)");
        }
        PinPlan pp{pin_name(p.key_reference), p.key_reference, digits_of(p.pin_value, 4, i, el + ".pinValue"), "", 0, 0};
        // maxNumOfAttemps-retryNumLeft: card-core starts with all tries left.
        pp.tries = p.max_attempts_retries >> 4;
        if (pp.tries == 0 || pp.tries != (p.max_attempts_retries & 0x0Fu)) {
          refuse(i, el, "max attempts must be 1..15 with all of them left (card-core)");
        }
        if (p.unblocking_reference) {
          const PukConfiguration* u = puks.at(*p.unblocking_reference);  // package rules: defined earlier
          used_puks.insert(u->key_reference);
          pp.puk = digits_of(u->puk_value, 8, i, el + ".unblockingPINReference");
          pp.puk_tries = u->max_attempts_retries >> 4;
          if (pp.puk_tries == 0 || pp.puk_tries != (u->max_attempts_retries & 0x0Fu)) {
            refuse(i, el, "PUK max attempts must be 1..15 with all of them left (card-core)");
          }
        }
        tree.ignored.insert("pinAttributes: not interpreted; PINs start enabled, ADM keys cannot be disabled");
        pins.push_back(std::move(pp));
      }
    } else if (const auto* a = std::get_if<PeAkaParameter>(&e)) {
      if (aka) refuse(i, name, "a second PE-AKAParameter: card-core has one set of USIM keys");
      aka = a;
      aka_pe = i;
    } else if (const auto* sd = std::get_if<PeSecurityDomain>(&e)) {
      sds.emplace_back(i, sd);
    } else if (const auto* rfm = std::get_if<PeRfm>(&e)) {
      rfms.emplace_back(i, rfm);
    } else if (std::holds_alternative<PeApplication>(e) || std::holds_alternative<OpaquePe>(e)) {
      if (pe_header(e)->mandated) refuse(i, name, "mandated, but card-core cannot install it");
      tree.ignored.insert(name + " (not mandated): not installed");
    }
  }

  if (used_puks.size() < puks.size()) tree.ignored.insert("PUKs that no PIN refers to");

  // The subscription's identifiers: EF.ICCID (TS 102 221 §13.2), EF.IMSI (TS 31.102 §4.2.2).
  if (!tree.usim_path) refuse(kNoPe, "", "no PE-USIM: card-core cards are USIM cards");
  PlannedFile* iccid_ef = tree.find({0x3F00, 0x2FE2});
  if (!iccid_ef || iccid_ef->structure != TemplateStructure::Transparent || iccid_ef->body.size() < 10) {
    refuse(kNoPe, "", "no transparent EF.ICCID of 10 bytes under the MF");
  }
  if (!all_ff(iccid_ef->body) && !std::equal(header.iccid.begin(), header.iccid.end(), iccid_ef->body.begin())) {
    refuse(0, "ProfileHeader.iccid", "differs from the content of EF.ICCID");
  }
  const std::string iccid = decode_iccid(header.iccid);
  if ((iccid.size() != 19 && iccid.size() != 20) || luhn_digit(iccid.substr(0, iccid.size() - 1)) != iccid.back() ||
      encode_iccid(iccid, false) != header.iccid) {
    refuse(0, "ProfileHeader.iccid", "must be 19 or 20 BCD digits ('F' filled) ending in their Luhn check digit (E.118)");
  }
  std::vector<std::uint16_t> imsi_path = *tree.usim_path;
  imsi_path.push_back(0x6F07);
  // Uicc::personalize() finds the USIM by the 3GPP USIM AID prefix (TS 101 220 Annex E).
  const PlannedFile* adf = tree.find(*tree.usim_path);
  const Bytes usim_prefix = {0xA0, 0x00, 0x00, 0x00, 0x87, 0x10, 0x02};
  if (adf->aid.size() < usim_prefix.size() || !std::equal(usim_prefix.begin(), usim_prefix.end(), adf->aid.begin())) {
    refuse(tree.usim_pe, "PE-USIM.adf-usim", "the ADF's AID does not start with the USIM's A0000000871002");
  }
  PlannedFile* imsi_ef = tree.find(imsi_path);
  if (!imsi_ef || imsi_ef->structure != TemplateStructure::Transparent || imsi_ef->body.size() < 9) {
    refuse(tree.usim_pe, "PE-USIM.ef-imsi", "EF.IMSI must be a transparent EF of at least 9 bytes");
  }
  if (all_ff(imsi_ef->body)) refuse(tree.usim_pe, "PE-USIM.ef-imsi", "no IMSI in EF.IMSI");
  std::string imsi;
  try {
    imsi = decode_imsi(imsi_ef->body);
    // Uicc::personalize() writes encode_imsi(imsi): the package's content must be just that.
    const Bytes coded = encode_imsi(imsi);
    if (!std::equal(coded.begin(), coded.end(), imsi_ef->body.begin()) ||
        !all_ff(ByteView(imsi_ef->body).subspan(coded.size()))) {
      throw std::invalid_argument("not the TS 31.102 §4.2.2 coding of " + imsi);
    }
  } catch (const std::exception& ex) {
    refuse(tree.usim_pe, "PE-USIM.ef-imsi", std::string("EF.IMSI content: ") + ex.what());
  }
  // Factory values in the shared text; personalization writes the card's.
  iccid_ef->personalized = imsi_ef->personalized = true;
  std::fill(iccid_ef->body.begin(), iccid_ef->body.end(), 0xFF);
  std::fill(imsi_ef->body.begin(), imsi_ef->body.end(), 0xFF);
  std::vector<std::uint16_t> acc_path = *tree.usim_path;
  acc_path.push_back(0x6F78);
  if (PlannedFile* acc = tree.find(acc_path)) {
    acc->personalized = true;
    tree.ignored.insert("EF.ACC content: Uicc::personalize() sets the access class from the IMSI's last digit");
  }

  // PE-AKAParameter: Milenage (TS 35.206) with the card's SQN scheme (TS 33.102 Annex C).
  if (!aka) refuse(kNoPe, "", "no PE-AKAParameter: card-core needs the USIM's K and OPc");
  const std::string ael = "PE-AKAParameter";
  const auto* algo = std::get_if<AlgoParameter>(&aka->algo_configuration);
  if (!algo) refuse(aka_pe, ael + ".mappingParameter", "mapping to another NAA's parameters is not supported");
  if (algo->algorithm != AlgorithmId::Milenage) refuse(aka_pe, ael + ".algorithmID", "only Milenage is supported");
  if (algo->key.size() != 16 || algo->opc.size() != 16) refuse(aka_pe, ael, "K and OPc must be 16 bytes each");
  if (algo->auth_counter_max) refuse(aka_pe, ael + ".authCounterMax", "not supported by card-core");
  std::string r_text, c_text;
  for (std::size_t i = 0; i < 5; ++i) {
    if (algo->rotation_constants[i] > 127) refuse(aka_pe, ael + ".rotationConstants", "rotation above 127 bits");
    r_text += (i ? " " : "") + std::to_string(algo->rotation_constants[i]);
    for (std::size_t b = 0; b < 15; ++b) {
      if (algo->xoring_constants[16 * i + b] != 0) {
        refuse(aka_pe, ael + ".xoringConstants", "constants with bytes other than the last set are not supported");
      }
    }
    c_text += (i ? " " : "") + hex2(algo->xoring_constants[16 * i + 15]);
  }
  tree.ignored.insert("algorithmOptions of PE-AKAParameter: not used by card-core's Milenage");
  if (aka->sqn_init != PeAkaParameter::default_sqn_init()) {
    refuse(aka_pe, ael + ".sqnInit", "card-core's SQN array starts at zero");
  }
  // sqnOptions '02' (the default) is the wrap-around protection of
  // Annex C.2.1 with sqnDelta; '00' no check; other bits are not modelled.
  std::uint64_t delta = 0;
  if (aka->sqn_options == 0x02) {
    delta = be48(aka->sqn_delta);
  } else if (aka->sqn_options != 0x00) {
    refuse(aka_pe, ael + ".sqnOptions", "only '02' (delta check) and '00' (no check) are supported");
  }
  tree.ignored.insert("sqnAgeLimit: the age limit check (Annex C.2.2) is off");

  // PE-RFM with its security domain's keys: the OTA key sets of card-core's
  // RFM applications (TS 102 225 §5.1, TS 102 226 §8.2.1.3.2).
  std::vector<OtaRecord> ota;
  std::map<const PeSecurityDomain*, std::uint8_t> counters;
  for (const auto& [i, rfm] : rfms) {
    const PeSecurityDomain* sd = nullptr;
    std::size_t sd_pe = 0;
    for (const auto& [j, s] : sds) {
      if (j < i && (!rfm->security_domain_aid || s->instance.instance_aid == *rfm->security_domain_aid)) {
        sd = s;
        sd_pe = j;
      }
      if (sd && !rfm->security_domain_aid) break;  // the first SD: the MNO-SD
    }
    if (!sd) refuse(i, "PE-RFM.securityDomainAID", "no earlier PE-SecurityDomain with this AID");
    if (!rfm->tar_list) refuse(i, "PE-RFM.tarList", "card-core needs the TARs of the RFM application");
    const auto sets = aes_key_sets(*sd, sd_pe, tree.ignored);
    if (sets.empty()) refuse(i, "PE-RFM", "its security domain has no AES KIc/KID key pair");
    if (!counters.count(sd)) counters[sd] = static_cast<std::uint8_t>(counters.size() + 1);
    for (const Bytes& tar_bytes : *rfm->tar_list) {
      ota::Tar tar{tar_bytes[0], tar_bytes[1], tar_bytes[2]};
      if (!remote::application_of(tar)) {
        refuse(i, "PE-RFM.tarList", "TAR " + hex(tar_bytes) + " names none of card-core's RFM applications");
      }
      for (const auto& [kvn, keys] : sets) {
        ota.push_back({tar, rfm->minimum_security_level, counters[sd], aes_key_byte(kvn), aes_key_byte(kvn),
                       keys.first, keys.second});
      }
    }
    tree.ignored.insert("PE-RFM access domains and adfRFMAccess: card-core's RFM applications have ADM1 rights "
                        "and start in the MF (B00000) or ADF.USIM (B00011..1F)");
  }
  if (sds.size() > 0) {
    tree.ignored.insert("PE-SecurityDomain instances: no GlobalPlatform registry is built ([gp] section)");
  }
  if (ota.size() > 254) refuse(kNoPe, "PE-RFM", "more than 254 OTA key sets");

  InstallPlan plan;
  std::ostringstream o;
  o << "# Generated by cardcore::saip::plan_install from a TCA profile package.\n";
  o << "[profile]\n";
  std::string pname = opt.name;
  if (pname.empty()) {
    // The header's profileType, reduced to characters a profile line keeps.
    pname = "saip";
    if (header.profile_type) {
      pname += "-";
      for (char c : *header.profile_type) pname += std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' ? c : '-';
    }
  }
  kv(o, "name", pname);
  kv(o, "atr", opt.atr);
  kv(o, "page_size", std::to_string(opt.page_size));
  kv(o, "logical_channels", std::to_string(opt.logical_channels));
  kv(o, "journal_bytes", std::to_string(opt.journal_bytes));
  kv(o, "created_file_space", std::to_string(opt.created_file_space));
  o << "\n[auth]\n# Factory values; every card gets the package's K and OPc at personalization.\n";
  kv(o, "k", std::string(32, '0'));
  kv(o, "opc", std::string(32, '0'));
  kv(o, "sqn_ind_bits", "5");  // sqnInit: 32 SEQ_MS entries
  kv(o, "sqn_delta", std::to_string(delta));
  kv(o, "sqn_age_limit", "0");
  kv(o, "r", r_text);
  kv(o, "c", c_text);
  for (const auto& p : pins) {
    o << "\n[pin " << p.name << "]\n";
    kv(o, "key_ref", hex2(p.ref));
    kv(o, "value", p.value);
    if (!p.puk.empty()) {
      kv(o, "puk", p.puk);
      kv(o, "puk_tries", std::to_string(p.puk_tries));
    }
    kv(o, "tries", std::to_string(p.tries));
    kv(o, "enabled", "yes");
    kv(o, "can_disable", is_adm(p.ref) ? "no" : "yes");
  }
  for (const auto& f : tree.files) write_file(o, f);
  if (!ota.empty()) {
    if (tree.find({0x3F00, opt.ota_df})) {
      refuse(kNoPe, "", "the package uses FID " + hex4(opt.ota_df) + " that InstallOptions::ota_df reserves");
    }
    const std::string df = "3F00/" + hex4(opt.ota_df);
    o << "\n# OTA key sets of the RFM applications (docs/PROFILE-FORMAT.md), from PE-RFM\n"
         "# and PE-SecurityDomain; factory keys zero, the package's keys come with\n"
         "# the personalization. No access rule: only the card's OTA layer reads them.\n";
    o << "\n[file DF.OTA]\n";
    kv(o, "path", df);
    kv(o, "structure", "df");
    o << "\n[file EF.OTA_KEYS]\n";
    kv(o, "path", df + "/6F01");
    kv(o, "structure", "linear_fixed");
    kv(o, "record_length", "73");
    kv(o, "records", std::to_string(ota.size()));
    kv(o, "personalized", "yes");
    for (std::size_t r = 0; r < ota.size(); ++r) {
      const OtaRecord& k = ota[r];
      Bytes rec = {k.tar[0], k.tar[1], k.tar[2], k.msl, k.counter, k.kic,
                   static_cast<std::uint8_t>(k.kic_key.size()), k.kid, static_cast<std::uint8_t>(k.kid_key.size())};
      rec.resize(rec.size() + k.kic_key.size() + k.kid_key.size(), 0x00);
      kv(o, "record " + std::to_string(r + 1), hex(rec));
      plan.personalization.ota_keys.push_back({k.kic_key, k.kid_key});
    }
    o << "\n[file EF.OTA_CNTR]\n";
    kv(o, "path", df + "/6F02");
    kv(o, "structure", "linear_fixed");
    kv(o, "record_length", "5");
    kv(o, "records", std::to_string(counters.size()));
    for (std::size_t r = 0; r < counters.size(); ++r) kv(o, "record " + std::to_string(r + 1), "0000000000");
    o << "\n[ota]\n";
    kv(o, "keys", df + "/6F01");
    kv(o, "counters", df + "/6F02");
  }
  plan.profile_text = o.str();
  plan.personalization.iccid = iccid.substr(0, iccid.size() - 1);
  plan.personalization.imsi = imsi;
  plan.personalization.k = algo->key;
  plan.personalization.opc = algo->opc;
  plan.ignored.assign(tree.ignored.begin(), tree.ignored.end());
  return plan;
}

}  // namespace cardcore::saip
