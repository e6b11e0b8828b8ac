import Foundation
import Yams

/// `<corpus>/actors.yml`: the analyst's decisions about actors across the
/// corpus. The extractor proposes actors; these entries decide.
///
/// ```yaml
/// actors:                      # rename, merge, add aliases, fix the kind
///   - name: Jane Roe           # the name the dossier uses
///     aliases: [Roe, J. Roe]   # extracted names (or surface forms) that are this actor
///     kind: person
/// ignore: [Administration]     # extracted names that are not actors
/// split:                       # undo a wrong merge, source by source
///   - name: Berger
///     sources: {report-b: Anna Berger}
/// ```
public struct ActorRegistryFile: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        public var name: String
        public var aliases: [String]
        public var kind: ActorKind?
        public var line: Int?
    }

    public struct Ignore: Sendable, Equatable {
        public var name: String
        public var line: Int?
    }

    public struct Split: Sendable, Equatable {
        public var name: String
        /// Source id → the name the actor takes in that source.
        public var sources: [String: String]
        public var line: Int?
    }

    public var path: String
    public var entries: [Entry] = []
    public var ignored: [Ignore] = []
    public var splits: [Split] = []

    public static let fileName = "actors.yml"

    /// Reads `<corpus>/actors.yml`; none there means an empty registry.
    public static func load(corpus: String) throws -> ActorRegistryFile {
        let path = URL(fileURLWithPath: corpus).appendingPathComponent(fileName).path
        guard FileManager.default.fileExists(atPath: path) else { return ActorRegistryFile(path: path) }
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw DossierError(file: path, "cannot read the actor registry as UTF-8 text")
        }
        return try parse(text, path: path)
    }

    public static func parse(_ text: String, path: String) throws -> ActorRegistryFile {
        var registry = ActorRegistryFile(path: path)
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch {
            throw YAMLErrors.located(error, file: path)
        }
        guard let root, !SummaryNodes.isNull(root) else { return registry }
        let reader = NodeReader(path: path, lineOffset: 0)
        guard let mapping = root.mapping else { throw reader.error(root, "the registry must be a mapping with `actors`, `ignore` and `split`") }
        for (key, value) in mapping {
            switch key.string ?? "" {
            case "actors":
                registry.entries = try reader.list(value, "actors").map { map in
                    for (field, _) in map where !["name", "aliases", "kind"].contains(field.string ?? "") {
                        throw reader.error(field, "unknown field `\(field.string ?? "")`", hint: "an actor entry has name, aliases and kind")
                    }
                    guard let nameNode = map["name"] else { throw reader.error(.mapping(map), "an actor entry needs a `name`") }
                    var kind: ActorKind?
                    if let kindName = try reader.optionalString(map["kind"], "kind") {
                        guard let value = ActorKind(rawValue: kindName) else {
                            throw reader.error(map["kind"]!, "unknown actor kind `\(kindName)`", hint: "one of person, organisation, state, bloc")
                        }
                        kind = value
                    }
                    return Entry(name: try reader.string(nameNode, "name"), aliases: try reader.strings(map["aliases"], "aliases"),
                                 kind: kind, line: nameNode.mark?.line)
                }
            case "ignore":
                guard SummaryNodes.isNull(value) || value.sequence != nil else { throw reader.error(value, "`ignore` must be a list of names") }
                registry.ignored = try (value.sequence ?? []).map { Ignore(name: try reader.string($0, "ignore"), line: $0.mark?.line) }
            case "split":
                registry.splits = try reader.list(value, "split").map { map in
                    guard let nameNode = map["name"], let sources = map["sources"]?.mapping else {
                        throw reader.error(.mapping(map), "a split entry needs a `name` and `sources` (source id: new name)")
                    }
                    var bySource: [String: String] = [:]
                    for (source, name) in sources { bySource[try reader.string(source, "source")] = try reader.string(name, "name") }
                    return Split(name: try reader.string(nameNode, "name"), sources: bySource, line: nameNode.mark?.line)
                }
            default:
                throw reader.error(key, "unknown section `\(key.string ?? "")`", hint: "sections: actors, ignore, split")
            }
        }
        return registry
    }
}
