import Foundation

/// The site's static search index, written by the build beside the pages under `search/` and
/// read by `assets/search.js` in the browser. Every page worth finding becomes a
/// `SearchDocument` (per page, in parallel, cacheable); `files(for:)` turns the documents into:
///
/// - `search/meta.json`: `{"version":1,"documents":N,"chunk":100,"levels":15,"minLength":2,
///   "maxLength":30,"shards":["ab","ac",…]}`: what the client needs to know first, including
///   every shard that exists (so that it never asks for one that does not).
/// - `search/docs/K.json`: documents `K*chunk ..< (K+1)*chunk`, numbered in path order, each
///   `[path, title, kind, excerpt]`. The client fetches only the chunks of the results it shows.
/// - `search/terms/SHARD.json`: the postings of every term whose first two characters are
///   SHARD (`SearchTerms.shard(of:)`), `{"term":[n,n,…],…}` sorted by term. Each posting is one
///   number, `n = gap * 32 + title * 16 + level`: `gap` the document number minus the previous
///   posting's (the first one's, minus 0); `title` 1 when the term is in the document's title;
///   `level` 0…15 the term's BM25 weight in the document's text (k1 1.2, b 0.75, normalised
///   by the document's length in terms), scaled to 15. The client scores a document
///   `idf * (level / 15 + title)` per query term (BM25F-like: a title word counts as much as
///   a word the text is full of, on short and long pages alike) and sums over the terms.
///
/// Same documents, byte-identical files: documents are numbered by path, terms sorted, JSON
/// written by hand.
public struct SearchIndex: Sendable {
    public init() {}

    static let version = 1
    /// Documents per `docs/K.json`: small enough that showing 20 results costs little.
    static let chunkSize = 100
    /// BM25 weights are kept to this many steps (4 bits of a posting).
    static let levels = 15
    static let k1 = 1.2
    static let b = 0.75

    /// nil for pages not worth indexing: the pairwise comparison pages (there are thousands,
    /// and each repeats two source pages) and the not-found page.
    public func document(for page: MarkdownPage) -> SearchDocument? {
        guard Self.indexes(page.path, kind: page.kind) else { return nil }
        let table = TermTable()
        TermScanner().scan(page.markdown, markdown: true) { term in
            let id = table.id(of: term)  // first: adding a term may move `values`
            table.values[id] += 1
        }
        return SearchDocument(path: page.path, title: page.title, kind: page.kind.rawValue,
                              excerpt: SearchExcerpt.excerpt(of: page.markdown), terms: SearchDocument.pack(table))
    }

    /// The index files, paths relative to the site root under `search/`.
    /// Whether the page at `path` has a document: not the not-found page, nor the comparison
    /// of each pair (tens of thousands in a large dossier, each repeating its two sources).
    static func indexes(_ path: String, kind: MarkdownPage.Kind) -> Bool {
        switch kind {
        case .notfound: return false
        case .compare: return path == SitePaths.comparisons
        default: return true
        }
    }

    public func files(for documents: [SearchDocument]) -> [SiteFile] {
        let documents = documents.sorted { $0.path < $1.path }
        var files: [SiteFile] = []
        // Documents, in chunks.
        for start in stride(from: 0, to: documents.count, by: Self.chunkSize) {
            var json = JSONBytes()
            json.raw("[")
            for (offset, document) in documents[start..<min(start + Self.chunkSize, documents.count)].enumerated() {
                if offset > 0 { json.raw(",\n") }
                json.raw("[")
                json.string(document.path)
                json.raw(",")
                json.string(document.title)
                json.raw(",")
                json.string(document.kind)
                json.raw(",")
                json.string(document.excerpt)
                json.raw("]")
            }
            json.raw("]\n")
            files.append(SiteFile(path: "search/docs/\(start / Self.chunkSize).json", contents: Data(json.bytes)))
        }
        // Postings, by shard then term, in document order.
        let inverted = InvertedIndex(documents)
        let shards = inverted.shards()
        files += shards.parallelMap { shard in
            SiteFile(path: "search/terms/\(shard.name).json", contents: Data(inverted.json(shard.terms)))
        }
        let shardNames = shards.map(\.name)
        var meta = JSONBytes()
        meta.raw("{\"version\":\(Self.version),\"documents\":\(documents.count),\"chunk\":\(Self.chunkSize),\"levels\":\(Self.levels),")
        meta.raw("\"minLength\":\(SearchTerms.minLength),\"maxLength\":\(SearchTerms.maxLength),\"shards\":[")
        for (index, name) in shardNames.enumerated() {
            if index > 0 { meta.raw(",") }
            meta.string(name)
        }
        meta.raw("]}\n")
        files.append(SiteFile(path: "search/meta.json", contents: Data(meta.bytes)))
        return files.sorted { $0.path < $1.path }
    }
}

