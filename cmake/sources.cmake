# Every library takes the .cpp files of its folders, so adding a file needs no CMake edit.
# A file named *_cuda.cpp builds only when NCCL is on.
function(gensr_sources out)
  set(files "")
  foreach(dir ${ARGN})
    file(GLOB found CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/src/${dir}/*.cpp)
    list(APPEND files ${found})
  endforeach()
  if(NOT GENSR_WITH_NCCL)
    list(FILTER files EXCLUDE REGEX "_cuda\\.cpp$")
  endif()
  set(${out} ${files} PARENT_SCOPE)
endfunction()
