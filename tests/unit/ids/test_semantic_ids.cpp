#define BOOST_TEST_MODULE semantic_ids
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <functional>
#include <set>
#include <vector>

#include "ids/code_report.h"
#include "ids/codes_file.h"
#include "ids/embeddings_file.h"
#include "ids/parallel.h"
#include "ids/rq_kmeans.h"
#include "support/temp_dir.h"
#include "util/error.h"
#include "util/h5.h"
#include "util/random.h"

using namespace gensr;
using namespace gensr::ids;
namespace tt = boost::test_tools;
using gensr::test::read_text;
using gensr::test::TempDir;
using gensr::test::write_text;

namespace {

// `clusters` groups of `size` items around centres `spread` apart, with unit noise.
ItemEmbeddings clustered(int clusters, int size, std::int64_t dim, double spread,
                         std::uint64_t seed = 1) {
  Rng g(seed);
  ItemEmbeddings e;
  e.dim = dim;
  std::vector<std::vector<double>> centres(static_cast<std::size_t>(clusters));
  for (auto& c : centres)
    for (std::int64_t j = 0; j < dim; ++j) c.push_back(spread * standard_normal(g));
  for (int c = 0; c < clusters; ++c)
    for (int k = 0; k < size; ++k) {
      e.item_ids.push_back("c" + std::to_string(c) + "_" + std::to_string(k));
      for (std::int64_t j = 0; j < dim; ++j)
        e.values.push_back(static_cast<float>(centres[c][j] + standard_normal(g)));
    }
  return e;
}

ItemCodes toy_codes(const std::vector<std::vector<std::int32_t>>& prefixes,
                    std::vector<std::int32_t> sizes) {
  ItemCodes c;
  c.levels = static_cast<std::int64_t>(sizes.size());
  c.codebook_sizes = std::move(sizes);
  for (std::size_t i = 0; i < prefixes.size(); ++i) {
    c.item_ids.push_back("i" + std::to_string(i));
    c.codes.insert(c.codes.end(), prefixes[i].begin(), prefixes[i].end());
    c.codes.push_back(0);
  }
  number_shared_codes(c);
  return c;
}

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const UsageError& e) {
    return e.what();
  }
  return "(no error)";
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

}  // namespace

BOOST_AUTO_TEST_CASE(every_item_gets_a_unique_code_sequence) {
  RqOptions opt;
  opt.levels = 2;
  opt.codebook_size = 4;  // 16 codes for 300 items: many share both levels
  const ResidualQuantisation q = rq_kmeans(clustered(6, 50, 8, 3.0), opt);
  std::set<std::vector<std::int32_t>> seen;
  for (std::int64_t i = 0; i < q.codes.num_items(); ++i)
    seen.insert(std::vector<std::int32_t>(q.codes.row(i), q.codes.row(i) + q.codes.width()));
  BOOST_TEST(seen.size() == 300u);
  BOOST_TEST(q.codes.width() == 3);
}

BOOST_AUTO_TEST_CASE(the_last_code_numbers_items_sharing_a_prefix_in_item_order) {
  const ItemCodes c = toy_codes({{1, 2}, {0, 0}, {1, 2}, {1, 2}, {0, 0}}, {2, 3});
  const std::vector<std::int32_t> last = {c.row(0)[2], c.row(1)[2], c.row(2)[2], c.row(3)[2],
                                          c.row(4)[2]};
  BOOST_TEST(last == std::vector<std::int32_t>({0, 0, 1, 2, 1}), tt::per_element());
}

BOOST_AUTO_TEST_CASE(codes_reproduce_at_a_fixed_seed_with_one_or_two_threads) {
  const ItemEmbeddings e = clustered(20, 60, 16, 1.0);  // 1200 items: FAISS uses BLAS + OpenMP
  RqOptions opt;
  opt.codebook_size = 32;
  opt.seed = 7;
  set_parallel_threads(1);
  const ResidualQuantisation one = rq_kmeans(e, opt);
  set_parallel_threads(2);
  const ResidualQuantisation two = rq_kmeans(e, opt), again = rq_kmeans(e, opt);
  BOOST_TEST(one.codes.codes == two.codes.codes, tt::per_element());
  BOOST_TEST(two.codes.codes == again.codes.codes, tt::per_element());
  BOOST_TEST(one.residual_mse == two.residual_mse, tt::per_element());
}

BOOST_AUTO_TEST_CASE(well_separated_clusters_get_different_first_level_codes) {
  RqOptions opt;
  opt.levels = 2;
  opt.codebook_size = 2;
  const ResidualQuantisation q = rq_kmeans(clustered(2, 40, 8, 20.0), opt);
  std::set<std::int32_t> first_half, second_half;
  for (std::int64_t i = 0; i < 80; ++i)
    (i < 40 ? first_half : second_half).insert(q.codes.row(i)[0]);
  BOOST_TEST(first_half.size() == 1u);
  BOOST_TEST(second_half.size() == 1u);
  BOOST_TEST(*first_half.begin() != *second_half.begin());
  // each level explains part of what is left
  BOOST_TEST(q.residual_mse[1] < q.residual_mse[0]);
  BOOST_TEST(q.residual_mse[2] <= q.residual_mse[1]);
}

BOOST_AUTO_TEST_CASE(a_codebook_larger_than_the_catalogue_is_clamped_with_a_note) {
  const ResidualQuantisation q = rq_kmeans(clustered(2, 5, 4, 5.0), RqOptions{});
  BOOST_TEST(q.codes.codebook_sizes == std::vector<std::int32_t>({10, 10, 10}), tt::per_element());
  BOOST_REQUIRE(q.notes.size() == 1u);
  BOOST_TEST(contains(q.notes[0], "clamped to 10"));
}

