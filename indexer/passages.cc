#include "naba/passages.h"

#include <unicode/brkiter.h>
#include <unicode/utext.h>

#include <algorithm>
#include <memory>

namespace naba {
namespace {

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f';
}

// Words counted cheaply as runs of non-space bytes: passage sizes need not be exact.
std::size_t count_words(std::string_view s) {
  std::size_t n = 0;
  bool in_word = false;
  for (char c : s) {
    bool space = is_space(c);
    n += !space && !in_word;
    in_word = !space;
  }
  return n;
}

// [start, end) with surrounding white space (ASCII and NBSP) trimmed.
void trim(std::string_view text, std::size_t& start, std::size_t& end) {
  auto nbsp_at = [&](std::size_t i) { return text.compare(i, 2, "\xC2\xA0") == 0; };
  while (start < end) {
    if (is_space(text[start]))
      ++start;
    else if (nbsp_at(start))
      start += 2;
    else
      break;
  }
  while (end > start) {
    if (is_space(text[end - 1]))
      --end;
    else if (end - start >= 2 && nbsp_at(end - 2))
      end -= 2;
    else
      break;
  }
}

// Cuts one long paragraph at ICU sentence boundaries into pieces of about
// max_words each; a sentence longer than that stays whole.
void cut_sentences(std::string_view body, PassageSpan para, const PassageLimits& limits,
                   std::vector<PassageSpan>& out) {
  UErrorCode status = U_ZERO_ERROR;
  thread_local std::unique_ptr<icu::BreakIterator> sentences(
      icu::BreakIterator::createSentenceInstance(icu::Locale::getRoot(), status));
  UText* ut = utext_openUTF8(nullptr, body.data() + para.start,
                             static_cast<int64_t>(para.end - para.start), &status);
  if (!sentences || U_FAILURE(status)) {
    utext_close(ut);
    out.push_back(para);
    return;
  }
  sentences->setText(ut, status);
  std::size_t piece_start = para.start, words = 0;
  for (int32_t prev = sentences->first(), cut = sentences->next(); cut != icu::BreakIterator::DONE;
       prev = cut, cut = sentences->next()) {
    std::size_t sentence_words = count_words(body.substr(para.start + prev, cut - prev));
    if (words > 0 && words + sentence_words > limits.max_words) {
      out.push_back({piece_start, para.start + prev, para.paragraph});
      piece_start = para.start + prev;
      words = 0;
    }
    words += sentence_words;
  }
  out.push_back({piece_start, para.end, para.paragraph});
  utext_close(ut);
  for (auto& p : out) trim(body, p.start, p.end);
}

}  // namespace

std::vector<PassageSpan> split_passages(std::string_view body, PassageLimits limits) {
  std::vector<PassageSpan> pieces;
  std::size_t paragraph = 0;
  for (std::size_t start = 0; start <= body.size(); ++paragraph) {
    std::size_t end = body.find('\n', start);
    if (end == std::string_view::npos) end = body.size();
    PassageSpan para{start, end, paragraph};
    trim(body, para.start, para.end);
    if (para.end > para.start) {
      if (count_words(body.substr(para.start, para.end - para.start)) > limits.max_words)
        cut_sentences(body, para, limits, pieces);
      else
        pieces.push_back(para);
    }
    start = end + 1;
  }

  // Merge tiny pieces into the next one (the last one into the previous). A
  // merged passage belongs to the paragraph that holds most of its words.
  auto words_in = [&](const PassageSpan& p) {
    return count_words(body.substr(p.start, p.end - p.start));
  };
  auto merge = [&](PassageSpan& into, const PassageSpan& piece) {
    std::size_t paragraph = words_in(piece) > words_in(into) ? piece.paragraph : into.paragraph;
    into.start = std::min(into.start, piece.start);
    into.end = std::max(into.end, piece.end);
    into.paragraph = paragraph;
  };
  std::vector<PassageSpan> passages;
  bool carry = false;  // the last passage is tiny and waits for the next piece
  for (const auto& piece : pieces) {
    if (carry)
      merge(passages.back(), piece);
    else
      passages.push_back(piece);
    carry = words_in(passages.back()) < limits.min_words;
  }
  if (carry && passages.size() >= 2) {
    PassageSpan last = passages.back();
    passages.pop_back();
    merge(passages.back(), last);
  }
  return passages;
}

}  // namespace naba
