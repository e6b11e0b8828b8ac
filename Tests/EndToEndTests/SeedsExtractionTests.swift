import Foundation
import Testing
import DossierCore

/// What a careful reader of each seed would write down: the expected values are
/// read off the source files by hand, not copied from the program's output.
@Suite struct SeedsExtractionTests {
    let dossier: Dossier

    init() throws {
        let options = BuildOptions(corpus: repositoryRoot.appendingPathComponent("seeds").path,
                                   config: repositoryRoot.appendingPathComponent("dossier.yml").path)
        dossier = try BuildPipeline(options: options).analyse().dossier
    }

    func source(_ prefix: String) throws -> Dossier.Source {
        try #require(dossier.sources.first { $0.raw.id.hasPrefix(prefix) })
    }

    @Test func everyNonBlankLineIsAccountedFor() throws {
        for source in dossier.sources {
            let lines = source.raw.text.split(separator: "\n", omittingEmptySubsequences: false).map {
                $0.replacingOccurrences(of: "\u{00A0}", with: " ").trimmingCharacters(in: .whitespaces)
            }
            let body = source.clean.paragraphs.map(\.text).joined(separator: "\n")
            let comments = source.clean.comments.map(\.text).joined(separator: "\n")
            let removedLines = Set(source.clean.removed.map(\.line))
            for (offset, rawLine) in lines.enumerated() where !rawLine.isEmpty {
                let number = offset + 1
                // A list item's bullet is markup, not text.
                let line = rawLine.hasPrefix("• ") ? String(rawLine.dropFirst(2)) : rawLine
                let accounted = number == source.clean.headlineLine || removedLines.contains(number)
                    || body.contains(line) || comments.contains(line)
                    || line.hasPrefix("Published:") && body.contains(line.components(separatedBy: " | ").last ?? line)
                    || (line.first?.isNumber == true && (body.contains(String(line.drop { $0 != " " }.dropFirst())) || comments.contains(String(line.drop { $0 != " " }.dropFirst()))))
                #expect(accounted, "\(source.raw.file):\(number) is lost: \(line.prefix(80))")
            }
        }
    }

    @Test func titlesAreTheHeadlinesNotBreadcrumbs() throws {
        #expect(try source("000").summary.title == "Former French envoy to Moscow warns of a brand new US-Russia convergence")
        #expect(try source("003").summary.title == "France aligning with Russia better protects its security and strategic interests")
        #expect(try source("000").clean.removed.contains { $0.reason == .navigation && $0.text.hasPrefix("Home International News") })
    }

    @Test func genresFollowTheEvidence() throws {
        #expect(try source("001").summary.genre == .commentThread)
        #expect(try source("003").summary.genre == .opinion)
        #expect(try source("004").summary.genre == .socialPost)
        #expect(try source("002").summary.genre == .analysis, "it presents itself as “an analysis”")
    }

    @Test func flagsQuoteTheirEvidence() throws {
        func flags(_ prefix: String) throws -> [ReliabilityFlag.Kind: String] {
            Dictionary(try source(prefix).summary.flags.map { ($0.flag, $0.evidence) }, uniquingKeysWith: { a, _ in a })
        }
        #expect(try flags("001")[.readerComments] != nil)
        #expect(try flags("002")[.truncated] == "Read the rest of the article here.")
        #expect(try flags("003")[.advocacySource]?.contains("Patreon") == true)
        #expect(try flags("003")[.sponsoredOrSyndicated]?.hasPrefix("Submitted by") == true)
        #expect(try flags("004")[.socialMedia]?.hasPrefix("#") == true)
        #expect(try flags("000")[.machineSpunText] != nil, "the text is a synonym-swapped rewrite")
        #expect(try flags("002")[.machineSpunText] == nil)
        #expect(try flags("001")[.machineSpunText] == nil)
    }

    @Test func commentsAreApartFromTheBody() throws {
        let thread = try source("001")
        #expect(thread.clean.comments.count == 11, "12 numbered entries, the first of which is the article")
        #expect(thread.clean.paragraphs.count >= 15)
        #expect(!thread.clean.paragraphs.contains { $0.text.contains("lay off the shrooms") })
        #expect(thread.clean.comments.contains { $0.text.contains("lay off the shrooms") })
        #expect(try source("000").clean.comments.isEmpty, "a comment widget with no comments")
    }

    @Test func metadataIsWhatThePageStates() throws {
        #expect(try source("000").summary.published == "2026-02-14")
        #expect(try source("001").summary.published == nil, "the page states no date")
        #expect(try source("003").summary.author == "Paul Antonopoulos")
        #expect(try source("003").summary.outlet == "The Duran")
        #expect(try source("004").summary.author == "Aïssa Christophe Agostini")
        #expect(try source("000").summary.author == nil)
    }

    @Test func junkNeverReachesTheBody() throws {
        for source in dossier.sources {
            for paragraph in source.clean.paragraphs {
                #expect(!["Share", "Leave a Reply", "Leave a comment", "Article Rating", "Explore topics"].contains(paragraph.text), "\(source.raw.file): \(paragraph.text)")
                #expect(!paragraph.text.hasPrefix("See also"), "\(source.raw.file): \(paragraph.text)")
                #expect(!paragraph.text.hasPrefix("#"), "\(source.raw.file): \(paragraph.text)")
            }
        }
    }

    @Test func actorsOfTheSeedsAreFoundAndResolved() throws {
        let names = Set(dossier.actors.map(\.name))
        for expected in ["Emmanuel Macron", "Vladimir Putin", "Donald Trump", "Antony Blinken", "Sergei Lavrov", "Sergei Ryabkov",
                         "Pierre Lévy", "Pierre Vimont", "Volodymyr Zelensky", "Russia", "United States", "France", "Ukraine",
                         "NATO", "European Union", "China"] {
            #expect(names.contains(expected), "missing \(expected)")
        }
        for wrong in ["Macron", "Putin", "Lévy", "Share", "Middle East", "UN Charter", "President"] {
            #expect(!names.contains(wrong), "\(wrong) should not be an actor of its own")
        }
        let macron = try #require(dossier.actors.first { $0.name == "Emmanuel Macron" })
        #expect(macron.kind == .person)
        #expect(macron.appearances.count >= 3)
        #expect(macron.appearances.flatMap(\.roles).contains { $0.lowercased().contains("president") })
        let us = try #require(dossier.actors.first { $0.name == "United States" })
        #expect(us.kind == .state)
        #expect(us.appearances.count == 5)
    }
}
