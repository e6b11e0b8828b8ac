import Foundation
import Testing
@testable import DossierCore

/// Four invented sources where agreement, uniqueness and each kind of conflict are known:
/// - all of A, B and C report that Zarovia summoned the Ostravian ambassador (agreement of three);
/// - A and B give the troop build-up different figures (100,000 against 150,000 troops),
///   date the closing of the Velmar bridge differently (May 3 against May 5) and put the same
///   words in different mouths (Lina Marecki against Piotr Halden);
/// - A repeats one of its own claims (one source is not agreement);
/// - D is about something else altogether and shares nothing.
enum ComparisonFixture {
    static let a = """
    Ostravian troops gather on the Velmar border

    Published: June 10, 2024

    The Ostravian army massed 100,000 troops along the Velmar river border, officials in Kestrin said.

    The Zarovian foreign ministry summoned the Ostravian ambassador to protest against the troop build-up on the border.

    “The soldiers are here for a routine winter exercise and will return to their barracks within weeks,” Defence Minister Lina Marecki said.

    The Velmar bridge was closed to civilian traffic on May 3, 2024 after the first armoured convoys arrived from the north.

    Farmers near the river say the armoured convoys have flattened several grain fields and broken irrigation canals in the valley.

    Grain farmers in the valley say the convoys flattened fields and broke their irrigation canals.
    """

    static let b = """
    Satellite images show a larger Ostravian force

    Published: June 12, 2024

    The Ostravian army massed 150,000 troops along the Velmar river border, according to satellite images reviewed by analysts.

    The Zarovian foreign ministry summoned the Ostravian ambassador on Tuesday to protest against the troop build-up at the border.

    “The soldiers are here for a routine winter exercise and will return to their barracks within weeks,” said General Piotr Halden, the army chief of staff.

    The Velmar bridge was closed to civilian traffic on May 5, 2024 after the first armoured convoys arrived from the north.

    Shipping insurers in Port Amsel have raised premiums for cargo vessels crossing the Velmar estuary by a wide margin this month.
    """

    static let c = """
    Zarovia protests the build-up

    Published: June 14, 2024

    Zarovia's foreign ministry summoned the Ostravian ambassador to protest against the troop build-up on the border, diplomats said.

    Parliament in Zarovia will debate a motion on emergency funding for border villages when it returns from recess.

    Teachers in the border villages have moved lessons into church halls while the schools house displaced families.
    """

    static let d = """
    Fishermen on Lake Tamsin count a record catch

    Published: June 15, 2024

    Fishermen on Lake Tamsin landed a record catch of silver perch this spring, the cooperative in Brisk Harbour reported.

    Cooperative chair Odile Renfrew credited the cold spring and new hatchery nets for the rise in numbers.
    """

    static func dossier() throws -> Dossier {
        try makeDossier([("a.txt", a), ("b.txt", b), ("c.txt", c), ("d.txt", d)])
    }
}

@Suite struct ClaimAlignmentTests {
    @Test func theClaimOfThreeSourcesRanksFirst() throws {
        let dossier = try ComparisonFixture.dossier()
        let top = try #require(dossier.alignment.groups.first)
        #expect(top.sources == [0, 1, 2], "A, B and C all report the summons")
        let texts = top.members.map { dossier.alignment.sentences[$0].text }
        #expect(texts.allSatisfy { $0.contains("summoned the Ostravian ambassador") })
        #expect(dossier.alignment.groups.dropFirst().allSatisfy { $0.sources.count == 2 }, "everything else is shared by two sources at most")
    }

