#include "searcher/query_parser.h"

#include <algorithm>
#include <optional>
#include <vector>

#include "analyzers/spelling.h"
#include "common/schema.h"
#include "naba/error.h"
#include "searcher/phrase_source.h"
#include "searcher/query_lexer.h"

namespace naba::detail {
namespace {

// Deeper nesting is surely not a query a person wrote; the limit keeps the recursive
// parser (and Xapian's query tree) far from the end of the stack.
constexpr int kMaxNesting = 64;

// A parsed clause: a query to match (absent when the words were all stop
// words), or a filter (source:, date:) that only restricts.
struct Clause {
  std::optional<Xapian::Query> query;
  bool negated = false;
  bool filter = false;
};

class Parser {
 public:
  Parser(std::string_view text, Analyzer& analyzer, const NameTable& names, PhraseModes phrases,
         const HoldsTerm& holds)
      : lexemes_(lex(text, warnings_)),
        analyzer_(analyzer),
        names_(names),
        phrases_(phrases),
        holds_(holds) {}

  ParsedQuery parse() {
    if (lexemes_.front().kind == Kind::end)
      throw Error(Error::Code::bad_query, "the query is empty; give at least one word");
    Clause c = parse_or();
    if (peek().kind == Kind::rparen)
      throw Error(Error::Code::bad_query, "unbalanced parentheses: a ')' has no matching '('");
    if (peek().kind != Kind::end)
      throw Error(Error::Code::bad_query, "unexpected " + describe(peek()));
    if (!c.query)
      throw Error(Error::Code::bad_query,
                  "the query has only stop words, marks, punctuation or overlong words; add a word "
                  "to search for");
    if (c.negated)
      throw Error(Error::Code::bad_query, "the query only excludes; add a word to search for");
    bool only_names = !names_found_.empty() && plain_words_ == 0;
    std::sort(names_found_.begin(), names_found_.end());
    names_found_.erase(std::unique(names_found_.begin(), names_found_.end()), names_found_.end());
    return {*c.query,
            std::move(excluded_),
            std::move(highlights_),
            std::move(highlight_sequences_),
            std::move(names_found_),
            only_names,
            std::move(phrase_checks_),
            std::move(warnings_),
            std::move(corrections_)};
  }

 private:
  const Lexeme& peek() const { return lexemes_[pos_]; }
  const Lexeme& next() { return lexemes_[pos_++]; }

  static std::string describe(const Lexeme& lx) {
    switch (lx.kind) {
      case Kind::op_and:
      case Kind::op_or:
      case Kind::op_not:
        return "operator " + lx.text;
      case Kind::rparen:
        return "')'";
      case Kind::end:
        return "end of query";
      default:
        return "'" + lx.text + "'";
    }
  }

  // Joins positive clauses with op, removes negated ones, applies filters.
  // Exclusions outside parentheses apply to whole articles (kept aside for
  // the searcher); inside parentheses they apply to passages. A negated filter
  // (-source:, NOT date:) is removed from passages wherever it is: every
  // passage carries its article's source and date, so that drops whole articles.
  Clause combine(const std::vector<Clause>& clauses, Xapian::Query::op op) {
    std::vector<Xapian::Query> pos, neg, filters, neg_filters;
    for (const auto& c : clauses) {
      if (!c.query) continue;
      if (c.filter)
        (c.negated ? neg_filters : filters).push_back(*c.query);
      else
        (c.negated ? neg : pos).push_back(*c.query);
    }
    Clause out;
    if (pos.empty() && filters.empty() && !neg.empty()) {
      neg.insert(neg.end(), neg_filters.begin(), neg_filters.end());
      out.query = Xapian::Query(Xapian::Query::OP_OR, neg.begin(), neg.end());
      out.negated = true;
      return out;
    }
    if (pos.empty() && filters.empty() && !neg_filters.empty()) {
      out.query = Xapian::Query(Xapian::Query::OP_OR, neg_filters.begin(), neg_filters.end());
      out.negated = out.filter = true;
      return out;
    }
    if (pos.empty() && filters.empty()) return out;
    if (pos.empty()) {
      out.query = Xapian::Query(Xapian::Query::OP_AND, filters.begin(), filters.end());
      out.filter = true;
    } else if (op == Xapian::Query::OP_OR && pos.size() > 1) {
      // Ranked words: any may match, and articles with all of them rank higher.
      Xapian::Query any(Xapian::Query::OP_OR, pos.begin(), pos.end());
      Xapian::Query all(Xapian::Query::OP_AND, pos.begin(), pos.end());
      out.query = Xapian::Query(Xapian::Query::OP_OR, any, all);

    } else {
      out.query = Xapian::Query(op, pos.begin(), pos.end());
    }
    if (!filters.empty() && !out.filter)
      out.query =
          Xapian::Query(Xapian::Query::OP_FILTER, *out.query,
                        Xapian::Query(Xapian::Query::OP_AND, filters.begin(), filters.end()));
    if (!neg_filters.empty())
      out.query = Xapian::Query(
          Xapian::Query::OP_AND_NOT, *out.query,
          Xapian::Query(Xapian::Query::OP_OR, neg_filters.begin(), neg_filters.end()));
    if (!neg.empty() && depth_ == 0)
      excluded_.insert(excluded_.end(), neg.begin(), neg.end());
    else if (!neg.empty())
      out.query = Xapian::Query(Xapian::Query::OP_AND_NOT, *out.query,
                                Xapian::Query(Xapian::Query::OP_OR, neg.begin(), neg.end()));
    return out;
  }

