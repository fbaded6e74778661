# The one library, libnaba (target libnaba, exported as naba::naba; the target
# `naba` is the command).
#
# The folders (analyzers/, indexer/, searcher/, alerts/ ...) each add their
# sources and their public headers (FOLDER/include/naba/*.h) to it with
# naba_library_sources(); nothing else is needed for a new folder:
#
#   naba_library_sources(alerts.cc store.cc LINK SQLite::SQLite3)
#
# LINK names private dependencies (found in that folder with find_package);
# a static build records them in the export, so cmake/nabaConfig.cmake.in must
# find_dependency() them too.

option(BUILD_SHARED_LIBS "Build libnaba as a shared library (OFF: static libnaba.a)" ON)

# libnaba's code is compiled once, into the object library naba_objects. The
# library is made of those objects; so is naba_internal, which the unit tests
# of internals (tests/internal/) link to reach private headers and functions
# that libnaba does not export.
add_library(naba_objects OBJECT)
set_target_properties(naba_objects PROPERTIES
  # Only what is marked NABA_API (naba/export.h) is exported, as in Xapian.
  CXX_VISIBILITY_PRESET hidden
  VISIBILITY_INLINES_HIDDEN ON)
target_compile_features(naba_objects PUBLIC cxx_std_20)
target_include_directories(naba_objects
  PUBLIC $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/include>
  PRIVATE ${PROJECT_SOURCE_DIR})

add_library(libnaba $<TARGET_OBJECTS:naba_objects>)
add_library(naba::naba ALIAS libnaba)
set_target_properties(libnaba PROPERTIES
  OUTPUT_NAME naba
  VERSION ${PROJECT_VERSION}
  SOVERSION ${PROJECT_VERSION_MAJOR}
  EXPORT_NAME naba)
target_compile_features(libnaba PUBLIC cxx_std_20)
target_include_directories(libnaba PUBLIC
  $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/include>
  $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/naba DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
configure_file(${CMAKE_CURRENT_LIST_DIR}/version.cc.in ${PROJECT_BINARY_DIR}/naba_version.cc @ONLY)
target_sources(naba_objects PRIVATE ${PROJECT_BINARY_DIR}/naba_version.cc)

add_library(naba_internal INTERFACE)
target_sources(naba_internal INTERFACE $<TARGET_OBJECTS:naba_objects>)
target_include_directories(naba_internal INTERFACE ${PROJECT_SOURCE_DIR}
                                                   ${PROJECT_SOURCE_DIR}/include)
target_compile_features(naba_internal INTERFACE cxx_std_20)

# Older per-folder names, kept so code written against them still links.
add_library(naba::analyzers ALIAS libnaba)
add_library(naba::indexer ALIAS libnaba)
add_library(naba::searcher ALIAS libnaba)

# naba_library_sources(SOURCES... [LINK DEPENDENCIES...]): adds the calling
# folder's sources and its public headers (include/naba/, installed) to
# libnaba. Private headers stay beside the sources and are included by their
# folder ("indexer/story_finder.h"): only the project root is on the private
# include path, so every include says where it lives (docs/design.md).
function(naba_library_sources)
  cmake_parse_arguments(ARG "" "" "LINK" ${ARGN})
  target_sources(naba_objects PRIVATE ${ARG_UNPARSED_ARGUMENTS})
  if(EXISTS ${CMAKE_CURRENT_SOURCE_DIR}/include/naba)
    foreach(target naba_objects libnaba)
      target_include_directories(${target} PUBLIC
        $<BUILD_INTERFACE:${CMAKE_CURRENT_SOURCE_DIR}/include>)
    endforeach()
    target_include_directories(naba_internal INTERFACE ${CMAKE_CURRENT_SOURCE_DIR}/include)
    install(DIRECTORY include/naba DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
  endif()
  if(ARG_LINK)
    target_link_libraries(naba_objects PRIVATE ${ARG_LINK})
    target_link_libraries(libnaba PRIVATE ${ARG_LINK})
    target_link_libraries(naba_internal INTERFACE ${ARG_LINK})
  endif()
endfunction()
