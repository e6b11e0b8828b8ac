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
        // Most words are ASCII: their bytes answer without building characters (read in place, in one pass).
        func asciiAnswer(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool? { bytes.allSatisfy({ $0 < 0x80 }) ? isCapitalisedASCII(bytes) : nil }
        if let answer = text.utf8.withContiguousStorageIfAvailable(asciiAnswer) ?? Array(text.utf8).withUnsafeBufferPointer(asciiAnswer) {
            return answer
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
    /// through here, and the punctuation it strips is all single scalars. A piece of plain ASCII
    /// (most are) is read as bytes, by the same rules (`asciiWord`).
    static func tokens(_ sentence: String) -> [Token] {
        var result: [Token] = []
        let walked = forEachPiece(of: sentence, ascii: { piece in
            if let token = asciiToken(piece, index: result.count) { result.append(token) }
        }, other: { raw in
            if let token = token(raw, index: result.count) { result.append(token) }
        })
        return walked ? result : scalarTokens(sentence)
    }

    /// `tokens` read scalar by scalar throughout: for a string whose bytes are not at hand, and
    /// the measure the tests hold the bytewise reading to.
    static func scalarTokens(_ sentence: String) -> [Token] {
        var result: [Token] = []
        for raw in pieces(of: sentence) {
            if let token = token(raw, index: result.count) { result.append(token) }
        }
        return result
    }

    /// Each token's text, as `tokens` would give it, without making the tokens (for a whole
    /// source's vocabulary).
    static func forEachWord(in text: String, _ body: (Substring) -> Void) {
        forEachWord(in: text, ascii: { body(Substring(decoding: $0, as: UTF8.self)) }, other: body)
    }

    /// `forEachWord`, with a word of ASCII bytes (most are) given as its bytes, no string made:
    /// for callers that only measure and hash the words of the whole corpus.
    static func forEachWord(in text: String, ascii: (UnsafeBufferPointer<UInt8>) -> Void, other: (Substring) -> Void) {
        let walked = forEachPiece(of: text, ascii: { piece in
            let word = asciiWord(piece)
            if word.end > word.start { ascii(UnsafeBufferPointer(rebasing: piece[word.start..<word.end])) }
        }, other: { raw in
            if let word = scalarWord(raw) { other(Substring(word)) }
        })
        if !walked {
            for raw in pieces(of: text) {
                if let word = scalarWord(raw) { other(Substring(word)) }
            }
        }
    }

    /// The pieces of `text` between spaces, tabs and line breaks, in order: a piece of ASCII
    /// bytes to `ascii`, any other to `other`. False, having done nothing, when the string's
    /// bytes are not at hand.
    private static func forEachPiece(of text: String, ascii: (UnsafeBufferPointer<UInt8>) -> Void, other: (Substring.UnicodeScalarView) -> Void) -> Bool {
        text.utf8.withContiguousStorageIfAvailable { bytes -> Bool in
            var start = 0
            for end in 0...bytes.count where end == bytes.count || bytes[end] == UInt8(ascii: " ") || bytes[end] == UInt8(ascii: "\t") || bytes[end] == UInt8(ascii: "\n") {
                defer { start = end + 1 }
                guard end > start else { continue }
                let piece = UnsafeBufferPointer(rebasing: bytes[start..<end])
                if piece.allSatisfy({ $0 < 0x80 }) {
                    ascii(piece)
                } else {
                    // The separators are ASCII bytes, so the piece's ends are scalar boundaries.
                    let utf8 = text.utf8
                    other(Substring(utf8[utf8.index(utf8.startIndex, offsetBy: start)..<utf8.index(utf8.startIndex, offsetBy: end)]).unicodeScalars)
                }
            }
            return true
        } ?? false
    }

    /// The token of one piece of a sentence (the text between white space), or nil when it is all punctuation.
    private static func token(_ raw: Substring.UnicodeScalarView, index: Int) -> Token? {
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
        if word.isEmpty { return nil }
        return Token(text: String(word), after: after, before: before, index: index)
    }

    /// The word of a piece as `token` gives it, or nil.
    private static func scalarWord(_ raw: Substring.UnicodeScalarView) -> Substring.UnicodeScalarView? {
        let (start, end) = trim(raw)
        var word = raw[start..<end]
        if let possessive = possessive(word) { word = word[..<possessive] }
        return word.isEmpty ? nil : word
    }

    /// `token` for a piece of ASCII bytes.
    private static func asciiToken(_ piece: UnsafeBufferPointer<UInt8>, index: Int) -> Token? {
        func text(_ range: Range<Int>) -> String { String(decoding: UnsafeBufferPointer(rebasing: piece[range]), as: UTF8.self) }
        let word = asciiWord(piece)
        guard word.end > word.start else { return nil }
        // "[Anna] Berg": an editor's insertion belongs to the text around it.
        let bracketed = word.start == 1 && piece[0] == UInt8(ascii: "[") && word.trimmedEnd < piece.count && piece[word.trimmedEnd] == UInt8(ascii: "]")
        let rest = text((bracketed ? word.trimmedEnd + 1 : word.trimmedEnd)..<piece.count)
        return Token(text: text(word.start..<word.end), after: word.end < word.trimmedEnd ? text(word.end..<word.trimmedEnd) + rest : rest,
                     before: bracketed ? "" : text(0..<word.start), index: index)
    }

    /// Where the word of an ASCII piece starts and ends, and where the punctuation after it starts
    /// (`trim` and `possessive` on bytes: each byte is a scalar, so the same steps read the same).
    private static func asciiWord(_ piece: UnsafeBufferPointer<UInt8>) -> (start: Int, end: Int, trimmedEnd: Int) {
        func opens(_ byte: UInt8) -> Bool {
            byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "(") || byte == UInt8(ascii: "[") || byte == UInt8(ascii: "'")
        }
        func closes(_ byte: UInt8) -> Bool {
            switch byte {
            case UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: ":"), UInt8(ascii: "!"), UInt8(ascii: "?"), UInt8(ascii: "\""),
                 UInt8(ascii: ")"), UInt8(ascii: "]"), UInt8(ascii: "'"): return true
            default: return false
            }
        }
        // "U.S.": single capitals between dots.
        func isDottedAcronym(_ range: Range<Int>) -> Bool {
            var letters = 0
            var previousWasLetter = false
            for byte in piece[range] {
                if byte == UInt8(ascii: ".") {
                    previousWasLetter = false
                    continue
                }
                if previousWasLetter || byte &- UInt8(ascii: "A") >= 26 { return false }
                previousWasLetter = true
                letters += 1
            }
            return letters >= 2
        }
        var start = 0
        while start < piece.count, !piece[start].isASCIIAlphanumeric, opens(piece[start]) { start += 1 }
        var end = piece.count
        while end > start {
            let last = piece[end - 1]
            guard !last.isASCIIAlphanumeric, closes(last) || (last == UInt8(ascii: ".") && !isDottedAcronym(start..<end)) else { break }
            end -= 1
        }
        // A possessive "'s" in a word longer than it.
        if end - start > 2, piece[end - 1] == UInt8(ascii: "s"), piece[end - 2] == UInt8(ascii: "'") { return (start, end - 2, end) }
        return (start, end, end)
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
