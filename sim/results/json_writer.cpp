#include "results/json_writer.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>

namespace orgsim::results {

std::string JsonWriter::quote(std::string_view text) {
  std::string q = "\"";
  for (unsigned char c : text) {
    switch (c) {
      case '"':
        q += "\\\"";
        break;
      case '\\':
        q += "\\\\";
        break;
      case '\n':
        q += "\\n";
        break;
      case '\t':
        q += "\\t";
        break;
      case '\r':
        q += "\\r";
        break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          q += buf;
        } else {
          q += static_cast<char>(c);
        }
    }
  }
  return q + "\"";
}

std::string JsonWriter::number(double value) {
  if (!std::isfinite(value)) return "null";
  char buf[32];
  const auto result = std::to_chars(buf, buf + sizeof buf, value);
  return std::string(buf, result.ptr);
}

void JsonWriter::key(std::string_view k) {
  if (!first_.empty()) {
    if (!first_.back()) out_ += ",";
    first_.back() = false;
    out_ += "\n" + std::string(static_cast<std::size_t>(2 * depth()), ' ');
  }
  if (!k.empty()) out_ += quote(k) + ": ";
}

JsonWriter& JsonWriter::begin_object(std::string_view k) {
  key(k);
  out_ += "{";
  first_.push_back(true);
  return *this;
}

JsonWriter& JsonWriter::end_object() {
  const bool empty = first_.back();
  first_.pop_back();
  if (!empty) out_ += "\n" + std::string(static_cast<std::size_t>(2 * depth()), ' ');
  out_ += "}";
  return *this;
}

JsonWriter& JsonWriter::begin_array(std::string_view k) {
  key(k);
  out_ += "[";
  first_.push_back(true);
  return *this;
}

JsonWriter& JsonWriter::end_array() {
  const bool empty = first_.back();
  first_.pop_back();
  if (!empty) out_ += "\n" + std::string(static_cast<std::size_t>(2 * depth()), ' ');
  out_ += "]";
  return *this;
}

JsonWriter& JsonWriter::value(std::string_view k, std::string_view text) {
  key(k);
  out_ += quote(text);
  return *this;
}

JsonWriter& JsonWriter::value(std::string_view k, double number_value) {
  key(k);
  out_ += number(number_value);
  return *this;
}

JsonWriter& JsonWriter::value(std::string_view k, std::int64_t number_value) {
  key(k);
  out_ += std::to_string(number_value);
  return *this;
}

JsonWriter& JsonWriter::value(std::string_view k, bool flag) {
  key(k);
  out_ += flag ? "true" : "false";
  return *this;
}

}  // namespace orgsim::results