    @Test func aClaimRepeatedWithinOneSourceIsNotAgreement() throws {
        let dossier = try ComparisonFixture.dossier()
        for group in dossier.alignment.groups { #expect(group.sources.count >= 2) }
        for link in dossier.alignment.links {
            #expect(dossier.alignment.sentences[link.a].source != dossier.alignment.sentences[link.b].source)
        }
        let farmers = dossier.alignment.sentences.indices.filter { dossier.alignment.sentences[$0].text.contains("irrigation canals") }
        #expect(farmers.count == 2, "A says it twice")
        #expect(!dossier.alignment.groups.contains { !Set($0.members).isDisjoint(with: farmers) })
    }

    @Test func theUnrelatedSourceAlignsWithNothing() throws {
        let dossier = try ComparisonFixture.dossier()
        #expect(!dossier.alignment.groups.contains { $0.sources.contains(3) })
        #expect(!dossier.pairs.contains { $0.a == 3 || $0.b == 3 }, "D shares no actor and no claim")
    }

    @Test func termsAreLowercasedStemmedAndWithoutFunctionWords() {
        let terms = TermNormaliser(gazetteer: .shared).terms("The Troops were massing near the rivers on Tuesday, 12 May.")
        #expect(terms.contains("troop"))
        #expect(terms.contains("mass"))
        #expect(terms.contains("river"))
        #expect(!terms.contains("the") && !terms.contains("tuesday") && !terms.contains("12"))
        #expect(TermNormaliser.stem("stopped") == "stop")
        #expect(TermNormaliser.stem("states") == TermNormaliser.stem("stated"))
        #expect(TermNormaliser.stem("countries") == "country")
    }

    /// A body sentence's terms are cached joined by spaces and cut again, as keys, for the
    /// comparison: each the key of the term the normaliser gives.
    @Test func cachedTermsCutBackIntoTheKeysOfTheSameTerms() {
        func ofJoined(_ joined: String) -> [UInt64] {
            var keys: [UInt64] = []
            TermKeys.append(joined: joined, to: &keys)
            return keys
        }
        let normaliser = TermNormaliser(gazetteer: .shared)
        var known: [String: String?] = [:]
        for sentence in ["Troops massed near the border on Friday, officials said.", "Ünïcode naïve café — déjà vu", "", "a an the"] {
            let joined = normaliser.joinedTerms(Tokenizer.tokens(sentence), known: &known)
            #expect(ofJoined(joined) == normaliser.terms(sentence).map(TermKeys.of), "\(sentence)")
        }
        let texts = ["Troops massed near the border on Friday, officials said.", "“Troops,” he said: troops MASSED.", "Ünïcode naïve café — déjà vu", "", "a an the"]
        #expect(normaliser.termKeys(of: texts) == texts.map { normaliser.terms($0).map(TermKeys.of) })
        #expect(ofJoined("troop mass") != ofJoined("troopmass"))
        #expect(ofJoined("troop mass") != ofJoined("mass troop"))
    }

    /// Keys are numbered in the order first met, as a dictionary from the terms numbers them,
    /// however many there are (the table grows).
    @Test func termKeysAreNumberedInTheOrderFirstMet() {
        var numbering = TermNumbering(capacity: 1)
        var dictionary: [String: Int] = [:]
        for index in 0..<5000 {
            let term = "term\(index % 1500)"
            let expected = dictionary[term] ?? dictionary.count
            dictionary[term] = expected
            #expect(numbering.number(for: TermKeys.of(term)) == expected)
        }
        #expect(numbering.count == 1500)
        #expect(numbering.keys[7] == TermKeys.of("term7"))
    }

    /// Texts joined from parts keep each text's terms and group; texts of the same group are never
    /// linked; each vector has unit length; a text's own cosine is 1 and a text sharing nothing with
    /// another has cosine 0.
    @Test func theSimilaritySearchLinksTextsOfDifferentGroupsOnly() {
        func keys(_ words: String) -> [UInt64] { words.split(separator: " ").map { TermKeys.of(String($0)) } }
        var first = TextSimilarity.Texts()
        first.append(group: 0, terms: keys("troop mass border river"))
        first.append(group: 0, terms: keys("troop mass border river"))
        var second = TextSimilarity.Texts()
        second.append(group: 1, terms: keys("troop mass border river"))
        second.append(group: 1, terms: keys("grain export talk stall"))
        second.append(group: 2, terms: [])
        let texts = TextSimilarity.Texts(joining: [first, second])
        #expect(texts.count == 5 && texts.groups == [0, 0, 1, 1, 2])
        #expect(Array(texts[3]) == keys("grain export talk stall") && texts[4].isEmpty)
        let result = TextSimilarity().links(texts)
        #expect(result.links.map { [$0.a, $0.b] } == [[0, 2], [1, 2]], "never 0–1: one group")
        #expect(result.links.allSatisfy { abs($0.similarity - 1) < 1e-12 })
        for text in 0..<4 { #expect(abs(result.vectors[text].reduce(0) { $0 + $1.weight * $1.weight } - 1) < 1e-12) }
        #expect(result.vectors[4].isEmpty)
        #expect(result.vectors.cosine(0, 3) == 0)
    }

    @Test func aSentenceNeedsEnoughDifferentTermsToBeAligned() {
        #expect(ClaimAligner.hasDistinct(4, in: ["troop", "border", "mass", "river"]))
        #expect(!ClaimAligner.hasDistinct(4, in: ["troop", "troop", "border", "mass", "border", "mass"]), "three different terms, repeated")
        #expect(ClaimAligner.hasDistinct(4, in: ["troop", "troop", "border", "mass", "border", "river"]))
        #expect(!ClaimAligner.hasDistinct(4, in: ["troop", "border", "mass"]))
        #expect(ClaimAligner.hasDistinct(0, in: [String]()))
    }

    /// The byte stemmer for ASCII words must give what the character stemmer gives: every word
    /// of the seed corpus, and made-up words on each suffix rule's edges.
    @Test func theASCIIStemmerAgreesWithTheCharacterStemmer() throws {
        var words: Set<String> = []
        let folder = repositoryRoot.appendingPathComponent("seeds")
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) {
            let text = (try? String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)) ?? ""
            for token in Tokenizer.tokens(text) where token.text.utf8.allSatisfy({ $0 < 0x80 }) { words.insert(token.text.lowercased()) }
        }
        #expect(words.count > 1_000, "the seed corpus gives plenty of words")
        let stems = ["a", "ab", "abc", "stop", "pass", "cri", "bu", "thi", "ski", "fizz", "ba"]
        let endings = ["", "s", "ss", "sses", "ies", "us", "is", "ing", "ed", "ped", "lled", "zzed", "ssing", "e", "es", "ied", "'", "s'", "ings", "eds"]
        for stem in stems { for ending in endings { words.insert(stem + ending) } }
        let disagreeing = words.sorted().filter { TermNormaliser.stemASCII($0) != TermNormaliser.stemCharacters($0) }
        #expect(disagreeing.isEmpty, "\(disagreeing.prefix(10))")
    }
}

