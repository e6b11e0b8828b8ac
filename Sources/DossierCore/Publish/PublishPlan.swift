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
        var plan = PublishPlan()
        for file in site {
            switch existing(file.path) {
            case nil: plan.added.append(file.path)
            case let data? where data != file.contents: plan.changed.append(file.path)
            default: plan.unchanged += 1
            }
        }
        let paths = Set(site.map(\.path))
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
