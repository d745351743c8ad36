#include "pcap_command.hpp"

#include <algorithm>
#include <iostream>
#include <set>
#include <stdexcept>

#include "twinsim/pcap/gsmtap_trace.hpp"
#include "twinsim/recorder/run_file.hpp"

namespace esimtwin {

void add_pcap_command(CLI::App& app, PcapOptions& opts, int& exit_code) {
  CLI::App* cmd = app.add_subcommand("pcap", "Write a run file's traced APDUs as GSMTAP in a pcap file (Wireshark)");
  cmd->add_option("run", opts.run, "Run file written by esimtwin run")->required();
  cmd->add_option("-o,--output", opts.output, "The pcap file to write")->required();
  cmd->add_option("--device", opts.devices, "Only this traced device (repeatable; default: every traced device)");
  cmd->callback([&opts, &exit_code] { exit_code = run_pcap_command(opts, std::cout, std::cerr); });
}

int run_pcap_command(const PcapOptions& opts, std::ostream& out, std::ostream& err) {
  try {
    std::vector<twinsim::ApduRow> rows;
    try {
      rows = twinsim::read_apdu_trace(opts.run);
    } catch (const twinsim::RunFileError& e) {
      throw std::invalid_argument(e.what());
    }
    std::set<std::uint32_t> traced;
    for (const auto& r : rows) traced.insert(r.device);
    for (std::uint32_t d : opts.devices)
      if (!traced.count(d)) {
        std::string list;
        for (std::uint32_t t : traced) list += (list.empty() ? "" : ", ") + std::to_string(t);
        throw std::invalid_argument(opts.run + ": device " + std::to_string(d) + " is not traced; traced: " +
                                    (list.empty() ? "none" : list));
      }
    const std::set<std::uint32_t> wanted(opts.devices.begin(), opts.devices.end());
    twinsim::pcap::GsmtapTrace trace(opts.output);
    std::uint64_t apdus = 0;
    for (const auto& r : rows) {
      if (!wanted.empty() && !wanted.count(r.device)) continue;
      trace.apdu(r.t, r.device, r.direction, r.bytes);
      ++apdus;
    }
    trace.close();
    out << "esimtwin pcap: wrote " << opts.output << ": " << trace.packets() << " GSMTAP SIM packets (" << apdus
        << " APDUs of " << (wanted.empty() ? traced.size() : wanted.size()) << " devices)\n";
  } catch (const std::invalid_argument& e) {
    err << "esimtwin pcap: " << e.what() << "\n";
    return 2;
  } catch (const twinsim::pcap::PcapError& e) {
    err << "esimtwin pcap: " << e.what() << "\n";
    return 2;
  }
  return 0;
}

}  // namespace esimtwin
