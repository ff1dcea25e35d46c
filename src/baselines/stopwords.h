#pragma once

#include <string_view>

namespace gensr {

// A standard English stop-word list (160 function words: articles, pronouns, auxiliaries,
// prepositions, conjunctions; NLTK's list). Terrier's own list (~730 words) is not available
// offline, so BM25 here drops fewer words than PyTerrier's default pipeline (docs/baselines.md).
// `word` is lower-case and unstemmed.
bool is_stop_word(std::string_view word);

}  // namespace gensr
