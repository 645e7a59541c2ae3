# CTest driver: install this build into a scratch prefix, then configure,
# build tests/install_consumer against it, and run it (run.sh) against a real
# `apogee dev`. Variables: BUILD_DIR, SOURCE_DIR, WORK_DIR, GENERATOR, CXX,
# LAUNCHER (may be empty), LINK_FLAGS (the sanitizer flags of a sanitized
# build, else empty), APOGEE_TOOL (the built apogee executable).
file(REMOVE_RECURSE ${WORK_DIR})
execute_process(COMMAND ${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${WORK_DIR}/prefix
                RESULT_VARIABLE rc OUTPUT_QUIET)
if(rc)
  message(FATAL_ERROR "cmake --install failed: ${rc}")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} -S ${SOURCE_DIR} -B ${WORK_DIR}/build -G ${GENERATOR}
                        -DCMAKE_CXX_COMPILER=${CXX} -DCMAKE_PREFIX_PATH=${WORK_DIR}/prefix
                        -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_COMPILER_LAUNCHER=${LAUNCHER}
                        -DCMAKE_EXE_LINKER_FLAGS=${LINK_FLAGS}
                RESULT_VARIABLE rc)
if(rc)
  message(FATAL_ERROR "configuring the consumer project failed: ${rc}")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} --build ${WORK_DIR}/build RESULT_VARIABLE rc)
if(rc)
  message(FATAL_ERROR "building the consumer project failed: ${rc}")
endif()
execute_process(COMMAND sh ${SOURCE_DIR}/run.sh ${APOGEE_TOOL} ${WORK_DIR}/build/consumer_app
                        ${WORK_DIR} RESULT_VARIABLE rc)
if(rc)
  message(FATAL_ERROR "the consumer program failed: ${rc}")
endif()
