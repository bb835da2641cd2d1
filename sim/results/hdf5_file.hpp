#pragma once
// A thin layer over the HDF5 C API for the run file: handles that close themselves, and the
// few operations the writer and the reader need (attributes, UTF-8 strings, enum and compound
// types, tables appended in batches, n-D arrays). Every failure throws h5::Error with the
// operation and the object it was about. Only sim/results/ includes HDF5.
#include <hdf5.h>

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace orgsim::results::h5 {

// `io()`: the operating system failed to read or write (the innermost error on HDF5's stack is
// an H5E_IO error: a disk error, a full disk); otherwise HDF5 could not make sense of the file
// or the request (a damaged file, an object of another kind, a missing one).
class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& what, bool io = false) : std::runtime_error(what), io_(io) {}
  bool io() const { return io_; }

 private:
  bool io_;
};

// Throws Error("what: <HDF5's own message>") when status < 0.
void check(herr_t status, const std::string& what);
hid_t check_id(hid_t id, const std::string& what);

// Turns off HDF5's stack dumps on stderr: our errors say what failed instead.
void silence_library_errors();

// An HDF5 identifier that is closed when the handle goes.
class Handle {
 public:
  Handle() = default;
  explicit Handle(hid_t id) : id_(id) {}
  Handle(Handle&& other) noexcept : id_(other.release()) {}
  Handle& operator=(Handle&& other) noexcept;
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  ~Handle() { reset(); }
  hid_t id() const { return id_; }
  operator hid_t() const { return id_; }  // NOLINT: handles pass straight to the C API
  hid_t release();
  void reset();

 private:
  hid_t id_ = H5I_INVALID_HID;
};

// Called once, before anything else uses HDF5: no clean-up at exit (every file is closed or
// abandoned explicitly; HDF5 1.10's exit handler retries a close that a full disk made fail,
// and crashes) and no error stacks printed (orgsim reports errors itself).
void prepare_library();

// Whether `path` is an HDF5 file; a failure to read it throws Error (io() when the system's).
bool is_hdf5(const std::string& path);
Handle create_file(const std::string& path);
Handle open_file_read_only(const std::string& path);
// Flushes and closes; reports a failure (a full disk shows up here) as an Error.
void close_file(Handle& file, const std::string& path);
Handle create_group(hid_t location, const std::string& name);
Handle open_group(hid_t location, const std::string& name);
Handle open_dataset(hid_t location, const std::string& name);
// Whether the link `name` is there (relative to `location`, or absolute; the groups on the way
// must exist): an HDF5 failure to look it up throws Error, it is never read as "absent".
bool exists(hid_t location, const std::string& name);

// Types
Handle utf8_string_type();                                 // variable-length UTF-8
Handle enum_type(const std::vector<std::string>& labels);  // uint8 values 0, 1, ...
class CompoundType {
 public:
  explicit CompoundType(std::size_t size);
  CompoundType& add(const std::string& name, std::size_t offset, hid_t type);
  hid_t id() const { return type_.id(); }

 private:
  Handle type_;
};

// Attributes
void write_attribute(hid_t location, const std::string& name, const std::string& value);
void write_attribute(hid_t location, const std::string& name, std::int64_t value);
void write_attribute(hid_t location, const std::string& name, double value);
void write_attribute(hid_t location, const std::string& name, const std::vector<double>& values);
void write_attribute(hid_t location, const std::string& name,
                     const std::vector<std::string>& values);
// Whether the object has the attribute; a failure to look it up throws Error.
bool has_attribute(hid_t location, const std::string& name);
std::string read_string_attribute(hid_t location, const std::string& name);
std::int64_t read_int_attribute(hid_t location, const std::string& name);
double read_double_attribute(hid_t location, const std::string& name);

// Datasets
void write_string(hid_t location, const std::string& name, const std::string& text);  // scalar
std::string read_string(hid_t location, const std::string& name);
// A 1-D dataset of variable-length UTF-8 strings.
std::vector<std::string> read_strings(hid_t location, const std::string& name);
void write_strings(hid_t location, const std::string& name, const std::vector<std::string>& items);
// The dimensions of a dataset ({} for a scalar).
std::vector<hsize_t> shape(hid_t dataset, const std::string& name);
// The fields of a compound dataset, in the file's order (none when its type is not compound).
struct Field {
  std::string name;
  H5T_class_t type_class;
};
std::vector<Field> compound_fields(hid_t dataset, const std::string& name);
// The bytes of a compound type that no field covers: a C struct's padding, which holds whatever
// the memory held before (heap addresses, under ASLR different in every run).
struct ByteRange {
  std::size_t offset, size;
};
std::vector<ByteRange> padding_of(hid_t compound_type);
// Sets the padding of `count` rows of `row_size` bytes to zero, so that a file holds only the
// fields' bytes and two runs with the same results write the same bytes.
void zero_padding(const std::vector<ByteRange>& padding, std::size_t row_size, void* rows,
                  std::size_t count);
// A whole n-D array of `type` in one go (dims: row-major), with no chunking.
Handle write_array(hid_t location, const std::string& name, const std::vector<hsize_t>& dims,
                   hid_t type, const void* data);

// How a table's chunks are stored: as they are, or byte-shuffled then deflated at level 1 (two
// filters every HDF5 reader has; h5py and h5dump undo them without being asked).
enum class Compression { kNone, kShuffleDeflate };

// A 1-D table of compound rows, chunked, that grows as rows are appended.
class TableWriter {
 public:
  TableWriter() = default;
  TableWriter(hid_t location, const std::string& name, hid_t row_type, std::size_t chunk_rows,
              Compression compression);
  // Appends `count` rows, whose padding it first sets to zero (zero_padding).
  void append(void* rows, std::size_t count);
  std::size_t size() const { return size_; }

 private:
  Handle dataset_;
  hid_t row_type_ = H5I_INVALID_HID;
  std::size_t row_size_ = 0;
  std::vector<ByteRange> padding_;
  std::string name_;
  std::size_t size_ = 0;
};

// Reads a 1-D table in slices, into rows of `row_type` (fields matched by name).
class TableReader {
 public:
  TableReader(hid_t location, const std::string& name, hid_t row_type);
  std::size_t size() const { return size_; }
  void read(std::size_t first, std::size_t count, void* rows) const;

 private:
  Handle dataset_;
  hid_t row_type_;
  std::string name_;
  std::size_t size_ = 0;
};

}  // namespace orgsim::results::h5
