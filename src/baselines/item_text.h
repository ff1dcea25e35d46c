#pragma once

#include <string>
#include <vector>

namespace gensr {

struct Dataset;
struct PreparedData;
struct SearchSplits;

// Prepared folders keep queries as token ids only, so text baselines read the raw dataset
// beside them. This checks that `raw` (read from `raw_dir`) is the dataset `prepared` (read from
// `prepared_dir`) was made from: the same dataset.json, every prepared item and query present,
// items in the same order (prepare may have dropped items with --shared-items-only). Throws a
// UsageError naming the first difference.
void check_prepared_from(const Dataset& raw, const std::string& raw_dir,
                         const PreparedData& prepared, const std::string& prepared_dir);

// The text BM25 indexes for each prepared item (token order): its title, then the text of every
// training query it is relevant for (the training search instances), so items are findable by
// how people asked for them, as in the paper's PyTerrier index.
std::vector<std::string> item_documents(const Dataset& raw, const PreparedData& prepared);
// The same text for every item of a dataset (items.tsv order), from its search split.
std::vector<std::string> item_documents(const Dataset& d, const SearchSplits& splits);

// The raw text of every prepared query, in `PreparedData::query_ids` order.
std::vector<std::string> query_texts(const Dataset& raw, const PreparedData& prepared);

}  // namespace gensr
