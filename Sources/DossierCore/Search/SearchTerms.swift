import Foundation  // only for the canonical decompositions, once, when the fold table is made

/// How text becomes search terms. `templates/assets/search.js` (`foldCharacter`, `queryTerms`)
/// does exactly the same to a query, character by character: change one, change the other.
///
/// A term is a run of letters and digits (Unicode categories L and N), lowercased:
/// - Latin and Greek letters lose their diacritics (canonical decomposition, then the
///   combining marks U+0300–U+036F dropped): "Renée" → "renee", "Ἀθῆναι" → "αθηναι";
///   ß, æ, œ, ø, ł, đ, ð, þ, ı and ς are spelt out ("ss", "ae", …, "σ") in `extraFolds`;
/// - a combining mark U+0300–U+036F is dropped (text in decomposed form folds the same);
///   other marks (Indic vowel signs) stay inside the word;
/// - anything else separates terms; terms of 2 to 30 characters are kept, numbers too.
enum SearchTerms {
    static let minLength = 2
    static let maxLength = 30

    /// Scalars whose diacritics are removed: Latin-1 Supplement to Latin Extended-B, Greek,
    /// Latin Extended Additional and Greek Extended. Cyrillic letters (й, ё) only lowercase.
    static func stripsDiacritics(_ value: UInt32) -> Bool {
        value < 0x250 || (0x370..<0x400).contains(value) || (0x1E00..<0x2000).contains(value)
    }

    static let extraFolds: [UInt32: String] = [
        0xDF: "ss", 0x1E9E: "ss", 0xE6: "ae", 0xC6: "ae", 0x153: "oe", 0x152: "oe", 0xF8: "o", 0xD8: "o",
        0x142: "l", 0x141: "l", 0x111: "d", 0x110: "d", 0xF0: "d", 0xD0: "d", 0xFE: "th", 0xDE: "th",
        0x131: "i", 0x3C2: "σ",
    ]

    /// What one scalar becomes inside a term.
    enum Fold: Equatable {
        case separator
        /// A combining diacritic: dropped, the word goes on.
        case dropped
        case text(String)
    }

    /// The rule itself, for any scalar (the hot path uses `FoldTable` below U+2000).
    static func fold(_ scalar: Unicode.Scalar) -> Fold {
        let value = scalar.value
        if (0x300...0x36F).contains(value) { return .dropped }
        let properties = scalar.properties
        switch properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .decimalNumber, .letterNumber, .otherNumber:
            break
        case .nonspacingMark, .spacingMark, .enclosingMark:
            return .text(String(scalar))
        default:
            return .separator
        }
        if let extra = extraFolds[value] { return .text(extra) }
        var scalars = [scalar]
        if stripsDiacritics(value) {
            scalars = String(scalar).decomposedStringWithCanonicalMapping.unicodeScalars.filter { !(0x300...0x36F).contains($0.value) }
        }
        var out = ""
        for scalar in scalars {
            if scalar.properties.changesWhenLowercased { out += scalar.properties.lowercaseMapping } else { out.unicodeScalars.append(scalar) }
        }
        return .text(out)
    }

    /// The terms of a query or title, in order (repeats kept).
    static func terms(of text: String) -> [String] {
        var found: [String] = []
        TermScanner().scan(text, markdown: false) { found.append(String(decoding: $0, as: UTF8.self)) }
        return found
    }

    /// A character a shard's name keeps as it is: an ASCII lowercase letter or digit.
    static func isShardCharacter(_ byte: UInt8) -> Bool {
        (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39)
    }

    /// The index shard a term is in: its first two characters when they are ASCII letters or
    /// digits (`"ru"` for "russia"), otherwise `_` and their UTF-8 bytes in hex (`"_c3a9"`).
    static func shard(of term: String) -> String {
        var prefix: [UInt8] = []
        var scalars = 0
        for byte in term.utf8 {
            if byte & 0xC0 != 0x80 {
                if scalars == 2 { break }
                scalars += 1
            }
            prefix.append(byte)
        }
        if prefix.count == 2 && prefix.allSatisfy(isShardCharacter) {
            return String(decoding: prefix, as: UTF8.self)
        }
        let hex = Array("0123456789abcdef".utf8)
        var name: [UInt8] = [UInt8(ascii: "_")]
        for byte in prefix { name += [hex[Int(byte >> 4)], hex[Int(byte & 15)]] }
        return String(decoding: name, as: UTF8.self)
    }
}

