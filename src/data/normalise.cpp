#include "data/normalise.h"

namespace gensr {

namespace {

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

// Lower case of a two-byte UTF-8 code point, or the code point itself.
char32_t lower_two_byte(char32_t c) {
  if ((c >= 0xC0 && c <= 0xDE && c != 0xD7)) return c + 0x20;  // Latin-1
  if (c >= 0x100 && c <= 0x137 && c % 2 == 0) return c + 1;    // Latin Ext-A
  if (c >= 0x139 && c <= 0x148 && c % 2 == 1) return c + 1;
  if (c >= 0x14A && c <= 0x177 && c % 2 == 0) return c + 1;
  if (c == 0x178) return 0xFF;
  if ((c == 0x179 || c == 0x17B || c == 0x17D)) return c + 1;
  if (c >= 0x391 && c <= 0x3AB && c != 0x3A2) return c + 0x20;  // Greek
  if (c >= 0x410 && c <= 0x42F) return c + 0x20;                // Cyrillic
  if (c >= 0x400 && c <= 0x40F) return c + 0x50;
  return c;
}

void append_two_byte(std::string& out, char32_t c) {
  out += static_cast<char>(0xC0 | (c >> 6));
  out += static_cast<char>(0x80 | (c & 0x3F));
}

template <typename Map>
std::string collapse(std::string_view s, Map map) {
  std::string out;
  out.reserve(s.size());
  bool pending_space = false;
  for (std::size_t i = 0; i < s.size();) {
    const char c = s[i];
    if (is_space(c)) {
      pending_space = !out.empty();
      ++i;
      continue;
    }
    if (pending_space) out += ' ';
    pending_space = false;
    i += map(s, i, out);
  }
  return out;
}

}  // namespace

std::string normalise_query(std::string_view s) {
  return collapse(s, [](std::string_view text, std::size_t i, std::string& out) -> std::size_t {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      out += static_cast<char>(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
      return 1;
    }
    if ((c & 0xE0) == 0xC0 && i + 1 < text.size()) {
      const char32_t cp = (char32_t(c & 0x1F) << 6) | (text[i + 1] & 0x3F);
      append_two_byte(out, lower_two_byte(cp));
      return 2;
    }
    out += text[i];
    return 1;
  });
}

std::string collapse_whitespace(std::string_view s) {
  return collapse(s, [](std::string_view text, std::size_t i, std::string& out) -> std::size_t {
    out += text[i];
    return 1;
  });
}

}  // namespace gensr
