// SCP03t on the SGP.02 eUICC (SGP.02 §2.5.2, §4.1.3.3): the SM-DP's side
// built from the same rules (gp::scp03::HostSession's TLV form) opens the
// ISD-P's session with '84' / '85' and sends the profile package in '86'
// segments inside command scripting templates; the ISD-P answers with
// response TLVs, or with an error TLV '9F44' / '9F45' / '9F46' and stops
// the script. Here the scripts travel in secured packets to the ISD-P's
// TAR (the routing HTTPS uses too, test_euicc_scp81.cpp).
#include "cardcore/euicc/scp03t.hpp"
#include "euicc_fixture.hpp"

namespace cardcore::testing {
namespace test_euicc_scp03t {

using euicc::isdp_state::kDisabled;
using euicc::isdp_state::kPersonalized;
namespace t03 = euicc::scp03t;

// One response TLV of the response scripting template.
struct Reply {
  std::uint16_t tag = 0;
  std::string value;
  bool operator==(const Reply&) const = default;
};
std::ostream& operator<<(std::ostream& o, const Reply& r) { return o << hex16(r.tag) << ":" << r.value; }

Reply error(std::uint8_t command_tag, t03::Error e) {
  return {t03::error_tag(command_tag), hex8(static_cast<unsigned>(e))};
}

class EuiccScp03t : public EuiccTest {
 protected:
  // A command scripting template 'AA' of TLVs (TS 102 226 §5.2.1).
  static std::string script_of(const std::vector<Bytes>& tlvs) {
    Bytes in;
    for (const Bytes& t : tlvs) in.insert(in.end(), t.begin(), t.end());
    return upper_hex(tlv::make_ber(0xAA, in));
  }
  // Runs the TLVs on the ISD-P of `tar`: the response TLVs of the 'AB'
  // template, the executed count in `executed`, a bad format TLV in `bad`.
  std::vector<Reply> run(const std::vector<Bytes>& tlvs, const ota::Tar& tar = kTarIsdP3) {
    return replies(from_hex(es5(script_of(tlvs), tar)));
  }
  // The same for a response too long for the SMS-DELIVER-REPORT: the
  // report says '0B' and SMS-SUBMITs carry the PoR (TS 31.115 §7).
  std::vector<Reply> run_long(const std::vector<Bytes>& tlvs, const ota::Tar& tar = kTarIsdP3) {
    const auto sec = security(spi::kCcCipheredCounterHigher, spi::kPorAlwaysCcCipheredReport);
    ++counter;
    const std::string answer = OtaCard::run(packet(sec, tar, counter, from_hex(script_of(tlvs))));
    std::string sw = answer.substr(answer.size() - 4);
    EXPECT_EQ(sw.substr(0, 2), "91") << answer;
    const std::optional<Bytes> p = fetch_submitted_por(sw);
    EXPECT_TRUE(p);
    if (!p) return {};
    const ota::DecodedPor por = ota::decode_response_packet(*p, sec, keys, tar, counter);
    EXPECT_EQ(por.packet.status, ota::PorStatus::Ok);
    return replies(por.packet.additional_data);
  }
  // The response TLVs of an 'AB' template, the executed count in
  // `executed`, a bad format TLV in `bad`.
  std::vector<Reply> replies(const Bytes& ab) {
    const tlv::Result<tlv::BerTlv> t = tlv::parse_ber(ab);
    EXPECT_TRUE(t.ok() && t.value.tag == 0xAB) << upper_hex(ab);
    std::vector<Reply> out;
    executed = -1;
    bad.clear();
    if (!t.ok()) return out;
    tlv::BerReader r(t.value.value);
    tlv::BerTlv x;
    while (r.next(x)) {
      if (x.tag == 0x80 && x.value.size() == 1) {
        executed = x.value[0];
      } else if (x.tag == 0x90) {
        bad = upper_hex(x.value);
      } else {
        out.push_back({x.tag, upper_hex(x.value)});
      }
    }
    return out;
  }
  // '84' then '85': the session open, or a failure recorded.
  gp::scp03::HostSession open(const gp::scp03::StaticKeys& k, const ota::Tar& tar = kTarIsdP3) {
    gp::scp03::HostSession host(k, from_hex("1122334455667788"));
    const std::vector<Reply> iu = run({host.initialize_update_tlv()}, tar);
    EXPECT_EQ(iu.size(), 1u);
    if (iu.size() != 1 || iu[0].tag != t03::kInitializeUpdate || !host.take_response(from_hex(iu[0].value))) {
      ADD_FAILURE() << "'84': " << (iu.empty() ? std::string("no answer") : iu[0].value);
      return host;
    }
    EXPECT_EQ(run({host.external_authenticate_tlv()}, tar), (std::vector<Reply>{Reply{0x85, ""}}));
    return host;
  }
  // The package in '86' segments of `size` plain bytes each.
  static std::vector<Bytes> segments(gp::scp03::HostSession& host, const Bytes& package, std::size_t size = 960) {
    std::vector<Bytes> out;
    for (std::size_t at = 0; at < package.size(); at += size) {
      out.push_back(host.wrap_tlv(t03::kProfileData, ByteView(package).subspan(at, std::min(size, package.size() - at))));
    }
    return out;
  }
  // Each segment in a script of its own; the replies, one per segment.
  std::vector<Reply> send_segments(const std::vector<Bytes>& segs, const ota::Tar& tar = kTarIsdP3) {
    std::vector<Reply> out;
    for (const Bytes& s : segs) {
      const std::vector<Reply> r = run({s}, tar);
      out.insert(out.end(), r.begin(), r.end());
    }
    return out;
  }

