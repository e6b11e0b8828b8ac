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

    /// The words a source writes in lowercase, sorted, each once. A word already met is known by
    /// the key of its bytes (`TermKeys`), with no string made or hashed: a source repeats most of
    /// its words, and every word of the corpus comes through here.
    static func lowercaseWords(in source: CleanSource) -> [String] {
        var seen = TermNumbering(capacity: 1024)
        var words: [String] = []
        for paragraph in source.paragraphs {
            Tokenizer.forEachWord(in: paragraph.text, ascii: { word in
                guard let first = word.first, first &- 0x61 < 26 else { return }
                let key = TermKeys.of(bytes: UnsafeRawBufferPointer(word))
                if seen.number(for: key) == words.count { words.append(String(decoding: word, as: UTF8.self)) }
            }, other: { word in
                // An ASCII first letter answers on its own; any other needs its whole character.
                guard let first = word.utf8.first else { return }
                guard first < 0x80 ? first &- 0x61 < 26 : word.first?.isLowercase == true else { return }
                let text = String(word)
                if seen.number(for: TermKeys.of(text)) == words.count { words.append(text) }
            })
        }
        // Canonically equivalent spellings (a composed and a decomposed "é") are different bytes
        // but one string: kept once, as a set of strings would.
        words.sort()
        return words.indices.filter { $0 == 0 || words[$0] != words[$0 - 1] }.map { words[$0] }
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
