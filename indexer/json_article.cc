#include "indexer/json_article.h"

#include <algorithm>
#include <iterator>
#include <string_view>

#include "indexer/raw_text.h"

namespace naba {
namespace {

namespace od = simdjson::ondemand;
using raw_text::megabytes;
using raw_text::replace_invalid_utf8;
using raw_text::trim;
using raw_text::valid_utf8;

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

std::string JsonArticleParser::parse(std::string& text, Article& article) {
  std::string problem = read(text, article);
  if (problem.starts_with("invalid JSON") && has_trailing_characters(text))
    return "trailing characters after the JSON object";  // a JSON object, then more
  return problem;
}

std::string JsonArticleParser::read(std::string& text, Article& article) {
  if (text.find('\0') != std::string::npos) return "NUL byte in line";
  const bool utf8_ok = valid_utf8(text);
  if (!utf8_ok) replace_invalid_utf8(text, repaired_);
  std::string& json = utf8_ok ? text : repaired_;
  json.reserve(json.size() + simdjson::SIMDJSON_PADDING);

  od::document doc;
  auto error =
      parser_.iterate(simdjson::padded_string_view(json.data(), json.size(), json.capacity()))
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

}  // namespace naba
