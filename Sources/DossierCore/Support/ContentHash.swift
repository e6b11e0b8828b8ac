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

        public var digest: String {
            let hex = String(hash, radix: 16)
            return String(repeating: "0", count: 16 - hex.count) + hex
        }
    }
}
