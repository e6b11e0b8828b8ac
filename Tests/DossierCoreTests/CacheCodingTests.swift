import Foundation
import Testing
@testable import DossierCore

/// The build cache's binary format: what goes in comes out, the same value always
/// gives the same bytes, and a damaged file is an error, never a crash.
@Suite struct CacheCodingTests {
    /// A cache entry for an invented report with a comment thread: every kind of field the cache holds.
    static func entry() -> SourceCache.Entry {
        let text = """
        Grain corridor talks resume in Valdoria

        Published: March 3, 2031
        By Jane Roe

        Foreign Minister Anna Kowalczyk said on Monday that “the corridor will reopen within a week”, \
        according to officials of the Northern Grain Council (NGC).

        The council said 12,000 tonnes had left the port since February 24, 2031, against 30,000 a year earlier.

        3 comments

        1. Reader One says: the corridor never closed.
        2. Reader Two says: it did, for a month.
        """
        let raw = RawSource(id: "valdoria-talks", file: "valdoria-talks.txt", format: .text, text: text, contentHash: ContentHash.of(text))
        let clean = SourceCleaner().clean(raw)
        var extraction = Extractor(gazetteer: .shared).extract(clean, raw: raw)
        // What the report does not give, set by hand: every field of the entry holds something.
        extraction.summary.genre = .analysis
        extraction.summary.genreEvidence = "“analysis” in the headline"
        extraction.summary.flags.append(ReliabilityFlag(.truncated, evidence: "ends mid-sentence"))
        extraction.summary.quotes += [Quote(speaker: nil, text: "an unattributed line", paragraph: 2),
                                      Quote(speaker: "Anna Kowalczyk", text: "an attributed line", paragraph: 2)]
        extraction.summary.events.append(DatedEvent(date: "2031-03-03", phrase: "on Monday", text: "Talks resumed.", paragraph: 2,
                                                    actors: ["Anna Kowalczyk"]))
        extraction.summary.claims.append(Claim(text: "The corridor will reopen.", paragraph: 2))
        extraction.summary.published = extraction.summary.published ?? "2031-03-03"
        extraction.summary.outlet = extraction.summary.outlet ?? "The Valdoria Post"
        extraction.summary.author = extraction.summary.author ?? "Jane Roe"
        extraction.unexplained.append(ActorMention(name: "Roe", kind: .person, forms: ["Roe"], roles: ["writer"], mentions: 2, paragraphs: [1, 3]))
        var cleaned = clean
        cleaned.stated["outlet"] = "The Valdoria Post"
        cleaned.removed.append(RemovedLine(line: 40, text: "Share this story", reason: .shareWidget))
        return SourceCache.Entry(key: "k", lowercaseWords: ["corridor", "grain"], queries: ["Council": false, "Grain": true, "Monday": false],
                                 clean: cleaned, extraction: extraction)
    }

