#pragma once

#include <cstdint>
#include <string>

#include "data/prepared.h"
#include "ids/item_codes.h"

namespace gensr {

struct PrepareOptions {
  std::string spiece_model;  // a given SentencePiece model (e.g. T5's); empty: train one
  int vocab_size = 8000;     // of a trained model (a soft limit: small corpora get fewer)
  int extra_ids = -1;        // tokens between the pieces and the items; -1: 100 for a given
                             // model (T5's <extra_id_*>), 0 for a trained one
  int max_history = 50;
  int max_query_tokens = 32;  // EOS included
  bool shared_items_only = false;
  SplitOptions split;
  // Semantic IDs (--item-ids): the codes read from item_codes_path; null: atomic IDs.
  const ids::ItemCodes* item_codes = nullptr;
  std::string item_codes_path;
};

// Reads the dataset folder `in`, applies the paper's splits, tokenizes queries and writes the
// prepared folder `out` (prepared.h5, spiece.model, prepare.json). Returns what it wrote.
PreparedData prepare_dataset(const std::string& in, const std::string& out,
                             const PrepareOptions& opt);

// Trains a SentencePiece unigram model on `texts` with T5's ids (pad 0, eos 1, unk 2, no bos)
// and returns the model bytes. Deterministic for the same texts and options.
std::string train_sentencepiece(const std::vector<std::string>& texts, int vocab_size);

}  // namespace gensr
