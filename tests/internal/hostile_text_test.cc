// Hostile text (docs/reliability.md): the command's terminal escaping, the
// control characters names refuse, the calendar check on dates (private code).
#include <doctest/doctest.h>

#include "cli/terminal_text.h"
#include "common/dates.h"
#include "naba/text.h"

using naba::cli::terminal_text;

TEST_CASE("terminal_text shows controls visibly and leaves text alone") {
  CHECK(terminal_text("سوريا plain, with\ttab\nand newline") ==
        "سوريا plain, with\ttab\nand newline");
  CHECK(terminal_text("\x1b]0;title\x07") == "\\x1b]0;title\\x07");
  CHECK(terminal_text("\x1b[2J") == "\\x1b[2J");
  CHECK(terminal_text("\x1b]52;c;SGVsbG8=\x07") == "\\x1b]52;c;SGVsbG8=\\x07");
  CHECK(terminal_text("a\rb\x7f") == "a\\x0db\\x7f");
  CHECK(terminal_text("\xc2\x9b"
                      "31m") == "<U+009B>31m");  // C1 CSI
  CHECK(terminal_text("\xe2\x80\xae"
                      "evil") == "<U+202E>evil");  // right-to-left override
  CHECK(terminal_text("\xe2\x81\xa6x\xe2\x81\xa9") == "<U+2066>x<U+2069>");  // isolates
  CHECK(terminal_text("\xe2\x80\x8f") == "\xe2\x80\x8f");  // the RLM mark stays: Arabic uses it
  CHECK(terminal_text("a\x9b"
                      "b") == "a\\x9bb");            // a stray byte, not UTF-8
  CHECK(terminal_text("\xc0\x9b") == "\\xc0\\x9b");  // an overlong ESC-like sequence
  CHECK(terminal_text("") == "");
}

TEST_CASE("names with controls are refused, plain names are not") {
  CHECK(naba::text::has_control_character("a\x1b[31m"));
  CHECK(naba::text::has_control_character("a\xe2\x80\xae"));
  CHECK(naba::text::has_control_character("a\tb"));
  CHECK(naba::text::has_control_character("a\xff"));
  CHECK_FALSE(naba::text::has_control_character("الرقة Raqqa"));
}

TEST_CASE("dates are real days of the calendar") {
  using naba::dates::is_real_date;
  using naba::dates::starts_with_real_date;
  CHECK(is_real_date(2018, 2, 28));
  CHECK_FALSE(is_real_date(2018, 2, 29));
  CHECK(is_real_date(2016, 2, 29));        // leap year
  CHECK(is_real_date(2000, 2, 29));        // divisible by 400
  CHECK_FALSE(is_real_date(1900, 2, 29));  // by 100, not 400
  CHECK_FALSE(is_real_date(2018, 4, 31));
  CHECK(is_real_date(2018, 12, 31));
  CHECK_FALSE(is_real_date(2018, 13, 1));
  CHECK_FALSE(is_real_date(2018, 0, 10));
  CHECK_FALSE(is_real_date(2018, 1, 0));
  CHECK(starts_with_real_date("2018-02-28"));
  CHECK(starts_with_real_date("2018-02-28T10:00:00Z"));
  CHECK_FALSE(starts_with_real_date("2018-02-30"));
  CHECK_FALSE(starts_with_real_date("9999-99-99"));
  CHECK_FALSE(starts_with_real_date("2018-00-00"));
  CHECK_FALSE(starts_with_real_date("2018/02/28"));
  CHECK_FALSE(starts_with_real_date("2018-2-28"));
}
