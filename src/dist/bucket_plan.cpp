#include "dist/bucket_plan.h"

namespace gensr {

std::vector<BucketSpec> plan_buckets(const std::vector<std::size_t>& bytes, std::size_t cap_bytes) {
  std::vector<BucketSpec> buckets;
  BucketSpec open;
  for (std::size_t k = bytes.size(); k-- > 0;) {
    if (!open.params.empty() && open.bytes + bytes[k] > cap_bytes) {
      buckets.push_back(std::move(open));
      open = BucketSpec{};
    }
    open.params.push_back(k);
    open.bytes += bytes[k];
  }
  if (!open.params.empty()) buckets.push_back(std::move(open));
  return buckets;
}

}  // namespace gensr
