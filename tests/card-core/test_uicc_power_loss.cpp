// Power loss at every NVM page program of a card operation: after the next
// power-up the card is consistent — each operation took effect whole or not
// at all — and keeps working. (Anti-tearing, card-core nvm/.)
#include <functional>

#include "card_fixture.hpp"
#include "cardcore/auth/milenage.hpp"
#include "cardcore/auth/sqn_array.hpp"

namespace test_uicc_power_loss {

using cardcore::testing::CardTest;
using cardcore::testing::domestic_profile;
using namespace cardcore;

const Bytes kK = from_hex("465b5ce8b199b49faa5f0a2ee238a6bc");
const Bytes kOpc = from_hex("cd63cb71954a9f4e48a5994e37a02baf");

Bytes send(Uicc& card, const std::string& hex) { return card.transmit(from_hex(hex)); }

// Runs `op` on a fresh copy of the card made by `prepare`, cutting power at
// page program n = 1, 2, ... until op completes without a cut. After each
// cut: power-up, then `state` must be `before` or `after` (the state of an
// uninterrupted run), and once `after` has been seen it must stay `after`.
// Returns the number of interruption points tried.
int every_interruption_point(const std::function<void(Uicc&)>& prepare, const std::function<void(Uicc&)>& op,
                             const std::function<std::string(Uicc&)>& state) {
  Uicc ref(domestic_profile());
  prepare(ref);
  const std::string before = state(ref);
  op(ref);
  const std::string after = state(ref);
  EXPECT_NE(before, after) << "the operation must change something";
  bool seen_after = false;
  for (std::uint32_t n = 1; n < 64; ++n) {
    Uicc card(domestic_profile());
    prepare(card);
    card.nvm().arm_power_loss(n);
    try {
      op(card);
      card.nvm().arm_power_loss(0);
      EXPECT_EQ(state(card), after);
      return static_cast<int>(n) - 1;
    } catch (const PowerLoss&) {
      EXPECT_FALSE(card.powered());
    }
    card.power_on();
    const std::string s = state(card);
    SCOPED_TRACE("power lost at program " + std::to_string(n));
    EXPECT_TRUE(s == before || s == after) << s;
    if (seen_after) {
      EXPECT_EQ(s, after);
    }
    seen_after = seen_after || s == after;
    // The card still works: an operation that did not happen can be done now.
    if (s == before) {
      op(card);
      EXPECT_EQ(state(card), after);
    }
  }
  ADD_FAILURE() << "the operation never completed";
  return 0;
}

void powered_usim(Uicc& c) {
  c.power_on();
  send(c, "00A4040C07A0000000871002");
}

std::string read_file(Uicc& c, const std::string& fid, int len) {
  powered_usim(c);
  char le[3];
  std::snprintf(le, sizeof le, "%02X", len);
  send(c, "00A4000C02" + fid);
  return to_hex(send(c, std::string("00B00000") + le));
}

TEST(PowerLoss, UpdateBinaryOfEfLoci) {
  const int points = every_interruption_point(
      [](Uicc& c) { powered_usim(c); },
      [](Uicc& c) {
        powered_usim(c);
        send(c, "00A4000C026F7E");
        EXPECT_EQ(to_hex(send(c, "00D600000B0123456764F0000001FF00")), "9000");
      },
      [](Uicc& c) { return read_file(c, "6F7E", 11); });
  EXPECT_GE(points, 2);
}

TEST(PowerLoss, PersonalizationWritesAllOrNothing) {
  const int points = every_interruption_point(
      [](Uicc&) {},
      [](Uicc& c) { c.personalize({"898600999999999999", "460049999999999", kK, kOpc}); },
      [](Uicc& c) {
        std::string s = read_file(c, "6F07", 9);
        c.power_on();
        send(c, "00A4000C022FE2");
        s += to_hex(send(c, "00B000000A"));
        std::uint8_t key[32];
        c.nvm().read(c.profile().auth.key_addr, key);
        return s + to_hex(ByteView(key, 32));
      });
  EXPECT_GE(points, 2);
}

TEST(PowerLoss, AuthenticateUpdatesTheSqnArrayAtomically) {
  const Milenage net(kK.data(), kOpc.data());
  const Bytes rand(16, 0x33);
  const std::uint8_t amf[2] = {0x80, 0x00};
  std::uint8_t sqn[6];
  store_sqn48(sqn, (77ull << 5) | 9);
  const MilenageVector v = net.generate(rand.data(), sqn, amf);
  const std::string apdu = "0088008122" "10" + to_hex(rand) + "10" + to_hex(v.autn);
  every_interruption_point(
      [](Uicc& c) { c.personalize({"898600123456789012", "460040123456789", kK, kOpc}); },
      [&](Uicc& c) {
        powered_usim(c);
        send(c, apdu);
      },
      [&](Uicc& c) {
        // The SQN array bytes: entry 9 is either untouched or holds the new SQN.
        const ProfileTemplate& p = c.profile();
        Bytes image(SqnArray({p.auth.sqn_ind_bits}).image_bytes());
        c.nvm().read(p.auth.sqn_addr, image);
        return to_hex(image);
      });
}

TEST(PowerLoss, WrongPinNeverGivesAnExtraTry) {
  every_interruption_point(
      [](Uicc& c) { c.power_on(); },
      [](Uicc& c) {
        c.power_on();
        send(c, "002000810839393939FFFFFFFF");
      },
      [](Uicc& c) {
        c.power_on();
        return to_hex(send(c, "00200081"));  // the retry counter
      });
}

TEST(PowerLoss, UnblockWritesPinCounterAndFlagsTogether) {
  const PinSpec& pin2 = *domestic_profile()->find_pin(key_ref::kPin2);
  const std::string puk = to_hex(pin2.puk);
  every_interruption_point(
      [](Uicc& c) {
        c.power_on();
        for (int i = 0; i < 3; ++i) send(c, "002000810839393939FFFFFFFF");
      },
      [&](Uicc& c) {
        c.power_on();
        send(c, "002C008110" + puk + "3131313131FFFFFF");
      },
      [](Uicc& c) {
        c.power_on();
        const std::string st = to_hex(send(c, "00200081"));
        return st + to_hex(send(c, "00200081083131313131FFFFFF"));
      });
}

}  // namespace test_uicc_power_loss
