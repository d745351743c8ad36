#pragma once
// A GLFW window with an OpenGL 3 context and an ImGui context using Dear
// ImGui's GLFW and OpenGL 3 backends, for the viewer's interactive window
// and its off-screen screenshots (docs/VIEWER.md).
#include <stdexcept>
#include <string>

struct GLFWwindow;

namespace twinviz {

class Viewer;

// The window or its OpenGL context could not be made: no display (run
// under xvfb-run), no OpenGL 3. The message says which.
struct WindowError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class GlSession {
 public:
  // A window of width x height pixels, shown or hidden; throws WindowError.
  GlSession(int width, int height, bool visible, const std::string& title);
  ~GlSession();
  GlSession(const GlSession&) = delete;
  GlSession& operator=(const GlSession&) = delete;

  GLFWwindow* window() const { return window_; }
  // Builds and draws one frame of `viewer` into the window.
  void draw_frame(Viewer& viewer);
  // The same into the bound off-screen framebuffer of width x height
  // pixels, with no mouse.
  void draw_offscreen_frame(Viewer& viewer, int width, int height);

 private:
  void shutdown();
  void render(Viewer& viewer, int framebuffer_width, int framebuffer_height);
  GLFWwindow* window_ = nullptr;
  bool imgui_glfw_ = false, imgui_gl_ = false;
};

}  // namespace twinviz
