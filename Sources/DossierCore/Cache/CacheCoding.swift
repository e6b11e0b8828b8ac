import Foundation

/// The build cache's file format: any `Codable` value as compact tagged binary.
///
/// Why not JSON: a rebuild reads every unchanged source's entry (its cleaning and
/// extraction, about 35 KB each), and at 10,000 sources `JSONDecoder` spent more
/// time reading them than the sources take to clean. Here every string and every
/// container carries its length, so a field is found by a binary search over its
/// object's keys and the values before it are stepped over, never parsed.
///
/// A value is a tag byte and its payload:
///
///     0 nil   1 false   2 true
///     3 integer   zigzag LEB128
///     4 double    IEEE 754 bits, little-endian
///     5 string    length (LEB128), UTF-8 bytes
///     6 array     body length, count, values
///     7 object    body length, count, (key length, key bytes, value) sorted by key bytes
///
/// Keys are sorted so that the same value always gives the same bytes (a
/// dictionary's order changes from run to run). A file starts with `magic` and
/// ends with an eight-byte digest of the value's bytes (`ContentHash.WordAtATime`,
/// little-endian): a changed byte that leaves every length right (a letter of a
/// name, a digit of a number) would otherwise decode into a wrong value, and the
/// build would trust it. Reading checks the digest first, then every length
/// against the file: a cut or damaged file throws, and decoding follows the
/// type's shape, so no file can make it recurse.
enum CacheCoding {
    static let magic: [UInt8] = Array("DSC2".utf8)
    static let digestSize = 8

    static func encode<T: Encodable>(_ value: T) throws -> Data {
        let output = CacheOutput()
        try output.write(value, parent: nil, key: nil)
        try output.prepare(nil)
        return sealed(output.bytes, after: magic.count)
    }

    static func decode<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
        try opened(data, magic: magic) { raw in
            let reader = CacheReader(bytes: raw)
            let decoder = CacheDecoder(reader: reader, offset: magic.count, parentPath: [])
            let value = try T(from: decoder)
            guard try reader.end(of: magic.count) == raw.count else { throw reader.damaged([]) }
            return value
        }
    }

    /// A file: `bytes` (a magic of `magicLength` bytes, then the value), and the digest of the value.
    /// Copied once, into a file of its final size: appending the digest to the array itself
    /// copied it (the caller still holds it) into a buffer grown to twice its size, and `Data`
    /// then copied that again (the per-source cache entries of a first build add up to hundreds
    /// of megabytes).
    static func sealed(_ bytes: [UInt8], after magicLength: Int) -> Data {
        let digest = bytes.withUnsafeBytes { Self.digest(UnsafeRawBufferPointer(rebasing: $0[magicLength...])) }
        var file = Data(capacity: bytes.count + digestSize)
        bytes.withUnsafeBytes { file.append(contentsOf: $0) }
        withUnsafeBytes(of: digest.littleEndian) { file.append(contentsOf: $0) }
        return file
    }

    /// `read` given a file `sealed` with `magic` up to its digest (the value starts after the
    /// magic), once the magic and the digest are checked: a file that is not one, or is cut or damaged, throws.
    static func opened<T>(_ data: Data, magic: [UInt8], _ read: (UnsafeRawBufferPointer) throws -> T) throws -> T {
        try data.withUnsafeBytes { file in
            let notOne = DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "not a cache file"))
            guard file.count > magic.count + digestSize, file.prefix(magic.count).elementsEqual(magic) else { throw notOne }
            let raw = UnsafeRawBufferPointer(rebasing: file[..<(file.count - digestSize)])
            var stored: UInt64 = 0
            withUnsafeMutableBytes(of: &stored) { $0.copyMemory(from: UnsafeRawBufferPointer(rebasing: file[raw.count...])) }
            guard UInt64(littleEndian: stored) == digest(UnsafeRawBufferPointer(rebasing: raw[magic.count...])) else {
                throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "a damaged cache file: its digest is wrong"))
            }
            return try read(raw)
        }
    }

    private static func digest(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var hash = ContentHash.WordAtATime()
        hash.add(bytes: bytes)
        return hash.value
    }
}

// MARK: Writing