  int executed = -1;
  std::string bad;
};

TEST_F(EuiccScp03t, ThePackageInSegmentsInstallsTheProfile) {
  const gp::scp03::StaticKeys keys = prepare_isdp3();
  gp::scp03::HostSession host = open(keys);
  const Bytes package = package_file("cmcc-m2m.der");
  const std::vector<Bytes> segs = segments(host, package);
  ASSERT_GT(segs.size(), 1u);
  for (const Bytes& s : segs) EXPECT_LE(s.size(), t03::kMaxSegmentBytes);
  EXPECT_EQ(send_segments(segs), std::vector<Reply>(segs.size(), Reply{0x86, ""}));
  for (std::size_t i = 0; i < segs.size(); ++i) EXPECT_EQ(host.unwrap_tlv_response({}), Bytes{});
  ASSERT_TRUE(info(kIsdP3));
  EXPECT_EQ(info(kIsdP3)->state, kDisabled);
  EXPECT_TRUE(info(kIsdP3)->installed);
  EXPECT_EQ(info(kIsdP3)->iccid, std::string("8986040000000000001") + luhn_digit("8986040000000000001"));
  ASSERT_NE(e.profile_card(from_hex(kIsdP3)), nullptr);
  // The same session takes an APDU-wrapped UpdatePolicyRules after it.
  const Bytes rules = host.wrap(from_hex(store_data(euicc::dgi::kUpdatePolicyRules, "810102") + "00"));
  const std::vector<Bytes> r = expanded_rapdus(es5(expanded_script({upper_hex(rules)}), kTarIsdP3));
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(upper_hex(ByteView(r[0]).last(2)), "9000");
  EXPECT_TRUE(host.unwrap_response(ByteView(r[0]).first(r[0].size() - 2), 0x9000));
  EXPECT_EQ(info(kIsdP3)->pol1, euicc::pol1::kDeleteNotAllowed);
  // The profile is the one the STORE DATA form installs: enabled, it runs.
  EXPECT_EQ(es5_one(store_data(euicc::dgi::kEnableProfile, aid_tlv(kIsdP3))), expanded_answer({"9000"}));
  refresh_and_restart(last_sw);
  EXPECT_EQ(upper_hex(e.enabled_isdp()), kIsdP3);
}

// '84', '85' and segments in one script: one reply each, in order.
TEST_F(EuiccScp03t, OneScriptCarriesSeveralTlvs) {
  const gp::scp03::StaticKeys keys = prepare_isdp3();
  gp::scp03::HostSession host = open(keys);
  const Bytes package = package_file("cmcc-m2m.der");
  std::vector<Bytes> segs = segments(host, Bytes(package.begin(), package.begin() + 600), 200);
  EXPECT_EQ(run(segs), std::vector<Reply>(3, Reply{0x86, ""}));
  EXPECT_EQ(executed, 3);
  EXPECT_EQ(info(kIsdP3)->state, kPersonalized);  // no PE-End yet
}

// Every refusal: the error TLV, the script stopped there.
TEST_F(EuiccScp03t, AWrongMacEndsTheSession) {
  const gp::scp03::StaticKeys keys = prepare_isdp3();
  gp::scp03::HostSession host = open(keys);
  const Bytes package = package_file("cmcc-m2m.der");
  std::vector<Bytes> segs = segments(host, package);
  segs[0].back() ^= 0x01;
  EXPECT_EQ(run({segs[0], segs[1]}), std::vector<Reply>{error(0x86, t03::Error::Security)});
  EXPECT_EQ(executed, 1);
  // The session is over: the next segment is out of sequence.
  EXPECT_EQ(run({segs[1]}), std::vector<Reply>{error(0x86, t03::Error::Sequence)});
  EXPECT_EQ(info(kIsdP3)->state, kPersonalized);
}

// The MAC chaining and the encryption counter: a segment sent again (a
// replay) or one left out does not verify.
TEST_F(EuiccScp03t, AReplayedOrSkippedSegmentIsRefused) {
  const gp::scp03::StaticKeys keys = prepare_isdp3();
  {
    gp::scp03::HostSession host = open(keys);
    const std::vector<Bytes> segs = segments(host, package_file("cmcc-m2m.der"));
    EXPECT_EQ(run({segs[0]}), (std::vector<Reply>{Reply{0x86, ""}}));
    EXPECT_EQ(run({segs[0]}), std::vector<Reply>{error(0x86, t03::Error::Security)});
  }
  gp::scp03::HostSession host = open(keys);
  const std::vector<Bytes> segs = segments(host, package_file("cmcc-m2m.der"));
  EXPECT_EQ(run({segs[1]}), std::vector<Reply>{error(0x86, t03::Error::Security)});
  EXPECT_EQ(info(kIsdP3)->state, kPersonalized);
}

TEST_F(EuiccScp03t, AWrongCryptogramOrKeySetIsRefused) {
  gp::scp03::StaticKeys keys = prepare_isdp3();
  // Another K-MAC: the card's cryptogram does not verify on the host, and
  // the host's '85' not on the card.
  gp::scp03::StaticKeys wrong = keys;
  wrong.mac[0] ^= 0x01;
  gp::scp03::HostSession host(wrong, from_hex("1122334455667788"));
  const std::vector<Reply> iu = run({host.initialize_update_tlv()});
  ASSERT_EQ(iu.size(), 1u);
  EXPECT_FALSE(host.take_response(from_hex(iu[0].value)));
  gp::scp03::HostSession right(keys, from_hex("1122334455667788"));
  ASSERT_TRUE(right.take_response(from_hex(iu[0].value)));
  Bytes ea = right.external_authenticate_tlv();
  ea[5] ^= 0x01;  // the host cryptogram
  EXPECT_EQ(run({ea}), std::vector<Reply>{error(0x85, t03::Error::Security)});
  // '85' without '84' just before.
  EXPECT_EQ(run({right.external_authenticate_tlv()}), std::vector<Reply>{error(0x85, t03::Error::Sequence)});
  // A key version the ISD-P does not have.
  gp::scp03::StaticKeys other = keys;
  other.kvn = 0x31;
  EXPECT_EQ(run({gp::scp03::HostSession(other, from_hex("1122334455667788")).initialize_update_tlv()}),
            std::vector<Reply>{error(0x84, t03::Error::KeyNotFound)});
}

TEST_F(EuiccScp03t, MalformedTlvsAreRefused) {
  const gp::scp03::StaticKeys keys = prepare_isdp3();
  // '84' of the wrong length; '85' with another security level.
  EXPECT_EQ(run({from_hex("8409300011223344556677")}), std::vector<Reply>{error(0x84, t03::Error::Structure)});
  gp::scp03::HostSession host(keys, from_hex("1122334455667788"));
  const std::vector<Reply> iu = run({host.initialize_update_tlv()});
  ASSERT_TRUE(host.take_response(from_hex(iu.at(0).value)));
  Bytes ea = host.external_authenticate_tlv();
  ea[2] = 0x13;
  EXPECT_EQ(run({ea}), std::vector<Reply>{error(0x85, t03::Error::Structure)});
  // '86' data not whole blocks, and a segment over 1024 bytes.
  gp::scp03::HostSession h2 = open(keys);
  Bytes odd = h2.wrap_tlv(0x86, from_hex("00112233"));
  odd.insert(odd.end() - 8, 0x00);
  odd[1] = static_cast<std::uint8_t>(odd.size() - 2);
  EXPECT_EQ(run({odd}), std::vector<Reply>{error(0x86, t03::Error::Structure)});
  gp::scp03::HostSession h3 = open(keys);
  Bytes big{0x86, 0x82, 0x04, 0x08};
  big.resize(big.size() + 0x408, 0x00);
  EXPECT_EQ(run({big}), std::vector<Reply>{error(0x86, t03::Error::Structure)});
  // A tag that is no SCP03t command: the bad format TLV, after what ran.
  gp::scp03::HostSession h4(keys, from_hex("1122334455667788"));
  const std::vector<Reply> r = run({h4.initialize_update_tlv(), from_hex("870100")});
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].tag, 0x84);
  EXPECT_EQ(bad, "01");
  EXPECT_EQ(executed, 1);
  EXPECT_EQ(info(kIsdP3)->state, kPersonalized);
}

