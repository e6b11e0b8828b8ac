import Foundation

/// Curated world knowledge the extractor leans on: states with their aliases,
/// adjectives, capitals and seats of power; blocs and international
/// organisations; title words; organisation keywords; function words.
/// Loaded once from the data files shipped in `Extract/Data/`.
///
/// A class: every extractor holds it, and a struct of this many tables would be copied table
/// by table each time one is made. Its tables are filled in `init` and never changed after,
/// which is what makes sharing it across threads safe.
public final class Gazetteer: @unchecked Sendable {
    public struct Entity: Sendable, Equatable {
        public var name: String
        public var kind: ActorKind
    }

    /// Exact surface form (name, alias, acronym) → state, bloc or organisation.
    public let entities: [String: Entity]
    /// "Peruvian" → Peru: adjectives refer to their state.
    public let adjectives: [String: String]
    /// "Lima" → Peru, where the sentence uses the place for the government.
    public let metonyms: [String: String]
    /// Lowercase title and role phrases: "president", "deputy foreign minister".
    public let titles: Set<String>
    public let longestTitle: Int
    /// Last words of the titles ("minister", "spokesperson"): where a title ends and a name begins.
    public let titleHeads: Set<String>
    /// Last words of every title, short ones included ("dr."): a word not among them ends no title.
    public let titleLastWords: Set<String>
    public let organisationKeywords: Set<String>
    public let functionWords: Set<String>
    public let nameParticles: Set<String>
    /// Regions and continents: discussed, never actors.
    public let regions: Set<String>
    /// Last words of names of texts and agreements ("Charter", "Treaty").
    public let documentKeywords: Set<String>
    /// Words that begin or end the name of a place ("Fort", "Lake", "Square").
    public let placeKeywords: Set<String>
    /// Phrases article spinners leave behind, with the expression they replaced.
    public let spunPhrases: [(phrase: String, original: String)]

    public static let shared: Gazetteer = {
        do {
            return try Gazetteer(loadingFrom: dataFolder())
        } catch {
            FileHandle.standardError.write(Data("dossier: \(error)\n".utf8))
            return Gazetteer()
        }
    }()

    /// Nothing known: every look-up misses.
    public convenience init() {
        self.init(Tables())
    }

    /// The tables as they are filled; then set once, as constants. A constant table is read
    /// with neither an exclusivity check nor a retain of its storage: the extractors look words
    /// up in them millions of times per build.
    private struct Tables {
        var entities: [String: Entity] = [:]
        var adjectives: [String: String] = [:]
        var metonyms: [String: String] = [:]
        var titles: Set<String> = []
        var longestTitle = 1
        var titleHeads: Set<String> = []
        var titleLastWords: Set<String> = []
        var organisationKeywords: Set<String> = []
        var functionWords: Set<String> = []
        var nameParticles: Set<String> = []
        var regions: Set<String> = []
        var documentKeywords: Set<String> = []
        var placeKeywords: Set<String> = []
        var spunPhrases: [(phrase: String, original: String)] = []
    }

    private init(_ tables: Tables) {
        (entities, adjectives, metonyms, titles, longestTitle) = (tables.entities, tables.adjectives, tables.metonyms, tables.titles, tables.longestTitle)
        (titleHeads, titleLastWords, organisationKeywords, functionWords) = (tables.titleHeads, tables.titleLastWords, tables.organisationKeywords, tables.functionWords)
        (nameParticles, regions, documentKeywords, placeKeywords, spunPhrases) = (tables.nameParticles, tables.regions, tables.documentKeywords, tables.placeKeywords, tables.spunPhrases)
    }

    static func dataFolder() throws -> URL {
        guard let url = Bundle.module.url(forResource: "Data", withExtension: nil) else {
            throw DossierError("the extractor's data files are missing", hint: "keep the resource bundle next to the dossier binary")
        }
        return url
    }

    public convenience init(loadingFrom folder: URL) throws {
        var tables = Tables()
        for row in try Self.rows(folder, "countries.tsv", fields: 5) {
            let state = row[0]
            tables.entities[state] = Entity(name: state, kind: .state)
            for alias in Self.values(row[1]) { tables.entities[alias] = Entity(name: state, kind: .state) }
            for adjective in Self.values(row[2]) { tables.adjectives[adjective] = state }
            for place in Self.values(row[3]) + Self.values(row[4]) { tables.metonyms[place] = state }
        }
        for row in try Self.rows(folder, "blocs.tsv", fields: 3) {
            let kind: ActorKind = row[1] == "bloc" ? .bloc : .organisation
            let entity = Entity(name: row[0], kind: kind)
            tables.entities[row[0]] = entity
            for alias in Self.values(row[2]) where tables.entities[alias] == nil { tables.entities[alias] = entity }
        }
        // Cities that stand for a bloc ("Brussels" for the EU) replace the state they are in.
        for row in try Self.rows(folder, "bloc-seats.tsv", fields: 2) { tables.metonyms[row[0]] = row[1] }
        tables.placeKeywords = Set(try Self.lines(folder, "place-keywords.txt").map { $0.lowercased() })
        for row in try Self.rows(folder, "titles.tsv", fields: 2) {
            let title = row[0].lowercased()
            tables.titles.insert(title)
            if let last = title.split(separator: " ").last { tables.titleLastWords.insert(String(last)) }
            if let head = title.split(separator: " ").last, head.count > 2, !head.hasSuffix(".") { tables.titleHeads.insert(String(head)) }
            tables.longestTitle = max(tables.longestTitle, title.split(separator: " ").count)
        }
        tables.organisationKeywords = Set(try Self.lines(folder, "organisation-keywords.txt").map { $0.lowercased() })
        tables.functionWords = Set(try Self.lines(folder, "function-words.txt").map { $0.lowercased() })
        tables.nameParticles = Set(try Self.lines(folder, "name-particles.txt").map { $0.lowercased() })
        tables.regions = Set(try Self.lines(folder, "regions.txt"))
        tables.documentKeywords = Set(try Self.lines(folder, "document-keywords.txt").map { $0.lowercased() })
        tables.spunPhrases = try Self.rows(folder, "spun-phrases.tsv", fields: 2).map { (phrase: $0[0].lowercased(), original: $0[1]) }
        self.init(tables)
    }

    private static func values(_ field: String) -> [String] {
        field.split(separator: "|").map { String($0).trimmingWhitespace() }.filter { !$0.isEmpty }
    }

    private static func lines(_ folder: URL, _ name: String) throws -> [String] {
        let url = folder.appendingPathComponent(name)
        guard let text = try? String(contentsOf: url, encoding: .utf8) else {
            throw DossierError(file: url.path, "cannot read the extractor's data file")
        }
        return text.split(separator: "\n").map { String($0).trimmingWhitespace() }
            .filter { !$0.isEmpty && !$0.hasPrefix("#") }
    }

    private static func rows(_ folder: URL, _ name: String, fields: Int) throws -> [[String]] {
        var rows: [[String]] = []
        for line in try lines(folder, name) {
            var row = line.split(separator: "\t", omittingEmptySubsequences: false).map { String($0).trimmingWhitespace() }
            if row.count < fields { row += Array(repeating: "", count: fields - row.count) }
            rows.append(row)
        }
        return rows
    }

    func isFunctionWord(_ word: String) -> Bool { functionWords.contains(word.lowercased()) }
    func isTitle(_ phrase: String) -> Bool { titles.contains(phrase.lowercased()) }
}
