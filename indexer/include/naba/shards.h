/** @file shards.h
 *  Bulk indexing into several shard indexes in parallel, and merging them.
 *  Shards are searched as one index through a stub file (docs/scaling.md).
 */
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

#include "naba/corpus.h"
#include "naba/index.h"

namespace naba {

/** The shard (0 .. @p shards - 1) holding article @p id: the FNV-1a 64-bit
 *  hash of the id's bytes modulo @p shards. Stable across runs and machines,
 *  so re-indexing an id replaces it in its shard. */
NABA_API std::size_t shard_of(std::string_view id, std::size_t shards);

/** The number of shards listed in DIR/shards.stub (0 when there is none). */
NABA_API std::size_t existing_shards(const std::string& dir);

/** Indexes every article of @p reader into @p dir/shard-0 .. shard-(N-1)
 *  (creating or adding to them) and writes @p dir/shards.stub listing them.
 *  One thread reads, analyses and finds stories in input order (so stories
 *  are those one index holding all articles would find); one thread per
 *  shard writes it, committing every options.batch_size of its articles
 *  (and then calling options.on_commit, never in two threads at once).
 *  On an error (e.g. a bad line under --strict), what came before it is
 *  committed and the error rethrown. Returns the counts. */
NABA_API IndexProgress index_sharded(
    const std::string& dir, std::size_t shards, CorpusReader& reader, Index::Options options,
    const std::function<void(const IndexProgress&)>& progress = nullptr);

/** Merges the shards of @p dir into one new index at @p output (which must
 *  not exist) with Xapian's compactor (as xapian-compact does). */
NABA_API void merge_shards(const std::string& dir, const std::string& output);

}  // namespace naba
