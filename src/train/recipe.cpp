#include "train/recipe.h"

#include "util/error.h"

namespace gensr {

void apply_recipe(const std::string& name, TrainOptions& o,
                  const std::function<bool(const std::string&)>& given) {
  if (name != "paper" && name != "scratch")
    throw UsageError("--recipe: expected paper or scratch, got '" + name + "'");
  o.recipe = name;
  if (name == "paper") return;
  auto set = [&](const char* flag, auto& field, auto value) {
    if (!given(flag)) field = value;
  };
  set("tie-embeddings", o.tie_embeddings, true);
  set("embedding-init-std", o.embedding_init_std, 0.0);
  set("label-smoothing", o.label_smoothing, 0.0);
  set("dropout", o.dropout, 0.1);
  set("lr", o.lr, 0.002);
  set("warmup-steps", o.warmup_steps, std::int64_t{0});
  set("epochs", o.epochs, std::int64_t{5});
  set("batch-size", o.batch_size, std::int64_t{128});
}

}  // namespace gensr
