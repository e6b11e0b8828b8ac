import Foundation

/// Where a build keeps what it may reuse next time: a hidden folder inside the built site,
/// written into the staging folder with the pages and swapped in with them. So the cache
/// always describes the site beside it; a killed build leaves the previous site and its
/// cache together, and removing the site removes its cache. Hosts and `publish` skip it.
public enum BuildCache {
    public static let folder = ".dossier-cache"

    /// Changes whenever the program does (a rebuilt binary may render differently), so that
    /// nothing a different build of dossier wrote is trusted.
    static let programFingerprint: String = {
        var status = stat()
        let program = stat("/proc/self/exe", &status) == 0 ? "\(status.st_size):\(status.st_mtim.tv_sec):\(status.st_mtim.tv_nsec)" : "unknown"
        return ContentHash.of("dossier-cache-1|" + program)
    }()

    /// Changes whenever the extractor's data files (gazetteer, titles, keywords) do.
    static let dataFingerprint: String = {
        guard let folder = try? Gazetteer.dataFolder() else { return "none" }
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()
        var text = ""
        for name in names {
            text += name + "\u{0}" + ((try? String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)) ?? "") + "\u{0}"
        }
        return ContentHash.of(text)
    }()

    /// Whether `path` (relative to the site) lies inside the cache folder.
    public static func holds(_ path: String) -> Bool {
        path == folder || path.hasPrefix(folder + "/")
    }
}

/// What a build does with one entry of a per-source cache (`SourceCache`, `SummaryCache`).
enum CacheOutcome<Entry: Sendable>: Sendable {
    /// The previous site's file is still right: link it.
    case unchanged(path: String, size: Int)
    /// A new entry to write.
    case fresh(Entry)
}
