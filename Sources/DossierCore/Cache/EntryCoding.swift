import Foundation

/// The source cache's file format (`SourceCache`): each field of an entry written in turn, in
/// an order fixed here, with no names and no tags. A rebuild at 10,000 sources reads every
/// entry (the cleaning and extraction of each unchanged source); through `Codable` and
/// `CacheCoding`'s self-describing form that cost over a second of every rebuild, mostly
/// in `Codable`'s dynamic calls per value, not in the bytes.
///
/// Integers are zigzag LEB128; a string is its length and UTF-8 bytes; an array its count and
/// items; an optional a byte 0 or 1 and the value; an enumeration its raw value, as a string.
/// A dictionary is its count and pairs in key order, so that an entry always has the same
/// bytes. The file is sealed as `CacheCoding`'s are: a magic of its own, then the fields, then
/// a digest of them that is checked before anything is read. Each type reads its fields in an
/// initializer that must set every stored property: a field added to a type does not compile
/// until it is read here, and the round-trip tests fail until it is written.
enum EntryCoding {
    static let magic: [UInt8] = Array("DSE1".utf8)

    static func encode<T: EntryCodable>(_ value: T) -> Data {
        var writer = EntryWriter()
        writer.bytes = magic
        writer.bytes.reserveCapacity(1 << 15)
        value.write(to: &writer)
        return CacheCoding.sealed(writer.bytes, after: magic.count)
    }

    static func decode<T: EntryCodable>(_ type: T.Type, from data: Data) throws -> T {
        try CacheCoding.opened(data, magic: magic) { file in
            var reader = EntryReader(bytes: file, offset: magic.count)
            let value = try T(from: &reader)
            guard reader.offset == file.count else { throw EntryReader.damaged }
            return value
        }
    }
}

protocol EntryCodable {
    init(from reader: inout EntryReader) throws
    func write(to writer: inout EntryWriter)
}

struct EntryWriter {
    var bytes: [UInt8] = []

    mutating func write(_ value: Int) {
        var number = UInt64(bitPattern: Int64(value) << 1 ^ Int64(value) >> 63)
        while number >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: number) | 0x80)
            number >>= 7
        }
        bytes.append(UInt8(number))
    }

    mutating func write(_ value: String) {
        var text = value
        text.withUTF8 { utf8 in
            write(utf8.count)
            bytes.append(contentsOf: utf8)
        }
    }

    mutating func write(_ value: Bool) { bytes.append(value ? 1 : 0) }

    mutating func write<T: RawRepresentable>(_ value: T) where T.RawValue == String { write(value.rawValue) }

    mutating func write(_ value: String?) {
        write(value != nil)
        if let value { write(value) }
    }

    mutating func write(_ value: Int?) {
        write(value != nil)
        if let value { write(value) }
    }

    mutating func write<T: EntryCodable>(_ value: T) { value.write(to: &self) }

    mutating func write<T: EntryCodable>(_ values: [T]) {
        write(values.count)
        for value in values { value.write(to: &self) }
    }

    mutating func write(_ values: [String]) {
        write(values.count)
        for value in values { write(value) }
    }

    mutating func write(_ values: [Int]) {
        write(values.count)
        for value in values { write(value) }
    }

    /// Its pairs in key order.
    mutating func write(_ table: [String: String]) {
        write(table.count)
        for key in table.keys.sorted() {
            write(key)
            write(table[key]!)
        }
    }

    mutating func write(_ table: [String: Bool]) {
        write(table.count)
        for key in table.keys.sorted() {
            write(key)
            write(table[key]!)
        }
    }
}

/// Reads what `EntryWriter` wrote, in the same order. Every length and count is checked
/// against the bytes left: a damaged file that got past the digest throws, never crashes.
struct EntryReader {
    let bytes: UnsafeRawBufferPointer
    var offset = 0