BOOST_AUTO_TEST_CASE(the_report_counts_use_perplexity_and_collisions) {
  // level 1: codes 0,0,0,1 of 4; level 2: 2,2,3,2 of 4; prefixes (0,2) x2, (0,3), (1,2)
  const ItemCodes c = toy_codes({{0, 2}, {0, 2}, {0, 3}, {1, 2}}, {4, 4});
  const CodeReport r = code_report(c);
  BOOST_TEST(r.items == 4);
  BOOST_TEST(r.levels[0].used == 2);
  BOOST_TEST(r.levels[1].used == 2);
  const double h = -(0.75 * std::log(0.75) + 0.25 * std::log(0.25));
  BOOST_TEST(r.levels[0].perplexity == std::exp(h), tt::tolerance(1e-12));
  BOOST_TEST(r.levels[0].prefixes == 2);
  BOOST_TEST(r.levels[1].prefixes == 3);
  BOOST_TEST(r.colliding_items == 2);
  BOOST_TEST(r.colliding_groups == 1);
  BOOST_TEST(r.largest_group == 2);
  BOOST_TEST(to_json(r)["last_level_size"] == 2);
  BOOST_TEST(contains(report_markdown(r), "| 1 | 4 | 2 | 1.8 | 2 |"));
}

BOOST_AUTO_TEST_CASE(codes_files_round_trip) {
  TempDir dir;
  const ItemCodes c = toy_codes({{0, 2}, {0, 2}, {5, 3}}, {8, 4});
  write_item_codes(dir / "codes.tsv", c);
  BOOST_TEST(read_text(dir / "codes.tsv") == "item_id\tcodes\ni0\t0 2 0\ni1\t0 2 1\ni2\t5 3 0\n");
  const ItemCodes back = read_item_codes(dir / "codes.tsv");
  BOOST_TEST(back.item_ids == c.item_ids, tt::per_element());
  BOOST_TEST(back.codes == c.codes, tt::per_element());
  BOOST_TEST(back.codebook_sizes == std::vector<std::int32_t>({6, 4}), tt::per_element());
}

BOOST_AUTO_TEST_CASE(bad_codes_files_name_the_file_line_and_field) {
  TempDir dir;
  auto read = [&](const std::string& text) {
    write_text(dir / "c.tsv", "item_id\tcodes\n" + text);
    return error_of([&] { read_item_codes(dir / "c.tsv"); });
  };
  BOOST_TEST(contains(read("a\t1 2\nb\t1 x\n"), "c.tsv:3: codes: codes must be non-negative"));
  BOOST_TEST(contains(read("a\t1 2\nb\t1 2 3\n"), "c.tsv:3: codes: 3 codes; the first line has 2"));
  BOOST_TEST(contains(read("a\t1 2\na\t1 3\n"), "c.tsv:3: item_id: item 'a' repeats line 2"));
  BOOST_TEST(contains(read("a\t1 2\nb\t0 0\nc\t1 2\n"), "c.tsv:4: codes: the codes of item 'a'"));
  BOOST_TEST(contains(read("a\t1\n"), "c.tsv:2: codes: at least one quantiser code"));
}

BOOST_AUTO_TEST_CASE(embeddings_files_round_trip) {
  TempDir dir;
  ItemEmbeddings e = clustered(2, 3, 4, 1.0);
  e.kind = "joint";
  e.seed = 3;
  e.rank = 4;
  e.singular_values = {4, 3, 2, 1};
  write_item_embeddings(dir / "e.h5", e, {{"dim", 4}});
  const ItemEmbeddings back = read_item_embeddings(dir / "e.h5");
  BOOST_TEST(back.item_ids == e.item_ids, tt::per_element());
  BOOST_TEST(back.values == e.values, tt::per_element());
  BOOST_TEST(back.dim == 4);
  BOOST_TEST(back.kind == "joint");
  BOOST_TEST(back.seed == 3u);
  BOOST_TEST(back.singular_values == e.singular_values, tt::per_element());
}

BOOST_AUTO_TEST_CASE(bad_embeddings_files_name_the_file_and_the_dataset) {
  TempDir dir;
  const std::string path = dir / "bad.h5";
  auto written = [&](const std::vector<float>& values, const std::vector<std::string>& ids,
                     bool stamp = true) {
    {
      h5::File f = h5::File::create(path);
      if (stamp) f.stamp(kEmbeddingsFormat, kEmbeddingsFormatVersion);
      f.write("/embeddings", values.data(), {values.size() / 2, 2});
      f.write_strings("/items/ids", ids);
    }
    return error_of([&] { read_item_embeddings(path); });
  };
  BOOST_TEST(contains(written({1, 2}, {"a"}, false), "bad.h5:0: format: not a gensr item"));
  BOOST_TEST(contains(written({1, 2, 3, 4}, {"a"}), "bad.h5:0: /items/ids: 1 ids for 2 rows"));
  BOOST_TEST(contains(written({1, 2, 3, 4}, {"a", "a"}), "/items/ids: item 1 'a' repeats item 0"));
  BOOST_TEST(contains(written({1, 2, 3, 4}, {"a", "b c"}), "item 1 'b c' contains whitespace"));
  BOOST_TEST(contains(written({1, 2, NAN, 4}, {"a", "b"}),
                      "/embeddings: row 1 (item 'b') has a non-finite value"));
  BOOST_TEST(contains(error_of([&] { read_item_embeddings(dir / "missing.h5"); }),
                      "missing.h5:0: file: not a readable HDF5 file"));
}
