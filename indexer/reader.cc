// CorpusReader: the files of a corpus (JSON Lines, plain or gzip via zlib, and .txt files)
// read line by line, with every problem reported by file and line. A line becomes an
// article in indexer/json_article.cc.
#include "naba/corpus.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iterator>
#include <string_view>
#include <system_error>
#include <unordered_map>
#include <utility>

#include "common/dates.h"
#include "indexer/json_article.h"
#include "indexer/raw_text.h"

namespace naba {
namespace {

namespace fs = std::filesystem;
using raw_text::is_blank;
using raw_text::looks_binary;
using raw_text::megabytes;
using raw_text::trim;
using raw_text::valid_utf8;

constexpr std::size_t kMaxBadLines = 100;   // in a row; then the file is probably not JSON Lines
constexpr unsigned kChunk = 1 << 20;        // read size for large files
constexpr unsigned kSmallChunk = 64 << 10;  // for small ones: a folder of thousands of
                                            // short .txt files must not fault in 3 MB each
constexpr std::string_view kBom = "\xEF\xBB\xBF";

enum class Kind { kJsonl, kTxt, kSkip };

struct Input {
  std::string path;
  Kind kind = Kind::kJsonl;
  std::string error;  // set when the path cannot be read at all
};

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

Kind kind_of(const fs::path& path, bool named_explicitly) {
  const std::string name = lower(path.filename().string());
  if (ends_with(name, ".txt")) return Kind::kTxt;
  if (ends_with(name, ".jsonl") || ends_with(name, ".jsonl.gz")) return Kind::kJsonl;
  return named_explicitly ? Kind::kJsonl : Kind::kSkip;
}

}  // namespace

struct CorpusReader::Impl {
  std::vector<Input> inputs;
  std::size_t next_input = 0;
  std::function<void(const ReadProblem&)> handler;
  std::size_t problems = 0;
  std::size_t bytes_read = 0;
  std::size_t total_bytes = 0;
  std::string file;
  std::size_t line = 0;
  std::size_t bad_run = 0;        // consecutive bad lines in the current file
  std::size_t content_lines = 0;  // lines not blank in the current file
  // Until a line of the current file is JSON, its lines that are not are held
  // back: a file of prose gets one message, not one per line.
  bool seen_json = false;
  std::vector<ReadProblem> held;
  // Where each id was read in this run (input number, line; 0 for a .txt file), to report
  // duplicates.
  struct Place {
    std::size_t input, line;
  };
  std::unordered_map<std::string, Place> seen_ids;

  // The open file and its read buffer; gzread reads plain files too.
  gzFile gz = nullptr;
  std::string buf;
  unsigned chunk = kChunk;  // bytes per read for the open file
  std::size_t pos = 0;      // start of the next line in buf
  std::size_t scanned = 0;  // bytes of buf already searched for '\n'
  bool eof = false;
  bool overlong = false;  // the line just read was over kMaxLineBytes and was dropped
  std::string read_error;

  std::string text;  // the current line
  JsonArticleParser json;

