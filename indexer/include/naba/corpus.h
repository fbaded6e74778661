/** @file corpus.h
 *  Reading news articles from the corpus files: JSON Lines (optionally gzipped), plain
 *  .txt files and folders of these.
 */
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "naba/export.h"

namespace naba {

/** Longest article id accepted, in bytes (index terms have a size limit). */
inline constexpr std::size_t kMaxIdBytes = 200;

/** Largest article accepted, title and body together, in bytes: far above any news article
 *  (the longest of 72,716 real ones is 62 KB), low enough that a dump pasted into one field
 *  cannot stall indexing. */
inline constexpr std::size_t kMaxArticleBytes = std::size_t{4} << 20;

/** Longest JSON line read; a longer one is skipped without being held in memory. */
inline constexpr std::size_t kMaxLineBytes = std::size_t{32} << 20;

/** One news article as read from the corpus. Paragraphs of body are separated by '\n'. */
struct Article {
  /** Unique in an index: adding an article with the same id replaces it. 1 to kMaxIdBytes bytes. */
  std::string id{};
  std::string title{};
  /** The text; paragraphs separated by '\n'. */
  std::string body{};
  /** YYYY-MM-DD (or a longer ISO-8601 date-time); other forms are kept but not range-searchable. */
  std::string date{};
  /** The publisher, e.g. "SANA"; searchable with source: and SearchOptions::source. */
  std::string source{};
  std::string category{};
  std::string url{};
};

/** A line or file the reader could not use. */
struct ReadProblem {
  /** The file, as given or as found in a folder. */
  std::string file{};
  /** 1-based line number; 0 means the whole file. */
  std::size_t line = 0;
  /** What was wrong, e.g. "missing field \"id\"". */
  std::string message{};
  /** True when the article was still read and this is only a warning (a duplicate id: the
   *  later copy replaces the earlier one); false when the line or file was skipped. */
  bool warning = false;
};

/** Reads articles from JSON Lines (.jsonl, .jsonl.gz), plain .txt files (one article each:
 *  first line the title, the rest the body, the file name without .txt its id) and folders
 *  of these, recursively (sorted by path so runs are repeatable; other file types in folders
 *  are ignored; a path named explicitly with another extension is read as JSON Lines).
 *
 *  JSON Lines objects need a string (or number) "id" and a "body" (string, or null for an empty
 * body); "title" is a string, "date", "source", "category" and "url" are strings or null. Unknown
 * fields are ignored. Bad lines and unreadable files are skipped, never fatal; so are binary files
 *  (a JSON Lines file whose first 4 KB are more than 10% control bytes or invalid UTF-8),
 *  articles over kMaxArticleBytes and lines over kMaxLineBytes. An id read twice in one run
 *  is reported as a warning: the later copy replaces the earlier one.
 *
 *  Thread safety: not thread-safe; one reader per thread.
 */
class NABA_API CorpusReader {
 public:
  /** Reads @p paths (files or folders) in the given order. Nothing is opened yet. */
  explicit CorpusReader(std::vector<std::string> paths);
  ~CorpusReader();
  CorpusReader(const CorpusReader&) = delete;
  CorpusReader& operator=(const CorpusReader&) = delete;

  /** Next good article into @p article; false at the end. Bad lines and files are skipped,
   *  reported to the problem handler (default: none) and counted. */
  bool next(Article& article);

  /** Calls @p handler for every problem found from now on. */
  void on_problem(std::function<void(const ReadProblem&)> handler);

  /** Uncompressed bytes consumed so far (for progress). */
  std::size_t bytes_read() const;

  /** Sum of the on-disk sizes of all input files (for an ETA). */
  std::size_t total_input_bytes() const;

  /** Number of problems found so far. */
  std::size_t problems() const;

  /** The file being read (or last read). */
  const std::string& current_file() const;

  /** The line last read in current_file(); 0 for a .txt file. */
  std::size_t current_line() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace naba
