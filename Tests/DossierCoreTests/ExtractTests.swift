import Foundation
import Testing
@testable import DossierCore

/// A cleaned source built by hand: one text paragraph per string (no cleaner involved).
private func article(_ paragraphs: [String], stated: [String: String] = [:], headline: String? = "Grain talks resume",
                     id: String = "extract-fixture") -> (clean: CleanSource, raw: RawSource) {
    let text = paragraphs.joined(separator: "\n\n")
    let clean = CleanSource(
        id: id, file: id + ".txt", headline: headline, headlineLine: nil, stated: stated,
        paragraphs: paragraphs.enumerated().map { Paragraph(number: $0.offset + 1, kind: .text, text: $0.element, line: 2 * $0.offset + 1) },
        removed: [], comments: [])
    let raw = RawSource(id: id, file: id + ".txt", format: .text, text: text, contentHash: ContentHash.of(text))
    return (clean, raw)
}

private func summarise(_ paragraphs: [String], stated: [String: String] = [:]) -> SourceSummary {
    let source = article(paragraphs, stated: stated)
    return Extractor(gazetteer: .shared).extract(source.clean, raw: source.raw).summary
}

private func summarise(cleaning text: String, format: RawSource.Format = .text) -> (SourceSummary, CleanSource) {
    let raw = CleanFixtures.raw(text, format: format)
    let clean = SourceCleaner().clean(raw)
    return (Extractor(gazetteer: .shared).extract(clean, raw: raw).summary, clean)
}

/// An invented news report naming people, states, blocs and an organisation in many forms.
private let reportParagraphs = [
    "Foreign Minister Anna Kowalczyk met officials from the United States and the European Union on Monday to discuss the grain corridor.",
    "“We will not accept any further delay in these talks,” Kowalczyk said.",
    "“We are ready to sign the agreement tomorrow,” she said.",
    "The U.S. delegation was led by Piotr Nowak, a trade envoy.",
    "“The border will stay open for grain,” said Piotr Nowak.",
    "Nowak told reporters: “We expect the first ships within a week.”",
    "American diplomats said the US position had not changed, and Washington said it would back the plan. America, they added, wants a quick deal.",
    "Russian officials did not comment. The Kremlin said the corridor was a matter for the coastal states, while NATO said it was watching closely.",
    "“Exports fell by a third over the winter,” according to the Ministry of Agriculture.",
    "Some farmers called the plan “a bad joke from start to finish” in interviews.",
]

@Suite struct ExtractTests {
    // MARK: Sentences

