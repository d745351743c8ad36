// Card state snapshots for checkpoints (Uicc::save_state / restore_state,
// card-core/cardcore/card/STATE-FORMAT.md): a card restored into a new card of
// the same profile answers every later APDU as the original does, and saved
// states that are malformed, truncated or from another profile are refused
// without changing the card.
#include <algorithm>
#include <fstream>
#include <functional>
#include <sstream>

#include "card_fixture.hpp"
#include "cardcore/auth/milenage.hpp"
#include "cardcore/cat/envelopes.hpp"
#include "cardcore/cat/terminal_response.hpp"
#include "cardcore/auth/sqn_array.hpp"
#include "cardcore/profile/profile_parser.hpp"
#include "cardcore/util/state_io.hpp"

namespace test_uicc_state {

using cardcore::testing::domestic_profile;
using cardcore::testing::hex8;
using cardcore::testing::upper_hex;
using namespace cardcore;

// TS 35.208 §4.3 test set 2: keys other than the profile's factory ones.
const Bytes kK = from_hex("fec86ba6eb707ed08905757b1bb44b8f");
const Bytes kOpc = from_hex("1006020f0a478bf6b699f15c062e42b3");
const Personalization kPerso{"898600123456789012", "460040123456789", kK, kOpc};
const std::string kSelectUsim = "00A4040C07A0000000871002";
const std::string kVerifyPin2 = "0020008108" "31323334FFFFFFFF";

// AUTHENTICATE in the 3G context (TS 31.102 §7.1.2.1) with a vector the
// network side makes for SQN = SEQ || IND (TS 33.102 Annex C.3.2, IND 5 bits).
std::string authenticate(std::uint64_t seq, std::uint64_t ind, std::uint8_t cla = 0x00) {
  const Milenage net(kK.data(), kOpc.data());
  const Bytes rand(16, static_cast<std::uint8_t>(0x30 + seq));
  const std::uint8_t amf[2] = {0x80, 0x00};
  std::uint8_t sqn[6];
  store_sqn48(sqn, (seq << 5) | ind);
  const MilenageVector v = net.generate(rand.data(), sqn, amf);
  return hex8(cla) + "88008122" "10" + upper_hex(rand) + "10" + upper_hex(v.autn);
}

// One APDU; '61XX' (TS 102 221 §7.3.1.1.4) and '9FXX' (TS 51.011 §9.4.1)
// are followed by the GET RESPONSE the terminal sends.
std::string exchange(Uicc& card, const std::string& apdu) {
  const Bytes c = from_hex(apdu);
  const Bytes r = card.transmit(c);
  std::string out = upper_hex(r);
  if (r.size() == 2 && (r[0] == 0x61 || r[0] == 0x9F)) {
    const std::uint8_t cla = r[0] == 0x9F ? 0xA0 : c[0];
    out += " " + upper_hex(card.transmit(from_hex(hex8(cla) + "C00000" + hex8(r[1]))));
  }
  return out;
}

Bytes content(const Nvm& nvm) {
  Bytes b(nvm.size());
  nvm.read(0, b);
  return b;
}

void expect_same_nvm(const Nvm& a, const Nvm& b) {
  EXPECT_EQ(a.program_count(), b.program_count());
  EXPECT_EQ(a.dirty_pages(), b.dirty_pages());
  ASSERT_EQ(a.page_count(), b.page_count());
  for (std::uint32_t p = 0; p < a.page_count(); ++p) EXPECT_EQ(a.erase_count(p), b.erase_count(p)) << "page " << p;
  EXPECT_EQ(content(a), content(b));
}

// A new card of the domestic profile holding `from`'s state.
Uicc restored(const Uicc& from) {
  Uicc card(domestic_profile());
  card.restore_state(from.save_state());
  return card;
}

// What the cards are asked after the restore. The first part uses whatever
// the session holds (current files, channel 1, the PIN2 verification, the
// record pointer); then the USIM is selected, files are updated, PIN1 counts
// a wrong try, channels close and open, and the cards are power cycled.
const std::vector<std::string>& future() {
  static const std::vector<std::string> script = {
      "80F2000000",                    // STATUS: the current DF
      "81F2000100",                    // STATUS on channel 1: the application
      "01B200021C",                    // READ RECORD next on channel 1
      "01B200031C",                    // READ RECORD previous
      "00A4000C026F56",                // EF.EST: update needs PIN2
      "00D6000001" "01",
      "00A4000C026F7E",                // EF.LOCI
      "00B000000B",
      "00D600000B" "1122334464F0401234FF00",
      "00B000000B",
      "0020000108" "31323335FFFFFFFF",  // a wrong PIN1: its counter drops
      "0020000108" "31323334FFFFFFFF",
      authenticate(2, 2),
      authenticate(2, 2),              // a replay: AUTS
      "A0A40000027F20",                // DF.GSM on the SIM side
      "A0A40000026F07",
      "A0B0000009",
      "A088000010" "00112233445566778899AABBCCDDEEFF",
      "00708001",                      // MANAGE CHANNEL: close channel 1
      "81F2000100",
      "0070000001",                    // open the lowest free channel
      kSelectUsim,
      "00A4000C026F42",                // EF.SMSP
      "00DC01041C" "FDFFFFFFFFFFFFFFFFFFFFFFFF0891683108100005F0FFFFFFFFFF",
      "00B201041C",
      authenticate(3, 4),
      "OFF",
      "ON",
      kSelectUsim,
      "00A4000C026F07",
      "00B0000009",
      "00A4000C026F7E",
      "00B000000B",
      "00A4000C026F56",
      "00D6000001" "00",               // PIN2 no longer verified
      kVerifyPin2,
      "00D6000001" "00",
      authenticate(3, 4),
      "OFF",
  };
  return script;
}

// Runs `script` on both cards ("ON"/"OFF" power them up or down) and expects
// the same answers and the same saved state after every step. Returns the
// answers.
std::vector<std::string> expect_same_future(Uicc& a, Uicc& b, const std::vector<std::string>& script) {
  std::vector<std::string> answers;
  for (std::size_t i = 0; i < script.size(); ++i) {
    const std::string& step = script[i];
    SCOPED_TRACE("step " + std::to_string(i) + ": " + step);
    std::string ra;
    std::string rb;
    if (step == "ON") {
      ra = upper_hex(a.power_on());
      rb = upper_hex(b.power_on());
    } else if (step == "OFF") {
      a.power_off();
      b.power_off();
    } else if (!a.powered()) {
      ra = rb = "unpowered";
    } else {
      ra = exchange(a, step);
      rb = exchange(b, step);
    }
    EXPECT_EQ(ra, rb);
    EXPECT_EQ(a.save_state(), b.save_state());
    answers.push_back(ra);
  }
  expect_same_nvm(a.nvm(), b.nvm());
  return answers;
}

// Saves `a`, restores into a new card and checks that both then behave alike.
// Returns the answers to `script`.
std::vector<std::string> expect_restores(Uicc& a, std::vector<std::string> script = future()) {
  const Bytes saved = a.save_state();
  Uicc b = restored(a);
  EXPECT_EQ(b.powered(), a.powered());
  EXPECT_EQ(b.save_state(), saved);
  expect_same_nvm(a.nvm(), b.nvm());
  if (!a.powered()) script.insert(script.begin(), "ON");
  return expect_same_future(a, b, script);
}

// A card in the middle of an authentication session, powered: the USIM on
// channel 0 with its AUTHENTICATE response waiting for GET RESPONSE, channel 1
// open on the USIM with EF.SMSP's record pointer at 2, PIN2 verified, and the
// SIM side on DF.GSM/EF.IMSI. Returns the GET RESPONSE that fetches the
// pending data in `get_response`.
Uicc session_card(std::string& get_response) {
  Uicc card(domestic_profile());
  card.personalize(kPerso);
  card.power_on();
  auto sw = [&](const std::string& apdu) {
    const Bytes r = card.transmit(from_hex(apdu));
    return upper_hex(ByteView(r).last(2));
  };
  EXPECT_EQ(sw(kSelectUsim), "9000");
  EXPECT_EQ(sw("A0A40000027F20").substr(0, 2), "9F");  // the SIM side: DF.GSM
  EXPECT_EQ(sw("A0A40000026F07").substr(0, 2), "9F");  // and its EF.IMSI
  EXPECT_EQ(sw("0070000001"), "9000");                 // channel 1
  EXPECT_EQ(sw("01" + kSelectUsim.substr(2)), "9000");
  EXPECT_EQ(sw("01A4000C026F42"), "9000");  // EF.SMSP
  EXPECT_EQ(sw("01B200021C"), "9000");      // record pointer: 1
  EXPECT_EQ(sw("01B200021C"), "9000");      // 2
  EXPECT_EQ(sw(kVerifyPin2), "9000");
  const Bytes r = card.transmit(from_hex(authenticate(1, 1)));
  EXPECT_EQ(r.size(), 2u);
  EXPECT_EQ(r[0], 0x61);
  get_response = "00C00000" + hex8(r[1]);
  return card;
}

Uicc session_card() {
  std::string unused;
  return session_card(unused);
}

// ------------------------------------------------------------ toolkit state

// The facilities the toolkit tests' terminal has (TS 102 223 §5.2).
cat::TerminalProfile toolkit_terminal() {
  using F = cat::Facility;
  return cat::TerminalProfile::with({F::kProfileDownload, F::kSmsPpDataDownload, F::kTimerExpiration,
                                     F::kMoreTime, F::kRefresh, F::kSendShortMessage, F::kSetUpEventList,
                                     F::kEventLocationStatus, F::kEventDataAvailable, F::kTimerStartStop});
}

// A case 3 APDU: header, Lc, data.
std::string case3(const std::string& header, const Bytes& data) {
  return header + hex8(static_cast<unsigned>(data.size())) + upper_hex(data);
}

// TERMINAL RESPONSE (TS 102 221 §11.2.4) to `command` with this general result.
std::string terminal_response(const Bytes& command, std::uint8_t general = cat::result::kPerformed) {
  cat::TerminalResponse r;
  r.details = cat::check_proactive_command(command).value;
  r.result.general = general;
  return case3("80140000", cat::encode(r));
}

std::string fetch(const Bytes& command) { return "80120000" + hex8(static_cast<unsigned>(command.size())); }

// The two commands a toolkit card still has at the end of toolkit_card():
// SEND SHORT MESSAGE (number 3, fetched) and REFRESH (number 4, queued).
Bytes toolkit_sms() {
  cat::SendShortMessage c;
  c.number = 3;
  c.address = cat::Address{0x91, from_hex("683108200005F0")};
  c.tpdu.tpdu = from_hex("0100038199F90004A5");  // SMS-SUBMIT to 999, 8-bit data
  return cat::encode(c);
}
Bytes toolkit_refresh() {
  cat::Refresh c;
  c.number = 4;
  c.mode = cat::Refresh::kFileChange;
  c.files = cat::FileList{{from_hex("3F007FF06F07")}};
  return cat::encode(c);
}

// A powered card with toolkit state: the terminal profile; timer 1 started
// for 10 minutes and timer 2 expired after 30 s; the event list {location
// status, data available} in force and one location status event received;
// SEND SHORT MESSAGE fetched and awaiting its TERMINAL RESPONSE, REFRESH
// queued behind it.
Uicc toolkit_card() {
  Uicc card(domestic_profile());
  card.personalize(kPerso);
  card.power_on();
  auto run = [&](const std::string& apdu) { return upper_hex(card.transmit(from_hex(apdu))); };
  EXPECT_EQ(run(case3("80100000", toolkit_terminal().bytes())), "9000");
  EXPECT_EQ(card.queue_proactive(cat::TimerManagement{0, cat::TimerManagement::kStart, {1}, cat::TimerValue{0, 10, 0}}),
            1);
  cat::TimerManagement timer{1, cat::TimerManagement::kStart, {1}, cat::TimerValue{0, 10, 0}};
  EXPECT_EQ(run(fetch(cat::encode(timer))), upper_hex(cat::encode(timer)) + "9000");
  EXPECT_EQ(run(terminal_response(cat::encode(timer))), "9000");
  cat::SetUpEventList events{2, {{cat::event::kLocationStatus, cat::event::kDataAvailable}}};
  EXPECT_EQ(card.queue_proactive(events), 2);
  EXPECT_EQ(run(fetch(cat::encode(events))).substr(0, 2), "D0");
  EXPECT_EQ(run(terminal_response(cat::encode(events))), "9000");
  cat::EventDownload location;
  location.location_status = cat::LocationStatus{0x00};
  location.location = cat::LocationInformation{from_hex("64F0002833012307FF")};
  EXPECT_EQ(run(case3("80C20000", cat::encode(location))), "9000");
  EXPECT_EQ(run(case3("80C20000", cat::encode(cat::TimerExpiration{.timer = {2}, .value = {0, 0, 30}}))), "9000");
  EXPECT_TRUE(card.queue_proactive(toolkit_sms()));
  EXPECT_TRUE(card.queue_proactive(toolkit_refresh()));
  EXPECT_EQ(run(kSelectUsim), "91" + hex8(static_cast<unsigned>(toolkit_sms().size())));
  EXPECT_EQ(run(fetch(toolkit_sms())).substr(0, 2), "D0");
  EXPECT_EQ(run(kSelectUsim), "9000");  // REFRESH waits for the TERMINAL RESPONSE
  return card;
}

std::uint32_t le32(const Bytes& b, std::size_t at) {
  return static_cast<std::uint32_t>(b[at] | (b[at + 1] << 8) | (b[at + 2] << 16) | (std::uint32_t{b[at + 3]} << 24));
}
void put_le16(Bytes& b, std::size_t at, std::uint16_t v) {
  b[at] = static_cast<std::uint8_t>(v);
  b[at + 1] = static_cast<std::uint8_t>(v >> 8);
}
void put_le32(Bytes& b, std::size_t at, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) b[at + i] = static_cast<std::uint8_t>(v >> (8 * i));
}

