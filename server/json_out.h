// naba's JSON, written through one library (nlohmann/json) for the three
// places that write it: the HTTP API, the CLI's --json and alert deliveries,
// so they can never disagree.
#pragma once

#include <nlohmann/json.hpp>

#include <string>

#include "naba/alerts.h"
#include "naba/aliases.h"
#include "naba/index.h"
#include "naba/search.h"

namespace naba::json {

/** Keys stay in the order written. */
using Json = nlohmann::ordered_json;

/** One line of JSON, no spaces; bytes that are not UTF-8 become U+FFFD. */
std::string dump(const Json& j);

/** naba search --json: query, total, results (highlights as code-point
 *  offsets), warnings; "corrections" ({word, searched}) when words were
 *  searched as others; "partial" and "missing_shards" when shards did not
 *  answer, "facets" and "facets_complete" when facets were asked, "cut_short"
 *  when the time limit cut the search short. */
Json search_results(const SearchResults& r);

/** naba stats --json. */
Json stats(const IndexStats& s);

/** naba alert list --json: one alert. */
Json alert(const Alert& a);

/** naba alert run --json: one delivered match, its best passage. */
Json alert_match(const std::string& alert, const SearchResult& r);

/** naba alias list --json: name, spellings, gazetteer id (null: a user name). */
Json alias(const Alias& a, const std::string* gazetteer_id);

}  // namespace naba::json
