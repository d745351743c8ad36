// load_scenario / parse_scenario: the YAML document to a checked Scenario.
// The key-by-key rules are in the section readers (scenario_sections.hpp);
// the format is documented in docs/SCENARIOS.md.
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/parser.h>

#include "twinsim/scenario/scenario.hpp"
#include "twinsim/scenario/scenario_sections.hpp"
#include "twinsim/scenario/yaml_field.hpp"

namespace twinsim {

namespace {

// yaml-cpp's message, with a hint when the line is indented with a tab:
// yaml-cpp then often reports some other error instead.
std::string syntax_message(const YAML::Exception& e, const std::string& text) {
  if (e.msg.find("tab") != std::string::npos) return e.msg;
  std::size_t start = 0;
  for (int l = 0; l < e.mark.line && start != std::string::npos; ++l) {
    start = text.find('\n', start);
    if (start != std::string::npos) ++start;
  }
  if (start == std::string::npos) return e.msg;
  const std::size_t first = text.find_first_not_of(' ', start);
  if (first < text.size() && text[first] == '\t') {
    return e.msg + " (this line is indented with a tab; YAML indents with spaces)";
  }
  return e.msg;
}

// Counts the documents of a YAML stream through the parser's events and
// remembers the last position an event named.
class DocumentCounter final : public YAML::EventHandler {
 public:
  void OnDocumentStart(const YAML::Mark& mark) override { ++documents_, last_ = mark; }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& mark, YAML::anchor_t) override { last_ = mark; }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t) override { last_ = mark; }
  void OnScalar(const YAML::Mark& mark, const std::string&, YAML::anchor_t, const std::string&) override { last_ = mark; }
  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {
    last_ = mark;
  }
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {
    last_ = mark;
  }
  void OnMapEnd() override {}
  std::size_t documents() const { return documents_; }
  const YAML::Mark& last() const { return last_; }

 private:
  std::size_t documents_ = 0;
  YAML::Mark last_ = YAML::Mark::null_mark();
};

// yaml-cpp (0.7.0, Debian bookworm's) can answer some malformed streams, such
// as a ',' before a block sequence, with the same empty document again and
// again without reading on, and YAML::LoadAll then collects them until the
// memory is gone (fixed upstream by jbeder/yaml-cpp#1319). Every document
// after the first starts after a "---" or "..." of 3 characters, so a stream
// of more than size / 3 + 1 documents is that loop: refused where it stands.
void check_document_count(const std::string& text, const std::string& source) {
  std::istringstream in(text);
  YAML::Parser parser(in);
  DocumentCounter counter;
  const std::size_t most = text.size() / 3 + 1;
  while (parser.HandleNextDocument(counter)) {
    if (counter.documents() > most) {
      throw scenario_error(source, counter.last(), "YAML syntax",
                           "the YAML parser cannot read on from here (a ',' outside [ ] or { }?)");
    }
  }
}

}  // namespace

YAML::Node parse_one_document(const std::string& text, const std::string& source, const std::string& kind,
                              const std::string& empty_hint) {
  std::vector<YAML::Node> docs;
  try {
    check_document_count(text, source);
    docs = YAML::LoadAll(text);
  } catch (const YAML::Exception& e) {
    throw scenario_error(source, e.mark, "YAML syntax", syntax_message(e, text));
  }
  std::vector<YAML::Node> written;
  for (const YAML::Node& d : docs) {
    if (!d.IsNull()) written.push_back(d);
  }
  if (written.empty()) {
    throw scenario_error(source, YAML::Mark::null_mark(), "", "the file holds no " + kind + "; " + empty_hint);
  }
  // A second document is more often a stray "---" or a misplaced "- item"
  // than intent; silently running only the first would hide it.
  if (written.size() > 1) {
    throw scenario_error(source, written[1].Mark(), "", "a " + kind + " is one YAML document; a second one starts here");
  }
  return written[0];
}

Scenario parse_scenario(const std::string& text, const std::string& source) {
  Scenario s;
  s.source = source;
  s.text = text;
  const YamlField root(parse_one_document(text, source, "scenario", "it needs at least general.stop and populations"),
                       "", YAML::Mark::null_mark(), s.source);
  const YamlSection top(root, {"general", "populations", "platforms", "network", "engine", "campaigns", "trace",
                               "expectations", "faults", "wear"});
  // `general` holds a required key, so a missing section reports that key.
  const auto general = top.find("general");
  if (!general) throw scenario_error(source, root.mark(), "general.stop", "required key is missing");
  read_general(YamlSection(*general, {"name", "seed", "stop", "time_unit"}), s);
  read_populations(top.need("populations"), s);
  if (const auto f = top.find("wear")) read_wear(YamlSection(*f, {"endurance", "retention"}), s);
  if (const auto f = top.find("platforms")) read_platforms(YamlSection(*f, {"hss", "write_module", "sm_sr", "sm_dp", "onelink", "chip_management", "onenet", "mno"}), s);
  resolve_population_sm_srs(s);
  if (const auto f = top.find("network")) {
    read_network(YamlSection(*f, {"core", "topology", "smsc", "ran", "mme", "batch_window", "request_size", "report_size", "smpp_size", "request_timeout",
                                  "retry_backoff", "hss_answer_timeout"}),
                 s);
  }
  if (const auto f = top.find("engine")) read_engine(YamlSection(*f, {"multiplexers"}), s);
  check_topology_use(s);
  if (const auto f = top.find("campaigns")) read_campaigns(*f, s);
  check_notification_retries(s);
  if (const auto f = top.find("trace")) read_trace(YamlSection(*f, {"devices", "secrets"}), s);
  if (const auto f = top.find("expectations")) read_expectations(*f, s);
  if (const auto f = top.find("faults")) read_faults(*f, s);
  check_number_migrations(s);
  return s;
}

std::string read_text_file(const std::string& path, const std::string& what) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) throw ScenarioError(path + ": cannot read the " + what + ": it is a directory");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ScenarioError(path + ": cannot read the " + what + ": " + std::strerror(errno));
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) throw ScenarioError(path + ": cannot read the " + what + ": " + std::strerror(errno));
  return text.str();
}

Scenario load_scenario(const std::string& path) { return parse_scenario(read_text_file(path, "scenario"), path); }

}  // namespace twinsim
