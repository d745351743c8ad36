#include "card_script.hpp"

#include <istream>
#include <ostream>
#include <sstream>
#include <vector>

#include "cardcore/apdu/command_names.hpp"
#include "cardcore/apdu/status_word.hpp"

namespace esimtwin {

using cardcore::ByteView;
using cardcore::Bytes;

namespace {

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t\r");
  if (b == std::string::npos) return {};
  const auto e = s.find_last_not_of(" \t\r");
  return s.substr(b, e - b + 1);
}

// Tokens of an expectation: "61", "XX", "*".
std::vector<std::string> tokens(const std::string& pattern) {
  std::vector<std::string> out;
  std::string compact;
  for (char c : pattern) {
    if (c == ' ' || c == '\t') continue;
    compact.push_back(c);
  }
  std::size_t i = 0;
  while (i < compact.size()) {
    if (compact[i] == '*') {
      out.emplace_back("*");
      ++i;
      continue;
    }
    if (i + 1 >= compact.size()) throw ScriptError("odd number of hex digits in expectation \"" + pattern + "\"");
    out.push_back(compact.substr(i, 2));
    i += 2;
  }
  return out;
}

bool match_from(const std::vector<std::string>& pat, std::size_t pi, ByteView r, std::size_t ri) {
  if (pi == pat.size()) return ri == r.size();
  if (pat[pi] == "*") {
    for (std::size_t k = ri; k <= r.size(); ++k) {
      if (match_from(pat, pi + 1, r, k)) return true;
    }
    return false;
  }
  if (ri >= r.size()) return false;
  const std::string& t = pat[pi];
  if (t == "XX" || t == "xx") return match_from(pat, pi + 1, r, ri + 1);
  return cardcore::from_hex(t)[0] == r[ri] && match_from(pat, pi + 1, r, ri + 1);
}

}  // namespace

bool response_matches(const std::string& pattern, ByteView response) {
  return match_from(tokens(pattern), 0, response, 0);
}

ScriptResult run_card_script(std::istream& script, const std::string& name, cardcore::Uicc& card,
                             std::ostream& out) {
  ScriptResult result;
  Bytes last_response;
  bool have_response = false;
  std::string raw;
  std::size_t line_no = 0;
  auto fail = [&](const std::string& what) {
    std::ostringstream m;
    m << name << ":" << line_no << ": " << what;
    throw ScriptError(m.str());
  };
  if (!card.powered()) card.power_on();

  while (std::getline(script, raw)) {
    ++line_no;
    const std::string line = trim(raw);
    if (line.empty()) {
      out << "\n";
      continue;
    }
    if (line[0] == '#') {
      const std::string body = trim(line.substr(1));
      if (body.rfind("expect", 0) == 0 && (body.size() == 6 || body[6] == ' ' || body[6] == '\t')) {
        const std::string pattern = trim(body.substr(6));
        if (!have_response) fail("\"# expect\" without a command before it");
        ++result.expectations;
        bool ok = false;
        try {
          ok = response_matches(pattern, last_response);
        } catch (const std::exception& e) {
          fail(e.what());
        }
        if (!ok) {
          ++result.mismatches;
          out << "!! MISMATCH at " << name << ":" << line_no << ": expected " << pattern << "\n";
        }
        continue;
      }
      out << line << "\n";
      continue;
    }
    if (line == "reset") {
      const ByteView atr = card.power_on();
      out << "reset\n< ATR " << cardcore::to_hex(atr, true) << "\n";
      last_response.assign(atr.begin(), atr.end());
      have_response = true;
      continue;
    }
    if (line == "exit" || line == "quit") break;  // scriptor's own end-of-script words
    Bytes apdu;
    try {
      apdu = cardcore::from_hex(line);
    } catch (const cardcore::HexError& e) {
      fail(std::string("not an APDU, comment or command word: ") + e.what());
    }
    if (apdu.size() < 4) fail("an APDU needs at least CLA INS P1 P2");
    const Bytes r = card.transmit(apdu);
    ++result.apdus;
    const cardcore::StatusWord s = cardcore::be16(r.data() + r.size() - 2);
    out << "> " << cardcore::to_hex(apdu, true) << "   [" << cardcore::command_name(apdu[0], apdu[1]) << "]\n";
    out << "< " << cardcore::to_hex(r, true) << "   [" << cardcore::describe_status(s, apdu[0] == 0xA0) << "]\n";
    last_response = r;
    have_response = true;
  }
  return result;
}

}  // namespace esimtwin
