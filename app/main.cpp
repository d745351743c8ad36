// esimtwin: discrete-event simulator and digital twin of IoT eSIM fleets.
#include <CLI/CLI.hpp>

#include "apdus_command.hpp"
#include "card_command.hpp"
#include "certify_command.hpp"
#include "pcap_command.hpp"
#include "report_command.hpp"
#include "run_command.hpp"
#include "supply_command.hpp"
#include "sweep_command.hpp"
#include "trace_command.hpp"
#include "view_command.hpp"
#include "wear_command.hpp"

int main(int argc, char** argv) {
  CLI::App app{"esimtwin: a digital twin of IoT eSIM fleets"};
  app.set_version_flag("--version", std::string("esimtwin ") + ESIMTWIN_VERSION);
  app.require_subcommand(1);
  int exit_code = 0;
  esimtwin::CardOptions card;
  esimtwin::add_card_command(app, card, exit_code);
  esimtwin::CertifyOptions certify;
  esimtwin::add_certify_command(app, certify, exit_code);
  esimtwin::SupplyOptions supply;
  esimtwin::add_supply_command(app, supply, exit_code);
  esimtwin::RunCommandOptions run;
  esimtwin::add_run_command(app, run, exit_code);
  esimtwin::RunCommandOptions resume;
  esimtwin::add_resume_command(app, resume, exit_code);
  esimtwin::TraceOptions trace;
  esimtwin::add_trace_command(app, trace, exit_code);
  esimtwin::ApdusOptions apdus;
  esimtwin::add_apdus_command(app, apdus, exit_code);
  esimtwin::WearOptions wear;
  esimtwin::add_wear_command(app, wear, exit_code);
  esimtwin::SweepOptions sweep;
  esimtwin::add_sweep_command(app, sweep, exit_code);
  esimtwin::ReportOptions report;
  esimtwin::add_report_command(app, report, exit_code);
  esimtwin::PcapOptions pcap;
  esimtwin::add_pcap_command(app, pcap, exit_code);
  esimtwin::ViewOptions view;
  esimtwin::add_view_command(app, view, exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }
  return exit_code;
}
