/// Which of a few fixed phrases a text contains, found in one pass over its UTF-8 bytes: the
/// cleaner asks this of every line of the corpus (an appeal's dozen markers, a disclaimer's
/// half-dozen, the invisible characters), and a byte search per phrase went over each line a
/// dozen times. Matching is byte-wise and exact, as `String.contains(_:)` is here.
struct PhraseSet: Sendable {
    /// The phrases' bytes one after the other: phrase i is `bytes[starts[i]..<starts[i + 1]]`.
    private let bytes: [UInt8]
    private let starts: [Int]
    /// For each byte value, the phrases that start with it (bit i for phrase i).
    private let startingWith: [UInt64]

    /// At most 64 phrases, none empty.
    init(_ phrases: [String]) {
        precondition(phrases.count <= 64 && !phrases.contains(where: \.isEmpty), "a phrase set holds 1 to 64 phrases, none empty")
        var (bytes, starts, startingWith) = ([UInt8](), [0], [UInt64](repeating: 0, count: 256))
        for (number, phrase) in phrases.enumerated() {
            startingWith[Int(phrase.utf8.first!)] |= 1 << number
            bytes += phrase.utf8
            starts.append(bytes.count)
        }
        (self.bytes, self.starts, self.startingWith) = (bytes, starts, startingWith)
    }

    /// The phrases `text` contains: bit i for the i-th phrase given.
    func found(in text: String) -> UInt64 {
        scan(text, stoppingAtFirst: false)
    }

    /// Whether `text` contains any of the phrases.
    func containsAny(in text: String) -> Bool {
        scan(text, stoppingAtFirst: true) != 0
    }

    private func scan(_ text: String, stoppingAtFirst: Bool) -> UInt64 {
        var text = text
        return text.withUTF8 { haystack in
            bytes.withUnsafeBufferPointer { phrases in
                var found: UInt64 = 0
                for start in haystack.indices {
                    var candidates = startingWith[Int(haystack[start])] & ~found
                    while candidates != 0 {
                        let number = candidates.trailingZeroBitCount
                        candidates &= candidates - 1
                        let phrase = phrases[starts[number]..<starts[number + 1]]
                        guard haystack.count - start >= phrase.count,
                              phrase.indices.allSatisfy({ haystack[start + $0 - phrase.startIndex] == phrases[$0] }) else { continue }
                        found |= 1 << number
                        if stoppingAtFirst { return found }
                    }
                }
                return found
            }
        }
    }
}
