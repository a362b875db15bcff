# Install rules: the library, the public headers (brasa/ and the
# TensorFlow Lite-compatible C headers), the brasa CLI, a CMake package
# (find_package(brasa) -> brasa::brasa) and a pkg-config file (brasa.pc).
include(CMakePackageConfigHelpers)

set(BRASA_INSTALL_TARGETS brasa)
if(BRASA_BUILD_SHARED)
  list(APPEND BRASA_INSTALL_TARGETS brasa_shared)
endif()
install(TARGETS ${BRASA_INSTALL_TARGETS} EXPORT brasaTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
        RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
if(TARGET brasa_cli AND BRASA_BUILD_TOOLS)
  install(TARGETS brasa_cli RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
endif()
install(DIRECTORY include/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(FILES "${BRASA_GENERATED_DIR}/include/brasa/builtin_kernels.h"
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/brasa)

set(BRASA_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/brasa)
install(EXPORT brasaTargets NAMESPACE brasa:: DESTINATION ${BRASA_CMAKE_DIR})
configure_package_config_file(cmake/brasaConfig.cmake.in
  "${CMAKE_CURRENT_BINARY_DIR}/brasaConfig.cmake" INSTALL_DESTINATION ${BRASA_CMAKE_DIR})
write_basic_package_version_file("${CMAKE_CURRENT_BINARY_DIR}/brasaConfigVersion.cmake"
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMajorVersion)
install(FILES "${CMAKE_CURRENT_BINARY_DIR}/brasaConfig.cmake"
              "${CMAKE_CURRENT_BINARY_DIR}/brasaConfigVersion.cmake"
        DESTINATION ${BRASA_CMAKE_DIR})

# A C program links the static library with the C compiler, so the .pc file
# names what the library itself needs (the C++ runtime, libm, threads).
file(RELATIVE_PATH BRASA_PC_PREFIX_FROM_PCDIR
     "/prefix/${CMAKE_INSTALL_LIBDIR}/pkgconfig" "/prefix")
configure_file(cmake/brasa.pc.in "${CMAKE_CURRENT_BINARY_DIR}/brasa.pc" @ONLY)
install(FILES "${CMAKE_CURRENT_BINARY_DIR}/brasa.pc"
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
