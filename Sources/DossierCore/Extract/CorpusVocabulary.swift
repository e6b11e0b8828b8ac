import Foundation

/// Corpus statistics that tell names from ordinary words: a capitalised word
/// that the corpus also writes in lowercase ("Notably", "Regardless") is an
/// ordinary word at the start of a sentence or heading, not a name.
public struct CorpusVocabulary: Sendable {
    /// Every word the corpus writes in lowercase somewhere.
    let lowercaseWords: Set<String>
    /// Where a source's extraction notes the questions it asked: a cached extraction stays
    /// valid while a changed corpus gives the same answers.
    let queries: Queries?

    public init(lowercaseWords: Set<String> = []) {
        self.lowercaseWords = lowercaseWords
        self.queries = nil
    }

    /// From each source's `lowercaseWords(in:)`: a run of sources at a time on all cores, the
    /// runs' words then joined (a corpus repeats its words: most are already there). The set is
    /// only ever asked what it holds, never listed, so how it was filled does not show.
    init(words perSource: [[String]]) {
        let runs = stride(from: 0, to: perSource.count, by: 256).map { $0..<min($0 + 256, perSource.count) }
        let gathered = runs.parallelMap { run -> Set<String> in
            var words: Set<String> = []
            for list in perSource[run] { words.formUnion(list) }
            return words
        }
        var words: Set<String> = []
        words.reserveCapacity(gathered.map(\.count).max() ?? 0)
        for run in gathered { words.formUnion(run) }
        self.init(lowercaseWords: words)
    }

    public init(sources: [CleanSource]) {
        self.init(words: sources.parallelMap(Self.lowercaseWords(in:)))
    }

    private init(lowercaseWords: Set<String>, queries: Queries) {
        self.lowercaseWords = lowercaseWords
        self.queries = queries
    }

    /// The words a source writes in lowercase, sorted, each once.
    static func lowercaseWords(in source: CleanSource) -> [String] {
        var words: Set<String> = []
        for paragraph in source.paragraphs {
            Tokenizer.forEachWord(in: paragraph.text) { word in
                // An ASCII first letter answers on its own; any other needs its whole character.
                guard let first = word.utf8.first else { return }
                if first < 0x80 ? first &- 0x61 < 26 : word.first?.isLowercase == true { words.insert(String(word)) }
            }
        }
        return words.sorted()
    }

    /// The same vocabulary, noting every question asked of it (for one source's extraction).
    func recording() -> CorpusVocabulary {
        CorpusVocabulary(lowercaseWords: lowercaseWords, queries: Queries())
    }

    /// True when `word` (any case) is written in lowercase somewhere in the corpus.
    func isOrdinaryWord(_ word: String) -> Bool {
        let lowercase = word.lowercased()
        let answer = lowercaseWords.contains(lowercase)
        queries?.note(lowercase, answer)
        return answer
    }

    /// The questions one extraction asked and the answers it got. One extraction runs on one
    /// thread, so the log needs no lock.
    final class Queries: @unchecked Sendable {
        private(set) var answers: [String: Bool] = [:]

        func note(_ word: String, _ answer: Bool) {
            answers[word] = answer
        }
    }
}
