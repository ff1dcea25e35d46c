#include "model/retrieval_model.h"

#include <nlohmann/json.hpp>

#include "model/sasrec.h"
#include "model/t5_config.h"
#include "model/t5_retrieval.h"
#include "util/error.h"

namespace gensr {

c10::Device module_device(const torch::nn::Module& module) {
  const auto params = module.parameters();
  if (params.empty()) throw Error("module_device: the model has no parameters");
  return params.front().device();
}

std::shared_ptr<RetrievalModel> model_from_config_json(const nlohmann::json& config,
                                                       const std::string& source) {
  if (config.is_object() && config.value("model_type", std::string()) == "sasrec") {
    SASRecConfig c = sasrec_config_from_json(config, source);
    validate(c);
    return SASRec(c).ptr();
  }
  return std::make_shared<T5Retrieval>(T5(t5_config_from_hf_json(config, source)));
}

}  // namespace gensr
