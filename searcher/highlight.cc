#include "searcher/highlight.h"

#include <algorithm>

namespace naba {

std::size_t codepoint_offset(std::string_view text, std::size_t byte) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < byte && i < text.size(); ++i)
    n += (static_cast<unsigned char>(text[i]) & 0xC0) != 0x80;
  return n;
}

namespace detail {

std::vector<Span> highlight(const std::vector<Token>& tokens, const ParsedQuery& q) {
  std::vector<Span> spans;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    const Token& t = tokens[i];
    std::size_t end = 0;
    if (!t.entity.empty() && q.highlight_terms.contains(t.entity)) end = t.entity_end;
    if (!t.term.empty() && q.highlight_terms.contains(t.term)) end = std::max(end, t.end);
    for (auto it = q.highlight_sequences.lower_bound({t.term});
         it != q.highlight_sequences.end() && !t.term.empty() && it->front() == t.term; ++it) {
      bool same = i + it->size() <= tokens.size();
      for (std::size_t k = 1; same && k < it->size(); ++k) same = tokens[i + k].term == (*it)[k];
      if (same) end = std::max(end, tokens[i + it->size() - 1].end);
    }
    if (end == 0) continue;
    if (!spans.empty() && t.start < spans.back().end)  // inside a name already marked
      spans.back().end = std::max(spans.back().end, end);
    else
      spans.push_back({t.start, end});
  }
  return spans;
}

}  // namespace detail
}  // namespace naba