  void add_input(const std::string& path);
  void report(std::size_t at_line, std::string message, bool warning = false);
  void note_id(const std::string& id);
  void check_date(Article& article);
  void report_line(std::string problem);
  void end_of_file();
  bool binary_file();
  bool open(const std::string& path);
  void close();
  void fill();
  bool read_line(std::string& out);
  bool read_txt(Article& article);
  bool next(Article& article);
};

void CorpusReader::Impl::add_input(const std::string& path) {
  std::error_code ec;
  const auto status = fs::status(path, ec);
  if (!fs::exists(status)) {
    const bool missing = !ec || ec == std::errc::no_such_file_or_directory;
    inputs.push_back({path, Kind::kJsonl, missing ? "no such file or directory" : ec.message()});
    return;
  }
  if (!fs::is_directory(status)) {
    inputs.push_back({path, kind_of(path, true), {}});
    const auto size = fs::file_size(path, ec);
    if (!ec) total_bytes += size;
    return;
  }
  std::vector<Input> found;
  fs::recursive_directory_iterator it(path, ec), end;
  for (; !ec && it != end; it.increment(ec)) {
    std::error_code file_ec;
    if (!it->is_regular_file(file_ec)) continue;
    const Kind kind = kind_of(it->path(), false);
    if (kind != Kind::kSkip) found.push_back({it->path().string(), kind, {}});
  }
  std::sort(found.begin(), found.end(),
            [](const Input& a, const Input& b) { return a.path < b.path; });
  for (const Input& input : found) {
    std::error_code size_ec;
    const auto size = fs::file_size(input.path, size_ec);
    if (!size_ec) total_bytes += size;
  }
  if (ec) found.push_back({path, Kind::kSkip, ec.message()});
  std::move(found.begin(), found.end(), std::back_inserter(inputs));
}

void CorpusReader::Impl::report(std::size_t at_line, std::string message, bool warning) {
  ++problems;
  if (handler) handler(ReadProblem{file, at_line, std::move(message), warning});
}

// A date written YYYY-MM-DD that is no real day (2018-02-30, 9999-99-99) would
// sort and range as one: the article is kept without it.
void CorpusReader::Impl::check_date(Article& article) {
  const std::string_view date = article.date;
  const bool date_shaped = date.size() >= 10 && date[4] == '-' && date[7] == '-';
  if (!date_shaped || dates::starts_with_real_date(date)) return;
  report(line,
         "date \"" + article.date + "\" is no real day; the article is indexed without a date",
         true);
  article.date.clear();
}

void CorpusReader::Impl::note_id(const std::string& id) {
  const Place here{next_input - 1, line};
  auto [it, inserted] = seen_ids.try_emplace(id, here);
  if (inserted) return;
  const Place before = it->second;
  std::string where = inputs[before.input].path;
  if (before.line) where.append(":").append(std::to_string(before.line));
  report(
      line,
      "duplicate id: \"" + id + "\" was already read at " + where + "; this later copy replaces it",
      true);
  it->second = here;
}

// Reads the first bytes of the file just opened and tells whether they look binary.
bool CorpusReader::Impl::binary_file() {
  constexpr std::size_t kHead = 4096;
  while (buf.size() < kHead && !eof) fill();
  return looks_binary(std::string_view(buf).substr(0, kHead));
}

bool CorpusReader::Impl::open(const std::string& path) {
  // open() + gzdopen() rather than gzopen() so errno is the real reason on failure.
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    report(0, std::strerror(errno));
    return false;
  }
  struct stat st {};
  chunk = fstat(fd, &st) == 0 && st.st_size < kChunk
              ? std::max(kSmallChunk, static_cast<unsigned>(st.st_size) + 1)
              : kChunk;
  gz = gzdopen(fd, "rb");
  if (gz == nullptr) {
    ::close(fd);
    report(0, "cannot allocate zlib state");
    return false;
  }
  gzbuffer(gz, chunk);
  buf.clear();
  pos = scanned = 0;
  eof = overlong = false;
  read_error.clear();
  bad_run = content_lines = 0;
  seen_json = false;
  held.clear();
  return true;
}

void CorpusReader::Impl::close() {
  if (gz != nullptr) gzclose(gz);
  gz = nullptr;
  buf.clear();
  if (buf.capacity() > 4 * kChunk) buf.shrink_to_fit();  // a huge line should not pin its memory
}

void CorpusReader::Impl::fill() {
  buf.erase(0, pos);
  scanned -= pos;
  pos = 0;
  const std::size_t old = buf.size();
  buf.resize(old + chunk);
  const int n = gzread(gz, buf.data() + old, chunk);
  buf.resize(old + static_cast<std::size_t>(std::max(n, 0)));
  if (n > 0) return;
  eof = true;
  int code = Z_OK;
  const char* message = gzerror(gz, &code);
  if (code == Z_ERRNO) {
    read_error = std::strerror(errno);
  } else if (code == Z_BUF_ERROR) {
    read_error = "gzip data truncated (unexpected end of file)";
  } else if (code != Z_OK || n < 0) {
    read_error = std::string("gzip data corrupt: ") + message;
  }
}

bool CorpusReader::Impl::read_line(std::string& out) {
  overlong = false;
  for (;;) {
    const auto newline = buf.find('\n', scanned);
    if (newline != std::string::npos) {
      overlong = overlong || newline - pos > kMaxLineBytes;
      if (overlong)
        out.clear();
      else
        out.assign(buf, pos, newline - pos);
      pos = scanned = newline + 1;
      return true;
    }
    scanned = buf.size();
    if (scanned - pos > kMaxLineBytes) {  // drop what we have, keep looking for the '\n'
      overlong = true;
      bytes_read += scanned - pos;
      pos = scanned;
    }
    if (eof) {
      // A last line without '\n' is fine, but not the broken tail of a damaged file.
      if ((pos == buf.size() && !overlong) || !read_error.empty()) return false;
      if (overlong)
        out.clear();
      else
        out.assign(buf, pos);
      pos = scanned = buf.size();
      return true;
    }
    fill();
  }
}