@Suite struct ConflictTests {
    @Test func differentFiguresForTheSameQuantity() throws {
        let dossier = try ComparisonFixture.dossier()
        #expect(dossier.figureConflicts.count == 1)
        let conflict = try #require(dossier.figureConflicts.first)
        #expect(conflict.unit == "troop")
        #expect(conflict.figuresA == ["100,000 troops"])
        #expect(conflict.figuresB == ["150,000 troops"])
    }

    @Test func figuresAreReadWithTheirUnits() {
        let figures = FigureConflicts(gazetteer: .shared).figures(in: "On May 3, 2024 some 1.5 million people paid $3 billion, up 12% on 2023, for 40 per cent of 7,000 homes.")
        #expect(figures.map(\.unit) == [TermNormaliser.stem("people"), "$", "percent", "percent", "home"])
        #expect(figures.map(\.text) == ["1.5 million people", "$3 billion", "12%", "40 per cent", "7,000 homes"])
        #expect(figures.map(\.value) == [1_500_000, 3e9, 12, 40, 7000])
        #expect(FigureConflicts.same(100_000, 100_200))
        #expect(!FigureConflicts.same(100_000, 150_000))
    }

    @Test func theSameQuoteFromDifferentSpeakers() throws {
        let dossier = try ComparisonFixture.dossier()
        #expect(dossier.quoteConflicts.count == 1)
        let conflict = try #require(dossier.quoteConflicts.first)
        let speakers = [conflict.a, conflict.b].map { dossier.sources[$0.source].summary.quotes[$0.quote].speaker }
        #expect(speakers == ["Lina Marecki", "Piotr Halden"])
    }

    @Test func theSameEventOnDifferentDates() throws {
        let dossier = try ComparisonFixture.dossier()
        let pair = try #require(dossier.pairs.first { $0.a == 0 && $0.b == 1 })
        #expect(pair.dateConflicts.count == 1)
        let dates = pair.dateConflicts.map { [dossier.timeline[$0.a].event.date, dossier.timeline[$0.b].event.date] }
        #expect(dates == [["2024-05-03", "2024-05-05"]])
    }

