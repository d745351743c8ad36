#pragma once
// `esimtwin view RUN.h5`: the run viewer (viz/, docs/VIEWER.md), an ImGui
// window over the run file; with --screenshot, no window: the viewer drawn
// off screen into a PNG (under xvfb-run on a machine without a display),
// with --layout the widgets it drew as JSON.
#include <CLI/CLI.hpp>
#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>

namespace esimtwin {

struct ViewOptions {
  std::string run;
  std::string screenshot;        // a PNG to write; empty: the interactive window
  std::string layout;            // with --screenshot: the widgets drawn, as JSON
  std::string size = "1600x1000";  // pixels
  std::string at;                // the time cursor's first place (a duration); empty: the stop
  std::optional<std::uint32_t> device;  // a device opened in the drill-down
  std::size_t bins = 600;        // time bins of the plots
};

void add_view_command(CLI::App& app, ViewOptions& opts, int& exit_code);

// Exit codes: 0 shown or written; 2 bad input (a missing, foreign or
// damaged run file, a bad --size, --at, --bins, --device, --layout without
// --screenshot); 3 no window could be opened (no display, no OpenGL 3) or
// the PNG or layout not written.
int run_view_command(const ViewOptions& opts, std::ostream& out, std::ostream& err);

}  // namespace esimtwin
