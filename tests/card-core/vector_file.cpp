// Reader of the test vector files in tests/data.
#include "vector_file.hpp"

#include <fstream>
#include <stdexcept>

namespace cardcore::testdata {

std::vector<std::map<std::string, std::string>> load_vector_blocks(const std::string& file_name) {
  const std::string path = std::string(ESIMTWIN_TEST_DATA_DIR) + "/" + file_name;
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot open " + path);
  std::vector<std::map<std::string, std::string>> blocks;
  std::map<std::string, std::string> block;
  std::string line;
  int line_no = 0;
  auto flush = [&] {
    if (!block.empty()) blocks.push_back(std::move(block));
    block.clear();
  };
  while (std::getline(in, line)) {
    ++line_no;
    if (const auto hash = line.find('#'); hash != std::string::npos) {
      if (line.find_first_not_of(" \t") == hash) continue;  // a comment line does not end a block
      line.erase(hash);
    }
    const auto first = line.find_first_not_of(" \t\r");
    if (first == std::string::npos) {
      flush();
      continue;
    }
    const auto name_end = line.find_first_of(" \t", first);
    const std::string name = line.substr(first, name_end - first);
    std::string value;
    if (name_end != std::string::npos) {
      const auto value_start = line.find_first_not_of(" \t", name_end);
      const auto value_end = line.find_last_not_of(" \t\r");
      if (value_start != std::string::npos) value = line.substr(value_start, value_end - value_start + 1);
    }
    if (!block.emplace(name, value).second)
      throw std::runtime_error(path + ":" + std::to_string(line_no) + ": duplicate field " + name);
  }
  flush();
  return blocks;
}

}  // namespace cardcore::testdata
