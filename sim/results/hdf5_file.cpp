#include "results/hdf5_file.hpp"

#include <algorithm>
#include <cstring>

namespace orgsim::results::h5 {

namespace {

// What HDF5's error stack says: its innermost message, to explain a failure in its own words,
// and whether that innermost error is the operating system's reading or writing (an H5E_IO
// error of the file driver). H5E_IO also shows up higher up the stack for a chunk that does not
// decompress: only the innermost error tells a damaged file from a failing disk.
struct LibraryError {
  std::string message;
  bool io = false;
};

herr_t keep_last_message(unsigned /*n*/, const H5E_error2_t* error, void* client) {
  auto* found = static_cast<LibraryError*>(client);
  // Walked from the API down, so the last call is the innermost error.
  if (error->desc != nullptr) found->message = error->desc;
  found->io = error->maj_num == H5E_IO;
  return 0;
}

LibraryError library_error() {
  LibraryError found;
  H5Ewalk2(H5E_DEFAULT, H5E_WALK_DOWNWARD, keep_last_message, &found);
  return found;
}

Handle scalar_space() { return Handle(check_id(H5Screate(H5S_SCALAR), "create a scalar space")); }

Handle simple_space(const std::vector<hsize_t>& dims) {
  return Handle(check_id(H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr),
                         "create a data space"));
}

Handle open_attribute(hid_t location, const std::string& name) {
  return Handle(check_id(H5Aopen(location, name.c_str(), H5P_DEFAULT), "open attribute " + name));
}

void write_attribute_raw(hid_t location, const std::string& name, hid_t type, hid_t space,
                         const void* data) {
  Handle attribute(
      check_id(H5Acreate2(location, name.c_str(), type, space, H5P_DEFAULT, H5P_DEFAULT),
               "create attribute " + name));
  check(H5Awrite(attribute, type, data), "write attribute " + name);
}

}  // namespace

void check(herr_t status, const std::string& what) {
  if (status < 0) {
    const LibraryError detail = library_error();
    throw Error(what + (detail.message.empty() ? "" : ": " + detail.message), detail.io);
  }
}

hid_t check_id(hid_t id, const std::string& what) {
  check(id < 0 ? -1 : 0, what);
  return id;
}

void silence_library_errors() { H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr); }

Handle& Handle::operator=(Handle&& other) noexcept {
  if (this != &other) {
    reset();
    id_ = other.release();
  }
  return *this;
}

hid_t Handle::release() {
  const hid_t id = id_;
  id_ = H5I_INVALID_HID;
  return id;
}

void Handle::reset() {
  if (id_ >= 0) H5Idec_ref(id_);
  id_ = H5I_INVALID_HID;
}

void prepare_library() {
  H5dont_atexit();
  silence_library_errors();
}

namespace {

// File access without HDF5's own file lock: a file orgsim writes is claimed by its writer
// (results/output_claim.hpp), whose lock HDF5's would collide with, and a finished file is
// complete before it gets its name.
Handle unlocked_access() {
  Handle fapl(check_id(H5Pcreate(H5P_FILE_ACCESS), "create file access properties"));
  check(H5Pset_file_locking(fapl, false, true), "turn HDF5's file locking off");
  return fapl;
}

// Transfer properties for `elements` elements. A transfer that converts (variable-length
// strings: the names, the stored scenario) gets a type-conversion buffer of the transfer
// property list's size, zero-filled, whatever the number of elements: HDF5's default 1 MiB
// made each string write of the run file touch a fresh megabyte (page faults and a memset, a
// fifth of `-o`'s fixed cost; bench/README.md). Sized to the elements here, 64 bytes each (a
// variable-length string is 16 in the file), at most the default.
Handle transfer_for(hsize_t elements) {
  constexpr hsize_t kPerElement = 64, kAtLeast = 1024, kDefault = 1 << 20;
  Handle dxpl(check_id(H5Pcreate(H5P_DATASET_XFER), "create transfer properties"));
  const hsize_t bytes = std::min(kDefault, std::max(kAtLeast, elements * kPerElement));
  check(H5Pset_buffer(dxpl, bytes, nullptr, nullptr), "size the conversion buffer");
  return dxpl;
}

}  // namespace

bool is_hdf5(const std::string& path) {
  const htri_t found = H5Fis_hdf5(path.c_str());
  check(found < 0 ? -1 : 0, "read " + path);
  return found > 0;
}

Handle create_file(const std::string& path) {
  const Handle fapl = unlocked_access();
  return Handle(
      check_id(H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, fapl), "create " + path));
}

Handle open_file_read_only(const std::string& path) {
  const Handle fapl = unlocked_access();
  return Handle(check_id(H5Fopen(path.c_str(), H5F_ACC_RDONLY, fapl), "open " + path));
}

