// naba serve: the HTTP/JSON API and the web search page over one index
// (docs/server.md).
#include <fmt/core.h>

#include <fstream>
#include <sstream>

#include "cli/commands.h"
#include "cli/common.h"
#include "cli/terminal_text.h"
#include "naba/error.h"
#include "naba/index.h"
#include "server/server.h"

namespace naba::cli {
namespace {

// The token: the file's first line, blanks around it dropped.
std::string read_token(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw Error(Error::Code::io, "cannot read the token file " + path);
  std::string token;
  std::getline(in, token);
  const auto first = token.find_first_not_of(" \t\r");
  const auto last = token.find_last_not_of(" \t\r");
  token = first == std::string::npos ? "" : token.substr(first, last - first + 1);
  if (token.size() < 16)
    throw Error(Error::Code::bad_argument, "the token in " + path +
                                               " is shorter than 16 characters; make one with: "
                                               "head -c 24 /dev/urandom | base64 > " +
                                               path);
  return token;
}

bool loopback(const std::string& host) {
  return host == "127.0.0.1" || host == "::1" || host == "localhost";
}

}  // namespace

void setup_serve(CLI::App& app, int& exit_code) {
  struct Options {
    server::ServerOptions server;
    std::string token_file;
  };
  auto opts = std::make_shared<Options>();
  auto* cmd = app.add_subcommand(
      "serve",
      "Serve the index over HTTP: a JSON API (/api/search, /api/stats ...; docs/server.md) and "
      "a search page at /. Stop it with Ctrl-C.");
  add_db_option(cmd, opts->server.db);
  cmd->add_option("--host", opts->server.host,
                  "Address to listen on (default: loopback only; do not expose the server "
                  "without --token-file)")
      ->capture_default_str();
  cmd->add_option("--port", opts->server.port, "Port (0: any free port)")
      ->check(CLI::Range(0, 65535))
      ->capture_default_str();
  cmd->add_option("--threads", opts->server.threads,
                  "Worker threads, each with its own searcher (default: two per core)")
      ->check(CLI::Range(1, 256));
  cmd->add_option("--token-file", opts->token_file,
                  "File holding a secret token: every /api route then needs "
                  "'Authorization: Bearer TOKEN'")
      ->type_name("FILE");
  cmd->add_option("--cors", opts->server.cors,
                  "Let pages of this one origin (https://desk.example) call the API")
      ->type_name("ORIGIN");
  // Hidden: for tests, which need a search cut short on a small index (docs/server.md).
  cmd->add_option("--search-ms", opts->server.search_ms, "Time limit of one search, in ms")
      ->check(CLI::Range(1, 60000))
      ->group("");
  cmd->callback([opts, &exit_code] {
    require_index(opts->server.db);
    if (!opts->token_file.empty()) opts->server.token = read_token(opts->token_file);
    if (!loopback(opts->server.host) && opts->server.token.empty())
      fmt::print(stderr,
                 "naba serve: warning: listening on {} without --token-file: anyone who can "
                 "reach it can change aliases and alerts\n",
                 terminal_text(opts->server.host));
    server::serve(opts->server, [&](int port) {
      const std::string& h = opts->server.host;
      fmt::print(stderr, "naba serve: {} on http://{}:{}/ (Ctrl-C stops)\n",
                 terminal_text(opts->server.db),
                 h.find(':') != std::string::npos ? "[" + h + "]" : h, port);
    });
    exit_code = 0;
  });
}

}  // namespace naba::cli
