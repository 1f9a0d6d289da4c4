# Runs `alphapulse indicators --out` and then compare_talib_ref.py (exit 0 = every column passes).
execute_process(COMMAND ${ALPHAPULSE} indicators --data ${DATA} --out ${OUT} RESULT_VARIABLE cli_status)
if(NOT cli_status EQUAL 0)
  message(FATAL_ERROR "alphapulse indicators failed: ${cli_status}")
endif()
execute_process(COMMAND ${PYTHON} ${REFERENCE_DIR}/compare_talib_ref.py
  ${REFERENCE_DIR}/BTCUSDT_15m_first5000.csv ${OUT} RESULT_VARIABLE compare_status)
if(NOT compare_status EQUAL 0)
  message(FATAL_ERROR "compare_talib_ref.py reports failing columns")
endif()
