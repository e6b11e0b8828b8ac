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
/// dictionary's order changes from run to run). A file starts with `magic`.
/// Reading checks every length against the file: a cut or damaged file throws,
/// and decoding follows the type's shape, so no file can make it recurse.
enum CacheCoding {
    static let magic: [UInt8] = Array("DSC1".utf8)

    static func encode<T: Encodable>(_ value: T) throws -> Data {
        let encoder = CacheEncoder(codingPath: [])
        try value.encode(to: encoder)
        var bytes = magic
        encoder.slot.value.write(to: &bytes)
        return Data(bytes)
    }

    static func decode<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
        try data.withUnsafeBytes { raw in
            guard raw.count > magic.count, raw.prefix(magic.count).elementsEqual(magic) else {
                throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "not a cache file"))
            }
            let reader = CacheReader(bytes: raw)
            let decoder = CacheDecoder(reader: reader, offset: magic.count, codingPath: [])
            let value = try T(from: decoder)
            guard try reader.end(of: magic.count) == raw.count else { throw reader.damaged([]) }
            return value
        }
    }
}

// MARK: Writing

/// What an encoder has been given so far. Containers are objects, so that a nested
/// container handed out earlier still fills the value it belongs to.
private enum CacheValue {
    case null, bool(Bool), integer(Int64), double(Double), string(String), array(CacheArray), object(CacheObject)

    func write(to out: inout [UInt8]) {
        switch self {
        case .null: out.append(0)
        case .bool(let value): out.append(value ? 2 : 1)
        case .integer(let value):
            out.append(3)
            Self.writeNumber(UInt64(bitPattern: (value << 1) ^ (value >> 63)), to: &out)
        case .double(let value):
            out.append(4)
            withUnsafeBytes(of: value.bitPattern.littleEndian) { out.append(contentsOf: $0) }
        case .string(let value):
            out.append(5)
            Self.writeNumber(UInt64(value.utf8.count), to: &out)
            out.append(contentsOf: value.utf8)
        case .array(let array):
            var body: [UInt8] = []
            Self.writeNumber(UInt64(array.items.count), to: &body)
            for item in array.items { item.write(to: &body) }
            out.append(6)
            Self.writeNumber(UInt64(body.count), to: &out)
            out.append(contentsOf: body)
        case .object(let object):
            var body: [UInt8] = []
            Self.writeNumber(UInt64(object.fields.count), to: &body)
            for (key, value) in object.fields.sorted(by: { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }) {
                Self.writeNumber(UInt64(key.utf8.count), to: &body)
                body.append(contentsOf: key.utf8)
                value.slot.value.write(to: &body)
            }
            out.append(7)
            Self.writeNumber(UInt64(body.count), to: &out)
            out.append(contentsOf: body)
        }
    }

    static func writeNumber(_ number: UInt64, to out: inout [UInt8]) {
        var number = number
        while number >= 0x80 {
            out.append(UInt8(truncatingIfNeeded: number) | 0x80)
            number >>= 7
        }
        out.append(UInt8(number))
    }
}

private final class CacheSlot {
    var value: CacheValue = .null
}

private final class CacheArray {
    var items: [CacheValue] = []
}

private final class CacheObject {
    var fields: [String: CacheEncoder] = [:]
}

