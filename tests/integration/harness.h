#pragma once
// What the integration tests need around the real `siklus` binary: a cached demo database, a
// server process on a free port (found from its "listening on" line), and a tiny Beast client.

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

extern char** environ;

namespace siklus::itest {

namespace fs = std::filesystem;
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;
using Response = bhttp::response<bhttp::string_body>;
using Request = bhttp::request<bhttp::string_body>;
using json = nlohmann::json;

inline std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

//! Runs a command through the shell; returns {exit code, stdout}.
inline std::pair<int, std::string> run_command(const std::string& command) {
  std::string out;
  FILE* p = ::popen(command.c_str(), "r");
  if (!p) throw std::runtime_error("popen failed: " + command);
  char buf[65536];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  const int status = ::pclose(p);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : 128, out};
}

//! A demo database of Kota Magelang made once per build folder (under a file lock, since ctest
//! runs test processes in parallel) and copied for each test process, so tests that write do not
//! disturb each other. Returns the demo's JSON output (it holds the demo logins).
inline json cached_demo(const fs::path& copy_to) {
  const fs::path cache_dir = fs::path(SK_INTEGRATION_CACHE_DIR);
  fs::create_directories(cache_dir);
  const fs::path db = cache_dir / "demo-3371.db";
  const fs::path out = cache_dir / "demo-3371.json";
  const int lock = ::open((cache_dir / "demo.lock").c_str(), O_CREAT | O_RDWR, 0644);
  if (lock < 0 || ::flock(lock, LOCK_EX) != 0) throw std::runtime_error("cannot lock demo cache");
  std::error_code ec;
  const bool fresh = fs::exists(out) && fs::exists(db) &&
                     fs::last_write_time(db, ec) > fs::last_write_time(SIKLUS_BIN, ec);
  if (!fresh) {
    fs::remove(db, ec);
    fs::remove(fs::path(db.string() + "-wal"), ec);
    fs::remove(fs::path(db.string() + "-shm"), ec);
    auto [code, text] =
        run_command("cd " + shell_quote(SK_SOURCE_DIR) + " && " + shell_quote(SIKLUS_BIN) +
                    " --db " + shell_quote(db) + " demo --city 33.71 --json");
    if (code != 0) {
      ::close(lock);
      throw std::runtime_error("siklus demo failed (" + std::to_string(code) + "): " + text);
    }
    std::ofstream(out) << text;
  }
  fs::copy_file(db, copy_to, fs::copy_options::overwrite_existing);
  if (fs::exists(fs::path(db.string() + "-wal"))) {
    fs::copy_file(fs::path(db.string() + "-wal"), fs::path(copy_to.string() + "-wal"),
                  fs::copy_options::overwrite_existing);
  }
  std::ifstream in(out);
  json demo = json::parse(in);
  ::close(lock);
  return demo;
}

struct Login {
  std::string username, password, role, scope;
};

//! Every {username, password, role} object anywhere in the demo's JSON, by role.
inline std::map<std::string, Login> demo_logins(const json& demo) {
  std::map<std::string, Login> out;
  std::function<void(const json&)> walk = [&](const json& v) {
    if (v.is_array()) {
      for (const auto& x : v) walk(x);
    } else if (v.is_object()) {
      if (v.contains("username") && v.contains("password") && v.contains("role") &&
          v["username"].is_string() && v["password"].is_string() && v["role"].is_string()) {
        const std::string role = v["role"];
        if (!out.count(role)) {
          out[role] = {
              v["username"], v["password"], role,
              v.contains("scope") && v["scope"].is_string() ? v["scope"].get<std::string>() : ""};
        }
      }
      for (const auto& [k, x] : v.items()) walk(x);
    }
  };
  walk(demo);
  return out;
}