// Field offsets of a saved state of the domestic profile (64-byte pages, 4
// channels), as STATE-FORMAT.md gives them.
struct Offsets {
  static constexpr std::size_t kVersion = 4, kFileCount = 6, kProfileChannels = 10;
  static constexpr std::size_t kPageSize = 11, kDataSize = 15, kDataPages = 19, kJournalPages = 23, kImageCrc = 27;
  static constexpr std::size_t kPrograms = 31, kRecordCount = 39, kRecords = 43, kRecordSize = 8 + 64;
  static constexpr std::size_t kChannelSize = 15, kChannels = 4;

  explicit Offsets(const Bytes& s) : records(le32(s, kRecordCount)), erased(le32(s, record(records))) {
    if (s[session_flag()] != 1) return;
    pending_length = static_cast<std::size_t>(s[pending_len()] | (s[pending_len() + 1] << 8));
    // The toolkit section has two variable parts: the terminal profile and
    // the queued commands.
    profile_length = s[profile_len()];
    std::size_t at = queue_count() + 1;
    for (std::size_t i = 0; i < s[queue_count()]; ++i) {
      queued.push_back(at);
      at += 2 + static_cast<std::size_t>(s[at] | (s[at + 1] << 8));
    }
    fetched_at = at;
    fetched_length = static_cast<std::size_t>(s[at] | (s[at + 1] << 8));
  }
  std::size_t record(std::size_t i) const { return kRecords + i * kRecordSize; }
  // Version 5: the erased journal pages' count, then {page, erase count} each.
  std::size_t erased_count() const { return record(records); }
  std::size_t erased_page(std::size_t i) const { return erased_count() + 4 + i * 8; }
  std::size_t session_flag() const { return erased_page(erased); }
  std::size_t channel_count() const { return session_flag() + 1; }
  // open +0, df +1, ef +5, adf +9, record +13
  std::size_t channel(std::size_t i) const { return channel_count() + 1 + i * kChannelSize; }
  std::size_t keys() const { return channel(kChannels); }
  std::size_t pending_len() const { return keys() + 4; }
  std::size_t pending_sw() const { return pending_len() + 2 + pending_length; }
  std::size_t pending_channel() const { return pending_sw() + 2; }
  std::size_t pending_gsm() const { return pending_channel() + 1; }
  std::size_t gsm_df() const { return pending_gsm() + 1; }
  std::size_t gsm_ef() const { return gsm_df() + 4; }
  std::size_t gsm_record() const { return gsm_ef() + 4; }
  // Toolkit section (version 2).
  std::size_t profile_len() const { return gsm_record() + 2; }
  std::size_t queue_count() const { return profile_len() + 1 + profile_length; }
  std::size_t queued_command(std::size_t i) const { return queued.at(i); }  // length u16, then the bytes
  std::size_t fetched_len() const { return fetched_at; }
  std::size_t next_number() const { return fetched_len() + 2 + fetched_length; }
  std::size_t timer(std::size_t id) const { return next_number() + 1 + (id - 1) * 4; }  // state +0, value +1
  std::size_t event_list() const { return timer(9); }
  std::size_t events_received() const { return event_list() + 4; }
  // OTA section (version 3): held segment count, then the segments.
  std::size_t held_count() const { return events_received() + 4; }
  // Script chaining section (version 4), with no segment held: the flag.
  std::size_t chained_flag() const { return held_count() + 1; }
  std::size_t end() const { return chained_flag() + 1; }  // with no chained session

