#include "baselines/text_analysis.h"

#include <xapian.h>

#include "baselines/stopwords.h"

namespace gensr {

namespace {
constexpr std::size_t kMaxTokenBytes = 64;
}  // namespace

std::vector<std::string> tokenize(std::string_view text) {
  std::vector<std::string> tokens;
  std::string current;
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80) {
      current.push_back(ch);
    } else if (c >= 'A' && c <= 'Z') {
      current.push_back(static_cast<char>(c - 'A' + 'a'));
    } else if (!current.empty()) {
      tokens.push_back(std::move(current));
      current.clear();
    }
  }
  if (!current.empty()) tokens.push_back(std::move(current));
  return tokens;
}

struct TextAnalyser::Impl {
  Xapian::Stem stem{"porter"};
};

TextAnalyser::TextAnalyser() : impl_(std::make_unique<Impl>()) {}
TextAnalyser::~TextAnalyser() = default;
TextAnalyser::TextAnalyser(TextAnalyser&&) noexcept = default;
TextAnalyser& TextAnalyser::operator=(TextAnalyser&&) noexcept = default;

std::vector<std::string> TextAnalyser::terms(std::string_view text) const {
  std::vector<std::string> out;
  for (const std::string& token : tokenize(text)) {
    // Longer tokens are not words (Xapian refuses terms over 245 bytes; Terrier drops tokens
    // over 20 characters).
    if (token.size() > kMaxTokenBytes || is_stop_word(token)) continue;
    std::string term = impl_->stem(token);
    if (!term.empty()) out.push_back(std::move(term));
  }
  return out;
}

}  // namespace gensr