private final class CacheEncoder: Encoder {
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }
    let slot = CacheSlot()

    init(codingPath: [any CodingKey]) {
        self.codingPath = codingPath
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if case .object(let object) = slot.value { return KeyedEncodingContainer(KeyedWriter(object: object, codingPath: codingPath)) }
        let object = CacheObject()
        slot.value = .object(object)
        return KeyedEncodingContainer(KeyedWriter(object: object, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if case .array(let array) = slot.value { return UnkeyedWriter(array: array, codingPath: codingPath) }
        let array = CacheArray()
        slot.value = .array(array)
        return UnkeyedWriter(array: array, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleWriter(encoder: self)
    }

    /// The value for `value`: plain values directly, others through their own `encode(to:)`.
    static func value<T: Encodable>(_ value: T, codingPath: [any CodingKey]) throws -> CacheValue {
        switch value {
        case let string as String: return .string(string)
        case let number as Int: return .integer(Int64(number))
        case let flag as Bool: return .bool(flag)
        case let number as Double: return .double(number)
        case let number as Float: return .double(Double(number))
        case let number as any BinaryInteger: return try integer(number, codingPath: codingPath)
        default:
            let encoder = CacheEncoder(codingPath: codingPath)
            try value.encode(to: encoder)
            return encoder.slot.value
        }
    }

    static func integer<T: BinaryInteger>(_ value: T, codingPath: [any CodingKey]) throws -> CacheValue {
        guard let number = Int64(exactly: value) else {
            throw EncodingError.invalidValue(value, .init(codingPath: codingPath, debugDescription: "integer out of the cache format's range"))
        }
        return .integer(number)
    }
}

private struct KeyedWriter<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let object: CacheObject
    let codingPath: [any CodingKey]

    private func set(_ value: CacheValue, _ key: Key) {
        let field = CacheEncoder(codingPath: codingPath + [key])
        field.slot.value = value
        object.fields[key.stringValue] = field
    }

    mutating func encodeNil(forKey key: Key) throws { set(.null, key) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { set(.bool(value), key) }
    mutating func encode(_ value: String, forKey key: Key) throws { set(.string(value), key) }
    mutating func encode(_ value: Double, forKey key: Key) throws { set(.double(value), key) }
    mutating func encode(_ value: Float, forKey key: Key) throws { set(.double(Double(value)), key) }
    mutating func encode(_ value: Int, forKey key: Key) throws { set(.integer(Int64(value)), key) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { set(try CacheEncoder.integer(value, codingPath: codingPath), key) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { set(try CacheEncoder.integer(value, codingPath: codingPath), key) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { set(try CacheEncoder.integer(value, codingPath: codingPath), key) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { set(.integer(value), key) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { set(try CacheEncoder.integer(value, codingPath: codingPath), key) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { set(try CacheEncoder.integer(value, codingPath: codingPath), key) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { set(try CacheEncoder.integer(value, codingPath: codingPath), key) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { set(try CacheEncoder.integer(value, codingPath: codingPath), key) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { set(try CacheEncoder.integer(value, codingPath: codingPath), key) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        set(try CacheEncoder.value(value, codingPath: codingPath + [key]), key)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        let field = CacheEncoder(codingPath: codingPath + [key])
        object.fields[key.stringValue] = field
        return field.container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let field = CacheEncoder(codingPath: codingPath + [key])
        object.fields[key.stringValue] = field
        return field.unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder { superEncoder(named: "super") }
    mutating func superEncoder(forKey key: Key) -> any Encoder { superEncoder(named: key.stringValue) }

    private func superEncoder(named name: String) -> any Encoder {
        let field = CacheEncoder(codingPath: codingPath)
        object.fields[name] = field
        return field
    }
}

private struct UnkeyedWriter: UnkeyedEncodingContainer {
    let array: CacheArray
    let codingPath: [any CodingKey]
    var count: Int { array.items.count }

    mutating func encodeNil() throws { array.items.append(.null) }
    mutating func encode(_ value: Bool) throws { array.items.append(.bool(value)) }
    mutating func encode(_ value: String) throws { array.items.append(.string(value)) }
    mutating func encode(_ value: Double) throws { array.items.append(.double(value)) }
    mutating func encode(_ value: Int) throws { array.items.append(.integer(Int64(value))) }
    mutating func encode(_ value: Float) throws { array.items.append(.double(Double(value))) }
    mutating func encode(_ value: Int8) throws { array.items.append(try CacheEncoder.integer(value, codingPath: codingPath)) }
    mutating func encode(_ value: Int16) throws { array.items.append(try CacheEncoder.integer(value, codingPath: codingPath)) }
    mutating func encode(_ value: Int32) throws { array.items.append(try CacheEncoder.integer(value, codingPath: codingPath)) }
    mutating func encode(_ value: Int64) throws { array.items.append(try CacheEncoder.integer(value, codingPath: codingPath)) }
    mutating func encode(_ value: UInt) throws { array.items.append(try CacheEncoder.integer(value, codingPath: codingPath)) }
    mutating func encode(_ value: UInt8) throws { array.items.append(try CacheEncoder.integer(value, codingPath: codingPath)) }
    mutating func encode(_ value: UInt16) throws { array.items.append(try CacheEncoder.integer(value, codingPath: codingPath)) }
    mutating func encode(_ value: UInt32) throws { array.items.append(try CacheEncoder.integer(value, codingPath: codingPath)) }
    mutating func encode(_ value: UInt64) throws { array.items.append(try CacheEncoder.integer(value, codingPath: codingPath)) }
    mutating func encode<T: Encodable>(_ value: T) throws {
        array.items.append(try CacheEncoder.value(value, codingPath: codingPath))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let object = CacheObject()
        array.items.append(.object(object))
        return KeyedEncodingContainer(KeyedWriter(object: object, codingPath: codingPath))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let nested = CacheArray()
        array.items.append(.array(nested))
        return UnkeyedWriter(array: nested, codingPath: codingPath)
    }

    mutating func superEncoder() -> any Encoder {
        // The super value's place is taken now; what it encodes is copied in when it is written.
        let encoder = CacheEncoder(codingPath: codingPath)
        let object = CacheObject()
        object.fields["super"] = encoder
        array.items.append(.object(object))
        return encoder
    }
}

private struct SingleWriter: SingleValueEncodingContainer {
    let encoder: CacheEncoder
    var codingPath: [any CodingKey] { encoder.codingPath }

    mutating func encodeNil() throws { encoder.slot.value = .null }
    mutating func encode(_ value: Bool) throws { encoder.slot.value = .bool(value) }
    mutating func encode(_ value: String) throws { encoder.slot.value = .string(value) }
    mutating func encode(_ value: Double) throws { encoder.slot.value = .double(value) }
    mutating func encode(_ value: Int) throws { encoder.slot.value = .integer(Int64(value)) }
    mutating func encode(_ value: Float) throws { encoder.slot.value = .double(Double(value)) }
    mutating func encode(_ value: Int8) throws { encoder.slot.value = try CacheEncoder.integer(value, codingPath: codingPath) }
    mutating func encode(_ value: Int16) throws { encoder.slot.value = try CacheEncoder.integer(value, codingPath: codingPath) }
    mutating func encode(_ value: Int32) throws { encoder.slot.value = try CacheEncoder.integer(value, codingPath: codingPath) }
    mutating func encode(_ value: Int64) throws { encoder.slot.value = try CacheEncoder.integer(value, codingPath: codingPath) }
    mutating func encode(_ value: UInt) throws { encoder.slot.value = try CacheEncoder.integer(value, codingPath: codingPath) }
    mutating func encode(_ value: UInt8) throws { encoder.slot.value = try CacheEncoder.integer(value, codingPath: codingPath) }
    mutating func encode(_ value: UInt16) throws { encoder.slot.value = try CacheEncoder.integer(value, codingPath: codingPath) }
    mutating func encode(_ value: UInt32) throws { encoder.slot.value = try CacheEncoder.integer(value, codingPath: codingPath) }
    mutating func encode(_ value: UInt64) throws { encoder.slot.value = try CacheEncoder.integer(value, codingPath: codingPath) }
    mutating func encode<T: Encodable>(_ value: T) throws {
        encoder.slot.value = try CacheEncoder.value(value, codingPath: codingPath)
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
    let codingPath: [any CodingKey]
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
        if let integer = type as? any BinaryInteger.Type { return try decodeInteger(integer) as! T }
        return try T(from: self)
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
        return CacheDecoder(reader: reader, offset: offset, codingPath: codingPath + [key])
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
    private mutating func next() throws -> CacheDecoder {
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(Any.self, .init(codingPath: codingPath, debugDescription: "the cached array has no more values"))
        }
        let decoder = CacheDecoder(reader: reader, offset: position, codingPath: codingPath)
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