    /// An event's key words are its words lowercased, three letters or more, starting with a
    /// letter, without function words, months or days, each once, in order: as keys, whether the
    /// word came as ASCII bytes or as characters.
    @Test func anEventsKeyWordsAreItsContentWordsLowercasedOnce() {
        let gazetteer = Gazetteer.shared
        let conflicts = TimelineConflicts(gazetteer: gazetteer)
        let ignored = gazetteer.functionWords.union(DateExtractor.monthNumbers.keys).union(DateExtractor.weekdays)
        for sentence in ["On Monday the TROOPS massed near “Kyiv’s” border, and troops (massed) again in March.",
                         "Łódź officials and ŁÓDŹ OFFICIALS met 3 ministers at 10am: x1 é2 Ünïcode", "", "a an the of"] {
            var expected: [String] = []
            Tokenizer.forEachWord(in: sentence) { piece in
                let word = piece.lowercased()
                if word.count > 2, word.first!.isLetter, !ignored.contains(word), !expected.contains(word) { expected.append(word) }
            }
            #expect(conflicts.keyWords(sentence) == expected.map(TermKeys.of), "\(sentence)")
        }
        #expect(conflicts.keyWords("Troops massed; TROOPS MASSED.").count == 2)
    }

    @Test func conflictsBelongOnlyToTheirPair() throws {
        let dossier = try ComparisonFixture.dossier()
        for pair in dossier.pairs where !(pair.a == 0 && pair.b == 1) {
            #expect(pair.conflictCount == 0, "\(pair.slug)")
        }
    }
}

@Suite struct SourcePairTests {
    @Test func pairsShareSomethingAndKnowWhatOnlyOneSays() throws {
        let dossier = try ComparisonFixture.dossier()
        #expect(dossier.pairs.map(\.slug) == ["a--b", "a--c", "b--c"])
        let ab = dossier.pairs[0]
        #expect(ab.links.count >= 4, "summons, troops, quote, bridge")
        let a = dossier.sources[0], b = dossier.sources[1]
        let alignedInA = Set(ab.links.map { dossier.alignment.sentences[dossier.alignment.links[$0].a].text })
        let alignedInB = Set(ab.links.map { dossier.alignment.sentences[dossier.alignment.links[$0].b].text })
        for (index, claim) in a.summary.claims.enumerated() {
            #expect(ab.onlyA.contains(index) == !alignedInA.contains(claim.text), "\(claim.text)")
        }
        for (index, claim) in b.summary.claims.enumerated() {
            #expect(ab.onlyB.contains(index) == !alignedInB.contains(claim.text), "\(claim.text)")
        }
        #expect(ab.onlyA.map { a.summary.claims[$0].text }.allSatisfy { $0.contains("irrigation canals") }, "A's farmers are its own")
        #expect(ab.onlyA.count == 2)
        #expect(ab.onlyB.isEmpty, "each of B's key claims is in A too")
    }

    @Test func eachSourceKeepsOnlyItsClosestPartners() throws {
        let dossier = try ComparisonFixture.dossier()
        var selector = SourcePairs()
        selector.partnersPerSource = 1
        let pairs = selector.pairs(SourcePairs.Inputs(sources: dossier.sources, actors: dossier.actors, timeline: dossier.timeline,
                                                      alignment: dossier.alignment, figureConflicts: dossier.figureConflicts,
                                                      quoteConflicts: dossier.quoteConflicts))
        #expect(pairs.count <= dossier.sources.count)
        #expect(pairs.contains { $0.slug == "a--b" }, "A and B have the most in common")
    }
}

@Suite struct ComparisonPagesTests {
    let dossier: Dossier
    let pages: [String: MarkdownPage]

    init() throws {
        dossier = try ComparisonFixture.dossier()
        pages = Dictionary(uniqueKeysWithValues: SitePages(dossier: dossier).all().map { ($0.path, $0) })
    }

