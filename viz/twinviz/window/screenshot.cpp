#include "twinviz/window/screenshot.hpp"

#include <GLFW/glfw3.h>
#include <GL/glext.h>
#include <stb_image_write.h>

#include <cstdint>
#include <fstream>
#include <vector>

#include "twinviz/window/gl_session.hpp"

namespace twinviz {

namespace {

// The framebuffer object calls of OpenGL 3.0 (§4.4), loaded through GLFW:
// the system's libGL exports only OpenGL 1.x's directly.
struct FramebufferCalls {
  PFNGLGENFRAMEBUFFERSPROC gen_framebuffers;
  PFNGLBINDFRAMEBUFFERPROC bind_framebuffer;
  PFNGLDELETEFRAMEBUFFERSPROC delete_framebuffers;
  PFNGLGENRENDERBUFFERSPROC gen_renderbuffers;
  PFNGLBINDRENDERBUFFERPROC bind_renderbuffer;
  PFNGLRENDERBUFFERSTORAGEPROC renderbuffer_storage;
  PFNGLDELETERENDERBUFFERSPROC delete_renderbuffers;
  PFNGLFRAMEBUFFERRENDERBUFFERPROC framebuffer_renderbuffer;
  PFNGLCHECKFRAMEBUFFERSTATUSPROC check_framebuffer_status;

  FramebufferCalls() {
    load(gen_framebuffers, "glGenFramebuffers");
    load(bind_framebuffer, "glBindFramebuffer");
    load(delete_framebuffers, "glDeleteFramebuffers");
    load(gen_renderbuffers, "glGenRenderbuffers");
    load(bind_renderbuffer, "glBindRenderbuffer");
    load(renderbuffer_storage, "glRenderbufferStorage");
    load(delete_renderbuffers, "glDeleteRenderbuffers");
    load(framebuffer_renderbuffer, "glFramebufferRenderbuffer");
    load(check_framebuffer_status, "glCheckFramebufferStatus");
  }
  template <class F>
  static void load(F& f, const char* name) {
    f = reinterpret_cast<F>(glfwGetProcAddress(name));
    if (!f) throw WindowError(std::string("the OpenGL context has no ") + name + " (OpenGL 3.0 needed)");
  }
};

// An RGBA framebuffer of width x height pixels, bound while it lives.
class OffscreenTarget {
 public:
  OffscreenTarget(const FramebufferCalls& gl, int width, int height) : gl_(gl) {
    gl_.gen_framebuffers(1, &framebuffer_);
    gl_.bind_framebuffer(GL_FRAMEBUFFER, framebuffer_);
    gl_.gen_renderbuffers(1, &colour_);
    gl_.bind_renderbuffer(GL_RENDERBUFFER, colour_);
    gl_.renderbuffer_storage(GL_RENDERBUFFER, GL_RGBA8, width, height);
    gl_.framebuffer_renderbuffer(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_RENDERBUFFER, colour_);
    if (gl_.check_framebuffer_status(GL_FRAMEBUFFER) != GL_FRAMEBUFFER_COMPLETE)
      throw WindowError("cannot make an off-screen framebuffer of " + std::to_string(width) + " x " +
                        std::to_string(height) + " pixels");
  }
  ~OffscreenTarget() {
    gl_.bind_framebuffer(GL_FRAMEBUFFER, 0);
    gl_.delete_renderbuffers(1, &colour_);
    gl_.delete_framebuffers(1, &framebuffer_);
  }
  OffscreenTarget(const OffscreenTarget&) = delete;
  OffscreenTarget& operator=(const OffscreenTarget&) = delete;

 private:
  const FramebufferCalls& gl_;
  GLuint framebuffer_ = 0, colour_ = 0;
};

// The bound framebuffer's pixels, top row first (OpenGL's first row is
// the bottom one).
std::vector<std::uint8_t> read_pixels(int width, int height) {
  const std::size_t row = static_cast<std::size_t>(width) * 4;
  std::vector<std::uint8_t> bottom_up(row * static_cast<std::size_t>(height));
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadPixels(0, 0, width, height, GL_RGBA, GL_UNSIGNED_BYTE, bottom_up.data());
  std::vector<std::uint8_t> top_down(bottom_up.size());
  for (int y = 0; y < height; ++y)
    std::copy_n(bottom_up.begin() + static_cast<std::ptrdiff_t>(row * static_cast<std::size_t>(height - 1 - y)), row,
                top_down.begin() + static_cast<std::ptrdiff_t>(row * static_cast<std::size_t>(y)));
  return top_down;
}

}  // namespace

void write_screenshot(Viewer& viewer, const ScreenshotOptions& options) {
  GlSession session(options.width, options.height, false, "esimtwin view");
  const FramebufferCalls gl;
  OffscreenTarget target(gl, options.width, options.height);
  for (int i = 0; i <= options.frames; ++i) session.draw_offscreen_frame(viewer, options.width, options.height);
  glFinish();
  const auto pixels = read_pixels(options.width, options.height);
  if (!stbi_write_png(options.png.c_str(), options.width, options.height, 4, pixels.data(), options.width * 4))
    throw WindowError(options.png + ": cannot write the PNG");
  if (!options.layout.empty()) {
    std::ofstream out(options.layout);
    out << viewer.drawn().to_json();
    if (!out.flush()) throw WindowError(options.layout + ": cannot write the layout");
  }
}

void run_window(Viewer& viewer, int width, int height) {
  GlSession session(width, height, true, "esimtwin view: " + viewer.run().path());
  double last = glfwGetTime();
  while (!glfwWindowShouldClose(session.window())) {
    // Idle: wake for input, or twice a second; playing: every frame.
    if (viewer.playing())
      glfwPollEvents();
    else
      glfwWaitEventsTimeout(0.5);
    const double now = glfwGetTime();
    viewer.tick(now - last);
    last = now;
    session.draw_frame(viewer);
    glfwSwapBuffers(session.window());
  }
}

}  // namespace twinviz
