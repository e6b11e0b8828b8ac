import Foundation

/// The sentences that carry a source's argument: those whose words are most
/// central to the text as a whole, not simply the first ones.
struct ClaimExtractor: Sendable {
    let gazetteer: Gazetteer
    var maximum = 5
    var minimum = 3

    func claims(from sentences: [SentenceRef]) -> [Claim] {
        let usable = sentences.filter { sentence in
            let count = sentence.tokens.count
            return !sentence.isHeading && count >= 8 && count <= 60 && !sentence.text.hasSuffix("?")
                && !sentence.text.hasPrefix("“") && !sentence.text.hasPrefix("\"")
        }
        guard !usable.isEmpty else { return [] }
        // Word weights: how often each content word occurs in the whole text.
        var frequency: [String: Int] = [:]
        var bags: [[String]] = []
        for sentence in usable {
            let words = Set(sentence.tokens.map { $0.text.lowercased() }.filter { isContent($0) })
            bags.append(words.sorted())  // a fixed order: the float sum below must not vary between runs
            for word in words { frequency[word, default: 0] += 1 }
        }
        let scored = usable.indices.map { index -> (index: Int, score: Double) in
            let words = bags[index]
            guard !words.isEmpty else { return (index, 0) }
            let weight = words.reduce(0.0) { $0 + log(1 + Double(frequency[$1]! - 1)) }
            return (index, weight / sqrt(Double(words.count)))
        }
        let count = min(maximum, max(minimum, usable.count / 12))
        let chosen = scored.sorted { ($0.score, -$0.index) > ($1.score, -$1.index) }.prefix(count).map(\.index).sorted()
        return chosen.map { Claim(text: usable[$0].text, paragraph: usable[$0].paragraph) }
    }

    private func isContent(_ word: String) -> Bool {
        // The byte count rules out most short words before the characters are counted.
        word.utf8.count > 2 && word.startsWithLetter && word.count > 2 && !gazetteer.functionWords.contains(word)
    }
}
