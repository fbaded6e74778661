// Embedding naba: create an index, add three articles, search, and print the
// best passage of each result with its matches [highlighted].
#include <naba/naba.h>

#include <iostream>
#include <string>

int main(int argc, char** argv) {
  const std::string path = argc > 1 ? argv[1] : "embed-index";
  try {
    naba::Index index(path);  // opens the index, creating it if needed
    index.add({.id = "raqqa-1",
               .title = "معارك في الرقة",
               .body = "تقدمت القوات نحو مدينة الرقة من ثلاثة محاور.\n"
                       "وقال مراسلنا إن المعارك في الرقّة اشتدت مساء الأحد."});
    index.add({.id = "astana-1",
               .title = "محادثات أستانا",
               .body = "انطلقت في أستانة جولة جديدة من المحادثات حول سوريا."});
    index.add({.id = "daraa-1",
               .title = "هدنة في درعا",
               .body = "أعلنت هدنة في درعا والقنيطرة، ونزح أهالٍ من الرقة إليها."});
    index.commit();  // now visible to searches

    naba::Searcher searcher(path);
    naba::SearchResults found = searcher.search("Raqqa", {.limit = 5});
    std::cout << found.total << " articles match \"" << found.query << "\"\n";
    for (const naba::SearchResult& r : found.results) {
      const naba::PassageHit& best = r.passages.front();
      std::string text;
      std::size_t done = 0;
      for (const naba::Span& s : best.highlights) {
        text += best.text.substr(done, s.start - done) + "[" +
                best.text.substr(s.start, s.end - s.start) + "]";
        done = s.end;
      }
      std::cout << r.rank << ". " << r.id << " | " << r.title << "\n   "
                << text + best.text.substr(done) << "\n";
    }
  } catch (const naba::Error& e) {
    std::cerr << "naba error (" << naba::error_code_name(e.code()) << "): " << e.what() << "\n";
    return 1;
  }
}