/// `SearchTerms.fold` for every scalar below U+2000, worked out once: the UTF-8 bytes each
/// letter folds to, so that the scanner never builds a String per character.
struct FoldTable: Sendable {
    static let shared = FoldTable()
    static let limit: UInt32 = 0x2000

    /// Per scalar: 0 separator, 1 dropped, otherwise `start << 12 | scalarCount << 8 | byteCount`.
    let entries: [UInt32]
    let bytes: [UInt8]
    /// Per byte: the lowercase ASCII letter or digit, 0 for everything else (non-ASCII bytes too).
    let ascii: [UInt8]

    init() {
        var entries = [UInt32](repeating: 0, count: Int(Self.limit))
        var bytes: [UInt8] = []
        for value in 0..<Self.limit {
            guard let scalar = Unicode.Scalar(value) else { continue }
            switch SearchTerms.fold(scalar) {
            case .separator: entries[Int(value)] = 0
            case .dropped: entries[Int(value)] = 1
            case .text(let text):
                let utf8 = Array(text.utf8)
                entries[Int(value)] = UInt32(bytes.count) << 12 | UInt32(text.unicodeScalars.count) << 8 | UInt32(utf8.count)
                bytes += utf8
            }
        }
        self.entries = entries
        self.bytes = bytes
        ascii = (0..<256).map { byte in
            switch byte {
            case 0x30...0x39, 0x61...0x7A: return UInt8(byte)
            case 0x41...0x5A: return UInt8(byte + 0x20)
            default: return 0
            }
        }
    }
}

/// Finds the terms of a text, working on its UTF-8 bytes: ASCII through a byte table, other
/// scalars through `FoldTable`. No String is made per word.
struct TermScanner {
    private let table = FoldTable.shared

