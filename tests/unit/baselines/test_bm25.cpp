#define BOOST_TEST_MODULE bm25
#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <cmath>

#include "baselines/bm25.h"
#include "baselines/stopwords.h"
#include "baselines/text_analysis.h"
#include "unit/baselines/ranked_items.h"

using gensr::Bm25Index;
using gensr::RankedList;
using gensr::test::items;

namespace {

const std::vector<std::string> kTitles = {
    "The Running Man (1987)",                 // 0
    "Run Lola Run (1998)",                    // 1
    "Toy Story (1995)",                       // 2
    "A Story of a Toy Soldier and his Drum",  // 3
    "The Man Who Knew Too Much",              // 4
    "Heat (1995)",                            // 5
    "Casino (1995)",                          // 6
    "Sabrina (1995)",                         // 7
};

}  // namespace

BOOST_AUTO_TEST_CASE(tokens_are_lower_case_runs_of_letters_and_digits) {
  BOOST_TEST(gensr::tokenize("Toy Story (1995): don't-stop!") ==
                 (std::vector<std::string>{"toy", "story", "1995", "don", "t", "stop"}),
             boost::test_tools::per_element());
  BOOST_TEST(gensr::tokenize("Amélie") == (std::vector<std::string>{"amélie"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(stop_words_are_dropped_and_the_rest_porter_stemmed) {
  BOOST_TEST(gensr::is_stop_word("the"));
  BOOST_TEST(gensr::is_stop_word("of"));
  BOOST_TEST(!gensr::is_stop_word("toy"));
  const gensr::TextAnalyser a;
  BOOST_TEST(a.terms("The Running of the Movies") == (std::vector<std::string>{"run", "movi"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(an_exact_title_match_ranks_first) {
  const Bm25Index index(kTitles);
  const RankedList r = index.search("toy story", 5);
  BOOST_TEST_REQUIRE(r.size() == 2u);
  BOOST_TEST(r[0].item == 2);  // both terms, shorter than document 3
  BOOST_TEST(r[1].item == 3);
  BOOST_TEST(r[0].score > r[1].score);
  BOOST_TEST(index.search("Heat (1995)", 3)[0].item == 5);
}

BOOST_AUTO_TEST_CASE(stemming_matches_running_to_run) {
  const Bm25Index index(kTitles);
  std::vector<std::int32_t> found = items(index.search("running", 10));
  std::sort(found.begin(), found.end());
  BOOST_TEST(found == (std::vector<std::int32_t>{0, 1}), boost::test_tools::per_element());
  // "Run Lola Run" has the stem twice: it leads for "run".
  BOOST_TEST(index.search("run", 1)[0].item == 1);
}

BOOST_AUTO_TEST_CASE(stop_words_in_the_query_are_ignored) {
  const Bm25Index index(kTitles);
  BOOST_TEST(index.search("the of a who", 10).empty());
  BOOST_TEST(items(index.search("the toy", 10)) == items(index.search("toy", 10)),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(scores_follow_the_terrier_formula_when_no_idf_is_clamped) {
  // N = 8 documents; "toy" is in 2 (documents 2 and 3), "story" in 2. Terrier's BM25 with the
  // natural log (the base only scales scores): idf * (k1 + 1) tf / (K + tf) * (k3 + 1) qtf /
  // (k3 + qtf), K = k1 ((1 - b) + b len / avg_len).
  const Bm25Index index(kTitles);
  const double n = 8, k1 = 1.2, b = 0.75, k3 = 8;
  // Indexed lengths: run man 1987 | run lola run 1998 | toy stori 1995 | stori toy soldier drum
  // | man knew much | heat 1995 | casino 1995 | sabrina 1995.
  const double avg = (3 + 4 + 3 + 4 + 3 + 2 + 2 + 2) / n;
  BOOST_TEST(index.average_length() == avg, boost::test_tools::tolerance(1e-12));
  auto term = [&](double df, double tf, double len, double qtf) {
    const double K = k1 * ((1 - b) + b * len / avg);
    return std::log((n - df + 0.5) / (df + 0.5)) * (k1 + 1) * tf / (K + tf) * (k3 + 1) * qtf /
           (k3 + qtf);
  };
  const RankedList r = index.search("toy story toy", 2);
  BOOST_TEST_REQUIRE(r.size() == 2u);
  BOOST_TEST(r[0].item == 2);
  BOOST_TEST(r[0].score == term(2, 1, 3, 2) + term(2, 1, 3, 1), boost::test_tools::tolerance(1e-9));
  BOOST_TEST(r[1].score == term(2, 1, 4, 2) + term(2, 1, 4, 1), boost::test_tools::tolerance(1e-9));
  BOOST_TEST(index.clamped_idf_terms() == 1u);  // "1995", in 4 of 8 documents
}

BOOST_AUTO_TEST_CASE(documents_without_a_query_term_are_not_returned) {
  const Bm25Index index(kTitles);
  BOOST_TEST(index.search("casino", 10).size() == 1u);
  BOOST_TEST(index.search("nothing matches", 10).empty());
}
