#include "baselines/item_text.h"

#include <unordered_map>

#include "data/dataset.h"
#include "data/prepared.h"
#include "util/error.h"

namespace gensr {

namespace {

std::unordered_map<std::string, std::size_t> raw_query_index(const Dataset& raw) {
  std::unordered_map<std::string, std::size_t> index;
  for (std::size_t q = 0; q < raw.queries.size(); ++q) index.emplace(raw.queries[q].id, q);
  return index;
}

// Appends the text of every training query to the document of each item it is relevant for.
template <class QueryText>
void add_training_queries(std::vector<std::string>& docs, const std::vector<SearchInstance>& train,
                          QueryText&& text_of) {
  for (const SearchInstance& s : train) {
    std::string& doc = docs[static_cast<std::size_t>(s.item)];
    doc += '\n';
    doc += text_of(s.query);
  }
}

}  // namespace

void check_prepared_from(const Dataset& raw, const std::string& raw_dir,
                         const PreparedData& prepared, const std::string& prepared_dir) {
  const std::string mismatch =
      raw_dir + " is not the dataset " + prepared_dir + " was prepared from: ";
  if (prepared.info.contains("source") && prepared.info["source"] != raw.info)
    throw UsageError(mismatch + "its dataset.json differs from the one recorded in " +
                     prepared_dir + "/prepared.h5");
  std::int32_t previous = -1;
  for (const std::string& id : prepared.item_ids) {
    const auto it = raw.item_index.find(id);
    if (it == raw.item_index.end())
      throw InputError(raw_dir + "/items.tsv", 0, "item_id",
                       mismatch + "it lacks the prepared item '" + id + "'");
    if (it->second <= previous)
      throw InputError(raw_dir + "/items.tsv", 0, "item_id",
                       mismatch + "item '" + id + "' is out of the prepared order");
    previous = it->second;
  }
  const auto queries = raw_query_index(raw);
  for (const std::string& id : prepared.query_ids)
    if (!queries.count(id))
      throw InputError(raw_dir + "/queries.tsv", 0, "query_id",
                       mismatch + "it lacks the prepared query '" + id + "'");
}

std::vector<std::string> item_documents(const Dataset& raw, const PreparedData& prepared) {
  std::vector<std::string> docs(prepared.item_ids.size());
  for (std::size_t i = 0; i < docs.size(); ++i)
    docs[i] = raw.item_titles[static_cast<std::size_t>(raw.item_index.at(prepared.item_ids[i]))];
  const std::vector<std::string> texts = query_texts(raw, prepared);
  add_training_queries(docs, prepared.search_train, [&](std::int32_t q) -> const std::string& {
    return texts[static_cast<std::size_t>(q)];
  });
  return docs;
}

std::vector<std::string> item_documents(const Dataset& d, const SearchSplits& splits) {
  std::vector<std::string> docs = d.item_titles;
  add_training_queries(docs, splits.train, [&](std::int32_t q) -> const std::string& {
    return d.queries[static_cast<std::size_t>(q)].text;
  });
  return docs;
}

std::vector<std::string> query_texts(const Dataset& raw, const PreparedData& prepared) {
  const auto index = raw_query_index(raw);
  std::vector<std::string> texts;
  texts.reserve(prepared.query_ids.size());
  for (const std::string& id : prepared.query_ids) texts.push_back(raw.queries[index.at(id)].text);
  return texts;
}

}  // namespace gensr