    /// Calls `found` with each term's UTF-8 bytes, in order. With `markdown`, link destinations
    /// `](…)`, HTML tags (`<a id=…>`, `<mark …>`, `<details>`), backslash escapes and paragraph
    /// numbers (`¶12`) are skipped; all other Markdown syntax is punctuation, which separates terms.
    func scan(_ text: String, markdown: Bool, _ found: (UnsafeBufferPointer<UInt8>) -> Void) {
        var text = text
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: Token.capacity) { buffer in
            var token = Token(base: buffer.baseAddress!)
            text.withUTF8 { utf8 in
                guard let p = utf8.baseAddress else { return }
                let n = utf8.count
                table.ascii.withUnsafeBufferPointer { ascii in
                    var i = 0
                    while i < n {
                        let byte = p[i]
                        let folded = ascii[Int(byte)]
                        if folded != 0 {
                            // A run of ASCII letters and digits: the common case, in one loop.
                            token.append(folded)
                            i += 1
                            while i < n {
                                let next = ascii[Int(p[i])]
                                if next == 0 { break }
                                token.append(next)
                                i += 1
                            }
                            continue
                        }
                        if byte < 0x80 {
                            token.end(found)
                            i += 1
                            guard markdown else { continue }
                            switch byte {
                            case UInt8(ascii: "\\"):
                                // An escaped character is text, never syntax (`\<b\>`, `\]`).
                                if i < n, p[i] < 0x80, ascii[Int(p[i])] == 0 { i += 1 }
                            case UInt8(ascii: "<"):
                                if i < n, Self.startsTag(p[i]) { i = Self.skipTag(p, n, from: i) }
                            case UInt8(ascii: "]"):
                                if i < n, p[i] == UInt8(ascii: "(") { i = Self.skipDestination(p, n, from: i) }
                            default:
                                break
                            }
                            continue
                        }
                        let (value, width) = Self.decode(p, n, at: i)
                        i += width
                        if markdown && value == 0xB6 {  // ¶12: a paragraph number, not a term
                            token.end(found)
                            while i < n, p[i] >= 0x30 && p[i] <= 0x39 { i += 1 }
                            continue
                        }
                        append(scalar: value, to: &token, found)
                    }
                }
            }
            token.end(found)
        }
    }

    private func append(scalar value: UInt32, to token: inout Token, _ found: (UnsafeBufferPointer<UInt8>) -> Void) {
        if value < FoldTable.limit {
            let entry = table.entries[Int(value)]
            if entry == 0 { return token.end(found) }
            if entry == 1 { return }
            let start = Int(entry >> 12)
            table.bytes.withUnsafeBufferPointer { bytes in
                token.append(bytes.baseAddress! + start, count: Int(entry & 0xFF), scalars: Int(entry >> 8 & 0xF))
            }
            return
        }
        // General Punctuation (quotes, dashes, spaces): the common case above U+2000.
        if value <= 0x206F { return token.end(found) }
        guard let scalar = Unicode.Scalar(value) else { return token.end(found) }
        switch SearchTerms.fold(scalar) {
        case .separator: token.end(found)
        case .dropped: break
        case .text(let text):
            let utf8 = Array(text.utf8)
            utf8.withUnsafeBufferPointer { token.append($0.baseAddress!, count: $0.count, scalars: text.unicodeScalars.count) }
        }
    }

    /// The term being read.
    struct Token {
        /// 30 characters of at most 4 bytes each, with room to spare.
        static let capacity = 256
        let base: UnsafeMutablePointer<UInt8>
        var length = 0
        var scalars = 0
        var tooLong = false

        @inline(__always) mutating func append(_ byte: UInt8) {
            if scalars < SearchTerms.maxLength {
                base[length] = byte
                length += 1
                scalars += 1
            } else {
                tooLong = true
            }
        }

        mutating func append(_ bytes: UnsafePointer<UInt8>, count: Int, scalars added: Int) {
            if scalars + added > SearchTerms.maxLength || length + count > Self.capacity {
                tooLong = true
                return
            }
            base.advanced(by: length).update(from: bytes, count: count)
            length += count
            scalars += added
        }

        @inline(__always) mutating func end(_ found: (UnsafeBufferPointer<UInt8>) -> Void) {
            if !tooLong && scalars >= SearchTerms.minLength { found(UnsafeBufferPointer(start: base, count: length)) }
            length = 0
            scalars = 0
            tooLong = false
        }
    }

    /// Decodes the scalar at `i` of valid UTF-8 (a Swift String's bytes): (value, byte count).
    @inline(__always) static func decode(_ p: UnsafePointer<UInt8>, _ n: Int, at i: Int) -> (UInt32, Int) {
        let lead = UInt32(p[i])
        if lead < 0xE0, i + 1 < n { return ((lead & 0x1F) << 6 | UInt32(p[i + 1] & 0x3F), 2) }
        if lead < 0xF0, i + 2 < n { return ((lead & 0x0F) << 12 | UInt32(p[i + 1] & 0x3F) << 6 | UInt32(p[i + 2] & 0x3F), 3) }
        if i + 3 < n {
            return ((lead & 0x07) << 18 | UInt32(p[i + 1] & 0x3F) << 12 | UInt32(p[i + 2] & 0x3F) << 6 | UInt32(p[i + 3] & 0x3F), 4)
        }
        return (0xFFFD, n - i)
    }

    /// After `<`: a letter, `/` or `!` starts a tag (the page builders' own; corpus text has its `<` escaped).
    @inline(__always) static func startsTag(_ byte: UInt8) -> Bool {
        (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A) || byte == UInt8(ascii: "/") || byte == UInt8(ascii: "!")
    }

    /// From just after `<` to just after the tag's `>`; a `<` without `>` on its line is only punctuation.
    static func skipTag(_ p: UnsafePointer<UInt8>, _ n: Int, from start: Int) -> Int {
        var k = start
        while k < n {
            if p[k] == UInt8(ascii: ">") { return k + 1 }
            if p[k] == UInt8(ascii: "\n") { break }
            k += 1
        }
        return start
    }

    /// From the `(` after `]` to just after the matching `)` (nested parentheses and escapes allowed).
    static func skipDestination(_ p: UnsafePointer<UInt8>, _ n: Int, from open: Int) -> Int {
        var depth = 0
        var k = open
        while k < n {
            switch p[k] {
            case UInt8(ascii: "\\"): k += 1
            case UInt8(ascii: "("): depth += 1
            case UInt8(ascii: ")"):
                depth -= 1
                if depth == 0 { return k + 1 }
            case UInt8(ascii: "\n"): return open
            default: break
            }
            k += 1
        }
        return open
    }
}

