// The one translation of Xapian's (and the file system's) exceptions into
// naba::Error (common/xapian_error.h): each kind of failure gets its code.
#include <doctest/doctest.h>

#include <cerrno>
#include <filesystem>
#include <new>
#include <string>
#include <system_error>

#include "common/xapian_error.h"

using naba::Error;
using Code = naba::Error::Code;
using naba::xapian_error::translate;

namespace {

// The naba::Error that rethrow_translated() makes of what @p f throws.
template <typename F>
Error rethrown(F f) {
  try {
    try {
      f();
    } catch (...) {
      naba::xapian_error::rethrow_translated("indexing /x");
    }
  } catch (const Error& e) {
    return e;
  }
  FAIL("no naba::Error thrown");
  return Error(Code::internal, "");
}

}  // namespace

TEST_CASE("each kind of Xapian error gets its code, and the message says what was done") {
  struct Case {
    Code code;
    Error error;
  };
  const Case cases[] = {
      {Code::locked, translate(Xapian::DatabaseLockError("held by 42"), "opening /x")},
      {Code::not_found, translate(Xapian::DatabaseNotFoundError("no such index"), "opening /x")},
      {Code::corrupt, translate(Xapian::DatabaseCorruptError("bad block"), "opening /x")},
      {Code::corrupt, translate(Xapian::DatabaseVersionError("chert"), "opening /x")},
      {Code::bad_query, translate(Xapian::QueryParserError("unmatched"), "opening /x")},
      {Code::bad_argument, translate(Xapian::InvalidArgumentError("slot"), "opening /x")},
      {Code::bad_argument, translate(Xapian::RangeError("out of range"), "opening /x")},
      {Code::internal, translate(Xapian::AssertionError("assert"), "opening /x")},
      {Code::internal, translate(Xapian::InvalidOperationError("no"), "opening /x")},
      {Code::internal, translate(Xapian::UnimplementedError("no"), "opening /x")},
      {Code::io, translate(Xapian::NetworkError("timed out"), "opening /x")},
      {Code::io, translate(Xapian::DatabaseOpeningError("cannot open"), "opening /x")},
      {Code::io, translate(Xapian::DatabaseError("read failed"), "opening /x")},
      {Code::io, translate(Xapian::FeatureUnavailableError("remote"), "opening /x")},
  };
  for (const auto& c : cases) {
    INFO(c.error.what());
    CHECK(c.error.code() == c.code);
    CHECK(std::string(c.error.what()).rfind("opening /x: ", 0) == 0);
  }
  CHECK(std::string(cases[0].error.what()).find("held by 42") != std::string::npos);
}

TEST_CASE("a commit overtaken by a writer is io, with a message saying to try again") {
  const Error e = translate(Xapian::DatabaseModifiedError("modified"), "searching /x");
  CHECK(e.code() == Code::io);
  CHECK(std::string(e.what()) ==
        "searching /x: the index kept changing (a writer committed); try again");
}

TEST_CASE("a full disk is known by its errno, whatever the kind of error") {
  for (int full : {ENOSPC, EDQUOT}) {
    const Xapian::DatabaseError disk("msg", "", full);
    CHECK(naba::xapian_error::is_disk_full(disk));
    const Error e = translate(disk, "committing /x");
    CHECK(e.code() == Code::io);
    CHECK(std::string(e.what()).find("disk is full") != std::string::npos);
    CHECK(std::string(e.what()).rfind("committing /x: ", 0) == 0);
    // Even an error of another kind, e.g. a corrupt-looking write.
    const Error corrupt = translate(Xapian::DatabaseCorruptError("msg", "", full), "committing /x");
    CHECK(corrupt.code() == Code::io);
    CHECK(std::string(corrupt.what()).find("disk is full") != std::string::npos);
  }
  for (int other : {0, EACCES, EIO}) {
    const Xapian::DatabaseError e("msg", "", other);
    CHECK_FALSE(naba::xapian_error::is_disk_full(e));
    CHECK(std::string(translate(e, "committing /x").what()).find("disk is full") ==
          std::string::npos);
  }
}

TEST_CASE("rethrow_translated: Xapian and file system errors become naba::Error, others pass") {
  CHECK(rethrown([] { throw Xapian::DatabaseLockError("held"); }).code() == Code::locked);

  const Error full = rethrown([] {
    throw std::filesystem::filesystem_error("write", "/x/f",
                                            std::make_error_code(std::errc::no_space_on_device));
  });
  CHECK(full.code() == Code::io);
  CHECK(std::string(full.what()) == "indexing /x: the disk is full (no space left on device)");

  const Error denied = rethrown([] {
    throw std::filesystem::filesystem_error("open", "/x/f",
                                            std::make_error_code(std::errc::permission_denied));
  });
  CHECK(denied.code() == Code::io);
  CHECK(std::string(denied.what()).find("(/x/f)") != std::string::npos);

  const Error own = rethrown([] { throw Error(Code::bad_argument, "as it was"); });
  CHECK(own.code() == Code::bad_argument);
  CHECK(std::string(own.what()) == "as it was");

  CHECK_THROWS_AS(
      naba::xapian_error::with_translated_errors("x", []() -> int { throw std::bad_alloc(); }),
      std::bad_alloc);
  CHECK(naba::xapian_error::with_translated_errors("x", [] { return 7; }) == 7);
  CHECK_THROWS_AS(naba::xapian_error::with_translated_errors(
                      "x", []() -> int { throw Xapian::DatabaseNotFoundError("none"); }),
                  Error);
}
