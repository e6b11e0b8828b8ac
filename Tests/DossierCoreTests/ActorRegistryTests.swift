import Foundation
import Testing
@testable import DossierCore

@Suite(.serialized) struct ActorRegistryTests {
    let reportA = """
    Ministers meet in Valdoria over grain exports

    Published: March 3, 2024

    Foreign Minister Anna Kowalczyk met her counterpart Tomas Berger in Valdoria on Monday to discuss grain exports with the Grain Board.

    “We will not accept a deal that leaves farmers behind,” Kowalczyk said after the meeting with Berger and the Grain Board.
    """
    let reportB = """
    Talks stall

    Published: March 9, 2024

    Talks on grain exports stalled on Friday after Berger left the meeting early, according to officials of the Grain Board.

    Kowalczyk said the Grain Board would review its plan before the summer.
    """

    func analyse(registry: String) throws -> BuildPipeline.Analysis {
        let root = try temporaryFolder()
        defer { cleanUp(root) }
        let corpus = root.appendingPathComponent("seeds")
        try write(reportA, to: corpus.appendingPathComponent("a.txt"))
        try write(reportB, to: corpus.appendingPathComponent("b.txt"))
        try write(registry, to: corpus.appendingPathComponent("actors.yml"))
        return try BuildPipeline(options: BuildOptions(corpus: corpus.path, config: root.appendingPathComponent("none.yml").path)).analyse()
    }

    @Test func renamesMergesFixesKindsAndIgnores() throws {
        let analysis = try analyse(registry: """
        actors:
          - name: Minister Kowalczyk
            aliases: [Anna Kowalczyk]
          - name: National Grain Board
            aliases: [Grain Board]
            kind: bloc
        ignore: [Tomas Berger]
        """)
        let names = Set(analysis.dossier.actors.map(\.name))
        #expect(names.contains("Minister Kowalczyk"))
        #expect(!names.contains("Anna Kowalczyk"))
        let board = try #require(analysis.dossier.actors.first { $0.name == "National Grain Board" })
        #expect(board.kind == .bloc)
        #expect(board.appearances.count == 2)
        #expect(!names.contains("Tomas Berger"))
        let quote = try #require(analysis.dossier.sources[0].summary.quotes.first)
        #expect(quote.speaker == "Minister Kowalczyk", "quotes follow the rename")
        #expect(analysis.warnings.isEmpty, "\(analysis.warnings)")
    }

    @Test func splitsAWrongMergeSourceBySource() throws {
        let analysis = try analyse(registry: """
        split:
          - name: Tomas Berger
            sources: {b: Lena Berger}
        """)
        let tomas = try #require(analysis.dossier.actors.first { $0.name == "Tomas Berger" })
        #expect(tomas.appearances.map { analysis.dossier.sources[$0.source].raw.id } == ["a"])
        let lena = try #require(analysis.dossier.actors.first { $0.name == "Lena Berger" })
        #expect(lena.appearances.map { analysis.dossier.sources[$0.source].raw.id } == ["b"])
    }

    @Test func entriesThatMatchNothingAreReportedWithTheirLine() throws {
        let analysis = try analyse(registry: """
        actors:
          - name: Nobody Atall
            aliases: [Nobody]
        ignore: [Not There]
        """)
        let messages = analysis.warnings.filter { $0.file?.hasSuffix("actors.yml") == true }
        #expect(messages.count == 2)
        #expect(messages.contains { $0.line == 2 && $0.message.contains("Nobody Atall") })
        #expect(messages.contains { $0.line == 4 && $0.message.contains("Not There") })
    }

    @Test func aMalformedRegistryStopsWithLineAndColumn() throws {
        #expect {
            try analyse(registry: "actors:\n  - name: [unclosed\n")
        } throws: { error in
            guard let error = error as? DossierError else { return false }
            return error.file?.hasSuffix("actors.yml") == true && error.line == 2 || error.line == 3
        }
        #expect {
            try analyse(registry: "actors:\n  - name: X\n    kind: planet\n")
        } throws: { error in
            (error as? DossierError)?.line == 3 && (error as? DossierError)?.message.contains("planet") == true
        }
    }

    @Test func extractProposesARegistry() throws {
        let dossier = try makeDossier([("a.txt", reportA), ("b.txt", reportB), ("c.txt", """
        Another Berger

        Published: March 10, 2024

        Economist Petra Berger said the grain plan would raise prices across the region for several months.
        """)])
        let text = ActorRegistryProposal.text(for: dossier)
        #expect(text.contains("# People sharing a surname"))
        #expect(text.contains("Petra Berger") && text.contains("Tomas Berger"))
        // Every proposal is commented out: the file as written changes nothing.
        #expect(try ActorRegistryFile.parse(text, path: "actors.yml") == ActorRegistryFile(path: "actors.yml"))
    }
}
