#pragma once

#include <string>

#include "ids/item_embeddings.h"

// Item embeddings from a trained model (`gensr-data embed --kind model --checkpoint FILE`,
// docs/semantic-ids.md): the item rows of a gensr checkpoint's input embedding, so a model's own
// view of the items (a SASRec's or an atomic-ID T5's, trained on one task or on both) can be
// quantised into codes. Reads the HDF5 checkpoint directly (DESIGN.md "Checkpoints"), without
// LibTorch, which gensr_ids does not link.
namespace gensr::ids {

// T5: rows item_offset + i of /model/shared.weight; SASRec: rows i + 1 of
// /model/item_embedding.weight (row 0 pads). Items in the checkpoint's /items order, kind
// "model", dim = the model's width. InputError (exit 2) naming the file and the dataset for a
// file that is not a finished gensr checkpoint, and for one trained on semantic IDs (its rows
// are codes, not items).
ItemEmbeddings checkpoint_item_embeddings(const std::string& path);

}  // namespace gensr::ids
