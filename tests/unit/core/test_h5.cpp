#define BOOST_TEST_MODULE h5
#include <boost/test/unit_test.hpp>

#include "support/temp_dir.h"
#include "util/error.h"
#include "util/h5.h"

using gensr::h5::File;

BOOST_AUTO_TEST_CASE(numeric_datasets_round_trip_with_their_shape) {
  gensr::test::TempDir dir;
  const std::vector<std::int32_t> rows{1, 2, 3, 4, 5, 6};
  {
    File f = File::create(dir / "a.h5");
    f.write<std::int32_t>("/rec/train", rows.data(), {3, 2});
    f.write("/pop/rec", std::vector<double>{0.5, 1.5});
  }
  File f = File::open(dir / "a.h5");
  BOOST_TEST(f.read<std::int32_t>("/rec/train") == rows);
  BOOST_TEST(f.dims("/rec/train") == (std::vector<std::uint64_t>{3, 2}));
  BOOST_TEST(f.read<double>("/pop/rec") == (std::vector<double>{0.5, 1.5}));
  BOOST_TEST(f.list("/") == (std::vector<std::string>{"pop", "rec"}));
}

BOOST_AUTO_TEST_CASE(strings_bytes_and_attributes_round_trip) {
  gensr::test::TempDir dir;
  const std::vector<std::string> ids{"i1", "", "héllo", "x y"};
  {
    File f = File::create(dir / "a.h5");
    f.write_strings("/items/ids", ids);
    f.write_bytes("/tokenizer", std::string("\0\1\2", 3));
    f.set_attr("/", "fingerprint", std::string("abc"));
    f.set_attr("/items", "offset", std::int64_t{32100});
    f.set_attr("/items", "ratio", 0.25);
  }
  File f = File::open(dir / "a.h5");
  BOOST_TEST(f.read_strings("/items/ids") == ids);
  BOOST_TEST(f.read_bytes("/tokenizer") == std::string("\0\1\2", 3));
  BOOST_TEST(f.attr_string("/", "fingerprint") == "abc");
  BOOST_TEST(f.attr_int("/items", "offset") == 32100);
  BOOST_TEST(f.attr_double("/items", "ratio") == 0.25);
  BOOST_TEST(f.has_attr("/items", "offset"));
  BOOST_TEST(!f.has_attr("/items", "missing"));
  BOOST_TEST(f.exists("/items/ids/bytes"));
  BOOST_TEST(!f.exists("/nothing/here"));
}

BOOST_AUTO_TEST_CASE(a_missing_dataset_is_named_in_the_error) {
  gensr::test::TempDir dir;
  { File::create(dir / "a.h5"); }
  File f = File::open(dir / "a.h5");
  try {
    f.read<float>("/model/lm_head.weight");
    BOOST_FAIL("expected an error");
  } catch (const gensr::InputError& e) {
    BOOST_TEST(std::string(e.what()) == dir / "a.h5:0: /model/lm_head.weight: missing dataset");
  }
}

BOOST_AUTO_TEST_CASE(a_file_that_is_not_hdf5_is_refused) {
  gensr::test::TempDir dir;
  gensr::test::write_text(dir / "bad.h5", "not an hdf5 file at all");
  BOOST_CHECK_THROW(File::open(dir / "bad.h5"), gensr::InputError);
  BOOST_CHECK_THROW(File::open(dir / "absent.h5"), gensr::InputError);
}