/// The documents turned around: for each term, the documents it is in, with its weight there.
/// Built in parallel over ranges of documents, each with its own `TermTable`, then merged;
/// terms are compared and hashed as bytes throughout.
struct InvertedIndex: Sendable {
    let terms = TermTable(capacity: 1 << 14)
    /// Term id -> its postings, `document << 5 | title << 4 | level`, in document order:
    /// `postings[offsets[id] ..< offsets[id + 1]]`.
    private(set) var postings: [Int32] = []
    private(set) var offsets: [Int] = []

    /// Documents per part: parts enough for the work to spread over the cores.
    static let partSize = 256

    init(_ documents: [SearchDocument]) {
        let ranges = stride(from: 0, to: documents.count, by: Self.partSize).map { $0..<min($0 + Self.partSize, documents.count) }
        // BM25 needs the average length before any weight.
        let lengths = ranges.parallelMap { range in range.map { documents[$0].length } }
        let average = max(1, Double(lengths.joined().reduce(0, +)) / Double(max(documents.count, 1)))
        let parts = zip(ranges, lengths).map { ($0, $1) }.parallelMap { range, lengths in Part(documents, range, lengths: lengths, average: average) }
        // Local ids to global ones; where each part's postings of each term go.
        var counts: [Int] = []
        var maps: [[Int32]] = []
        for part in parts {
            var map = [Int32](repeating: 0, count: part.terms.count)
            for local in 0..<part.terms.count {
                let id = terms.id(of: part.terms.term(local))
                map[local] = Int32(id)
                if id == counts.count { counts.append(0) }
            }
            maps.append(map)
        }
        var starts: [[Int]] = []  // per part, per local term: its first posting's place, as an offset in the term's list
        for (part, map) in zip(parts, maps) {
            var start = [Int](repeating: 0, count: part.terms.count)
            for local in 0..<part.terms.count {
                let id = Int(map[local])
                start[local] = counts[id]
                counts[id] += Int(part.terms.values[local])
            }
            starts.append(start)
        }
        var offsets = [Int](repeating: 0, count: counts.count + 1)
        for id in counts.indices { offsets[id + 1] = offsets[id] + counts[id] }
        self.offsets = offsets
        // Every part writes its own places: in parallel, and in document order within a term.
        var postings = [Int32](repeating: 0, count: offsets.last ?? 0)
        let (partMaps, partStarts, places) = (maps, starts, offsets)  // constants, for the parallel tasks
        postings.withUnsafeMutableBufferPointer { buffer in
            let out = SendableBuffer(buffer)
            Array(parts.indices).parallelMap { index in
                let part = parts[index], map = partMaps[index]
                var next = partStarts[index]
                for k in part.termIDs.indices {
                    let local = Int(part.termIDs[k])
                    out.buffer[places[Int(map[local])] + next[local]] = part.values[k]
                    next[local] += 1
                }
                return 0
            }
        }
        self.postings = postings
    }

    /// One range of documents, read on its own.
    struct Part: Sendable {
        /// Its terms; each one's value is its number of postings here.
        let terms: TermTable
        /// Per posting, in document order: the local term id and `document << 5 | title << 4 | level`.
        let termIDs: [Int32]
        let values: [Int32]