  Clause parse_or() {
    std::vector<Clause> alternatives{parse_sequence()};
    while (peek().kind == Kind::op_or) {
      next();
      alternatives.push_back(parse_sequence());
    }
    if (alternatives.size() == 1) return alternatives.front();
    for (const auto& a : alternatives)
      if (a.negated || a.filter)
        throw Error(Error::Code::bad_query,
                    "OR needs words on both sides, not only exclusions or filters");
    return combine(alternatives, Xapian::Query::OP_OR);
  }

  // Words side by side: ranked, all present ranks higher.
  Clause parse_sequence() {
    std::vector<Clause> items;
    while (starts_clause(peek())) items.push_back(parse_and());
    if (items.empty()) {
      if (peek().kind == Kind::end || peek().kind == Kind::rparen)
        throw Error(Error::Code::bad_query, "expected a word before " + describe(peek()));
      throw Error(Error::Code::bad_query, describe(peek()) + " needs a word before it");
    }
    return items.size() == 1 ? items.front() : combine(items, Xapian::Query::OP_OR);
  }

  static bool starts_clause(const Lexeme& lx) {
    return lx.kind == Kind::word || lx.kind == Kind::phrase || lx.kind == Kind::lparen ||
           lx.kind == Kind::op_not || lx.kind == Kind::minus;
  }

  Clause parse_and() {
    std::vector<Clause> items{parse_unary()};
    while (peek().kind == Kind::op_and) {
      next();
      if (!starts_clause(peek()))
        throw Error(Error::Code::bad_query, "AND needs a word after it, found " + describe(peek()));
      items.push_back(parse_unary());
    }
    return items.size() == 1 ? items.front() : combine(items, Xapian::Query::OP_AND);
  }

  Clause parse_unary() {
    if (peek().kind == Kind::op_not || peek().kind == Kind::minus) {
      std::string what = next().kind == Kind::minus ? "'-'" : "NOT";
      if (!starts_clause(peek()) || peek().kind == Kind::op_not || peek().kind == Kind::minus)
        throw Error(Error::Code::bad_query,
                    what + " needs a word after it, found " + describe(peek()));
      ++negation_depth_;
      Clause c = parse_unary();
      --negation_depth_;
      c.negated = !c.negated;
      return c;
    }
    return parse_primary();
  }

  Clause parse_primary() {
    const Lexeme lx = next();
    if (lx.kind == Kind::lparen) {
      if (peek().kind == Kind::rparen)
        throw Error(Error::Code::bad_query, "empty parentheses '()'");
      if (depth_ == kMaxNesting)
        throw Error(Error::Code::bad_query,
                    "parentheses nested more than " + std::to_string(kMaxNesting) + " deep");
      ++depth_;
      Clause c = parse_or();
      --depth_;
      if (next().kind != Kind::rparen)
        throw Error(Error::Code::bad_query, "unbalanced parentheses: a '(' is never closed");
      return c;
    }
    if (lx.field == "source") return filter(Xapian::Query(schema::source_term(lx.text)));
    if (lx.field == "date") return filter(date_range(lx.text));
    if (lx.kind == Kind::word && lx.field.empty()) return words(lx);
    return terms(lx.text, lx.field == "title" ? schema::kTitle : "");
  }