    @Test func aPairPageSetsTheTwoSourcesSideBySide() throws {
        let page = try #require(pages["compare/a--b"])
        #expect(page.kind == .compare)
        let md = page.markdown
        #expect(md.contains("## Shared actors"))
        #expect(md.contains("## Where they agree"))
        #expect(md.contains("| The Zarovian foreign ministry summoned the Ostravian ambassador on Tuesday"))
        #expect(md.contains("[¶3](../sources/a.md#p-3)"))
        #expect(md.contains("**Different figures:**"))
        #expect(md.contains("gives **100,000 troops**") && md.contains("gives **150,000 troops**"))
        #expect(md.contains("**Attributed differently:**"))
        #expect(md.contains("[Lina Marecki](../actors/lina-marecki.md)") && md.contains("[Piotr Halden](../actors/piotr-halden.md)"))
        #expect(md.contains("**Dated differently:**") && md.contains("gives **2024-05-03**") && md.contains("gives **2024-05-05**"))
        #expect(md.contains("## Only in A"))
        #expect(md.contains("broken irrigation canals"))
        #expect(pages["compare/a--d"] == nil && pages["compare/c--d"] == nil, "no page for sources with nothing in common")
        #expect(pages.count == 4 + dossier.sources.count + dossier.actors.count + dossier.pairs.count)
    }

    @Test func theComparisonsPageRanksSharedClaimsAndListsConflictsAndPairs() throws {
        let md = try #require(pages["compare/index"]).markdown
        #expect(md.contains("### <a id=\"claim-1\"></a>1. "))
        #expect(md.contains("Made by 3 sources"))
        #expect(md.contains("## <a id=\"contested\"></a>Contested points"))
        #expect(md.contains("[compare](../compare/a--b.md)"))
        #expect(md.contains("## <a id=\"coverage\"></a>Coverage matrix"))
        let matrixRow = md.split(separator: "\n").first { $0.hasPrefix("| 1 | [Ostravian troops gather") }
        #expect(matrixRow?.contains("#source-a)") == true, "counts link to the actor page's section on the source")
    }

    @Test func theBriefingLeadsWithAgreementConflictsAndReliability() throws {
        let md = try #require(pages["index"]).markdown
        let order = ["## Where the sources agree", "## Contested points", "## Reliability", "## Key actors", "## Sources"]
        let positions = order.compactMap { md.range(of: $0)?.lowerBound }
        #expect(positions.count == order.count)
        #expect(positions == positions.sorted())
        #expect(md.contains("- **3 sources** — “"))
        #expect(md.contains("](sources/c.md#p-"))
        #expect(md.contains("**Different figures:**"))
    }

    @Test func anActorPageShowsHowEachSourcePortraysThem() throws {
        let actor = try #require(dossier.actors.first { $0.name == "Lina Marecki" })
        let md = try #require(pages["actors/\(actor.slug)"]).markdown
        #expect(md.contains("## How the sources portray Lina Marecki"))
        #expect(md.contains("### <a id=\"source-a\"></a>[Ostravian troops gather on the Velmar border](../sources/a.md)"))
        #expect(md.contains("**Roles given:** Defence Minister"))
        #expect(md.contains("(../sources/a.md#p-3)"))
        #expect(!md.contains("Mentions in context"), "the portrayals replace the old context list")
    }

