#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace gensr {

// Splits text into lower-case tokens: runs of ASCII letters and digits, with any non-ASCII
// UTF-8 byte counted as a letter (so "Amélie" stays one token). Terrier's English tokeniser
// instead treats non-ASCII characters as separators.
std::vector<std::string> tokenize(std::string_view text);

// Terrier's term pipeline: tokenize, drop stop words (stopwords.h), Porter-stem what is left
// (Xapian's "porter" stemmer, the original algorithm that Terrier's PorterStemmer implements).
class TextAnalyser {
 public:
  TextAnalyser();
  ~TextAnalyser();
  TextAnalyser(TextAnalyser&&) noexcept;
  TextAnalyser& operator=(TextAnalyser&&) noexcept;

  std::vector<std::string> terms(std::string_view text) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace gensr
