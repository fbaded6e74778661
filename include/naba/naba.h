/** @file naba.h
 *  libnaba, the naba search engine as a C++ library: include this one header.
 *
 *  An article's way: Article → Analyzer tokens → passages → Index (commit).
 *  A query's way: text → Searcher → ranked articles with their best passages
 *  and highlight spans on the original text.
 *
 *  Every call that fails throws naba::Error (with a code); no Xapian, ICU or
 *  simdjson type or exception appears in this API. Threads: Analyzer,
 *  CorpusReader, Index and Searcher objects are each used by one thread at a
 *  time; one Index (per index, across processes) writes while any number of
 *  Searchers read. Plain structs (Article, SearchResults ...) are values.
 */
#pragma once

#include "naba/alerts.h"
#include "naba/aliases.h"
#include "naba/analyzer.h"
#include "naba/corpus.h"
#include "naba/error.h"
#include "naba/export.h"
#include "naba/index.h"
#include "naba/passages.h"
#include "naba/search.h"
#include "naba/shards.h"
#include "naba/text.h"
#include "naba/version.h"
