import CDossierSupport

/// Corpus text made safe to place in Markdown: it reads as the same words and
/// can never become markup, a link or raw HTML.
public enum MarkdownText {
    /// Bytes that start Markdown or HTML syntax anywhere in a line (all ASCII, so the
    /// escaping works on UTF-8 bytes: it runs over every sentence of every page).
    private static let special: [Bool] = {
        var table = [Bool](repeating: false, count: 256)
        for byte in "\\`*_[]<>#!|~&${}".utf8 { table[Int(byte)] = true }
        return table
    }()

    /// Escapes `text` for use inline (in a paragraph, list item, heading or table cell).
    public static func escape(_ text: String) -> String {
        var text = text
        // Most corpus text has nothing to escape: it is returned as it is, not copied.
        return text.withUTF8 { escapedIfNeeded($0, lineStart: true) } ?? text
    }

    /// Whether `escape` would change `bytes`.
    private static func needsEscaping(_ bytes: UnsafeBufferPointer<UInt8>, lineStart: Bool) -> Bool {
        guard let first = bytes.first else { return false }
        if lineStart && (first == UInt8(ascii: "-") || first == UInt8(ascii: "+") || first == UInt8(ascii: "=")) { return true }
        // A leading number may be a list marker: `escape` decides.
        if first &- 0x30 < 10 { return true }
        return special.withUnsafeBufferPointer { special in bytes.contains { special[Int($0)] || $0 == 0x0A || $0 == 0x0D } }
    }

    /// `lineStart`: the text begins a line, where "-", "+" and "=" would start a list item or
    /// a setext heading underline.
    private static func escape(_ bytes: UnsafeBufferPointer<UInt8>, lineStart: Bool) -> String {
        escapedIfNeeded(bytes, lineStart: lineStart) ?? String(decoding: bytes, as: UTF8.self)
    }

    /// The escaped text, or nil when escaping would change nothing.
    private static func escapedIfNeeded(_ bytes: UnsafeBufferPointer<UInt8>, lineStart: Bool) -> String? {
        guard needsEscaping(bytes, lineStart: lineStart) else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 8)
        // "1. text" or "1) text" would become an ordered list.
        var digits = 0
        while digits < bytes.count, bytes[digits] >= 0x30, bytes[digits] <= 0x39 { digits += 1 }
        let listMarker = digits > 0 && digits < bytes.count && (bytes[digits] == UInt8(ascii: ".") || bytes[digits] == UInt8(ascii: ")")) ? digits : -1
        for (offset, byte) in bytes.enumerated() {
            if byte == 0x0A || byte == 0x0D {
                out.append(0x20)
                continue
            }
            if special[Int(byte)] || offset == listMarker
                || (offset == 0 && lineStart && (byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "="))) {
                out.append(UInt8(ascii: "\\"))
            }
            out.append(byte)
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// A Markdown link whose label is escaped corpus text.
    public static func link(_ label: String, to destination: String) -> String {
        "[\(escape(label))](\(destination))"
    }

    /// A paragraph anchor that survives into the HTML page (`#p-12`).
    public static func anchor(_ id: String) -> String {
        "<a id=\"\(id)\"></a>"
    }

    /// Escaped text with the first occurrence of each phrase turned into a link.
    /// Longer phrases win over shorter ones they contain ("Jane Roe" over "Roe").
    /// A phrase only counts where it stands as whole words.
    public static func linking(_ text: String, phrases: [(phrase: String, destination: String)]) -> String {
        linking(text, ordered: inLinkingOrder(phrases))
    }

    /// Phrases in the order `linking` tries them: longest first, then alphabetical.
    static func inLinkingOrder(_ phrases: [(phrase: String, destination: String)]) -> [(phrase: String, destination: String)] {
        phrases.filter { !$0.phrase.isEmpty }.sorted(by: { ($0.phrase.count, $1.phrase) > ($1.phrase.count, $0.phrase) })
    }