TEST_F(EuiccScp03t, TheIsdPStateAndThePackageDecideTheInstallation) {
  // An ISD-P without keys, and one that holds a profile.
  EXPECT_EQ(es5_one(create_isdp(kIsdP3)), expanded_answer({"9000"}));
  EXPECT_EQ(run({gp::scp03::HostSession(isdp1_keys(), from_hex("1122334455667788")).initialize_update_tlv()}),
            std::vector<Reply>{error(0x84, t03::Error::Sequence)});
  {
    gp::scp03::HostSession host = open(isdp1_keys(), kTarIsdP1);
    const std::vector<Bytes> segs = segments(host, package_file("cmcc-m2m.der"));
    EXPECT_EQ(run({segs[0]}, kTarIsdP1), std::vector<Reply>{error(0x86, t03::Error::Sequence)});
  }
  ecasd::OffCardKeyEstablishment smdp = off_card(pki().smdp, 0x30, "eSK.DP/download");
  const std::optional<ecasd::Scp03KeySet> k = establish(kTarIsdP3, smdp);
  ASSERT_TRUE(k) << failed;
  const gp::scp03::StaticKeys keys = scp03_of(*k, 0x30);
  // A package that ends with its PE-End but does not decode: refused at
  // its last segment, no profile.
  Bytes broken = package_file("cmcc-m2m.der");
  broken[2] = 0x9E;  // the ProfileHeader's major-version tag: a field it does not have
  gp::scp03::HostSession host = open(keys);
  const std::vector<Bytes> segs = segments(host, broken);
  std::vector<Reply> expected(segs.size(), Reply{0x86, ""});
  expected.back() = error(0x86, t03::Error::InstallationFailed);
  EXPECT_EQ(send_segments(segs), expected);
  EXPECT_EQ(info(kIsdP3)->state, kPersonalized);
  EXPECT_FALSE(info(kIsdP3)->installed);
  EXPECT_EQ(e.profile_card(from_hex(kIsdP3)), nullptr);
  // Without its PE-End the package waits for more.
  gp::scp03::HostSession third = open(keys);
  Bytes cut = package_file("cmcc-m2m.der");
  cut.resize(cut.size() - 10);
  const std::vector<Bytes> cut_segs = segments(third, cut);
  EXPECT_EQ(send_segments(cut_segs), std::vector<Reply>(cut_segs.size(), Reply{0x86, ""}));
  EXPECT_FALSE(info(kIsdP3)->installed);
}

