#include "text/tokenizer.h"

#include <sentencepiece_processor.h>

#include <fstream>
#include <sstream>

#include "util/error.h"

namespace gensr {

Tokenizer::Tokenizer(const std::string& model_path)
    : sp_(std::make_unique<sentencepiece::SentencePieceProcessor>()) {
  std::ifstream in(model_path, std::ios::binary);
  if (!in) throw InputError(model_path, 0, "spiece.model", "cannot open the file");
  std::stringstream ss;
  ss << in.rdbuf();
  bytes_ = ss.str();
  const auto status = sp_->LoadFromSerializedProto(bytes_);
  if (!status.ok()) throw InputError(model_path, 0, "spiece.model", status.ToString());
  if (sp_->pad_id() != 0 || sp_->eos_id() != 1 || sp_->unk_id() != 2)
    throw InputError(model_path, 0, "spiece.model",
                     "ids must follow T5 (pad 0, eos 1, unk 2); got pad " +
                         std::to_string(sp_->pad_id()) + ", eos " + std::to_string(sp_->eos_id()) +
                         ", unk " + std::to_string(sp_->unk_id()));
}

Tokenizer::~Tokenizer() = default;

std::vector<int> Tokenizer::encode(const std::string& text) const {
  std::vector<int> ids;
  const auto status = sp_->Encode(text, &ids);
  if (!status.ok()) throw Error("sentencepiece: " + status.ToString());
  return ids;
}

int Tokenizer::piece_count() const { return sp_->GetPieceSize(); }

}  // namespace gensr