  std::size_t records;
  std::size_t erased;
  std::size_t pending_length = 0;
  std::size_t profile_length = 0;
  std::vector<std::size_t> queued;
  std::size_t fetched_at = 0;
  std::size_t fetched_length = 0;
};

// restore_state(bad) must throw std::invalid_argument("card state: ...")
// naming `fragment`, and leave the card as it was.
void expect_refused(Uicc& card, const Bytes& bad, const std::string& fragment) {
  const Bytes before = card.save_state();
  try {
    card.restore_state(bad);
    ADD_FAILURE() << "accepted; expected an error naming \"" << fragment << "\"";
  } catch (const std::invalid_argument& e) {
    const std::string what = e.what();
    EXPECT_EQ(what.rfind("card state: ", 0), 0u) << what;
    EXPECT_NE(what.find(fragment), std::string::npos) << what;
  }
  EXPECT_EQ(card.save_state(), before);
}

std::string domestic_text() {
  std::ifstream f(ESIMTWIN_SOURCE_DIR "/profiles/cmcc-domestic-usim.prof");
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

// The domestic profile with `from` replaced by `to` in its text.
std::shared_ptr<const ProfileTemplate> variant(const std::string& from, const std::string& to) {
  std::string text = domestic_text();
  const std::size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return std::make_shared<const ProfileTemplate>(parse_profile(text, "variant"));
}

std::uint32_t file_index(const std::string& name) { return domestic_profile()->find_name(name).value(); }

// ------------------------------------------------------------ round trips

TEST(UiccState, FreshCardUnpowered) {
  Uicc a(domestic_profile());
  EXPECT_EQ(a.save_state().size(), 48u);  // header 11 + NVM 36 + session flag 1
  expect_restores(a);
}

TEST(UiccState, FreshCardPowered) {
  Uicc a(domestic_profile());
  a.power_on();
  // + a session with 4 channels, nothing pending, no toolkit or OTA state,
  // no script chain.
  EXPECT_EQ(a.save_state().size(), 48u + 128u);
  expect_restores(a);
}

TEST(UiccState, PersonalizedCard) {
  Uicc a(domestic_profile());
  a.personalize(kPerso);
  EXPECT_FALSE(a.nvm().dirty_pages().empty());
  const std::vector<std::string> answers = expect_restores(a);
  // The restored card holds the new K and OPc: it accepts the network's
  // vectors. (answers[0] is the "ON" expect_restores put first.)
  const auto step = std::find(future().begin(), future().end(), authenticate(3, 4)) - future().begin();
  EXPECT_EQ(answers.at(static_cast<std::size_t>(step) + 1).substr(0, 7), "6135 DB");
}

TEST(UiccState, AuthenticateSessionWhilePowered) {
  std::string get_response;
  Uicc a = session_card(get_response);
  std::vector<std::string> script = future();
  script.insert(script.begin(), get_response);
  const std::vector<std::string> answers = expect_restores(a, script);
  // The pending AUTHENTICATE data survived: RES, CK, IK and Kc after 'DB'.
  EXPECT_EQ(answers[0].substr(0, 4), "DB08");
  EXPECT_EQ(answers[0].substr(answers[0].size() - 4), "9000");
  EXPECT_EQ(answers[0].size(), 2 * (0x35 + 2));
  // Channel 1 kept its application and record pointer, PIN2 its verification.
  EXPECT_EQ(answers[2], "6C12");                              // STATUS: the USIM's DF name TLV
  EXPECT_EQ(answers[3], "6A83");                              // no record 3 after record 2
  EXPECT_EQ(answers[4].substr(answers[4].size() - 4), "9000");  // record 1
  EXPECT_EQ(answers[6], "9000");                              // EF.EST updated under PIN2
}

TEST(UiccState, GsmResponsePending) {
  Uicc a = session_card();
  const Bytes r = a.transmit(from_hex("A0A40000026F07"));
  ASSERT_EQ(r.size(), 2u);
  ASSERT_EQ(r[0], 0x9F);
  std::vector<std::string> script = future();
  script.insert(script.begin(), "A0C00000" + hex8(r[1]));
  const std::vector<std::string> answers = expect_restores(a, script);
  EXPECT_EQ(answers[0].size(), 2 * (r[1] + 2u));
  EXPECT_EQ(answers[0].substr(answers[0].size() - 4), "9000");
}

TEST(UiccState, CardPoweredOffAfterASession) {
  Uicc a = session_card();
  a.power_off();
  expect_restores(a);
}

TEST(UiccState, CardUnpoweredByAPowerLossRecoversAlike) {
  // Cut power at each of the 3 programs of an UPDATE BINARY of one small run
  // (journal + commit record, data page, clear; nvm/README.md): before, at
  // and after the commit point. The restored card settles the journal at its
  // own power-up as the original does.
  for (std::uint32_t n = 1; n <= 3; ++n) {
    SCOPED_TRACE("power lost at program " + std::to_string(n));
    Uicc a(domestic_profile());
    a.power_on();
    ASSERT_EQ(exchange(a, kSelectUsim), "9000");
    ASSERT_EQ(exchange(a, "00A4000C026F7E"), "9000");
    a.nvm().arm_power_loss(n);
    EXPECT_THROW(a.transmit(from_hex("00D600000B" "1122334464F0401234FF00")), PowerLoss);
    EXPECT_FALSE(a.powered());
    expect_restores(a);
  }
}

TEST(UiccState, EraseCountsProgramCountAndDirtyPagesCarryOver) {
  Uicc a = session_card();
  Uicc b = restored(a);
  EXPECT_GT(a.nvm().program_count(), 0u);
  EXPECT_EQ(b.nvm().program_count(), a.nvm().program_count());
  EXPECT_EQ(b.nvm().dirty_pages(), a.nvm().dirty_pages());
  for (std::uint32_t p = 0; p < a.nvm().page_count(); ++p) EXPECT_EQ(b.nvm().erase_count(p), a.nvm().erase_count(p));
  EXPECT_EQ(b.nvm().delta_bytes(), a.nvm().delta_bytes());  // exact-size records
  EXPECT_FALSE(b.nvm().in_transaction());
}

TEST(UiccState, RestoreReplacesAUsedCardsState) {
  Uicc a(domestic_profile());
  a.personalize(kPerso);
  Uicc b = session_card();  // powered, with its own NVM history
  b.restore_state(a.save_state());
  EXPECT_FALSE(b.powered());
  EXPECT_EQ(b.save_state(), a.save_state());
  expect_same_nvm(a.nvm(), b.nvm());
  std::vector<std::string> script = future();
  script.insert(script.begin(), "ON");
  expect_same_future(a, b, script);
}

TEST(UiccState, AnotherLoadOfTheSameProfileAcceptsTheState) {
  const auto again = std::make_shared<const ProfileTemplate>(parse_profile(domestic_text(), "again"));
  Uicc a = session_card();
  Uicc b(again);
  b.restore_state(a.save_state());
  EXPECT_EQ(b.save_state(), a.save_state());
}

TEST(UiccState, WearHookStaysAndPowerLossIsDisarmed) {
  struct Counter : NvmWearHook {
    bool on_program(std::uint32_t, std::uint32_t) override { return ++calls, true; }
    int calls = 0;
  };
  Counter theirs;
  Counter ours;
  Uicc a = session_card();
  a.nvm().set_wear_hook(&theirs);
  a.nvm().arm_power_loss(1);
  Uicc b(domestic_profile());
  b.nvm().set_wear_hook(&ours);
  b.nvm().arm_power_loss(1);
  b.restore_state(a.save_state());
  ASSERT_EQ(exchange(b, "00A4000C026F7E"), "9000");
  EXPECT_EQ(exchange(b, "00D600000B" "1122334464F0401234FF00"), "9000");  // no PowerLoss
  EXPECT_GT(ours.calls, 0);
  EXPECT_EQ(theirs.calls, 0);
}

TEST(UiccState, SaveInsideAnOpenTransactionThrows) {
  Uicc a(domestic_profile());
  a.nvm().begin();
  EXPECT_THROW(a.save_state(), std::logic_error);
  Bytes out;
  EXPECT_THROW(a.nvm().save_state(out), std::logic_error);
  a.nvm().abort();
  EXPECT_NO_THROW(a.save_state());
}

TEST(UiccState, RestoreDropsAnOpenTransaction) {
  Uicc a = session_card();
  Uicc b(domestic_profile());
  b.nvm().begin();
  const std::uint8_t junk[4] = {1, 2, 3, 4};
  b.nvm().write(0, junk);
  b.restore_state(a.save_state());
  EXPECT_FALSE(b.nvm().in_transaction());
  EXPECT_EQ(content(b.nvm()), content(a.nvm()));
}

TEST(UiccState, LayoutMatchesStateFormat) {
  const Bytes s = session_card().save_state();
  const Offsets o(s);
  const ProfileTemplate& p = *domestic_profile();
  EXPECT_EQ(std::string(s.begin(), s.begin() + 4), "UIST");
  EXPECT_EQ(s[Offsets::kVersion], 5);
  EXPECT_EQ(s[Offsets::kVersion + 1], 0);
  EXPECT_EQ(le32(s, Offsets::kFileCount), p.files.size());
  EXPECT_EQ(s[Offsets::kProfileChannels], 4);
  EXPECT_EQ(le32(s, Offsets::kPageSize), 64u);
  EXPECT_EQ(le32(s, Offsets::kDataSize), p.nvm->data_size());
  EXPECT_EQ(le32(s, Offsets::kDataPages), p.nvm->page_count());
  EXPECT_EQ(le32(s, Offsets::kJournalPages), 32u);  // journal_bytes = 2048
  EXPECT_EQ(le32(s, Offsets::kImageCrc), p.nvm->crc());
  EXPECT_EQ(o.records + o.erased, session_card().nvm().dirty_pages().size());
  // Personalization's string took several journal pages: j1, cleared, is
  // an erased journal page; j0 keeps its record, the last.
  ASSERT_GE(o.erased, 1u);
  EXPECT_EQ(le32(s, o.erased_page(0)), p.nvm->page_count() + 1);
  EXPECT_EQ(le32(s, o.record(o.records - 1)), p.nvm->page_count());
  EXPECT_EQ(s[o.session_flag()], 1);
  EXPECT_EQ(s[o.channel_count()], 4);
  EXPECT_EQ(s[o.channel(1)], 1);  // channel 1 open
  EXPECT_EQ(le32(s, o.channel(1) + 9), file_index("ADF.USIM"));
  EXPECT_EQ(le32(s, o.channel(1) + 5), file_index("ADF.USIM/EF.SMSP"));
  EXPECT_EQ(s[o.channel(1) + 13], 2);  // its record pointer
  EXPECT_EQ(s[o.channel(2)], 0);
  EXPECT_EQ(le32(s, o.keys()), 1u << 16);  // PIN2 ('81') verified
  EXPECT_EQ(o.pending_length, 0x35u);
  EXPECT_EQ(s[o.pending_len() + 2], 0xDB);
  EXPECT_EQ(s[o.pending_sw()], 0x00);
  EXPECT_EQ(s[o.pending_sw() + 1], 0x90);
  EXPECT_EQ(le32(s, o.gsm_df()), file_index("DF.GSM"));
  EXPECT_EQ(le32(s, o.gsm_ef()), file_index("DF.GSM/EF.IMSI"));
  EXPECT_EQ(s[o.held_count()], 0);
  EXPECT_EQ(s[o.chained_flag()], 0);
  EXPECT_EQ(o.end(), s.size());
}

TEST(UiccState, ToolkitSessionWhilePowered) {
  Uicc a = toolkit_card();
  std::vector<std::string> script = future();
  // The SEND SHORT MESSAGE is answered, REFRESH announced, fetched, answered.
  script.insert(script.begin(), {terminal_response(toolkit_sms()), fetch(toolkit_refresh()),
                                 terminal_response(toolkit_refresh())});
  const Bytes saved = a.save_state();
  Uicc b = restored(a);
  EXPECT_EQ(b.save_state(), saved);
  ASSERT_NE(b.terminal_profile(), nullptr);
  EXPECT_EQ(*b.terminal_profile(), toolkit_terminal());
  EXPECT_EQ(b.proactive_queued(), 1u);
  EXPECT_TRUE(b.proactive_in_progress());
  EXPECT_EQ(b.timer(1), (cat::TimerState{cat::TimerState::kRunning, {0, 10, 0}}));
  EXPECT_EQ(b.timer(2), (cat::TimerState{cat::TimerState::kExpired, {0, 0, 30}}));
  EXPECT_EQ(b.timer(3), cat::TimerState{});
  EXPECT_EQ(b.event_list(), (1u << cat::event::kLocationStatus) | (1u << cat::event::kDataAvailable));
  EXPECT_EQ(b.events_received(), 1u << cat::event::kLocationStatus);
  const std::vector<std::string> answers = expect_same_future(a, b, script);
  EXPECT_EQ(answers[0], "91" + hex8(static_cast<unsigned>(toolkit_refresh().size())));
  EXPECT_EQ(answers[1], upper_hex(toolkit_refresh()) + "9000");
  EXPECT_EQ(answers[2], "9000");
}

TEST(UiccState, ToolkitLayoutMatchesStateFormat) {
  const Bytes s = toolkit_card().save_state();
  const Offsets o(s);
  const Bytes profile = toolkit_terminal().bytes();
  ASSERT_EQ(s[o.profile_len()], profile.size());
  EXPECT_EQ(Bytes(s.begin() + static_cast<std::ptrdiff_t>(o.profile_len() + 1),
                  s.begin() + static_cast<std::ptrdiff_t>(o.queue_count())),
            profile);
  ASSERT_EQ(s[o.queue_count()], 1);
  const Bytes refresh = toolkit_refresh();
  EXPECT_EQ(s[o.queued_command(0)], refresh.size());
  EXPECT_EQ(s[o.queued_command(0) + 1], 0);
  EXPECT_EQ(Bytes(s.begin() + static_cast<std::ptrdiff_t>(o.queued_command(0) + 2),
                  s.begin() + static_cast<std::ptrdiff_t>(o.queued_command(0) + 2 + refresh.size())),
            refresh);
  const Bytes sms = toolkit_sms();
  EXPECT_EQ(o.fetched_length, sms.size());
  EXPECT_EQ(Bytes(s.begin() + static_cast<std::ptrdiff_t>(o.fetched_len() + 2),
                  s.begin() + static_cast<std::ptrdiff_t>(o.next_number())),
            sms);
  EXPECT_EQ(s[o.next_number()], 5);
  // Timer 1 running for 00:10:00, timer 2 expired at 00:00:30, as TS 23.040
  // semi-octets (tens in the low nibble).
  EXPECT_EQ(upper_hex(ByteView(s).subspan(o.timer(1), 4)), "01000100");
  EXPECT_EQ(upper_hex(ByteView(s).subspan(o.timer(2), 4)), "02000003");
  for (std::size_t t = 3; t <= 8; ++t) EXPECT_EQ(upper_hex(ByteView(s).subspan(o.timer(t), 4)), "00000000");
  EXPECT_EQ(le32(s, o.event_list()), (1u << 3) | (1u << 9));
  EXPECT_EQ(le32(s, o.events_received()), 1u << 3);
  EXPECT_EQ(o.end(), s.size());
}

TEST(UiccState, KeySetRawBits) {
  KeySet all;
  for (unsigned r = 0; r < 256; ++r) all.set(static_cast<std::uint8_t>(r), true);
  EXPECT_EQ(all.bits(), KeySet::kAllBits);
  const KeySet k = KeySet::from_bits(0xFFFFFFFF);
  EXPECT_EQ(k.bits(), KeySet::kAllBits);
  EXPECT_TRUE(KeySet::from_bits(1u << 16).has(key_ref::kPin2));
  EXPECT_FALSE(KeySet::from_bits(1u << 16).has(key_ref::kPin1));
}

TEST(NvmState, RoundTripAtAnotherGeometry) {
  // 16-byte pages: a journal of 20 pages, transactions spanning several.
  Bytes bytes(1000);
  for (std::size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<std::uint8_t>(i * 7 + 3);
  const auto image = std::make_shared<const NvmImage>(std::move(bytes), 16);
  Nvm a(image);
  for (std::uint32_t k = 0; k < 5; ++k) {
    a.begin();
    const Bytes data(40 + 30 * k, static_cast<std::uint8_t>(k));
    a.write(100 * k + 3, data);
    ASSERT_EQ(a.commit(), CommitResult::Ok);
  }
  Bytes saved;
  a.save_state(saved);
  // Every continuation page is erased after the last clear: 8 bytes each;
  // the data pages and j0 keep their content.
  std::size_t data_pages = 0;
  for (std::uint32_t page : a.dirty_pages()) data_pages += page < a.data_page_count() ? 1 : 0;
  const std::size_t journal_pages = a.dirty_pages().size() - data_pages;
  EXPECT_GE(journal_pages, 2u);
  EXPECT_EQ(saved.size(), 36 + (data_pages + 1) * (8 + 16) + (journal_pages - 1) * 8);
  state::Reader in(saved);
  const Nvm b = Nvm(image).parse_state(in);
  EXPECT_EQ(in.left(), 0u);
  expect_same_nvm(a, b);
  EXPECT_EQ(b.delta_bytes(), a.delta_bytes());
  Bytes again;
  b.save_state(again);
  EXPECT_EQ(again, saved);
  // Not over another image of the same geometry.
  Bytes other_bytes(1000, 0x5A);
  const Nvm other(std::make_shared<const NvmImage>(std::move(other_bytes), 16));
  state::Reader in2(saved);
  EXPECT_THROW(other.parse_state(in2), std::invalid_argument);
}

// ------------------------------------------------------------ refusals

class UiccStateRefusal : public ::testing::Test {
 protected:
  // The target: a used, powered card whose state must survive every refusal.
  void SetUp() override {
    target.personalize({"898600987654321098", "460049876543210", kOpc, kK});
    target.power_on();
    ASSERT_EQ(exchange(target, kSelectUsim), "9000");
  }
  // `good` with one change.
  Bytes with(const std::function<void(Bytes&, const Offsets&)>& change) const {
    Bytes s = good;
    change(s, Offsets(good));
    return s;
  }

  Uicc target{domestic_profile()};
  const Bytes good = session_card().save_state();
};

TEST_F(UiccStateRefusal, TheGoodStateIsAccepted) {
  Uicc card(domestic_profile());
  card.restore_state(good);
  EXPECT_EQ(card.save_state(), good);
}

TEST_F(UiccStateRefusal, WrongMagic) {
  expect_refused(target, with([](Bytes& s, const Offsets&) { s[0] = 'X'; }), "magic");
}

TEST_F(UiccStateRefusal, WrongVersion) {
  expect_refused(target, with([](Bytes& s, const Offsets&) { put_le16(s, Offsets::kVersion, 1); }),
                 "version 1 (before the toolkit session fields) not supported");
  expect_refused(target, with([](Bytes& s, const Offsets&) { put_le16(s, Offsets::kVersion, 2); }),
                 "version 2 (before the OTA session fields) not supported");
  expect_refused(target, with([](Bytes& s, const Offsets&) { put_le16(s, Offsets::kVersion, 3); }),
                 "version 3 (before the script chaining session and created files) not supported");
  expect_refused(target, with([](Bytes& s, const Offsets&) { put_le16(s, Offsets::kVersion, 4); }),
                 "version 4 (before the erased journal pages) not supported");
  expect_refused(target, with([](Bytes& s, const Offsets&) { put_le16(s, Offsets::kVersion, 6); }), "version 6");
  expect_refused(target, with([](Bytes& s, const Offsets&) { put_le16(s, Offsets::kVersion, 0x100); }), "version");
}

TEST_F(UiccStateRefusal, TruncationAtEveryLength) {
  for (std::size_t n = 0; n < good.size(); ++n) {
    SCOPED_TRACE("first " + std::to_string(n) + " bytes");
    expect_refused(target, Bytes(good.begin(), good.begin() + static_cast<std::ptrdiff_t>(n)), "truncated");
  }
}

TEST_F(UiccStateRefusal, TrailingBytes) {
  expect_refused(target, with([](Bytes& s, const Offsets&) { s.push_back(0); }), "trailing");
  Bytes unpowered = Uicc(domestic_profile()).save_state();
  unpowered.push_back(0);
  expect_refused(target, unpowered, "trailing");
}

TEST_F(UiccStateRefusal, PageIndexOutOfRange) {
  const std::uint32_t pages = target.nvm().page_count();
  expect_refused(target, with([&](Bytes& s, const Offsets& o) { put_le32(s, o.record(o.records - 1), pages); }),
                 "out of range");
  expect_refused(target, with([](Bytes& s, const Offsets& o) { put_le32(s, o.record(o.records - 1), 0xFFFFFFFF); }),
                 "out of range");
}

TEST_F(UiccStateRefusal, UnsortedOrDuplicatePages) {
  expect_refused(target, with([](Bytes& s, const Offsets& o) {
                   const std::uint32_t first = le32(s, o.record(0));
                   put_le32(s, o.record(0), le32(s, o.record(1)));
                   put_le32(s, o.record(1), first);
                 }),
                 "not strictly ascending");
  expect_refused(target, with([](Bytes& s, const Offsets& o) { put_le32(s, o.record(1), le32(s, o.record(0))); }),
                 "not strictly ascending");
}

TEST_F(UiccStateRefusal, RecordCountBeyondThePages) {
  expect_refused(target, with([](Bytes& s, const Offsets&) { put_le32(s, Offsets::kRecordCount, 0x7FFFFFFF); }),
                 "exceeds");
}

TEST_F(UiccStateRefusal, EraseCountsThatDoNotAddUp) {
  // A data page may hold erase count 0 (it lost charge unprogrammed), but
  // the counts must still add up to the program count.
  expect_refused(target, with([](Bytes& s, const Offsets& o) { put_le32(s, o.record(0) + 4, 0); }), "program count");
  expect_refused(target, with([](Bytes& s, const Offsets& o) { put_le32(s, o.record(0) + 4, le32(s, o.record(0) + 4) + 1); }),
                 "program count");
  expect_refused(target, with([](Bytes& s, const Offsets&) { s[Offsets::kPrograms + 7] = 1; }), "program count");
  // The last record is a journal page (j0: the card has committed), which
  // only a program stores; so is an erased journal page (j1).
  expect_refused(target, with([](Bytes& s, const Offsets& o) {
                   put_le32(s, o.record(le32(s, Offsets::kRecordCount) - 1) + 4, 0);
                 }),
                 "journal page");
  expect_refused(target, with([](Bytes& s, const Offsets& o) { put_le32(s, o.erased_page(0) + 4, 0); }),
                 "erase count 0");
}

// Version 5: the journal pages that read as erased, with their erase counts.
TEST_F(UiccStateRefusal, ErasedJournalPagesOutOfPlace) {
  const std::uint32_t j0 = target.nvm().data_page_count();
  const std::uint32_t pages = target.nvm().page_count();
  expect_refused(target, with([&](Bytes& s, const Offsets& o) { put_le32(s, o.erased_page(0), j0 - 1); }),
                 "is not a journal page");
  expect_refused(target, with([&](Bytes& s, const Offsets& o) { put_le32(s, o.erased_page(0), pages); }),
                 "is not a journal page");
  expect_refused(target, with([](Bytes& s, const Offsets& o) { put_le32(s, o.erased_count(), 1000); }), "exceeds");
  // A page both stored with its content and erased: the last record (j0)
  // made j1.
  expect_refused(target, with([&](Bytes& s, const Offsets& o) { put_le32(s, o.record(o.records - 1), j0 + 1); }),
                 "both stored and erased");
  // Two erased pages out of order: j1 twice.
  Bytes twice = with([](Bytes& s, const Offsets& o) {
    Bytes entry(s.begin() + static_cast<std::ptrdiff_t>(o.erased_page(0)),
                s.begin() + static_cast<std::ptrdiff_t>(o.erased_page(0) + 8));
    s.insert(s.begin() + static_cast<std::ptrdiff_t>(o.erased_page(0)), entry.begin(), entry.end());
    put_le32(s, o.erased_count(), static_cast<std::uint32_t>(o.erased + 1));
  });
  expect_refused(target, twice, "not strictly ascending");
}

TEST_F(UiccStateRefusal, FileIndexOutOfRange) {
  const std::uint32_t files = static_cast<std::uint32_t>(domestic_profile()->files.size());
  for (std::size_t field : {1u, 5u, 9u}) {  // df, ef, adf of channel 1
    SCOPED_TRACE(field);
    expect_refused(target, with([&](Bytes& s, const Offsets& o) { put_le32(s, o.channel(1) + field, files); }),
                   "out of range");
  }
  expect_refused(target, with([&](Bytes& s, const Offsets& o) { put_le32(s, o.gsm_df(), files + 100); }),
                 "out of range");
  expect_refused(target, with([&](Bytes& s, const Offsets& o) { put_le32(s, o.gsm_ef(), files); }), "out of range");
  // None is allowed for EFs and applications only.
  expect_refused(target, with([&](Bytes& s, const Offsets& o) { put_le32(s, o.channel(0) + 1, kNoFile); }),
                 "out of range");
  expect_refused(target, with([&](Bytes& s, const Offsets& o) { put_le32(s, o.gsm_df(), kNoFile); }), "out of range");
}

TEST_F(UiccStateRefusal, FileOfTheWrongKind) {
  const std::uint32_t ef = file_index("ADF.USIM/EF.IMSI");
  const std::uint32_t adf = file_index("ADF.USIM");
  expect_refused(target, with([&](Bytes& s, const Offsets& o) { put_le32(s, o.channel(0) + 1, ef); }), "is not a DF");
  expect_refused(target, with([&](Bytes& s, const Offsets& o) { put_le32(s, o.channel(0) + 5, adf); }), "is not an EF");
  expect_refused(target, with([&](Bytes& s, const Offsets& o) { put_le32(s, o.channel(0) + 9, 0); }), "is not an ADF");
  expect_refused(target, with([&](Bytes& s, const Offsets& o) { put_le32(s, o.gsm_df(), adf); }),
                 "is not the MF or a DF");
  expect_refused(target, with([&](Bytes& s, const Offsets& o) { put_le32(s, o.gsm_ef(), 0); }), "is not an EF");
}

TEST_F(UiccStateRefusal, RecordPointerBeyondTheRecords) {
  expect_refused(target, with([](Bytes& s, const Offsets& o) { s[o.channel(1) + 13] = 3; }), "beyond the 2 records");
  expect_refused(target, with([](Bytes& s, const Offsets& o) { s[o.channel(0) + 13] = 1; }), "beyond the 0 records");
  expect_refused(target, with([](Bytes& s, const Offsets& o) { s[o.gsm_record()] = 1; }), "beyond the 0 records");
}

TEST_F(UiccStateRefusal, ChannelCount) {
  expect_refused(target, with([](Bytes& s, const Offsets& o) { s[o.channel_count()] = 21; }), "outside 1..20");
  expect_refused(target, with([](Bytes& s, const Offsets& o) { s[o.channel_count()] = 0; }), "outside 1..20");
  expect_refused(target, with([](Bytes& s, const Offsets& o) { s[o.channel_count()] = 5; }), "not the profile's 4");
}

TEST_F(UiccStateRefusal, ChannelStates) {
  expect_refused(target, with([](Bytes& s, const Offsets& o) { s[o.channel(0)] = 0; }), "basic channel is closed");
  expect_refused(target, with([](Bytes& s, const Offsets& o) { s[o.channel(2)] = 2; }), "not 0 or 1");
  expect_refused(target, with([](Bytes& s, const Offsets& o) { put_le32(s, o.channel(2) + 1, 1); }), "not reset");
  expect_refused(target, with([](Bytes& s, const Offsets& o) { s[o.channel(3) + 13] = 1; }), "not reset");
}

TEST_F(UiccStateRefusal, SessionFields) {
  expect_refused(target, with([](Bytes& s, const Offsets& o) { s[o.session_flag()] = 2; }), "not 0 or 1");
  expect_refused(target, with([](Bytes& s, const Offsets& o) { s[o.keys() + 1] |= 0x40; }), "unknown key");
  expect_refused(target, with([](Bytes& s, const Offsets& o) { put_le16(s, o.pending_len(), 257); }), "exceeds 256");
  expect_refused(target, with([](Bytes& s, const Offsets& o) { put_le16(s, o.pending_sw(), 0x6000); }), "SW1");
  expect_refused(target, with([](Bytes& s, const Offsets& o) { put_le16(s, o.pending_sw(), 0x1234); }), "SW1");
  expect_refused(target, with([](Bytes& s, const Offsets& o) { s[o.pending_channel()] = 4; }), "pending channel");
  expect_refused(target, with([](Bytes& s, const Offsets& o) { s[o.pending_gsm()] = 2; }), "not 0 or 1");
  expect_refused(target, with([](Bytes& s, const Offsets& o) {
                   s[o.pending_channel()] = 1;
                   s[o.pending_gsm()] = 1;
                 }),
                 "GSM data pending on a logical channel");
}

TEST_F(UiccStateRefusal, NvmGeometry) {
  expect_refused(target, with([](Bytes& s, const Offsets&) { put_le32(s, Offsets::kPageSize, 128); }), "NVM page size");
  expect_refused(target, with([](Bytes& s, const Offsets&) { s[Offsets::kDataSize] ^= 1; }), "NVM data size");
  expect_refused(target, with([](Bytes& s, const Offsets&) { s[Offsets::kDataPages] ^= 1; }), "NVM data page count");
  expect_refused(target, with([](Bytes& s, const Offsets&) { s[Offsets::kJournalPages] ^= 1; }),
                 "NVM journal page count");
  expect_refused(target, with([](Bytes& s, const Offsets&) { s[Offsets::kImageCrc] ^= 1; }), "image CRC");
  expect_refused(target, with([](Bytes& s, const Offsets&) { s[Offsets::kFileCount] ^= 1; }), "files");
  expect_refused(target, with([](Bytes& s, const Offsets&) { s[Offsets::kProfileChannels] = 5; }), "logical channels");
}

TEST_F(UiccStateRefusal, ProfileFingerprintMismatch) {
  struct Case {
    const char* what;
    std::shared_ptr<const ProfileTemplate> profile;
    const char* fragment;
  };
  const std::string text = domestic_text();
  const std::vector<Case> cases = {
      {"one logical channel more", variant("logical_channels = 4", "logical_channels = 5"), "logical channels"},
      {"other file content", variant("data = 7A 68 65 6E", "data = 7A 68 65 6F"), "image CRC"},
      {"other page size", variant("page_size = 64", "page_size = 128"), "NVM page size"},
      {"one file less", std::make_shared<const ProfileTemplate>(
                            parse_profile(text.substr(0, text.find("[file EF.LOCIGPRS]")), "fewer files")),
       "files"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.what);
    Uicc other(c.profile);
    other.power_on();
    expect_refused(other, good, c.fragment);
    // And the other way round.
    expect_refused(target, other.save_state(), c.fragment);
  }
}

// ------------------------------------------------------------ toolkit refusals

class UiccStateToolkitRefusal : public UiccStateRefusal {
 protected:
  Bytes with_toolkit(const std::function<void(Bytes&, const Offsets&)>& change) const {
    Bytes s = toolkit;
    change(s, Offsets(toolkit));
    return s;
  }
  const Bytes toolkit = toolkit_card().save_state();
};

TEST_F(UiccStateToolkitRefusal, TheToolkitStateIsAccepted) {
  Uicc card(domestic_profile());
  card.restore_state(toolkit);
  EXPECT_EQ(card.save_state(), toolkit);
}

TEST_F(UiccStateToolkitRefusal, TruncationAtEveryLength) {
  const std::size_t from = Offsets(toolkit).profile_len();
  for (std::size_t n = from; n < toolkit.size(); ++n) {
    SCOPED_TRACE("first " + std::to_string(n) + " bytes");
    expect_refused(target, Bytes(toolkit.begin(), toolkit.begin() + static_cast<std::ptrdiff_t>(n)), "truncated");
  }
}

TEST_F(UiccStateToolkitRefusal, ProactiveCommands) {
  expect_refused(target, with_toolkit([](Bytes& s, const Offsets& o) { s[o.queue_count()] = 9; }), "more than 8");
  expect_refused(target, with_toolkit([](Bytes& s, const Offsets& o) { s[o.queued_command(0) + 2] = 0xD1; }),
                 "queued proactive command 0: not a proactive command");
  expect_refused(target, with_toolkit([](Bytes& s, const Offsets& o) { put_le16(s, o.queued_command(0), 0); }),
                 "queued proactive command 0 is empty");
  expect_refused(target, with_toolkit([](Bytes& s, const Offsets& o) { put_le16(s, o.fetched_len(), 257); }),
                 "more than 256");
  // The device identities of the fetched command (after its command details)
  // from the terminal instead of the UICC.
  expect_refused(target, with_toolkit([](Bytes& s, const Offsets& o) { s[o.fetched_len() + 2 + 2 + 5 + 2] = 0x82; }),
                 "fetched proactive command: proactive command not from the UICC");
  expect_refused(target, with_toolkit([](Bytes& s, const Offsets& o) {
                   // No terminal profile, the fetched command kept.
                   s.erase(s.begin() + static_cast<std::ptrdiff_t>(o.profile_len() + 1),
                           s.begin() + static_cast<std::ptrdiff_t>(o.queue_count()));
                   s[o.profile_len()] = 0;
                 }),
                 "a fetched proactive command without a terminal profile");
  expect_refused(target, with_toolkit([](Bytes& s, const Offsets& o) { s[o.next_number()] = 0; }), "outside 1..254");
  expect_refused(target, with_toolkit([](Bytes& s, const Offsets& o) { s[o.next_number()] = 0xFF; }),
                 "outside 1..254");
}

TEST_F(UiccStateToolkitRefusal, Timers) {
  expect_refused(target, with_toolkit([](Bytes& s, const Offsets& o) { s[o.timer(4)] = 3; }), "timer 4 state 3 unknown");
  expect_refused(target, with_toolkit([](Bytes& s, const Offsets& o) { s[o.timer(1) + 1] = 0xAA; }),
                 "timer 1: Timer value not in semi-octets");
  expect_refused(target, with_toolkit([](Bytes& s, const Offsets& o) { s[o.timer(1) + 2] = 0x06; }),
                 "timer 1: Timer value minutes or seconds above 59");
  expect_refused(target, with_toolkit([](Bytes& s, const Offsets& o) { s[o.timer(8) + 3] = 0x10; }),
                 "timer 8 is off but not reset");
}

TEST_F(UiccStateToolkitRefusal, TrailingBytes) {
  expect_refused(target, with_toolkit([](Bytes& s, const Offsets&) { s.push_back(0); }), "trailing");
}

}  // namespace test_uicc_state
