// Bad input to the command line: each case a clear message and exit code 2
// (1 for a script whose expectations fail), never a crash. And `esimtwin
// card --vpcd` against a vpcd of the test's own: the protocol, its malformed
// frames and the ways a session ends.
#include <gtest/gtest.h>

#include <csignal>
#include <cstdio>
#include <fstream>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cardcore/profile/profile_parser.hpp"
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
      {"card", "--profile is required"},
      {"card " + kProfile, "script is required (or --vpcd"},
      {"card " + kProfile + "--vpcd localhost:35963 " + ok_script, "excludes"},
      {"card " + kProfile + "--vpcd localhost", "bad --vpcd address 'localhost': no port"},
      {"card " + kProfile + "--vpcd :35963", "bad --vpcd address ':35963': no host"},
      {"card " + kProfile + "--vpcd localhost:0", "the port is not in 1..65535"},
      {"card " + kProfile + "--vpcd localhost:65536", "the port is not in 1..65535"},
      {"card " + kProfile + "--vpcd localhost:vpcd", "the port is not a number"},
      {"card " + kProfile + "--vpcd ::1:35963", "an IPv6 address goes in brackets"},
      {"card " + kProfile + "--vpcd [::1]", "no port"},
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

// The vpcd side of vsmartcard's protocol (doc/api.rst): a listening socket on
// 127.0.0.1 at a free port; `talk` gets the card's connection.
class TestVpcd {
 public:
  TestVpcd() {
    fd_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    if (bind(fd_, reinterpret_cast<sockaddr*>(&a), len) != 0 || listen(fd_, 1) != 0 ||
        getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len) != 0)
      ADD_FAILURE() << "cannot listen on 127.0.0.1";
    port_ = ntohs(a.sin_port);
  }
  ~TestVpcd() { close(fd_); }
  std::string address() const { return "127.0.0.1:" + std::to_string(port_); }

  // Accepts the card (5 s at most) and runs `talk` on a thread of its own.
  std::thread serve(std::function<void(int)> talk) {
    return std::thread([this, talk] {
      pollfd p{fd_, POLLIN, 0};
      if (poll(&p, 1, 5000) != 1) {
        ADD_FAILURE() << "the card did not connect";
        return;
      }
      const int c = accept(fd_, nullptr, nullptr);
      timeval five{5, 0};
      setsockopt(c, SOL_SOCKET, SO_RCVTIMEO, &five, sizeof five);
      talk(c);
      close(c);
    });
  }

 private:
  int fd_ = -1;
  std::uint16_t port_ = 0;
};

void send_bytes(int fd, const std::vector<std::uint8_t>& bytes) {
  ASSERT_EQ(send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL), static_cast<ssize_t>(bytes.size()));
}

// One message to the card: its 2-byte length, then the bytes.
void send_frame(int fd, const std::vector<std::uint8_t>& message) {
  std::vector<std::uint8_t> f{static_cast<std::uint8_t>(message.size() >> 8),
                              static_cast<std::uint8_t>(message.size() & 0xFF)};
  f.insert(f.end(), message.begin(), message.end());
  send_bytes(fd, f);
}

// The card's answer; empty when none came within the socket's timeout.
std::vector<std::uint8_t> receive_frame(int fd) {
  std::uint8_t h[2];
  if (recv(fd, h, 2, MSG_WAITALL) != 2) return {};
  std::vector<std::uint8_t> m((std::size_t{h[0]} << 8) | h[1]);
  if (!m.empty() && recv(fd, m.data(), m.size(), MSG_WAITALL) != static_cast<ssize_t>(m.size())) return {};
  return m;
}

const std::vector<std::uint8_t> kSelectMf{0x00, 0xA4, 0x00, 0x0C, 0x02, 0x3F, 0x00};
const std::vector<std::uint8_t> kOk{0x90, 0x00};

