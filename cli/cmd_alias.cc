// naba alias add/rm/list: the user's own spellings of names, for one index.
#include <fmt/core.h>

#include <optional>

#include "cli/commands.h"
#include "cli/common.h"
#include "cli/terminal_text.h"
#include "naba/aliases.h"
#include "naba/analyzer.h"
#include "naba/index.h"
#include "server/json_out.h"

namespace naba::cli {
namespace {

// The gazetteer entity @p name is (any of its spellings), if it is one.
std::optional<Entity> gazetteer_entity(const Analyzer& analyzer, const std::string& name) {
  return analyzer.entity(analyzer.name_term(name));
}

std::string describe(const Analyzer& analyzer, const std::string& name) {
  auto e = gazetteer_entity(analyzer, name);
  return e ? fmt::format("gazetteer {} ({}): {} / {}", e->id, e->type, e->arabic, e->latin)
           : "user name";
}

struct Options {
  std::string db, name;
  std::vector<std::string> spellings;
  bool json = false;
};

int list(const Options& o) {
  require_index(o.db);
  warn_bad_alias_lines(o.db);
  Aliases aliases(o.db);
  Analyzer analyzer;
  std::vector<Alias> shown;
  if (!o.name.empty()) {
    const Alias* a = aliases.find(o.name);
    if (!a) {
      fmt::print(stderr, "naba alias: no alias named '{}' in {}\n", terminal_text(o.name),
                 aliases.file());
      return 1;
    }
    shown.push_back(*a);
  } else {
    shown = aliases.entries();
  }
  for (const auto& a : shown) {
    if (o.json) {
      auto e = gazetteer_entity(analyzer, a.name);
      fmt::print("{}\n", json::dump(json::alias(a, e ? &e->id : nullptr)));
    } else {
      std::string spellings;
      for (const auto& s : a.spellings) spellings += (spellings.empty() ? "" : " | ") + s;
      fmt::print("{}\t{}\t[{}]\n", terminal_text(a.name), terminal_text(spellings),
                 describe(analyzer, a.name));
    }
  }
  return 0;
}

}  // namespace

void setup_alias(CLI::App& app, int& exit_code) {
  auto opts = std::make_shared<Options>();
  auto* cmd = app.add_subcommand(
      "alias",
      "Manage your own spellings of names for one index: they work for the next search, "
      "without re-indexing (see docs/aliases.md)");
  cmd->require_subcommand(1);

  auto* add = cmd->add_subcommand(
      "add",
      "Add SPELLINGs to NAME: a name the gazetteer knows (any spelling, e.g. الرقة or Raqqa) "
      "or a new name of yours. A search for any of them then finds all of them.");
  add_db_option(add, opts->db);
  add->add_option("name", opts->name, "The name (quote a name of several words)")->required();
  add->add_option("spelling", opts->spellings, "Its other spellings")->required();
  add->callback([opts, &exit_code] {
    require_index(opts->db);  // aliases are never written into a folder that is no index
    warn_bad_alias_lines(opts->db);
    Aliases aliases(opts->db);
    std::size_t added = aliases.add(opts->name, opts->spellings);
    Analyzer analyzer;
    fmt::print("{}: {} new spelling{} [{}]\n", terminal_text(opts->name), added,
               added == 1 ? "" : "s", describe(analyzer, opts->name));
    exit_code = 0;
  });

  auto* rm = cmd->add_subcommand(
      "rm", "Remove SPELLINGs from NAME, or NAME and all its spellings when none are given");
  add_db_option(rm, opts->db);
  rm->add_option("name", opts->name, "The name")->required();
  rm->add_option("spelling", opts->spellings, "Spellings to remove (default: all)");
  rm->callback([opts, &exit_code] {
    require_index(opts->db);  // aliases are never written into a folder that is no index
    warn_bad_alias_lines(opts->db);
    Aliases aliases(opts->db);
    std::size_t removed = aliases.remove(opts->name, opts->spellings);
    fmt::print("{}: {} spelling{} removed\n", terminal_text(opts->name), removed,
               removed == 1 ? "" : "s");
    exit_code = 0;
  });

  auto* ls = cmd->add_subcommand(
      "list", "List the aliases (or NAME's): name, spellings, and the gazetteer entity it extends");
  add_db_option(ls, opts->db);
  ls->add_option("name", opts->name, "Only this name");
  ls->add_flag("--json", opts->json, "One JSON object a line: name, spellings, gazetteer id");
  ls->callback([opts, &exit_code] { exit_code = list(*opts); });
}

}  // namespace naba::cli
