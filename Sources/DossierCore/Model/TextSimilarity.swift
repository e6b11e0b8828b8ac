import Foundation

/// TF-IDF cosine similarity between short texts (sentences, quotes), with the
/// candidate pairs found through an inverted index of the rarer terms: a text
/// is only ever compared with texts that share at least two of them, never
/// with every other text. The commonest terms are left out of the index (their
/// postings would hold most pairs of the corpus), so the work stays near-linear.
struct TextSimilarity: Sendable {
    /// The texts to compare, side by side in flat arrays rather than an array each (the claim
    /// alignment compares every body sentence of the corpus: some seven hundred thousand at
    /// 10,000 sources). Text i has the terms `terms[starts[i]..<starts[i + 1]]` (`TermKeys`) and
    /// belongs to the group `groups[i]` (its source): texts of the same group are never paired.
    struct Texts: Sendable {
        var groups: [Int] = []
        var starts: [Int] = [0]
        var terms: [UInt64] = []

        var count: Int { groups.count }

        subscript(text: Int) -> ArraySlice<UInt64> { terms[starts[text]..<starts[text + 1]] }

        /// A text whose terms were appended to `terms` already.
        mutating func close(group: Int) {
            groups.append(group)
            starts.append(terms.count)
        }

        mutating func append<Terms: Sequence>(group: Int, terms: Terms) where Terms.Element == UInt64 {
            self.terms.append(contentsOf: terms)
            close(group: group)
        }

        /// `parts` one after the other.
        init(joining parts: [Texts]) {
            groups.reserveCapacity(parts.reduce(0) { $0 + $1.count })
            terms.reserveCapacity(parts.reduce(0) { $0 + $1.terms.count })
            for part in parts {
                let base = terms.count
                groups += part.groups
                starts += part.starts.dropFirst().map { $0 + base }
                terms += part.terms
            }
        }

        init() {}
    }

    struct Link: Sendable, Equatable {
        /// Indexes into the texts, `a < b`.
        var a: Int
        var b: Int
        var similarity: Double
    }

    struct Result: Sendable {
        /// Pairs at or above the threshold, by `a` then `b`.
        var links: [Link]
        /// Pairs of texts from different groups that the index proposed (sharing enough rare terms).
        var candidatePairs: Int
        var vectors: Vectors
    }

    /// Each text's unit TF-IDF vector, flat as the texts are: text i's entries, by term number,
    /// are `terms[starts[i]..<starts[i + 1]]` with their `weights`.
    struct Vectors: Sendable {
        var starts: [Int]
        var terms: [Int32]
        var weights: [Double]

        /// Text i's vector as (term number, weight) pairs.
        subscript(text: Int) -> [(term: Int, weight: Double)] {
            (starts[text]..<starts[text + 1]).map { (Int(terms[$0]), weights[$0]) }
        }

        /// Dot product of two texts' unit vectors, summed in term order.
        func cosine(_ a: Int, _ b: Int) -> Double {
            var (i, j) = (starts[a], starts[b])
            let (endA, endB) = (starts[a + 1], starts[b + 1])
            var sum = 0.0
            while i < endA && j < endB {
                if terms[i] == terms[j] {
                    sum += weights[i] * weights[j]
                    i += 1
                    j += 1
                } else if terms[i] < terms[j] {
                    i += 1
                } else {
                    j += 1
                }
            }
            return min(sum, 1)
        }
    }

    /// Cosine similarity at or above which two texts make the same or a closely related claim.
    var threshold = 0.5
    /// A term in at most this many texts always proposes candidates.
    var commonTermLimit = 100
    /// Commoner terms are indexed too, rarest first, while the pairs they propose stay within
    /// this budget per text (Σ df² ≤ budget × texts): in a large corpus on one subject the main
    /// names are in thousands of sentences, and a fixed cap would leave too few words to find
    /// the same claim by. Terms beyond both still weigh in the cosine but propose no candidates.
    /// The cap and the budget are what keep the search near-linear.
    var pairBudgetPerText = 64
    /// Candidates share at least this many indexed terms: one shared word is not yet a claim.
    var minimumSharedTerms = 2

    func links(_ texts: Texts) -> Result {
        guard texts.count > 1 else {
            return Result(links: [], candidatePairs: 0, vectors: Vectors(starts: Array(repeating: 0, count: texts.count + 1), terms: [], weights: []))
        }
        let counted = Self.count(texts)
        // Smoothed IDF (as scikit-learn's): common words keep a little weight, rare ones much more.
        let total = Double(texts.count)
        let idf = counted.frequency.map { log((1 + total) / (1 + Double($0))) + 1 }
        let vectors = Self.vectors(counted, idf: idf)
        let postings = index(counted)

        // Each chunk of texts looks up its candidates on its own; chunks come back in order.
        let groups = texts.groups
        let chunkSize = 2048
        let chunks = stride(from: 0, to: texts.count, by: chunkSize).map { $0..<min($0 + chunkSize, texts.count) }
        let counters = ZeroedCounters(count: texts.count)
        let found = chunks.parallelMap { range -> (links: [Link], candidates: Int) in counters.withCounters { shared in
            var touched: [Int] = []
            var links: [Link] = []
            var candidates = 0
            for index in range {
                for position in counted.starts[index]..<counted.starts[index + 1] {
                    for other in postings[Int(counted.terms[position])] where Int(other) > index && groups[Int(other)] != groups[index] {
                        if shared[Int(other)] == 0 { touched.append(Int(other)) }
                        shared[Int(other)] += 1
                    }
                }
                touched.sort()
                for other in touched {
                    if shared[other] >= minimumSharedTerms {
                        candidates += 1
                        let similarity = vectors.cosine(index, other)
                        if similarity >= threshold { links.append(Link(a: index, b: other, similarity: similarity)) }
                    }
                    shared[other] = 0
                }
                touched.removeAll(keepingCapacity: true)
            }
            return (links, candidates)
        } }
        return Result(links: found.flatMap(\.links), candidatePairs: found.reduce(0) { $0 + $1.candidates }, vectors: vectors)
    }

