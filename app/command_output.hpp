#pragma once
// Where a command's text goes: standard output, or the file of its -o.
#include <fstream>
#include <ostream>
#include <stdexcept>
#include <string>

namespace esimtwin {

// Writes `text` to `out` when `path` is empty, else to the file `path`;
// std::invalid_argument ("cannot write <path>") when the file cannot be written.
inline void write_command_output(const std::string& path, const std::string& text, std::ostream& out) {
  if (path.empty()) {
    out << text;
    return;
  }
  std::ofstream file(path);
  if (!(file << text) || !file.flush()) throw std::invalid_argument("cannot write " + path);
}

}  // namespace esimtwin
