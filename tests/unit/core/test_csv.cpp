#define BOOST_TEST_MODULE csv
#include <boost/test/unit_test.hpp>
#include <string>
#include <vector>

#include "data/csv.h"
#include "support/temp_dir.h"
#include "util/error.h"

using namespace gensr;
using gensr::test::TempDir;
using gensr::test::write_text;

namespace {

using Records = std::vector<std::vector<std::string>>;

// Every record of `text` read as a CSV file, with the line each one starts on.
Records read_all(const std::string& text, std::vector<long>* lines = nullptr) {
  TempDir dir;
  write_text(dir / "f.csv", text);
  CsvReader r(dir / "f.csv");
  Records out;
  while (r.next()) {
    out.emplace_back();
    for (const char* c : {"a", "b", "c"}) out.back().emplace_back(r.field(r.column(c)));
    if (lines) lines->push_back(r.line());
  }
  return out;
}

// The message of the InputError reading `text` throws (file name replaced by "f.csv").
std::string error_of(const std::string& text, const std::string& column = "a") {
  TempDir dir;
  write_text(dir / "f.csv", text);
  try {
    CsvReader r(dir / "f.csv");
    const std::size_t c = r.column(column);
    while (r.next()) {
      if (column == "a") r.integer(c, 0, 100);
      if (column == "c") r.number(c);
    }
  } catch (const InputError& e) {
    BOOST_TEST(e.exit_code() == 2);
    return std::string(e.what()).substr(dir.path().size() + 1);
  }
  return "";
}

}  // namespace

BOOST_AUTO_TEST_CASE(quoted_fields_keep_commas_and_undouble_quotes) {
  const Records got = read_all("a,b,c\n1,\"American President, The (1995)\",\"say \"\"hi\"\"\"\n");
  const Records want = {{"1", "American President, The (1995)", "say \"hi\""}};
  BOOST_TEST(got == want);
}

BOOST_AUTO_TEST_CASE(crlf_line_ends_are_removed) {
  const Records got = read_all("a,b,c\r\n1,x,\r\n2,\"y\",z\r\n");
  const Records want = {{"1", "x", ""}, {"2", "y", "z"}};
  BOOST_TEST(got == want);
}

BOOST_AUTO_TEST_CASE(quoted_field_may_span_lines_and_the_record_keeps_its_first_line) {
  std::vector<long> lines;
  const Records got = read_all("a,b,c\n1,\"two\r\nlines\",x\n2,y,z\n", &lines);
  const Records want = {{"1", "two\nlines", "x"}, {"2", "y", "z"}};
  BOOST_TEST(got == want);
  BOOST_TEST(lines == (std::vector<long>{2, 4}));
}

BOOST_AUTO_TEST_CASE(non_ascii_text_and_a_byte_order_mark_are_read) {
  const Records got = read_all(
      "\xEF\xBB\xBF"
      "a,b,c\n1,Émigré,\"😀, ok\"\n");
  const Records want = {{"1", "Émigré", "😀, ok"}};
  BOOST_TEST(got == want);
}

BOOST_AUTO_TEST_CASE(columns_are_found_by_name) {
  TempDir dir;
  write_text(dir / "f.csv", "x,movieId,title\n0,7,Seven\n");
  CsvReader r(dir / "f.csv");
  BOOST_TEST(r.column("title") == 2u);
  BOOST_TEST(r.column("movieId") == 1u);
  BOOST_TEST(!r.has_column("genres"));
}

BOOST_AUTO_TEST_CASE(a_column_missing_from_the_header_is_an_error_on_line_1) {
  BOOST_TEST(error_of("b,c\n1,2\n") == "f.csv:1: a: missing column (the header is 'b,c')");
}

BOOST_AUTO_TEST_CASE(a_short_record_names_its_first_missing_column) {
  BOOST_TEST(error_of("a,b,c\n1,2,3\n4,5\n") == "f.csv:3: c: missing column");
}

BOOST_AUTO_TEST_CASE(a_record_with_extra_fields_is_an_error) {
  BOOST_TEST(error_of("a,b\n1,2,3\n") == "f.csv:2: record: 3 fields but the header has 2 columns");
}

BOOST_AUTO_TEST_CASE(an_unterminated_quote_is_an_error_on_the_line_it_opens) {
  BOOST_TEST(error_of("a,b\n1,2\n3,\"open\nmore\n") ==
             "f.csv:3: record: the file ends inside a quoted field that starts on this line");
}

BOOST_AUTO_TEST_CASE(text_after_a_closing_quote_is_an_error) {
  BOOST_TEST(error_of("a,b\n1,\"x\"y\n") ==
             "f.csv:2: b: text after the closing quote of a quoted field");
}

BOOST_AUTO_TEST_CASE(a_bad_integer_is_named_by_line_and_column) {
  BOOST_TEST(error_of("a,b\n1,x\n2x,y\n") == "f.csv:3: a: bad integer '2x'");
  BOOST_TEST(error_of("a,b\n101,x\n") == "f.csv:2: a: '101' is outside [0, 100]");
}

BOOST_AUTO_TEST_CASE(a_bad_number_is_named_by_line_and_column) {
  BOOST_TEST(error_of("c\n4.5\n\"\"\n", "c") == "f.csv:3: c: bad number ''");
  BOOST_TEST(error_of("c\nnan\n", "c") == "f.csv:2: c: bad number 'nan'");
}

BOOST_AUTO_TEST_CASE(an_empty_line_is_an_error) {
  BOOST_TEST(error_of("a\n1\n\n2\n") == "f.csv:3: record: empty line");
}

BOOST_AUTO_TEST_CASE(invalid_utf8_is_an_error_naming_the_field) {
  BOOST_TEST(error_of("a,b\n1,ok\xFF\n") == "f.csv:2: b: invalid UTF-8 at byte 3 of the field");
}

BOOST_AUTO_TEST_CASE(an_empty_file_is_an_error) {
  BOOST_TEST(error_of("") == "f.csv:0: file: empty (no header line)");
}
