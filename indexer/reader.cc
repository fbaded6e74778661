// CorpusReader: JSON Lines (plain or gzip, via zlib) parsed with simdjson on demand, and .txt
// files.
#include "naba/corpus.h"

#include <fcntl.h>
#include <simdjson.h>
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

namespace naba {
namespace {

namespace fs = std::filesystem;
namespace od = simdjson::ondemand;

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

bool is_blank(std::string_view s) {
  return s.find_first_not_of(" \t\r\n\v\f") == std::string_view::npos;
}

std::string_view trim(std::string_view s) {
  const auto first = s.find_first_not_of(" \t\r\n\v\f");
  if (first == std::string_view::npos) return {};
  return s.substr(first, s.find_last_not_of(" \t\r\n\v\f") - first + 1);
}

const char* type_name(od::json_type type) {
  switch (type) {
    case od::json_type::array:
      return "array";
    case od::json_type::object:
      return "object";
    case od::json_type::number:
      return "number";
    case od::json_type::string:
      return "string";
    case od::json_type::boolean:
      return "boolean";
    case od::json_type::null:
      return "null";
  }
  return "unknown";
}

bool valid_utf8(std::string_view s) {
  return simdjson::validate_utf8(s.data(), s.size());
}

std::string megabytes(std::size_t bytes) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f MB", static_cast<double>(bytes) / (1 << 20));
  return buf;
}

// A copy of @p s with every byte outside a valid UTF-8 sequence replaced by '?'. simdjson
// rejects the whole line otherwise; this way we can still tell which field held the bad bytes.
void replace_invalid_utf8(std::string_view s, std::string& out) {
  out.assign(s);
  for (std::size_t i = 0; i < s.size();) {
    const auto lead = static_cast<unsigned char>(s[i]);
    const std::size_t len = lead < 0x80   ? 1
                            : lead < 0xC2 ? 0
                            : lead < 0xE0 ? 2
                            : lead < 0xF0 ? 3
                            : lead < 0xF5 ? 4
                                          : 0;
    if (len != 0 && i + len <= s.size() && valid_utf8(s.substr(i, len))) {
      i += len;
    } else {
      out[i++] = '?';
    }
  }
}

// True when @p head (a file's first bytes) is more than 10% control bytes (other than
// whitespace) or bytes outside valid UTF-8: an image, an archive, a database, not text.
// A stray NUL or bad byte in a text file stays far below that and is reported by line.
bool looks_binary(std::string_view head) {
  std::string repaired;
  replace_invalid_utf8(head, repaired);
  std::size_t bad = 0;
  for (std::size_t i = 0; i < head.size(); ++i) {
    const auto c = static_cast<unsigned char>(head[i]);
    const bool control = c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v';
    // A sequence cut at the end of head is not a sign of binary data.
    const bool invalid = repaired[i] == '?' && c != '?' && i + 4 < head.size();
    bad += control || invalid;
  }
  return bad * 10 > head.size();
}

// The JSON fields we read, by their slot in Article.
struct FieldSpec {
  std::string_view name;
  std::string Article::*slot;
  bool nullable;
};
constexpr FieldSpec kFields[] = {
    {"id", &Article::id, false},        {"title", &Article::title, true},
    {"body", &Article::body, true},     {"date", &Article::date, true},
    {"source", &Article::source, true}, {"category", &Article::category, true},
    {"url", &Article::url, true},
};

// True if @p line is a JSON object, braces balanced, with more than spaces after
// it: simdjson reports that as an object that "ended early".
bool has_trailing_characters(std::string_view line) {
  const auto start = line.find_first_not_of(" \t");
  if (start == std::string_view::npos || line[start] != '{') return false;
  int depth = 0;
  bool in_string = false;
  for (std::size_t i = start; i < line.size(); ++i) {
    const char c = line[i];
    if (in_string) {
      if (c == '\\')
        ++i;
      else if (c == '"')
        in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      ++depth;
    } else if ((c == '}' || c == ']') && --depth == 0) {
      return line.find_first_not_of(" \t\r", i + 1) != std::string_view::npos;
    }
  }
  return false;
}

std::string invalid_json(simdjson::error_code error) {
  return std::string("invalid JSON: ") + simdjson::error_message(error);
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

  std::string text;   // the current line
  std::string clean;  // the current line with invalid UTF-8 replaced
  od::parser parser;

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
  std::string parse_line(Article& article);
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
  if (before.line) where += ":" + std::to_string(before.line);
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

std::string CorpusReader::Impl::parse_line(Article& article) {
  if (text.find('\0') != std::string::npos) return "NUL byte in line";
  const bool utf8_ok = valid_utf8(text);
  if (!utf8_ok) replace_invalid_utf8(text, clean);
  std::string& json = utf8_ok ? text : clean;
  json.reserve(json.size() + simdjson::SIMDJSON_PADDING);

  od::document doc;
  auto error =
      parser.iterate(simdjson::padded_string_view(json.data(), json.size(), json.capacity()))
          .get(doc);
  if (error) return invalid_json(error);
  od::json_type type;
  if ((error = doc.type().get(type))) return invalid_json(error);
  if (type != od::json_type::object) {
    // On demand only peeks at the first byte: "nonsense" would pass for null.
    bool is_null = false, flag = false;
    if ((type == od::json_type::null && (doc.is_null().get(is_null) || !is_null)) ||
        (type == od::json_type::boolean && doc.get_bool().get(flag)))
      return "invalid JSON: not a JSON value";
    return std::string("not a JSON object (got ") + type_name(type) + ")";
  }
  od::object object;
  if ((error = doc.get_object().get(object))) return invalid_json(error);

  article = Article{};
  bool has_id = false, has_body = false;
  for (auto field : object) {
    std::string_view key;
    if ((error = field.unescaped_key().get(key))) return invalid_json(error);
    const auto spec = std::find_if(std::begin(kFields), std::end(kFields),
                                   [&](const FieldSpec& f) { return f.name == key; });
    if (spec == std::end(kFields)) continue;  // unknown fields are skipped by the iterator
    const std::string name(spec->name);
    od::value value;
    if ((error = field.value().get(value)) || (error = value.type().get(type))) {
      return invalid_json(error);
    }
    const std::string_view raw = value.raw_json_token();
    std::string& out = article.*(spec->slot);
    if (type == od::json_type::string) {
      // On the repaired copy, look at the same bytes of the original line.
      if (!utf8_ok &&
          !valid_utf8(std::string_view(text).substr(raw.data() - json.data(), raw.size()))) {
        return "invalid UTF-8 in field \"" + name + "\"";
      }
      std::string_view s;
      if ((error = value.get_string().get(s))) return invalid_json(error);
      if (!valid_utf8(s)) return "invalid UTF-8 in field \"" + name + "\"";
      out.assign(s);
    } else if (type == od::json_type::null && spec->nullable) {
      out.clear();
    } else if (type == od::json_type::number && name == "id") {
      od::number number;
      if ((error = value.get_number().get(number))) return invalid_json(error);
      out.assign(trim(raw));  // the number as written, e.g. 12 → "12"
    } else {
      const char* wanted = spec->nullable ? "a string or null"
                           : name == "id" ? "a string or number"
                                          : "a string";
      return "field \"" + name + "\" must be " + wanted + ", got " + type_name(type);
    }
    has_id = has_id || name == "id";
    has_body = has_body || name == "body";
  }
  const char* location = nullptr;
  if (!doc.current_location().get(location)) return "trailing characters after the JSON object";
  if (!has_id) return "missing field \"id\"";
  if (trim(article.id).empty()) return "field \"id\" is empty";
  if (article.id.size() > kMaxIdBytes)
    return "field \"id\" is longer than " + std::to_string(kMaxIdBytes) + " bytes";
  if (!has_body) return "missing field \"body\"";
  if (const std::size_t size = article.title.size() + article.body.size(); size > kMaxArticleBytes)
    return "article is " + megabytes(size) + ", over the " + megabytes(kMaxArticleBytes) +
           " limit; split it into several articles";
  return {};
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
    std::string problem = parse_line(article);
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
  if (problem.starts_with("invalid JSON") && has_trailing_characters(text))
    problem = "trailing characters after the JSON object";  // a JSON object, then more
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
