// Two threads search while a third indexes and commits, for SECONDS (default
// 10): no search may fail, and every article committed before a search starts
// must be found by it. Uses only the public API (<naba/naba.h>).
//
//   naba_concurrency_test [SECONDS]
#include <naba/naba.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

// The doctest tests' temporary folder; test_helpers.h uses doctest, whose
// code is compiled here (this program has its own main and failure count).
#define DOCTEST_CONFIG_IMPLEMENT
#include "test_helpers.h"

namespace {

using Clock = std::chrono::steady_clock;

// A word found in article n only.
std::string marker(std::size_t n) {
  std::string word = "zq";
  do {
    word += static_cast<char>('a' + n % 26);
    n /= 26;
  } while (n);
  return word;
}

std::string id_of(std::size_t n) {
  return "article-" + std::to_string(n);
}

naba::Article article(std::size_t n, int version) {
  return {.id = id_of(n),
          .title = "خبر رقم " + std::to_string(n),
          .body = "قالت مصادر في الرقة إن القوات تقدمت نحو المدينة. " + marker(n) +
                  "\nوأضافت المصادر أن المعارك استمرت حتى المساء، في النسخة " +
                  std::to_string(version) + ".",
          .date = "2017-06-11",
          .source = "test"};
}

struct Failures {
  std::mutex mutex;
  std::size_t count = 0;
  void add(const std::string& what) {
    std::lock_guard lock(mutex);
    if (++count <= 10) std::fprintf(stderr, "FAIL: %s\n", what.c_str());
  }
};

}  // namespace

int main(int argc, char** argv) {
  const double seconds = argc > 1 ? std::atof(argv[1]) : 10;
  const naba::test::TempDir dir("concurrency");
  const std::string path = dir / "index";

  Failures failures;
  std::atomic<std::size_t> committed{0};  // articles 0 .. committed-1 are committed
  std::atomic<bool> stop{false};
  std::size_t commits = 0, replaced = 0;
  std::vector<std::size_t> searches(2), checked(2);

  {  // The index must exist before the searchers open it.
    naba::Index index(path);
    index.add(article(0, 0));
    index.commit();
    committed = 1;
  }
  const auto deadline = Clock::now() + std::chrono::duration<double>(seconds);

  std::thread writer([&] {
    try {
      naba::Index index(path);
      std::mt19937 random(1);
      std::size_t next = committed;
      while (Clock::now() < deadline) {
        for (int i = 0; i < 5; ++i) index.add(article(next++, 0));
        // Replacing an article never makes it disappear, even for a moment.
        index.add(article(random() % next, static_cast<int>(++replaced)));
        index.commit();
        ++commits;
        committed.store(next, std::memory_order_release);
        // A commit every 20 ms (50 a second; naba index commits every 1,000 articles): a
        // Xapian reader is only guaranteed a consistent view while fewer than two commits
        // land during one search (docs/library.md).
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
      }
    } catch (const naba::Error& e) {
      failures.add(std::string("writer: ") + e.what());
    }
    stop = true;
  });

  auto searcher = [&](std::size_t me) {
    try {
      naba::Searcher searcher(path);
      std::mt19937 random(static_cast<unsigned>(me + 7));
      while (!stop) {
        std::size_t known = committed.load(std::memory_order_acquire);
        ++searches[me];
        if (searches[me] % 10 == 0) {  // a broad query or a phrase over the growing index
          const char* query = searches[me] % 20 ? "الرقة المعارك" : "\"قالت مصادر في الرقة\"";
          auto found = searcher.search(query, {.limit = 10, .passages = 2});
          if (found.results.empty()) failures.add(std::string("found nothing for ") + query);
          continue;
        }
        // The newest committed article every other time, else any earlier one.
        std::size_t n = searches[me] % 2 ? known - 1 : random() % known;
        auto found = searcher.search(marker(n), {.limit = 1});
        ++checked[me];
        if (found.results.empty() || found.results[0].id != id_of(n))
          failures.add("searcher " + std::to_string(me) + ": committed " + id_of(n) +
                       " not found (" + std::to_string(known) + " committed)");
        else if (found.results[0].passages.empty() ||
                 found.results[0].passages[0].highlights.empty())
          failures.add("no highlighted passage for " + id_of(n));
      }
    } catch (const naba::Error& e) {
      failures.add("searcher " + std::to_string(me) + ": " + e.what());
      stop = true;
    }
  };
  std::thread first(searcher, 0), second(searcher, 1);
  writer.join();
  first.join();
  second.join();

  std::size_t articles = committed.load();
  try {
    naba::IndexStats stats = naba::index_stats(path);
    if (stats.articles != articles)
      failures.add("index holds " + std::to_string(stats.articles) + " articles, expected " +
                   std::to_string(articles));
  } catch (const naba::Error& e) {
    failures.add(std::string("stats: ") + e.what());
  }

  std::printf(
      "%.0f s: %zu articles added in %zu commits (%zu replacements); searches %zu + %zu "
      "(%zu + %zu checked that a committed article is found); %zu failures\n",
      seconds, articles, commits, replaced, searches[0], searches[1], checked[0], checked[1],
      failures.count);
  return failures.count == 0 && checked[0] > 0 && checked[1] > 0 ? 0 : 1;
}