/// Values go straight into one buffer as `encode(to:)` hands them over: no tree of values,
/// no per-field objects. A container's body length and count are known only once it is
/// finished, so room is kept for them and, when it closes, they are written in as few bytes
/// as they need and its items moved up against them; an object's fields are put in key order then.
///
/// Codable would let a container be written to after a later one was opened; synthesized
/// conformances never do, and the writer refuses it with an error rather than misplace bytes.
private final class CacheOutput {
    // One encoding runs on one thread and never hands these out: the run-time exclusivity
    // checks on every append cost a fifth of the encoding.
    @exclusivity(unchecked) var bytes: [UInt8]

    struct OpenContainer {
        let id: Int
        let isObject: Bool
        /// Where its tag is; room for the body length and count follows it, then the items.
        let tagAt: Int
        var count = 0
        /// Its first field in `fields` (objects).
        let firstField: Int
        /// The key it is the value of, for error paths.
        let key: (any CodingKey)?
        /// Where a value handed out for later (a super encoder) must start, until one does.
        var pendingValueAt: Int?
    }

    /// Containers not yet finished, innermost last.
    @exclusivity(unchecked) var open: [OpenContainer] = []
    /// The fields of the open objects: where each starts (its key's length), and its key's bytes.
    @exclusivity(unchecked) var fields: [(start: Int, keyStart: Int, keyEnd: Int)] = []
    private var nextID = 0

    /// The room kept for a container's length and count: enough for both below 2³⁵.
    static let reserved = 5

    init() {
        bytes = CacheCoding.magic
        bytes.reserveCapacity(1 << 15)
    }

    func outOfOrder(_ path: [any CodingKey]) -> EncodingError {
        .invalidValue((), .init(codingPath: path, debugDescription: "the cache writes values in order: a container was used after a later one began"))
    }

    /// The keys from the root to container `id`, for error messages.
    func path(to id: Int?) -> [any CodingKey] {
        guard let id else { return [] }
        return open.prefix { $0.id <= id }.compactMap(\.key)
    }

    /// Opens a container at the end of the buffer.
    func openContainer(object: Bool, key: (any CodingKey)?) -> Int {
        nextID += 1
        open.append(OpenContainer(id: nextID, isObject: object, tagAt: bytes.count, firstField: fields.count, key: key))
        bytes.append(object ? 7 : 6)
        bytes.append(contentsOf: repeatElement(0, count: 2 * Self.reserved))
        return nextID
    }

    /// Closes the containers opened inside container `id` (nil: all), so that it is the innermost again.
    func prepare(_ id: Int?) throws {
        let index: Int
        if let id {
            guard let found = open.lastIndex(where: { $0.id == id }) else { throw outOfOrder(path(to: nil)) }
            index = found
        } else {
            index = -1
        }
        while open.count > index + 1 { try closeInnermost() }
        if index >= 0 { fillPendingValue(at: index) }
    }

    /// A value handed out but never written is a nil, so that every key and element has a value.
    private func fillPendingValue(at index: Int) {
        if let pending = open[index].pendingValueAt {
            if bytes.count == pending { bytes.append(0) }
            open[index].pendingValueAt = nil
        }
    }

    /// Starts the next element of container `id`: an array's, or (with `key`) an object's field.
    func beginItem(of id: Int, key: String?) throws {
        try prepare(id)
        let index = open.count - 1
        open[index].count += 1
        guard let key else { return }
        let start = bytes.count
        writeNumber(UInt64(key.utf8.count))
        let keyStart = bytes.count
        bytes.append(contentsOf: key.utf8)
        fields.append((start, keyStart, bytes.count))
    }

    func closeInnermost() throws {
        fillPendingValue(at: open.count - 1)
        let container = open.removeLast()
        let itemsStart = container.tagAt + 1 + 2 * Self.reserved
        if container.isObject {
            try sortFields(from: container.firstField, itemsStart: itemsStart, path: path(to: container.id) + [container.key].compactMap { $0 })
            fields.removeSubrange(container.firstField...)
        }
        // The header in as few bytes as it needs, the items moved up against it.
        let count = UInt64(container.count)
        let countSize = Self.numberSize(count)
        let length = UInt64(countSize + bytes.count - itemsStart)
        let lengthSize = Self.numberSize(length)
        guard lengthSize + countSize <= 2 * Self.reserved else {
            throw EncodingError.invalidValue(length, .init(codingPath: [], debugDescription: "a container too large for the cache format"))
        }
        let headerStart = container.tagAt + 1
        let gap = itemsStart - headerStart - lengthSize - countSize
        bytes.withUnsafeMutableBufferPointer { buffer in
            let base = buffer.baseAddress!
            (base + itemsStart - gap).update(from: base + itemsStart, count: buffer.count - itemsStart)
            Self.storeNumber(length, at: base + headerStart)
            Self.storeNumber(count, at: base + headerStart + lengthSize)
        }
        bytes.removeLast(gap)
    }