/// Distinct terms, each with an id (in order of first appearance) and a number to count with:
/// a hash table over the terms' bytes (open addressing, FNV-1a), so that looking a word up
/// costs no allocation and no String.
final class TermTable: @unchecked Sendable {  // confined to one task at a time
    private(set) var count = 0
    /// A number per term (a count), 0 when the term is added. Adding a term may move it:
    /// read it again after `id(of:)`.
    private(set) var values: UnsafeMutablePointer<Int32>
    private var bytes: UnsafeMutablePointer<UInt8>
    private var byteCount = 0
    private var byteCapacity: Int
    /// Term `id` is `bytes[starts[id] ..< starts[id + 1]]`.
    private var starts: UnsafeMutablePointer<Int32>
    private var hashes: UnsafeMutablePointer<UInt32>
    private var capacity: Int
    /// Open addressing: `hash << 32 | (id + 1)`, 0 for an empty slot (the hash saves most
    /// visits to the terms' bytes).
    private var slots: UnsafeMutablePointer<UInt64>
    private var slotCount: Int

    init(capacity: Int = 512) {
        self.capacity = capacity
        byteCapacity = capacity * 8
        bytes = .allocate(capacity: byteCapacity)
        starts = .allocate(capacity: capacity + 1)
        starts[0] = 0
        hashes = .allocate(capacity: capacity)
        values = .allocate(capacity: capacity)
        slotCount = 1
        while slotCount < capacity * 2 { slotCount *= 2 }
        slots = .allocate(capacity: slotCount)
        slots.initialize(repeating: 0, count: slotCount)
    }

    deinit {
        bytes.deallocate()
        starts.deallocate()
        hashes.deallocate()
        values.deallocate()
        slots.deallocate()
    }

    /// The id of the term `term`, added if new.
    func id(of term: UnsafeBufferPointer<UInt8>) -> Int {
        var hash: UInt32 = 2_166_136_261
        for byte in term { hash = (hash ^ UInt32(byte)) &* 16_777_619 }
        let mask = slotCount - 1
        var slot = Int(hash) & mask
        while true {
            let entry = slots[slot]
            if entry == 0 { break }
            if UInt32(truncatingIfNeeded: entry >> 32) == hash {
                let id = Int(entry & 0xFFFF_FFFF) - 1
                let start = Int(starts[id])
                if Int(starts[id + 1]) - start == term.count && memcmp(bytes + start, term.baseAddress!, term.count) == 0 { return id }
            }
            slot = (slot + 1) & mask
        }
        if count == capacity { growTerms() }
        while byteCount + term.count > byteCapacity { growBytes() }
        let id = count
        (bytes + byteCount).update(from: term.baseAddress!, count: term.count)
        byteCount += term.count
        starts[id + 1] = Int32(byteCount)
        hashes[id] = hash
        values[id] = 0
        slots[slot] = UInt64(hash) << 32 | UInt64(id + 1)
        count += 1
        if count * 2 > slotCount { rehash() }
        return id
    }

    func term(_ id: Int) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: bytes + Int(starts[id]), count: Int(starts[id + 1] - starts[id]))
    }

    func string(_ id: Int) -> String { String(decoding: term(id), as: UTF8.self) }

    /// Whether term `a` sorts before term `b`, byte by byte.
    func precedes(_ a: Int, _ b: Int) -> Bool {
        let x = term(a), y = term(b)
        let order = memcmp(x.baseAddress!, y.baseAddress!, min(x.count, y.count))
        return order != 0 ? order < 0 : x.count < y.count
    }

    private func growTerms() {
        let bigger = capacity * 2
        starts = Self.grow(starts, from: capacity + 1, to: bigger + 1)
        hashes = Self.grow(hashes, from: capacity, to: bigger)
        values = Self.grow(values, from: capacity, to: bigger)
        capacity = bigger
    }

    private func growBytes() {
        bytes = Self.grow(bytes, from: byteCount, to: byteCapacity * 2)
        byteCapacity *= 2
    }

    private func rehash() {
        slots.deallocate()
        slotCount *= 2
        slots = .allocate(capacity: slotCount)
        slots.initialize(repeating: 0, count: slotCount)
        let mask = slotCount - 1
        for id in 0..<count {
            var slot = Int(hashes[id]) & mask
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = UInt64(hashes[id]) << 32 | UInt64(id + 1)
        }
    }

    private static func grow<T>(_ old: UnsafeMutablePointer<T>, from used: Int, to size: Int) -> UnsafeMutablePointer<T> {
        let new = UnsafeMutablePointer<T>.allocate(capacity: size)
        new.moveInitialize(from: old, count: used)
        old.deallocate()
        return new
    }
}
