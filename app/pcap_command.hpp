#pragma once
// `esimtwin pcap RUN.h5 -o OUT.pcap`: the traced devices' APDU exchanges
// of a run file's /apdu table as GSMTAP SIM packets in a pcap file
// (twinsim/pcap/gsmtap_trace.hpp, docs/INTEROP.md), for Wireshark and
// tshark. The SMS of a run are not in its run file: `esimtwin run --pcap`
// writes them as the run goes.
#include <CLI/CLI.hpp>
#include <cstdint>
#include <iosfwd>
#include <string>
#include <vector>

namespace esimtwin {

struct PcapOptions {
  std::string run;
  std::string output;
  std::vector<std::uint32_t> devices;  // empty: every traced device
};

void add_pcap_command(CLI::App& app, PcapOptions& opts, int& exit_code);

// Exit codes: 0 written; 2 bad input (a missing, foreign or damaged run
// file, a device that was not traced: the traced ones listed, an output
// that cannot be written).
int run_pcap_command(const PcapOptions& opts, std::ostream& out, std::ostream& err);

}  // namespace esimtwin