bool CorpusReader::Impl::read_txt(Article& article) {
  while (!eof) fill();
  pos = buf.size();
  bytes_read += buf.size();
  if (!read_error.empty()) {
    report(0, read_error);
    return false;
  }
  std::string_view all = buf;
  if (all.starts_with(kBom)) all.remove_prefix(kBom.size());
  if (all.find('\0') != std::string_view::npos) {
    report(0, "NUL byte in file");
    return false;
  }
  if (!valid_utf8(all)) {
    report(0, "invalid UTF-8");
    return false;
  }
  if (all.size() > kMaxArticleBytes) {
    report(0, "article is " + megabytes(all.size()) + ", over the " + megabytes(kMaxArticleBytes) +
                  " limit; split it into several articles");
    return false;
  }
  std::string content;
  content.reserve(all.size());
  for (std::size_t i = 0; i < all.size(); ++i) {
    if (all[i] != '\r' || i + 1 >= all.size() || all[i + 1] != '\n') content += all[i];
  }
  std::string_view rest = content;
  std::string_view title;
  while (!rest.empty() && title.empty()) {
    const auto end = std::min(rest.find('\n'), rest.size());
    title = trim(rest.substr(0, end));
    rest.remove_prefix(std::min(end + 1, rest.size()));
  }
  if (title.empty()) {
    report(0, "empty file");
    return false;
  }
  const std::string name = fs::path(file).filename().string();
  article = Article{};
  article.id = name.substr(0, name.size() - 4);  // only .txt files get here
  article.title = title;
  article.body = trim(rest);
  note_id(article.id);
  return true;
}

bool CorpusReader::Impl::next(Article& article) {
  for (;;) {
    if (gz == nullptr) {
      if (next_input == inputs.size()) return false;
      const Input& input = inputs[next_input++];
      file = input.path;
      line = 0;
      if (!input.error.empty()) {
        report(0, input.error);
        continue;
      }
      if (!open(input.path)) continue;
      if (input.kind == Kind::kTxt) {
        const bool ok = read_txt(article);
        close();
        if (ok) return true;
        continue;
      }
      if (binary_file()) {
        report(0, "binary file, not JSON Lines; skipped");
        close();
        continue;
      }
    }
    if (!read_line(text)) {
      if (!read_error.empty()) report(line + 1, read_error);
      end_of_file();
      continue;
    }
    ++line;
    bytes_read += text.size() + 1;
    if (overlong) {
      ++content_lines;
      report_line("line longer than " + megabytes(kMaxLineBytes) + "; skipped");
      continue;
    }
    if (line == 1 && std::string_view(text).starts_with(kBom)) text.erase(0, kBom.size());
    if (!text.empty() && text.back() == '\r') text.pop_back();
    if (is_blank(text)) continue;
    ++content_lines;
    std::string problem = json.parse(text, article);
    if (problem.empty()) {
      seen_json = true;
      for (auto& p : held) report(p.line, std::move(p.message));
      held.clear();
      bad_run = 0;
      note_id(article.id);
      check_date(article);
      return true;
    }
    report_line(std::move(problem));
    if (++bad_run == kMaxBadLines) {
      if (held.empty()) report(line, "too many bad lines; skipping the rest of the file");
      end_of_file();
    }
  }
}

void CorpusReader::Impl::report_line(std::string problem) {
  seen_json =
      seen_json || !(problem.starts_with("invalid JSON") || problem.starts_with("line longer"));
  if (!seen_json) {
    held.push_back({file, line, std::move(problem), false});
    return;
  }
  for (auto& p : held) report(p.line, std::move(p.message));
  held.clear();
  report(line, std::move(problem));
}

// The end of a JSON Lines file (or of what is read of it): an empty file and a
// file with no JSON in it get one message each.
void CorpusReader::Impl::end_of_file() {
  if (content_lines == 0 && read_error.empty()) report(0, "empty file");
  if (!held.empty())
    report(0, "not JSON Lines: " + std::to_string(held.size()) + " line" +
                  (held.size() == 1 ? "" : "s") + ", none a JSON object (line " +
                  std::to_string(held.front().line) + ": " + held.front().message + "); skipped");
  held.clear();
  close();
}

CorpusReader::CorpusReader(std::vector<std::string> paths) : impl_(std::make_unique<Impl>()) {
  for (const std::string& path : paths) impl_->add_input(path);
}

CorpusReader::~CorpusReader() {
  impl_->close();
}

bool CorpusReader::next(Article& article) {
  return impl_->next(article);
}

void CorpusReader::on_problem(std::function<void(const ReadProblem&)> handler) {
  impl_->handler = std::move(handler);
}

std::size_t CorpusReader::bytes_read() const {
  return impl_->bytes_read;
}
std::size_t CorpusReader::total_input_bytes() const {
  return impl_->total_bytes;
}
std::size_t CorpusReader::problems() const {
  return impl_->problems;
}
const std::string& CorpusReader::current_file() const {
  return impl_->file;
}
std::size_t CorpusReader::current_line() const {
  return impl_->line;
}

}  // namespace naba
