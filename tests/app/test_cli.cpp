// Bad input to the command line: each case a clear message and exit code 2
// (1 for a script whose expectations fail), never a crash.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <string>

#include "esimtwin_process.hpp"

namespace test_cli {

using esimtwin::testing::run_esimtwin;

// A file in the build's temporary directory holding `text`; returns its path.
std::string temp_file(const std::string& name, const std::string& text) {
  const std::string path = ::testing::TempDir() + name;
  std::ofstream(path) << text;
  return path;
}

const std::string kProfile = "--profile profiles/cmcc-domestic-usim.prof ";

TEST(Cli, HelpAndVersion) {
  auto r = run_esimtwin("--help");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("card"), std::string::npos);
  r = run_esimtwin("--version");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("esimtwin 0."), std::string::npos);
  r = run_esimtwin("card --help");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("--profile"), std::string::npos);
}

TEST(Cli, BadInvocationsExitWithTwoAndSayWhy) {
  struct Case { std::string args; std::string message; };
  const std::string broken_profile =
      temp_file("broken.prof", "[profile]\nname = x\natr = 3B 00\n[auth]\nk = 00\n");
  const std::string bad_script = temp_file("bad.apdu", "00 A4 00 04 02 3F 00\nselect the MF please\n");
  const std::string ok_script = temp_file("ok.apdu", "00 A4 00 0C 02 3F 00\n# expect 90 00\n");
  const Case cases[] = {
      {"", "A subcommand is required"},
      {"frobnicate", "A subcommand is required"},
      {"card", "script is required"},
      {"card " + ok_script, "--profile is required"},
      {"card --profile /nonexistent.prof " + ok_script, "/nonexistent.prof"},
      {"card --profile " + broken_profile + " " + ok_script, "broken.prof:"},
      {"card " + kProfile + "/nonexistent.apdu", "cannot open script /nonexistent.apdu"},
      {"card " + kProfile + bad_script, "bad.apdu:2: not an APDU"},
      {"card " + kProfile + "--iccid 898600810123456789 " + ok_script, "requires"},
      {"card " + kProfile + "--iccid 898600810123456789 --imsi 4600401234567890123 --k 00 --opc 00 " + ok_script,
       "personalization"},
      {"card " + kProfile + "--iccid 89860081012345678X --imsi 460040123456789"
       " --k 000102030405060708090a0b0c0d0e0f --opc 000102030405060708090a0b0c0d0e0f " + ok_script,
       "ICCID"},
      {"card " + kProfile + "--iccid 898600810123456789 --imsi 460040123456789"
       " --k 0001 --opc 000102030405060708090a0b0c0d0e0f " + ok_script,
       "K and OPc must be 16 bytes"},
      {"card " + kProfile + "--iccid 898600810123456789 --imsi 460040123456789"
       " --k zz --opc 000102030405060708090a0b0c0d0e0f " + ok_script,
       "not a hex digit"},
      {"card " + kProfile + "--iccid 898600810123456789 --imsi 460040123456789"
       " --k 000102030405060708090a0b0c0d0e0f " + ok_script,
       "--opc or --op is required"},
      {"card " + kProfile + "--iccid 898600810123456789 --imsi 460040123456789 --k 000102030405060708090a0b0c0d0e0f"
       " --opc 000102030405060708090a0b0c0d0e0f --op 000102030405060708090a0b0c0d0e0f " + ok_script,
       "excludes"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.args);
    const auto r = run_esimtwin(c.args);
    EXPECT_EQ(r.exit_code, 2) << r.out;
    EXPECT_NE(r.out.find(c.message), std::string::npos) << r.out;
  }
}

TEST(Cli, PersonalizationWithOpGivesTheSameCardAsWithOpc) {
  // TS 35.208 set 1: OP cdc202d5... has OPc cd63cb71...; the GSM context
  // answers SRES/Kc of TS 55.205 set 1 either way.
  const std::string script = temp_file("op.apdu",
                                       "00 A4 04 0C 07 A0 00 00 00 87 10 02\n"
                                       "00 88 00 80 11 10 23 55 3C BE 96 37 A8 9D 21 8A E6 4D AE 47 BF 35\n"
                                       "00 C0 00 00 0E\n# expect 04 46 F8 41 6A 08 EA E4 BE 82 3A F9 A0 8B 90 00\n");
  const std::string perso = "--iccid 898600810123456789 --imsi 460040123456789 --k 465b5ce8b199b49faa5f0a2ee238a6bc ";
  auto r = run_esimtwin("card " + kProfile + perso + "--op cdc202d5123e20f62b6d676ac72cb318 " + script);
  EXPECT_EQ(r.exit_code, 0) << r.out;
  r = run_esimtwin("card " + kProfile + perso + "--opc cd63cb71954a9f4e48a5994e37a02baf " + script);
  EXPECT_EQ(r.exit_code, 0) << r.out;
}

TEST(Cli, ScriptMismatchExitsWithOne) {
  const std::string script = temp_file("mismatch.apdu", "00 A4 00 0C 02 3F 00\n# expect 6A 82\n");
  const auto r = run_esimtwin("card " + kProfile + script);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("MISMATCH"), std::string::npos);
  EXPECT_NE(r.out.find("1 mismatches"), std::string::npos);
}

TEST(Cli, ScriptFromStandardInput) {
  const std::string script = temp_file("stdin.apdu", "00 A4 00 0C 02 3F 00\n# expect 90 00\n");
  const auto r = run_esimtwin("card " + kProfile + "- < " + script);
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("1 APDUs, 1 expectations, 0 mismatches"), std::string::npos);
}

}  // namespace test_cli
