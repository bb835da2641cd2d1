// Compiled by the layer tests (tests/CMakeLists.txt) with one layer's include roots: includes
// PROBE_HEADER, a header of another layer, and must fail to find it when that layer is above.
#include PROBE_HEADER
