# The `brasa` Python package: the pybind11 extension brasa._brasa plus the
# pure-Python files of python/brasa, laid out in ${CMAKE_BINARY_DIR}/python
# so that tests import it with PYTHONPATH=build/python. scikit-build-core
# (pyproject.toml) builds the same target for `pip install .`.
pybind11_add_module(brasa_python MODULE python/src/bindings.cc)
set_target_properties(brasa_python PROPERTIES OUTPUT_NAME _brasa
  LIBRARY_OUTPUT_DIRECTORY "${CMAKE_BINARY_DIR}/python/brasa")
target_link_libraries(brasa_python PRIVATE brasa)
file(GLOB BRASA_PYTHON_FILES CONFIGURE_DEPENDS "${CMAKE_CURRENT_SOURCE_DIR}/python/brasa/*.py")
foreach(file IN LISTS BRASA_PYTHON_FILES)
  get_filename_component(name "${file}" NAME)
  configure_file("${file}" "${CMAKE_BINARY_DIR}/python/brasa/${name}" COPYONLY)
endforeach()
if(SKBUILD)
  install(TARGETS brasa_python LIBRARY DESTINATION brasa)
  install(FILES ${BRASA_PYTHON_FILES} DESTINATION brasa)
endif()
if(BRASA_BUILD_TESTS)
  add_test(NAME python_interpreter
           COMMAND python3 -m unittest -v tests/python/test_interpreter.py
           WORKING_DIRECTORY "${CMAKE_CURRENT_SOURCE_DIR}")
  set_tests_properties(python_interpreter PROPERTIES ENVIRONMENT
    "PYTHONPATH=${CMAKE_BINARY_DIR}/python;BRASA_SHARED_MODELS_DIR=${BRASA_SHARED_MODELS_DIR}")
endif()
