#pragma once
// The progress line of a run: simulated time, events per second of wall time,
// devices attached and an estimate of the wall time left, printed at most
// once a second.
#include <chrono>
#include <cstdint>
#include <ostream>

namespace twinsim {

class Progress {
 public:
  // start_s: the simulated time the run starts at (a resumed run: its
  // checkpoint's), so the estimate counts only the part this run does.
  Progress(std::ostream* out, double stop_s, std::uint64_t devices, double start_s = 0, std::uint64_t start_events = 0)
      : out_(out), stop_s_(stop_s), start_s_(start_s), devices_(devices), start_events_(start_events),
        start_(std::chrono::steady_clock::now()), last_(start_) {}

  void update(double sim_s, std::uint64_t events, std::uint64_t attached) {
    if (!out_) return;
    const auto now = std::chrono::steady_clock::now();
    if (now - last_ < std::chrono::seconds(1)) return;
    last_ = now;
    print(sim_s, events, attached, now, false);
  }
  void finish(double sim_s, std::uint64_t events, std::uint64_t attached) {
    if (out_) print(sim_s, events, attached, std::chrono::steady_clock::now(), true);
  }

 private:
  void print(double sim_s, std::uint64_t events, std::uint64_t attached, std::chrono::steady_clock::time_point now,
             bool last) {
    const double wall = std::chrono::duration<double>(now - start_).count();
    const double frac = stop_s_ > 0 ? sim_s / stop_s_ : 1;
    const double done = stop_s_ > start_s_ ? (sim_s - start_s_) / (stop_s_ - start_s_) : 1;
    const double eta = done > 0 ? wall * (1 - done) / done : 0;
    char line[200];
    std::snprintf(line, sizeof line, "\r[%5.1f%%] sim %s / %s | %.2f M events/s | attached %llu/%llu | wall %.0fs ETA %.0fs ",
                  100 * frac, hms(sim_s).c_str(), hms(stop_s_).c_str(), wall > 0 ? static_cast<double>(events - start_events_) / wall / 1e6 : 0.0,
                  static_cast<unsigned long long>(attached), static_cast<unsigned long long>(devices_), wall,
                  last ? 0.0 : eta);
    *out_ << line;
    if (last) *out_ << "\n";
    out_->flush();
  }
  static std::string hms(double s) {
    char b[32];
    const auto t = static_cast<long long>(s);
    std::snprintf(b, sizeof b, "%02lld:%02lld:%02lld", t / 3600, (t / 60) % 60, t % 60);
    return b;
  }

  std::ostream* out_;
  double stop_s_;
  double start_s_;
  std::uint64_t devices_;
  std::uint64_t start_events_;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_;
};

}  // namespace twinsim
