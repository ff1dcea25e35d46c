#include "data/spiece_model.h"

#include "util/error.h"

namespace gensr {

namespace {

// Protobuf wire format: each field is a varint key (field number << 3 | wire type) and a value.
struct Reader {
  const std::string& bytes;
  const std::string& source;
  std::size_t pos = 0;

  [[noreturn]] void fail(const std::string& problem) const {
    throw InputError(source, 0, "spiece.model",
                     "not a SentencePiece model: " + problem + " at byte " + std::to_string(pos));
  }

  std::uint64_t varint() {
    std::uint64_t value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos >= bytes.size()) fail("truncated varint");
      const auto byte = static_cast<std::uint8_t>(bytes[pos++]);
      value |= static_cast<std::uint64_t>(byte & 0x7f) << shift;
      if ((byte & 0x80) == 0) return value;
    }
    fail("varint longer than 10 bytes");
  }

  void skip(std::uint64_t count) {
    if (count > bytes.size() - pos) fail("field runs past the end");
    pos += static_cast<std::size_t>(count);
  }
};

}  // namespace

std::int64_t sentencepiece_piece_count(const std::string& model_bytes, const std::string& source) {
  Reader r{model_bytes, source};
  std::int64_t pieces = 0;
  while (r.pos < model_bytes.size()) {
    const std::uint64_t key = r.varint();
    const std::uint64_t field = key >> 3;
    switch (key & 7) {
      case 0:  // varint
        r.varint();
        break;
      case 1:  // 64-bit
        r.skip(8);
        break;
      case 2:  // length-delimited: a piece, a spec, a string
        r.skip(r.varint());
        if (field == 1) ++pieces;  // ModelProto.pieces
        break;
      case 5:  // 32-bit
        r.skip(4);
        break;
      default:
        r.fail("unsupported wire type " + std::to_string(key & 7));
    }
  }
  if (pieces == 0) r.fail("no pieces");
  return pieces;
}

}  // namespace gensr
