#pragma once

// What gensr reads from a SentencePiece model file without SentencePiece itself, which must not
// share a process with LibTorch (DESIGN.md, "Tokenization and LibTorch do not share a process").

#include <cstdint>
#include <string>

namespace gensr {

// The number of pieces of a serialized SentencePiece ModelProto (its repeated field 1), which is
// SentencePieceProcessor::GetPieceSize(). Throws InputError naming `source` when the bytes are
// not a well-formed protobuf message.
std::int64_t sentencepiece_piece_count(const std::string& model_bytes, const std::string& source);

}  // namespace gensr