    /// Puts an object's fields in key order: the same value always gives the same bytes
    /// (a dictionary's order changes from run to run), and a reader finds a key by binary search.
    private func sortFields(from first: Int, itemsStart: Int, path: [any CodingKey]) throws {
        let last = fields.count - 1
        guard last > first else { return }
        let fields = self.fields
        let twice = EncodingError.invalidValue((), .init(codingPath: path, debugDescription: "a key was written twice"))
        try bytes.withUnsafeMutableBufferPointer { buffer in
            let base = buffer.baseAddress!
            /// Field `a`'s key against field `b`'s, byte by byte, a shorter key first.
            func order(_ a: Int, _ b: Int) -> Int {
                let (aLength, bLength) = (fields[a].keyEnd - fields[a].keyStart, fields[b].keyEnd - fields[b].keyStart)
                let compared = memcmp(base + fields[a].keyStart, base + fields[b].keyStart, min(aLength, bLength))
                return compared != 0 ? Int(compared) : aLength - bLength
            }
            var sorted = true
            for index in first..<last {
                let compared = order(index, index + 1)
                if compared == 0 { throw twice }
                if compared > 0 { sorted = false }
            }
            guard !sorted else { return }
            let ordered = (first...last).sorted { order($0, $1) < 0 }
            for (earlier, later) in zip(ordered, ordered.dropFirst()) where order(earlier, later) == 0 { throw twice }
            let body = Array(buffer[itemsStart...])
            var position = itemsStart
            body.withUnsafeBufferPointer { body in
                for index in ordered {
                    let start = fields[index].start
                    let length = (index < last ? fields[index + 1].start : buffer.count) - start
                    (base + position).update(from: body.baseAddress! + (start - itemsStart), count: length)
                    position += length
                }
            }
        }
    }

    func writeNumber(_ number: UInt64) { Self.appendNumber(number, to: &bytes) }

    /// How many bytes a number takes in LEB128.
    static func numberSize(_ number: UInt64) -> Int {
        max(1, (64 - number.leadingZeroBitCount + 6) / 7)
    }

    static func storeNumber(_ number: UInt64, at address: UnsafeMutablePointer<UInt8>) {
        var number = number
        var address = address
        while number >= 0x80 {
            address.pointee = UInt8(truncatingIfNeeded: number) | 0x80
            address += 1
            number >>= 7
        }
        address.pointee = UInt8(number)
    }

    static func appendNumber(_ number: UInt64, to out: inout [UInt8]) {
        var number = number
        while number >= 0x80 {
            out.append(UInt8(truncatingIfNeeded: number) | 0x80)
            number >>= 7
        }
        out.append(UInt8(number))
    }

    func writeNil() { bytes.append(0) }
    func write(_ value: Bool) { bytes.append(value ? 2 : 1) }
    func write(_ value: Int64) {
        bytes.append(3)
        writeNumber(UInt64(bitPattern: (value << 1) ^ (value >> 63)))
    }
    func write(_ value: Double) {
        bytes.append(4)
        withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes.append(contentsOf: $0) }
    }
    func write(_ value: String) {
        bytes.append(5)
        var value = value
        value.withUTF8 { text in
            writeNumber(UInt64(text.count))
            bytes.append(contentsOf: text)
        }
    }
    func write<T: BinaryInteger>(integer value: T, path: @autoclosure () -> [any CodingKey]) throws {
        guard let number = Int64(exactly: value) else {
            throw EncodingError.invalidValue(value, .init(codingPath: path(), debugDescription: "integer out of the cache format's range"))
        }
        write(number)
    }

    /// Writes `value` at the end of the buffer as an item of container `parent`: plain values
    /// directly, others through their own `encode(to:)`, whose containers are closed after it.
    func write<T: Encodable>(_ value: T, parent: Int?, key: (any CodingKey)?) throws {
        // Comparing types, not casting: a cast from a generic value costs a runtime lookup per field.
        if T.self == String.self { return write(unsafeBitCast(value, to: String.self)) }
        if T.self == Int.self { return write(Int64(unsafeBitCast(value, to: Int.self))) }
        if T.self == Bool.self { return write(unsafeBitCast(value, to: Bool.self)) }
        if T.self == Double.self { return write(unsafeBitCast(value, to: Double.self)) }
        if T.self == Float.self { return write(Double(unsafeBitCast(value, to: Float.self))) }
        if T.self == Int64.self { return write(unsafeBitCast(value, to: Int64.self)) }
        let path = { self.path(to: parent) + [key].compactMap { $0 } }
        if T.self == Int8.self { return try write(integer: unsafeBitCast(value, to: Int8.self), path: path()) }
        if T.self == Int16.self { return try write(integer: unsafeBitCast(value, to: Int16.self), path: path()) }
        if T.self == Int32.self { return try write(integer: unsafeBitCast(value, to: Int32.self), path: path()) }
        if T.self == UInt.self { return try write(integer: unsafeBitCast(value, to: UInt.self), path: path()) }
        if T.self == UInt8.self { return try write(integer: unsafeBitCast(value, to: UInt8.self), path: path()) }
        if T.self == UInt16.self { return try write(integer: unsafeBitCast(value, to: UInt16.self), path: path()) }
        if T.self == UInt32.self { return try write(integer: unsafeBitCast(value, to: UInt32.self), path: path()) }
        if T.self == UInt64.self { return try write(integer: unsafeBitCast(value, to: UInt64.self), path: path()) }
        let start = bytes.count
        try value.encode(to: SlotEncoder(output: self, parent: parent, position: start, key: key))
        try prepare(parent)
        // A value that wrote nothing reads back as an empty object.
        if bytes.count == start {
            _ = openContainer(object: true, key: key)
            try closeInnermost()
        }
    }
}