    @Test func anEntryReadsBackAsItWasWritten() throws {
        let entry = Self.entry()
        let (clean, summary) = (entry.clean, entry.extraction.summary)
        #expect(clean.headline != nil && clean.headlineLine != nil && !clean.stated.isEmpty && !clean.paragraphs.isEmpty && !clean.removed.isEmpty
                && !clean.comments.isEmpty, "the fixture fills every field of the cleaning")
        #expect(summary.published != nil && summary.outlet != nil && summary.author != nil && !summary.flags.isEmpty && !summary.actors.isEmpty
                && summary.quotes.contains { $0.speaker != nil } && summary.events.contains { !$0.actors.isEmpty } && !summary.claims.isEmpty,
                "the fixture fills every field of the summary")
        let bytes = EntryCoding.encode(entry)
        let read = try EntryCoding.decode(SourceCache.Entry.self, from: bytes)
        #expect(read.clean == entry.clean)
        #expect(read.extraction.summary == entry.extraction.summary)
        #expect(read.extraction.unexplained == entry.extraction.unexplained && read.extraction.sentences == entry.extraction.sentences)
        #expect(read.queries == entry.queries && read.lowercaseWords == entry.lowercaseWords && read.key == entry.key)
        #expect(read.extraction.bodyTerms == entry.extraction.bodyTerms && !entry.extraction.bodyTerms.isEmpty)
        func described(_ mentions: [ActorExtractor.Mention]) -> [String] {
            mentions.map { "\($0.key)|\($0.form)|\($0.paragraph)|\($0.sentence)|\($0.range)" }
        }
        #expect(entry.extraction.mentions.contains { $0.key != $0.form && $0.paragraph != $0.sentence }, "the fixture can tell the fields apart")
        #expect(described(read.extraction.mentions) == described(entry.extraction.mentions))
        #expect(EntryCoding.encode(read) == bytes, "every field survives: the entry read back writes the same bytes")
        var shuffled = entry
        shuffled.queries = Dictionary(uniqueKeysWithValues: entry.queries.reversed().map { ($0.key, $0.value) })
        #expect(EntryCoding.encode(shuffled) == bytes, "a dictionary is written in key order")
    }

    /// A summary file's merge, as the summary cache keeps it: the summary, annotations with and
    /// without their optional fields, and the analyst's notes.
    @Test func aSummaryEntryReadsBackAsItWasWritten() throws {
        let annotations = [Annotation(quote: "the corridor will reopen", prefix: "said that “", suffix: "”, according", note: "Check **this**.",
                                      tag: "doubt", line: 14),
                           Annotation(quote: "12,000 tonnes", note: "")]
        let entry = SummaryCache.Entry(key: "0123456789abcdef", summary: Self.entry().extraction.summary, annotations: annotations,
                                       notes: "Notes with “quotes”, é and a line\nbreak.")
        let bytes = EntryCoding.encode(entry)
        let read = try EntryCoding.decode(SummaryCache.Entry.self, from: bytes)
        #expect(read == entry)
        #expect(EntryCoding.encode(read) == bytes)
        var damaged = bytes
        damaged[damaged.count / 2] ^= 0x01
        #expect(throws: DecodingError.self) { try EntryCoding.decode(SummaryCache.Entry.self, from: damaged) }
        #expect(throws: DecodingError.self) { try EntryCoding.decode(SummaryCache.Entry.self, from: EntryCoding.encode(Self.entry())) }
    }

    struct Sample: Codable, Equatable {
        var small: Int8
        var big: UInt64
        var negative: Int
        var ratio: Double
        var single: Float
        var missing: String?
        var present: String?
        var nested: [[Int]]
        var table: [Int: String]
        var flags: Set<String>
        var empty: [String]
    }

    @Test func plainValuesOfEveryKindRoundTrip() throws {
        let sample = Sample(small: -128, big: UInt64(Int64.max), negative: -9_876_543_210, ratio: -0.1, single: 2.5,
                            missing: nil, present: "é “quoted” \u{0}", nested: [[], [1, -1], [Int.max, Int.min]],
                            table: [3: "three", -1: "minus one"], flags: ["b", "a"], empty: [])
        #expect(try CacheCoding.decode(Sample.self, from: CacheCoding.encode(sample)) == sample)
    }

    @Test func aDictionaryGivesTheSameBytesWhateverItsOrder() throws {
        var forwards: [String: Int] = [:]
        var backwards: [String: Int] = [:]
        for number in 0..<200 { forwards["key \(number)"] = number }
        for number in (0..<200).reversed() { backwards["key \(number)"] = number }
        #expect(try CacheCoding.encode(forwards) == CacheCoding.encode(backwards))
    }

    @Test func aValueOfTheWrongKindIsAnError() throws {
        struct Wide: Codable { var small: Int }
        struct Narrow: Codable { var small: Int8 }
        #expect(throws: DecodingError.self) { try CacheCoding.decode(Narrow.self, from: CacheCoding.encode(Wide(small: 300))) }
        #expect(throws: DecodingError.self) { try CacheCoding.decode([Int].self, from: CacheCoding.encode(["a"])) }
        #expect(throws: DecodingError.self) { try CacheCoding.decode(Int.self, from: Data("{\"key\": 1}".utf8)) }
    }

    /// A build killed while writing leaves a cut file; a disk may flip bits. Neither may crash a build.
    @Test func aCutOrDamagedFileIsAnErrorNotACrash() throws {
        let bytes = EntryCoding.encode(Self.entry())
        var cutsRejected = 0
        for length in stride(from: 0, to: bytes.count, by: 7) {
            if (try? EntryCoding.decode(SourceCache.Entry.self, from: bytes.prefix(length))) == nil { cutsRejected += 1 }
        }
        #expect(cutsRejected == (bytes.count + 6) / 7, "every cut file is rejected")
        var generator = SystemRandomNumberGenerator()
        var damages = 0, damagesRejected = 0
        for _ in 0..<2_000 {
            var damaged = bytes
            for _ in 0..<3 { damaged[Int.random(in: 4..<damaged.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator) }
            guard damaged != bytes else { continue }
            damages += 1
            if (try? EntryCoding.decode(SourceCache.Entry.self, from: damaged)) == nil { damagesRejected += 1 }
        }
        #expect(damagesRejected == damages, "every damaged file is rejected, not read into a wrong entry")
    }

    /// Were a damaged entry to get past its digest, the reader's own checks (every count and
    /// length against the bytes left, every flag and name of a kind) still end in an error, never
    /// a crash or a read past the end: read here without the digest, damaged and cut at random.
    @Test func aDamagedEntryReadWithoutItsDigestIsStillAnErrorNotACrash() throws {
        let sealed = EntryCoding.encode(Self.entry())
        let body = Array(sealed.dropLast(CacheCoding.digestSize))
        var generator = SystemRandomNumberGenerator()
        var rejected = 0
        for round in 0..<3_000 {
            var damaged = body
            for _ in 0..<(1 + round % 4) { damaged[Int.random(in: 4..<damaged.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator) }
            if round % 3 == 0 { damaged = Array(damaged.prefix(Int.random(in: 4..<damaged.count, using: &generator))) }
            let read = damaged.withUnsafeBytes { bytes -> SourceCache.Entry? in
                var reader = EntryReader(bytes: bytes, offset: EntryCoding.magic.count)
                guard let entry = try? SourceCache.Entry(from: &reader), reader.offset == bytes.count else { return nil }
                return entry
            }
            if read == nil { rejected += 1 }
        }
        #expect(rejected > 1_000, "most damage shows in the shape alone: \(rejected) of 3,000")
    }

    /// A byte changed inside a text keeps every length right: only the digest at the end tells.
    @Test func aChangedLetterIsDamageNotANewValue() throws {
        var bytes = EntryCoding.encode(Self.entry())
        let text = Array(Self.entry().clean.paragraphs[0].text.utf8)
        let start = try #require(Array(bytes).firstRange(of: text)).lowerBound
        bytes[start] = bytes[start] == UInt8(ascii: "x") ? UInt8(ascii: "y") : UInt8(ascii: "x")
        #expect(throws: DecodingError.self) { try EntryCoding.decode(SourceCache.Entry.self, from: bytes) }
    }

    enum Shape: Codable, Equatable {
        case point
        case circle(radius: Double)
        case polygon(corners: [Int], label: String?)
    }

    /// Synthesized enum conformances write through nested containers.
    @Test func anEnumWithPayloadsRoundTrips() throws {
        let shapes: [Shape] = [.point, .circle(radius: 1.5), .polygon(corners: [3, 1, 2], label: nil), .polygon(corners: [], label: "z")]
        #expect(try CacheCoding.decode([Shape].self, from: CacheCoding.encode(shapes)) == shapes)
    }

    /// Writes its first nested container after opening a second: legal Codable, but not in the order the cache writes.
    struct Interleaved: Encodable {
        enum Keys: String, CodingKey { case first, second }
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Keys.self)
            var first = container.nestedUnkeyedContainer(forKey: .first)
            var second = container.nestedUnkeyedContainer(forKey: .second)
            try second.encode(2)
            try first.encode(1)
        }
    }

    /// Keys written twice, which a reader could not tell apart.
    struct Repeated: Encodable {
        enum Keys: String, CodingKey { case only }
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Keys.self)
            try container.encode(1, forKey: .only)
            try container.encode(2, forKey: .only)
        }
    }

    @Test func valuesTheFormatCannotHoldAreErrorsNotMisplacedBytes() throws {
        #expect(throws: EncodingError.self) { try CacheCoding.encode(Interleaved()) }
        #expect(throws: EncodingError.self) { try CacheCoding.encode(Repeated()) }
        #expect(throws: EncodingError.self) { try CacheCoding.encode([UInt64.max]) }
    }
}