void close_file(Handle& file, const std::string& path) {
  check(H5Fflush(file, H5F_SCOPE_GLOBAL), "write " + path);
  check(H5Fclose(file.release()), "close " + path);
}

// A 1-D dataset of variable-length UTF-8 strings.
std::vector<std::string> read_strings(hid_t location, const std::string& name) {
  const Handle dataset = open_dataset(location, name);
  const std::vector<hsize_t> dims = shape(dataset, name);
  if (dims.size() != 1) throw Error(name + " is not a 1-D dataset");
  const hsize_t count = dims[0];
  const Handle space(check_id(H5Dget_space(dataset), "open the space of " + name));
  const Handle type = utf8_string_type();
  std::vector<char*> texts(count, nullptr);
  if (count > 0)
    check(H5Dread(dataset, type, H5S_ALL, H5S_ALL, transfer_for(count), texts.data()),
          "read dataset " + name);
  std::vector<std::string> values;
  values.reserve(count);
  for (char* text : texts) values.emplace_back(text != nullptr ? text : "");
  if (count > 0) H5Dvlen_reclaim(type, space, H5P_DEFAULT, texts.data());
  return values;
}

Handle create_group(hid_t location, const std::string& name) {
  return Handle(check_id(H5Gcreate2(location, name.c_str(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
                         "create group " + name));
}

Handle open_group(hid_t location, const std::string& name) {
  return Handle(check_id(H5Gopen2(location, name.c_str(), H5P_DEFAULT), "open group " + name));
}

Handle open_dataset(hid_t location, const std::string& name) {
  return Handle(check_id(H5Dopen2(location, name.c_str(), H5P_DEFAULT), "open dataset " + name));
}

bool exists(hid_t location, const std::string& name) {
  const htri_t found = H5Lexists(location, name.c_str(), H5P_DEFAULT);
  check(found < 0 ? -1 : 0, "look up " + name);
  return found > 0;
}

Handle utf8_string_type() {
  Handle type(check_id(H5Tcopy(H5T_C_S1), "copy the string type"));
  check(H5Tset_size(type, H5T_VARIABLE), "make a variable-length string type");
  check(H5Tset_cset(type, H5T_CSET_UTF8), "make a UTF-8 string type");
  return type;
}

Handle enum_type(const std::vector<std::string>& labels) {
  Handle type(check_id(H5Tenum_create(H5T_NATIVE_UINT8), "create an enum type"));
  for (std::size_t i = 0; i < labels.size(); ++i) {
    const auto value = static_cast<std::uint8_t>(i);
    check(H5Tenum_insert(type, labels[i].c_str(), &value), "add enum label " + labels[i]);
  }
  return type;
}

CompoundType::CompoundType(std::size_t size)
    : type_(check_id(H5Tcreate(H5T_COMPOUND, size), "create a compound type")) {}

CompoundType& CompoundType::add(const std::string& name, std::size_t offset, hid_t type) {
  check(H5Tinsert(type_, name.c_str(), offset, type), "add field " + name);
  return *this;
}

void write_attribute(hid_t location, const std::string& name, const std::string& value) {
  const Handle type = utf8_string_type();
  const char* text = value.c_str();
  write_attribute_raw(location, name, type, scalar_space(), &text);
}

void write_attribute(hid_t location, const std::string& name, std::int64_t value) {
  write_attribute_raw(location, name, H5T_NATIVE_INT64, scalar_space(), &value);
}

void write_attribute(hid_t location, const std::string& name, double value) {
  write_attribute_raw(location, name, H5T_NATIVE_DOUBLE, scalar_space(), &value);
}

void write_attribute(hid_t location, const std::string& name, const std::vector<double>& values) {
  const double none = 0.0;  // HDF5 wants a buffer even for an empty array
  write_attribute_raw(location, name, H5T_NATIVE_DOUBLE, simple_space({values.size()}),
                      values.empty() ? &none : values.data());
}

void write_attribute(hid_t location, const std::string& name,
                     const std::vector<std::string>& values) {
  const Handle type = utf8_string_type();
  std::vector<const char*> texts;
  for (const auto& v : values) texts.push_back(v.c_str());
  const char* none = "";  // HDF5 wants a buffer even for an empty array
  write_attribute_raw(location, name, type, simple_space({values.size()}),
                      texts.empty() ? &none : texts.data());
}

bool has_attribute(hid_t location, const std::string& name) {
  const htri_t found = H5Aexists(location, name.c_str());
  check(found < 0 ? -1 : 0, "look up attribute " + name);
  return found > 0;
}

std::string read_string_attribute(hid_t location, const std::string& name) {
  const Handle attribute = open_attribute(location, name);
  const Handle stored(check_id(H5Aget_type(attribute), "read the type of attribute " + name));
  const H5T_class_t type_class = H5Tget_class(stored);
  check(type_class == H5T_NO_CLASS ? -1 : 0, "read the type of attribute " + name);
  if (type_class != H5T_STRING) throw Error("attribute " + name + " is not a string");
  const Handle type = utf8_string_type();
  char* text = nullptr;
  check(H5Aread(attribute, type, &text), "read attribute " + name);
  std::string value = text != nullptr ? text : "";
  const Handle space = scalar_space();
  H5Dvlen_reclaim(type, space, H5P_DEFAULT, &text);
  return value;
}

std::int64_t read_int_attribute(hid_t location, const std::string& name) {
  std::int64_t value = 0;
  check(H5Aread(open_attribute(location, name), H5T_NATIVE_INT64, &value),
        "read attribute " + name);
  return value;
}

double read_double_attribute(hid_t location, const std::string& name) {
  double value = 0.0;
  check(H5Aread(open_attribute(location, name), H5T_NATIVE_DOUBLE, &value),
        "read attribute " + name);
  return value;
}

void write_string(hid_t location, const std::string& name, const std::string& text) {
  const Handle type = utf8_string_type();
  Handle dataset(check_id(H5Dcreate2(location, name.c_str(), type, scalar_space(), H5P_DEFAULT,
                                     H5P_DEFAULT, H5P_DEFAULT),
                          "create dataset " + name));
  const char* data = text.c_str();
  check(H5Dwrite(dataset, type, H5S_ALL, H5S_ALL, transfer_for(1), &data), "write dataset " + name);
}

std::string read_string(hid_t location, const std::string& name) {
  const Handle dataset = open_dataset(location, name);
  const Handle type = utf8_string_type();
  char* text = nullptr;
  check(H5Dread(dataset, type, H5S_ALL, H5S_ALL, transfer_for(1), &text), "read dataset " + name);
  std::string value = text != nullptr ? text : "";
  const Handle space = scalar_space();
  H5Dvlen_reclaim(type, space, H5P_DEFAULT, &text);
  return value;
}

void write_strings(hid_t location, const std::string& name, const std::vector<std::string>& items) {
  const Handle type = utf8_string_type();
  std::vector<const char*> texts;
  for (const auto& item : items) texts.push_back(item.c_str());
  write_array(location, name, {items.size()}, type, texts.data());
}

std::vector<hsize_t> shape(hid_t dataset, const std::string& name) {
  const Handle space(check_id(H5Dget_space(dataset), "open the space of " + name));
  const int rank = H5Sget_simple_extent_ndims(space);
  check(rank < 0 ? -1 : 0, "read the rank of " + name);
  std::vector<hsize_t> dims(static_cast<std::size_t>(rank));
  if (rank > 0)
    check(H5Sget_simple_extent_dims(space, dims.data(), nullptr), "read the size of " + name);
  return dims;
}

std::vector<Field> compound_fields(hid_t dataset, const std::string& name) {
  const Handle type(check_id(H5Dget_type(dataset), "read the type of " + name));
  const H5T_class_t type_class = H5Tget_class(type);
  check(type_class == H5T_NO_CLASS ? -1 : 0, "read the type of " + name);
  std::vector<Field> fields;
  if (type_class != H5T_COMPOUND) return fields;
  const int count = H5Tget_nmembers(type);
  check(count < 0 ? -1 : 0, "read the fields of " + name);
  for (int i = 0; i < count; ++i) {
    const auto index = static_cast<unsigned>(i);
    char* field_name = H5Tget_member_name(type, index);
    check(field_name == nullptr ? -1 : 0, "read the fields of " + name);
    std::string text(field_name);
    H5free_memory(field_name);
    const H5T_class_t field_class = H5Tget_member_class(type, index);
    check(field_class == H5T_NO_CLASS ? -1 : 0, "read the type of " + name + "." + text);
    fields.push_back({std::move(text), field_class});
  }
  return fields;
}

std::vector<ByteRange> padding_of(hid_t compound_type) {
  const int members = H5Tget_nmembers(compound_type);
  check(members, "read the fields of a row type");
  std::vector<ByteRange> fields;
  for (int m = 0; m < members; ++m) {
    const Handle field(check_id(H5Tget_member_type(compound_type, static_cast<unsigned>(m)),
                                "read the type of a row's field"));
    fields.push_back(
        {H5Tget_member_offset(compound_type, static_cast<unsigned>(m)), H5Tget_size(field)});
  }
  std::sort(fields.begin(), fields.end(),
            [](const ByteRange& a, const ByteRange& b) { return a.offset < b.offset; });
  std::vector<ByteRange> padding;
  std::size_t covered = 0;  // bytes below this are a field's or already listed
  for (const ByteRange& f : fields) {
    if (f.offset > covered) padding.push_back({covered, f.offset - covered});
    covered = std::max(covered, f.offset + f.size);
  }
  const std::size_t size = H5Tget_size(compound_type);
  if (size > covered) padding.push_back({covered, size - covered});
  return padding;
}

void zero_padding(const std::vector<ByteRange>& padding, std::size_t row_size, void* rows,
                  std::size_t count) {
  auto* row = static_cast<unsigned char*>(rows);
  for (std::size_t i = 0; i < count; ++i, row += row_size)
    for (const ByteRange& gap : padding) std::memset(row + gap.offset, 0, gap.size);
}

Handle write_array(hid_t location, const std::string& name, const std::vector<hsize_t>& dims,
                   hid_t type, const void* data) {
  Handle dataset(check_id(H5Dcreate2(location, name.c_str(), type, simple_space(dims), H5P_DEFAULT,
                                     H5P_DEFAULT, H5P_DEFAULT),
                          "create dataset " + name));
  hsize_t elements = 1;
  for (const hsize_t d : dims) elements *= d;
  check(H5Dwrite(dataset, type, H5S_ALL, H5S_ALL, transfer_for(elements), data),
        "write dataset " + name);
  return dataset;
}

TableWriter::TableWriter(hid_t location, const std::string& name, hid_t row_type,
                         std::size_t chunk_rows, Compression compression)
    : row_type_(row_type),
      row_size_(H5Tget_size(row_type)),
      padding_(padding_of(row_type)),
      name_(name) {
  const hsize_t initial = 0, unlimited = H5S_UNLIMITED, chunk = chunk_rows;
  const Handle space(check_id(H5Screate_simple(1, &initial, &unlimited), "create a data space"));
  const Handle properties(check_id(H5Pcreate(H5P_DATASET_CREATE), "create dataset properties"));
  check(H5Pset_chunk(properties, 1, &chunk), "chunk " + name);
  // Shuffle then deflate level 1: on the default year's 1,024-row chunks the shuffle lets
  // deflate find the time columns that repeat (dispatched = created, closed = finished) within
  // its window; the file is a quarter smaller than deflate alone, for no more CPU. Level 4 took
  // twice as long as level 1 for 9% less (bench/README.md, "The run file's own cost").
  if (compression == Compression::kShuffleDeflate) {
    check(H5Pset_shuffle(properties), "shuffle " + name);
    check(H5Pset_deflate(properties, 1), "compress " + name);
  }
  dataset_ = Handle(check_id(
      H5Dcreate2(location, name.c_str(), row_type, space, H5P_DEFAULT, properties, H5P_DEFAULT),
      "create table " + name));
}

namespace {
// The file and memory spaces for rows first .. first+count-1 of a 1-D table.
struct RowSelection {
  Handle file_space;
  Handle memory_space;
};
RowSelection select_rows(hid_t dataset, std::size_t first, std::size_t count,
                         const std::string& name) {
  const hsize_t start = first, n = count;
  Handle file_space(check_id(H5Dget_space(dataset), "open the space of " + name));
  check(H5Sselect_hyperslab(file_space, H5S_SELECT_SET, &start, nullptr, &n, nullptr),
        "select rows of " + name);
  return {std::move(file_space),
          Handle(check_id(H5Screate_simple(1, &n, nullptr), "create a data space"))};
}
}  // namespace

void TableWriter::append(void* rows, std::size_t count) {
  if (count == 0) return;
  zero_padding(padding_, row_size_, rows, count);
  const hsize_t new_size = size_ + count;
  check(H5Dset_extent(dataset_, &new_size), "grow table " + name_);
  const RowSelection rows_selected = select_rows(dataset_, size_, count, name_);
  check(H5Dwrite(dataset_, row_type_, rows_selected.memory_space, rows_selected.file_space,
                 H5P_DEFAULT, rows),
        "write rows of " + name_);
  size_ = new_size;
}

TableReader::TableReader(hid_t location, const std::string& name, hid_t row_type)
    : dataset_(open_dataset(location, name)), row_type_(row_type), name_(name) {
  const std::vector<hsize_t> dims = shape(dataset_, name);
  if (dims.size() != 1) throw Error(name + " is not a 1-D table");
  size_ = dims[0];
}

void TableReader::read(std::size_t first, std::size_t count, void* rows) const {
  if (count == 0) return;
  const RowSelection rows_selected = select_rows(dataset_, first, count, name_);
  check(H5Dread(dataset_, row_type_, rows_selected.memory_space, rows_selected.file_space,
                H5P_DEFAULT, rows),
        "read rows of " + name_);
}

}  // namespace orgsim::results::h5
