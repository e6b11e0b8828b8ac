import Foundation

/// What a publish changes at its destination: the files it adds, the files it
/// replaces and the files it removes. `--dry-run` prints it; the folder sync
/// carries it out.
public struct PublishPlan: Sendable, Equatable {
    public var added: [String] = []
    public var changed: [String] = []
    public var removed: [String] = []
    /// Files already there with the same bytes.
    public var unchanged: Int = 0

    public init(added: [String] = [], changed: [String] = [], removed: [String] = [], unchanged: Int = 0) {
        self.added = added.sorted()
        self.changed = changed.sorted()
        self.removed = removed.sorted()
        self.unchanged = unchanged
    }

    public var isEmpty: Bool { added.isEmpty && changed.isEmpty && removed.isEmpty }

    /// Compares the site with what the destination holds.
    /// - `existing`: the bytes at a path of the destination, nil when there is none.
    /// - `removable`: the destination's paths a previous publish wrote; only those
    ///   that the site no longer has are removed.
    public static func between(site: [SiteFile], existing: (String) -> Data?, removable: Set<String>) -> PublishPlan {
        let contents = Dictionary(site.map { ($0.path, $0.contents) }, uniquingKeysWith: { first, _ in first })
        return between(paths: site.map(\.path), contents: { contents[$0]! }, existing: existing, removable: removable)
    }

    /// The same, for a site whose files are read one at a time (`contents`), each compared and let go.
    static func between(paths sitePaths: [String], contents: (String) throws -> Data, existing: (String) -> Data?,
                        removable: Set<String>) rethrows -> PublishPlan {
        var plan = PublishPlan()
        for path in sitePaths {
            switch existing(path) {
            case nil: plan.added.append(path)
            case let data? where data != (try contents(path)): plan.changed.append(path)
            default: plan.unchanged += 1
            }
        }
        let paths = Set(sitePaths)
        plan.removed = removable.subtracting(paths).filter { existing($0) != nil }.sorted()
        plan.added.sort()
        plan.changed.sort()
        return plan
    }

    /// One line per file, `+` added, `~` changed, `-` removed, and a count.
    public var lines: [String] {
        added.map { "+ " + $0 } + changed.map { "~ " + $0 } + removed.map { "- " + $0 } + [summary]
    }

    /// "3 added, 1 changed, 0 removed, 40 unchanged"
    public var summary: String {
        "\(added.count) added, \(changed.count) changed, \(removed.count) removed, \(unchanged) unchanged"
    }
}
