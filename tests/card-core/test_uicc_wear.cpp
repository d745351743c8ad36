// The NVM wear hook seen through the card: a worn page makes the command that
// writes it fail with '6581' (memory problem, TS 102 221 §10.2.1.4) and keeps
// the old content; erase counters count the programs a session costs.
#include "card_fixture.hpp"

namespace test_uicc_wear {

using cardcore::testing::CardTest;
using namespace cardcore;

// Fails every program of one page once it has seen `limit` erase cycles.
class WornPage : public NvmWearHook {
 public:
  WornPage(std::uint32_t page, std::uint32_t limit) : page_(page), limit_(limit) {}
  bool on_program(std::uint32_t page, std::uint32_t erase_count) override {
    ++calls;
    return page != page_ || erase_count <= limit_;
  }
  int calls = 0;

 private:
  std::uint32_t page_;
  std::uint32_t limit_;
};

class Wear : public CardTest {
 protected:
  std::uint32_t page_of_file(const std::vector<std::uint16_t>& path) {
    const auto f = card.profile().find_path(path);
    EXPECT_TRUE(f);
    return card.profile().files[*f].body_addr / card.profile().nvm->page_size();
  }
};

TEST_F(Wear, AWornPageFailsTheUpdateWith6581AndKeepsTheOldData) {
  const std::uint32_t page = page_of_file({0x3F00, 0x7FF0, 0x6F7E});  // EF.LOCI
  WornPage hook(page, 3);
  card.nvm().set_wear_hook(&hook);
  select_usim();
  ASSERT_EQ(send("00A4000C026F7E"), "9000");
  const std::string before = send("00B000000B");
  int ok = 0;
  std::string last;
  for (int i = 0; i < 10; ++i) {
    last = send("00D600000B" "0123456" + std::to_string(i) + "64F0400001FF00");
    if (last == "9000") ++ok;
    else break;
  }
  EXPECT_EQ(last, "6581");
  EXPECT_GE(ok, 1);
  EXPECT_GT(hook.calls, 0);
  EXPECT_GE(card.nvm().erase_count(page), 3u);
  // The card survives a reset and still reads the last good value.
  card.power_on();
  select_usim();
  ASSERT_EQ(send("00A4000C026F7E"), "9000");
  const std::string after = send("00B000000B");
  EXPECT_EQ(after.substr(after.size() - 4), "9000");
  EXPECT_NE(after, before);
  card.nvm().set_wear_hook(nullptr);
}

TEST_F(Wear, EraseCountersCountTheProgramsOfASession) {
  const std::uint32_t loci = page_of_file({0x3F00, 0x7FF0, 0x6F7E});
  select_usim();
  ASSERT_EQ(send("00A4000C026F7E"), "9000");
  const std::uint32_t before = card.nvm().erase_count(loci);
  for (int i = 0; i < 5; ++i) ASSERT_EQ(send("00D600000B0123456764F0400001FF00"), "9000");
  // One data-page program per UPDATE BINARY that stays inside one page.
  EXPECT_EQ(card.nvm().erase_count(loci) - before, 5u);
  // Reads program nothing.
  const std::uint64_t programs = card.nvm().program_count();
  for (int i = 0; i < 5; ++i) send("00B000000B");
  EXPECT_EQ(card.nvm().program_count(), programs);
}

}  // namespace test_uicc_wear
