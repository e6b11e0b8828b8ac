/// Finds events that different sources plainly describe alike but date
/// differently. Candidates come from an inverted index of each event's rarer
/// words, never from comparing every event with every other.
struct TimelineConflicts: Sendable {
    /// Words shared by more events than this say nothing about which event it is.
    var commonWordLimit = 200
    var minimumSimilarity = 0.5
    /// Words that say nothing of what an event is: the function words, and the names of the
    /// months and days (the dates are compared apart), by key (`TermKeys`). One set, for one
    /// look-up per word of every event.
    let ignored: Set<UInt64>

    init(gazetteer: Gazetteer) {
        ignored = Set(gazetteer.functionWords.union(DateExtractor.monthNumbers.keys).union(DateExtractor.weekdays).map(TermKeys.of))
    }

    /// For each timeline entry, the indexes of the entries it conflicts with.
    func conflicts(in timeline: [Dossier.TimelineEntry]) -> [[Int]] {
        // Words are numbered once, in timeline order: the index and the overlaps are then arrays
        // indexed by number, not dictionaries keyed by word (every event of the corpus is compared).
        let found = timeline.parallelMap { keyWords($0.event.text) }
        var numbering = TermNumbering(capacity: 1 << 16)
        let words: [[Int32]] = found.map { set in set.map { Int32(numbering.number(for: $0)) }.sorted() }
        var postingLists = [[Int32]](repeating: [], count: numbering.count)
        for (index, list) in words.enumerated() {
            for word in list { postingLists[Int(word)].append(Int32(index)) }
        }
        let postings = postingLists
        // Each chunk of entries against the later ones, on all cores; both sides of a conflict are noted after.
        let chunks = stride(from: 0, to: timeline.count, by: 1024).map { $0..<min($0 + 1024, timeline.count) }
        let counters = ZeroedCounters(count: timeline.count)
        let later = chunks.parallelMap { range -> [[Int]] in counters.withCounters { shared in
            var touched: [Int] = []
            return range.map { index -> [Int] in
                for word in words[index] {
                    let list = postings[Int(word)]
                    guard list.count <= commonWordLimit else { continue }
                    for other in list where Int(other) > index && timeline[Int(other)].source != timeline[index].source {
                        if shared[Int(other)] == 0 { touched.append(Int(other)) }
                        shared[Int(other)] += 1
                    }
                }
                var conflicting: [Int] = []
                for other in touched {
                    let count = Int(shared[other])
                    shared[other] = 0
                    guard count >= 3 else { continue }
                    // Over all their words, the commonest too (which proposed nothing).
                    let union = words[index].count + words[other].count - Self.sharedCount(words[index], words[other])
                    guard union > 0, Double(count) / Double(union) >= minimumSimilarity,
                          !compatible(timeline[index].event.date, timeline[other].event.date) else { continue }
                    conflicting.append(other)
                }
                touched.removeAll(keepingCapacity: true)
                return conflicting
            }
        } }.flatMap { $0 }
        var result = Array(repeating: [Int](), count: timeline.count)
        for (index, others) in later.enumerated() {
            for other in others {
                result[index].append(other)
                result[other].append(index)
            }
        }
        return result.map { $0.sorted() }
    }

    /// How many numbers two ascending lists share.
    static func sharedCount(_ a: [Int32], _ b: [Int32]) -> Int {
        var i = 0, j = 0, count = 0
        while i < a.count && j < b.count {
            if a[i] == b[j] {
                count += 1
                i += 1
                j += 1
            } else if a[i] < b[j] {
                i += 1
            } else {
                j += 1
            }
        }
        return count
    }

    /// "2022" and "2022-03-02" can both be right; "2022-03-01" and "2022-03-02" cannot.
    func compatible(_ a: String, _ b: String) -> Bool {
        a.hasPrefix(b) || b.hasPrefix(a)
    }

    /// Content words, without dates: what the event is, not when, by key (`TermKeys`, of the
    /// word lowercased). Each word once, in the order of the sentence. The tokenizer's words
    /// without its tokens, and an ASCII word (most are) measured and lowercased on its bytes, no
    /// string made: every event of the corpus comes through here. A sentence has a few dozen
    /// words: a repeat is found among the words kept so far, not in a set.
    func keyWords(_ sentence: String) -> [UInt64] {
        var words: [UInt64] = []
        func keep(_ key: UInt64) {
            if !ignored.contains(key) && !words.contains(key) { words.append(key) }
        }
        Tokenizer.forEachWord(in: sentence, ascii: { word in
            guard word.count > 2, (word[0] | 0x20) &- UInt8(ascii: "a") < 26 else { return }
            keep(TermKeys.ofLowercased(ascii: word))
        }, other: { piece in
            let word = String(piece).lowercased()
            guard word.count > 2, word.first?.isLetter == true else { return }
            keep(TermKeys.of(word))
        })
        return words
    }
}
