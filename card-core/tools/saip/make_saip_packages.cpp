// Writes the example SAIP profile packages to <dir> (profiles/saip/):
//   make_saip_packages <dir>
// The DER comes from cardcore::saip::encode_package; the test
// SaipExampleFiles checks that the committed files are what this writes.
#include <cstdio>
#include <fstream>
#include <iostream>

#include "example_packages.hpp"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: make_saip_packages <output directory>\n";
    return 2;
  }
  try {
    for (const auto& f : esimtwin::saip_examples::example_files()) {
      const cardcore::Bytes der = cardcore::saip::encode_package(f.package);
      const std::string path = std::string(argv[1]) + "/" + f.file_name;
      std::ofstream out(path, std::ios::binary);
      out.write(reinterpret_cast<const char*>(der.data()), static_cast<std::streamsize>(der.size()));
      if (!out) {
        std::cerr << "cannot write " << path << "\n";
        return 1;
      }
      std::cout << path << ": " << der.size() << " bytes\n";
    }
  } catch (const std::exception& e) {
    std::cerr << "make_saip_packages: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
