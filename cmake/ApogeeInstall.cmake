# `cmake --install` puts the public client API where find_package(apogee)
# finds it: include/apogee/*.h, the static libraries apogee_client,
# apogee_remoting and apogee_common, and lib/cmake/apogee/apogeeConfig.cmake,
# which defines apogee::client. The config is written by hand rather than
# exported, because only the client is installed and its internal
# dependencies become plain imported archives.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/apogee DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(TARGETS apogee_client apogee_remoting apogee_common ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})

set(APOGEE_CONFIG_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/apogee)
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/apogeeConfig.cmake.in
  ${PROJECT_BINARY_DIR}/apogeeConfig.cmake INSTALL_DESTINATION ${APOGEE_CONFIG_DIR})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/apogeeConfigVersion.cmake
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/apogeeConfig.cmake ${PROJECT_BINARY_DIR}/apogeeConfigVersion.cmake
  DESTINATION ${APOGEE_CONFIG_DIR})
