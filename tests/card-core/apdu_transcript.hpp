#pragma once
// Golden APDU transcripts: what the terminal sent and the card answered,
// with notes, in a scriptor-like log ("> C-APDU", "< R-APDU", "# note"; hex
// bytes separated by spaces), compared line by line with a file under
// tests/card-core/golden/. ESIMTWIN_UPDATE_GOLDEN=1 writes the files
// instead (review the diff before committing it).
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "cardcore/util/bytes.hpp"

namespace cardcore::testing {

class ApduTranscript {
 public:
  void start() {
    lines_.clear();
    on_ = true;
  }
  bool recording() const { return on_; }
  void note(const std::string& text) {
    if (on_) lines_.push_back("# " + text);
  }
  void exchange(ByteView capdu, ByteView rapdu) {
    if (!on_) return;
    lines_.push_back("> " + spaced(capdu));
    lines_.push_back("< " + spaced(rapdu));
  }
  // Compares with (or, with ESIMTWIN_UPDATE_GOLDEN=1, writes)
  // tests/card-core/golden/<name>.apdu.
  void expect_golden(const std::string& name) const {
    const std::string path = std::string(ESIMTWIN_SOURCE_DIR "/tests/card-core/golden/") + name + ".apdu";
    if (const char* u = std::getenv("ESIMTWIN_UPDATE_GOLDEN"); u && std::string(u) == "1") {
      std::ofstream out(path);
      for (const std::string& l : lines_) out << l << '\n';
      return;
    }
    std::ifstream in(path);
    ASSERT_TRUE(in) << "no golden transcript " << path << " (ESIMTWIN_UPDATE_GOLDEN=1 writes it)";
    std::vector<std::string> golden;
    for (std::string l; std::getline(in, l);) golden.push_back(l);
    for (std::size_t i = 0; i < std::max(golden.size(), lines_.size()); ++i) {
      const std::string want = i < golden.size() ? golden[i] : "(end)";
      const std::string got = i < lines_.size() ? lines_[i] : "(end)";
      ASSERT_EQ(got, want) << path << " line " << i + 1;
    }
  }

 private:
  static std::string spaced(ByteView b) {
    static const char* digits = "0123456789ABCDEF";
    std::string s;
    for (std::size_t i = 0; i < b.size(); ++i) {
      if (i) s.push_back(' ');
      s.push_back(digits[b[i] >> 4]);
      s.push_back(digits[b[i] & 0x0F]);
    }
    return s;
  }
  std::vector<std::string> lines_;
  bool on_ = false;
};

}  // namespace cardcore::testing
