// INCREASE (TS 102 221 §11.1.8) on a cyclic EF, and the GSM application's
// (TS 51.011 §9.2.8): the sum of record 1 and the value becomes the new
// record 1; the response is the new record and the value added; '98 50'
// when the sum would pass the record's all-'FF' maximum.
#include "admin_fixture.hpp"

namespace test_uicc_increase {

using cardcore::testing::AdminCard;
using cardcore::testing::record_ef;
using cardcore::testing::transparent_ef;
using namespace cardcore;

class Increase : public AdminCard {
 protected:
  // A cyclic EF 6F40 under the MF of 3 records of 3 bytes (an accumulated
  // call meter's shape), rule `arr`, record 1 = `first`; it is current.
  void meter(const std::string& arr = "2F0608", const std::string& first = "000001") {
    open_card();
    ASSERT_EQ(send(record_ef("6F40", 3, 3, true, arr).create()), "9000");
    ASSERT_EQ(send("00DC000303" + first), "9000");
  }
};

TEST_F(Increase, AddsToRecordOneAndWritesTheSumAsTheNewRecordOne) {
  meter();
  EXPECT_EQ(send("8032000003000002"), "6106");
  EXPECT_EQ(send("00C0000006"), "000003" "000002" "9000");
  EXPECT_EQ(send("00B2010403"), "0000039000");
  EXPECT_EQ(send("00B2020403"), "0000019000");  // the old record 1 is record 2 now
  // A shorter value is added at the record's last byte; carries go up.
  EXPECT_EQ(exchange("80320000 01 FF"), "000102" "FF" "9000");
  EXPECT_EQ(exchange("80320000 02 FFFF"), "010101" "FFFF" "9000");
  EXPECT_EQ(send("00B2030403"), "0000039000");
  // §11.1.8.1: the record pointer is on record 1: NEXT reads record 2.
  EXPECT_EQ(send("00B2000203"), "0001029000");
  // With Le, the answer is the same (case 4).
  EXPECT_EQ(send("803200000101" "04"), "6104");
  EXPECT_EQ(send("00C0000004"), "010102" "01" "9000");
}

// The maximum value is the record of all 'FF': reaching it is fine,
// passing it is '98 50' and writes nothing.
TEST_F(Increase, MaxValueReached) {
  meter("2F0608", "FFFFFE");
  EXPECT_EQ(exchange("803200000101"), "FFFFFF019000");
  const std::uint64_t programs = card.nvm().program_count();
  EXPECT_EQ(send("803200000101"), "9850");
  EXPECT_EQ(card.nvm().program_count(), programs);
  EXPECT_EQ(send("00B2010403"), "FFFFFF9000");
  EXPECT_EQ(send("00B2020403"), "FFFFFE9000");
}

// The INCREASE access condition: b3 of the AM byte, or an AM_DO naming the
// instruction ('84 01 32'); neither: '69 82'.
TEST_F(Increase, AccessCondition) {
  meter("2F0601");  // EF.ARR record 1: read always, update ADM1, no INCREASE
  EXPECT_EQ(send("803200000101"), "6982");
  put_rule(1, "8001019000" "80011AA40683010A950108" "840132A40683010A950108");
  ASSERT_EQ(send("00A4000C026F40"), "9000");
  EXPECT_EQ(send("803200000101"), "6104");
  card.power_off();
  card.power_on();
  ASSERT_EQ(send("00A4000C026F40"), "9000");
  EXPECT_EQ(send("803200000101"), "6982");  // ADM1 not verified
}

TEST_F(Increase, StatusWords) {
  meter();
  EXPECT_EQ(send("803201000101"), "6A86");
  EXPECT_EQ(send("803200080101"), "6A86");  // no SFI addressing
  EXPECT_EQ(send("8032000003"), "6700");    // case 2
  EXPECT_EQ(send("80320000"), "6700");
  EXPECT_EQ(send("80320000040000000001"), "6700");  // longer than the record
  EXPECT_EQ(send("003200000101"), "6E00");          // a proprietary-class command
  ASSERT_EQ(send("00A4000C023F00"), "9000");
  EXPECT_EQ(send("803200000101"), "6986");  // no current EF
  ASSERT_EQ(send(record_ef("6F41", 3, 3, false, "2F0608").create()), "9000");
  EXPECT_EQ(send("803200000101"), "6981");  // linear fixed
  ASSERT_EQ(send(transparent_ef("6F42", 3, "2F0608").create()), "9000");
  EXPECT_EQ(send("803200000101"), "6981");  // transparent
  ASSERT_EQ(send("00A4000C026F40"), "9000");
  ASSERT_EQ(send("0004000000"), "9000");    // deactivated
  EXPECT_EQ(send("803200000101"), "6984");
  ASSERT_EQ(send("0044000000"), "9000");
  EXPECT_EQ(send("803200000101"), "6104");
}

// A record of 255 bytes: the response (record and value) must fit 256 bytes.
TEST_F(Increase, ResponseMustFit) {
  open_card();
  ASSERT_EQ(send(record_ef("6F43", 255, 1, true, "2F0608").add(0xA5, "C10100").create()), "9000");
  EXPECT_EQ(send("803200000101"), "6100");
  EXPECT_EQ(send("00C0000000").size(), 2 * 256u + 4);
  EXPECT_EQ(send("803200000201"), "6700");
}

// The GSM application's INCREASE: CLA 'A0', 3 bytes, the response through
// '9F XX' and GET RESPONSE; its own status words.
TEST_F(Increase, GsmApplication) {
  meter();
  EXPECT_EQ(send("A0A40000026F40"), "9F0F");
  // Bytes 9-10 (TS 51.011 §9.3): read, update always ('0'); INCREASE always.
  EXPECT_EQ(send("A0C000000F").substr(16, 4), "000F");
  EXPECT_EQ(send("A032000003000002"), "9F06");
  EXPECT_EQ(send("A0C0000006"), "000003000002" "9000");
  EXPECT_EQ(send("A0B2010403"), "0000039000");
  EXPECT_EQ(send("A03200000201"), "6700");      // P3 is 3
  EXPECT_EQ(send("A032010003000001"), "6B00");
  ASSERT_EQ(send("00DC000303FFFFFF"), "9000");
  EXPECT_EQ(send("A032000003000001"), "9850");
  ASSERT_EQ(send(record_ef("6F41", 3, 3, false, "2F0608").create()), "9000");
  ASSERT_EQ(send("A0A40000026F41"), "9F0F");     // linear fixed
  EXPECT_EQ(send("A032000003000001"), "9408");
  ASSERT_EQ(send("A0A40000022FE2"), "9F0F");     // EF.ICCID: transparent, no INCREASE
  EXPECT_EQ(send("A032000003000001"), "9804");
  ASSERT_EQ(send("00A4000C026F40"), "9000");
  ASSERT_EQ(send("0004000000"), "9000");         // deactivated over the UICC interface
  ASSERT_EQ(send("A0A40000026F40"), "9F0F");
  EXPECT_EQ(send("A032000003000001"), "9810");
  ASSERT_EQ(send("A0A40000027F20"), "9F17");
  EXPECT_EQ(send("A032000003000001"), "9400");   // no EF
}

}  // namespace test_uicc_increase
