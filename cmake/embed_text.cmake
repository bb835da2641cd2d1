# Turns a text file into a C++ source defining `orgsim::config::embedded_default_scenario()`.
# The text goes in as a raw string literal split into chunks (compilers limit literal length).
file(READ "${INPUT}" TEXT)
string(LENGTH "${TEXT}" TEXT_LENGTH)
set(CHUNKS "")
set(POS 0)
while(POS LESS TEXT_LENGTH)
  string(SUBSTRING "${TEXT}" ${POS} 4000 PIECE)
  string(APPEND CHUNKS "  R\"orgsim_embed(${PIECE})orgsim_embed\"\n")
  math(EXPR POS "${POS} + 4000")
endwhile()
file(WRITE "${OUTPUT}" "// Generated from ${INPUT} by cmake/embed_text.cmake. Do not edit.\n#include <string>\nnamespace orgsim::config {\nconst std::string& embedded_default_scenario() {\n  static const std::string text =\n${CHUNKS}  \"\";\n  return text;\n}\n}  // namespace orgsim::config\n")