    static let damaged = DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "a damaged cache entry"))

    mutating func read() throws -> Int {
        var number: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard offset < bytes.count, shift < 64 else { throw Self.damaged }
            let byte = bytes[offset]
            offset += 1
            number |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { break }
            shift += 7
        }
        return Int(Int64(bitPattern: number >> 1) ^ -Int64(bitPattern: number & 1))
    }

    /// A count or length: never more than the bytes left (each item takes at least one).
    mutating func count() throws -> Int {
        let count: Int = try read()
        guard count >= 0, count <= bytes.count - offset else { throw Self.damaged }
        return count
    }

    mutating func read() throws -> String {
        let length = try count()
        defer { offset += length }
        return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + length]), as: UTF8.self)
    }

    mutating func read() throws -> Bool {
        guard offset < bytes.count, bytes[offset] <= 1 else { throw Self.damaged }
        offset += 1
        return bytes[offset - 1] == 1
    }

    mutating func read<T: RawRepresentable>() throws -> T where T.RawValue == String {
        guard let value = T(rawValue: try read()) else { throw Self.damaged }
        return value
    }

    mutating func read() throws -> String? {
        try read() as Bool ? try read() as String : nil
    }

    mutating func read() throws -> Int? {
        try read() as Bool ? try read() as Int : nil
    }

    mutating func read<T: EntryCodable>() throws -> T { try T(from: &self) }

    mutating func read<T: EntryCodable>() throws -> [T] {
        let count = try count()
        var values: [T] = []
        values.reserveCapacity(count)
        for _ in 0..<count { values.append(try T(from: &self)) }
        return values
    }

    mutating func read() throws -> [String] {
        let count = try count()
        var values: [String] = []
        values.reserveCapacity(count)
        for _ in 0..<count { values.append(try read()) }
        return values
    }

    mutating func read() throws -> [Int] {
        let count = try count()
        var values: [Int] = []
        values.reserveCapacity(count)
        for _ in 0..<count { values.append(try read()) }
        return values
    }

    mutating func read() throws -> [String: String] {
        let count = try count()
        var table: [String: String] = [:]
        table.reserveCapacity(count)
        for _ in 0..<count { table[try read() as String] = try read() as String }
        return table
    }

    mutating func read() throws -> [String: Bool] {
        let count = try count()
        var table: [String: Bool] = [:]
        table.reserveCapacity(count)
        for _ in 0..<count { table[try read() as String] = try read() as Bool }
        return table
    }
}

// MARK: The entry's types, field by field

extension SourceCache.Entry: EntryCodable {
    init(from reader: inout EntryReader) throws {
        key = try reader.read()
        lowercaseWords = try reader.read()
        queries = try reader.read()
        clean = try reader.read()
        extraction = try reader.read()
    }

    func write(to writer: inout EntryWriter) {
        writer.write(key)
        writer.write(lowercaseWords)
        writer.write(queries)
        writer.write(clean)
        writer.write(extraction)
    }
}

extension SummaryCache.Entry: EntryCodable {
    init(from reader: inout EntryReader) throws {
        key = try reader.read()
        summary = try reader.read()
        annotations = try reader.read()
        notes = try reader.read()
    }

    func write(to writer: inout EntryWriter) {
        writer.write(key)
        writer.write(summary)
        writer.write(annotations)
        writer.write(notes)
    }
}

extension Annotation: EntryCodable {
    init(from reader: inout EntryReader) throws {
        quote = try reader.read()
        prefix = try reader.read()
        suffix = try reader.read()
        note = try reader.read()
        tag = try reader.read()
        line = try reader.read()
    }

    func write(to writer: inout EntryWriter) {
        writer.write(quote)
        writer.write(prefix)
        writer.write(suffix)
        writer.write(note)
        writer.write(tag)
        writer.write(line)
    }
}

extension CleanSource: EntryCodable {
    init(from reader: inout EntryReader) throws {
        id = try reader.read()
        file = try reader.read()
        headline = try reader.read()
        headlineLine = try reader.read()
        stated = try reader.read()
        paragraphs = try reader.read()
        removed = try reader.read()
        comments = try reader.read()
    }

    func write(to writer: inout EntryWriter) {
        writer.write(id)
        writer.write(file)
        writer.write(headline)
        writer.write(headlineLine)
        writer.write(stated)
        writer.write(paragraphs)
        writer.write(removed)
        writer.write(comments)
    }
}

extension Paragraph: EntryCodable {
    init(from reader: inout EntryReader) throws {
        number = try reader.read()
        kind = try reader.read()
        text = try reader.read()
        line = try reader.read()
    }

    func write(to writer: inout EntryWriter) {
        writer.write(number)
        writer.write(kind)
        writer.write(text)
        writer.write(line)
    }
}

extension RemovedLine: EntryCodable {
    init(from reader: inout EntryReader) throws {
        line = try reader.read()
        text = try reader.read()
        reason = try reader.read()
    }

    func write(to writer: inout EntryWriter) {
        writer.write(line)
        writer.write(text)
        writer.write(reason)
    }
}

