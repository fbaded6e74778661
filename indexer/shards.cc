// Sharded indexing (docs/scaling.md): articles spread over N shard indexes
// by a hash of their id, written in parallel, listed in a stub file; and
// merging the shards into one index.
#include "naba/shards.h"

#include <xapian.h>

#include <atomic>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "common/bounded_queue.h"
#include "common/safe_file.h"
#include "common/schema.h"
#include "common/stub_file.h"
#include "indexer/document_builder.h"
#include "indexer/index_impl.h"
#include "indexer/story_finder.h"
#include "naba/analyzer.h"
#include "naba/error.h"

namespace naba {
namespace {

namespace fs = std::filesystem;

std::string shard_path(const std::string& dir, std::size_t k) {
  return (fs::path(dir) / ("shard-" + std::to_string(k))).string();
}

}  // namespace

std::size_t shard_of(std::string_view id, std::size_t shards) {
  std::uint64_t h = 0xcbf29ce484222325ULL;  // FNV-1a, 64 bits
  for (unsigned char c : id) h = (h ^ c) * 0x100000001b3ULL;
  return static_cast<std::size_t>(h % shards);
}

std::size_t existing_shards(const std::string& dir) {
  auto stub = stub_file::shard_folder_stub(dir);
  return stub ? stub_file::read(*stub).size() : 0;
}

IndexProgress index_sharded(const std::string& dir, std::size_t shards, CorpusReader& reader,
                            Index::Options options,
                            const std::function<void(const IndexProgress&)>& progress) {
  if (shards < 1 || shards > 256)
    throw Error(Error::Code::bad_argument,
                "shard count must be 1 to 256, not " + std::to_string(shards));
  if (std::size_t n = existing_shards(dir); n && n != shards)
    throw Error(Error::Code::bad_argument,
                dir + " holds " + std::to_string(n) + " shards, not " + std::to_string(shards) +
                    ": its shard count cannot change (the shard of an article depends on it)");
  if (fs::exists(fs::path(dir) / "iamglass"))
    throw Error(Error::Code::bad_argument, dir + " is a single index, not a folder of shards");
  std::vector<std::string> paths;
  for (std::size_t k = 0; k < shards; ++k) paths.push_back(shard_path(dir, k));
  // Shards may be served remotely (xapian-tcpsrv), where naba cannot check a
  // phrase against passage text: they keep word positions.
  options.positions = true;
  // Every shard's writer calls on_commit (naba index --alerts): one at a time.
  if (options.on_commit)
    options.on_commit = [f = options.on_commit, one = std::make_shared<std::mutex>()] {
      std::lock_guard lock(*one);
      f();
    };
  std::vector<std::unique_ptr<Index::Impl>> writers;
  std::optional<indexer::StoryFinder> stories;
  translate_errors(dir, [&] {
    stories.emplace(indexer::StoryFinder::of_shards(paths));
    for (const auto& p : paths) writers.push_back(std::make_unique<Index::Impl>(p, options));
  });
  std::string stub = "# naba index --shards " + std::to_string(shards) +
                     ": article id -> shard (FNV-1a 64-bit hash of the id) mod " +
                     std::to_string(shards) + "\n";
  for (std::size_t k = 0; k < shards; ++k) stub += "auto shard-" + std::to_string(k) + "\n";
  safe_file::replace((fs::path(dir) / stub_file::kShardsStub).string(), stub);

  // This thread reads, analyses and finds stories (in input order); one
  // thread per shard writes it, so the shards' Xapian writes run in parallel.
  struct Item {
    indexer::Prepared prepared;
    std::string story;
  };
  std::vector<std::unique_ptr<BoundedQueue<Item>>> queues;
  for (std::size_t k = 0; k < shards; ++k)
    queues.push_back(std::make_unique<BoundedQueue<Item>>(128));
  std::atomic<std::size_t> articles = 0, passages = 0, bytes = 0;

  auto fail = [&](std::exception_ptr e) {  // a failed write stops every shard and the reader
    for (auto& queue : queues) queue->fail(e);
  };
  std::vector<std::thread> threads;
  for (std::size_t k = 0; k < shards; ++k) {
    threads.emplace_back([&, k] {
      try {
        while (auto item = queues[k]->pop()) {
          translate_errors(dir, [&] { writers[k]->write(item->prepared, &item->story); });
          bytes += item->prepared.bytes;
          passages += item->prepared.passages;
          ++articles;
        }
        if (queues[k]->failure()) return;
        translate_errors(dir, [&] { writers[k]->commit(); });
      } catch (...) {
        fail(std::current_exception());
      }
    });
  }

  std::exception_ptr stopped;  // a bad line under --strict: what came before is kept
  try {
    Analyzer analyzer;
    Article article;
    while (reader.next(article)) {
      indexer::Prepared p =
          indexer::prepare(article, analyzer, {options.positions, options.positions});
      std::string story =
          translate_errors(dir, [&] { return stories->story_of(p.id, p.signature); });
      std::size_t k = shard_of(p.id, shards);
      if (!queues[k]->push({std::move(p), std::move(story)})) break;
      if (progress) progress({articles, passages, bytes, 0});
    }
  } catch (...) {
    stopped = std::current_exception();
  }
  for (auto& queue : queues) queue->close();
  for (auto& t : threads) t.join();
  for (auto& queue : queues)
    if (auto failure = queue->failure()) std::rethrow_exception(failure);
  IndexProgress total{articles, passages, bytes, articles};
  if (stopped) {
    if (progress) progress(total);
    std::rethrow_exception(stopped);
  }
  return total;
}

void merge_shards(const std::string& dir, const std::string& output) {
  auto stub = stub_file::shard_folder_stub(dir);
  if (!stub)
    throw Error(Error::Code::not_found, dir + " is not a folder of shards (no shards.stub)");
  if (fs::exists(output) && !(fs::is_directory(output) && fs::is_empty(output)))
    throw Error(Error::Code::bad_argument, "cannot merge into " + output + ": it exists");
  const auto shards = stub_file::read(*stub);
  translate_errors(dir, [&] {
    Xapian::Database all;
    std::uint64_t passages = 0, passage_words = 0;
    for (const auto& shard : shards) {
      Xapian::Database one = stub_file::open_shard(shard);
      all.add_database(one);
      passages += std::strtoull(one.get_metadata(schema::kPassageCount).c_str(), nullptr, 10);
      passage_words += std::strtoull(one.get_metadata(schema::kPassageWords).c_str(), nullptr, 10);
    }
    all.compact(output, Xapian::DBCOMPACT_MULTIPASS);
    // Compacting keeps the first shard's metadata: the totals are all of them.
    Xapian::WritableDatabase merged(output, Xapian::DB_OPEN);
    merged.set_metadata(schema::kArticleCount, std::to_string(merged.get_doccount()));
    merged.set_metadata(schema::kPassageCount, std::to_string(passages));
    merged.set_metadata(schema::kPassageWords, std::to_string(passage_words));
    merged.commit();
  });
}

}  // namespace naba
