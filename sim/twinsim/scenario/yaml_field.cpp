#include "twinsim/scenario/yaml_field.hpp"

#include <algorithm>
#include <utility>

#include "twinsim/scenario/spelling.hpp"

namespace twinsim {

ScenarioError scenario_error(const std::string& source, const YAML::Mark& mark, const std::string& path,
                             const std::string& what) {
  // yaml-cpp's "null mark" (-1) appears for an empty document: point at its start.
  const int line = mark.line >= 0 ? mark.line + 1 : 1;
  const int column = mark.column >= 0 ? mark.column + 1 : 1;
  return ScenarioError(source + ":" + std::to_string(line) + ":" + std::to_string(column) + ": " +
                       (path.empty() ? "top level" : path) + ": " + what);
}

YamlField::YamlField(YAML::Node node, std::string path, YAML::Mark where, const std::string& source)
    : node_(std::move(node)), path_(std::move(path)), where_(where), source_(&source) {}

YAML::Mark YamlField::mark() const { return node_.IsNull() ? where_ : node_.Mark(); }

int YamlField::line() const { return std::max(mark().line, 0) + 1; }

void YamlField::fail(const std::string& what) const { throw scenario_error(*source_, mark(), path_, what); }

std::string YamlField::where() const {
  return source() + ":" + std::to_string(line()) + ":" + std::to_string(std::max(mark().column, 0) + 1) + ": " + path_;
}

std::string YamlField::describe() const {
  switch (node_.Type()) {
    case YAML::NodeType::Sequence:
      return "a list";
    case YAML::NodeType::Map:
      return "a map";
    case YAML::NodeType::Scalar:
      return "the text '" + node_.Scalar() + "'";
    default:
      return "nothing";
  }
}

const std::string& YamlField::text() const {
  if (!node_.IsScalar()) fail("expected text, found " + describe());
  return node_.Scalar();
}

std::vector<YamlField> YamlField::items() const {
  if (!node_.IsSequence()) fail("expected a list, found " + describe());
  std::vector<YamlField> out;
  std::size_t i = 0;
  for (const YAML::Node& item : node_) {
    out.emplace_back(item, path_ + "[" + std::to_string(i) + "]", item.Mark(), *source_);
    ++i;
  }
  return out;
}

YamlField YamlField::child(const std::string& key, YAML::Node value, YAML::Mark key_mark) const {
  return YamlField(std::move(value), path_.empty() ? key : path_ + "." + key, key_mark, *source_);
}

YamlSection::YamlSection(const YamlField& map, std::vector<std::string> known) : map_(map) {
  if (!map.node().IsMap()) map.fail("expected a map of keys (" + join_words(known) + "), found " + map.describe());
  for (const auto& entry : map.node()) {
    const YAML::Node key_node = entry.first;
    const YamlField key_field(key_node, map.path(), key_node.Mark(), map.source());
    if (!key_node.IsScalar()) key_field.fail("a key must be a word, found " + key_field.describe());
    const std::string& key = key_node.Scalar();
    const YamlField value = map.child(key, entry.second, key_node.Mark());
    const auto at_key = [&](const std::string& what) {
      throw scenario_error(map.source(), key_node.Mark(), value.path(), what);
    };
    if (std::find(known.begin(), known.end(), key) == known.end()) {
      if (const auto guess = closest_word(key, known)) at_key("unknown key; did you mean '" + *guess + "'?");
      at_key("unknown key (known here: " + join_words(known) + ")");
    }
    for (const Entry& seen : entries_) {
      if (seen.key == key) at_key("written twice (first at line " + std::to_string(seen.key_mark.line + 1) + ")");
    }
    entries_.push_back({key, key_node.Mark(), value});
  }
}

std::optional<YamlField> YamlSection::find(const std::string& key) const {
  for (const Entry& e : entries_) {
    if (e.key == key) return e.value;
  }
  return std::nullopt;
}

YamlField YamlSection::need(const std::string& key) const {
  if (auto f = find(key)) return *f;
  throw scenario_error(map_.source(), map_.mark(), map_.child(key, YAML::Node(), map_.mark()).path(),
                       "required key is missing");
}

}  // namespace twinsim
