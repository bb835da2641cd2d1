# Turns a text file into a C++ source defining `orgsim::config::embedded_default_scenario()`.
# The text goes in as a raw string literal split into chunks (compilers limit literal length).
# Chunks end at a line end, so that no chunk splits a multi-byte UTF-8 character (compilers
# warn about a literal that ends inside one).
file(READ "${INPUT}" TEXT)
string(LENGTH "${TEXT}" TEXT_LENGTH)
set(CHUNKS "")
set(POS 0)
while(POS LESS TEXT_LENGTH)
  string(SUBSTRING "${TEXT}" ${POS} 4000 PIECE)
  string(LENGTH "${PIECE}" PIECE_LENGTH)
  math(EXPR PIECE_END "${POS} + ${PIECE_LENGTH}")
  if(PIECE_END LESS TEXT_LENGTH)
    string(FIND "${PIECE}" "\n" LAST_LINE_END REVERSE)
    if(LAST_LINE_END GREATER -1)
      math(EXPR PIECE_LENGTH "${LAST_LINE_END} + 1")
      string(SUBSTRING "${PIECE}" 0 ${PIECE_LENGTH} PIECE)
    endif()
  endif()
  string(APPEND CHUNKS "  R\"orgsim_embed(${PIECE})orgsim_embed\"\n")
  math(EXPR POS "${POS} + ${PIECE_LENGTH}")
endwhile()
file(WRITE "${OUTPUT}" "// Generated from ${INPUT} by cmake/embed_text.cmake. Do not edit.\n#include <string>\nnamespace orgsim::config {\nconst std::string& embedded_default_scenario() {\n  static const std::string text =\n${CHUNKS}  \"\";\n  return text;\n}\n}  // namespace orgsim::config\n")
