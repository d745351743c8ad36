// Golden transcripts: whole card sessions run through `esimtwin card`, their
// annotated output compared byte for byte with tests/golden/*.transcript.
// After a deliberate change, ESIMTWIN_UPDATE_GOLDEN=1 rewrites the files;
// read the diff before committing it.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "esimtwin_process.hpp"

namespace test_golden_transcripts {

struct Golden {
  const char* name;        // tests/golden/<name>.transcript
  const char* arguments;   // to `esimtwin card`
};

const Golden kGolden[] = {
    {"session-demo", "--profile profiles/cmcc-domestic-usim.prof scenarios/card/session-demo.apdu"},
    {"session-personalized",
     "--profile profiles/cmcc-domestic-usim.prof --iccid 898600810123456789 --imsi 460040123456783"
     " --k fec86ba6eb707ed08905757b1bb44b8f --opc 1006020f0a478bf6b699f15c062e42b3"
     " tests/golden/personalized-card.apdu"},
    {"pin-lifecycle", "--profile profiles/cmcc-domestic-usim.prof tests/golden/pin-lifecycle.apdu"},
    {"files-and-channels", "--profile profiles/cmcc-domestic-usim.prof tests/golden/files-and-channels.apdu"},
    {"cat-demo", "--profile profiles/cmcc-domestic-usim.prof scenarios/card/cat-demo.apdu"},
    {"ota-number-write", "--profile profiles/cmcc-domestic-usim.prof scenarios/card/ota-number-write.apdu"},
};

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(GoldenTranscript, CardSessionsMatchTheirTranscripts) {
  const bool update = std::getenv("ESIMTWIN_UPDATE_GOLDEN") != nullptr;
  for (const Golden& g : kGolden) {
    SCOPED_TRACE(g.name);
    const auto r = esimtwin::testing::run_esimtwin(std::string("card ") + g.arguments);
    EXPECT_EQ(r.exit_code, 0) << r.out;
    const std::string path = std::string(ESIMTWIN_SOURCE_DIR "/tests/golden/") + g.name + ".transcript";
    if (update) {
      std::ofstream(path) << r.out;
      continue;
    }
    const std::string expected = read_file(path);
    ASSERT_FALSE(expected.empty()) << "missing " << path;
    EXPECT_EQ(r.out, expected);
  }
}

}  // namespace test_golden_transcripts