/// The encoder for one value, written at `position` as an item of container `parent`.
private struct SlotEncoder: Encoder {
    let output: CacheOutput
    let parent: Int?
    let position: Int
    let key: (any CodingKey)?
    var codingPath: [any CodingKey] { output.path(to: parent) + [key].compactMap { $0 } }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    /// The container this value opened, if it opened one of this kind; otherwise a new one, if
    /// nothing else was written in its place; otherwise none (-1), and writing to it throws.
    private func containerID(object: Bool) -> Int {
        if let existing = output.open.last(where: { $0.tagAt == position }) {
            return existing.isObject == object ? existing.id : -1
        }
        guard (try? output.prepare(parent)) != nil, output.bytes.count == position else { return -1 }
        return output.openContainer(object: object, key: key)
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        KeyedEncodingContainer(KeyedWriter(output: output, id: containerID(object: true)))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        UnkeyedWriter(output: output, id: containerID(object: false))
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleWriter(slot: self)
    }
}

private struct KeyedWriter<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let output: CacheOutput
    let id: Int
    var codingPath: [any CodingKey] { output.path(to: id) }

    private func begin(_ key: Key) throws { try output.beginItem(of: id, key: key.stringValue) }

    mutating func encodeNil(forKey key: Key) throws { try begin(key); output.writeNil() }
    mutating func encode(_ value: Bool, forKey key: Key) throws { try begin(key); output.write(value) }
    mutating func encode(_ value: String, forKey key: Key) throws { try begin(key); output.write(value) }
    mutating func encode(_ value: Double, forKey key: Key) throws { try begin(key); output.write(value) }
    mutating func encode(_ value: Float, forKey key: Key) throws { try begin(key); output.write(Double(value)) }
    mutating func encode(_ value: Int, forKey key: Key) throws { try begin(key); output.write(Int64(value)) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { try begin(key); try output.write(integer: value, path: codingPath + [key]) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { try begin(key); try output.write(integer: value, path: codingPath + [key]) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { try begin(key); try output.write(integer: value, path: codingPath + [key]) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { try begin(key); output.write(value) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { try begin(key); try output.write(integer: value, path: codingPath + [key]) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { try begin(key); try output.write(integer: value, path: codingPath + [key]) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { try begin(key); try output.write(integer: value, path: codingPath + [key]) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { try begin(key); try output.write(integer: value, path: codingPath + [key]) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { try begin(key); try output.write(integer: value, path: codingPath + [key]) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        try begin(key)
        try output.write(value, parent: id, key: key)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        KeyedEncodingContainer(KeyedWriter<NestedKey>(output: output, id: nested(object: true, key)))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        UnkeyedWriter(output: output, id: nested(object: false, key))
    }

    /// A container as the value of `key` (-1 if this container can no longer be written to).
    private func nested(object: Bool, _ key: Key) -> Int {
        guard (try? begin(key)) != nil else { return -1 }
        return output.openContainer(object: object, key: key)
    }

    mutating func superEncoder() -> any Encoder { superEncoder(named: "super", key: nil) }
    mutating func superEncoder(forKey key: Key) -> any Encoder { superEncoder(named: key.stringValue, key: key) }

    private func superEncoder(named name: String, key: Key?) -> any Encoder {
        guard (try? output.beginItem(of: id, key: name)) != nil else { return SlotEncoder(output: output, parent: id, position: -1, key: key) }
        output.open[output.open.count - 1].pendingValueAt = output.bytes.count
        return SlotEncoder(output: output, parent: id, position: output.bytes.count, key: key)
    }
}

/// A container that writes one plain value at a time, each after `begin()`: an array's
/// elements and a single value share these.
private protocol ItemWriter {
    var output: CacheOutput { get }
    var codingPath: [any CodingKey] { get }
    func begin() throws
}

extension ItemWriter {
    mutating func encodeNil() throws { try begin(); output.writeNil() }
    mutating func encode(_ value: Bool) throws { try begin(); output.write(value) }
    mutating func encode(_ value: String) throws { try begin(); output.write(value) }
    mutating func encode(_ value: Double) throws { try begin(); output.write(value) }
    mutating func encode(_ value: Int) throws { try begin(); output.write(Int64(value)) }
    mutating func encode(_ value: Float) throws { try begin(); output.write(Double(value)) }
    mutating func encode(_ value: Int8) throws { try begin(); try output.write(integer: value, path: codingPath) }
    mutating func encode(_ value: Int16) throws { try begin(); try output.write(integer: value, path: codingPath) }
    mutating func encode(_ value: Int32) throws { try begin(); try output.write(integer: value, path: codingPath) }
    mutating func encode(_ value: Int64) throws { try begin(); output.write(value) }
    mutating func encode(_ value: UInt) throws { try begin(); try output.write(integer: value, path: codingPath) }
    mutating func encode(_ value: UInt8) throws { try begin(); try output.write(integer: value, path: codingPath) }
    mutating func encode(_ value: UInt16) throws { try begin(); try output.write(integer: value, path: codingPath) }
    mutating func encode(_ value: UInt32) throws { try begin(); try output.write(integer: value, path: codingPath) }
    mutating func encode(_ value: UInt64) throws { try begin(); try output.write(integer: value, path: codingPath) }
}

private struct UnkeyedWriter: UnkeyedEncodingContainer, ItemWriter {
    let output: CacheOutput
    let id: Int
    var codingPath: [any CodingKey] { output.path(to: id) }
    var count: Int { output.open.last { $0.id == id }?.count ?? 0 }

    func begin() throws { try output.beginItem(of: id, key: nil) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        try begin()
        try output.write(value, parent: id, key: nil)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        KeyedEncodingContainer(KeyedWriter<NestedKey>(output: output, id: nested(object: true)))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        UnkeyedWriter(output: output, id: nested(object: false))
    }

    private func nested(object: Bool) -> Int {
        guard (try? begin()) != nil else { return -1 }
        return output.openContainer(object: object, key: nil)
    }

    mutating func superEncoder() -> any Encoder {
        guard (try? begin()) != nil else { return SlotEncoder(output: output, parent: id, position: -1, key: nil) }
        output.open[output.open.count - 1].pendingValueAt = output.bytes.count
        return SlotEncoder(output: output, parent: id, position: output.bytes.count, key: nil)
    }
}

private struct SingleWriter: SingleValueEncodingContainer, ItemWriter {
    let slot: SlotEncoder
    var codingPath: [any CodingKey] { slot.codingPath }
    var output: CacheOutput { slot.output }

    /// The value goes in the slot's place, and only once.
    func begin() throws {
        try output.prepare(slot.parent)
        guard output.bytes.count == slot.position else { throw output.outOfOrder(codingPath) }
    }

    mutating func encode<T: Encodable>(_ value: T) throws {
        try begin()
        try output.write(value, parent: slot.parent, key: slot.key)
    }
}

// MARK: Reading

/// The file's bytes, read with every length checked against them.
private struct CacheReader {
    let bytes: UnsafeRawBufferPointer

    func damaged(_ codingPath: [any CodingKey]) -> DecodingError {
        .dataCorrupted(.init(codingPath: codingPath, debugDescription: "damaged cache file"))
    }

    func tag(at offset: Int) throws -> UInt8 {
        guard offset >= 0, offset < bytes.count else { throw damaged([]) }
        return bytes[offset]
    }

    /// A LEB128 number at `offset`, and where it ends.
    func number(at offset: Int) throws -> (value: UInt64, end: Int) {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        var offset = offset
        while true {
            guard offset < bytes.count, shift < 64 else { throw damaged([]) }
            let byte = bytes[offset]
            value |= UInt64(byte & 0x7F) << shift
            offset += 1
            if byte < 0x80 { return (value, offset) }
            shift += 7
        }
    }

    /// A length at `offset` that fits in the rest of the file, and where it ends.
    func length(at offset: Int) throws -> (value: Int, end: Int) {
        let (value, end) = try number(at: offset)
        guard value <= UInt64(bytes.count - end) else { throw damaged([]) }
        return (Int(value), end)
    }

    /// Where the value at `offset` ends: strings and containers are stepped over by their length.
    func end(of offset: Int) throws -> Int {
        switch try tag(at: offset) {
        case 0, 1, 2: return offset + 1
        case 3: return try number(at: offset + 1).end
        case 4:
            guard offset + 9 <= bytes.count else { throw damaged([]) }
            return offset + 9
        case 5, 6, 7:
            let (length, start) = try length(at: offset + 1)
            return start + length
        default: throw damaged([])
        }
    }

    func bytes(_ start: Int, _ count: Int) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: bytes[start..<(start + count)])
    }
}

private struct CacheDecoder: Decoder {
    let reader: CacheReader
    /// Where this decoder's value starts (its tag).
    let offset: Int
    /// The path to the container this value is in, and its key there: the path is put
    /// together only when asked for, not for every field read.
    let parentPath: [any CodingKey]
    var key: (any CodingKey)? = nil
    var codingPath: [any CodingKey] { key.map { parentPath + [$0] } ?? parentPath }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        KeyedDecodingContainer(try KeyedReader<Key>(reader: reader, offset: offset, codingPath: codingPath))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        try UnkeyedReader(reader: reader, offset: offset, codingPath: codingPath)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        SingleReader(decoder: self)
    }

    func mismatch(_ type: Any.Type) -> DecodingError {
        .typeMismatch(type, .init(codingPath: codingPath, debugDescription: "the cache holds another kind of value here"))
    }

    func decodeNil() throws -> Bool { try reader.tag(at: offset) == 0 }

    func decodeBool() throws -> Bool {
        switch try reader.tag(at: offset) {
        case 1: return false
        case 2: return true
        default: throw mismatch(Bool.self)
        }
    }

    func decodeInteger<T: BinaryInteger>(_ type: T.Type) throws -> T {
        guard try reader.tag(at: offset) == 3 else { throw mismatch(type) }
        let bits = try reader.number(at: offset + 1).value
        let value = Int64(bitPattern: bits >> 1) ^ -Int64(bitPattern: bits & 1)
        guard let result = T(exactly: value) else { throw mismatch(type) }
        return result
    }

    func decodeDouble() throws -> Double {
        guard try reader.tag(at: offset) == 4, offset + 9 <= reader.bytes.count else { throw mismatch(Double.self) }
        var bits: UInt64 = 0
        withUnsafeMutableBytes(of: &bits) { $0.copyMemory(from: reader.bytes(offset + 1, 8)) }
        return Double(bitPattern: UInt64(littleEndian: bits))
    }

    func decodeString() throws -> String {
        guard try reader.tag(at: offset) == 5 else { throw mismatch(String.self) }
        let (length, start) = try reader.length(at: offset + 1)
        return String(decoding: reader.bytes(start, length), as: UTF8.self)
    }

    /// `T` read at this decoder's value: plain values directly, others through their `init(from:)`.
    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        if type == String.self { return try decodeString() as! T }
        if type == Int.self { return try decodeInteger(Int.self) as! T }
        if type == Bool.self { return try decodeBool() as! T }
        if type == Double.self { return try decodeDouble() as! T }
        if type == Float.self { return Float(try decodeDouble()) as! T }
        if type == Int64.self { return try decodeInteger(Int64.self) as! T }
        if type == Int8.self { return try decodeInteger(Int8.self) as! T }
        if type == Int16.self { return try decodeInteger(Int16.self) as! T }
        if type == Int32.self { return try decodeInteger(Int32.self) as! T }
        if type == UInt.self { return try decodeInteger(UInt.self) as! T }
        if type == UInt8.self { return try decodeInteger(UInt8.self) as! T }
        if type == UInt16.self { return try decodeInteger(UInt16.self) as! T }
        if type == UInt32.self { return try decodeInteger(UInt32.self) as! T }
        if type == UInt64.self { return try decodeInteger(UInt64.self) as! T }
        // The arrays an entry holds by the hundreds, read with their element type known here:
        // `Array.init(from:)` looks up its element's type metadata at run time for every array,
        // in a table all threads share, and that was a quarter of reading an entry.
        if type == [String].self { return unsafeBitCast(try decodeArray(String.self), to: T.self) }
        if type == [Int].self { return unsafeBitCast(try decodeArray(Int.self), to: T.self) }
        if type == [ActorMention].self { return unsafeBitCast(try decodeArray(ActorMention.self), to: T.self) }
        // Comparing types, not casting: a cast of the type costs a run-time lookup for every value read.
        return try T(from: self)
    }

    /// What `Array.init(from:)` does, for an element type known at compile time.
    private func decodeArray<Element: Decodable>(_ element: Element.Type) throws -> [Element] {
        var items = try UnkeyedReader(reader: reader, offset: offset, codingPath: codingPath)
        var result: [Element] = []
        result.reserveCapacity(items.count ?? 0)
        while !items.isAtEnd { result.append(try items.next().decode(Element.self)) }
        return result
    }
}

private struct KeyedReader<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let reader: CacheReader
    let codingPath: [any CodingKey]
    /// Each field's key (where its bytes start, how many) and where its value starts, in key order.
    private let fields: [(keyStart: Int, keyLength: Int, value: Int)]

    init(reader: CacheReader, offset: Int, codingPath: [any CodingKey]) throws {
        self.reader = reader
        self.codingPath = codingPath
        guard try reader.tag(at: offset) == 7 else {
            throw DecodingError.typeMismatch([String: Any].self, .init(codingPath: codingPath, debugDescription: "the cache holds another kind of value here"))
        }
        let (length, bodyStart) = try reader.length(at: offset + 1)
        let bodyEnd = bodyStart + length
        var (count, position) = try reader.number(at: bodyStart)
        guard count <= UInt64(length) else { throw reader.damaged(codingPath) }
        var fields: [(keyStart: Int, keyLength: Int, value: Int)] = []
        fields.reserveCapacity(Int(count))
        while count > 0 {
            let (keyLength, keyStart) = try reader.length(at: position)
            let value = keyStart + keyLength
            fields.append((keyStart, keyLength, value))
            position = try reader.end(of: value)
            guard position <= bodyEnd else { throw reader.damaged(codingPath) }
            count -= 1
        }
        self.fields = fields
    }

    var allKeys: [Key] {
        fields.compactMap { Key(stringValue: String(decoding: reader.bytes($0.keyStart, $0.keyLength), as: UTF8.self)) }
    }

    /// Where the value for `key` starts, by binary search over the sorted keys.
    private func valueOffset(_ key: Key) -> Int? {
        var name = key.stringValue
        return name.withUTF8 { wanted -> Int? in
            let wanted = UnsafeRawBufferPointer(wanted)
            var low = 0, high = fields.count
            while low < high {
                let middle = (low + high) / 2
                let field = fields[middle]
                let stored = reader.bytes(field.keyStart, field.keyLength)
                if stored.elementsEqual(wanted) { return field.value }
                if stored.lexicographicallyPrecedes(wanted) { low = middle + 1 } else { high = middle }
            }
            return nil
        }
    }

    private func decoder(for key: Key) throws -> CacheDecoder {
        guard let offset = valueOffset(key) else {
            throw DecodingError.keyNotFound(key, .init(codingPath: codingPath, debugDescription: "no value for \(key.stringValue) in the cache"))
        }
        return CacheDecoder(reader: reader, offset: offset, parentPath: codingPath, key: key)
    }

    func contains(_ key: Key) -> Bool { valueOffset(key) != nil }
    func decodeNil(forKey key: Key) throws -> Bool { try decoder(for: key).decodeNil() }
    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try decoder(for: key).decodeBool() }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try decoder(for: key).decodeString() }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try decoder(for: key).decodeDouble() }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try decoder(for: key).decodeInteger(type) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { Float(try decoder(for: key).decodeDouble()) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try decoder(for: key).decodeInteger(type) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try decoder(for: key).decodeInteger(type) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try decoder(for: key).decodeInteger(type) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try decoder(for: key).decodeInteger(type) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try decoder(for: key).decodeInteger(type) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try decoder(for: key).decodeInteger(type) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try decoder(for: key).decodeInteger(type) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try decoder(for: key).decodeInteger(type) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try decoder(for: key).decodeInteger(type) }
    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T { try decoder(for: key).decode(type) }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        try decoder(for: key).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try decoder(for: key).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder {
        guard let key = Key(stringValue: "super") else { throw reader.damaged(codingPath) }
        return try decoder(for: key)
    }

    func superDecoder(forKey key: Key) throws -> any Decoder { try decoder(for: key) }
}