//! `siklus serve` as a child process.
class ServerProcess {
 public:
  ServerProcess(const fs::path& db, const fs::path& web, const fs::path& log,
                const std::vector<std::string>& extra_args = {}) {
    int out_pipe[2];
    if (::pipe(out_pipe) != 0) throw std::runtime_error("pipe failed");
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, out_pipe[1], STDOUT_FILENO);
    posix_spawn_file_actions_addclose(&actions, out_pipe[0]);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, log.c_str(),
                                     O_WRONLY | O_CREAT | O_APPEND, 0644);
    std::vector<std::string> args = {SIKLUS_BIN, "--db",        db.string(), "serve",
                                     "--listen", "127.0.0.1:0", "--web",     web.string()};
    args.insert(args.end(), extra_args.begin(), extra_args.end());
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    if (posix_spawn(&pid_, SIKLUS_BIN, &actions, nullptr, argv.data(), environ) != 0) {
      throw std::runtime_error("cannot start siklus serve");
    }
    posix_spawn_file_actions_destroy(&actions);
    ::close(out_pipe[1]);
    out_ = out_pipe[0];
    // Wait for "listening on http://127.0.0.1:PORT".
    std::string line;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(180);
    while (line.find('\n') == std::string::npos) {
      pollfd p{out_, POLLIN, 0};
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                            deadline - std::chrono::steady_clock::now())
                            .count();
      if (left <= 0 || ::poll(&p, 1, static_cast<int>(left)) <= 0) {
        throw std::runtime_error("siklus serve did not print its address; see " + log.string());
      }
      char buf[256];
      const auto n = ::read(out_, buf, sizeof buf);
      if (n <= 0) throw std::runtime_error("siklus serve exited early; see " + log.string());
      line.append(buf, static_cast<size_t>(n));
    }
    const auto at = line.find("listening on http://127.0.0.1:");
    if (at == std::string::npos) throw std::runtime_error("unexpected first line: " + line);
    port_ = static_cast<uint16_t>(std::stoi(line.substr(at + 30)));
  }

  ~ServerProcess() {
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      int status;
      ::waitpid(pid_, &status, 0);
    }
    if (out_ >= 0) ::close(out_);
  }

  uint16_t port() const { return port_; }
  void signal(int sig) const { ::kill(pid_, sig); }

  //! The exit code, or nullopt if the process did not exit within `timeout` (or was signalled:
  //! then 128 + signal).
  std::optional<int> wait(std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      int status = 0;
      const pid_t r = ::waitpid(pid_, &status, WNOHANG);
      if (r == pid_) {
        pid_ = -1;
        if (WIFEXITED(status)) return WEXITSTATUS(status);
        return 128 + WTERMSIG(status);
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return std::nullopt;
  }

 private:
  pid_t pid_ = -1;
  int out_ = -1;
  uint16_t port_ = 0;
};

//! A blocking HTTP/1.1 client on one keep-alive connection.
class Client {
 public:
  explicit Client(uint16_t port) : port_(port), socket_(ioc_) {
    socket_.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port_));
  }

  Response request(bhttp::verb method, const std::string& target, const std::string& body = {},
                   const std::map<std::string, std::string>& headers = {}) {
    Request req{method, target, 11};
    req.set(bhttp::field::host, "127.0.0.1:" + std::to_string(port_));
    if (!body.empty()) req.set(bhttp::field::content_type, "application/json");
    for (const auto& [k, v] : headers) req.set(k, v);
    req.body() = body;
    req.prepare_payload();
    // The PWS figures are built in the background after the server starts (503 until then):
    // tests wait for them as a dashboard would, for at most two minutes.
    const bool pws = target.starts_with("/api/v1/pws");
    for (int tries = 0;; ++tries) {
      bhttp::write(socket_, req);
      Response res = read();
      if (!pws || res.result_int() != 503 || tries >= 600) return res;
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
  }
  Response read() {
    Response res;
    bhttp::read(socket_, buffer_, res);
    return res;
  }
  void send_raw(const std::string& data) { asio::write(socket_, asio::buffer(data)); }

 private:
  uint16_t port_;
  asio::io_context ioc_;
  tcp::socket socket_;
  beast::flat_buffer buffer_;
};

inline json body_json(const Response& res) { return json::parse(res.body(), nullptr, false); }

}  // namespace siklus::itest