        init(_ all: [SearchDocument], _ range: Range<Int>, lengths: [Int], average: Double) {
            let k1 = SearchIndex.k1, b = SearchIndex.b, levels = Double(SearchIndex.levels)
            let terms = TermTable()
            var termIDs: [Int32] = []
            var values: [Int32] = []
            var title: [Int] = []
            var seen: [Bool] = []
            for (number, length) in zip(range, lengths) {
                let document = all[number]
                title.removeAll(keepingCapacity: true)
                TermScanner().scan(document.title, markdown: false) { term in
                    let id = terms.id(of: term)
                    if !title.contains(id) { title.append(id) }
                }
                seen.removeAll(keepingCapacity: true)
                seen.append(contentsOf: repeatElement(false, count: title.count))
                // BM25's term-frequency part over its maximum (k1 + 1): tf / (tf + norm).
                let norm = k1 * (1 - b + b * Double(length) / average)
                let base = Int32(number) << 5
                document.forEachTerm { term, count in
                    let id = terms.id(of: term)
                    var value = base
                    if let index = title.firstIndex(of: id) {
                        value |= 16
                        seen[index] = true
                    }
                    let tf = Double(count)
                    value |= Int32(max(1, min(levels, (levels * tf / (tf + norm)).rounded())))
                    termIDs.append(Int32(id))
                    values.append(value)
                    terms.values[id] += 1
                }
                for (index, id) in title.enumerated() where !seen[index] {  // a title word the text lacks
                    termIDs.append(Int32(id))
                    values.append(base | 16)
                    terms.values[id] += 1
                }
            }
            self.terms = terms
            self.termIDs = termIDs
            self.values = values
        }
    }

    /// The shards (`SearchTerms.shard(of:)`) in name order, each with its term ids in byte order.
    func shards() -> [(name: String, terms: [Int])] {
        var groups: [String: [Int]] = [:]
        var ascii = [[Int]](repeating: [], count: 128 * 128)  // the common case, without hashing
        for id in 0..<terms.count {
            let term = terms.term(id)
            let a = term[0], b = term[1]
            if SearchTerms.isShardCharacter(a) && SearchTerms.isShardCharacter(b) {
                ascii[Int(a) << 7 | Int(b)].append(id)
            } else {
                groups[SearchTerms.shard(of: terms.string(id)), default: []].append(id)
            }
        }
        for (index, ids) in ascii.enumerated() where !ids.isEmpty {
            groups[String(decoding: [UInt8(index >> 7), UInt8(index & 127)], as: UTF8.self)] = ids
        }
        return groups.keys.sorted().map { name in (name, groups[name]!.sorted { terms.precedes($0, $1) }) }
    }

    /// A shard's file: `{"term":[n,…],…}`, each n the gap from the previous document * 32 plus
    /// the posting's low 5 bits.
    func json(_ ids: [Int]) -> [UInt8] {
        var json = JSONBytes()
        json.bytes.reserveCapacity(ids.reduce(0) { $0 + 12 + 4 * (offsets[$1 + 1] - offsets[$1]) })
        json.raw("{")
        for (index, id) in ids.enumerated() {
            if index > 0 { json.raw(",\n") }
            // Terms are letters, digits and marks: nothing to escape.
            json.bytes.append(UInt8(ascii: "\""))
            json.bytes.append(contentsOf: terms.term(id))
            json.raw("\":[")
            var previous: Int32 = 0
            for k in offsets[id]..<offsets[id + 1] {
                if k > offsets[id] { json.bytes.append(UInt8(ascii: ",")) }
                let posting = postings[k]
                let document = posting >> 5
                json.number(Int((document - previous) << 5 | (posting & 31)))
                previous = document
            }
            json.raw("]")
        }
        json.raw("}\n")
        return json.bytes
    }
}

private struct SendableBuffer: @unchecked Sendable {  // each task writes its own places
    let buffer: UnsafeMutableBufferPointer<Int32>
    init(_ buffer: UnsafeMutableBufferPointer<Int32>) { self.buffer = buffer }
}

/// JSON written byte by byte: the index is large and must come out the same every time.
struct JSONBytes {
    var bytes: [UInt8] = []

    mutating func raw(_ text: String) { bytes.append(contentsOf: text.utf8) }

    mutating func number(_ value: Int) {
        if value < 10 { bytes.append(UInt8(48 + value)); return }
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        var rest = value
        withUnsafeMutableBytes(of: &digits) { buffer in
            while rest > 0 {
                buffer[count] = UInt8(48 + rest % 10)
                rest /= 10
                count += 1
            }
            for k in stride(from: count - 1, through: 0, by: -1) { bytes.append(buffer[k]) }
        }
    }

    mutating func string(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        let hex = Array("0123456789abcdef".utf8)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
            case UInt8(ascii: "\\"): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
            case UInt8(ascii: "\n"): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
            case 0..<0x20: bytes += Array("\\u00".utf8) + [hex[Int(byte >> 4)], hex[Int(byte & 15)]]
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
