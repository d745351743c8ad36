// The modem's card power-up against the real domestic card: ATR, EF.DIR,
// ADF.USIM, PIN status, the USIM's EFs, TERMINAL PROFILE (TS 102 221 §6,
// TS 31.102 §5.1.1), then the ATTACH REQUEST; PIN handling; cards that
// answer garbage.
#include "modem_harness.hpp"

#include "cardcore/cat/terminal_profile.hpp"
#include "twinmodels/modem/atr.hpp"

namespace twinmodels::testing {
namespace test_modem_power_up {

using cardcore::Bytes;
using cardcore::from_hex;

std::vector<std::string> commands(const std::vector<std::string>& t) {
  std::vector<std::string> c;
  for (const std::string& s : t)
    if (s[0] == '>') c.push_back(s.substr(2));
  return c;
}

TEST(ModemAtr, DomesticAtrGivesTa1AndTheClassIndicator) {
  AtrInfo a;
  ASSERT_EQ(parse_atr(from_hex("3B9F96801FC78031A073FE211367432007180000 01E5"), a), nullptr);
  EXPECT_EQ(a.fi, 512);
  EXPECT_EQ(a.di, 32);
  EXPECT_TRUE(a.t0_offered);
  EXPECT_EQ(a.classes, 0x07);  // A, B and C
  EXPECT_EQ(a.clock_stop, 3);
  // No interface bytes at all: T=0 at the default speed.
  ASSERT_EQ(parse_atr(from_hex("3B00"), a), nullptr);
  EXPECT_EQ(a.fi, 372);
  EXPECT_TRUE(a.t0_offered);
  EXPECT_STREQ(parse_atr(from_hex("3B9F96801FC78031A073FE211367432007180000 01E4"), a), "ATR: TCK check failed");
  EXPECT_STREQ(parse_atr(from_hex("3B9F9680"), a), "ATR cut short in the interface bytes");
  EXPECT_STREQ(parse_atr(from_hex("3F"), a), "ATR shorter than TS and T0");
  EXPECT_STREQ(parse_atr(from_hex("12 00"), a), "ATR: TS is neither 3B nor 3F");
  EXPECT_STREQ(parse_atr(from_hex("3B 10 F6"), a), "ATR: TA1 has an RFU Fi or Di");
  EXPECT_STREQ(parse_atr(from_hex("3B 01"), a), "ATR length does not match its historical bytes");
}

TEST(ModemPowerUp, TranscriptAgainstTheDomesticCard) {
  ModemRig rig;
  const auto o = rig.in(PowerOn{});
  EXPECT_EQ(rig.modem.state(), ModemState::Attaching);
  EXPECT_EQ(rig.modem.imsi(), imsi_of(3));
  EXPECT_EQ(rig.modem.mnc_length(), 2);
  const ModemOutput* ready = ModemRig::report_of(o, ModemEvent::CardReady);
  ASSERT_TRUE(ready);
  const SendAttachRequest* req = ModemRig::find<SendAttachRequest>(o);
  ASSERT_TRUE(req);
  EXPECT_EQ(req->imsi, imsi_of(3));
  EXPECT_FALSE(req->m_tmsi);  // the factory EF.EPSLOCI holds no GUTI
  EXPECT_EQ(req->access_class, 0x0008);  // EF.ACC as personalized: class 3 (TS 22.011 §4.2, the IMSI's last digit)
  // The attach request leaves after RRC set-up and the NAS message.
  const ModemOutput* sent = ModemRig::find_output<SendAttachRequest>(o);
  EXPECT_EQ(sent->at_ms, ready->at_ms + rig.cfg.tech.rrc_setup_ms + rig.cfg.tech.nas_message_ms);
  EXPECT_GT(ready->at_ms, 0u);  // the card exchanges take time

  ASSERT_FALSE(rig.transcript.empty());
  EXPECT_EQ(rig.transcript[0].substr(0, 12), "< 3B9F96801F");
  const std::vector<std::string> c = commands(rig.transcript);
  const Bytes tp = rig.cfg.effective_terminal_profile().bytes();
  const std::vector<std::string> expected = {
      "00A4000C023F00",                                   // MF
      "00A40004022F00", "00C00000",                       // EF.DIR with its FCP (T=0: '61 XX', GET RESPONSE)
      "00B2010426",                                       // record 1: the USIM's AID
      "00A4040410A0000000871002FF86FFFF89FFFFFFFF",        // ADF.USIM by the full AID
  };
  ASSERT_GE(c.size(), expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) EXPECT_EQ(c[i].substr(0, expected[i].size()), expected[i]) << i;
  // Then the PIN status, the files, the profile download last.
  std::string all;
  for (const std::string& s : c) all += s + "\n";
  for (const char* step : {"00200001\n", "00A40004026FAD", "00A40004026F38", "00A40004026F07", "00A40004026F78",
                           "00A40004026FE3", "00A40004026F7B", "00A40004026F60", "00A40004026F61", "00A40004026F62"})
    EXPECT_NE(all.find(step), std::string::npos) << step;
  Bytes tp_apdu = {0x80, 0x10, 0x00, 0x00, static_cast<std::uint8_t>(tp.size())};
  tp_apdu.insert(tp_apdu.end(), tp.begin(), tp.end());
  std::string tp_hex = cardcore::to_hex(tp_apdu);
  for (char& ch : tp_hex) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  EXPECT_EQ(c.back(), tp_hex);
  ASSERT_TRUE(rig.card.terminal_profile());
  EXPECT_TRUE(rig.card.terminal_profile()->supports(cardcore::cat::Facility::kRefresh));
  EXPECT_TRUE(rig.card.terminal_profile()->supports(cardcore::cat::Facility::kOpenChannel));
  EXPECT_EQ(rig.card.terminal_profile()->bip_channels(), 1u);
  EXPECT_FALSE(rig.card.terminal_profile()->supports(cardcore::cat::Facility::kLocalInfoNmr));
  EXPECT_TRUE(rig.card.terminal_profile()->supports(cardcore::cat::Facility::kBearerEutran));  // NB-IoT
  EXPECT_FALSE(rig.card.terminal_profile()->supports(cardcore::cat::Facility::kBearerGprs));
  const cardcore::cat::TerminalProfile gsm = ModemConfig::terminal_profile_for(Technology::Gsm);
  EXPECT_TRUE(gsm.supports(cardcore::cat::Facility::kBearerGprs));
  EXPECT_FALSE(gsm.supports(cardcore::cat::Facility::kBearerEutran));
  EXPECT_LE(rig.modem.bytes_per_modem(), 96u);
}

TEST(ModemPowerUp, TimingFollowsTheNegotiatedSpeed) {
  // The same power-up with a slower card clock takes longer.
  ModemConfig slow;
  slow.card.clock_khz = 1000;
  ModemRig fast_rig, slow_rig(slow);
  const auto f = fast_rig.in(PowerOn{});
  const auto s = slow_rig.in(PowerOn{});
  EXPECT_LT(ModemRig::report_of(f, ModemEvent::CardReady)->at_ms, ModemRig::report_of(s, ModemEvent::CardReady)->at_ms);
}

// ENABLE PIN on the card (TS 102 221 §11.1.12) so that power-up must verify.
void enable_pin(cardcore::Uicc& card) {
  card.power_on();
  ASSERT_EQ(card.transmit(from_hex("00A4040C07A0000000871002")), (Bytes{0x90, 0x00}));
  ASSERT_EQ(card.transmit(from_hex("002800010831323334FFFFFFFF")), (Bytes{0x90, 0x00}));
  card.power_off();
}

TEST(ModemPin, EnabledPinIsVerifiedWithTheConfiguredOne) {
  ModemConfig cfg;
  cfg.pin = "1234";
  ModemRig rig(cfg);
  enable_pin(rig.card);
  const auto o = rig.in(PowerOn{});
  EXPECT_TRUE(ModemRig::reported(o, ModemEvent::CardReady));
  EXPECT_TRUE(ModemRig::find<SendAttachRequest>(o));
  std::string all;
  for (const std::string& s : rig.transcript) all += s + "\n";
  EXPECT_NE(all.find("> 002000010831323334FFFFFFFF\n< 9000"), std::string::npos);
}

TEST(ModemPin, NoPinConfiguredStaysUnregistered) {
  ModemRig rig;
  enable_pin(rig.card);
  const auto o = rig.in(PowerOn{});
  const Report* r = ModemRig::find<Report>(o);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->event, ModemEvent::PinRequired);
  EXPECT_EQ(r->detail, 3);
  EXPECT_EQ(rig.modem.state(), ModemState::PinLocked);
  EXPECT_FALSE(ModemRig::find<SendAttachRequest>(o));
}

TEST(ModemPin, WrongPinThenBlocked) {
  ModemConfig cfg;
  cfg.pin = "9999";
  ModemRig rig(cfg);
  enable_pin(rig.card);
  for (int tries_left : {2, 1}) {
    const auto o = rig.in(PowerOn{});
    const ModemOutput* r = ModemRig::report_of(o, ModemEvent::PinRejected);
    ASSERT_TRUE(r);
    EXPECT_EQ(std::get<Report>(r->action).detail, tries_left);
    EXPECT_FALSE(ModemRig::find<SendAttachRequest>(o));
    rig.in(PowerOff{});
  }
  EXPECT_TRUE(ModemRig::reported(rig.in(PowerOn{}), ModemEvent::PinBlocked));  // the third wrong try blocks it
  rig.in(PowerOff{});
  const auto o = rig.in(PowerOn{});
  EXPECT_TRUE(ModemRig::reported(o, ModemEvent::PinBlocked));
  EXPECT_EQ(rig.modem.state(), ModemState::PinLocked);
  EXPECT_FALSE(ModemRig::find<SendAttachRequest>(o));
}

// A card that answers what no UICC may.
class ScriptedPort final : public CardPort {
 public:
  Bytes atr = from_hex("3B9F96801FC78031A073FE211367432007180000 01E5");
  std::vector<Bytes> answers;  // in order; the last one repeats
  std::size_t next = 0;
  cardcore::ByteView power_on() override { return atr; }
  void power_off() override {}
  std::size_t transmit(cardcore::ByteView, std::span<std::uint8_t, cardcore::kMaxRapdu> out) override {
    const Bytes& a = answers[std::min(next++, answers.size() - 1)];
    std::copy(a.begin(), a.end(), out.begin());
    return a.size();
  }
};

std::string failure(const std::vector<ModemOutput>& o) {
  const ModemOutput* r = ModemRig::report_of(o, ModemEvent::CardFailed);
  return r ? r->error : "(no CardFailed)";
}

TEST(ModemPowerUp, CardAnsweringGarbageIsReported) {
  ModemConfig cfg;
  std::vector<ModemOutput> o;
  {
    Modem m(cfg, 1);
    ScriptedPort p;
    p.answers = {Bytes{0x90}};
    m.handle(p, 0, PowerOn{}, o);
    EXPECT_EQ(failure(o), "card: response shorter than a status word");
    EXPECT_EQ(m.state(), ModemState::CardFailed);
  }
  {
    Modem m(cfg, 1);
    ScriptedPort p;
    p.atr = from_hex("3B9F9680");
    p.answers = {Bytes{0x90, 0x00}};
    o.clear();
    m.handle(p, 0, PowerOn{}, o);
    EXPECT_EQ(failure(o), "card: ATR cut short in the interface bytes");
  }
  {
    Modem m(cfg, 1);
    ScriptedPort p;
    p.answers = {Bytes{0x61, 0x10}};  // GET RESPONSE answered '61 10' forever
    o.clear();
    m.handle(p, 0, PowerOn{}, o);
    EXPECT_EQ(failure(o), "card: the card keeps answering '61 XX' / '6C XX'");
  }
  {
    Modem m(cfg, 1);
    ScriptedPort p;
    p.answers = {Bytes{0x90, 0x00}, Bytes{0x01, 0x02, 0x90, 0x00}};  // SELECT EF.DIR: data that is no FCP
    o.clear();
    m.handle(p, 0, PowerOn{}, o);
    EXPECT_EQ(failure(o), "card: SELECT returned no FCP template");
  }
  {
    ModemConfig only_5v;
    only_5v.supply_classes = 0x01;
    Modem m(only_5v, 1);
    ScriptedPort p;
    p.atr = from_hex("3B8080 1F C2 5D");  // T=0, T=15 with class C only  (TCK below)
    std::uint8_t x = 0;
    for (std::size_t i = 1; i + 1 < p.atr.size(); ++i) x ^= p.atr[i];
    p.atr.back() = x;
    p.answers = {Bytes{0x90, 0x00}};
    o.clear();
    m.handle(p, 0, PowerOn{}, o);
    EXPECT_EQ(failure(o), "card: ATR: no supply voltage class the modem offers");
  }
}

// Random answers (seeded): whatever the card says, the modem ends in a
// defined state and only reports; nothing escapes handle().
class RandomPort final : public CardPort {
 public:
  explicit RandomPort(std::uint32_t seed) : x_(seed | 1) {}
  cardcore::ByteView power_on() override { return atr_; }
  void power_off() override {}
  std::size_t transmit(cardcore::ByteView, std::span<std::uint8_t, cardcore::kMaxRapdu> out) override {
    const std::size_t n = 2 + next() % 40;
    for (std::size_t i = 0; i < n; ++i) out[i] = static_cast<std::uint8_t>(next());
    // Mostly '90 00' / '61 XX' / '91 XX' so that the modem gets deep.
    const unsigned k = next() % 4;
    const std::uint8_t sw1 = k == 0 ? 0x90 : k == 1 ? 0x61 : k == 2 ? 0x91 : static_cast<std::uint8_t>(next());
    out[n - 2] = sw1;
    out[n - 1] = sw1 == 0x90 ? 0x00 : static_cast<std::uint8_t>(next());
    return n;
  }

 private:
  std::uint32_t next() {
    x_ ^= x_ << 13;
    x_ ^= x_ >> 17;
    x_ ^= x_ << 5;
    return x_;
  }
  std::uint32_t x_;
  Bytes atr_ = from_hex("3B9F96801FC78031A073FE211367432007180000 01E5");
};

TEST(ModemPowerUp, RandomCardAnswersEndInADefinedState) {
  ModemConfig cfg;
  int failed = 0;
  for (std::uint32_t seed = 1; seed <= 500; ++seed) {
    Modem m(cfg, 1);
    RandomPort p(seed);
    std::vector<ModemOutput> o;
    ASSERT_NO_THROW(m.handle(p, 0, PowerOn{}, o)) << seed;
    ASSERT_NO_THROW(m.handle(p, 10, MtSms{std::nullopt, from_hex("040B916831214365F700006210011030002302C834")}, o)) << seed;
    failed += m.state() == ModemState::CardFailed;
  }
  EXPECT_GT(failed, 400);  // garbage is recognised as such
}

}  // namespace test_modem_power_up
}  // namespace twinmodels::testing
