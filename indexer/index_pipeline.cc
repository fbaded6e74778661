// Index::add_all: a reader thread reads, analyses and finds stories while
// this thread writes, the two joined by a bounded queue.
#include <atomic>
#include <deque>
#include <exception>
#include <optional>
#include <string>
#include <thread>

#include "common/bounded_queue.h"
#include "indexer/document_builder.h"
#include "indexer/index_impl.h"
#include "indexer/story_finder.h"
#include "naba/analyzer.h"
#include "naba/corpus.h"
#include "naba/index.h"

namespace naba {

void Index::add_all(CorpusReader& reader,
                    const std::function<void(const IndexProgress&)>& progress) {
  // Analysis and story lookup (reader thread) and Xapian writes (this
  // thread) overlap; the stories are looked up in the index as committed.
  struct Item {
    indexer::Prepared prepared;
    std::string story;
    bool is_new;
  };
  std::optional<indexer::StoryFinder> stories;
  impl_->guarded([&] {
    impl_->commit();
    stories.emplace(indexer::StoryFinder::of_committed(impl_->path));
  });
  // The writer takes the whole queue at a time, and hands the written items
  // back for the reader thread to free. A failed read closes the queue (what
  // came before is written); a failed write stops the reader.
  BoundedQueue<Item> queue(256);
  std::exception_ptr read_failure;
  std::atomic<std::size_t> committed = 0;  // articles of this run committed

  std::thread producer([&] {
    Analyzer analyzer;
    Article article;
    try {
      while (reader.next(article)) {
        indexer::Prepared p = indexer::prepare(article, analyzer, impl_->positions);
        // The writer stores the text, unless it is behind (docs/indexing.md, "Threads").
        if (queue.half_full()) indexer::store_text(p);
        stories->forget_committed(committed.load(std::memory_order_acquire));
        bool is_new = stories->is_new(p.id);
        std::string story = stories->story_of(p.id, p.signature);
        if (!queue.push({std::move(p), std::move(story), is_new})) break;
      }
    } catch (...) {
      read_failure = std::current_exception();
    }
    queue.close();
  });

  try {
    std::deque<Item> taken;
    std::size_t written = 0;
    while (queue.take_all(taken)) {
      for (auto& item : taken) {
        impl_->guarded([&] { impl_->write(item.prepared, &item.story, item.is_new); });
        ++written;
        if (impl_->since_commit == 0) committed.store(written, std::memory_order_release);
        if (progress) progress(impl_->counts);
      }
    }
  } catch (...) {
    queue.fail(std::current_exception());
  }
  producer.join();
  if (auto failure = read_failure ? read_failure : queue.failure())
    translate_errors(impl_->path, [&] { std::rethrow_exception(failure); });
  commit();
}

}  // namespace naba
