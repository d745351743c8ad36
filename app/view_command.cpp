#include "view_command.hpp"

#include <charconv>
#include <iostream>
#include <stdexcept>
#include <string_view>

#include "command_output.hpp"
#include "twinviz/ui/viewer.hpp"
#include "twinviz/window/gl_session.hpp"
#include "twinviz/window/screenshot.hpp"

namespace esimtwin {

namespace {

// "1600x1000": width and height, each 320 (240) to 8192 pixels.
std::pair<int, int> size_option(const std::string& text) {
  const std::size_t x = text.find('x');
  int w = 0, h = 0;
  const auto number = [](std::string_view part, int& v) {
    const auto [end, ec] = std::from_chars(part.data(), part.data() + part.size(), v);
    return !part.empty() && ec == std::errc() && end == part.data() + part.size();
  };
  if (x == std::string::npos || !number(std::string_view(text).substr(0, x), w) ||
      !number(std::string_view(text).substr(x + 1), h))
    throw std::invalid_argument("--size: '" + text + "' is not WIDTHxHEIGHT in pixels (1600x1000)");
  if (w < 320 || h < 240 || w > 8192 || h > 8192)
    throw std::invalid_argument("--size: " + text + " is outside 320x240 to 8192x8192");
  return {w, h};
}

}  // namespace

void add_view_command(CLI::App& app, ViewOptions& opts, int& exit_code) {
  CLI::App* cmd = app.add_subcommand("view", "Show a run file in the viewer (or draw it into a PNG)");
  cmd->add_option("run", opts.run, "Run file written by esimtwin run")->required();
  cmd->add_option("--screenshot", opts.screenshot, "Draw the viewer off screen into this PNG and exit");
  cmd->add_option("--layout", opts.layout, "With --screenshot: write the widgets drawn and where, as JSON");
  cmd->add_option("--size", opts.size, "Window or image size, WIDTHxHEIGHT pixels")->capture_default_str();
  cmd->add_option("--at", opts.at, "Put the time cursor here (e.g. 2h; default: the stop)");
  cmd->add_option("--device", opts.device, "Open this device's events and APDUs");
  cmd->add_option("--bins", opts.bins, "Time bins of the plots (10 to 4000)")->capture_default_str();
  cmd->callback([&opts, &exit_code] { exit_code = run_view_command(opts, std::cout, std::cerr); });
}

int run_view_command(const ViewOptions& opts, std::ostream& out, std::ostream& err) {
  std::pair<int, int> size;
  twinviz::ViewerOptions viewer_options;
  try {
    size = size_option(opts.size);
    if (opts.bins < 10 || opts.bins > 4000)
      throw std::invalid_argument("--bins: " + std::to_string(opts.bins) + " is outside 10 to 4000");
    if (!opts.layout.empty() && opts.screenshot.empty())
      throw std::invalid_argument("--layout needs --screenshot (it describes the image drawn)");
    viewer_options.bins = opts.bins;
    if (!opts.at.empty()) viewer_options.at = time_option("--at", opts.at);
    viewer_options.device = opts.device;
    viewer_options.fixed_layout = !opts.screenshot.empty();
  } catch (const std::invalid_argument& e) {
    err << "esimtwin view: " << e.what() << "\n";
    return 2;
  }
  try {
    twinviz::Viewer viewer(opts.run, viewer_options);
    if (opts.screenshot.empty()) {
      twinviz::run_window(viewer, size.first, size.second);
      return 0;
    }
    twinviz::write_screenshot(viewer, {size.first, size.second, opts.screenshot, opts.layout, 4});
    out << "esimtwin view: wrote " << opts.screenshot << " (" << size.first << "x" << size.second << ")";
    if (!opts.layout.empty()) out << " and " << opts.layout;
    out << "\n";
  } catch (const twinviz::ViewError& e) {
    err << "esimtwin view: " << e.what() << "\n";
    return 2;
  } catch (const twinviz::WindowError& e) {
    err << "esimtwin view: " << e.what() << "\n";
    return 3;
  }
  return 0;
}

}  // namespace esimtwin
