#pragma once
// Test vector files of tests/data: blocks of "name value" lines (hex values),
// blocks separated by blank lines, '#' starts a comment.
#include <map>
#include <string>
#include <vector>

namespace cardcore::testdata {

using VectorBlock = std::map<std::string, std::string>;

// Reads tests/data/<file_name>; throws std::runtime_error naming the file and
// line on a duplicate field or when the file cannot be opened.
std::vector<VectorBlock> load_vector_blocks(const std::string& file_name);

}  // namespace cardcore::testdata
