#include "twinviz/window/gl_session.hpp"

#include <GLFW/glfw3.h>
#include <imgui.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>

#include <cfloat>
#include <cstdlib>

#include "twinviz/ui/viewer.hpp"

namespace twinviz {

namespace {

std::string glfw_error() {
  const char* what = nullptr;
  glfwGetError(&what);
  return what ? what : "unknown GLFW error";
}

}  // namespace

GlSession::GlSession(int width, int height, bool visible, const std::string& title) {
  const char* display = std::getenv("DISPLAY");
  if (!display || !*display)
    throw WindowError("cannot open a window: no X display (DISPLAY is not set); on a machine without one, run "
                      "under xvfb-run");
  if (!glfwInit()) throw WindowError("cannot open a window on display " + std::string(display) + ": " + glfw_error());
  // OpenGL 3.0 or later: the version the backend's "#version 130" shaders need.
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
  glfwWindowHint(GLFW_VISIBLE, visible ? GLFW_TRUE : GLFW_FALSE);
  window_ = glfwCreateWindow(width, height, title.c_str(), nullptr, nullptr);
  if (!window_) {
    const std::string why = glfw_error();
    glfwTerminate();
    throw WindowError("cannot open an OpenGL 3 window on display " + std::string(display) + ": " + why);
  }
  glfwMakeContextCurrent(window_);
  glfwSwapInterval(1);
  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGui::GetIO().IniFilename = nullptr;  // no imgui.ini left in the working directory
  ImGui::StyleColorsDark();
  imgui_glfw_ = ImGui_ImplGlfw_InitForOpenGL(window_, visible);
  imgui_gl_ = imgui_glfw_ && ImGui_ImplOpenGL3_Init("#version 130");
  if (!imgui_gl_) {
    shutdown();
    throw WindowError("cannot start Dear ImGui's OpenGL 3 backend");
  }
}

GlSession::~GlSession() { shutdown(); }

void GlSession::shutdown() {
  if (imgui_gl_) ImGui_ImplOpenGL3_Shutdown();
  if (imgui_glfw_) ImGui_ImplGlfw_Shutdown();
  imgui_gl_ = imgui_glfw_ = false;
  if (ImGui::GetCurrentContext()) ImGui::DestroyContext();
  if (window_) glfwDestroyWindow(window_);
  if (window_) glfwTerminate();
  window_ = nullptr;
}

void GlSession::draw_frame(Viewer& viewer) {
  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplGlfw_NewFrame();  // the window's size, the mouse and keys
  int width = 0, height = 0;
  glfwGetFramebufferSize(window_, &width, &height);
  render(viewer, width, height);
}

void GlSession::draw_offscreen_frame(Viewer& viewer, int width, int height) {
  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplGlfw_NewFrame();
  ImGuiIO& io = ImGui::GetIO();
  io.DisplaySize = {static_cast<float>(width), static_cast<float>(height)};
  io.DisplayFramebufferScale = {1, 1};
  io.MousePos = {-FLT_MAX, -FLT_MAX};
  render(viewer, width, height);
}

void GlSession::render(Viewer& viewer, int framebuffer_width, int framebuffer_height) {
  ImGui::NewFrame();
  viewer.frame(ImGui::GetIO().DisplaySize.x, ImGui::GetIO().DisplaySize.y);
  ImGui::Render();
  glViewport(0, 0, framebuffer_width, framebuffer_height);
  glClearColor(0.08f, 0.08f, 0.1f, 1);
  glClear(GL_COLOR_BUFFER_BIT);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
}

}  // namespace twinviz
