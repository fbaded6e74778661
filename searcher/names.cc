#include "searcher/names.h"

namespace naba::detail {
namespace {

std::uint32_t slack_of(const std::string& term, const Analyzer& analyzer) {
  auto e = analyzer.entity(term);
  return e && e->max_words > 1 ? e->max_words - 1 : 0;
}

}  // namespace

TermSequence indexed_terms(const Analyzer& analyzer, std::string_view text) {
  if (std::string name = analyzer.name_term(text); !name.empty()) return {name};
  TermSequence terms;
  std::vector<Token> tokens = analyzer.analyze(text);
  for (const auto& t : tokens) terms.push_back(t.term);
  while (!terms.empty() && terms.back().empty()) terms.pop_back();  // stop words around it
  while (!terms.empty() && terms.front().empty()) terms.erase(terms.begin());
  return terms;
}

NameTable::NameTable(const Aliases& aliases, Analyzer& analyzer) {
  for (const auto& alias : aliases.entries()) {
    std::string term = analyzer.name_term(alias.name);
    std::size_t index;
    if (!term.empty()) {  // the user extends a gazetteer name
      auto [it, fresh] = by_term_.try_emplace(term, groups_.size());
      if (fresh) groups_.push_back({term, slack_of(term, analyzer), {}});
      index = it->second;
    } else {  // a name of the user's own: its name is one of its spellings
      index = groups_.size();
      groups_.push_back({});
      groups_[index].spellings.push_back(indexed_terms(analyzer, alias.name));
    }
    for (const auto& s : alias.spellings) {
      TermSequence seq = indexed_terms(analyzer, s);
      if (seq.empty() || seq.front().empty()) continue;  // a stop word leads: cannot be found
      if (seq.size() == 1 && seq[0] == groups_[index].term) continue;  // already that name
      groups_[index].spellings.push_back(std::move(seq));
    }
  }
  for (std::size_t g = 0; g < groups_.size(); ++g)
    for (const auto& seq : groups_[g].spellings)
      if (!seq.empty() && !seq.front().empty()) by_first_[seq.front()].push_back({seq, g});
}

std::optional<NameMatch> NameTable::match_at(const std::vector<Token>& tokens, std::size_t i,
                                             const Analyzer& analyzer) const {
  const Token& t = tokens[i];
  std::optional<NameMatch> best;
  auto builtin = [&](const std::string& term, std::size_t count) {
    NameMatch m{i, count, {}};
    if (auto it = by_term_.find(term); it != by_term_.end())
      m.group = groups_[it->second];
    else
      m.group = {term, slack_of(term, analyzer), {}};
    best = std::move(m);
  };
  if (!t.entity.empty())
    builtin(t.entity, t.entity_words);
  else if (t.known_name)
    builtin(t.term, 1);
  if (t.term.empty()) return best;
  auto it = by_first_.find(t.term);
  if (it == by_first_.end()) return best;
  for (const auto& [seq, g] : it->second) {
    if (i + seq.size() > tokens.size() || (best && best->count >= seq.size())) continue;
    bool same = true;
    for (std::size_t k = 1; k < seq.size() && same; ++k) same = tokens[i + k].term == seq[k];
    if (same) best = NameMatch{i, seq.size(), groups_[g]};
  }
  return best;
}

}  // namespace naba::detail
