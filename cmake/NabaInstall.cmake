# Installing libnaba as a CMake package (find_package(naba 0.1)) and for
# pkg-config (naba.pc), in fmt's way. Included after every folder has added
# its sources.
include(CMakePackageConfigHelpers)

set(NABA_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/naba)
install(TARGETS libnaba EXPORT nabaTargets
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(EXPORT nabaTargets NAMESPACE naba:: DESTINATION ${NABA_CMAKE_DIR})

get_target_property(NABA_LIBRARY_TYPE libnaba TYPE)
configure_package_config_file(cmake/nabaConfig.cmake.in
  ${PROJECT_BINARY_DIR}/nabaConfig.cmake INSTALL_DESTINATION ${NABA_CMAKE_DIR})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/nabaConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES
  ${PROJECT_BINARY_DIR}/nabaConfig.cmake
  ${PROJECT_BINARY_DIR}/nabaConfigVersion.cmake
  ${PROJECT_SOURCE_DIR}/cmake/XapianTarget.cmake
  ${PROJECT_SOURCE_DIR}/cmake/LibdeflateTarget.cmake
  DESTINATION ${NABA_CMAKE_DIR})

# naba.pc finds its prefix from its own place, so the prefix can move.
file(RELATIVE_PATH NABA_PC_TO_PREFIX "/${CMAKE_INSTALL_LIBDIR}/pkgconfig" "/")
string(REGEX REPLACE "/$" "" NABA_PC_TO_PREFIX "${NABA_PC_TO_PREFIX}")
configure_file(cmake/naba.pc.in ${PROJECT_BINARY_DIR}/naba.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/naba.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
