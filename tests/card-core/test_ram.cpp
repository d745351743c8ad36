// Remote Application Management over OTA (TS 102 226 §8, GP Card
// Specification v2.3 §11): the Issuer Security Domain's INSTALL, LOAD,
// DELETE and GET STATUS in secured packets to TAR '00 00 00', against the
// registry in the card's NVM, and the applets it installs reached by TAR.
#include "cardcore/gp/registry.hpp"
#include "ram_fixture.hpp"

namespace test_ram {

using namespace cardcore;
using namespace cardcore::testing;

// Expanded response: 'AB' { '80 01 n', '23' data+SW per command }.
std::string expanded_response(const std::vector<std::string>& rapdus) {
  Bytes inner = {0x80, 0x01, static_cast<std::uint8_t>(rapdus.size())};
  for (const std::string& r : rapdus) tlv::put_ber(inner, 0x23, from_hex(r));
  return upper_hex(tlv::make_ber(0xAB, inner));
}

const std::string kGetStatusIsd = "80F28000024F0000";
const std::string kGetStatusApps = "80F24000024F0000";
const std::string kGetStatusModules = "80F21000024F0000";

// The legacy GET STATUS entries of the factory content (GP §11.4.3.2).
const std::string kIsdEntry = "08" + kIsdAid + "0F9E";
const std::string kInstanceEntry = "10" + kWriteCardInstance + "0700";
const std::string kElfEntry = "0A" + kWriteCardElf + "010001" "0B" + kWriteCardModule;

class Ram : public RamCard {};

// SET STATUS (GP §11.10): a locked application keeps its place in the
// registry (state '87') but takes no packet (its TAR names nothing: '09');
// unlocked, it is SELECTABLE again. The ISD itself and unknown AIDs are refused.
TEST_F(Ram, SetStatusLocksAndUnlocksAnApplication) {
  const std::string lock = "80F04080" "10" + kWriteCardInstance, unlock = "80F04000" "10" + kWriteCardInstance;
  EXPECT_EQ(ram(expanded_script({lock, kGetStatusApps})),
            expanded_response({"9000", "10" + kWriteCardInstance + "8700" "9000"}));
  EXPECT_EQ(send_script(kTarWriteCard, from_hex("E300")).packet.status, ota::PorStatus::TarUnknown);
  // Errors stop a script (TS 102 226 §5.2.2): one refusal per script.
  EXPECT_EQ(ram(expanded_script({lock})), expanded_response({"6985"}));  // locked already
  EXPECT_EQ(ram(expanded_script({unlock, kGetStatusApps})), expanded_response({"9000", kInstanceEntry + "9000"}));
  EXPECT_EQ(ram(expanded_script({unlock})), expanded_response({"6985"}));  // not locked
  EXPECT_EQ(ram(expanded_script({"80F04080" "08" + kIsdAid})), expanded_response({"6985"}));
  EXPECT_EQ(ram(expanded_script({"80F04080" "05" "A000000001"})), expanded_response({"6A88"}));
  EXPECT_EQ(ram(expanded_script({"80F08080" "08" + kIsdAid})), expanded_response({"6A86"}));  // the card's life cycle
  EXPECT_EQ(ram(expanded_script({"80F04001" "10" + kWriteCardInstance})), expanded_response({"6A86"}));
}

// GP §11.5.2.3.6: the write-card applet takes no personalization data
// (card-core has no native module that does), so INSTALL [for
// personalization] of it is refused; the ISD takes no STORE DATA of its
// own ('6D00').
TEST_F(Ram, InstallForPersonalizationNeedsAnApplicationThatTakesIt) {
  const std::string perso = "80E62000" "16" "0000" "10" + kWriteCardInstance + "000000";
  EXPECT_EQ(ram(expanded_script({perso})), expanded_response({"6985"}));
  EXPECT_EQ(ram(expanded_script({"80E2800003010203"})), expanded_response({"6D00"}));
  EXPECT_EQ(ram(expanded_script({"80E62000" "0E" "0000" "08" + kIsdAid + "000000"})), expanded_response({"6A88"}));
  // Other fields than the application's AID are not empty.
  EXPECT_EQ(ram(expanded_script({"80E62000" "17" "0000" "10" + kWriteCardInstance + "01800000"})),
            expanded_response({"6A80"}));
  EXPECT_EQ(ram(expanded_script({"80E62000" "04" "0000" "10" "A0"})), expanded_response({"6A80"}));
}

TEST_F(Ram, GetStatusListsTheFactoryContent) {
  EXPECT_EQ(ram(expanded_script({kGetStatusIsd, kGetStatusApps, kGetStatusModules, "80F22000024F0000"})),
            expanded_response({kIsdEntry + "9000", kInstanceEntry + "9000", kElfEntry + "9000",
                               "0A" + kWriteCardElf + "0100" "9000"}));
  // GP §11.4.3.1: the same as registry data TLVs 'E3'.
  EXPECT_EQ(ram(expanded_script({"80F24002024F0000"})),
            expanded_response({"E3" "27" "4F10" + kWriteCardInstance + "9F700107" "C503000000" "C40A" + kWriteCardElf +
                               "9000"}));
  // A search by AID prefix; nothing matches: '6A 88'.
  EXPECT_EQ(ram(expanded_script({"80F24000074F05F045534D5400", "80F24000054F03A0000000"})),
            expanded_response({"6A88"}));
}

TEST_F(Ram, CompactFormatAnswersAsOnT0) {
  // GET STATUS with data: '61 XX', then GET RESPONSE in the same script.
  const std::size_t n = kInstanceEntry.size() / 2;
  EXPECT_EQ(ram("80F24000024F00" "00C00000" + hex8(static_cast<unsigned>(n))), "02" "9000" + kInstanceEntry);
  // INSTALL [for make selectable] of the selectable instance: '69 85'.
  EXPECT_EQ(ram("80E60800" "17" "0000" "10" + kWriteCardInstance + "0100" "00" "00"), "01" "6985");
}

// The whole cycle: the write-card applet deleted (its TAR is gone), loaded
// again from a CAP file in LOAD blocks over several packets, installed with
// a new TAR, and reached there.
TEST_F(Ram, DeleteLoadInstallAndReachTheApplet) {
  EXPECT_EQ(ram(expanded_script({delete_aid(kWriteCardElf)})), expanded_response({"6985"}));  // it has an instance
  EXPECT_EQ(ram(expanded_script({delete_aid(kWriteCardElf, true)})), expanded_response({"9000"}));
  EXPECT_EQ(ram(expanded_script({kGetStatusApps})), expanded_response({"6A88"}));
  // The old TAR names nothing now.
  const ota::DecodedPor gone = send_script(kTarWriteCard, from_hex("E300"));
  EXPECT_EQ(gone.packet.status, ota::PorStatus::TarUnknown);

  const Bytes c4 = cap_load_file(kWriteCardElf, {kWriteCardModule}, 600);
  const std::vector<std::string> loads = load_commands(c4, 200);
  ASSERT_EQ(loads.size(), 4u);
  EXPECT_EQ(ram(expanded_script({install_for_load(kWriteCardElf), loads[0]})), expanded_response({"9000", "9000"}));
  EXPECT_EQ(ram(expanded_script({loads[1], loads[2]})), expanded_response({"9000", "9000"}));
  // Not listed while loading.
  EXPECT_EQ(ram(expanded_script({"80F22000024F0000"})), expanded_response({"6A88"}));
  EXPECT_EQ(ram(expanded_script({loads[3]})), expanded_response({"9000"}));
  EXPECT_EQ(ram(expanded_script({kGetStatusModules})), expanded_response({kElfEntry + "9000"}));
  // The load file's bytes are in the heap, as sent.
  const std::vector<gp::Slot> reg = gp::read_registry(card);
  const gp::Slot* elf = gp::find_aid(reg, from_hex(kWriteCardElf));
  ASSERT_NE(elf, nullptr);
  EXPECT_EQ(gp::read_heap(card, elf->entry.load_file.heap_offset, elf->entry.load_file.heap_size), c4);

  const std::string instance = kWriteCardModule + "02" "C00002" "00";
  EXPECT_EQ(ram(expanded_script({install_for_install(kWriteCardElf, kWriteCardModule, instance, "3F007F676F03", "C00002",
                                                     "16")})),
            expanded_response({"9000"}));
  EXPECT_EQ(ram(expanded_script({kGetStatusApps})), expanded_response({"10" + instance + "0700" "9000"}));
  const ota::DecodedPor status = send_script(ota::Tar{0xC0, 0x00, 0x02}, from_hex("E300"));
  EXPECT_EQ(status.packet.status, ota::PorStatus::Ok);
  EXPECT_EQ(upper_hex(status.packet.additional_data).substr(0, 10), "E9" "17" "900100");  // result 00
  // All of it is in NVM.
  card.power_off();
  card.power_on();
  EXPECT_EQ(ram(expanded_script({kGetStatusApps})), expanded_response({"10" + instance + "0700" "9000"}));
}

TEST_F(Ram, InstallErrors) {
  const std::string other = kWriteCardModule + "03" "C00003" "00";
  auto install = [&](const std::string& module, const std::string& instance, const std::string& tars) {
    return install_for_install(kWriteCardElf, module, instance, "3F007F676F03", tars);
  };
  EXPECT_EQ(ram(expanded_script({
                install("F04553494D5457494E0199", other, "C00003"),   // no such module: '6A 88'
                })),
            expanded_response({"6A88"}));
  EXPECT_EQ(ram(expanded_script({install(kWriteCardModule, kWriteCardInstance, "C00003")})),
            expanded_response({"6A80"}));  // the instance AID is taken
  EXPECT_EQ(ram(expanded_script({install(kWriteCardModule, other, "C00001")})),
            expanded_response({"6A80"}));  // the TAR is taken
  EXPECT_EQ(ram(expanded_script({install(kWriteCardModule, other, "B00000")})),
            expanded_response({"6A80"}));  // an RFM TAR
  EXPECT_EQ(ram(expanded_script({install_for_install(kWriteCardElf, kWriteCardModule, other, "3F007F666F01", "C00003")})),
            expanded_response({"6A80"}));  // its data EF is no transparent EF of 1024 bytes
  EXPECT_EQ(ram(expanded_script({"80E60C00" "03" "0A0102"})), expanded_response({"6A80"}));  // lengths past the data
  EXPECT_EQ(ram(expanded_script({"80E61000" "02" "0000"})), expanded_response({"6A86"}));    // extradition: not here

  // A load file whose module this card has no code for can be loaded, not installed.
  const std::string pkg = "A0000005590101";
  const Bytes c4 = cap_load_file(pkg, {"A000000559010101"}, 40);
  EXPECT_EQ(ram(expanded_script({install_for_load(pkg), load_commands(c4, 240)[0]})), expanded_response({"9000", "9000"}));
  EXPECT_EQ(ram(expanded_script({install_for_install(pkg, "A000000559010101", "A00000055901010101", "", "C00004")})),
            expanded_response({"6985"}));
  // Nothing of the failed commands is in the registry.
  EXPECT_EQ(ram(expanded_script({kGetStatusApps})), expanded_response({kInstanceEntry + "9000"}));
}

// The domestic card reads the memory quotas of INSTALL [for install]
// ('EF' { 'C7', 'C8' }, TS 102 226 §8.2.1.3.2) and keeps none (it models no
// application memory); a quota of a wrong length is refused ('6A80').
TEST_F(Ram, InstallReadsMemoryQuotas) {
  const auto install = [&](const std::string& quotas) {
    return install_for_install(kWriteCardElf, kWriteCardModule, kWriteCardInstance, "3F007F676F03", "C00001", "", 0x0C,
                               quotas);
  };
  EXPECT_EQ(ram(expanded_script({delete_aid(kWriteCardInstance)})), expanded_response({"9000"}));
  EXPECT_EQ(ram(expanded_script({install("C702" "0400" "C803" "000800")})), expanded_response({"6A80"}));
  EXPECT_EQ(ram(expanded_script({install("C701" "04")})), expanded_response({"6A80"}));
  EXPECT_EQ(ram(expanded_script({kGetStatusApps})), expanded_response({"6A88"}));
  EXPECT_EQ(ram(expanded_script({install("C702" "0400" "C804" "00000800")})), expanded_response({"9000"}));
  EXPECT_EQ(ram(expanded_script({kGetStatusApps})), expanded_response({kInstanceEntry + "9000"}));
}

TEST_F(Ram, LoadErrorsDropTheLoad) {
  const std::string pkg = "A0000005590202";
  const Bytes c4 = cap_load_file(pkg, {}, 300);
  const std::vector<std::string> loads = load_commands(c4, 120);
  // LOAD without INSTALL [for load].
  EXPECT_EQ(ram(expanded_script({loads[0]})), expanded_response({"6985"}));
  // A block out of sequence ends the load.
  EXPECT_EQ(ram(expanded_script({install_for_load(pkg), loads[0], loads[2]})), expanded_response({"9000", "9000", "6A86"}));
  EXPECT_EQ(ram(expanded_script({loads[1]})), expanded_response({"6985"}));
  // A package other than announced, a bad magic: refused at the last block.
  Bytes wrong = cap_load_file("A0000005590303", {}, 20);
  EXPECT_EQ(ram(expanded_script({install_for_load(pkg), load_commands(wrong, 240)[0]})), expanded_response({"9000", "6A80"}));
  Bytes bad_magic = cap_load_file(pkg, {}, 20);
  bad_magic[2 + 3] = 0x00;  // 'DE' of DECAFFED
  EXPECT_EQ(ram(expanded_script({install_for_load(pkg), load_commands(bad_magic, 240)[0]})), expanded_response({"9000", "6A80"}));
  // More than the heap holds (8192 bytes): '6A 84' at the first block.
  const Bytes huge = cap_load_file(pkg, {}, 9000);
  EXPECT_EQ(ram(expanded_script({install_for_load(pkg), load_commands(huge, 200)[0]})), expanded_response({"9000", "6A84"}));
  // A 'C4' shorter than its blocks.
  EXPECT_EQ(ram(expanded_script({install_for_load(pkg), "80E88000" "04" "C4020102" "00"})), expanded_response({"9000", "6A80"}));
  // None of these left anything behind, and the heap is whole.
  EXPECT_EQ(ram(expanded_script({"80F22000024F0000"})), expanded_response({"0A" + kWriteCardElf + "0100" "9000"}));
  EXPECT_EQ(gp::free_heap(card, gp::read_registry(card)), 8192u);
}

TEST_F(Ram, DeleteAndStatusErrors) {
  EXPECT_EQ(ram(expanded_script({delete_aid(kIsdAid)})), expanded_response({"6985"}));
  EXPECT_EQ(ram(expanded_script({delete_aid("A0000005590909")})), expanded_response({"6A88"}));
  EXPECT_EQ(ram(expanded_script({"80E40000" "03" "4F0102"})), expanded_response({"6A80"}));
  EXPECT_EQ(ram(expanded_script({"80F20000024F0000"})), expanded_response({"6A86"}));
  EXPECT_EQ(ram(expanded_script({"80F24001024F0000"})), expanded_response({"6985"}));  // "next" without a first
  EXPECT_EQ(ram(expanded_script({"84F24000024F0000"})), expanded_response({"6882"}));  // secure messaging
  EXPECT_EQ(ram(expanded_script({"80CA006600"})), expanded_response({"6D00"}));        // GET DATA: not here
  // Deleting the instance, then its load file without P2 '80'.
  EXPECT_EQ(ram(expanded_script({delete_aid(kWriteCardInstance), delete_aid(kWriteCardElf)})),
            expanded_response({"9000", "9000"}));
}

// GET STATUS past its Le: '63 10' and "next occurrence" in the same script.
TEST_F(Ram, GetStatusGoesOnWithNextOccurrence) {
  std::vector<std::string> script;
  const std::string pkg = "A00000055904";
  for (int i = 0; i < 3; ++i) {
    const std::string p = pkg + hex8(static_cast<unsigned>(i));
    script.push_back(install_for_load(p));
    script.push_back(load_commands(cap_load_file(p, {}, 10), 240)[0]);
  }
  ram(expanded_script(script));
  const std::string entry = "0A" + kWriteCardElf + "0100";
  auto elf = [&](int i) { return "07" + pkg + hex8(static_cast<unsigned>(i)) + "0100"; };
  // Le = 25: two entries (13 + 10 bytes) fit, then one each.
  EXPECT_EQ(ram(expanded_script({"80F22000024F0019", "80F22001024F0019", "80F22001024F0019"})),
            expanded_response({entry + elf(0) + "6310", elf(1) + elf(2) + "9000", "6985"}));
}

TEST_F(Ram, RegistryChangesSurvivePowerLossOrDoNotHappen) {
  const std::string cmd = expanded_script({delete_aid(kWriteCardInstance)});
  at_every_power_loss(
      card,
      [&] {
        counter = 0;
        ram(cmd);
      },
      [&](std::uint32_t n) {
        const std::vector<gp::Slot> reg = gp::read_registry(card);
        const bool present = gp::find_aid(reg, from_hex(kWriteCardInstance)) != nullptr;
        EXPECT_EQ(reg.size(), present ? 2u : 1u) << n;
      });
}

}  // namespace test_ram
