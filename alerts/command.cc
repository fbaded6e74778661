#include "alerts/command.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <ctime>
#include <thread>

extern char** environ;

namespace naba::alerts {
namespace {

using Clock = std::chrono::steady_clock;

// Writes all of @p data to the non-blocking @p fd before @p deadline; false if
// the reader went away or took too long. SIGPIPE is blocked meanwhile (and a
// pending one taken) so that a command that does not read its input cannot
// kill naba.
bool write_all(int fd, const std::string& data, Clock::time_point deadline) {
  sigset_t pipe_signal, old;
  sigemptyset(&pipe_signal);
  sigaddset(&pipe_signal, SIGPIPE);
  pthread_sigmask(SIG_BLOCK, &pipe_signal, &old);
  bool ok = true;
  for (std::size_t done = 0; done < data.size();) {
    ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0 && errno == EAGAIN) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
      pollfd p{fd, POLLOUT, 0};
      if (left.count() > 0 && ::poll(&p, 1, static_cast<int>(left.count())) >= 0) continue;
      ok = false;
      break;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      ok = false;
      break;
    }
    done += static_cast<std::size_t>(n);
  }
  if (!ok) {
    timespec zero{};
    sigtimedwait(&pipe_signal, nullptr, &zero);
  }
  pthread_sigmask(SIG_SETMASK, &old, nullptr);
  return ok;
}

}  // namespace

std::string run_command(const std::string& command, const std::string& input,
                        const std::vector<std::pair<std::string, std::string>>& env,
                        double timeout_seconds) {
  // Everything the child needs is made before fork: after it, only
  // async-signal-safe calls (other threads may hold malloc's locks).
  std::vector<std::string> added;
  for (const auto& [name, value] : env) added.push_back(name + "=" + value);
  std::vector<char*> envp;
  for (const auto& a : added) envp.push_back(const_cast<char*>(a.c_str()));
  for (char** e = environ; *e; ++e) envp.push_back(*e);
  envp.push_back(nullptr);
  const char* argv[] = {"sh", "-c", command.c_str(), nullptr};

  int in[2];
  if (::pipe2(in, O_CLOEXEC) != 0) return "cannot make a pipe";
  pid_t pid = ::fork();
  if (pid < 0) {
    ::close(in[0]);
    ::close(in[1]);
    return "cannot fork";
  }
  if (pid == 0) {
    ::setpgid(0, 0);  // its own group: a timeout kills what it started too
    ::dup2(in[0], STDIN_FILENO);
    ::dup2(STDERR_FILENO, STDOUT_FILENO);
    ::execve("/bin/sh", const_cast<char**>(argv), envp.data());
    ::_exit(127);
  }
  ::close(in[0]);
  auto deadline =
      Clock::now() + std::chrono::milliseconds(static_cast<long>(timeout_seconds * 1000));
  ::fcntl(in[1], F_SETFL, O_NONBLOCK);
  write_all(in[1], input, deadline);  // what it does with its input is its own affair
  ::close(in[1]);

  int status = 0;
  auto pause = std::chrono::microseconds(100);
  while (true) {
    pid_t done = ::waitpid(pid, &status, WNOHANG);
    if (done == pid) break;
    if (done < 0 && errno != EINTR) return "lost the command (waitpid)";
    if (Clock::now() > deadline) {
      ::kill(-pid, SIGKILL);
      ::kill(pid, SIGKILL);
      ::waitpid(pid, &status, 0);
      return "killed after " + std::to_string(timeout_seconds) + " s";
    }
    std::this_thread::sleep_for(pause);
    pause = std::min(pause * 2, std::chrono::microseconds(20000));
  }
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return "";
  if (WIFSIGNALED(status)) return "killed by signal " + std::to_string(WTERMSIG(status));
  return "exit status " + std::to_string(WEXITSTATUS(status));
}

}  // namespace naba::alerts
