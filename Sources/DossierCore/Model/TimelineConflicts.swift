/// Finds events that different sources plainly describe alike but date
/// differently. Candidates come from an inverted index of each event's rarer
/// words, never from comparing every event with every other.
struct TimelineConflicts {
    let gazetteer: Gazetteer
    /// Words shared by more events than this say nothing about which event it is.
    var commonWordLimit = 200
    var minimumSimilarity = 0.5

    /// For each timeline entry, the indexes of the entries it conflicts with.
    func conflicts(in timeline: [Dossier.TimelineEntry]) -> [[Int]] {
        let words = timeline.map { keyWords($0.event.text) }
        var postings: [String: [Int]] = [:]
        for (index, set) in words.enumerated() {
            for word in set { postings[word, default: []].append(index) }
        }
        var result = Array(repeating: [Int](), count: timeline.count)
        for index in timeline.indices {
            var shared: [Int: Int] = [:]
            for word in words[index] {
                guard let list = postings[word], list.count <= commonWordLimit else { continue }
                for other in list where other > index && timeline[other].source != timeline[index].source { shared[other, default: 0] += 1 }
            }
            for (other, count) in shared where count >= 3 {
                let union = words[index].union(words[other]).count
                guard union > 0, Double(count) / Double(union) >= minimumSimilarity else { continue }
                if !compatible(timeline[index].event.date, timeline[other].event.date) {
                    result[index].append(other)
                    result[other].append(index)
                }
            }
        }
        return result.map { $0.sorted() }
    }

    /// "2022" and "2022-03-02" can both be right; "2022-03-01" and "2022-03-02" cannot.
    func compatible(_ a: String, _ b: String) -> Bool {
        a.hasPrefix(b) || b.hasPrefix(a)
    }

    /// Content words, without dates: what the event is, not when.
    func keyWords(_ sentence: String) -> Set<String> {
        Set(Tokenizer.tokens(sentence).map { $0.text.lowercased() }.filter { word in
            word.count > 2 && word.first?.isLetter == true && !gazetteer.functionWords.contains(word)
                && DateExtractor.month(word) == nil && !DateExtractor.weekdays.contains(word)
        })
    }
}