private struct UnkeyedReader: UnkeyedDecodingContainer {
    let reader: CacheReader
    let codingPath: [any CodingKey]
    let count: Int?
    private(set) var currentIndex = 0
    /// Where the next value starts, and where the array's body ends.
    private var position: Int
    private let bodyEnd: Int

    init(reader: CacheReader, offset: Int, codingPath: [any CodingKey]) throws {
        self.reader = reader
        self.codingPath = codingPath
        guard try reader.tag(at: offset) == 6 else {
            throw DecodingError.typeMismatch([Any].self, .init(codingPath: codingPath, debugDescription: "the cache holds another kind of value here"))
        }
        let (length, bodyStart) = try reader.length(at: offset + 1)
        let (count, first) = try reader.number(at: bodyStart)
        guard count <= UInt64(length) else { throw reader.damaged(codingPath) }
        self.count = Int(count)
        position = first
        bodyEnd = bodyStart + length
    }

    var isAtEnd: Bool { currentIndex >= count! }

    /// The next value's decoder; the position moves past it.
    fileprivate mutating func next() throws -> CacheDecoder {
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(Any.self, .init(codingPath: codingPath, debugDescription: "the cached array has no more values"))
        }
        let decoder = CacheDecoder(reader: reader, offset: position, parentPath: codingPath)
        position = try reader.end(of: position)
        guard position <= bodyEnd else { throw reader.damaged(codingPath) }
        currentIndex += 1
        return decoder
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd, try reader.tag(at: position) == 0 else { return false }
        _ = try next()
        return true
    }

    mutating func decode(_ type: Bool.Type) throws -> Bool { try next().decodeBool() }
    mutating func decode(_ type: String.Type) throws -> String { try next().decodeString() }
    mutating func decode(_ type: Double.Type) throws -> Double { try next().decodeDouble() }
    mutating func decode(_ type: Int.Type) throws -> Int { try next().decodeInteger(type) }
    mutating func decode(_ type: Float.Type) throws -> Float { Float(try next().decodeDouble()) }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { try next().decodeInteger(type) }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { try next().decodeInteger(type) }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { try next().decodeInteger(type) }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { try next().decodeInteger(type) }
    mutating func decode(_ type: UInt.Type) throws -> UInt { try next().decodeInteger(type) }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try next().decodeInteger(type) }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try next().decodeInteger(type) }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try next().decodeInteger(type) }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try next().decodeInteger(type) }
    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try next().decode(type) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        try next().container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        try next().unkeyedContainer()
    }

    mutating func superDecoder() throws -> any Decoder {
        let holder = try next()
        return try holder.container(keyedBy: SuperKey.self).superDecoder()
    }

    private struct SuperKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}

