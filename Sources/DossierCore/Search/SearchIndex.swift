import Foundation

/// The static search index: Pagefind run over the finished pages (before the
/// site is swapped in), writing `pagefind/` beside them. Pagefind is a
/// separate program (`pip install 'pagefind[bin]'`); without it the site is
/// built without search and says so.
public struct SearchIndex: Sendable {
    public enum Outcome: Sendable, Equatable {
        case indexed
        case unavailable(String)
    }

    /// The command that runs Pagefind; `python3 -m pagefind` where the Python package is installed.
    var command: [String] = ["python3", "-m", "pagefind"]

    public init() {}

    /// A build killed outright (SIGKILL) cannot stop its children: Pagefind would write on
    /// into the abandoned staging folder while the next build removes it. setpriv (util-linux)
    /// gives Pagefind a parent-death signal instead. (It fires when the spawning thread
    /// ends; that thread waits for Pagefind, so it outlives it.)
    static let dieWithParent: [String] =
        FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv") ? ["setpriv", "--pdeathsig", "KILL", "--"] : []

    public func index(site folder: URL) throws -> Outcome {
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("dossier-pagefind-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString).log")
        FileManager.default.createFile(atPath: log.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: log) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        // Result links keep "index.html" so that search works from disk and under a sub-path too.
        process.arguments = Self.dieWithParent + command + ["--site", folder.path, "--silent", "--keep-index-url"]
        let output = try FileHandle(forWritingTo: log)
        process.standardOutput = output
        process.standardError = output
        do {
            try process.run()
        } catch {
            return .unavailable("cannot run \(command.joined(separator: " ")): \(error.localizedDescription)")
        }
        process.waitUntilExit()
        try? output.close()
        let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        if process.terminationStatus == 0 { return .indexed }
        if text.contains("No module named") || process.terminationStatus == 127 {
            return .unavailable("Pagefind is not installed (pip install 'pagefind[bin]')")
        }
        throw DossierError(file: folder.path, "the search indexer failed: \(text.split(separator: "\n").suffix(3).joined(separator: " "))",
                           hint: "run `python3 -m pagefind --site DIR` by hand to see why, or build with --no-search")
    }
}