// The response fits a PoR (360 bytes of additional data): of twelve '84',
// ten run, each answered with 34 bytes; the rest are not run.
TEST_F(EuiccScp03t, AScriptStopsWhereItsResponseMightNotFitAPoR) {
  const gp::scp03::StaticKeys keys = prepare_isdp3();
  gp::scp03::HostSession host(keys, from_hex("1122334455667788"));
  const std::vector<Reply> r = run_long(std::vector<Bytes>(12, host.initialize_update_tlv()));
  EXPECT_EQ(executed, 10);
  ASSERT_EQ(r.size(), 10u);
  for (const Reply& x : r) EXPECT_EQ(x.tag, t03::kInitializeUpdate);
  EXPECT_TRUE(bad.empty());
  // The last '84' opened the session.
  ASSERT_TRUE(host.take_response(from_hex(r.back().value)));
  EXPECT_EQ(run({host.external_authenticate_tlv()}), (std::vector<Reply>{Reply{0x85, ""}}));
}

// A memory quota smaller than the profile: '9F46' 06, no profile.
TEST_F(EuiccScp03t, AProfileOverTheQuotaIsRefused) {
  const gp::scp03::StaticKeys keys = prepare_isdp(create_isdp(kIsdP3, "C8020400"), kTarIsdP3);
  gp::scp03::HostSession host = open(keys);
  const std::vector<Bytes> segs = segments(host, package_file("cmcc-m2m.der"));
  std::vector<Reply> expected(segs.size(), Reply{0x86, ""});
  expected.back() = error(0x86, t03::Error::InsufficientMemory);
  EXPECT_EQ(send_segments(segs), expected);
  EXPECT_FALSE(info(kIsdP3)->installed);
}

}  // namespace test_euicc_scp03t
}  // namespace cardcore::testing