private struct SingleReader: SingleValueDecodingContainer {
    let decoder: CacheDecoder
    var codingPath: [any CodingKey] { decoder.codingPath }

    func decodeNil() -> Bool { (try? decoder.decodeNil()) ?? false }
    func decode(_ type: Bool.Type) throws -> Bool { try decoder.decodeBool() }
    func decode(_ type: String.Type) throws -> String { try decoder.decodeString() }
    func decode(_ type: Double.Type) throws -> Double { try decoder.decodeDouble() }
    func decode(_ type: Int.Type) throws -> Int { try decoder.decodeInteger(type) }
    func decode(_ type: Float.Type) throws -> Float { Float(try decoder.decodeDouble()) }
    func decode(_ type: Int8.Type) throws -> Int8 { try decoder.decodeInteger(type) }
    func decode(_ type: Int16.Type) throws -> Int16 { try decoder.decodeInteger(type) }
    func decode(_ type: Int32.Type) throws -> Int32 { try decoder.decodeInteger(type) }
    func decode(_ type: Int64.Type) throws -> Int64 { try decoder.decodeInteger(type) }
    func decode(_ type: UInt.Type) throws -> UInt { try decoder.decodeInteger(type) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try decoder.decodeInteger(type) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try decoder.decodeInteger(type) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try decoder.decodeInteger(type) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try decoder.decodeInteger(type) }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try decoder.decode(type) }
}