    @Test func manySourcesAreGroupedByGenre() throws {
        let page = MarkdownPage(path: SitePaths.comparisons, kind: .compare, title: "", markdown: "")
        var matrix = CoverageMatrix(dossier: dossier, from: page, actorLimit: 3)
        matrix.groupingThreshold = 2
        let md = matrix.markdown()
        #expect(md.contains("### By genre"))
        #expect(md.contains("| Genre | Sources |"))
        let groups = matrix.genres
        #expect(groups.map(\.sources).flatMap { $0 }.sorted() == Array(dossier.sources.indices))
        for group in groups { #expect(md.contains("### \(group.genre?.plural ?? "Genre not known") (\(group.sources.count))")) }
        #expect(md.contains("all \(dossier.actors.count) are in the [actor index](../actors/index.md)"))
    }

    @Test func everyCorpusStringIsEscaped() throws {
        let hostile = """
        Ministry <b>denies</b> the figures

        Published: June 13, 2024

        The Ostravian army massed 90,000 troops along the Velmar river border, officials said <script>x()</script>.

        The Zarovian foreign ministry summoned the Ostravian ambassador to protest | against the troop build-up on the border.
        """
        let dossier = try makeDossier([("a.txt", ComparisonFixture.a), ("h.txt", hostile)])
        let renderer = MarkdownRenderer()
        for page in SitePages(dossier: dossier).all() where page.kind == .compare || page.kind == .briefing {
            let html = renderer.html(from: page.markdown)
            #expect(!html.contains("<script"), "\(page.path)")
            #expect(!html.contains("<b>denies"), "\(page.path)")
        }
        #expect(!dossier.figureConflicts.isEmpty)
    }
}

/// The candidate search must stay near-linear: four times the sources, well under
/// six times the candidate pairs (comparing every sentence with every other would give sixteen).
@Suite struct CandidateSearchScalingTests {
    /// A deterministic synthetic corpus: sources in stories of ten sharing a vocabulary and a cast,
    /// words drawn Zipf-like from a general vocabulary, and in each story a few claims that several
    /// sources repeat in their own words.
    static func corpus(sources: Int, sentencesPerSource: Int = 12) -> [ClaimAlignment.Sentence] {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }
        func zipf(_ n: Int) -> Int { Int(Double(n) * pow(Double(next(1_000_000) + 1) / 1_000_000, 3)) }
        func word(_ prefix: String, _ number: Int) -> String {
            var n = number, letters = ""
            repeat { letters.append(Character(UnicodeScalar(UInt8(97 + n % 26)))); n /= 26 } while n > 0
            return prefix + letters + "k"
        }
        var sentences: [ClaimAlignment.Sentence] = []
        for source in 0..<sources {
            let story = source / 10
            for index in 0..<sentencesPerSource {
                var words: [String] = []
                if index < 3 {
                    // A claim of the story that several of its sources make, each with a different word or two.
                    let claim = (story * 7 + index * 3 + source % 2) % 5
                    words = (0..<7).map { word("clm", story * 50 + claim * 10 + $0) } + [word("gen", zipf(3000))]
                } else {
                    words = (0..<5).map { _ in word("gen", zipf(3000)) } + (0..<3).map { _ in word("sty", story * 40 + next(40)) }
                        + [word("act", zipf(5000))]
                }
                sentences.append(ClaimAlignment.Sentence(source: source, paragraph: index + 1, text: words.joined(separator: " ") + "."))
            }
        }
        return sentences
    }

    @Test func candidatePairsGrowNearLinearly() {
        let aligner = ClaimAligner(gazetteer: .shared)
        let small = aligner.align(Self.corpus(sources: 200))
        let large = aligner.align(Self.corpus(sources: 800))
        let ratio = Double(large.candidatePairs) / Double(max(small.candidatePairs, 1))
        print("candidate pairs: 200 sources \(small.candidatePairs), 800 sources \(large.candidatePairs), ratio \(ratio)")
        #expect(small.candidatePairs > 0)
        #expect(large.candidatePairs < 6 * small.candidatePairs, "ratio \(ratio): the search grows faster than near-linearly")
        let sentences = Double(large.sentences.count)
        #expect(Double(large.candidatePairs) < sentences * sentences / 2 / 100, "far fewer pairs than every sentence with every other")
        #expect(large.groups.contains { $0.sources.count >= 3 }, "the repeated story claims are still found")
    }
}

@Suite struct ZeroedCountersTests {
    /// Chunks on all cores borrow counters, count in them and zero them again: each borrows an
    /// array of zeros, and arrays given back are lent again rather than made anew.
    @Test func borrowedCountersAreAllZeroAndLentAgain() {
        let counters = ZeroedCounters(count: 1_000)
        let sums = Array(0..<200).parallelMap { chunk -> Int in
            counters.withCounters { counts in
                let before = counts.reduce(0) { $0 + Int($1) }
                for index in stride(from: chunk % 7, to: 1_000, by: 7) { counts[index] += 1 }
                for index in stride(from: chunk % 7, to: 1_000, by: 7) { counts[index] = 0 }
                return before + (counts.count == 1_000 ? 0 : 1)
            }
        }
        #expect(sums.allSatisfy { $0 == 0 })
        var first: UnsafeMutablePointer<Int32>?
        counters.withCounters { counts in counts.withUnsafeMutableBufferPointer { first = $0.baseAddress } }
        var again: UnsafeMutablePointer<Int32>?
        counters.withCounters { counts in counts.withUnsafeMutableBufferPointer { again = $0.baseAddress } }
        #expect(first == again, "the array given back is the one lent next")
    }
}
