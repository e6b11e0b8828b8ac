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
    public private(set) var entities: [String: Entity] = [:]
    /// "Peruvian" → Peru: adjectives refer to their state.
    public private(set) var adjectives: [String: String] = [:]
    /// "Lima" → Peru, where the sentence uses the place for the government.
    public private(set) var metonyms: [String: String] = [:]
    /// Lowercase title and role phrases: "president", "deputy foreign minister".
    public private(set) var titles: Set<String> = []
    public private(set) var longestTitle = 1
    /// Last words of the titles ("minister", "spokesperson"): where a title ends and a name begins.
    public private(set) var titleHeads: Set<String> = []
    /// Last words of every title, short ones included ("dr."): a word not among them ends no title.
    public private(set) var titleLastWords: Set<String> = []
    public private(set) var organisationKeywords: Set<String> = []
    public private(set) var functionWords: Set<String> = []
    public private(set) var nameParticles: Set<String> = []
    /// Regions and continents: discussed, never actors.
    public private(set) var regions: Set<String> = []
    /// Last words of names of texts and agreements ("Charter", "Treaty").
    public private(set) var documentKeywords: Set<String> = []
    /// Words that begin or end the name of a place ("Fort", "Lake", "Square").
    public private(set) var placeKeywords: Set<String> = []
    /// Phrases article spinners leave behind, with the expression they replaced.
    public private(set) var spunPhrases: [(phrase: String, original: String)] = []

    public static let shared: Gazetteer = {
        do {
            return try Gazetteer(loadingFrom: dataFolder())
        } catch {
            FileHandle.standardError.write(Data("dossier: \(error)\n".utf8))
            return Gazetteer()
        }
    }()

    public init() {}

    static func dataFolder() throws -> URL {
        guard let url = Bundle.module.url(forResource: "Data", withExtension: nil) else {
            throw DossierError("the extractor's data files are missing", hint: "keep the resource bundle next to the dossier binary")
        }
        return url
    }

    public convenience init(loadingFrom folder: URL) throws {
        self.init()
        for row in try Self.rows(folder, "countries.tsv", fields: 5) {
            let state = row[0]
            entities[state] = Entity(name: state, kind: .state)
            for alias in Self.values(row[1]) { entities[alias] = Entity(name: state, kind: .state) }
            for adjective in Self.values(row[2]) { adjectives[adjective] = state }
            for place in Self.values(row[3]) + Self.values(row[4]) { metonyms[place] = state }
        }
        for row in try Self.rows(folder, "blocs.tsv", fields: 3) {
            let kind: ActorKind = row[1] == "bloc" ? .bloc : .organisation
            let entity = Entity(name: row[0], kind: kind)
            entities[row[0]] = entity
            for alias in Self.values(row[2]) where entities[alias] == nil { entities[alias] = entity }
        }
        // Cities that stand for a bloc ("Brussels" for the EU) replace the state they are in.
        for row in try Self.rows(folder, "bloc-seats.tsv", fields: 2) { metonyms[row[0]] = row[1] }
        placeKeywords = Set(try Self.lines(folder, "place-keywords.txt").map { $0.lowercased() })
        for row in try Self.rows(folder, "titles.tsv", fields: 2) {
            let title = row[0].lowercased()
            titles.insert(title)
            if let last = title.split(separator: " ").last { titleLastWords.insert(String(last)) }
            if let head = title.split(separator: " ").last, head.count > 2, !head.hasSuffix(".") { titleHeads.insert(String(head)) }
            longestTitle = max(longestTitle, title.split(separator: " ").count)
        }
        organisationKeywords = Set(try Self.lines(folder, "organisation-keywords.txt").map { $0.lowercased() })
        functionWords = Set(try Self.lines(folder, "function-words.txt").map { $0.lowercased() })
        nameParticles = Set(try Self.lines(folder, "name-particles.txt").map { $0.lowercased() })
        regions = Set(try Self.lines(folder, "regions.txt"))
        documentKeywords = Set(try Self.lines(folder, "document-keywords.txt").map { $0.lowercased() })
        spunPhrases = try Self.rows(folder, "spun-phrases.tsv", fields: 2).map { (phrase: $0[0].lowercased(), original: $0[1]) }
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
