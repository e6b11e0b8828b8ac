/// Corpus statistics that tell names from ordinary words: a capitalised word
/// that the corpus also writes in lowercase ("Continued", "Engage") is an
/// ordinary word at the start of a sentence or heading, not a name.
public struct CorpusVocabulary: Sendable {
    /// Lowercase word → how often the corpus writes it in lowercase.
    var lowercaseCounts: [String: Int]

    public init(lowercaseCounts: [String: Int] = [:]) {
        self.lowercaseCounts = lowercaseCounts
    }

    public init(sources: [CleanSource]) {
        let perSource: [[String: Int]] = sources.parallelMap { source in
            var counts: [String: Int] = [:]
            for paragraph in source.paragraphs {
                for token in Tokenizer.tokens(paragraph.text) where token.text.first?.isLowercase == true {
                    counts[token.text, default: 0] += 1
                }
            }
            return counts
        }
        var merged: [String: Int] = [:]
        for counts in perSource { merged.merge(counts, uniquingKeysWith: +) }
        self.lowercaseCounts = merged
    }

    /// True when `word` (any case) is written in lowercase somewhere in the corpus.
    func isOrdinaryWord(_ word: String) -> Bool {
        (lowercaseCounts[word.lowercased()] ?? 0) > 0
    }
}
