#pragma once
// Runs the esimtwin binary as a user would and captures what it prints.
#include <algorithm>
#include <array>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <fcntl.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <unistd.h>
#include <thread>

#include <gtest/gtest.h>

namespace esimtwin::testing {

struct CommandResult {
  int exit_code = -1;
  std::string out;  // standard output and standard error, in order
};

// `command` through the shell, its standard error with its output.
inline CommandResult run_shell(const std::string& command) {
  CommandResult r;
  FILE* p = popen((command + " 2>&1").c_str(), "r");
  if (!p) {
    r.out = "cannot start " + command;
    return r;
  }
  std::array<char, 4096> buf;
  std::size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) r.out.append(buf.data(), n);
  const int status = pclose(p);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

// mpirun as root (Open MPI refuses root unless told twice), with more
// ranks than the machine's cores allowed; the number of ranks follows.
inline const std::string kMpirun =
    "OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 mpirun --oversubscribe -np ";
// The same from the repository root.
inline const std::string kMpirunInSource = "cd " ESIMTWIN_SOURCE_DIR " && " + kMpirun;

// `args` is appended to the binary's path as it is (quote what needs it).
inline CommandResult run_esimtwin(const std::string& args) {
  return run_shell(std::string("cd " ESIMTWIN_SOURCE_DIR " && " ESIMTWIN_BINARY " ") + args);
}

// A path in GoogleTest's temporary directory.
// The test process's id in the name: test runs of two checkouts at once do
// not share files.
inline std::string temp_path(const std::string& name) {
  return ::testing::TempDir() + "esimtwin-" + std::to_string(::getpid()) + "-" + name;
}

// The run file of `esimtwin run <args> -o it`, shared by the test
// processes of one esimtwin binary (scripts/test.sh's GoogleTest shards):
// the first to ask makes it while the others wait on its lock, then each
// reads it. Only for runs the tests read (copy one to damage it) and whose
// arguments name no file the run writes. Kept beside the binary, under its
// size and modification time (an older binary's runs are removed), keyed
// by the arguments and the size and modification time of each that names
// a file. The run must exit with `exit_code` (1: a scaled run whose
// expectations are the full size's).
inline std::string shared_run(const std::string& args, int exit_code = 0) {
  namespace fs = std::filesystem;
  const auto stamp = [](const fs::path& p) {
    std::error_code ec;
    const auto size = fs::file_size(p, ec);
    if (ec) return std::string();
    return std::to_string(fs::last_write_time(p, ec).time_since_epoch().count()) + "/" + std::to_string(size);
  };
  std::string key, word;
  for (std::istringstream words(args); words >> word;) key += word + " " + stamp(fs::path(ESIMTWIN_SOURCE_DIR) / word) + " ";
  static std::map<std::string, std::string> known;  // this process's
  if (const auto it = known.find(key); it != known.end()) return it->second;
  const fs::path root = fs::path(ESIMTWIN_BINARY).parent_path() / "shared-test-runs";
  const std::string build = std::to_string(std::hash<std::string>{}(stamp(ESIMTWIN_BINARY)));
  if (std::error_code ec; !fs::exists(root / build)) {  // the first for this binary: an older one's runs go
    for (const auto& old : fs::directory_iterator(root, ec))
      if (old.path().filename() != build) fs::remove_all(old.path(), ec);
    fs::create_directories(root / build);
  }
  const std::string base = (root / build / std::to_string(std::hash<std::string>{}(key))).string();
  const int lock = ::open((base + ".lock").c_str(), O_CREAT | O_RDWR, 0644);
  EXPECT_GE(lock, 0) << base << ".lock";
  ::flock(lock, LOCK_EX);
  int code = -1;
  if (std::ifstream made(base + ".exit"); made >> code) {
    EXPECT_EQ(code, exit_code) << "the shared run of " << args << " exited with " << code;
  } else {
    const CommandResult r = run_esimtwin("run " + args + " -o " + base + ".h5");
    EXPECT_EQ(r.exit_code, exit_code) << r.out;
    std::ofstream(base + ".exit") << r.exit_code;
  }
  ::flock(lock, LOCK_UN);
  ::close(lock);
  return known[key] = base + ".h5";
}

// Runs esimtwin with each case's arguments: each must exit with code 2 and
// print the case's message.
inline void expect_refusals(const std::vector<std::pair<std::string, std::string>>& cases) {
  for (const auto& [args, message] : cases) {
    const CommandResult r = run_esimtwin(args);
    EXPECT_EQ(r.exit_code, 2) << args << "\n" << r.out;
    EXPECT_NE(r.out.find(message), std::string::npos) << args << "\n" << r.out;
  }
}

// `text` written to temp_path(name); that path.
inline std::string write_temp(const std::string& name, const std::string& text) {
  const std::string path = temp_path(name);
  std::ofstream(path) << text;
  return path;
}

// The Python checks of run files need h5py (python3-h5py, installed by
// scripts/install-deps.sh); tests skip them where it is missing.
// Whether /usr/bin/python3 imports `modules` ("xarray, h5py").
inline bool have_python_modules(const std::string& modules) {
  return std::system(("/usr/bin/python3 -c 'import " + modules + "' 2>/dev/null").c_str()) == 0;
}
inline bool have_h5py() { return have_python_modules("h5py"); }

// Runs tests/tools/<tool> with its arguments; its exit code (output dropped).
inline int python_tool(const std::string& tool_and_args) {
  return std::system(("/usr/bin/python3 " ESIMTWIN_SOURCE_DIR "/tests/tools/" + tool_and_args + " >/dev/null").c_str());
}

// The standard output of /usr/bin/python3 with `cmd` (a script and its
// arguments).
inline std::string python_output(const std::string& cmd) {
  std::string out;
  FILE* p = popen(("/usr/bin/python3 " + cmd).c_str(), "r");
  if (!p) return out;
  char buf[256];
  while (fgets(buf, sizeof buf, p)) out += buf;
  pclose(p);
  return out;
}

// tests/tools/run_file_digest.py's digest of a run file: 64 hex digits and
// a newline (the same scenario and seed give the same).
inline std::string run_file_digest(const std::string& run_file) {
  return python_output(ESIMTWIN_SOURCE_DIR "/tests/tools/run_file_digest.py " + run_file);
}

// Starts the esimtwin binary in the repository root with `args` (one
// argument each), its output discarded, and returns its process id (-1 when
// fork fails); the caller signals and waits for it.
inline pid_t start_esimtwin(const std::vector<std::string>& args) {
  const pid_t pid = fork();
  if (pid != 0) return pid;
  const int null = open("/dev/null", O_WRONLY);
  dup2(null, 1);
  dup2(null, 2);
  if (chdir(ESIMTWIN_SOURCE_DIR) != 0) _exit(126);
  std::vector<char*> argv{const_cast<char*>(ESIMTWIN_BINARY)};
  for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  execv(ESIMTWIN_BINARY, argv.data());
  _exit(127);
}

// Waits until a run started in process `pid` has created its output file
// `run_file` (the engine creates it just before it installs its SIGINT and
// SIGTERM handlers and starts simulating), then `settle` more: only then
// does an interrupt test what it means to, however slow the machine is at
// setting up the devices. False if the process ended first or after 5 min.
inline bool wait_until_running(pid_t pid, const std::string& run_file,
                               std::chrono::milliseconds settle = std::chrono::milliseconds(500)) {
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::minutes(5);
  while (!std::filesystem::exists(run_file)) {
    int status = 0;
    if (waitpid(pid, &status, WNOHANG) == pid || std::chrono::steady_clock::now() > give_up) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  std::this_thread::sleep_for(settle);
  return true;
}

// The value a run's summary prints for metric `name` ("  name   12 ..."):
// -1 when it prints none.
inline double summary_metric(const std::string& out, const std::string& name) {
  const std::size_t at = out.find("\n  " + name + " ");
  if (at == std::string::npos) return -1;
  return std::stod(out.substr(out.find_first_not_of(' ', at + 3 + name.size())));
}

// The lines of a run's summary that print the metrics starting with `prefix`.
inline std::string metric_lines(const std::string& out, const std::string& prefix) {
  std::string lines;
  for (std::size_t at = 0; at < out.size();) {
    const std::size_t end = std::min(out.find('\n', at), out.size());
    if (out.compare(at, prefix.size() + 2, "  " + prefix) == 0) lines += out.substr(at, end - at) + "\n";
    at = end + 1;
  }
  return lines;
}

// The summary's metric lines ("  name   value"), without what else a run
// under mpirun prints with two spaces first (a sanitizer's suppressed leaks).
inline std::string summary_metrics(const std::string& out) {
  std::string kept;
  std::istringstream lines(metric_lines(out, ""));
  for (std::string line; std::getline(lines, line);) {
    std::istringstream words(line);
    std::string name, rest;
    double value = 0;
    if (words >> name >> value && !(words >> rest) && std::isalpha(static_cast<unsigned char>(name[0])))
      kept += line + "\n";
  }
  return kept;
}

// A checkpoint as a run's summary prints it: "checkpoint FILE at C s
// (asked for R s; ...".
struct PrintedCheckpoint {
  std::string file;
  double clock_s = 0;
  double requested_s = 0;
};

// times[from], times[from + 1], ... as --checkpoint-at takes them.
inline std::string checkpoint_times(const std::vector<std::string>& times, std::size_t from = 0) {
  std::string list;
  for (std::size_t i = from; i < times.size(); ++i) list += (list.empty() ? "" : ",") + times[i];
  return list;
}

inline std::vector<PrintedCheckpoint> printed_checkpoints(const std::string& out) {
  std::vector<PrintedCheckpoint> found;
  const std::string head = "\ncheckpoint ", at = " at ", asked = "(asked for ";
  for (std::size_t p = out.find(head); p != std::string::npos; p = out.find(head, p + 1)) {
    const std::size_t file = p + head.size(), clock = out.find(at, file), request = out.find(asked, file);
    if (clock == std::string::npos || request == std::string::npos) break;
    found.push_back({out.substr(file, clock - file), std::stod(out.substr(clock + at.size())),
                     std::stod(out.substr(request + asked.size()))});
  }
  return found;
}

// Runs `scenario` once with a checkpoint at each of `times` (ascending,
// each after the state the one before saved), resumes each checkpoint and
// expects every resumed run to go on exactly as the original
// (compare_resumed_run.py), and the summary lines of the metrics starting
// with each of `prefixes` (counts the run file does not keep) alike in
// both; the original's summary must hold `printed`. A resumed run takes the
// original's later checkpoints too: a checkpoint holds the network back
// while it drains. Returns the original's summary.
inline std::string expect_resumes_exactly(const std::string& scenario, const std::vector<std::string>& times,
                                          const std::string& printed,
                                          std::initializer_list<const char*> prefixes = {}) {
  const std::string a = temp_path("resume-a.h5");
  const auto r = run_esimtwin("run " + scenario + " --no-progress -o " + a + " --checkpoint-at " + checkpoint_times(times) +
                              " --checkpoint '" + temp_path("resume-ck-{t}.h5") + "'");
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find(printed), std::string::npos) << r.out;
  const std::vector<PrintedCheckpoint> written = printed_checkpoints(r.out);
  EXPECT_EQ(written.size(), times.size()) << r.out;
  if (r.exit_code != 0) return r.out;
  // Each resumed run into its own file; one Python compares them all.
  std::string resumed;
  for (std::size_t i = 0; i < written.size(); ++i) {
    SCOPED_TRACE(times.at(i));
    const std::string b = temp_path("resume-b" + std::to_string(i) + ".h5");
    for (std::size_t j = i + 1; j < written.size(); ++j) {
      // The test's times must leave each checkpoint its own state.
      EXPECT_GT(written[j].requested_s, written[i].clock_s) << times.at(j) << " is asked before the state of "
                                                           << times.at(i) << " was saved";
    }
    const std::string later = checkpoint_times(times, i + 1);
    std::string args = "resume " + written[i].file + " --no-progress -o " + b;
    if (!later.empty()) args += " --checkpoint-at " + later + " --checkpoint '" + temp_path("resume-ck2-{t}.h5") + "'";
    const auto s = run_esimtwin(args);
    EXPECT_EQ(s.exit_code, 0) << s.out;
    if (s.exit_code != 0) continue;
    resumed += " " + b;
    for (const char* prefix : prefixes) EXPECT_EQ(metric_lines(s.out, prefix), metric_lines(r.out, prefix)) << prefix;
  }
  if (!resumed.empty()) {
    EXPECT_EQ(python_tool("compare_resumed_run.py " + a + resumed), 0) << "resumed:" << resumed;
  }
  return r.out;
}

// The file of the i-th checkpoint the run whose summary is `out` wrote
// (expect_resumes_exactly's original; its files stay until the test
// process ends): a test of damaged checkpoints needs no run of its own.
// Empty when the run wrote fewer.
inline std::string written_checkpoint(const std::string& out, std::size_t i) {
  const std::vector<PrintedCheckpoint> written = printed_checkpoints(out);
  return i < written.size() ? written[i].file : std::string();
}

// The checkpoint `ck` damaged by corrupt_checkpoint.py's `damage`: resuming
// it fails with exit code 2 and `message`.
inline void expect_damage_refused(const std::string& ck, const std::string& damage, const std::string& message) {
  const std::string bad = temp_path("damaged-ck.h5");
  ASSERT_EQ(python_tool("corrupt_checkpoint.py " + ck + " " + bad + " " + damage), 0) << damage;
  const auto r = run_esimtwin("resume " + bad + " --no-progress -o " + temp_path("damaged-b.h5"));
  EXPECT_EQ(r.exit_code, 2) << damage << "\n" << r.out;
  EXPECT_NE(r.out.find(message), std::string::npos) << damage << "\n" << r.out;
}

// Removes this test process's temporary files (temp_path's, and those the
// runs named after them) when it ends; ESIMTWIN_KEEP_TEST_FILES=1 keeps
// them to look into.
struct TempFilesRemover {
  TempFilesRemover() = default;
  TempFilesRemover(const TempFilesRemover&) = delete;
  TempFilesRemover& operator=(const TempFilesRemover&) = delete;
  ~TempFilesRemover() {
    if (const char* keep = std::getenv("ESIMTWIN_KEEP_TEST_FILES"); keep && std::string(keep) == "1") return;
    const std::string mine = "esimtwin-" + std::to_string(::getpid()) + "-";
    std::error_code ec;
    for (const auto& f : std::filesystem::directory_iterator(::testing::TempDir(), ec))
      if (f.path().filename().string().starts_with(mine)) std::filesystem::remove_all(f.path(), ec);
  }
};
inline const TempFilesRemover remove_temp_files_at_exit;

}  // namespace esimtwin::testing