extension Comment: EntryCodable {
    init(from reader: inout EntryReader) throws {
        line = try reader.read()
        text = try reader.read()
    }

    func write(to writer: inout EntryWriter) {
        writer.write(line)
        writer.write(text)
    }
}

extension Extractor.Output: EntryCodable {
    init(from reader: inout EntryReader) throws {
        summary = try reader.read()
        unexplained = try reader.read()
        mentions = try reader.read()
        sentences = try reader.read()
        bodyTerms = try reader.read()
    }

    func write(to writer: inout EntryWriter) {
        writer.write(summary)
        writer.write(unexplained)
        writer.write(mentions)
        writer.write(sentences)
        writer.write(bodyTerms)
    }
}

extension SourceSummary: EntryCodable {
    init(from reader: inout EntryReader) throws {
        id = try reader.read()
        file = try reader.read()
        title = try reader.read()
        published = try reader.read()
        outlet = try reader.read()
        author = try reader.read()
        genre = try reader.read() as Bool ? try reader.read() as Genre : nil
        genreEvidence = try reader.read()
        flags = try reader.read()
        actors = try reader.read()
        quotes = try reader.read()
        events = try reader.read()
        claims = try reader.read()
    }

    func write(to writer: inout EntryWriter) {
        writer.write(id)
        writer.write(file)
        writer.write(title)
        writer.write(published)
        writer.write(outlet)
        writer.write(author)
        writer.write(genre != nil)
        if let genre { writer.write(genre) }
        writer.write(genreEvidence)
        writer.write(flags)
        writer.write(actors)
        writer.write(quotes)
        writer.write(events)
        writer.write(claims)
    }
}

extension ReliabilityFlag: EntryCodable {
    init(from reader: inout EntryReader) throws {
        flag = try reader.read()
        evidence = try reader.read()
    }

    func write(to writer: inout EntryWriter) {
        writer.write(flag)
        writer.write(evidence)
    }
}

extension ActorMention: EntryCodable {
    init(from reader: inout EntryReader) throws {
        name = try reader.read()
        kind = try reader.read()
        forms = try reader.read()
        roles = try reader.read()
        mentions = try reader.read()
        paragraphs = try reader.read()
    }

    func write(to writer: inout EntryWriter) {
        writer.write(name)
        writer.write(kind)
        writer.write(forms)
        writer.write(roles)
        writer.write(mentions)
        writer.write(paragraphs)
    }
}

extension Quote: EntryCodable {
    init(from reader: inout EntryReader) throws {
        speaker = try reader.read()
        text = try reader.read()
        paragraph = try reader.read()
    }

    func write(to writer: inout EntryWriter) {
        writer.write(speaker)
        writer.write(text)
        writer.write(paragraph)
    }
}

extension DatedEvent: EntryCodable {
    init(from reader: inout EntryReader) throws {
        date = try reader.read()
        phrase = try reader.read()
        text = try reader.read()
        paragraph = try reader.read()
        actors = try reader.read()
    }

    func write(to writer: inout EntryWriter) {
        writer.write(date)
        writer.write(phrase)
        writer.write(text)
        writer.write(paragraph)
        writer.write(actors)
    }
}

extension Claim: EntryCodable {
    init(from reader: inout EntryReader) throws {
        text = try reader.read()
        paragraph = try reader.read()
    }

    func write(to writer: inout EntryWriter) {
        writer.write(text)
        writer.write(paragraph)
    }
}

extension ActorExtractor.Mention: EntryCodable {
    init(from reader: inout EntryReader) throws {
        key = try reader.read()
        form = try reader.read()
        paragraph = try reader.read()
        sentence = try reader.read()
        let (lower, upper): (Int, Int) = (try reader.read(), try reader.read())
        guard lower <= upper else { throw EntryReader.damaged }
        range = lower..<upper
    }

    func write(to writer: inout EntryWriter) {
        writer.write(key)
        writer.write(form)
        writer.write(paragraph)
        writer.write(sentence)
        writer.write(range.lowerBound)
        writer.write(range.upperBound)
    }
}

extension SentenceTerms: EntryCodable {
    init(from reader: inout EntryReader) throws {
        sentence = try reader.read()
        paragraph = try reader.read()
        terms = try reader.read()
    }

    func write(to writer: inout EntryWriter) {
        writer.write(sentence)
        writer.write(paragraph)
        writer.write(terms)
    }
}
