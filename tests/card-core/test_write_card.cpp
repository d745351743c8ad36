// The write-card applet (OTA number writing, docs/WRITE-CARD.md): a new
// subscription written atomically over SCP80 to TAR 'C0 00 01', the old one
// kept for rollback, the REFRESH it asks for, and the card then working
// with the new identity and keys.
#include "cardcore/applet/write_card_format.hpp"
#include "cardcore/auth/milenage.hpp"
#include "cardcore/auth/sqn_array.hpp"
#include "ram_fixture.hpp"

namespace test_write_card {

using namespace cardcore;
using namespace cardcore::testing;

const std::string kWrittenImsi = "084906408967452301";  // 460049876543210
const std::string kNewK = "000102030405060708090A0B0C0D0E0F";
const std::string kNewOpc = "F0E0D0C0B0A090807060504030201000";
// EF.MSISDN record (TS 31.102 §4.2.26, as EF.ADN): no alpha (12 'FF');
// 7 bytes of TON/NPI and number, international +8614812345678; BCD padded
// to 10 bytes; no CCP2, no extension.
const std::string kMsisdn = "FFFFFFFFFFFFFFFFFFFFFFFF" "07" "91" "6841182143F5" "FFFFFFFF" "FF" "FF";

std::string lv(const std::string& tag, const std::string& v) { return tag + hex8(static_cast<unsigned>(v.size() / 2)) + v; }

std::string write_command(std::uint32_t id, const std::string& extra = "") {
  const std::string body = lv("C0", hex16(id >> 16) + hex16(id & 0xFFFF)) + lv("80", kWrittenImsi) + lv("81", kNewK) +
                           lv("82", kNewOpc) + extra;
  return lv("E1", body);
}

class WriteCard : public RamCard {
 protected:
  void SetUp() override {
    RamCard::SetUp();
    factory_imsi = imsi_bytes();
    factory_k = k_bytes();
  }
  // Sends a command to the applet; returns its response TLV in hex and
  // leaves the ENVELOPE's last SW in last_sw.
  std::string wc(const std::string& command) {
    const auto sec = security(spi::kCcCipheredCounterHigher, spi::kPorAlwaysCcCipheredReport);
    ++counter;
    const std::string answer = run(packet(sec, kTarWriteCard, counter, from_hex(command)));
    last_sw = answer.substr(answer.size() - 4);
    const Bytes data = from_hex(answer.substr(0, answer.size() - 4));
    EXPECT_EQ(upper_hex(ByteView(data).first(3)), "027100");
    const ota::DecodedPor por = ota::decode_response_packet(ByteView(data).subspan(3), sec, keys, kTarWriteCard, counter);
    EXPECT_TRUE(por.secured);
    EXPECT_EQ(por.packet.status, ota::PorStatus::Ok);
    return upper_hex(por.packet.additional_data);
  }
  std::string response(std::uint8_t result, std::uint32_t id, const std::string& imsi, bool kept,
                       const std::string& refresh = "") {
    std::string v = lv("90", hex8(result)) + lv("C0", hex16(id >> 16) + hex16(id & 0xFFFF)) + lv("80", imsi) +
                    lv("91", kept ? "01" : "00");
    if (!refresh.empty()) v += lv("92", refresh);
    return lv("E9", v);
  }
  std::string imsi_bytes() {
    Bytes b(9);
    card.nvm().read(card.node(*card.profile().find_path({0x3F00, 0x7FF0, 0x6F07})).body_addr, b);
    return upper_hex(b);
  }
  std::string k_bytes() {
    Bytes b(32);
    card.nvm().read(card.profile().auth.key_addr, b);
    return upper_hex(b);
  }
  std::string factory_imsi, factory_k;
};

TEST_F(WriteCard, StatusOfTheFactorySubscription) {
  EXPECT_EQ(wc("E300"), response(0x00, 0, factory_imsi, false));
}

// The number write end to end: PoR in the DELIVER-REPORT, then the REFRESH
// (UICC reset) the terminal fetches; after the reset the card is the new
// subscriber: new IMSI, MSISDN, keys, a fresh SQN array, stale location
// identities gone.
TEST_F(WriteCard, WritesTheNewSubscriptionAndAsksForRefresh) {
  using F = cat::Facility;
  const Bytes tp = cat::TerminalProfile::with({F::kProfileDownload, F::kSmsPpDataDownload, F::kCommandResult,
                                               F::kSendShortMessage, F::kRefresh})
                       .bytes();
  ASSERT_EQ(send("80100000" + hex8(static_cast<unsigned>(tp.size())) + upper_hex(tp)), "9000");
  EXPECT_EQ(wc(write_command(1, lv("83", kMsisdn))), response(0x00, 1, kWrittenImsi, true, "04"));
  // The PoR came with '91 XX': the REFRESH waits.
  const Bytes refresh = fetch_announced(last_sw);
  const cat::Decoded<cat::ProactiveCommand> decoded = cat::decode_proactive_command(refresh);
  ASSERT_TRUE(decoded.ok()) << decoded.error;
  const auto* r = std::get_if<cat::Refresh>(&decoded.value);
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->mode, cat::Refresh::kUiccReset);
  // TS 102 223 §6.4.7: for UICC reset the terminal resets the card.
  card.power_off();
  card.power_on();
  select_usim();
  EXPECT_EQ(send("00A4000C026F07"), "9000");
  EXPECT_EQ(send("00B0000009"), kWrittenImsi + "9000");
  EXPECT_EQ(send("00A4000C026F40"), "9000");
  EXPECT_EQ(send("00B201041A"), kMsisdn + "9000");
  EXPECT_EQ(send("00A4000C026F7E"), "9000");  // EF.LOCI: TMSI gone, "not updated"
  const std::string loci = send("00B000000B");
  EXPECT_EQ(loci.substr(0, 8), "FFFFFFFF");
  EXPECT_EQ(loci.substr(20, 2), "01");
  // AUTHENTICATE with the new K and OPc at SEQ 1 (SQN 33: IND 1 of 5 bits):
  // accepted, as after a fresh SQN array only.
  const Bytes k = from_hex(kNewK), opc = from_hex(kNewOpc);
  const Milenage net(k.data(), opc.data());
  const Bytes rand = from_hex("23553CBE9637A89D218AE64DAE47BF35");
  std::uint8_t sqn[6];
  store_sqn48(sqn, 33);
  const std::uint8_t amf[2] = {0x80, 0x00};
  const MilenageVector v = net.generate(rand.data(), sqn, amf);
  const std::string res = exchange("0088008122" "10" + upper_hex(rand) + "10" + upper_hex(v.autn));
  EXPECT_EQ(res.substr(0, 2), "DB") << res;
  EXPECT_EQ(res.substr(4, 16), upper_hex(v.res)) << res;
}