TEST(CardVpcd, ServesControlsAndApdusUntilVpcdCloses) {
  const auto atr = cardcore::load_profile(ESIMTWIN_SOURCE_DIR "/profiles/cmcc-domestic-usim.prof").atr;
  TestVpcd vpcd;
  std::thread t = vpcd.serve([&atr](int c) {
    send_frame(c, {0x04});  // get ATR, before power-on: how vpcd sees the card
    EXPECT_EQ(receive_frame(c), atr);
    send_frame(c, {0x01});  // power on
    send_frame(c, {0x04});
    EXPECT_EQ(receive_frame(c), atr);
    send_frame(c, kSelectMf);
    EXPECT_EQ(receive_frame(c), kOk);
    send_frame(c, {0x03});  // no such control: ignored, no answer
    send_frame(c, {0x02});  // reset
    send_frame(c, kSelectMf);
    EXPECT_EQ(receive_frame(c), kOk);
    send_frame(c, {0x00});  // power off; an APDU powers the card on again
    send_frame(c, kSelectMf);
    EXPECT_EQ(receive_frame(c), kOk);
  });
  const auto r = run_esimtwin("card " + kProfile + "--vpcd " + vpcd.address());
  t.join();
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("served to vpcd at " + vpcd.address()), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("unknown control byte 0x03, ignored"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("power on (an APDU came while the card was unpowered)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("vpcd closed the connection: 3 APDUs, 6 controls"), std::string::npos) << r.out;
}

TEST(CardVpcd, MalformedFramesExitWithTwo) {
  struct Case {
    std::vector<std::uint8_t> bytes;
    std::string message;
  };
  const Case cases[] = {
      {{0x00, 0x00}, "malformed vpcd frame: length 0"},
      {{0x00}, "malformed vpcd frame: truncated length (1 of 2 bytes)"},
      {{0x00, 0x07, 0x00, 0xA4, 0x00}, "malformed vpcd frame: truncated (3 of 7 bytes)"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.message);
    TestVpcd vpcd;
    std::thread t = vpcd.serve([&c](int fd) { send_bytes(fd, c.bytes); });
    const auto r = run_esimtwin("card " + kProfile + "--vpcd " + vpcd.address());
    t.join();
    EXPECT_EQ(r.exit_code, 2) << r.out;
    EXPECT_NE(r.out.find(c.message), std::string::npos) << r.out;
  }
}

TEST(CardVpcd, UnreachableVpcdExitsWithTwo) {
  // A port bound but not listening refuses connections.
  const int held = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof a;
  ASSERT_EQ(bind(held, reinterpret_cast<sockaddr*>(&a), len), 0);
  ASSERT_EQ(getsockname(held, reinterpret_cast<sockaddr*>(&a), &len), 0);
  const std::string address = "127.0.0.1:" + std::to_string(ntohs(a.sin_port));
  const auto r = run_esimtwin("card " + kProfile + "--vpcd " + address);
  close(held);
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.out.find("cannot connect to vpcd at " + address + ": is pcscd with vsmartcard-vpcd running?"),
            std::string::npos)
      << r.out;
}

TEST(CardVpcd, SigtermEndsTheSessionCleanly) {
  TestVpcd vpcd;  // listening already: the card's connection waits for serve()
  const pid_t pid = esimtwin::testing::start_esimtwin(
      {"card", "--profile", "profiles/cmcc-domestic-usim.prof", "--vpcd", vpcd.address()});
  ASSERT_GT(pid, 0);
  bool closed = false;
  std::thread t = vpcd.serve([pid, &closed](int c) {
    send_frame(c, {0x01});
    send_frame(c, kSelectMf);
    EXPECT_EQ(receive_frame(c), kOk);
    kill(pid, SIGTERM);
    std::uint8_t b;
    closed = recv(c, &b, 1, 0) == 0;  // the card hangs up
  });
  t.join();
  int status = 0;
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
  EXPECT_TRUE(closed);
}

}  // namespace test_cli
