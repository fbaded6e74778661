#include "searcher/highlight.h"

#include <algorithm>
#include <optional>

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

HighlightHashes::HighlightHashes(const ParsedQuery& q) {
  for (const auto& term : q.highlight_terms) terms.insert(schema::term_hash(term));
  for (const auto& sequence : q.highlight_sequences) {
    auto& hashes = sequences.emplace_back();
    for (const auto& term : sequence) hashes.push_back(schema::term_hash(term));
  }
}

std::vector<Span> highlight(const schema::WordOrder& words, const schema::WordSpans& spans,
                            const std::vector<std::uint32_t>& vocabulary,
                            const HighlightHashes& q) {
  auto hash_at = [&](std::size_t position) -> std::optional<std::uint32_t> {
    if (position >= words.ranks.size() || words.ranks[position] >= vocabulary.size())
      return std::nullopt;  // a stop word
    return vocabulary[words.ranks[position]];
  };
  std::vector<Span> marks;
  std::size_t name = 0;  // the next of words.names, in position order
  const std::size_t count = std::min(words.ranks.size(), spans.words.size());
  for (std::size_t i = 0; i < count; ++i) {
    std::size_t end = 0;
    for (; name < words.names.size() && words.names[name].first <= i; ++name)
      if (words.names[name].first == i && words.names[name].second < vocabulary.size() &&
          name < spans.name_ends.size() && q.terms.contains(vocabulary[words.names[name].second]))
        end = std::max<std::size_t>(end, spans.name_ends[name]);
    auto hash = hash_at(i);
    if (hash && q.terms.contains(*hash)) end = std::max<std::size_t>(end, spans.words[i].second);
    for (const auto& sequence : q.sequences) {
      if (!hash || sequence.empty() || sequence.front() != *hash || i + sequence.size() > count)
        continue;
      bool same = true;
      for (std::size_t k = 1; same && k < sequence.size(); ++k)
        same = hash_at(i + k) == sequence[k];
      if (same) end = std::max<std::size_t>(end, spans.words[i + sequence.size() - 1].second);
    }
    if (end == 0) continue;
    const std::size_t start = spans.words[i].first;
    if (!marks.empty() && start < marks.back().end)  // inside a name already marked
      marks.back().end = std::max(marks.back().end, end);
    else
      marks.push_back({start, end});
  }
  return marks;
}

}  // namespace detail
}  // namespace naba
