/// What each body sentence of a source is about, for the comparison step to align
/// sentences across sources: worked out with the extraction, from the same tokens, and
/// cached with it, so that a rebuild does not tokenise the whole corpus again.
public struct SentenceTerms: Sendable, Equatable {
    /// Index into `Extractor.Output.sentences`.
    var sentence: Int
    var paragraph: Int
    /// The sentence's terms (`TermNormaliser`), separated by spaces (cut again into `TermKeys`).
    var terms: String
}

/// Words reduced to what they are about: lowercased, function words, numbers and
/// date words removed (a figure or a date is compared, not matched), and plural
/// and verb endings stripped so that "troops massed" meets "troop massing".
struct TermNormaliser: Sendable {
    let functionWords: Set<String>

    init(gazetteer: Gazetteer) {
        functionWords = gazetteer.functionWords
    }

    func terms(_ text: String) -> [String] {
        var known: [String: String?] = [:]
        return terms(text, known: &known)
    }

    /// The words alone, not the tokens with their punctuation: the comparison step takes the
    /// terms of every quote and rewritten claim of the corpus.
    private func terms(_ text: String, known: inout [String: String?]) -> [String] {
        var terms: [String] = []
        Tokenizer.forEachWord(in: text) { word in
            if let term = term(for: String(word), known: &known) { terms.append(term) }
        }
        return terms
    }

    /// The terms of `text` as one string, separated by spaces (a term has none), with the
    /// terms of the words seen before remembered in `known`.
    func joinedTerms(_ tokens: [Token], known: inout [String: String?]) -> String {
        var joined = ""
        for token in tokens {
            guard let term = term(for: token.text, known: &known) else { continue }
            if !joined.isEmpty { joined += " " }
            joined += term
        }
        return joined
    }

    /// The terms of many texts as keys (`TermKeys`), across all cores, for the comparisons
    /// (every attributed quote of the corpus, on every build). Each chunk of texts remembers the
    /// words it has seen (a corpus repeats its vocabulary endlessly, and lowercasing and stemming
    /// dominate) by the key of their bytes, so an ASCII word (most are) is looked up with no string made.
    func termKeys(of texts: [String]) -> [[UInt64]] {
        let chunks = stride(from: 0, to: texts.count, by: 1024).map { $0..<min($0 + 1024, texts.count) }
        return chunks.parallelMap { range -> [[UInt64]] in
            var known: [UInt64: UInt64?] = [:]
            return texts[range].map { text in
                var keys: [UInt64] = []
                func add(word key: UInt64, _ word: () -> String) {
                    let term: UInt64?
                    if let seen = known[key] {
                        term = seen
                    } else {
                        term = self.term(for: word()).map(TermKeys.of)
                        known[key] = .some(term)
                    }
                    if let term { keys.append(term) }
                }
                // A word's key is the same whichever way it comes: the key of its bytes.
                Tokenizer.forEachWord(in: text, ascii: { bytes in
                    add(word: TermKeys.of(bytes: UnsafeRawBufferPointer(bytes))) { String(decoding: bytes, as: UTF8.self) }
                }, other: { piece in
                    let word = String(piece)
                    add(word: TermKeys.of(word)) { word }
                })
                return keys
            }
        }.flatMap { $0 }
    }

    /// `term(for:)`, remembered in `known`: lowercasing and stemming dominate, and a text
    /// repeats its words.
    private func term(for text: String, known: inout [String: String?]) -> String? {
        if let seen = known[text] { return seen }
        let term = term(for: text)
        known[text] = .some(term)
        return term
    }

    /// A word's term, or nil for words that carry no claim (short, function words, dates).
    private func term(for text: String) -> String? {
        let word = text.lowercased()
        guard word.count > 2, word.startsWithLetter, !functionWords.contains(word),
              DateExtractor.month(word, lowercased: word) == nil, !DateExtractor.weekdays.contains(word) else { return nil }
        let stem = Self.stem(word)
        return functionWords.contains(stem) ? nil : stem
    }

    /// A light suffix stemmer (after Porter's first and last steps): the same for every text,
    /// so "states", "stated" and "state" meet even where the stem is not a word.
    static func stem(_ word: String) -> String {
        word.utf8.allSatisfy({ $0 < 0x80 }) ? stemASCII(word) : stemCharacters(word)
    }

    /// `stem` for any word, character by character.
    static func stemCharacters(_ word: String) -> String {
        var w = word
        if w.hasSuffix("’") || w.hasSuffix("'") { w.removeLast() }
        if w.hasSuffix("sses") {
            w.removeLast(2)
        } else if w.hasSuffix("ies") && w.count > 4 {
            w.removeLast(3)
            w += "y"
        } else if w.hasSuffix("s") && !w.hasSuffix("ss") && !w.hasSuffix("us") && !w.hasSuffix("is") && w.count > 3 {
            w.removeLast()
        }
        var stripped = false
        if w.hasSuffix("ing") && w.count > 5 {
            w.removeLast(3)
            stripped = true
        } else if w.hasSuffix("ed") && w.count > 4 {
            w.removeLast(2)
            stripped = true
        }
        if stripped, let last = w.last, w.count > 3, w.dropLast().last == last, !"lsz".contains(last), !"aeiou".contains(last) {
            w.removeLast()  // "stopped" → "stop"
        }
        if w.hasSuffix("e") && w.count > 4 { w.removeLast() }
        return w
    }

    /// `stem` for an ASCII word, on its bytes (a character is a byte, so every count and
    /// suffix test reads the same).
    static func stemASCII(_ word: String) -> String {
        var word = word
        return word.withUTF8 { source in
            // Worked on in a buffer on the stack: every new word of the corpus comes through here.
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: source.count + 1) { w in
                _ = w.initialize(from: source)
                var n = source.count
                func ends(_ suffix: StaticString) -> Bool {
                    let k = suffix.utf8CodeUnitCount
                    guard n >= k else { return false }
                    for i in 0..<k where w[n - k + i] != suffix.utf8Start[i] { return false }
                    return true
                }
                if ends("'") { n -= 1 }
                if ends("sses") {
                    n -= 2
                } else if ends("ies") && n > 4 {
                    n -= 3
                    w[n] = UInt8(ascii: "y")
                    n += 1
                } else if ends("s") && !ends("ss") && !ends("us") && !ends("is") && n > 3 {
                    n -= 1
                }
                var stripped = false
                if ends("ing") && n > 5 {
                    n -= 3
                    stripped = true
                } else if ends("ed") && n > 4 {
                    n -= 2
                    stripped = true
                }
                if stripped, n > 3, w[n - 2] == w[n - 1], !"lszaeiou".utf8.contains(w[n - 1]) {
                    n -= 1  // "stopped" → "stop"
                }
                if ends("e") && n > 4 { n -= 1 }
                return String(decoding: UnsafeBufferPointer(rebasing: w[0..<n]), as: UTF8.self)
            }
        }
    }
}