    /// Each text's distinct terms as numbers (given in first-seen order, so nothing depends on
    /// hashing), ascending, with how often the text has each; flat as the texts are. And each
    /// term's document frequency.
    struct Counted {
        var starts: [Int]
        var terms: [Int32]
        var counts: [Int32]
        var frequency: [Int]
    }

    /// Chunks of texts number their terms on all cores, each in its own first-seen order; the
    /// chunks' new terms, taken in chunk order, then get the numbers a single pass would give.
    static func count(_ texts: Texts) -> Counted {
        let chunkSize = 4096
        let chunks = stride(from: 0, to: texts.count, by: chunkSize).map { $0..<min($0 + chunkSize, texts.count) }
        let local = chunks.parallelMap { range -> (keys: [UInt64], numbers: [Int32]) in
            var numbering = TermNumbering(capacity: 4096)
            let terms = texts.terms[texts.starts[range.lowerBound]..<texts.starts[range.upperBound]]
            let numbers = terms.map { Int32(numbering.number(for: $0)) }
            return (numbering.keys, numbers)
        }
        // Sized for the largest chunk's terms (the chunks share most of theirs), growing as needed.
        var numbering = TermNumbering(capacity: local.map(\.keys.count).max() ?? 0)
        let global: [[Int32]] = local.map { chunk in chunk.keys.map { Int32(numbering.number(for: $0)) } }
        let parts = Array(chunks.indices).parallelMap { chunk -> (lengths: [Int], terms: [Int32], counts: [Int32]) in
            let (range, base) = (chunks[chunk], texts.starts[chunks[chunk].lowerBound])
            var (lengths, terms, counts) = ([Int](), [Int32](), [Int32]())
            lengths.reserveCapacity(range.count)
            var sorted: [Int32] = []
            for text in range {
                // A sentence has a handful of terms: sorting them and counting runs beats a dictionary.
                sorted.removeAll(keepingCapacity: true)
                for position in texts.starts[text]..<texts.starts[text + 1] { sorted.append(global[chunk][Int(local[chunk].numbers[position - base])]) }
                sorted.sort()
                let first = terms.count
                for id in sorted {
                    if terms.count > first && terms[terms.count - 1] == id { counts[counts.count - 1] += 1 } else { terms.append(id); counts.append(1) }
                }
                lengths.append(terms.count - first)
            }
            return (lengths, terms, counts)
        }
        var counted = Counted(starts: [0], terms: [], counts: [], frequency: [Int](repeating: 0, count: numbering.count))
        counted.starts.reserveCapacity(texts.count + 1)
        counted.terms.reserveCapacity(parts.reduce(0) { $0 + $1.terms.count })
        counted.counts.reserveCapacity(counted.terms.capacity)
        for part in parts {
            for length in part.lengths { counted.starts.append(counted.starts[counted.starts.count - 1] + length) }
            counted.terms += part.terms
            counted.counts += part.counts
        }
        for id in counted.terms { counted.frequency[Int(id)] += 1 }
        return counted
    }

    /// Each text's unit vector: a term weighs (1 + log count) × its IDF, the weights then divided
    /// by their norm, summed in term order. A text with no terms has no entries.
    static func vectors(_ counted: Counted, idf: [Double]) -> Vectors {
        var weights = [Double](repeating: 0, count: counted.terms.count)
        for text in 0..<(counted.starts.count - 1) {
            let range = counted.starts[text]..<counted.starts[text + 1]
            var squares = 0.0
            for position in range {
                let weight = (1 + log(Double(counted.counts[position]))) * idf[Int(counted.terms[position])]
                weights[position] = weight
                squares += weight * weight
            }
            let norm = sqrt(squares)
            for position in range { weights[position] /= norm }
        }
        return Vectors(starts: counted.starts, terms: counted.terms, weights: weights)
    }

    /// The inverted index: for each term no commoner than the limit, the texts holding it, ascending.
    func index(_ counted: Counted) -> [[Int32]] {
        let limit = self.limit(frequency: counted.frequency, documents: counted.starts.count - 1)
        var postings = [[Int32]](repeating: [], count: counted.frequency.count)
        for text in 0..<(counted.starts.count - 1) {
            for position in counted.starts[text]..<counted.starts[text + 1] where counted.frequency[Int(counted.terms[position])] <= limit {
                postings[Int(counted.terms[position])].append(Int32(text))
            }
        }
        return postings
    }

    /// The document frequency up to which terms are indexed: `commonTermLimit`, or higher while
    /// the work of the terms indexed (the pairs their postings hold, Σ df²) is within the budget.
    func limit(frequency: [Int], documents: Int) -> Int {
        var termsWith: [Int: Int] = [:]
        for value in frequency { termsWith[value, default: 0] += 1 }
        let budget = Double(pairBudgetPerText) * Double(documents)
        var work = 0.0
        var limit = commonTermLimit
        for value in termsWith.keys.sorted() {
            work += Double(termsWith[value]!) * Double(value) * Double(value)
            if work > budget { break }
            limit = max(limit, value)
        }
        return limit
    }
}
