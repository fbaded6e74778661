/** @file aliases.h
 *  User aliases: spellings a user adds to a name for one index, on top of the
 *  built-in gazetteer. They are kept beside the index (INDEX/aliases.tsv) and
 *  applied when a query is parsed, never at indexing: a new alias works for
 *  the next search, without re-indexing, and removing it leaves no trace.
 */
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "naba/export.h"

namespace naba {

/** One user name and the spellings that mean it. The name is a name the
 *  gazetteer knows (any of its spellings: الرقة, Raqqa), whose spellings the
 *  user extends, or a new name of the user's, which is a spelling too. */
struct Alias {
  std::string name;
  std::vector<std::string> spellings;
};

/** The user aliases of one index.
 *
 *  Storage: INDEX/aliases.tsv, UTF-8, one name a line: NAME<TAB>SPELLING|...
 *  Every change re-reads the file under an advisory lock (aliases.lock, so two
 *  `naba alias` processes never lose each other's change) and replaces it
 *  atomically (write a temporary file, then rename), so a search never reads
 *  half a file. It is independent of the Xapian index and its lock: aliases can
 *  be changed while another process indexes, and the next search sees them.
 *  Names and spellings compare as the gazetteer name they are, if they are one
 *  (الرقة = Raqqa = الرقه), else by their normalised words.
 */
class NABA_API Aliases {
 public:
  /** The aliases of the index folder @p index_path (none if it has no file).
   *  A malformed line is skipped (see bad_lines), so one bad line neither
   *  breaks searches nor the commands that would repair it. */
  explicit Aliases(std::string index_path);

  const std::vector<Alias>& entries() const { return entries_; }
  /** The entry named @p name (compared normalised), or null. */
  const Alias* find(std::string_view name) const;
  /** The file the aliases live in. */
  std::string file() const;
  /** The malformed lines skipped when the file was read, each as
   *  "FILE:LINE: expected NAME<TAB>SPELLING|..."; add and remove write them
   *  back unchanged (after the header line), for the user to fix. */
  const std::vector<std::string>& bad_lines() const { return bad_lines_; }

  /** Adds @p spellings to @p name (creating it) and saves; returns how many
   *  were new. Throws Error(bad_argument) for an empty name or spelling, or
   *  one holding a tab, newline or '|'; Error(not_found) "no index at PATH"
   *  unless the folder holds an index (require_index in naba/index.h: aliases
   *  are never written into another folder); Error(io) if the file cannot be
   *  written. */
  std::size_t add(std::string_view name, const std::vector<std::string>& spellings);

  /** Removes @p spellings from @p name, or the whole name when none are given,
   *  and saves; returns how many spellings went. Throws Error(not_found) for a
   *  name or spelling that is not there, or when there is no index (as add). */
  std::size_t remove(std::string_view name, const std::vector<std::string>& spellings = {});

  /** Re-reads the file if it changed since it was read; true if it did. */
  bool refresh();

 private:
  void read();
  void write() const;
  void require_folder() const;
  std::string index_path_;
  std::vector<Alias> entries_;
  std::vector<std::string> bad_lines_;
  std::vector<std::string> bad_text_;  // the skipped lines as they were, kept on write
  std::string stamp_;                  // size and mtime of the file when read
};

}  // namespace naba
