#pragma once
// The viewer without a screen (docs/VIEWER.md, "Headless screenshots"):
// renders its windows into an off-screen OpenGL framebuffer of the size
// asked, reads the pixels back and writes them as a PNG; with a layout
// file, the widgets drawn and where (draw/widget_log.hpp) as JSON. Needs
// an X display for the OpenGL context: under Xvfb on a machine without one.
#include <string>

#include "twinviz/ui/viewer.hpp"

namespace twinviz {

struct ScreenshotOptions {
  int width = 1600, height = 1000;
  std::string png;     // the image to write
  std::string layout;  // empty: no layout file
  int frames = 4;      // frames drawn before the one kept (windows and tables settle)
};

// Throws WindowError (no display, no OpenGL 3, a file that cannot be
// written).
void write_screenshot(Viewer& viewer, const ScreenshotOptions& options);

// Opens the interactive window until it is closed; throws WindowError.
void run_window(Viewer& viewer, int width, int height);

}  // namespace twinviz
