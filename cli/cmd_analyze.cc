// naba analyze: shows how text becomes index terms, the tool for "why did
// (or didn't) this match?".
#include <fmt/core.h>

#include <iostream>
#include <iterator>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "naba/analyzer.h"

namespace naba::cli {
namespace {

struct AnalyzeOptions {
  std::vector<std::string> texts;
  std::string format = "table";
};

// "raqqa (city)": the gazetteer entity a name's term stands for.
std::string entity_of(const Analyzer& analyzer, const std::string& term) {
  auto e = analyzer.entity(term);
  return e ? fmt::format("{} ({})", e->id, e->type) : term;
}

std::string flags_of(const Analyzer& analyzer, const Token& t) {
  std::string flags = t.stopword       ? "stop"
                      : t.known_name   ? "name " + entity_of(analyzer, t.term)
                      : t.term.empty() ? "too-long"
                                       : "";
  // A name of several words starts here: its term is indexed at this position too.
  if (!t.entity.empty())
    flags += fmt::format("{}+{} {}, {} words", flags.empty() ? "" : "; ", t.entity,
                         entity_of(analyzer, t.entity), t.entity_words);
  return flags;
}

// Terminal columns: Arabic text is right-to-left, so pad by code points.
std::string pad(const std::string& s, std::size_t width) {
  std::size_t cps = 0;
  for (unsigned char c : s) cps += (c & 0xC0) != 0x80;
  return cps >= width ? s : s + std::string(width - cps, ' ');
}

void print_tokens(const Analyzer& analyzer, std::string_view text, const std::vector<Token>& tokens,
                  const std::string& format) {
  for (const auto& t : tokens) {
    std::string original(text.substr(t.start, t.end - t.start));
    if (format == "tsv") {
      fmt::print("{}\t{}\n", original, t.term);
    } else {
      fmt::print("{} {} {} {}:{}-{} {}\n", pad(original, 18), pad(t.normalized, 16),
                 pad(t.term.empty() ? "-" : t.term, 14), t.position, t.start, t.end,
                 flags_of(analyzer, t));
    }
  }
}

int run(const AnalyzeOptions& opts) {
  Analyzer analyzer;
  std::vector<Token> tokens;
  AnalyzeStats stats;
  if (opts.format == "table")
    fmt::print("{} {} {} {}\n", pad("original", 18), pad("normalised", 16), pad("term", 14),
               "pos:bytes flags");
  auto analyze_one = [&](std::string_view text) {
    analyzer.analyze(text, tokens, &stats);
    print_tokens(analyzer, text, tokens, opts.format);
  };
  if (!opts.texts.empty()) {
    for (const auto& text : opts.texts) analyze_one(text);
  } else {
    for (std::string line; std::getline(std::cin, line);) analyze_one(line);
  }
  if (stats.invalid_bytes)
    fmt::print(stderr, "naba analyze: skipped {} invalid UTF-8 or NUL bytes\n",
               stats.invalid_bytes);
  return 0;
}

}  // namespace

void setup_analyze(CLI::App& app, int& exit_code) {
  auto opts = std::make_shared<AnalyzeOptions>();
  auto* cmd = app.add_subcommand(
      "analyze",
      "Show how text is analysed: one row per word with its normalised form, index term "
      "and byte span. Reads TEXT arguments, or standard input line by line.");
  cmd->add_option("text", opts->texts, "Text to analyse (default: standard input)");
  cmd->add_option(
         "--format", opts->format,
         "table: original, normalised, term, position:start-end, flags (stop; too-long; name ID "
         "(TYPE) for a known name; +TERM ID (TYPE), N words where a name of several words "
         "starts); "
         "tsv: original<TAB>term lines for scripts (empty term for stop and too-long words)")
      ->check(CLI::IsMember({"table", "tsv"}))
      ->capture_default_str();
  cmd->callback([opts, &exit_code] { exit_code = run(*opts); });
}

}  // namespace naba::cli
