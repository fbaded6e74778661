/** @file passages.h
 *  Splitting an article's body into the passages that are indexed and ranked.
 */
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

#include "naba/export.h"

namespace naba {

/** A passage: a byte range of the body, so its text is the original text. */
struct PassageSpan {
  /** Byte range [start, end) in the body. */
  std::size_t start = 0;
  std::size_t end = 0;
  /** 0-based body paragraph (body split on '\n') holding most of its words. */
  std::size_t paragraph = 0;
};

/** Passage size limits, in words. Whole paragraphs rank best on ARCD and on
 *  known-item search (docs/ranking.md), so only long ones are cut. */
struct PassageLimits {
  /** A paragraph longer than this is cut at sentence ends. */
  std::size_t max_words = 200;
  /** A passage shorter than this is merged with a neighbour. */
  std::size_t min_words = 25;
};

/** Splits @p body into passages: its paragraphs, a long paragraph cut at
 *  sentence ends (ICU), tiny ones merged with the next (or the previous, at
 *  the end). Blank paragraphs give nothing. */
NABA_API std::vector<PassageSpan> split_passages(std::string_view body, PassageLimits limits = {});

}  // namespace naba
