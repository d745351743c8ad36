#pragma once
// A value of a scenario file together with where it is (file, line, column,
// key path), so that every check can fail with the message format of
// ScenarioError: "<file>:<line>:<column>: <key path>: <what is wrong>".
#include <yaml-cpp/yaml.h>

#include <optional>
#include <string>
#include <vector>

#include "twinsim/scenario/scenario.hpp"

namespace twinsim {

// The error for `path` at a yaml-cpp position (0-based, printed 1-based). An
// empty path stands for the whole document.
ScenarioError scenario_error(const std::string& source, const YAML::Mark& mark, const std::string& path,
                             const std::string& what);

// Parses `text` as exactly one YAML document (empty ones, such as after a
// trailing "---", do not count); syntax errors become ScenarioErrors at
// yaml-cpp's position. `kind` ("scenario") names the file in messages, and
// `empty_hint` says what an empty one lacks.
YAML::Node parse_one_document(const std::string& text, const std::string& source, const std::string& kind,
                              const std::string& empty_hint);

// The whole text of a file; a ScenarioError "<path>: cannot read the
// <what>: <why>" for a directory or a file that cannot be read.
std::string read_text_file(const std::string& path, const std::string& what);

class YamlField {
 public:
  // `where` is the position of the key (or list item) that holds the value:
  // used when the value is empty, since yaml-cpp then gives an empty value the
  // position of whatever token follows it.
  YamlField(YAML::Node node, std::string path, YAML::Mark where, const std::string& source);

  const YAML::Node& node() const { return node_; }
  const std::string& path() const { return path_; }
  const std::string& source() const { return *source_; }
  YAML::Mark mark() const;
  int line() const;  // 1-based

  [[noreturn]] void fail(const std::string& what) const;
  // "file:line:column: path", the start of fail()'s message, for an error
  // found later.
  std::string where() const;

  // "nothing", "a list", "a map" or "the text 'abc'": what the value is, for
  // messages about a value of the wrong type.
  std::string describe() const;

  // The value as text; fails unless it is a scalar.
  const std::string& text() const;

  // The items of a list, each with its path "path[i]"; fails unless a list.
  std::vector<YamlField> items() const;

  // The value of `key` in this field, with path "path.key".
  YamlField child(const std::string& key, YAML::Node value, YAML::Mark key_mark) const;

 private:
  YAML::Node node_;
  std::string path_;
  YAML::Mark where_;
  const std::string* source_;
};

// The keys of a map, checked when it is built: every key must be a known
// one (an unknown key fails with a "did you mean" suggestion or the list of
// known keys), and no key may appear twice.
class YamlSection {
 public:
  YamlSection(const YamlField& map, std::vector<std::string> known);

  const YamlField& field() const { return map_; }
  std::optional<YamlField> find(const std::string& key) const;
  // Fails at the map, naming the key's path, when the key is absent.
  YamlField need(const std::string& key) const;

 private:
  struct Entry {
    std::string key;
    YAML::Mark key_mark;
    YamlField value;
  };
  YamlField map_;
  std::vector<Entry> entries_;
};

}  // namespace twinsim