  static Clause filter(Xapian::Query q) {
    Clause c;
    c.query = std::move(q);
    c.filter = true;
    return c;
  }

  static Xapian::Query date_range(const std::string& text) {
    auto dots = text.find("..");
    // date_value refuses what is no calendar day (2020-13-45 is a typo, not an empty range).
    auto value = [](std::string_view iso) { return schema::date_value(iso); };
    std::string from = value(text.substr(0, dots));
    std::string to = dots == std::string::npos ? from : value(text.substr(dots + 2));
    bool open_from = dots == 0, open_to = dots != std::string::npos && dots + 2 == text.size();
    if ((from.empty() && !open_from) || (to.empty() && !open_to))
      throw Error(
          Error::Code::bad_query,
          "date: takes YYYY-MM-DD..YYYY-MM-DD (either end may be left out), got '" + text + "'");
    if (open_from && open_to)
      throw Error(Error::Code::bad_query,
                  "date:.. gives no date; give at least one end: date:2018-01-01.. or "
                  "date:..2018-12-31");
    if (!open_from && !open_to && from > to)
      throw Error(Error::Code::bad_query, "date:" + text +
                                              " ends before it starts, so no article "
                                              "can match; did you mean date:" +
                                              text.substr(dots + 2) + ".." + text.substr(0, dots) +
                                              "?");
    if (open_from) return Xapian::Query(Xapian::Query::OP_VALUE_LE, schema::kDate, to);
    if (open_to) return Xapian::Query(Xapian::Query::OP_VALUE_GE, schema::kDate, from);
    return Xapian::Query(Xapian::Query::OP_VALUE_RANGE, schema::kDate, from, to);
  }

  // One unit of analysed query text: a word, or a name with every way the
  // index may hold it (its gazetteer term, the user's spellings).
  struct Alternative {
    TermSequence terms;
    std::uint32_t slack = 0;  // extra words a name's term may stand for in text
  };
  struct Element {
    std::uint32_t position = 0, width = 1;  // words of the query text it covers
    std::vector<Alternative> alternatives;
    bool name = false;
  };

  // Plain words side by side may spell one name (قوات سوريا الديمقراطية,
  // Deir ez-Zor, a user's alias): such words are taken together, as the name.
  Clause words(const Lexeme& first) {
    constexpr std::size_t kMaxNameWords = 8;
    std::string joined = first.text;
    std::vector<std::size_t> ends{joined.size()};  // where each word ends in joined
    for (std::size_t k = pos_; k < lexemes_.size() && ends.size() < kMaxNameWords; ++k) {
      if (lexemes_[k].kind != Kind::word || !lexemes_[k].field.empty()) break;
      joined += " " + lexemes_[k].text;
      ends.push_back(joined.size());
    }
    if (ends.size() > 1) {
      std::vector<Token> tokens = analyzer_.analyze(joined);
      for (std::size_t i = 0; i < tokens.size() && tokens[i].start < ends[0]; ++i) {
        auto m = names_.match_at(tokens, i, analyzer_);
        if (!m) continue;
        auto end = std::find(ends.begin() + 1, ends.end(), tokens[i + m->count - 1].end);
        if (end == ends.end()) continue;
        pos_ += end - ends.begin();
        return terms(joined.substr(0, *end), "");
      }
    }
    std::vector<Token> tokens = analyzer_.analyze(first.text);
    if (auto nearest = corrected(first.text, tokens)) return terms(*nearest, "");
    return terms_of(tokens, "");
  }

  // Normalising wrote a final ة as ه and ى as ي; shown, the word keeps the
  // ending it was written with (الحكموة: الحكومة, not الحكومه).
  static void ending_as_written(const std::string& word, std::string& nearest) {
    for (auto [written, folded] : {std::pair{"ة", "ه"}, std::pair{"ى", "ي"}})
      if (word.ends_with(written) && nearest.ends_with(folded))
        nearest.replace(nearest.size() - std::string_view(folded).size(), std::string::npos,
                        written);
  }

