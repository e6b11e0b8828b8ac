/// A term (a word as the comparisons take it) as a 64-bit key: a digest of its UTF-8 bytes
/// (`ContentHash.WordAtATime`). The model compares the terms of every body sentence, quote and
/// event of the corpus (some seven hundred thousand sentences at 10,000 sources) on every build;
/// making a String of each term and numbering the strings through a dictionary was most of the
/// claim alignment's time. A key is made straight from the bytes and numbered by its own bits.
///
/// Two different terms share a key with a chance of one in 2^64 per pair: a few in a billion for
/// a corpus of a few hundred thousand distinct terms. They would then count as one word where texts
/// are compared (the similarities, the timeline's events); nothing else reads the keys.
enum TermKeys {
    static func of(_ term: String) -> UInt64 {
        var hash = ContentHash.WordAtATime()
        hash.add(term)
        return hash.value
    }

    static func of(bytes: UnsafeRawBufferPointer) -> UInt64 {
        var hash = ContentHash.WordAtATime()
        hash.add(bytes: bytes)
        return hash.value
    }

    /// The keys of terms joined by single spaces (`SentenceTerms.terms`), in order, appended to
    /// `keys`: `of` for each term, cut from the bytes.
    static func append(joined: String, to keys: inout [UInt64]) {
        var joined = joined
        joined.withUTF8 { bytes in
            var start = 0
            for index in 0...bytes.count where index == bytes.count || bytes[index] == UInt8(ascii: " ") {
                if index > start { keys.append(of(bytes: UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes[start..<index])))) }
                start = index + 1
            }
        }
    }

    /// The key of an ASCII word lowercased, for words met as bytes (`Tokenizer.forEachWord`):
    /// `of(word.lowercased())` without the string.
    static func ofLowercased(ascii word: UnsafeBufferPointer<UInt8>) -> UInt64 {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: word.count) { lower in
            for (index, byte) in word.enumerated() { lower[index] = byte.asciiLowercased }
            return of(bytes: UnsafeRawBufferPointer(lower))
        }
    }
}

/// Numbers for term keys, 0, 1, 2… in the order they are first met: the same numbers a
/// dictionary from terms would give, in an open-addressing table indexed by the keys' own
/// bits (they are digests already, spread evenly).
struct TermNumbering {
    /// Number n's key is `keys[n]`.
    private(set) var keys: [UInt64] = []
    /// Each slot a number, or -1 where empty.
    private var slots: [Int32]
    private var mask: Int

    init(capacity: Int = 64) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = Array(repeating: -1, count: size)
        mask = size - 1
    }

    var count: Int { keys.count }

    /// The key's number, a new one if the key is new.
    mutating func number(for key: UInt64) -> Int {
        var slot = Int(truncatingIfNeeded: key) & mask
        while true {
            let found = slots[slot]
            if found < 0 { break }
            if keys[Int(found)] == key { return Int(found) }
            slot = (slot + 1) & mask
        }
        slots[slot] = Int32(keys.count)
        keys.append(key)
        if keys.count * 2 > slots.count { grow() }
        return keys.count - 1
    }

    /// Twice the slots, the keys placed again: the table stays at most half full.
    private mutating func grow() {
        let size = slots.count * 2
        slots = Array(repeating: -1, count: size)
        mask = size - 1
        for (number, key) in keys.enumerated() {
            var slot = Int(truncatingIfNeeded: key) & mask
            while slots[slot] >= 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(number)
        }
    }
}
