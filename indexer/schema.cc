#include "schema.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>

namespace naba::schema {
namespace {

// Fields are netstrings: "<length>:<bytes>".
void put(std::string& out, std::string_view field) {
  out += std::to_string(field.size());
  out.push_back(':');
  out.append(field);
}

std::string_view take(std::string_view& in) {
  auto colon = in.find(':');
  if (colon == std::string_view::npos) return {};
  auto size = std::strtoul(std::string(in.substr(0, colon)).c_str(), nullptr, 10);
  in.remove_prefix(colon + 1);
  auto field = in.substr(0, std::min<std::size_t>(size, in.size()));
  in.remove_prefix(field.size());
  return field;
}

}  // namespace

std::string pack(const StoredPassage& p) {
  std::string out;
  for (std::string_view f :
       {std::string_view(p.id), std::string_view(p.title), std::string_view(p.date),
        std::string_view(p.source), std::string_view(p.url), std::string_view(p.text)})
    put(out, f);
  put(out, std::to_string(p.index));
  put(out, std::to_string(p.paragraph));
  return out;
}

StoredPassage unpack(std::string_view data) {
  StoredPassage p;
  for (std::string* f : {&p.id, &p.title, &p.date, &p.source, &p.url, &p.text})
    *f = std::string(take(data));
  p.index = std::strtoul(std::string(take(data)).c_str(), nullptr, 10);
  p.paragraph = std::strtoul(std::string(take(data)).c_str(), nullptr, 10);
  return p;
}

std::uint64_t last_ingest(const Xapian::Database& db) {
  return std::strtoull(db.get_metadata(kIngestSeq).c_str(), nullptr, 10);
}

std::string source_term(std::string_view source) {
  std::string term(kSource);
  for (char c : source)
    term.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  return term.substr(0, 200);
}

std::string date_value(std::string_view iso) {
  if (iso.size() < 10 || iso[4] != '-' || iso[7] != '-') return {};
  std::string v;
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (!std::isdigit(static_cast<unsigned char>(iso[i]))) return {};
    v.push_back(iso[i]);
  }
  return v;
}

}  // namespace naba::schema