TEST_F(WriteCard, TheSameWriteIdChangesNothing) {
  // Queued before any TERMINAL PROFILE too: announced once it comes.
  EXPECT_EQ(wc(write_command(7)), response(0x00, 7, kWrittenImsi, true, "04"));
  const std::string k = k_bytes();
  EXPECT_EQ(wc(write_command(7)), response(0x01, 7, kWrittenImsi, true));
  EXPECT_EQ(k_bytes(), k);
}

TEST_F(WriteCard, RollbackSwapsAndSwapsBack) {
  EXPECT_EQ(wc(lv("E2", "")), response(0x04, 0, factory_imsi, false));  // nothing kept yet
  EXPECT_EQ(wc(write_command(2, lv("C1", "FF"))), response(0x00, 2, kWrittenImsi, true));
  EXPECT_EQ(k_bytes(), kNewK + kNewOpc);
  EXPECT_EQ(wc(lv("E2", lv("C1", "FF"))), response(0x00, 0, factory_imsi, true));
  EXPECT_EQ(imsi_bytes(), factory_imsi);
  EXPECT_EQ(k_bytes(), factory_k);
  EXPECT_EQ(wc(lv("E2", lv("C1", "FF"))), response(0x00, 2, kWrittenImsi, true));
  EXPECT_EQ(k_bytes(), kNewK + kNewOpc);
}

