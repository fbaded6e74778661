# Xapian 1.4's CMake config defines only variables; wrap them in an imported target.
if(NOT TARGET Xapian::xapian)
  find_package(xapian 1.4 REQUIRED CONFIG)
  add_library(Xapian::xapian UNKNOWN IMPORTED)
  set_target_properties(Xapian::xapian PROPERTIES
    IMPORTED_LOCATION "${XAPIAN_LIBRARIES}"
    INTERFACE_INCLUDE_DIRECTORIES "${XAPIAN_INCLUDE_DIR}")
endif()
