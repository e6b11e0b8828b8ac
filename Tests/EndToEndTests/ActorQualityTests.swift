import Foundation
import Testing
import DossierCore

/// Distinct actors per source, annotated by hand from the article bodies (not the
/// comments, not the page furniture), scored against the extractor.
/// Places that only locate something ("in Geneva") and texts (treaties) are not actors.
let seedGold: [String: Set<String>] = [
    "000": ["Pierre Lévy", "Vladimir Putin", "Donald Trump", "France", "Russia", "United States", "Ukraine", "Belarus", "Eritrea",
            "North Korea", "Syria", "China", "United Kingdom", "Canada", "Japan", "Iran", "Soviet Union", "United Nations",
            "UN General Assembly", "NATO", "European Union", "International Criminal Court", "PESCO", "Congress"],
    "001": ["Emmanuel Macron", "Antony Blinken", "Sergei Lavrov", "Sergei Ryabkov", "Volodymyr Zelensky", "Vladimir Putin",
            "European Union", "NATO", "United States", "Russia", "Ukraine", "European Parliament", "France"],
    "002": ["Emmanuel Macron", "Juliette Faure", "Pierre Vimont", "Donald Trump", "Joe Biden", "Volodymyr Zelensky", "Russia",
            "France", "United States", "European Union", "NATO", "Ukraine", "Russia Matters", "Yugoslavia"],
    "003": ["Vladimir Putin", "Emmanuel Macron", "Yuri Ushakov", "Pierre Vimont", "Nicolas Sarkozy", "François Hollande",
            "Charles de Gaulle", "Bashar al-Assad", "Paul Antonopoulos", "infoBrics", "Russia", "France", "Libya", "Syria", "Iran",
            "Ukraine", "United States", "Turkey", "Chad", "Tunisia", "Algeria", "Niger", "Iraq", "Poland", "NATO", "European Union",
            "G7", "RAND", "Government of National Accord", "Muslim Brotherhood", "Islamic State",
            "French Ministry for Europe and Foreign Affairs", "Franco-Russian Cooperation Council"],
    "004": ["Donald Trump", "Congress", "Russia", "China", "United States", "Ukraine", "NATO", "European Union", "Poland", "Iran",
            "North Korea"],
]

/// Fixture articles of our own, with their gold actors.
let fixtureGold: [(text: String, actors: Set<String>)] = [
    ("""
    Port deal signed after months of talks

    Published: April 4, 2024

    Kenya and the United Arab Emirates signed a port agreement in Nairobi on Tuesday, officials said. President William Oduya said the deal would create thousands of jobs.

    The African Union welcomed the agreement, while the World Bank said it would review its own loan to the Kenya Ports Authority.

    Oduya told reporters that Abu Dhabi had agreed to invest in the terminal. “This is a historic day,” he said.
    """, ["Kenya", "United Arab Emirates", "William Oduya", "African Union", "World Bank", "Kenya Ports Authority"]),
    ("""
    Opposition leader arrested

    Published: May 20, 2024

    Police in Caracas arrested opposition leader Marta Quintero on Sunday, her party, Democratic Unity, said in a statement.

    The European Union and the Organization of American States called for her release. Quintero's lawyer, Julio Ferrer, said the charges were political.

    Venezuela's attorney general, Tomás Rivas, denied that. The United States said it was following the case closely.
    """, ["Marta Quintero", "Democratic Unity", "European Union", "Organization of American States", "Julio Ferrer", "Venezuela",
          "Tomás Rivas", "United States"]),
]

func matches(_ gold: String, _ found: String) -> Bool {
    let a = gold.lowercased(), b = found.lowercased()
    return a == b || (a.count > 4 && b.count > 4 && (a.contains(b) || b.contains(a)))
}

func score(gold: Set<String>, found: Set<String>) -> (tp: Int, fp: Int, fn: Int) {
    let tp = gold.filter { g in found.contains { matches(g, $0) } }.count
    let fp = found.filter { f in !gold.contains { matches($0, f) } }.count
    return (tp, fp, gold.count - tp)
}

@Suite struct ActorQualityTests {
    @Test func seedsAgainstTheHandAnnotatedGoldList() throws {
        let options = BuildOptions(corpus: repositoryRoot.appendingPathComponent("seeds").path,
                                   config: repositoryRoot.appendingPathComponent("dossier.yml").path)
        let dossier = try BuildPipeline(options: options).analyse().dossier
        var total = (tp: 0, fp: 0, fn: 0)
        for source in dossier.sources {
            let gold = try #require(seedGold[String(source.raw.id.prefix(3))])
            let result = score(gold: gold, found: Set(source.summary.actors.map(\.name)))
            total = (total.tp + result.tp, total.fp + result.fp, total.fn + result.fn)
        }
        let precision = Double(total.tp) / Double(total.tp + total.fp)
        let recall = Double(total.tp) / Double(total.tp + total.fn)
        print("seeds: actor precision \(String(format: "%.3f", precision)), recall \(String(format: "%.3f", recall)) (\(total))")
        #expect(precision >= 0.93, "precision \(precision)")
        #expect(recall >= 0.95, "recall \(recall)")
    }

    @Test func fixturesAgainstTheirGoldLists() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("dossier-gold-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        for (index, fixture) in fixtureGold.enumerated() {
            let url = root.appendingPathComponent("seeds/f\(index).txt")
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(fixture.text.utf8).write(to: url)
        }
        let options = BuildOptions(corpus: root.appendingPathComponent("seeds").path, config: root.appendingPathComponent("none.yml").path)
        let dossier = try BuildPipeline(options: options).analyse().dossier
        var total = (tp: 0, fp: 0, fn: 0)
        for (index, fixture) in fixtureGold.enumerated() {
            let source = try #require(dossier.sources.first { $0.raw.id == "f\(index)" })
            let result = score(gold: fixture.actors, found: Set(source.summary.actors.map(\.name)))
            total = (total.tp + result.tp, total.fp + result.fp, total.fn + result.fn)
        }
        let precision = Double(total.tp) / Double(total.tp + total.fp)
        let recall = Double(total.tp) / Double(total.tp + total.fn)
        print("fixtures: actor precision \(String(format: "%.3f", precision)), recall \(String(format: "%.3f", recall)) (\(total))")
        #expect(precision >= 0.90, "precision \(precision)")
        #expect(recall >= 0.95, "recall \(recall)")
    }
}
