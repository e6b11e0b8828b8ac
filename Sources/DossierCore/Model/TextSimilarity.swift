import Foundation

/// TF-IDF cosine similarity between short texts (sentences, quotes), with the
/// candidate pairs found through an inverted index of the rarer terms: a text
/// is only ever compared with texts that share at least two of them, never
/// with every other text. The commonest terms are left out of the index (their
/// postings would hold most pairs of the corpus), so the work stays near-linear.
struct TextSimilarity: Sendable {
    /// One text to compare: its normalised terms (`TermKeys`) and the group it belongs to
    /// (the source); texts of the same group are never paired.
    struct Document: Sendable {
        var group: Int
        var terms: [UInt64]
    }

    struct Link: Sendable, Equatable {
        /// Indexes into the documents, `a < b`.
        var a: Int
        var b: Int
        var similarity: Double
    }

    struct Result: Sendable {
        /// Pairs at or above the threshold, by `a` then `b`.
        var links: [Link]
        /// Pairs of texts from different groups that the index proposed (sharing enough rare terms).
        var candidatePairs: Int
        /// Each document's unit TF-IDF vector, sorted by term id.
        var vectors: [Vector] = []
    }

    typealias Vector = [(term: Int, weight: Double)]

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

    func links(_ documents: [Document]) -> Result {
        guard documents.count > 1 else { return Result(links: [], candidatePairs: 0, vectors: documents.map { _ in [] }) }
        let (counted, frequency) = Self.count(documents)

        // Smoothed IDF (as scikit-learn's): common words keep a little weight, rare ones much more.
        let total = Double(documents.count)
        let idf = frequency.map { log((1 + total) / (1 + Double($0))) + 1 }
        let vectors: [Vector] = counted.map { terms in
            let raw = terms.map { (term: $0.term, weight: (1 + log(Double($0.count))) * idf[$0.term]) }
            let norm = sqrt(raw.reduce(0) { $0 + $1.weight * $1.weight })
            return norm > 0 ? raw.map { (term: $0.term, weight: $0.weight / norm) } : []
        }

        let postings = index(counted, frequency: frequency)

        // Each chunk of documents looks up its candidates on its own; chunks come back in order.
        let groups = documents.map(\.group)
        let chunkSize = 2048
        let chunks = stride(from: 0, to: documents.count, by: chunkSize).map { $0..<min($0 + chunkSize, documents.count) }
        let found = chunks.parallelMap { range -> (links: [Link], candidates: Int) in
            var shared = [Int32](repeating: 0, count: documents.count)
            var touched: [Int] = []
            var links: [Link] = []
            var candidates = 0
            for index in range {
                for entry in counted[index] {
                    for other in postings[entry.term] where Int(other) > index && groups[Int(other)] != groups[index] {
                        if shared[Int(other)] == 0 { touched.append(Int(other)) }
                        shared[Int(other)] += 1
                    }
                }
                touched.sort()
                for other in touched {
                    if shared[other] >= minimumSharedTerms {
                        candidates += 1
                        let similarity = Self.cosine(vectors[index], vectors[other])
                        if similarity >= threshold { links.append(Link(a: index, b: other, similarity: similarity)) }
                    }
                    shared[other] = 0
                }
                touched.removeAll(keepingCapacity: true)
            }
            return (links, candidates)
        }
        return Result(links: found.flatMap(\.links), candidatePairs: found.reduce(0) { $0 + $1.candidates }, vectors: vectors)
    }

    /// Each document's term ids (in first-seen order, so nothing depends on hashing) with their
    /// counts, sorted by id; and each term's document frequency.
    ///
    /// Chunks of documents number their terms on all cores, each in its own first-seen order;
    /// the chunks' new terms, taken in chunk order, then get the ids a single pass would give.
    static func count(_ documents: [Document]) -> (counted: [[(term: Int, count: Int)]], frequency: [Int]) {
        let chunkSize = 4096
        let chunks = stride(from: 0, to: documents.count, by: chunkSize).map { $0..<min($0 + chunkSize, documents.count) }
        let local = chunks.parallelMap { range -> (terms: [UInt64], documents: [[Int32]]) in
            var numbering = TermNumbering(capacity: 4096)
            let numbered = documents[range].map { document in document.terms.map { Int32(numbering.number(for: $0)) } }
            return (numbering.keys, numbered)
        }
        var numbering = TermNumbering(capacity: local.reduce(0) { $0 + $1.terms.count })
        let globalIDs: [[Int32]] = local.map { chunk in chunk.terms.map { Int32(numbering.number(for: $0)) } }
        let counted = Array(local.indices).parallelMap { chunk -> [[(term: Int, count: Int)]] in
            local[chunk].documents.map { numbers in
                // A sentence has a handful of terms: sorting them and counting runs beats a dictionary.
                let sorted = numbers.map { globalIDs[chunk][Int($0)] }.sorted()
                var counts: [(term: Int, count: Int)] = []
                for id in sorted {
                    if counts.last?.term == Int(id) { counts[counts.count - 1].count += 1 } else { counts.append((Int(id), 1)) }
                }
                return counts
            }
        }.flatMap { $0 }
        var frequency = [Int](repeating: 0, count: numbering.count)
        for terms in counted { for entry in terms { frequency[entry.term] += 1 } }
        return (counted, frequency)
    }

    /// The inverted index: for each term no commoner than the limit, the documents holding it, ascending.
    func index(_ counted: [[(term: Int, count: Int)]], frequency: [Int]) -> [[Int32]] {
        let limit = self.limit(frequency: frequency, documents: counted.count)
        var postings = [[Int32]](repeating: [], count: frequency.count)
        for (document, terms) in counted.enumerated() {
            for entry in terms where frequency[entry.term] <= limit { postings[entry.term].append(Int32(document)) }
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

    /// Dot product of two unit vectors sorted by term.
    static func cosine(_ a: Vector, _ b: Vector) -> Double {
        var i = 0, j = 0
        var sum = 0.0
        while i < a.count && j < b.count {
            if a[i].term == b[j].term {
                sum += a[i].weight * b[j].weight
                i += 1
                j += 1
            } else if a[i].term < b[j].term {
                i += 1
            } else {
                j += 1
            }
        }
        return min(sum, 1)
    }
}
