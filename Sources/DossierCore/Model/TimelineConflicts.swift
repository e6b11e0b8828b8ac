/// Finds events that different sources plainly describe alike but date
/// differently. Candidates come from an inverted index of each event's rarer
/// words, never from comparing every event with every other.
struct TimelineConflicts: Sendable {
    let gazetteer: Gazetteer
    /// Words shared by more events than this say nothing about which event it is.
    var commonWordLimit = 200
    var minimumSimilarity = 0.5

    /// For each timeline entry, the indexes of the entries it conflicts with.
    func conflicts(in timeline: [Dossier.TimelineEntry]) -> [[Int]] {
        let words = timeline.parallelMap { keyWords($0.event.text) }
        var postingLists: [String: [Int]] = [:]
        for (index, set) in words.enumerated() {
            for word in set { postingLists[word, default: []].append(index) }
        }
        let postings = postingLists
        // Each entry against the later ones, on all cores; both sides of a conflict are noted after.
        let later = Array(timeline.indices).parallelMap { index -> [Int] in
            var shared: [Int: Int] = [:]
            for word in words[index] {
                guard let list = postings[word], list.count <= commonWordLimit else { continue }
                for other in list where other > index && timeline[other].source != timeline[index].source { shared[other, default: 0] += 1 }
            }
            return shared.compactMap { other, count in
                guard count >= 3 else { return nil }
                let union = words[index].union(words[other]).count
                guard union > 0, Double(count) / Double(union) >= minimumSimilarity else { return nil }
                return compatible(timeline[index].event.date, timeline[other].event.date) ? nil : other
            }
        }
        var result = Array(repeating: [Int](), count: timeline.count)
        for (index, others) in later.enumerated() {
            for other in others {
                result[index].append(other)
                result[other].append(index)
            }
        }
        return result.map { $0.sorted() }
    }

    /// "2022" and "2022-03-02" can both be right; "2022-03-01" and "2022-03-02" cannot.
    func compatible(_ a: String, _ b: String) -> Bool {
        a.hasPrefix(b) || b.hasPrefix(a)
    }

    /// Content words, without dates: what the event is, not when.
    /// The tokenizer's words without its tokens: every event of the corpus comes through here.
    func keyWords(_ sentence: String) -> Set<String> {
        var words: Set<String> = []
        Tokenizer.forEachWord(in: sentence) { scalars in
            let word = String(Substring(scalars)).lowercased()
            if word.count > 2 && word.first?.isLetter == true && !gazetteer.functionWords.contains(word)
                && DateExtractor.month(word) == nil && !DateExtractor.weekdays.contains(word) {
                words.insert(word)
            }
        }
        return words
    }
}
