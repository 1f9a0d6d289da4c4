# alphapulse_module(NAME SOURCES ... DEPS ...)
# One static library per module, target alphapulse_<NAME>, alias alphapulse::<NAME>.
# Headers live beside the sources and are included as "<module>/<file>.hpp".
function(alphapulse_module name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_library(alphapulse_${name} STATIC ${ARG_SOURCES})
  add_library(alphapulse::${name} ALIAS alphapulse_${name})
  target_include_directories(alphapulse_${name} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(alphapulse_${name} PUBLIC ${ARG_DEPS})
endfunction()
