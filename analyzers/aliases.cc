#include "naba/aliases.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "common/file_lock.h"
#include "common/index_path.h"
#include "common/safe_file.h"
#include "naba/analyzer.h"
#include "naba/error.h"
#include "naba/text.h"

namespace naba {
namespace {

namespace fs = std::filesystem;

constexpr const char* kFile = "aliases.tsv";
constexpr const char* kLockFile = "aliases.lock";

// Names and spellings compare by the gazetteer name they are, if they are one
// (الرقة = Raqqa = بالرقة), else by their normalised words (طلال سلو = طلال سلو).
Analyzer& thread_analyzer() {
  thread_local Analyzer analyzer;
  return analyzer;
}

std::string key_of(std::string_view text) {
  Analyzer& analyzer = thread_analyzer();
  if (std::string name = analyzer.name_term(text); !name.empty()) return name;
  std::string key;
  for (const auto& t : analyzer.analyze(text)) key += (key.empty() ? "" : " ") + t.normalized;
  return key;
}

std::string trimmed(std::string_view s) {
  auto first = s.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  return std::string(s.substr(first, s.find_last_not_of(" \t\r\n") - first + 1));
}

// True if every word of @p text is a stop word, which a search ignores.
bool only_stop_words(std::string_view text) {
  const auto tokens = thread_analyzer().analyze(text);
  return !tokens.empty() &&
         std::all_of(tokens.begin(), tokens.end(), [](const Token& t) { return t.stopword; });
}

std::string checked(std::string_view text, const char* what) {
  std::string s = trimmed(text);
  if (s.find_first_of("\t\n\r|") != std::string::npos)
    throw Error(
        Error::Code::bad_argument,
        std::string(what) + " '" + s + "' holds a tab, newline or '|', which aliases cannot");
  if (text::has_control_character(s))  // names are printed on terminals
    throw Error(Error::Code::bad_argument,
                std::string(what) + " '" + s + "' holds a control character, which aliases cannot");
  if (only_stop_words(s))
    throw Error(Error::Code::bad_argument,
                std::string(what) + " '" + s +
                    "' is only stop words, which a search ignores; give a name or a word");
  if (key_of(s).empty())
    throw Error(Error::Code::bad_argument, std::string(what) + " '" + s + "' has no word in it");
  return s;
}

std::string stamp_of(const fs::path& file) {
  std::error_code ec;
  auto size = fs::file_size(file, ec);
  if (ec) return {};
  auto time = fs::last_write_time(file, ec).time_since_epoch().count();
  return std::to_string(size) + ":" + std::to_string(time);
}

}  // namespace

Aliases::Aliases(std::string index_path) : index_path_(std::move(index_path)) {
  read();
}

void Aliases::require_folder() const {
  index_path::require(index_path_);  // never aliases.tsv or its lock in a folder that is no index
  if (!fs::is_directory(index_path_))
    throw Error(Error::Code::bad_argument,
                "aliases are kept in an index folder; " + index_path_ + " is a stub file");
}

std::string Aliases::file() const {
  return (fs::path(index_path_) / kFile).string();
}

const Alias* Aliases::find(std::string_view name) const {
  std::string key = key_of(name);
  for (const auto& a : entries_)
    if (key_of(a.name) == key) return &a;
  return nullptr;
}

void Aliases::read() {
  entries_.clear();
  bad_lines_.clear();
  bad_text_.clear();
  stamp_ = stamp_of(file());
  std::ifstream in(file());
  if (!in) return;  // no aliases yet
  std::string line;
  for (std::size_t n = 1; std::getline(in, line); ++n) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const std::string text = trimmed(line);
    if (text.empty() || text.front() == '#') continue;  // "  # x" too: written back, it is one
    auto tab = line.find('\t');
    if (tab == std::string::npos || trimmed(line.substr(0, tab)).empty()) {
      bad_lines_.push_back(file() + ":" + std::to_string(n) + ": expected NAME<TAB>SPELLING|...");
      bad_text_.push_back(line);
      continue;
    }
    Alias a{trimmed(line.substr(0, tab)), {}};
    std::stringstream spellings(line.substr(tab + 1));
    for (std::string s; std::getline(spellings, s, '|');)
      if (!trimmed(s).empty()) a.spellings.push_back(trimmed(s));
    entries_.push_back(std::move(a));
  }
}

void Aliases::write() const {
  std::string text = "# naba user aliases (naba alias add/rm): NAME<TAB>SPELLING|SPELLING...\n";
  for (const auto& line : bad_text_) text += line + '\n';  // the user's to fix, not ours to drop
  for (const auto& a : entries_) {
    text += a.name + '\t';
    for (std::size_t i = 0; i < a.spellings.size(); ++i) text += (i ? "|" : "") + a.spellings[i];
    text += '\n';
  }
  safe_file::replace(file(), text);  // atomic: a reader sees the old file or the new one
}

std::size_t Aliases::add(std::string_view name, const std::vector<std::string>& spellings) {
  std::string checked_name = checked(name, "name");
  if (checked_name.front() == '#')  // its line would read as a comment
    throw Error(Error::Code::bad_argument,
                "name '" + checked_name + "' starts with '#', which marks a comment in " + kFile);
  std::vector<std::string> wanted;
  for (const auto& s : spellings) wanted.push_back(checked(s, "spelling"));
  require_folder();
  FileLock lock(fs::path(index_path_) / kLockFile);
  read();  // another process may have changed it
  Alias* entry = const_cast<Alias*>(find(checked_name));
  if (!entry) entry = &entries_.emplace_back(Alias{checked_name, {}});
  std::size_t added = 0;
  for (const auto& s : wanted) {
    std::string key = key_of(s);
    bool known = key == key_of(entry->name) ||
                 std::any_of(entry->spellings.begin(), entry->spellings.end(),
                             [&](const std::string& old) { return key_of(old) == key; });
    if (!known) {
      entry->spellings.push_back(s);
      ++added;
    }
  }
  write();
  stamp_ = stamp_of(file());
  return added;
}

std::size_t Aliases::remove(std::string_view name, const std::vector<std::string>& spellings) {
  require_folder();
  FileLock lock(fs::path(index_path_) / kLockFile);
  read();
  const Alias* found = find(name);
  if (!found)
    throw Error(Error::Code::not_found, "no alias named '" + trimmed(name) + "' in " + file());
  auto entry = entries_.begin() + (found - entries_.data());
  std::size_t removed = 0;
  if (spellings.empty()) {
    removed = entry->spellings.size();
    entries_.erase(entry);
  } else {
    for (const auto& s : spellings) {
      std::string key = key_of(s);
      auto it = std::find_if(entry->spellings.begin(), entry->spellings.end(),
                             [&](const std::string& old) { return key_of(old) == key; });
      if (it == entry->spellings.end())
        throw Error(Error::Code::not_found,
                    "'" + trimmed(s) + "' is no spelling of '" + entry->name + "'");
      entry->spellings.erase(it);
      ++removed;
    }
    if (entry->spellings.empty()) entries_.erase(entry);
  }
  write();
  stamp_ = stamp_of(file());
  return removed;
}

bool Aliases::refresh() {
  if (stamp_of(file()) == stamp_) return false;
  read();
  return true;
}

}  // namespace naba
