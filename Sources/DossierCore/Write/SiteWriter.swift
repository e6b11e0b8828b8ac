import CDossierSupport
import Foundation

/// Writes the site into a fresh folder beside the output folder and swaps it
/// in only once every file is written, so that a failed or killed build
/// leaves the previous site as it was.
public struct SiteWriter: Sendable {
    public let output: String

    public init(output: String) {
        self.output = output
    }

    var outputURL: URL { URL(fileURLWithPath: output).standardizedFileURL }
    var parent: URL { outputURL.deletingLastPathComponent() }
    var stagingPrefix: String { "." + outputURL.lastPathComponent + ".building-" }

    /// `finish` runs on the complete new site before it is swapped in (the search index is made there).
    public func write(_ files: [SiteFile], finish: (URL) throws -> Void = { _ in }) throws {
        try checkPaths(files)
        try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
        removeLeftovers()
        let staging = parent.appendingPathComponent(stagingPrefix + String(ProcessInfo.processInfo.processIdentifier))
        try? FileManager.default.removeItem(at: staging)
        do {
            try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: true)
            let folders = Set(files.map { ($0.path as NSString).deletingLastPathComponent }).filter { !$0.isEmpty }.sorted()
            for folder in folders {
                try FileManager.default.createDirectory(at: staging.appendingPathComponent(folder), withIntermediateDirectories: true)
            }
            try files.parallelMapThrowing { file in
                let url = staging.appendingPathComponent(file.path)
                do {
                    try file.contents.write(to: url)
                } catch {
                    throw DossierError(file: url.path, "cannot write the page: \(error.localizedDescription)")
                }
            }
            try finish(staging)
            try swapIn(staging)
        } catch {
            try? FileManager.default.removeItem(at: staging)
            throw error
        }
    }

    /// Exchanges the staging folder with the output folder in one step where
    /// the system can; otherwise moves the old site aside first.
    private func swapIn(_ staging: URL) throws {
        let target = outputURL
        if !FileManager.default.fileExists(atPath: target.path) {
            try FileManager.default.moveItem(at: staging, to: target)
            return
        }
        if dossier_exchange_paths(staging.path, target.path) == 0 {
            try? FileManager.default.removeItem(at: staging)  // now holds the previous site
            return
        }
        let previous = parent.appendingPathComponent(stagingPrefix + "previous-" + String(ProcessInfo.processInfo.processIdentifier))
        try FileManager.default.moveItem(at: target, to: previous)
        do {
            try FileManager.default.moveItem(at: staging, to: target)
        } catch {
            try? FileManager.default.moveItem(at: previous, to: target)
            throw DossierError(file: target.path, "cannot move the new site into place: \(error.localizedDescription)")
        }
        try? FileManager.default.removeItem(at: previous)
    }

    /// Staging folders of builds that were killed before they could clean up.
    private func removeLeftovers() {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: parent.path)) ?? []
        for name in names where name.hasPrefix(stagingPrefix) {
            try? FileManager.default.removeItem(at: parent.appendingPathComponent(name))
        }
    }

    /// Every path stays inside the site and no two files share one.
    private func checkPaths(_ files: [SiteFile]) throws {
        var seen: Set<String> = []
        for file in files {
            let parts = file.path.split(separator: "/")
            if file.path.hasPrefix("/") || parts.contains("..") || parts.contains(".") || parts.isEmpty {
                throw DossierError(file: file.path, "a page path must stay inside the site folder")
            }
            if !seen.insert(file.path).inserted {
                throw DossierError(file: file.path, "two pages would be written to the same file",
                                   hint: "two sources or actors have names that give the same page name; rename one")
            }
        }
    }
}
