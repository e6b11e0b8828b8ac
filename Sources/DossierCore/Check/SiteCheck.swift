import Foundation

/// `dossier check`: everything that can be wrong with a dossier without the
/// build failing: broken links and anchors in the built site, summary files
/// that do not parse, annotations whose words are gone, summaries of sources
/// that no longer exist.
public struct SiteCheck: Sendable {
    public struct Problem: Sendable, CustomStringConvertible, Equatable {
        public var file: String
        public var line: Int?
        public var message: String

        public var description: String { file + (line.map { ":\($0)" } ?? "") + ": " + message }
    }

    public let options: BuildOptions

    public init(options: BuildOptions) {
        self.options = options
    }

    public func run() throws -> [Problem] {
        var problems: [Problem] = []
        let analysis = try BuildPipeline(options: options).analyse(strictSummaries: false)
        for error in analysis.summaryErrors {
            problems.append(Problem(file: error.file ?? "", line: error.line, message: error.message))
        }
        for warning in analysis.warnings where warning.file?.hasSuffix(".md") == true || warning.file?.hasSuffix(ActorRegistryFile.fileName) == true {
            problems.append(Problem(file: warning.file ?? "", line: warning.line, message: warning.message))
        }
        problems += try links(in: options.output)
        return problems
    }

    /// Every relative `href` of every page resolves to a file of the site, and every `#anchor` to an id in it.
    func links(in folder: String) throws -> [Problem] {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
            return [Problem(file: folder, line: nil, message: "no built site to check; run `dossier build` first")]
        }
        let paths = (FileManager.default.subpaths(atPath: folder) ?? []).filter { $0.hasSuffix(".html") }.sorted()
        var ids: [String: Set<String>] = [:]
        var pages: [String: String] = [:]
        for path in paths {
            let text = (try? String(contentsOfFile: (folder as NSString).appendingPathComponent(path), encoding: .utf8)) ?? ""
            pages[path] = text
            ids[path] = Set(Self.attributeValues("id", in: text))
        }
        let files = Set(FileManager.default.subpaths(atPath: folder) ?? [])
        var problems: [Problem] = []
        // 404.html links from the host's root, wherever it is shown: not checkable from its own place.
        for path in paths where path != "404.html" {
            for link in Self.attributeValues("href", in: pages[path]!) {
                if link.contains("://") || link.hasPrefix("mailto:") || link.hasPrefix("//") { continue }
                let parts = link.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
                let target: String
                if parts[0].isEmpty {
                    target = path
                } else {
                    let resolved = URL(fileURLWithPath: "/" + path).deletingLastPathComponent().appendingPathComponent(parts[0]).standardized.path
                    target = String(resolved.dropFirst())
                }
                let file = (folder as NSString).appendingPathComponent(path)
                if !files.contains(target) {
                    problems.append(Problem(file: file, line: nil, message: "broken link to \(link)"))
                } else if parts.count == 2, !parts[1].isEmpty, target.hasSuffix(".html"), !(ids[target]?.contains(parts[1]) ?? false) {
                    problems.append(Problem(file: file, line: nil, message: "link to \(link): no element with id `\(parts[1])` there"))
                }
            }
        }
        return problems
    }

    /// The values of `name="…"` attributes in HTML the build wrote itself (always double-quoted).
    static func attributeValues(_ name: String, in html: String) -> [String] {
        var values: [String] = []
        let marker = " " + name + "=\""
        var rest = html[...]
        while let start = rest.range(of: marker) {
            let tail = rest[start.upperBound...]
            guard let end = tail.firstIndex(of: "\"") else { break }
            values.append(String(tail[..<end]).replacingOccurrences(of: "&amp;", with: "&"))
            rest = tail[end...]
        }
        return values
    }
}
