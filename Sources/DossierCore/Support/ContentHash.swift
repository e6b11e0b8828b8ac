/// A 64-bit FNV-1a digest, printed as 16 hex digits: enough to notice that a
/// source or template changed, cheap enough to run on every byte of a corpus.
public enum ContentHash {
    public static func of<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        var hash = Running()
        hash.add(bytes: bytes)
        return hash.digest
    }

    public static func of(_ text: String) -> String {
        var hash = Running()
        hash.add(text)
        return hash.digest
    }

    /// The digest of several parts as if they were one, added a part at a time.
    public struct Running {
        private var hash: UInt64 = 0xcbf2_9ce4_8422_2325

        public init() {}

        public mutating func add<Bytes: Sequence>(bytes: Bytes) where Bytes.Element == UInt8 {
            var hash = self.hash
            for byte in bytes {
                hash ^= UInt64(byte)
                hash = hash &* 0x0000_0100_0000_01b3
            }
            self.hash = hash
        }

        public mutating func add(_ text: String) {
            var text = text
            // The contiguous bytes, not the UTF-8 view's iterator: pages and sources are long.
            text.withUTF8 { add(bytes: $0) }
        }

        public var digest: String { ContentHash.hex(hash) }
    }

    /// A digest eight bytes at a time, for what is hashed in bulk and stored nowhere an
    /// analyst keeps (the page manifest hashes every page of the site on every build). FNV-1a
    /// goes a byte at a time; `Running` keeps it because summary files hold its digests.
    /// Parts are hashed one by one: the digest depends on where they split, which the callers fix.
    public struct WordAtATime {
        private var hash: UInt64 = 0x9E37_79B9_7F4A_7C15

        public init() {}

        public mutating func add(_ text: String) {
            var text = text
            text.withUTF8 { add(bytes: UnsafeRawBufferPointer($0)) }
        }

        public mutating func add(bytes: UnsafeRawBufferPointer) {
            var hash = self.hash
            var offset = 0
            if let base = bytes.baseAddress {
                while offset + 8 <= bytes.count {
                    hash = Self.mix(hash, UInt64(littleEndian: base.loadUnaligned(fromByteOffset: offset, as: UInt64.self)))
                    offset += 8
                }
            }
            // The last few bytes and the length, as one more word: "ab" then "" is not "a" then "b".
            var tail = UInt64(bytes.count) << 56
            for (shift, byte) in bytes[offset...].enumerated() { tail |= UInt64(byte) << (8 * UInt64(shift)) }
            self.hash = Self.mix(hash, tail)
        }

        /// A number as one word of its own (the callers fix where numbers and texts come).
        public mutating func add(_ number: UInt64) {
            hash = Self.mix(hash, number)
        }

        /// Each step a bijection of the state for a given word: a changed word changes the digest.
        private static func mix(_ hash: UInt64, _ word: UInt64) -> UInt64 {
            let mixed = (hash ^ word) &* 0xBF58_476D_1CE4_E5B9
            return (mixed << 27 | mixed >> 37) &* 0x94D0_49BB_1331_11EB
        }

        public var digest: String { ContentHash.hex(value) }

        /// The digest as a number, for adding to another digest.
        public var value: UInt64 {
            // splitmix64's finish, so that nearby states print far apart.
            var z = hash
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static func hex(_ value: UInt64) -> String {
        let hex = String(value, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}

/// Typed parts for digests of structured values (`PageInputs`, `SourceDigests`): an optional
/// is marked present or not, a list is preceded by its length, so that no two values of the
/// same shape give the same sequence of words.
extension ContentHash.WordAtATime {
    mutating func add(_ number: Int) { add(UInt64(bitPattern: Int64(number))) }

    mutating func add(_ text: String?) {
        add(text == nil ? 0 : 1)
        if let text { add(text) }
    }

    mutating func add(_ number: Int?) {
        add(number == nil ? 0 : 1)
        if let number { add(number) }
    }

    mutating func add(_ texts: [String]) {
        add(texts.count)
        for text in texts { add(text) }
    }
}
