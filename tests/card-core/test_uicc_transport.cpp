// T=0 transport of the UICC (TS 102 221 §7.3, §10): 61XX and GET RESPONSE,
// 6CXX, warnings, class and instruction errors, logical channels.
#include "card_fixture.hpp"

namespace test_uicc_transport {

using cardcore::testing::CardTest;
using cardcore::testing::kUsimAidPrefix;
using namespace cardcore;
class Transport : public CardTest {};

TEST_F(Transport, Case4AnswersMoreDataThenGetResponse) {
  const std::string r = send("00A40004023F00");
  ASSERT_EQ(r.substr(0, 2), "61");
  const int len = std::stoi(r.substr(2, 2), nullptr, 16);
  ASSERT_GT(len, 4);
  // Asking for too much: 6C with the exact length; the data stays available.
  EXPECT_EQ(send("00C0000000"), "6C" + r.substr(2, 2));
  // In two pieces: the first answers 61 with what is left.
  const std::string first = send("00C0000002");
  char left[3];
  std::snprintf(left, sizeof left, "%02X", len - 2);
  EXPECT_EQ(first, "62" + first.substr(2, 2) + "61" + left);  // the FCP template starts with '62'
  const std::string rest = send(std::string("00C00000") + left);
  EXPECT_EQ(rest.size(), static_cast<std::size_t>((len - 2) * 2 + 4));
  EXPECT_EQ(rest.substr(rest.size() - 4), "9000");
  // Nothing left now.
  EXPECT_EQ(send("00C0000010"), "6985");
}

TEST_F(Transport, GetResponseIsOnlyForTheCommandJustBefore) {
  ASSERT_EQ(send("00A40004023F00").substr(0, 2), "61");
  EXPECT_EQ(send("00A4000C023F00"), "9000");  // another command drops the pending data
  EXPECT_EQ(send("00C0000010"), "6985");
  EXPECT_EQ(send("00C0000000"), "6985");
  EXPECT_EQ(send("00C0010010"), "6B00");
}

TEST_F(Transport, Case2WithTheWrongLeGets6CWithTheExactLength) {
  ASSERT_EQ(send("00A4000C022FE2"), "9000");  // EF.ICCID, 10 bytes
  EXPECT_EQ(send("00B0000000"), "6C0A");
  EXPECT_EQ(send("00B000000B"), "6C0A");
  const std::string r = send("00B000000A");
  EXPECT_EQ(r.size(), 24u);
  EXPECT_EQ(r.substr(20), "9000");
  EXPECT_EQ(send("00B0000A01"), "6B00");  // offset past the end
}

TEST_F(Transport, ClassAndInstructionErrors) {
  EXPECT_EQ(send("00F2000000"), "6E00");  // STATUS is a proprietary-class ('8X') command
  EXPECT_EQ(send("80A40004023F00"), "6E00");  // SELECT is interindustry
  EXPECT_EQ(send("2AA40004023F00"), "6E00");  // reserved class
  EXPECT_EQ(send("00FE000000"), "6D00");
  EXPECT_EQ(send("0CA40004023F00"), "6882");  // secure messaging indicated
  EXPECT_EQ(send("01A40004023F00"), "6881");  // channel 1 is not open
  EXPECT_EQ(send("4FA40004023F00"), "6881");  // channel 19 does not exist on this card
  EXPECT_EQ(send("00A4"), "6700");
  EXPECT_EQ(send("00A40004FF3F00"), "6700");
}

TEST_F(Transport, ManageChannelOpensSelectsAndCloses) {
  EXPECT_EQ(send("0070000001"), "019000");  // the card picks channel 1
  EXPECT_EQ(send("01A4000C023F00"), "9000");
  EXPECT_EQ(send("0070000200"), "9000");    // open channel 2 explicitly
  EXPECT_EQ(send("0070000200"), "6985");    // already open
  EXPECT_EQ(send("0070000001"), "039000");
  EXPECT_EQ(send("0070000001"), "6A81");    // four channels: none left
  EXPECT_EQ(send("0070800100"), "9000");
  EXPECT_EQ(send("01A4000C023F00"), "6881");
  EXPECT_EQ(send("0070800000"), "6A86");    // the basic channel is never closed
  EXPECT_EQ(send("0070800700"), "6881");
  EXPECT_EQ(send("0070400000"), "6A86");
  EXPECT_EQ(send("03708000"), "9000");      // P2 '00' closes the channel of the class byte
}

TEST_F(Transport, ChannelsKeepTheirOwnCurrentFile) {
  select_usim();
  ASSERT_EQ(send("00A4000C026F07"), "9000");   // EF.IMSI on channel 0
  ASSERT_EQ(send("0070000001"), "019000");
  ASSERT_EQ(send("01A4000C022FE2"), "9000");   // EF.ICCID on channel 1 (from the MF)
  EXPECT_EQ(send("00B0000009").substr(18), "9000");
  EXPECT_EQ(send("01B000000A").substr(20), "9000");
  EXPECT_EQ(send("01B0000009").substr(18), "9000");  // fewer bytes than the file has: fine
  EXPECT_EQ(send("01B000000B"), "6C0A");
}

TEST_F(Transport, StatusReportsTheCurrentApplication) {
  EXPECT_EQ(send("80F2000C00"), "9000");
  select_usim();
  const std::string probe = send("80F2000100");
  ASSERT_EQ(probe.substr(0, 2), "6C");
  const std::string aid = send("80F20001" + probe.substr(2, 2));
  EXPECT_EQ(aid.substr(0, 2), "84");
  EXPECT_EQ(aid.substr(4, 14), kUsimAidPrefix);
  EXPECT_EQ(aid.substr(aid.size() - 4), "9000");
  EXPECT_EQ(send("80F2000300"), "6A86");
  EXPECT_EQ(send("80F2030C00"), "6A86");
}

}  // namespace test_uicc_transport
