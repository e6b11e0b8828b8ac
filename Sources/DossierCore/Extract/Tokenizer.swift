/// Words of a sentence with the punctuation around them, for name spotting.
struct Token: Sendable {
    /// The word without surrounding punctuation or a possessive `'s`.
    let text: String
    /// Punctuation right after the word (`,`, `'s`, `.`), which ends a name.
    var after: String
    /// Punctuation right before the word (an opening quote or bracket).
    var before: String
    /// Position of the token in its sentence.
    var index: Int

    var isCapitalised: Bool {
        Self.isCapitalised(text)
    }

    static func isCapitalised(_ text: String) -> Bool {
        // Most words are ASCII: their bytes answer without building characters.
        let bytes = text.utf8
        if bytes.allSatisfy({ $0 < 0x80 }) {
            return bytes.withContiguousStorageIfAvailable(isCapitalisedASCII) ?? Array(bytes).withUnsafeBufferPointer(isCapitalisedASCII)
        }
        guard let first = text.first else { return false }
        // "al-Rashid", "el-Amin": an Arabic article before a capital.
        for prefix in ["al-", "el-", "ul-"] where text.hasPrefix(prefix) && text.count > prefix.count {
            return text[text.index(text.startIndex, offsetBy: prefix.count)].isUppercase
        }
        // "d'Ivoire", "l'Orient": an elided particle before a capital.
        if (first == "d" || first == "l"), text.count > 2, "'’".contains(text[text.index(after: text.startIndex)]) {
            return text[text.index(text.startIndex, offsetBy: 2)].isUppercase
        }
        // "iFixit", "eBay": a brand written with a capital inside.
        if first.isLowercase, text.count > 2, text.dropFirst().contains(where: \.isUppercase), text.allSatisfy(\.isLetter) { return true }
        return first.isUppercase
    }

    /// `isCapitalised` for a word of ASCII letters, digits and punctuation (the same rules).
    private static func isCapitalisedASCII(_ w: UnsafeBufferPointer<UInt8>) -> Bool {
        func upper(_ byte: UInt8) -> Bool { byte >= 0x41 && byte <= 0x5A }
        func lower(_ byte: UInt8) -> Bool { byte >= 0x61 && byte <= 0x7A }
        guard let first = w.first else { return false }
        // "al-Rashid", "el-Amin"
        if w.count > 3, w[1] == UInt8(ascii: "l"), w[2] == UInt8(ascii: "-"),
           first == UInt8(ascii: "a") || first == UInt8(ascii: "e") || first == UInt8(ascii: "u") {
            return upper(w[3])
        }
        // "d'Ivoire", "l'Orient"
        if first == UInt8(ascii: "d") || first == UInt8(ascii: "l"), w.count > 2, w[1] == UInt8(ascii: "'") { return upper(w[2]) }
        // "iFixit", "eBay"
        if lower(first), w.count > 2, w.dropFirst().contains(where: upper), w.allSatisfy({ upper($0) || lower($0) }) { return true }
        return upper(first)
    }

    /// "NATO", "U.S.", "EU": two to six capitals, dots allowed.
    var isAcronym: Bool {
        // Two to six capital letters, dots aside; counted without copying the word.
        var letters = 0
        // An ASCII word (most are) is read byte by byte: each byte is a character.
        if text.utf8.allSatisfy({ $0 < 0x80 }) {
            for byte in text.utf8 where byte != UInt8(ascii: ".") {
                guard byte &- UInt8(ascii: "A") < 26, letters < 6 else { return false }
                letters += 1
            }
            return letters >= 2
        }
        for character in text where character != "." {
            guard character.isUppercase && character.isLetter, letters < 6 else { return false }
            letters += 1
        }
        return letters >= 2
    }

    var isPossessive: Bool { after.hasPrefix("'s") || after.hasPrefix("’s") || after.hasPrefix("’") && text.hasSuffix("s") }
    /// Punctuation after the word that separates it from the next one.
    var breaksName: Bool { !after.isEmpty }
}

enum Tokenizer {
    static let opening: Set<Unicode.Scalar> = ["\"", "“", "‘", "(", "[", "'", "«"]
    static let closing: Set<Unicode.Scalar> = [",", ";", ":", "!", "?", "\"", "”", "’", ")", "]", "'", "»", "…"]

    /// Works on Unicode scalars rather than characters: every sentence of the corpus goes
    /// through here, and the punctuation it strips is all single scalars.
    static func tokens(_ sentence: String) -> [Token] {
        var result: [Token] = []
        for raw in pieces(of: sentence) {
            let (start, end) = trim(raw)
            var before = String(raw[..<start])
            var after = String(raw[end...])
            var word = raw[start..<end]
            // "[Anna] Berg": an editor's insertion belongs to the text around it.
            if before == "[" && after.hasPrefix("]") {
                before = ""
                after.removeFirst()
            }
            if let possessive = possessive(word) {
                after = String(word[possessive...]) + after
                word = word[..<possessive]
            }
            if word.isEmpty { continue }
            result.append(Token(text: String(word), after: after, before: before, index: result.count))
        }
        return result
    }

    /// Each token's text, as `tokens` would give it, without making the tokens (for a whole
    /// source's vocabulary).
    static func forEachWord(in text: String, _ body: (Substring.UnicodeScalarView) -> Void) {
        for raw in pieces(of: text) {
            let (start, end) = trim(raw)
            var word = raw[start..<end]
            if let possessive = possessive(word) { word = word[..<possessive] }
            if !word.isEmpty { body(word) }
        }
    }

    private static func pieces(of text: String) -> [Substring.UnicodeScalarView] {
        text.unicodeScalars.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" })
    }

    /// Where the word of a piece starts and ends: opening quotes and brackets before it, closing
    /// punctuation after it (a dot only where it does not end a dotted acronym).
    private static func trim(_ word: Substring.UnicodeScalarView) -> (start: String.Index, end: String.Index) {
        var start = word.startIndex
        while start < word.endIndex, !isPlain(word[start]), opening.contains(word[start]) { start = word.index(after: start) }
        var end = word.endIndex
        while end > start {
            let last = word[word.index(before: end)]
            guard !isPlain(last), closing.contains(last) || (last == "." && !isDottedAcronym(word[start..<end])) else { break }
            end = word.index(before: end)
        }
        return (start, end)
    }

    /// Where a possessive "'s" starts, in a word longer than it.
    private static func possessive(_ word: Substring.UnicodeScalarView) -> String.Index? {
        guard let last = word.last, last == "s", let apostrophe = word.dropLast().last, apostrophe == "'" || apostrophe == "’", word.count > 2 else { return nil }
        return word.index(word.endIndex, offsetBy: -2)
    }

    /// Letters and digits open and close no quote: most words are looked up no further.
    private static func isPlain(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII && UInt8(scalar.value).isASCIIAlphanumeric
    }

    /// "U.S.", "U.K.": dots between single letters are part of the word.
    private static func isDottedAcronym(_ word: Substring.UnicodeScalarView) -> Bool {
        var letters = 0
        var previousWasLetter = false
        for scalar in word {
            if scalar == "." {
                previousWasLetter = false
                continue
            }
            // Each part between dots is one capital.
            if previousWasLetter || !scalar.properties.isUppercase { return false }
            previousWasLetter = true
            letters += 1
        }
        return letters >= 2
    }
}
