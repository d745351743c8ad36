// AUTHENTICATE on the USIM (TS 31.102 §7.1) against every published Milenage
// set (TS 35.208) and GSM-Milenage set (TS 55.205), SQN handling (TS 33.102
// §6.3.3, Annex C) with AUTS checked by the network side, and the GSM SIM
// side's RUN GSM ALGORITHM (TS 51.011 §9.2.16).
#include "card_fixture.hpp"
#include "cardcore/auth/auts.hpp"
#include "cardcore/auth/gsm_conversion.hpp"
#include "cardcore/auth/milenage.hpp"
#include "cardcore/auth/sqn_array.hpp"
#include "vector_file.hpp"

namespace test_uicc_auth {

using cardcore::testing::CardTest;
using cardcore::testing::upper_hex;
using cardcore::testing::domestic_profile;
using namespace cardcore;

std::string upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

class Authenticate : public CardTest {
 protected:
  void use_keys(const Bytes& k, const Bytes& opc) {
    card.personalize({"898600123456789012", "460040123456789", k, opc});
    card.power_on();
    select_usim();
  }
  // AUTHENTICATE in the 3G context; returns data + SW after GET RESPONSE.
  std::string auth3g(ByteView rand, ByteView autn) {
    return exchange("0088008122" "10" + upper_hex(rand) + "10" + upper_hex(autn));
  }
  static Bytes autn_for(const Milenage& net, ByteView rand, std::uint64_t sqn, const Bytes& amf) {
    std::uint8_t s[6];
    store_sqn48(s, sqn);
    const MilenageVector v = net.generate(rand.data(), s, amf.data());
    return Bytes(v.autn.begin(), v.autn.end());
  }
  const Bytes amf = from_hex("8000");
};

TEST_F(Authenticate, EveryTs35208SetGivesResCkIkAndKc) {
  const auto sets = testdata::load_vector_blocks("milenage-ts35208.txt");
  int n = 0;
  for (const auto& b : sets) {
    if (!b.count("f2")) continue;  // the Rijndael blocks of the file
    SCOPED_TRACE(b.at("set"));
    const Bytes k = from_hex(b.at("k")), opc = from_hex(b.at("opc")), rand = from_hex(b.at("rand"));
    const Bytes sqn = from_hex(b.at("sqn")), f5 = from_hex(b.at("f5"));
    Bytes autn;
    for (int i = 0; i < 6; ++i) autn.push_back(sqn[i] ^ f5[i]);
    const Bytes set_amf = from_hex(b.at("amf")), mac = from_hex(b.at("f1"));
    autn.insert(autn.end(), set_amf.begin(), set_amf.end());
    autn.insert(autn.end(), mac.begin(), mac.end());
    card = Uicc(domestic_profile());
    card.power_on();
    use_keys(k, opc);
    const Bytes ck = from_hex(b.at("f3")), ik = from_hex(b.at("f4"));
    const GsmKc kc = c3(ck.data(), ik.data());
    EXPECT_EQ(auth3g(rand, autn), "DB08" + upper(b.at("f2")) + "10" + upper(b.at("f3")) + "10" + upper(b.at("f4")) +
                                      "08" + upper_hex(kc) + "9000");
    ++n;
  }
  EXPECT_EQ(n, 20);
}

TEST_F(Authenticate, EveryTs55205SetInTheGsmContextAndOnTheSimSide) {
  const auto sets = testdata::load_vector_blocks("gsm-milenage-ts55205.txt");
  ASSERT_EQ(sets.size(), 19u);
  for (const auto& b : sets) {
    SCOPED_TRACE(b.at("set"));
    card = Uicc(domestic_profile());
    card.power_on();
    const std::string ki_key = b.count("ki") ? "ki" : "k";
    use_keys(from_hex(b.at(ki_key)), from_hex(b.at("opc")));
    const std::string sres = upper(b.count("sres1") ? b.at("sres1") : b.at("sres"));
    const std::string kc = upper(b.at("kc"));
    const std::string rand = upper(b.at("rand"));
    // USIM, GSM security context: the triplet from the quintet (c2/c3).
    EXPECT_EQ(exchange("0088008011" "10" + rand), "04" + sres + "08" + kc + "9000");
    // GSM SIM side: RUN GSM ALGORITHM under DF.GSM.
    ASSERT_EQ(send("A0A40000027F20").substr(0, 2), "9F");
    EXPECT_EQ(send("A088000010" + rand), "9F0C");
    EXPECT_EQ(send("A0C000000C"), sres + kc + "9000");
  }
}

TEST_F(Authenticate, ReplayGivesAutsThatTheNetworkSideVerifies) {
  const Bytes k = from_hex("465b5ce8b199b49faa5f0a2ee238a6bc"), opc = from_hex("cd63cb71954a9f4e48a5994e37a02baf");
  use_keys(k, opc);
  const Milenage net(k.data(), opc.data());
  const Bytes rand = from_hex("23553cbe9637a89d218ae64dae47bf35");
  const std::uint64_t sqn = (1000ull << 5) | 7;
  const Bytes autn = autn_for(net, rand, sqn, amf);
  ASSERT_EQ(auth3g(rand, autn).substr(0, 2), "DB");
  const std::string r = auth3g(rand, autn);  // the same SQN again
  ASSERT_EQ(r.substr(0, 4), "DC0E");
  ASSERT_EQ(r.substr(r.size() - 4), "9000");
  const Bytes auts = from_hex(r.substr(4, 28));
  const AutsCheck check = verify_auts(net, rand.data(), auts.data());
  EXPECT_TRUE(check.mac_ok);
  EXPECT_EQ(check.sqn_ms, sqn);  // the highest SQN the card has accepted
}

TEST_F(Authenticate, SqnArrayAcceptsOutOfOrderAcrossIndSlots) {
  const Bytes k = from_hex("465b5ce8b199b49faa5f0a2ee238a6bc"), opc = from_hex("cd63cb71954a9f4e48a5994e37a02baf");
  use_keys(k, opc);
  const Milenage net(k.data(), opc.data());
  const Bytes rand(16, 0x42);
  auto seq_ind = [](std::uint64_t seq, std::uint64_t ind) { return (seq << 5) | ind; };
  // Vectors generated in order but used out of order (different IND): all fresh.
  EXPECT_EQ(auth3g(rand, autn_for(net, rand, seq_ind(10, 3), amf)).substr(0, 2), "DB");
  EXPECT_EQ(auth3g(rand, autn_for(net, rand, seq_ind(8, 1), amf)).substr(0, 2), "DB");
  EXPECT_EQ(auth3g(rand, autn_for(net, rand, seq_ind(9, 2), amf)).substr(0, 2), "DB");
  // An older SEQ in a used slot is a replay.
  EXPECT_EQ(auth3g(rand, autn_for(net, rand, seq_ind(7, 3), amf)).substr(0, 2), "DC");
  EXPECT_EQ(auth3g(rand, autn_for(net, rand, seq_ind(11, 3), amf)).substr(0, 2), "DB");
  // The accepted SQN survives power cycles (it is in NVM).
  card.power_on();
  select_usim();
  EXPECT_EQ(auth3g(rand, autn_for(net, rand, seq_ind(11, 3), amf)).substr(0, 2), "DC");
}

TEST_F(Authenticate, MacFailureAndBadCommands) {
  const Bytes k = from_hex("465b5ce8b199b49faa5f0a2ee238a6bc"), opc = from_hex("cd63cb71954a9f4e48a5994e37a02baf");
  const Milenage net(k.data(), opc.data());
  const Bytes rand(16, 0x01);
  Bytes autn = autn_for(net, rand, 33, amf);
  // Not within the USIM yet: conditions of use not satisfied.
  EXPECT_EQ(send("0088008122" "10" + upper_hex(rand) + "10" + upper_hex(autn)), "6985");
  use_keys(k, opc);
  autn[15] ^= 0x01;
  EXPECT_EQ(send("0088008122" "10" + upper_hex(rand) + "10" + upper_hex(autn)), "9862");
  autn[15] ^= 0x01;
  EXPECT_EQ(send("0088008222" "10" + upper_hex(rand) + "10" + upper_hex(autn)), "6A86");  // VGCS context: not offered
  EXPECT_EQ(send("0088018122" "10" + upper_hex(rand) + "10" + upper_hex(autn)), "6A86");
  EXPECT_EQ(send("0088008122" "0F" + upper_hex(rand) + "10" + upper_hex(autn)), "6A80");
  EXPECT_EQ(send("0088008121" "10" + upper_hex(rand) + "10" + upper_hex(autn).substr(2)), "6A80");
  EXPECT_EQ(send("00880081"), "6700");
  EXPECT_EQ(send("0088008000"), "6700");
  // After all that the right AUTN is still fresh.
  EXPECT_EQ(auth3g(rand, autn).substr(0, 2), "DB");
}

TEST_F(Authenticate, NeedsPin1WhenItIsEnabled) {
  const std::string pin1 = upper_hex(card.profile().find_pin(key_ref::kPin1)->value);
  ASSERT_EQ(send("0028000108" + pin1), "9000");
  card.power_on();
  select_usim();
  EXPECT_EQ(send("0088008011" "10" + std::string(32, '0')), "6982");
  ASSERT_EQ(send("0020000108" + pin1), "9000");
  EXPECT_EQ(send("0088008011" "10" + std::string(32, '0')), "610E");
  // The GSM side asks for CHV1 too.
  ASSERT_EQ(send("A0A40000027F20").substr(0, 2), "9F");
  card.power_on();
  ASSERT_EQ(send("A0A40000027F20").substr(0, 2), "9F");
  EXPECT_EQ(send("A088000010" + std::string(32, '0')), "9804");
  // RUN GSM ALGORITHM outside DF.GSM is refused.
  ASSERT_EQ(send("A0A40000023F00").substr(0, 2), "9F");
  ASSERT_EQ(send("A020000108" + pin1), "9000");
  EXPECT_EQ(send("A088000010" + std::string(32, '0')), "9408");
}

}  // namespace test_uicc_auth
