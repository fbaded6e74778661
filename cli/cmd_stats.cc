// naba stats: what an index holds.
#include <fmt/core.h>

#include "cli/commands.h"
#include "cli/common.h"
#include "cli/terminal_text.h"
#include "naba/analyzer.h"
#include "naba/index.h"
#include "server/json_out.h"

namespace naba::cli {

void setup_stats(CLI::App& app, int& exit_code) {
  struct Options {
    std::string db;
    bool json = false;
  };
  auto opts = std::make_shared<Options>();
  auto* cmd = app.add_subcommand("stats",
                                 "Show what the index holds: articles, passages, "
                                 "stories, sources, date range, size, last commit");
  add_db_option(cmd, opts->db);
  cmd->add_flag("--json", opts->json, "Print one JSON object");
  cmd->callback([opts, &exit_code] {
    IndexStats s = index_stats(opts->db);
    if (opts->json) {
      fmt::print("{}\n", json::dump(json::stats(s)));
    } else {
      fmt::print(
          "index        {}\narticles     {}\npassages     {}\nstories      {}\nsources      {}\n"
          "dates        {} .. {}\nsize         {:.1f} MB\nlast commit  {}\nanalyzer     {}{}\n",
          terminal_text(opts->db), s.articles, s.passages, s.stories, s.sources,
          s.first_date.empty() ? "-" : s.first_date, s.last_date.empty() ? "-" : s.last_date,
          s.bytes / 1e6, s.last_commit.empty() ? "never" : s.last_commit,
          s.analyzer.empty() ? "-" : terminal_text(s.analyzer),
          s.analyzer == Analyzer::version()
              ? ""
              : fmt::format(" (this naba analyses with {}: index again to search every article "
                            "with it)",
                            Analyzer::version()));
    }
    exit_code = 0;
  });
}

}  // namespace naba::cli
