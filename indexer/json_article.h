// One line of JSON Lines → one Article, with simdjson on demand; a line that
// is no article gets a message saying why (file and line are the reader's).
#pragma once

#include <simdjson.h>

#include <string>

#include "naba/corpus.h"

namespace naba {

class JsonArticleParser {
 public:
  /** Reads @p line (padded in place for simdjson) into @p article; returns ""
   *  or what is wrong with the line. */
  std::string parse(std::string& line, Article& article);

 private:
  std::string read(std::string& line, Article& article);
  simdjson::ondemand::parser parser_;
  std::string repaired_;  // the line with invalid UTF-8 replaced
};

}  // namespace naba
