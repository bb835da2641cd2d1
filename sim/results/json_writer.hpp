#pragma once
// A minimal JSON writer with deterministic number formatting (so the same summary always gives
// the same bytes). Keys are written in the order given.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace orgsim::results {

class JsonWriter {
 public:
  JsonWriter& begin_object(std::string_view key = {});
  JsonWriter& end_object();
  JsonWriter& begin_array(std::string_view key = {});
  JsonWriter& end_array();
  JsonWriter& value(std::string_view key, std::string_view text);
  JsonWriter& value(std::string_view key, const char* text) {
    return value(key, std::string_view(text));
  }
  JsonWriter& value(std::string_view key, double number);
  JsonWriter& value(std::string_view key, std::int64_t number);
  JsonWriter& value(std::string_view key, int number) {
    return value(key, static_cast<std::int64_t>(number));
  }
  JsonWriter& value(std::string_view key, bool flag);
  const std::string& str() const { return out_; }

  static std::string quote(std::string_view text);  // JSON string literal (UTF-8 kept as is)
  static std::string number(double value);          // shortest round-trip form; NaN/inf as null

 private:
  void key(std::string_view k);
  std::string out_;
  std::vector<bool> first_;  // per open container: no element written yet
  int depth() const { return static_cast<int>(first_.size()); }
};

}  // namespace orgsim::results
