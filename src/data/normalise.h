#pragma once

#include <string>
#include <string_view>

namespace gensr {

// Query text as the converters compare it: lower case, ASCII whitespace runs collapsed to one
// space, trimmed. Lower-casing covers ASCII, Latin-1, Latin Extended-A, Greek and Cyrillic
// capitals (no locale or ICU needed); other characters, emoji included, are kept as they are.
// The input must be valid UTF-8.
std::string normalise_query(std::string_view s);

// Whitespace runs collapsed to one space and trimmed, case kept: titles must not hold the tabs
// or line breaks the dataset's TSV files cannot represent.
std::string collapse_whitespace(std::string_view s);

}  // namespace gensr