TEST_F(WriteCard, BadCommandsChangeNothing) {
  const std::vector<std::pair<std::string, std::uint8_t>> cases = {
      {"E4 00", 0x02},                                                  // unknown template
      {"E1 03 800108", 0x03},                                           // IMSI of 1 byte
      {lv("E1", lv("C0", "00000003") + lv("80", kWrittenImsi)), 0x03},      // no K, no OPc
      {write_command(0), 0x03},                                         // write id 0 is the factory's
      {write_command(3, lv("C1", "01")), 0x03},                         // REFRESH with a file list
      {write_command(3, lv("8A", "00")), 0x02},                         // the SQN array is not written
      {write_command(3, lv("83", kMsisdn + "FF")), 0x03},               // longer than the record
      {write_command(3, lv("80", kWrittenImsi)), 0x03},                     // twice
      {"E1 05 C0 03 000000", 0x03},
      {"E1 04 C0 05 0000", 0x02},                                       // TLV past its template
      {lv("E3", "00"), 0x02},                                           // status takes nothing
  };
  for (const auto& [cmd, result] : cases) {
    std::string c = cmd;
    c.erase(std::remove(c.begin(), c.end(), ' '), c.end());
    SCOPED_TRACE(c);
    EXPECT_EQ(wc(c), response(result, 0, factory_imsi, false));
    EXPECT_EQ(k_bytes(), factory_k);
  }
}

// A replayed number write (the same counter) is refused by the counter
// check (MSL 16: counter higher) and changes nothing.
TEST_F(WriteCard, AReplayedWriteIsRefused) {
  const auto sec = security(spi::kCcCipheredCounterHigher, spi::kPorAlwaysCcCipheredReport);
  const Bytes p = packet(sec, kTarWriteCard, 5, from_hex(write_command(5)));
  run(p);
  EXPECT_EQ(imsi_bytes(), kWrittenImsi);
  counter = 5;
  EXPECT_EQ(wc(lv("E2", lv("C1", "FF"))).substr(0, 10), "E9179001" "00");  // rolled back, counter 6
  const std::string again = run(p);
  const Bytes data = from_hex(again.substr(0, again.size() - 4));
  EXPECT_EQ(ota::decode_response_packet(ByteView(data).subspan(3), sec, keys, kTarWriteCard, 5).packet.status,
            ota::PorStatus::CounterLow);
  EXPECT_EQ(imsi_bytes(), factory_imsi);
}

// Power lost at every NVM program of a number write: after the restart the
// card has the old subscription or the new one, whole.
TEST_F(WriteCard, PowerLossLeavesOneWholeSubscription) {
  bool saw_old = false, saw_new = false;
  at_every_power_loss(
      card,
      [&] {
        counter = 0;
        wc(write_command(9, lv("83", kMsisdn)));
      },
      [&](std::uint32_t n) {
        const bool is_new = imsi_bytes() == kWrittenImsi;
        saw_old = saw_old || !is_new;
        saw_new = saw_new || is_new;
        EXPECT_EQ(k_bytes(), is_new ? kNewK + kNewOpc : factory_k) << n;
        counter = 100;
        EXPECT_EQ(wc("E300"), response(0x00, is_new ? 9 : 0, is_new ? kWrittenImsi : factory_imsi, is_new)) << n;
      });
  EXPECT_TRUE(saw_old);
  EXPECT_TRUE(saw_new);
}

}  // namespace test_write_card
