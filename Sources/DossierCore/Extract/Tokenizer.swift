/// Words of a sentence with the punctuation around them, for name spotting.
struct Token: Sendable {
    /// The word without surrounding punctuation or a possessive `'s`.
    var text: String
    /// Punctuation right after the word (`,`, `'s`, `.`), which ends a name.
    var after: String
    /// Punctuation right before the word (an opening quote or bracket).
    var before: String
    /// Position of the token in its sentence.
    var index: Int

    var isCapitalised: Bool {
        guard let first = text.first else { return false }
        // "al-Assad", "el-Sisi": an Arabic article before a capital.
        for prefix in ["al-", "el-", "ul-"] where text.hasPrefix(prefix) && text.count > prefix.count {
            return text[text.index(text.startIndex, offsetBy: prefix.count)].isUppercase
        }
        // "d'Ivoire", "l'Orient": an elided particle before a capital.
        if (first == "d" || first == "l"), text.count > 2, "'’".contains(text[text.index(after: text.startIndex)]) {
            return text[text.index(text.startIndex, offsetBy: 2)].isUppercase
        }
        // "infoBrics", "eBay": a brand written with a capital inside.
        if first.isLowercase, text.count > 2, text.dropFirst().contains(where: \.isUppercase), text.allSatisfy(\.isLetter) { return true }
        return first.isUppercase
    }

    /// "NATO", "U.S.", "EU": two to six capitals, dots allowed.
    var isAcronym: Bool {
        let letters = text.filter { $0 != "." }
        return letters.count >= 2 && letters.count <= 6 && letters.allSatisfy { $0.isUppercase && $0.isLetter }
    }

    var isPossessive: Bool { after.hasPrefix("'s") || after.hasPrefix("’s") || after.hasPrefix("’") && text.hasSuffix("s") }
    /// Punctuation after the word that separates it from the next one.
    var breaksName: Bool { !after.isEmpty }
}

enum Tokenizer {
    static let opening: Set<Character> = ["\"", "“", "‘", "(", "[", "'", "«"]
    static let closing: Set<Character> = [",", ";", ":", "!", "?", "\"", "”", "’", ")", "]", "'", "»", "…"]

    static func tokens(_ sentence: String) -> [Token] {
        var result: [Token] = []
        for raw in sentence.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }) {
            var word = Substring(raw)
            var before = ""
            while let first = word.first, opening.contains(first) {
                before.append(first)
                word = word.dropFirst()
            }
            var after = ""
            while let last = word.last, closing.contains(last) || (last == "." && !isDottedAcronym(word)) {
                after.insert(last, at: after.startIndex)
                word = word.dropLast()
            }
            // "[Vladimir] Putin": an editor's insertion belongs to the text around it.
            if before == "[" && after.hasPrefix("]") {
                before = ""
                after.removeFirst()
            }
            for suffix in ["'s", "’s"] where word.hasSuffix(suffix) && word.count > 2 {
                word = word.dropLast(2)
                after = suffix + after
            }
            if word.isEmpty { continue }
            result.append(Token(text: String(word), after: after, before: before, index: result.count))
        }
        return result
    }

    /// "U.S.", "U.K.": dots between single letters are part of the word.
    private static func isDottedAcronym(_ word: Substring) -> Bool {
        let parts = word.split(separator: ".")
        return parts.count >= 2 && parts.allSatisfy { $0.count == 1 && $0.first!.isUppercase }
    }
}