    /// `linking` with the phrases already `inLinkingOrder` (a page sorts them once for all its paragraphs).
    static func linking(_ text: String, ordered phrases: [(phrase: String, destination: String)]) -> String {
        var text = text
        return text.withUTF8 { bytes in
            let pairs = BytePairs(bytes)
            var taken: [(range: Range<Int>, destination: String)] = []
            for (phrase, destination) in phrases {
                guard pairs.mayHold(phrase), !taken.contains(where: { $0.destination == destination }) else { continue }
                var from = 0
                while let found = find(phrase, in: bytes, from: from) {
                    if isWordBoundary(bytes, before: found.lowerBound, after: found.upperBound) && !taken.contains(where: { $0.range.overlaps(found) }) {
                        taken.append((found, destination))
                        break
                    }
                    from = found.upperBound
                }
            }
            taken.sort { $0.range.lowerBound < $1.range.lowerBound }
            var out = ""
            var cursor = 0
            for item in taken {
                out += escape(UnsafeBufferPointer(rebasing: bytes[cursor..<item.range.lowerBound]), lineStart: cursor == 0)
                out += "[" + escape(UnsafeBufferPointer(rebasing: bytes[item.range]), lineStart: false) + "](" + item.destination + ")"
                cursor = item.range.upperBound
            }
            return out + escape(UnsafeBufferPointer(rebasing: bytes[cursor...]), lineStart: cursor == 0)
        }
    }

    /// Which pairs of adjacent bytes a text holds, folded into 1,024 bits: a phrase with a pair the
    /// text lacks is not in it. A page links each paragraph with every form of every actor it
    /// names, and most forms are in few of its paragraphs: this rules them out before a search.
    struct BytePairs {
        private var bits = [UInt64](repeating: 0, count: 16)

        init(_ bytes: UnsafeBufferPointer<UInt8>) {
            guard bytes.count > 1 else { return }
            for index in 1..<bytes.count { set(Self.bit(bytes[index - 1], bytes[index])) }
        }

        private mutating func set(_ bit: Int) { bits[bit >> 6] |= 1 << UInt64(bit & 63) }

        private static func bit(_ first: UInt8, _ second: UInt8) -> Int { (Int(first) &* 31 &+ Int(second)) & 1023 }

        /// False only when `phrase` cannot be in the text.
        func mayHold(_ phrase: String) -> Bool {
            var previous: UInt8?
            for byte in phrase.utf8 {
                if let previous {
                    let bit = Self.bit(previous, byte)
                    if bits[bit >> 6] & (1 << UInt64(bit & 63)) == 0 { return false }
                }
                previous = byte
            }
            return true
        }
    }

    /// Byte offsets of the first `phrase` in `bytes` at or after `from`.
    private static func find(_ phrase: String, in bytes: UnsafeBufferPointer<UInt8>, from: Int) -> Range<Int>? {
        var phrase = phrase
        return phrase.withUTF8 { needle -> Range<Int>? in
            guard let base = bytes.baseAddress, let needleBase = needle.baseAddress, from + needle.count <= bytes.count else { return nil }
            let offset = dossier_find_bytes(base + from, bytes.count - from, needleBase, needle.count)
            return offset < 0 ? nil : (from + offset)..<(from + offset + needle.count)
        }
    }

    /// Whether neither the character before `before` nor the one at `after` is a letter.
    private static func isWordBoundary(_ bytes: UnsafeBufferPointer<UInt8>, before: Int, after: Int) -> Bool {
        if after < bytes.count, let next = scalar(in: bytes, at: after), next.properties.isAlphabetic { return false }
        // Step back over combining marks to the character's base.
        var end = before
        while end > 0 {
            var start = end - 1
            while start > 0 && bytes[start] & 0xC0 == 0x80 { start -= 1 }
            guard let previous = scalar(in: bytes, at: start) else { return true }
            if previous.properties.isGraphemeExtend { end = start; continue }
            return !previous.properties.isAlphabetic
        }
        return true
    }

    /// The Unicode scalar whose UTF-8 encoding starts at `offset`.
    private static func scalar(in bytes: UnsafeBufferPointer<UInt8>, at offset: Int) -> Unicode.Scalar? {
        var iterator = bytes[offset...].makeIterator()
        var decoder = UTF8()
        if case .scalarValue(let scalar) = decoder.decode(&iterator) { return scalar }
        return nil
    }

    /// A table row of already-escaped cells.
    public static func row(_ cells: [String]) -> String {
        "| " + cells.map { $0.isEmpty ? " " : $0 }.joined(separator: " | ") + " |"
    }

    /// A table header row and its delimiter row; `true` in `numeric` right-aligns a column.
    public static func header(_ cells: [String], numeric: [Bool] = []) -> String {
        let rule = cells.indices.map { index in index < numeric.count && numeric[index] ? "---:" : "---" }
        return row(cells) + "\n" + "|" + rule.joined(separator: "|") + "|"
    }

    /// "1 source", "3 sources".
    public static func count(_ value: Int, _ noun: String, plural: String? = nil) -> String {
        "\(value) " + (value == 1 ? noun : plural ?? noun + "s")
    }
}