  // A word in no article that news does not write either (a typo, two words
  // run together): the nearest word news writes that the index holds, told
  // in corrections and warnings. Not an excluded word: -الصرطان excludes
  // nothing as written, and another word would exclude what was not asked.
  std::optional<std::string> corrected(const std::string& text, const std::vector<Token>& tokens) {
    constexpr std::size_t kTried = 5;  // the nearest words, most frequent first
    if (!holds_ || negation_depth_ % 2) return std::nullopt;
    if (tokens.size() != 1 || tokens[0].term.empty() || tokens[0].known_name ||
        !tokens[0].entity.empty() || news_writes(tokens[0].normalized) || holds_(tokens[0].term))
      return std::nullopt;
    for (auto& nearest : nearest_words(tokens[0].normalized, kTried)) {
      std::vector<Token> words = analyzer_.analyze(nearest);
      // A stop word (اللتى: التي) is searched as nothing, as if written right.
      if (std::all_of(words.begin(), words.end(),
                      [&](const Token& w) { return w.term.empty() || holds_(w.term); })) {
        std::string word = text.substr(tokens[0].start, tokens[0].end - tokens[0].start);
        ending_as_written(word, nearest);
        warnings_.push_back("'" + word + "' is in no article: searched as '" + nearest +
                            "' (quote a word to search it as written)");
        corrections_.push_back({std::move(word), nearest});
        return nearest;
      }
    }
    return std::nullopt;
  }

  std::vector<Element> elements(const std::vector<Token>& tokens) {
    std::vector<Element> out;
    for (std::size_t i = 0; i < tokens.size();) {
      if (auto m = names_.match_at(tokens, i, analyzer_)) {
        Element e{tokens[i].position,
                  tokens[i + m->count - 1].position - tokens[i].position + 1,
                  {},
                  true};
        if (!m->group.term.empty()) e.alternatives.push_back({{m->group.term}, m->group.slack});
        for (auto& s : m->group.spellings) e.alternatives.push_back({std::move(s), 0});
        out.push_back(std::move(e));
        i += m->count;
      } else {
        if (!tokens[i].term.empty()) out.push_back({tokens[i].position, 1, {{{tokens[i].term}}}});
        ++i;
      }
    }
    return out;
  }

  // Highlights and names of a positive element.
  void note(const Element& e, bool alone) {
    if (negation_depth_ % 2) return;  // excluded words are not highlighted
    for (const auto& alt : e.alternatives) {
      if (std::count_if(alt.terms.begin(), alt.terms.end(), [](auto& t) { return !t.empty(); }) ==
          1)
        highlights_.insert(alt.terms.front());
      else
        highlight_sequences_.insert(alt.terms);
    }
    if (e.name && alone && !e.alternatives.front().terms.front().starts_with("~"))
      ++plain_words_;  // a user's own name: no gazetteer term to rank by
    else if (e.name && alone)
      names_found_.push_back(e.alternatives.front().terms.front());
    else
      ++plain_words_;
  }

  Xapian::Query sequence_query(const Alternative& alt, std::string_view prefix) {
    std::vector<Xapian::Query> parts;
    for (const auto& t : alt.terms)
      if (!t.empty()) parts.emplace_back(std::string(prefix) + t);
    if (parts.size() == 1) return parts.front();
    const std::uint32_t window = alt.terms.size() + alt.slack;
    // Passages are checked for a phrase of their words, not of the title's.
    const bool in_title = !prefix.empty();
    auto check_passages = [&](const Xapian::Query& phrase) {
      if (!in_title)
        phrase_checks_.emplace(phrase.get_description(), PhraseCheck{alt.terms, window});
    };
    const Phrases mode = in_title ? phrases_.title : phrases_.body;
    if (mode == Phrases::positions) {
      Xapian::Query phrase(Xapian::Query::OP_PHRASE, parts.begin(), parts.end(), window);
      check_passages(phrase);
      return phrase;
    }
    if (mode == Phrases::refused)
      throw Error(Error::Code::bad_query,
                  "this index has no word positions, and a remote shard cannot check a phrase "
                  "without them: search the words without quotes, or index with --positions");
    // Weighted as the phrase would be (by its words); the word order decides.
    Xapian::Query check((new PhraseSource(alt.terms, window, in_title))->release());
    check_passages(check);
    return Xapian::Query(Xapian::Query::OP_FILTER,
                         Xapian::Query(Xapian::Query::OP_AND, parts.begin(), parts.end()), check);
  }

