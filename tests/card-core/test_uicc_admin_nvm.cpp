// The card's own files in its NVM (TS 102 222 commands): room and its
// exhaustion ('6A84'), a card that never creates a file paying nothing,
// persistence over power cycles and card state snapshots, and power loss
// at every page program of CREATE, DELETE, RESIZE FILE and INCREASE
// leaving the file system as it was before the command or after it.
#include <fstream>
#include <functional>
#include <sstream>

#include "admin_fixture.hpp"
#include "cardcore/nvm/nvm.hpp"

namespace test_uicc_admin_nvm {

using cardcore::testing::AdminCard;
using cardcore::testing::df;
using cardcore::testing::domestic_profile;
using cardcore::testing::kOpenRule;
using cardcore::testing::kVerifyAdm1;
using cardcore::testing::new_size;
using cardcore::testing::record_ef;
using cardcore::testing::transparent_ef;
using cardcore::testing::upper_hex;
using namespace cardcore;

std::string send(Uicc& card, const std::string& hex) { return upper_hex(card.transmit(from_hex(hex))); }

// The domestic profile with `line` added to its [profile] section.
std::shared_ptr<const ProfileTemplate> domestic_with(const std::string& line) {
  std::ifstream f(ESIMTWIN_SOURCE_DIR "/profiles/cmcc-domestic-usim.prof");
  std::stringstream ss;
  ss << f.rdbuf();
  std::string text = ss.str();
  const std::string anchor = "logical_channels = 4\n";
  text.insert(text.find(anchor) + anchor.size(), line + "\n");
  return std::make_shared<const ProfileTemplate>(parse_profile(text, "variant"));
}

// Powers the card up with ADM1 verified and EF.ARR 2F06 record 8 = kOpenRule.
void admin_session(Uicc& c) {
  c.power_on();
  EXPECT_EQ(send(c, kVerifyAdm1), "9000");
  Bytes rule = from_hex(kOpenRule);
  rule.resize(40, 0xFF);
  EXPECT_EQ(send(c, "00A4000C022F06"), "9000");
  EXPECT_EQ(send(c, "00DC080428" + upper_hex(rule)), "9000");
  EXPECT_EQ(send(c, "00A4000C023F00"), "9000");
}

// Runs `op` on fresh cards made by `prepare`, cutting the power at page
// program n = 1, 2, ... until `op` runs uncut. After each cut and a
// power-up, `state` (which only reads) must be what it was before `op` or
// what it is after an uncut `op`; once after, always after; and a card
// left before can run `op` again. Returns the cut points tried.
int every_cut(const std::function<void(Uicc&)>& prepare, const std::function<void(Uicc&)>& op,
              const std::function<std::string(Uicc&)>& state) {
  Uicc ref(domestic_profile());
  prepare(ref);
  ref.power_on();
  const std::string before = state(ref);
  op(ref);
  ref.power_on();
  const std::string after = state(ref);
  EXPECT_NE(before, after) << "the operation must change something";
  bool seen_after = false;
  for (std::uint32_t n = 1; n < 400; ++n) {
    SCOPED_TRACE("power lost at program " + std::to_string(n));
    Uicc card(domestic_profile());
    prepare(card);
    card.nvm().arm_power_loss(n);
    try {
      op(card);
      card.nvm().arm_power_loss(0);
      card.power_on();
      EXPECT_EQ(state(card), after);
      return static_cast<int>(n) - 1;
    } catch (const PowerLoss&) {
      EXPECT_FALSE(card.powered());
    }
    card.power_on();
    const std::string s = state(card);
    EXPECT_TRUE(s == before || s == after) << s << "\nbefore " << before << "\nafter  " << after;
    if (seen_after) {
      EXPECT_EQ(s, after);
    }
    seen_after = seen_after || s == after;
    if (s == before) {
      op(card);
      card.power_on();
      EXPECT_EQ(state(card), after);
    }
  }
  ADD_FAILURE() << "the operation never completed";
  return 0;
}

// What a test reads of a file under the MF (or path from it): its FCP and
// `len` bytes of it, or the SW of the failed SELECT.
std::string file_at(Uicc& c, const std::string& path, unsigned len) {
  send(c, "00A4000C023F00");
  const std::string sel = send(c, "00A40804" + cardcore::testing::hex8(static_cast<unsigned>(path.size() / 2)) + path);
  if (sel.size() != 4 || sel.substr(0, 2) != "61") return sel;
  const std::string fcp = send(c, "00C00000" + sel.substr(2));
  return fcp + "/" + send(c, "00B00000" + cardcore::testing::hex8(len));
}

// A profile without the region ('created_file_space = 0') creates and
// deletes nothing: '6A84', no room for it.
TEST(AdminSpace, NoRegionNoCreation) {
  Uicc card(domestic_with("created_file_space = 0"));
  EXPECT_EQ(card.profile().layout.created_files.size, 0u);
  card.power_on();
  ASSERT_EQ(send(card, kVerifyAdm1), "9000");
  EXPECT_EQ(send(card, transparent_ef("6F01", 4).create()), "6A84");
  EXPECT_EQ(send(card, df("5F01").create()), "6A84");
  EXPECT_EQ(send(card, "00E40000027F10"), "6A84");
  EXPECT_EQ(send(card, "00A4000C027F10"), "9000");
}

// The region costs a card nothing until it uses it: the same session on a
// card of a profile without it takes the same bytes and the same NVM pages,
// and no file table; the first CREATE FILE brings one.
TEST(AdminSpace, ACardThatCreatesNothingPaysNothing) {
  Uicc with(domestic_profile());
  Uicc without(domestic_with("created_file_space = 0"));
  const std::vector<std::string> session = {
      kVerifyAdm1, "00A4040C07A0000000871002", "00A4000C026F07", "00B0000009", "00A4000C026F7E",
      "00D600000B0123456764F0000001FF00", "00A4000C026FB7", "00B2010404", "0070000001"};
  for (Uicc* c : {&with, &without}) {
    c->personalize({"898600987654321098", "460049876543210", from_hex("465b5ce8b199b49faa5f0a2ee238a6bc"),
                    from_hex("cd63cb71954a9f4e48a5994e37a02baf")});
    c->power_on();
    for (const std::string& apdu : session) send(*c, apdu);
  }
  EXPECT_EQ(with.file_table(), nullptr);
  EXPECT_EQ(with.state_bytes(), without.state_bytes());
  EXPECT_EQ(with.nvm().dirty_pages().size(), without.nvm().dirty_pages().size());
  EXPECT_EQ(with.nvm().program_count(), without.nvm().program_count());
  with.power_off();
  without.power_off();
  EXPECT_EQ(with.state_bytes(), without.state_bytes());

  with.power_on();
  ASSERT_EQ(send(with, kVerifyAdm1), "9000");
  const std::size_t before = with.state_bytes();
  ASSERT_EQ(send(with, transparent_ef("6F01", 1000).create()), "9000");
  ASSERT_NE(with.file_table(), nullptr);
  EXPECT_GT(with.state_bytes(), before);
}

// An 'FF'-filled EF of any size: the erased heap already holds it, so its
// creation programs the journal, the descriptor and the slot map only.
TEST_F(AdminCard, ErasedFillingWritesNoBody) {
  verify_adm1();
  const std::uint64_t programs = card.nvm().program_count();
  ASSERT_EQ(send(transparent_ef("6F01", 4000).create()), "9000");
  EXPECT_LE(card.nvm().program_count() - programs, 5u);
}

// The heap: files of 1000 bytes until none fits, then one of exactly the
// bytes left; one byte more: '6A84'. Deleting a file makes its room usable.
TEST_F(AdminCard, HeapExhaustion) {
  open_card();
  ASSERT_EQ(send(transparent_ef("6F00", 60000).create()), "6A84");  // more than the region
  unsigned made = 0;
  for (unsigned fid = 0x6F01;; ++fid) {
    const std::string sw = send(transparent_ef(cardcore::testing::hex16(fid), 1000, "2F0608").create());
    if (sw != "9000") {
      EXPECT_EQ(sw, "6A84");
      break;
    }
    ++made;
    ASSERT_EQ(send("00A4000C023F00"), "9000");
  }
  EXPECT_EQ(made, 7u);  // 8192 bytes, less the header (8 + 32: 60 files' marks, 32 slots) and 32 descriptors of 24
  const std::uint32_t left = card.file_table()->free_bytes();
  EXPECT_EQ(left, 8192u - 40u - 32u * 24u - 7000u);
  EXPECT_EQ(send(transparent_ef("6F70", left + 1).create()), "6A84");
  ASSERT_EQ(send(transparent_ef("6F70", left).create()), "9000");
  EXPECT_EQ(card.file_table()->free_bytes(), 0u);
  ASSERT_EQ(send("00A4000C023F00"), "9000");
  EXPECT_EQ(send(transparent_ef("6F71", 1).create()), "6A84");
  EXPECT_EQ(send("00E40000026F03"), "9000");
  EXPECT_EQ(send(transparent_ef("6F71", 1000, "2F0608").create()), "9000");
  // Growing needs room too.
  EXPECT_EQ(send(new_size("6F71", 1001).resize()), "6A84");
}

// The slots: 32 files (8192 / 256); the 33rd: '6A84', whatever its size.
TEST_F(AdminCard, SlotExhaustion) {
  verify_adm1();
  for (unsigned i = 0; i < 32; ++i) {
    ASSERT_EQ(send(df(cardcore::testing::hex16(0x5F00 + i)).create()), "9000") << i;
    ASSERT_EQ(send("00A4000C023F00"), "9000");
  }
  EXPECT_EQ(send(df("5F40").create()), "6A84");
  EXPECT_EQ(send(transparent_ef("6F01", 1).create()), "6A84");
  EXPECT_EQ(send("00E40000025F07"), "9000");
  EXPECT_EQ(send(transparent_ef("6F01", 1).create()), "9000");
}

// Everything is in NVM: a power cycle keeps created files, their contents,
// life cycle and cyclic order, and the deletions.
TEST_F(AdminCard, PowerCycles) {
  open_card();
  select_usim();
  ASSERT_EQ(send(df("5F50").create()), "9000");
  ASSERT_EQ(send(record_ef("4F01", 2, 3, true, "2F0608").create()), "9000");
  for (const char* v : {"0001", "0002", "0003", "0004"}) ASSERT_EQ(send(std::string("00DC000302") + v), "9000");
  ASSERT_EQ(send(transparent_ef("4F02", 3, "2F0608").set(0x8A, "04").create()), "9000");
  ASSERT_EQ(send("00A4000C023F00"), "9000");
  ASSERT_EQ(send("00E40000027F20"), "9000");  // DF.GSM
  card.power_off();
  card.power_on();
  EXPECT_EQ(send("00A4080C067FFF5F504F01"), "6A82");  // no application is current after a reset
  select_usim();
  EXPECT_EQ(send("00A4090C045F504F01"), "9000");
  EXPECT_EQ(send("00B2010402"), "00049000");
  EXPECT_EQ(send("00B2030402"), "00029000");
  EXPECT_EQ(send("00A4000C024F02"), "6283");
  EXPECT_EQ(send("00A4000C023F00"), "9000");
  EXPECT_EQ(send("00A4000C027F20"), "6A82");
}

// Card state snapshots carry it all through the NVM: created files (also
// as current files of channels), deletions; a restored card answers as the
// saved one, powered or not.
TEST_F(AdminCard, SaveAndRestore) {
  open_card();
  select_usim();
  ASSERT_EQ(send("00E40000025F3B"), "9000");  // DF.GSM-ACCESS deleted
  ASSERT_EQ(send(df("5F60").create()), "9000");
  ASSERT_EQ(send(transparent_ef("4F01", 4, "2F0608").create()), "9000");
  ASSERT_EQ(send("00D60000040A0B0C0D"), "9000");
  ASSERT_EQ(send("00700001"), "9000");
  ASSERT_EQ(send("01A4040C07A0000000871002"), "9000");
  ASSERT_EQ(send("01A4000C025F60"), "9000");  // channel 1: the created DF current
  const Bytes saved = card.save_state();

  Uicc other(domestic_profile());
  other.restore_state(saved);
  EXPECT_EQ(other.save_state(), saved);
  EXPECT_EQ(upper_hex(other.transmit(from_hex("00B0000004"))), "0A0B0C0D9000");  // channel 0's EF
  EXPECT_EQ(upper_hex(other.transmit(from_hex("01A4000C024F01"))), "9000");     // channel 1 in 5F60
  EXPECT_EQ(upper_hex(other.transmit(from_hex("01A4000C025F60"))), "9000");
  EXPECT_EQ(upper_hex(other.transmit(from_hex("00E40000024F01"))), "9000");     // ADM1 came along
  EXPECT_EQ(upper_hex(other.transmit(from_hex("00A4080C047FFF5F3B"))), "6A82");
  EXPECT_EQ(upper_hex(other.transmit(from_hex("00A4080C047FFF6F07"))), "9000");

  card.power_off();
  const Bytes unpowered = card.save_state();
  Uicc third(domestic_profile());
  third.restore_state(unpowered);
  third.power_on();
  EXPECT_EQ(upper_hex(third.transmit(from_hex("00A4040C07A0000000871002"))), "9000");
  EXPECT_EQ(upper_hex(third.transmit(from_hex("00A4090C045F604F01"))), "9000");
  EXPECT_EQ(upper_hex(third.transmit(from_hex("00B0000004"))), "0A0B0C0D9000");
}

// A snapshot whose channel names a file its NVM does not have (a deleted
// profile file, a free slot) is refused.
TEST_F(AdminCard, RestoreRefusesFilesTheNvmDoesNotHave) {
  open_card();
  ASSERT_EQ(send(transparent_ef("6F01", 4, "2F0608").create()), "9000");
  ASSERT_EQ(send("00E40000027F10"), "9000");
  const Bytes good = card.save_state();
  // Channel 0's current EF: after the header (11), the NVM section (32 +
  // its page records of 8 + 64 bytes + 4 + its erased journal pages of 8
  // bytes), the session flag and channel count, the channel's open flag
  // and DF.
  const auto le32 = [&](std::size_t at) {
    return good[at] | good[at + 1] << 8 | good[at + 2] << 16 | static_cast<std::uint32_t>(good[at + 3]) << 24;
  };
  const std::size_t erased_at = 43 + std::size_t{le32(39)} * 72;
  const std::size_t ef = erased_at + 4 + std::size_t{le32(erased_at)} * 8 + 2 + 1 + 4;
  const std::uint32_t created = kCreatedFile | 0;  // slot 0
  ASSERT_EQ(le32(ef), created);
  const auto with_ef = [&](std::uint32_t file) {
    Bytes b = good;
    for (int i = 0; i < 4; ++i) b[ef + i] = static_cast<std::uint8_t>(file >> (8 * i));
    return b;
  };
  Uicc other(domestic_profile());
  other.power_on();
  const std::uint32_t telecom = *card.profile().find_name("DF.TELECOM");
  const std::uint32_t telecom_sms = *card.profile().find_name("DF.TELECOM/EF.SMS");
  for (const auto& [file, fragment] : std::vector<std::pair<std::uint32_t, std::string>>{
           {telecom_sms, "is a file the card deleted"},
           {created + 1, "out of range"},
           {telecom, "is a file the card deleted"}}) {
    SCOPED_TRACE(fragment);
    try {
      other.restore_state(with_ef(file));
      ADD_FAILURE() << "accepted";
    } catch (const std::invalid_argument& e) {
      EXPECT_NE(std::string(e.what()).find(fragment), std::string::npos) << e.what();
    }
  }
  other.restore_state(good);
  EXPECT_EQ(other.save_state(), good);
}

// Power loss at any page program of CREATE FILE (a patterned EF over
// several transactions of body, then the commit).
TEST(AdminPowerLoss, CreateFile) {
  const int points = every_cut(
      [](Uicc& c) { admin_session(c); },
      [](Uicc& c) {
        admin_session(c);
        send(c, transparent_ef("6F01", 600, "2F0608").add(0xA5, "C2030A0B0C").create());
      },
      [](Uicc& c) { return file_at(c, "6F01", 16); });
  EXPECT_GE(points, 10);
}

// DELETE FILE of a created DF with files in it, and of a profile DF: one
// transaction.
TEST(AdminPowerLoss, DeleteFile) {
  every_cut(
      [](Uicc& c) {
        admin_session(c);
        send(c, df("5F01").create());
        send(c, transparent_ef("4F01", 20, "2F0608").add(0xA5, "C10133").create());
        send(c, "00A4000C025F01");
        send(c, df("5F02").create());
        send(c, record_ef("4F02", 4, 4, false, "2F0608").create());
      },
      [](Uicc& c) {
        admin_session(c);
        send(c, "00E40000025F01");
      },
      [](Uicc& c) {
        return file_at(c, "5F014F01", 4) + file_at(c, "5F015F024F02", 4) +
               std::to_string(c.file_table() ? c.file_table()->free_bytes() : 0);
      });
  every_cut(
      [](Uicc& c) { admin_session(c); },
      [](Uicc& c) {
        admin_session(c);
        send(c, "00E40000027F10");
      },
      [](Uicc& c) { return file_at(c, "7F106F43", 2) + file_at(c, "7F10", 0); });
}

// RESIZE FILE of a profile EF (moved to the heap, a deletion mark, a
// descriptor) and of a cyclic EF out of order.
TEST(AdminPowerLoss, ResizeFile) {
  const auto prepare = [](Uicc& c) {
    admin_session(c);
    Bytes rule = from_hex("8001019000" "800102A406830101950108" "8401D4A40683010A950108");
    rule.resize(40, 0xFF);
    send(c, "00A4000C022F06");
    send(c, "00DC020428" + upper_hex(rule));
    send(c, "00A4000C023F00");
    send(c, record_ef("6F11", 2, 3, true, "2F0608").create());
    for (const char* v : {"0001", "0002", "0003", "0004"}) send(c, std::string("00DC000302") + v);
  };
  every_cut(
      prepare,
      [](Uicc& c) {
        admin_session(c);
        send(c, new_size("2F05", 300).add(0xA5, "C201AB").resize());
      },
      [](Uicc& c) { return file_at(c, "2F05", 12); });
  every_cut(
      prepare,
      [](Uicc& c) {
        admin_session(c);
        send(c, new_size("6F11", 10).resize());
      },
      [](Uicc& c) {
        std::string s = file_at(c, "6F11", 0);
        for (int r = 1; r <= 5; ++r) s += send(c, "00B20" + std::to_string(r) + "0402");
        return s;
      });
}

// INCREASE: the sum and the new head in one transaction.
TEST(AdminPowerLoss, Increase) {
  every_cut(
      [](Uicc& c) {
        admin_session(c);
        send(c, record_ef("6F40", 3, 3, true, "2F0608").create());
        send(c, "00DC000303000100");
      },
      [](Uicc& c) {
        admin_session(c);
        send(c, "00A4000C026F40");
        send(c, "8032000003000203");
      },
      [](Uicc& c) {
        send(c, "00A4000C026F40");
        return send(c, "00B2010403") + send(c, "00B2020403") + send(c, "00B2030403");
      });
}

// Fails every page program while on: the journal's first page fails, so no
// transaction takes effect (nvm/README.md, "Wear failures").
class FailingNvm : public NvmWearHook {
 public:
  bool on_program(std::uint32_t, std::uint32_t) override { return !on; }
  bool on = false;
};

// A page program that fails: '65 81' (memory problem), and the file system
// is as it was; with the NVM well again, the same command goes through.
TEST_F(AdminCard, MemoryProblems) {
  open_card();
  FailingNvm hook;
  card.nvm().set_wear_hook(&hook);
  ASSERT_EQ(send(record_ef("6F40", 3, 2, true, "2F0608").create()), "9000");
  ASSERT_EQ(send("00DC000303000001"), "9000");
  ASSERT_EQ(send("00A4000C023F00"), "9000");
  hook.on = true;
  EXPECT_EQ(send(transparent_ef("6F01", 10, "2F0608").create()), "6581");                  // the commit
  EXPECT_EQ(send(transparent_ef("6F01", 10, "2F0608").add(0xA5, "C10100").create()), "6581");  // the body
  EXPECT_EQ(send("00E40000026F40"), "6581");
  EXPECT_EQ(send(new_size("6F40", 9).resize()), "6581");
  ASSERT_EQ(send("00A4000C026F40"), "9000");
  EXPECT_EQ(send("803200000101"), "6581");
  EXPECT_EQ(send("A0A40000026F40"), "9F0F");
  EXPECT_EQ(send("A032000003000001"), "9240");
  hook.on = false;
  EXPECT_EQ(send("00B2010403"), "0000019000");
  EXPECT_EQ(send("00B2030403"), "6A83");  // still 2 records
  ASSERT_EQ(send("00A4000C023F00"), "9000");
  EXPECT_EQ(send("00A4000C026F01"), "6A82");
  EXPECT_EQ(send(transparent_ef("6F01", 10, "2F0608").create()), "9000");
  ASSERT_EQ(send("00A4000C023F00"), "9000");
  EXPECT_EQ(send("00E40000026F40"), "6985");  // the GSM application's current EF
  ASSERT_EQ(send("A0A40000023F00"), "9F17");
  EXPECT_EQ(send("00E40000026F40"), "9000");
  card.nvm().set_wear_hook(nullptr);
}

// Resizing a profile EF makes it a created file: with no free slot, '6A84'.
TEST_F(AdminCard, ResizingAProfileEfNeedsASlot) {
  verify_adm1();
  put_rule(2, "8001019000" "8401D4A40683010A950108");
  for (unsigned i = 0; i < 32; ++i) {
    ASSERT_EQ(send(df(cardcore::testing::hex16(0x5F00 + i)).create()), "9000") << i;
    ASSERT_EQ(send("00A4000C023F00"), "9000");
  }
  const std::uint32_t heap = card.file_table()->free_bytes();
  EXPECT_EQ(send(new_size("2F05", 20).resize()), "6A84");
  EXPECT_EQ(card.file_table()->free_bytes(), heap);
  EXPECT_EQ(send("00E40000025F00"), "9000");
  EXPECT_EQ(send(new_size("2F05", 20).resize()), "9000");
}

}  // namespace test_uicc_admin_nvm
