#pragma once

#include <memory>
#include <string>
#include <vector>

namespace sentencepiece {
class SentencePieceProcessor;
}

namespace gensr {

// A SentencePiece model with T5's id conventions (pad 0, eos 1, unk 2). Only gensr-data links
// this: Debian's libsentencepiece and LibTorch cannot share a process (DESIGN.md).
class Tokenizer {
 public:
  explicit Tokenizer(const std::string& model_path);
  ~Tokenizer();
  Tokenizer(const Tokenizer&) = delete;
  Tokenizer& operator=(const Tokenizer&) = delete;

  // Token ids of `text` (no EOS appended).
  std::vector<int> encode(const std::string& text) const;
  int piece_count() const;
  const std::string& model_bytes() const { return bytes_; }

 private:
  std::unique_ptr<sentencepiece::SentencePieceProcessor> sp_;
  std::string bytes_;
};

}  // namespace gensr