  Xapian::Query element_query(const Element& e, std::string_view prefix) {
    if (e.alternatives.size() == 1) return sequence_query(e.alternatives.front(), prefix);
    std::vector<Xapian::Query> alts;
    for (const auto& alt : e.alternatives) alts.push_back(sequence_query(alt, prefix));
    return Xapian::Query(Xapian::Query::OP_OR, alts.begin(), alts.end());
  }

  // A phrase: one Xapian phrase per way of spelling its names (the first
  // kMaxVariants of them), each with room for names longer in text than in
  // the query.
  Xapian::Query phrase_query(const std::vector<Element>& els, std::string_view prefix) {
    constexpr std::size_t kMaxVariants = 32;
    std::vector<std::size_t> choice(els.size(), 0);
    std::vector<Xapian::Query> variants;
    while (variants.size() < kMaxVariants) {
      Alternative joined;
      for (std::size_t i = 0; i < els.size(); ++i) {
        if (i > 0)  // stop words between elements keep their places
          joined.terms.resize(joined.terms.size() + els[i].position - els[i - 1].position -
                              els[i - 1].width);
        const Alternative& alt = els[i].alternatives[choice[i]];
        joined.terms.insert(joined.terms.end(), alt.terms.begin(), alt.terms.end());
        joined.slack += alt.slack;
      }
      variants.push_back(sequence_query(joined, prefix));
      std::size_t i = 0;  // next choice, counting in mixed radix
      while (i < els.size() && ++choice[i] == els[i].alternatives.size()) choice[i++] = 0;
      if (i == els.size()) break;
    }
    if (variants.size() == 1) return variants.front();
    return Xapian::Query(Xapian::Query::OP_OR, variants.begin(), variants.end());
  }

  // A word or phrase, analysed exactly as article text is. A word the
  // analyzer splits in two (سوريا،العراق) becomes a phrase.
  Clause terms(const std::string& text, std::string_view prefix) {
    return terms_of(analyzer_.analyze(text), prefix);
  }
  Clause terms_of(const std::vector<Token>& tokens, std::string_view prefix) {
    std::vector<Element> els = elements(tokens);
    for (const auto& e : els) note(e, els.size() == 1);
    Clause c;
    if (els.size() == 1)
      c.query = element_query(els.front(), prefix);
    else if (!els.empty())
      c.query = phrase_query(els, prefix);
    return c;
  }

  std::vector<std::string> warnings_;  // before lexemes_: the lexer fills it
  std::vector<Lexeme> lexemes_;
  std::size_t pos_ = 0;
  Analyzer& analyzer_;
  const NameTable& names_;
  PhraseModes phrases_;
  const HoldsTerm& holds_;
  std::vector<Correction> corrections_;
  std::set<std::string> highlights_;
  std::set<TermSequence> highlight_sequences_;
  std::vector<std::string> names_found_;
  std::size_t plain_words_ = 0;
  int negation_depth_ = 0;  // excluded words are not highlighted
  int depth_ = 0;           // parentheses
  std::vector<Xapian::Query> excluded_;
  std::map<std::string, PhraseCheck> phrase_checks_;
};

}  // namespace

PhraseModes phrases_in(const Xapian::Database& db, bool remote) {
  auto mode = [&](bool positions) {
    if (positions) return Phrases::positions;
    return remote ? Phrases::refused : Phrases::text;
  };
  return {mode(schema::has_body_positions(db)), mode(schema::has_title_positions(db))};
}

ParsedQuery parse_query(std::string_view text, Analyzer& analyzer, const NameTable& names,
                        PhraseModes phrases, const HoldsTerm& holds) {
  return Parser(text, analyzer, names, phrases, holds).parse();
}

}  // namespace naba::detail
