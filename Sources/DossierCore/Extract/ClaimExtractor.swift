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
        // Word weights: how often each content word occurs in the whole text. Words are numbered
        // as first met, each token's text looked up once (a text repeats its words); a sentence's
        // bag is its distinct numbers.
        var numberOfToken: [String: Int] = [:]
        var numberOfWord: [String: Int] = [:]
        // Sized for an article's vocabulary up front: growing the tables rehashed every word each time.
        numberOfToken.reserveCapacity(1024)
        numberOfWord.reserveCapacity(1024)
        var words: [String] = []
        var bagStarts = [0]
        var bagWords: [Int] = []
        for sentence in usable {
            let start = bagWords.count
            for token in sentence.tokens {
                let number: Int
                if let known = numberOfToken[token.text] { number = known } else {
                    let word = token.text.lowercased()
                    if isContent(word) {
                        number = numberOfWord[word] ?? words.count
                        if number == words.count { numberOfWord[word] = number; words.append(word) }
                    } else {
                        number = -1
                    }
                    numberOfToken[token.text] = number
                }
                if number >= 0 { bagWords.append(number) }
            }
            bagWords[start...].sort()
            var end = start
            for index in start..<bagWords.count where index == start || bagWords[index] != bagWords[index - 1] {
                bagWords[end] = bagWords[index]
                end += 1
            }
            bagWords.removeSubrange(end...)
            bagStarts.append(end)
        }
        var frequency = [Int](repeating: 0, count: words.count)
        for number in bagWords { frequency[number] += 1 }
        // Each bag's weights are added in the words' alphabetical order: a fixed order, so that the
        // float sum does not vary between runs.
        var rank = [Int](repeating: 0, count: words.count)
        for (position, number) in words.indices.sorted(by: { words[$0] < words[$1] }).enumerated() { rank[number] = position }
        let scored = usable.indices.map { index -> (index: Int, score: Double) in
            let bag = bagWords[bagStarts[index]..<bagStarts[index + 1]]
            guard !bag.isEmpty else { return (index, 0) }
            let weight = bag.sorted { rank[$0] < rank[$1] }.reduce(0.0) { $0 + log(1 + Double(frequency[$1] - 1)) }
            return (index, weight / sqrt(Double(bag.count)))
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
