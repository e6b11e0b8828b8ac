import Foundation
import Testing
@testable import DossierCore

@Suite struct SearchIndexTests {
    // MARK: Terms

    @Test func termsAreLowercasedFoldedAndCutAtLettersAndDigits() {
        #expect(SearchTerms.terms(of: "Dubois, the CAFÉ’s Straße: Øresund in 2022 — a x Ἀθῆναι İstanbul Łódź") ==
                ["dubois", "the", "cafe", "strasse", "oresund", "in", "2022", "αθηναι", "istanbul", "lodz"])
        // Decomposed text (a letter then its combining accent) folds the same as composed text.
        #expect(SearchTerms.terms(of: "Cafe\u{301} Rene\u{301}e") == ["cafe", "renee"])
        // Cyrillic only lowercases; other scripts keep their letters; marks stay inside a word.
        #expect(SearchTerms.terms(of: "Москва Йошкар-Ола 北京市 हिन्दी") == ["москва", "йошкар", "ола", "北京市", "हिन्दी"])
        #expect(SearchTerms.terms(of: "e-mail U.S. x2 ½ 3.5") == ["mail", "x2"])
    }

    @Test func termsHaveTwoToThirtyCharacters() {
        let thirty = String(repeating: "a", count: 30)
        #expect(SearchTerms.terms(of: "a \(thirty) \(thirty)b ab") == [thirty, "ab"])
        // A fold that spells a letter out counts its letters: 29 a's and ß are 31.
        #expect(SearchTerms.terms(of: String(repeating: "a", count: 29) + "ß").isEmpty)
    }

    @Test func shardsAreTheFirstTwoCharacters() {
        #expect(SearchTerms.shard(of: "russia") == "ru")
        #expect(SearchTerms.shard(of: "2022") == "20")
        #expect(SearchTerms.shard(of: "αθηναι") == "_ceb1ceb8")
        #expect(SearchTerms.shard(of: "aé") == "_61c3a9")
    }

    @Test func theFoldTableAgreesWithTheRule() {
        let table = FoldTable.shared
        for value: UInt32 in [0xE9, 0xDF, 0x130, 0x3AC, 0x1F00, 0x301, 0xD7, 0xA0, 0x439, 0x93F] {
            let scalar = Unicode.Scalar(value)!
            let entry = table.entries[Int(value)]
            switch SearchTerms.fold(scalar) {
            case .separator: #expect(entry == 0, "U+\(String(value, radix: 16))")
            case .dropped: #expect(entry == 1, "U+\(String(value, radix: 16))")
            case .text(let text):
                let start = Int(entry >> 12), count = Int(entry & 0xFF)
                #expect(Array(table.bytes[start..<start + count]) == Array(text.utf8), "U+\(String(value, radix: 16))")
            }
        }
    }

    // MARK: Documents

    static let sourceMarkdown = """
        # Minister in Warsaw

        - **Outlet:** Daily \\*Planet\\*
        - **File:** reports/warsaw.txt

        ## Text

        <a id="p-1"></a>[Renée Dubois](../actors/renee-dubois.md) met <mark class="annotation" id="note-1">the minister</mark> in [Warsaw](../actors/warsaw.md "Capital (city)"). See [¶12](#p-12).

        | Date | Sentence | Where |
        |---|---|---|
        | **2024-03** | The corridor opens. | [¶2](#p-2) |

        Hostile \\<script\\>alert(1)\\</script\\> text.

        <details>
        <summary>Removed from the body (1)</summary>

        - Share this article
        </details>
        """

    static let pages: [MarkdownPage] = [
        MarkdownPage(path: "index", kind: .briefing, title: "Europe's security", markdown: "# Europe's security\n\nA briefing on Warsaw and Kyiv.\n"),
        MarkdownPage(path: "sources/warsaw", kind: .source, title: "Minister in Warsaw", markdown: sourceMarkdown),
        MarkdownPage(path: "sources/kyiv", kind: .source, title: "Talks in Kyiv", markdown: "# Talks in Kyiv\n\nThe minister flew to Kyiv; Warsaw waited. Ministers met.\n"),
        MarkdownPage(path: "actors/renee-dubois", kind: .actor, title: "Renée Dubois", markdown: "# Renée Dubois\n\n**Kind:** person\n\nMet the minister in Warsaw.\n"),
        MarkdownPage(path: "compare/index", kind: .compare, title: "Comparisons", markdown: "# Comparisons\n\nWhere the sources agree.\n"),
        MarkdownPage(path: "compare/kyiv--warsaw", kind: .compare, title: "Talks in Kyiv — Minister in Warsaw", markdown: "# Pair\n\nWarsaw Kyiv.\n"),
        MarkdownPage(path: "timeline", kind: .timeline, title: "Timeline", markdown: "# Timeline\n\n| Date | Event |\n|---|---|\n| 2024 | Talks |\n"),
    ]

    @Test func pairComparisonPagesAndTheNotFoundPageAreNotIndexed() {
        let index = SearchIndex()
        let indexed = Self.pages.compactMap(index.document(for:)).map(\.path)
        #expect(indexed == ["index", "sources/warsaw", "sources/kyiv", "actors/renee-dubois", "compare/index", "timeline"])
        #expect(index.document(for: MarkdownPage(path: "404", kind: .notfound, title: "Not found", markdown: "# Not found\n")) == nil)
    }

    @Test func theTextIsIndexedAndTheMarkupIsNot() throws {
        let document = try #require(SearchIndex().document(for: Self.pages[1]))
        let terms = document.termCounts
        for word in ["dubois", "renee", "minister", "warsaw", "corridor", "opens", "2024", "03", "daily", "planet", "hostile", "script", "alert",
                     "removed", "body", "share", "article", "outlet", "reports", "txt"] {
            #expect(terms[word] != nil, "\(word) is text")
        }
        // Link destinations and titles, the builders' tags and their attributes, paragraph numbers.
        for word in ["actors", "md", "capital", "city", "mark", "class", "annotation", "note", "id", "details", "summary", "12", "p"] {
            #expect(terms[word] == nil, "\(word) is markup")
        }
        // The title's heading is text too.
        #expect(terms["warsaw"] == 3)
        #expect(terms["minister"] == 2)
        #expect(document.title == "Minister in Warsaw" && document.kind == "source")
    }

    @Test func theExcerptIsPlainTextWithoutHeadingsOrTables() throws {
        let document = try #require(SearchIndex().document(for: Self.pages[1]))
        #expect(document.excerpt.hasPrefix("Outlet: Daily *Planet* · File: reports/warsaw.txt · Renée Dubois met the minister in Warsaw. See ¶12."),
                "\(document.excerpt)")
        #expect(document.excerpt.contains("See ¶12. Hostile <script>alert(1)</script> text. Removed from the body (1) · Share this article"),
                "escaped text is text, the builders' tags are not: \(document.excerpt)")
        #expect(!document.excerpt.contains("](") && !document.excerpt.contains("<a ") && !document.excerpt.contains("<mark")
                && !document.excerpt.contains("|") && !document.excerpt.contains("2024"))
        let picture = MarkdownPage(path: "actors/index", kind: .actors, title: "Actors", markdown: "# Actors\n\n![The network](network.svg)\n\n- [Ann](ann.md)\n")
        #expect(try #require(SearchIndex().document(for: picture)).excerpt == "The network · Ann")
        let long = MarkdownPage(path: "sources/long", kind: .source, title: "Long",
                                markdown: "# Long\n\n" + String(repeating: "Word after word in a long paragraph. ", count: 20))
        let excerpt = try #require(SearchIndex().document(for: long)).excerpt
        #expect(excerpt.hasSuffix("…") && excerpt.count <= 202 && excerpt.count > 150, "\(excerpt.count): \(excerpt)")
        #expect(!excerpt.dropLast().hasSuffix(" "))
    }

    // MARK: Files

    @Test func theFilesAreTheSameWhateverTheOrderOfTheDocuments() {
        let index = SearchIndex()
        let documents = Self.pages.compactMap(index.document(for:))
        let files = index.files(for: documents)
        #expect(files == index.files(for: documents.reversed()))
        #expect(files == index.files(for: Self.pages.reversed().compactMap(index.document(for:))))
        #expect(files.map(\.path) == files.map(\.path).sorted())
        #expect(files.allSatisfy { $0.path.hasPrefix("search/") })
        #expect(files.contains { $0.path == "search/meta.json" } && files.contains { $0.path == "search/docs/0.json" })
    }

    @Test func termsArePackedInOrderOfAppearance() throws {
        let page = MarkdownPage(path: "sources/p", kind: .source, title: "P", markdown: "# P\n\nWarsaw, Kyiv; warsaw and WARSAW in Kyiv.\n")
        let document = try #require(SearchIndex().document(for: page))
        #expect(document.terms == "warsaw:3 kyiv:2 and in")
        #expect(document.termCounts == ["warsaw": 3, "kyiv": 2, "and": 1, "in": 1])
    }

    @Test func aPageWithThousandsOfDistinctWordsIsCountedRight() throws {
        let words = (0..<3000).map { "word\($0)" }
        let page = MarkdownPage(path: "sources/many", kind: .source, title: "Many", markdown: (words + words.reversed()).joined(separator: " "))
        let counts = try #require(SearchIndex().document(for: page)).termCounts
        #expect(counts.count == 3000 && counts.values.allSatisfy { $0 == 2 })
    }

    @Test func documentsSurviveACacheRoundTrip() throws {
        let documents = Self.pages.compactMap(SearchIndex().document(for:))
        let site = try temporaryFolder()
        defer { cleanUp(site) }
        let file = SearchDocumentCache.file(documents)
        let url = site.appendingPathComponent(file.path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try file.contents.write(to: url)
        let loaded = SearchDocumentCache.load(site: site)
        #expect(loaded.count == documents.count && documents.allSatisfy { loaded[$0.path] == $0 })
    }

    @Test func aQueryIsAnsweredFromTheFilesAlone() throws {
        let reader = try IndexReader(SearchIndex().files(for: Self.pages.compactMap(SearchIndex().document(for:))))
        #expect(reader.meta["documents"] as? Int == 6)
        // Every term must match: only the Warsaw source has both words.
        #expect(try reader.search("Dubois corridor") == ["sources/warsaw"])
        #expect(try reader.search("DUBOIS") == ["actors/renee-dubois", "sources/warsaw"], "the title counts extra")
        // The last term is a prefix: "minis" finds minister and ministers.
        #expect(try Set(reader.search("minis", prefix: true)) == ["sources/warsaw", "sources/kyiv", "actors/renee-dubois"])
        #expect(try reader.search("kyiv warsaw").first == "sources/kyiv", "Kyiv is in its title")
        #expect(try reader.search("kyiv--warsaw").first == "sources/kyiv", "the pair page is not in the index")
        #expect(try reader.search("capital").isEmpty, "a link's title is not text")
        #expect(try reader.search("nowhere").isEmpty)
    }

    @Test func aTitleWordOutweighsAShortPageThatOnlyMentionsIt() throws {
        let filler = String(repeating: "Officials spoke about many other matters at length. ", count: 200)
        let pages = [
            MarkdownPage(path: "sources/long", kind: .source, title: "Talks in Kyiv stall", markdown: "# Talks in Kyiv stall\n\n" + filler),
            MarkdownPage(path: "actors/envoy", kind: .actor, title: "Envoy", markdown: "# Envoy\n\n- Talks in Kyiv stall, said the envoy.\n"),
            MarkdownPage(path: "timeline", kind: .timeline, title: "Timeline", markdown: "# Timeline\n\n| 2024 | Talks in Kyiv stall |\n"),
        ] + (0..<20).map { MarkdownPage(path: "actors/a\($0)", kind: .actor, title: "A\($0)", markdown: "# A\($0)\n\nA short page.\n") }
        let reader = try IndexReader(SearchIndex().files(for: pages.compactMap(SearchIndex().document(for:))))
        #expect(try reader.search("talks in kyiv stall").first == "sources/long")
        #expect(try reader.search("envoy").first == "actors/envoy")
    }

    @Test func documentTextIsEscapedInTheJSON() throws {
        let page = MarkdownPage(path: "sources/q", kind: .source, title: "A \"quoted\" \\ title\twith\u{1} control",
                                markdown: "# T\n\nText with \"quotes\" and a backslash \\\\ here.\n")
        let files = SearchIndex().files(for: [try #require(SearchIndex().document(for: page))])
        let chunk = try #require(files.first { $0.path == "search/docs/0.json" })
        let documents = try #require(JSONSerialization.jsonObject(with: chunk.contents) as? [[String]])
        #expect(documents == [["sources/q", "A \"quoted\" \\ title\twith\u{1} control", "source", "Text with \"quotes\" and a backslash \\ here."]])
    }

    @Test func aLargeIndexIsBuiltQuickly() throws {
        // 2,000 pages of 300 words from a 5,000-word vocabulary.
        var seed: UInt64 = 42
        func next() -> Int {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return Int(seed >> 33)
        }
        let vocabulary = (0..<5000).map { "w\($0 * 7919 % 100_000)" }
        let pages = (0..<2000).map { number in
            MarkdownPage(path: "sources/s\(number)", kind: .source, title: "Source \(number)",
                         markdown: "# Source \(number)\n\n" + (0..<300).map { _ in vocabulary[next() % vocabulary.count] }.joined(separator: " "))
        }
        let start = DispatchTime.now()
        let files = SearchIndex().files(for: pages.compactMap(SearchIndex().document(for:)))
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
        #expect(files.count > 20)
        #expect(seconds < 30, "\(seconds) s (debug build)")
        // Documents read in parallel parts and merged: every posting is where it belongs.
        let reader = try IndexReader(files)
        for word in [vocabulary[0], vocabulary[1234], vocabulary[4999]] {
            let expected = pages.filter { $0.markdown.split(whereSeparator: { $0 == " " || $0 == "\n" }).contains(Substring(word)) }.map(\.path)
            #expect(try Set(reader.search(word)) == Set(expected), "\(word)")
        }
        #expect(try reader.search("source 1999") == ["sources/s1999"])
    }
}

/// Reads the index files back the way assets/search.js does: meta, the query terms' shards,
/// the postings decoded, every term required, ranked, and the documents' chunks.
private struct IndexReader {
    let files: [String: Data]
    let meta: [String: Any]

    struct Missing: Error { let what: String }

    init(_ files: [SiteFile]) throws {
        self.files = Dictionary(uniqueKeysWithValues: files.map { ($0.path, $0.contents) })
        guard let data = self.files["search/meta.json"], let meta = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw Missing(what: "meta.json")
        }
        self.meta = meta
    }

    func json(_ path: String) throws -> Any {
        guard let data = files["search/" + path] else { throw Missing(what: path) }
        return try JSONSerialization.jsonObject(with: data)
    }

    /// Paths of the matching documents, best first.
    func search(_ query: String, prefix: Bool = false) throws -> [String] {
        let terms = SearchTerms.terms(of: query)
        guard let documents = meta["documents"] as? Int, let names = meta["shards"] as? [String], let chunk = meta["chunk"] as? Int else {
            throw Missing(what: "meta.json's fields")
        }
        let count = Double(documents)
        let shards = Set(names)
        var scores: [Int: Double]?
        for (index, term) in terms.enumerated() {
            let shard = SearchTerms.shard(of: term)
            guard shards.contains(shard) else { return [] }
            guard let table = try json("terms/\(shard).json") as? [String: [Int]] else { throw Missing(what: shard) }
            var own: [Int: Double] = [:]
            let open = prefix && index == terms.count - 1
            for (key, postings) in table where key == term || (open && key.hasPrefix(term)) {
                let idf = log(1 + (count - Double(postings.count) + 0.5) / (Double(postings.count) + 0.5))
                var document = 0
                for number in postings {
                    document += number / 32
                    let weight = Double(number % 16) / 15 + (number & 16 != 0 ? 1 : 0)
                    own[document] = max(own[document] ?? 0, idf * weight * (key == term ? 1 : 0.75))
                }
            }
            if let previous = scores {
                var both: [Int: Double] = [:]
                for (document, score) in previous { if let mine = own[document] { both[document] = score + mine } }
                scores = both
            } else {
                scores = own
            }
        }
        let ranked = (scores ?? [:]).sorted { ($0.value, -$0.key) > ($1.value, -$1.key) }.map(\.key)
        return try ranked.map { document in
            guard let documents = try json("docs/\(document / chunk).json") as? [[String]] else { throw Missing(what: "docs") }
            return documents[document % chunk][0]
        }
    }
}
