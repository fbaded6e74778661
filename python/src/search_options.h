// Searcher.search(query, **options): the keyword options as naba::SearchOptions.
#pragma once

#include <pybind11/pybind11.h>

#include "naba/search.h"

namespace naba::python {

/** @p kwargs (limit, offset, passages, source, since, until, sort,
 *  all_duplicates, partial, ingested_after, ingested_through, reopen, correct) as
 *  options. An unknown name or a wrong type raises TypeError; a negative count
 *  or an unknown sort raises naba.BadArgumentError. */
SearchOptions search_options(const pybind11::kwargs& kwargs, const char* function);

}  // namespace naba::python