    @Test func sentencesDoNotBreakAtTitlesAcronymsOrInitials() {
        #expect(Sentences.split("Mr. Nowak flew to the U.S. Senate hearing. J. Kowalczyk stayed home.")
            == ["Mr. Nowak flew to the U.S. Senate hearing.", "J. Kowalczyk stayed home."])
        #expect(Sentences.split("Dr. Roe and Prof. Marsh signed the letter on Monday.").count == 1)
    }

    @Test func sentencesDoNotBreakInsideDecimals() {
        #expect(Sentences.split("Exports grew 2.5 percent in March. Prices rose 0.7 percent.")
            == ["Exports grew 2.5 percent in March.", "Prices rose 0.7 percent."])
    }

    @Test func closingQuotesBelongToTheSentenceTheyEnd() {
        #expect(Sentences.split("“We will stay,” she said. “We will not leave.” Then the talks ended.")
            == ["“We will stay,” she said.", "“We will not leave.”", "Then the talks ended."])
        // A question inside a quote followed by the speaker is one sentence.
        #expect(Sentences.split("“Why now?” she asked. Nobody answered.") == ["“Why now?” she asked.", "Nobody answered."])
    }

    @Test func questionAndExclamationMarksEndSentences() {
        #expect(Sentences.split("Will the deal hold? Nobody knows! Talks resume today.")
            == ["Will the deal hold?", "Nobody knows!", "Talks resume today."])
        #expect(Sentences.split("No full stop at the end") == ["No full stop at the end"])
    }

    // MARK: Tokens

    @Test func possessiveIsSplitOffTheName() throws {
        let tokens = Tokenizer.tokens("Russia’s envoy met Kowalczyk's team.")
        #expect(tokens.map(\.text) == ["Russia", "envoy", "met", "Kowalczyk", "team"])
        #expect(tokens[0].after == "’s")
        #expect(tokens[0].isPossessive)
        #expect(tokens[3].after == "'s")
        #expect(tokens[4].after == ".")
        #expect(!tokens[1].isPossessive)
    }

    @Test func dottedAcronymKeepsItsDots() {
        let tokens = Tokenizer.tokens("the U.S. and the EU.")
        #expect(tokens.map(\.text) == ["the", "U.S.", "and", "the", "EU"])
        #expect(tokens[1].after == "")
        #expect(tokens[1].isAcronym)
        #expect(tokens[4].isAcronym)
        #expect(tokens[4].after == ".")
    }

    @Test func hyphenatedWordsStayOneToken() {
        let tokens = Tokenizer.tokens("US-Russia talks on rules-based trade")
        #expect(tokens.map(\.text) == ["US-Russia", "talks", "on", "rules-based", "trade"])
        #expect(tokens.map(\.index) == Array(0..<5))
    }

    @Test func hyphenatedPairOfKnownNamesIsTwoActors() {
        let clean = CleanSource(id: "h", file: "h.txt", headline: nil, headlineLine: nil, stated: [:],
                                paragraphs: [Paragraph(number: 1, kind: .text, text: "The US-Russia talks and the Russo-Georgian war were discussed at length by the delegations on both sides.", line: 1)],
                                removed: [], comments: [])
        let raw = RawSource(id: "h", file: "h.txt", format: .text, text: "", contentHash: "0")
        let names = Set(Extractor(gazetteer: .shared).extract(clean, raw: raw).summary.actors.map(\.name))
        #expect(names.contains("United States"))
        #expect(names.contains("Russia"))
        #expect(!names.contains("Russo"))
    }

    /// A source's lowercase words: each once however often and however spelt (a composed and a
    /// decomposed "é" are one word), sorted, without punctuation, capitalised words or numbers.
    @Test func aSourcesLowercaseWordsAreEachListedOnce() {
        let composed = "caf\u{E9}", decomposed = "cafe\u{301}"
        let clean = CleanSource(id: "w", file: "w.txt", headline: nil, headlineLine: nil, stated: [:],
                                paragraphs: [Paragraph(number: 1, kind: .text, text: "The grain talks, the \(composed) and \"grain\" (again) in 2024.", line: 1),
                                             Paragraph(number: 2, kind: .text, text: "Grain talks resumed at the \(decomposed); über-talks élan Élan.", line: 3)],
                                removed: [], comments: [])
        let words = CorpusVocabulary.lowercaseWords(in: clean)
        #expect(words.filter { $0 == composed }.count == 1, "\(words)")
        #expect(words == words.sorted() && Set(words).count == words.count)
        #expect(Set(words) == Set(["again", "and", composed, "élan", "grain", "in", "resumed", "at", "talks", "the", "über-talks"]), "\(words)")
    }

    /// ASCII pieces are read as bytes: they must give the tokens (and `forEachWord` the words) the scalar reading gives, on
    /// every sentence of the seeds and on made-up words built from the punctuation the rules look at.
    @Test func bytewiseTokensMatchTheScalarReading() throws {
        func described(_ tokens: [Token]) -> [String] { tokens.map { "\($0.index)|\($0.before)|\($0.text)|\($0.after)" } }
        var sentences = ["[Anna] Berg said so.", "[Anna]'s view", "['s]", "'s", "U.S.'s role", "A.B.C. and a.b.", "“Mixed” 'quotes' here",
                         "(NATO).", "\"x\"", "..", "U.", "it's", "Jones'", "[x", "x]", "[]", "[]]", "ab's'", "tab\tand\nnew line",
                         "  leading and trailing  ", "Ünïcödé's café, [Zoë] and “U.S.”", "", "…", "'''", "(((a)))"]
        let seeds = repositoryRoot.appendingPathComponent("seeds")
        for name in try FileManager.default.contentsOfDirectory(atPath: seeds.path).sorted() {
            let text = try String(contentsOf: seeds.appendingPathComponent(name), encoding: .utf8)
            sentences += text.split(separator: "\n").flatMap { Sentences.split(String($0)) }
        }
        // Words of letters, digits and the punctuation the rules treat specially, in every short arrangement.
        let parts = ["a", "S", "s", "1", ".", "'", "\"", "(", ")", "[", "]", ",", "!", "-", "’", "“"]
        for first in parts { for second in parts { for third in parts { sentences.append(first + second + third + " " + third + first) } } }
        var compared = 0
        for sentence in sentences {
            let expected = Tokenizer.scalarTokens(sentence)
            #expect(described(Tokenizer.tokens(sentence)) == described(expected), "\(sentence)")
            var words: [String] = []
            Tokenizer.forEachWord(in: sentence) { words.append(String($0)) }
            #expect(words == expected.map(\.text), "\(sentence)")
            compared += 1
        }
        #expect(compared > 4000)
    }

    @Test func combiningFormCompoundStaysOneWord() {
        #expect(Tokenizer.tokens("the Russo-Georgian war").map(\.text) == ["the", "Russo-Georgian", "war"])
    }

    @Test func quotesAndPunctuationAroundWords() {
        let tokens = Tokenizer.tokens("“We will stay,” she said (NATO).")
        #expect(tokens.map(\.text) == ["We", "will", "stay", "she", "said", "NATO"])
        #expect(tokens[0].before == "“")
        #expect(tokens[2].after == ",”")
        #expect(tokens[5].before == "(")
        #expect(tokens[5].after == ").")
        #expect(tokens[0].isCapitalised && !tokens[1].isCapitalised)
        #expect(!Tokenizer.tokens("Nato")[0].isAcronym)
    }

    // MARK: Dates

    private func dates(_ sentence: String, published: String? = nil) -> [String] {
        DateExtractor(published: published).dates(in: Tokenizer.tokens(sentence)).map(\.iso)
    }

    @Test func fullDatesInBothOrders() {
        #expect(dates("The deal was signed on March 2, 2022 in the capital.") == ["2022-03-02"])
        #expect(dates("Troops crossed the border on 24 February 2022.") == ["2022-02-24"])
        #expect(dates("The deal was signed on Sept. 9, 2021.") == ["2021-09-09"])
    }

    @Test func monthAndYearOrYearAlone() {
        #expect(dates("Talks began in March 2022.") == ["2022-03"])
        let found = DateExtractor(published: nil).dates(in: Tokenizer.tokens("The corridor opened in 2019."))
        #expect(found == [DateExtractor.Found(iso: "2019", phrase: "in 2019")])
        // "may" the verb is not May the month.
        #expect(dates("Talks may resume in 2025.") == ["2025"])
    }

    @Test func dayAndMonthTakeTheYearOfPublication() {
        #expect(dates("Officials met on March 2 in the capital.", published: "2024-03-05") == ["2024-03-02"])
        #expect(dates("Officials met on March 2 in the capital.") == [])
    }

    @Test func lastMonthIsResolvedAgainstPublication() {
        let found = DateExtractor(published: "2024-03-05").dates(in: Tokenizer.tokens("Prices peaked last November."))
        #expect(found == [DateExtractor.Found(iso: "2023-11", phrase: "last November")])
        #expect(dates("Prices peaked last November.", published: "2024-12-10") == ["2024-11"])
        #expect(dates("Prices peaked last March.", published: "2024-03-20") == ["2023-03"])
        #expect(dates("Prices peaked last November.") == [])
    }

    @Test func weekdayIsTheLatestOneOnOrBeforePublication() {
        // 2024-03-08 was a Friday, 2024-03-06 a Wednesday.
        let found = DateExtractor(published: "2024-03-08").dates(in: Tokenizer.tokens("The minister spoke on Wednesday."))
        #expect(found == [DateExtractor.Found(iso: "2024-03-06", phrase: "on Wednesday")])
        #expect(dates("The minister spoke on Wednesday.", published: "2024-03-06") == ["2024-03-06"])
        #expect(dates("The minister spoke on Thursday.", published: "2024-03-06") == ["2024-02-29"])
        #expect(dates("The minister spoke on Wednesday.") == [])
    }

    @Test func yesterdayTodayAndLastYear() {
        #expect(dates("The ships left yesterday.", published: "2024-03-01") == ["2024-02-29"])
        #expect(dates("The ships leave today.", published: "2024-03-01") == ["2024-03-01"])
        #expect(dates("Exports fell last year.", published: "2024-03-01") == ["2023"])
        #expect(dates("The ships left yesterday.") == [])
    }

    @Test func normaliseStatedDates() {
        #expect(DateExtractor.normalise("February 14, 2026") == "2026-02-14")
        #expect(DateExtractor.normalise("2026-02-14") == "2026-02-14")
        #expect(DateExtractor.normalise(" 2026-02-14T09:30:00Z") == "2026-02-14")
        #expect(DateExtractor.normalise("14 Feb 2026") == "2026-02-14")
        #expect(DateExtractor.normalise("March 2024") == "2024-03")
        #expect(DateExtractor.normalise("March 3, 2024 at 7:15 pm") == "2024-03-03")
        #expect(DateExtractor.normalise("soon") == nil)
        #expect(DateExtractor.normalise("2026-13-40") == nil)
    }

    // MARK: Actors

    private var report: SourceSummary { summarise(reportParagraphs) }

    private func actor(_ name: String, in summary: SourceSummary) -> ActorMention? {
        summary.actors.first { $0.name == name }
    }

    @Test func actorsHaveTheRightKinds() throws {
        let summary = report
        let kinds = Dictionary(summary.actors.map { ($0.name, $0.kind) }, uniquingKeysWith: { first, _ in first })
        #expect(kinds["Anna Kowalczyk"] == .person)
        #expect(kinds["Piotr Nowak"] == .person)
        #expect(kinds["United States"] == .state)
        #expect(kinds["Russia"] == .state)
        #expect(kinds["European Union"] == .bloc)
        #expect(kinds["NATO"] == .bloc)
        #expect(kinds["Ministry of Agriculture"] == .organisation)
        // Sentence openers, weekdays and quoted words are not actors.
        for word in ["The", "We", "Monday", "Exports", "Some", "American", "Kremlin", "Washington"] {
            #expect(kinds[word] == nil, "\(word)")
        }
    }

    @Test func surnameAloneResolvesToTheFullName() throws {
        let summary = report
        let anna = try #require(actor("Anna Kowalczyk", in: summary))
        #expect(anna.forms == ["Anna Kowalczyk", "Kowalczyk"])
        #expect(anna.mentions == 2)
        #expect(anna.paragraphs == [1, 2])
        let piotr = try #require(actor("Piotr Nowak", in: summary))
        #expect(piotr.forms == ["Nowak", "Piotr Nowak"])
        #expect(piotr.mentions == 3)
        #expect(actor("Kowalczyk", in: summary) == nil)
        #expect(actor("Nowak", in: summary) == nil)
    }

    @Test func titleBeforeANameIsTheRole() throws {
        let anna = try #require(actor("Anna Kowalczyk", in: report))
        #expect(anna.roles == ["Foreign Minister"])
        let summary = summarise(["Talks were chaired by deputy foreign minister Lena Brandt, who arrived on Monday."])
        #expect(actor("Lena Brandt", in: summary)?.roles == ["deputy foreign minister"])
    }

    @Test func everyNameOfTheUnitedStatesIsOneState() throws {
        let summary = report
        let us = try #require(actor("United States", in: summary))
        #expect(us.kind == .state)
        for form in ["United States", "U.S.", "US", "America", "Washington"] {
            #expect(us.forms.contains(form), "\(form)")
        }
        // "American" counts for the state but is not one of its names.
        #expect(!us.forms.contains("American"))
        #expect(us.mentions == 6)
        #expect(summary.actors.filter { $0.kind == .state }.map(\.name).sorted() == ["Russia", "United States"])
    }

    @Test func adjectivesAndSeatsOfGovernmentCountTowardTheirState() throws {
        let russia = try #require(actor("Russia", in: report))
        #expect(russia.forms == ["Kremlin"])
        #expect(russia.mentions == 2)
        let summary = summarise(["French diplomats said the talks would go on through the spring, while officials waited for instructions."])
        let france = try #require(actor("France", in: summary))
        #expect(france.kind == .state)
        #expect(france.forms.isEmpty)
        #expect(france.mentions == 1)
    }

    @Test func capitalAsAPlaceIsNotTheGovernment() {
        let summary = summarise(["The delegations met in Washington on Monday and talked for several hours about the grain corridor."])
        #expect(actor("United States", in: summary) == nil)
    }

    // MARK: Quotes

    private func quote(_ start: String, in summary: SourceSummary) -> Quote? {
        summary.quotes.first { $0.text.hasPrefix(start) }
    }

    @Test func quoteFollowedBySurnameSaid() throws {
        let found = try #require(quote("We will not accept", in: report))
        #expect(found.speaker == "Anna Kowalczyk")
        #expect(found.paragraph == 2)
    }

    @Test func quoteFollowedBySaidAndAName() throws {
        let found = try #require(quote("The border will stay open", in: report))
        #expect(found.speaker == "Piotr Nowak")
        #expect(found.paragraph == 5)
    }

    @Test func nameToldReportersBeforeTheQuote() throws {
        let found = try #require(quote("We expect the first ships", in: report))
        #expect(found.speaker == "Piotr Nowak")
        #expect(found.text == "We expect the first ships within a week.")
    }

    @Test func pronounSpeakerIsThePersonMentionedBefore() throws {
        let found = try #require(quote("We are ready to sign", in: report))
        #expect(found.speaker == "Anna Kowalczyk")
        #expect(found.paragraph == 3)
    }

    @Test func accordingToAnOrganisation() throws {
        let found = try #require(quote("Exports fell by a third", in: report))
        #expect(found.speaker == "Ministry of Agriculture")
    }

    @Test func unattributedQuoteHasNoSpeaker() throws {
        let found = try #require(quote("a bad joke", in: report))
        #expect(found.speaker == nil)
        #expect(found.text == "a bad joke from start to finish")
        #expect(found.paragraph == 10)
        #expect(report.quotes.count == 6)
    }

    // MARK: Claims

    private let claimParagraphs = [
        "The grain corridor reopened on Monday after a two-month pause in the talks between the two governments. Ships loaded with wheat left the northern port within hours of the announcement. Port officials said the first convoy carried more than forty thousand tonnes of grain. The corridor had been closed since the winter storms damaged the loading cranes. Farmers in the region had waited for weeks to sell their stored harvest abroad.",
        "The new agreement introduces shared inspections of grain ships at the border crossing. Inspectors from both governments will check every cargo together under the new agreement. Officials said shared inspections would cut waiting times for grain ships by half. Exporters had long complained that separate inspections kept their ships waiting for days. The agreement also creates a joint committee to settle disputes about the inspections.",
        "Insurers have not yet said whether they will cover grain ships on the corridor route. Without insurance, many ship owners are unlikely to send their vessels through the corridor. Traders said insurance costs had doubled since the corridor was closed in the winter. The governments have promised a guarantee fund, but its size has not been announced. Analysts said the insurance question would decide whether the corridor deal lasts.",
        "Grain prices on world markets fell slightly after the corridor reopened on Monday. Buyers in importing countries welcomed the news but warned that supplies remained tight this year. The harvest in the region is expected to be smaller than last year because of the drought. Aid agencies said the reopened corridor would help them buy grain for food programmes. The joint committee is due to meet for the first time at the end of the month.",
    ]

    @Test func claimsAreAFewCentralSentencesWithTheirParagraphs() throws {
        let sentenceCount = claimParagraphs.reduce(0) { $0 + Sentences.split($1).count }
        try #require(sentenceCount == 20)
        let summary = summarise(claimParagraphs)
        #expect((3...6).contains(summary.claims.count))
        #expect(Set(summary.claims.map(\.text)).count == summary.claims.count)
        for claim in summary.claims {
            #expect((1...claimParagraphs.count).contains(claim.paragraph))
            #expect(claimParagraphs[claim.paragraph - 1].contains(claim.text), "\(claim.text)")
        }
        // Claims keep text order.
        #expect(summary.claims.map(\.paragraph) == summary.claims.map(\.paragraph).sorted())
    }

    @Test func questionsAndQuotesAreNotClaims() {
        let paragraphs = claimParagraphs + [
            "Will the grain corridor and the shared inspections of grain ships survive the insurance question this year?",
            "“The grain corridor and the shared inspections of grain ships will survive,” one official said on Monday.",
        ]
        let claims = summarise(paragraphs).claims
        #expect(!claims.isEmpty)
        #expect(!claims.contains { $0.text.hasSuffix("?") || $0.text.hasPrefix("“") })
    }

    // MARK: Metadata and events

    @Test func metadataComesFromWhatThePageStates() {
        let (news, _) = summarise(cleaning: CleanFixtures.newsPage)
        #expect(news.title == "Grain corridor talks resume after two-month pause")
        #expect(news.published == "2024-03-03")
        #expect(news.author == "Jane Roe")
        let (markdown, _) = summarise(cleaning: CleanFixtures.frontMatter, format: .markdown)
        #expect(markdown.title == "Grain talks resume")
        #expect(markdown.published == "2024-03-03")
        #expect(markdown.author == "Jane Roe")
    }

    @Test func eventsAreDatedRelativeToPublicationWithTheirActors() throws {
        let summary = summarise([
            "Foreign Minister Anna Kowalczyk met the NATO delegation on Wednesday in the capital.",
            "The corridor first opened in 2022.",
        ], stated: ["published": "March 8, 2024"])
        #expect(summary.published == "2024-03-08")
        let wednesday = try #require(summary.events.first { $0.phrase == "on Wednesday" })
        #expect(wednesday.date == "2024-03-06")
        #expect(wednesday.paragraph == 1)
        #expect(wednesday.actors == ["Anna Kowalczyk", "NATO"])
        let opened = try #require(summary.events.first { $0.date == "2022" })
        #expect(opened.paragraph == 2)
        #expect(opened.text == "The corridor first opened in 2022.")
    }

    // MARK: Reliability and genre

    private func flags(_ text: String, format: RawSource.Format = .text) -> [ReliabilityFlag.Kind: String] {
        let (summary, _) = summarise(cleaning: text, format: format)
        return Dictionary(summary.flags.map { ($0.flag, $0.evidence) }, uniquingKeysWith: { first, _ in first })
    }

    @Test func readerCommentsAreFlagged() throws {
        let found = flags(CleanFixtures.numberedComments)
        let evidence = try #require(found[.readerComments])
        #expect(evidence.contains("3 reader comments"))
        #expect(evidence.contains("marta_k"))
    }

    @Test func truncatedPageIsFlagged() {
        #expect(flags(CleanFixtures.truncated)[.truncated] == "Read the rest of the article here.")
    }

    @Test func submittedContentIsFlaggedSponsored() throws {
        let evidence = try #require(flags(CleanFixtures.sponsored)[.sponsoredOrSyndicated])
        #expect(evidence.hasPrefix("Submitted by"))
    }

    @Test func donationAppealAndDisclaimerMakeAnAdvocacySourceAndAnOpinion() throws {
        let (summary, _) = summarise(cleaning: CleanFixtures.opinion)
        #expect(summary.flags.map(\.flag).contains(.advocacySource))
        #expect(summary.genre == .opinion)
    }

    @Test func hashtagsMakeASocialMediaPost() throws {
        let (summary, _) = summarise(cleaning: CleanFixtures.socialPost)
        let social = try #require(summary.flags.first { $0.flag == .socialMedia })
        #expect(social.evidence == "#GrainDeal #Shipping")
        #expect(summary.genre == .socialPost)
    }

    @Test func invalidTextIsFlaggedFromDecodingNotes() {
        let source = article(["The corridor reopened on Monday after a two-month pause in the talks."])
        var raw = source.raw
        raw.decodingNotes = ["invalid UTF-8 replaced with \u{FFFD}"]
        let summary = Extractor(gazetteer: .shared).extract(source.clean, raw: raw).summary
        #expect(summary.flags == [ReliabilityFlag(.invalidText, evidence: "invalid UTF-8 replaced with \u{FFFD}")])
    }

    @Test func genreFromTheShapeOfTheSource() {
        #expect(summarise(cleaning: CleanFixtures.thread).0.genre == .commentThread)
        #expect(summarise(cleaning: CleanFixtures.analysis).0.genre == .analysis)
        let (news, _) = summarise(cleaning: CleanFixtures.publishedWithRemainder)
        #expect(news.genre == .newsReport)
        #expect(news.flags.isEmpty)
    }

    @Test func commentsLongerThanTheArticleMakeACommentThread() {
        let clean = CleanSource(
            id: "c", file: "c.txt", headline: "Short post", headlineLine: 1, stated: [:],
            paragraphs: [Paragraph(number: 1, kind: .text, text: "Ports reopen today.", line: 2)], removed: [],
            comments: [Comment(line: 4, text: "This is the best news we have had from the coast all year, and about time too.")])
        let rules = ReliabilityRules(gazetteer: .shared)
        let raw = RawSource(id: "c", file: "c.txt", format: .text, text: "", contentHash: "0")
        let flags = rules.flags(for: clean, raw: raw)
        #expect(flags.map(\.flag) == [.readerComments])
        #expect(rules.genre(for: clean, flags: flags).0 == .commentThread)
    }

    /// Words are the runs between spaces, however many spaces stand between them; "I", "I'm" and
    /// "my" count as the first person only as whole words.
    @Test func wordsAndTheFirstPersonAreCountedAsSplittingOnSpacesCountsThem() {
        let texts = ["", " ", "I", "  I  ", "I’m sure my view, and My own, is mine; myself I'm not.", "I'm\tmy", "Im mY MY my my",
                     "  leading and trailing  ", "Ünïcode wörds: “I” — my! I’m", String(repeating: "my I ", count: 50)]
        for text in texts {
            let words = text.utf8.split(separator: UInt8(ascii: " "))
            let firstPerson = words.filter { ["I", "I'm", "I’m", "my", "My"].map { Array($0.utf8) }.contains(Array($0)) }.count
            #expect(ReliabilityRules.countWords([text]) == (words.count, firstPerson), "\(text)")
        }
        #expect(ReliabilityRules.countWords(texts) == (texts.reduce(0) { $0 + $1.utf8.split(separator: UInt8(ascii: " ")).count }, 109))
    }

    /// The byte search that rules spun phrases out must keep every phrase the word-by-word
    /// search could find: across punctuation and capitals, and wherever a Kelvin sign could lowercase to "k".
    @Test func spunPhrasesAreRuledOutOnlyWhenTheirWordsAreAbsent() {
        func source(_ texts: [String]) -> CleanSource {
            CleanSource(id: "s", file: "s.txt", headline: nil, headlineLine: nil, stated: [:],
                        paragraphs: texts.enumerated().map { Paragraph(number: $0.offset + 1, kind: .text, text: $0.element, line: $0.offset + 1) },
                        removed: [], comments: [])
        }
        let phrases = [["colossal", "information"], ["kidney", "disappointment"]]
        #expect(ReliabilityRules.phrasesWhoseWordsOccur(phrases, in: source(["Officials shared information on Monday."])).isEmpty)
        #expect(ReliabilityRules.phrasesWhoseWordsOccur(phrases, in: source(["“COLOSSAL”,", "information."])) == [0])
        #expect(ReliabilityRules.phrasesWhoseWordsOccur(phrases, in: source(["A \u{212A}idney stone."])) == [0, 1])
        let rules = ReliabilityRules(gazetteer: .shared)
        let raw = RawSource(id: "s", file: "s.txt", format: .text, text: "", contentHash: "0")
        let spun = source(["The Colossal information about Synthetic intelligence was shared.", "Nothing else."])
        #expect(rules.flags(for: spun, raw: raw).map(\.flag) == [.machineSpunText], "two phrases, capitalised, still raise the flag")
    }
}
