import CDossierSupport
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
        // A build killed while putting its files in place left the rest for the next command.
        try SiteWriter(output: options.output).finishInterruptedBuilds()
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
    /// The pages are read on all cores, twice (their ids first, then their links), and never held all
    /// at once: a site of 10,000 sources has 50,000 pages and a gigabyte of HTML.
    func links(in folder: String) throws -> [Problem] {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
            return [Problem(file: folder, line: nil, message: "no built site to check; run `dossier build` first")]
        }
        let all = FileManager.default.subpaths(atPath: folder) ?? []
        let files = Set(all)
        let paths = all.filter { $0.hasSuffix(".html") }.sorted()
        @Sendable func page(_ path: String) -> Data {
            FileManager.default.contents(atPath: (folder as NSString).appendingPathComponent(path)) ?? Data()
        }
        let ids = Dictionary(uniqueKeysWithValues: zip(paths, paths.parallelMap { Set(Self.attributeValues("id", in: page($0))) }))
        // 404.html links from the host's root, wherever it is shown: not checkable from its own place.
        return paths.filter { $0 != "404.html" }.parallelMap { path -> [Problem] in
            let file = (folder as NSString).appendingPathComponent(path)
            var problems: [Problem] = []
            for link in Self.attributeValues("href", in: page(path)) {
                if link.contains("://") || link.hasPrefix("mailto:") || link.hasPrefix("//") { continue }
                let parts = link.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)
                let target = parts[0].isEmpty ? path : Self.resolve(parts[0], from: path)
                if !files.contains(target) {
                    problems.append(Problem(file: file, line: nil, message: "broken link to \(link)"))
                } else if parts.count == 2, !parts[1].isEmpty, target.hasSuffix(".html"), ids[target]?.contains(String(parts[1])) != true {
                    problems.append(Problem(file: file, line: nil, message: "link to \(link): no element with id `\(parts[1])` there"))
                }
            }
            return problems
        }.flatMap { $0 }
    }

    /// The site path a relative link on the page at `page` leads to: `..` goes up a folder (never
    /// above the site), `.` and empty parts stay. Leading `../` and `./` (every link between the
    /// site's folders) are taken off the page's folder directly; anything else odd, part by part.
    static func resolve(_ link: Substring, from page: String) -> String {
        var folder = page[..<(page.lastIndex(of: "/") ?? page.startIndex)]
        var rest = link
        while true {
            if rest.hasPrefix("../") {
                rest = rest.dropFirst(3)
                folder = folder[..<(folder.lastIndex(of: "/") ?? folder.startIndex)]
            } else if rest.hasPrefix("./") {
                rest = rest.dropFirst(2)
            } else {
                break
            }
        }
        let bytes = Array(rest.utf8)
        let plain = !bytes.isEmpty && bytes.first != UInt8(ascii: "/") && bytes.last != UInt8(ascii: "/") && bytes != [UInt8(ascii: ".")]
            && bytes != [UInt8(ascii: "."), UInt8(ascii: ".")]
            && !zip(bytes, bytes.dropFirst()).contains { $0 == UInt8(ascii: "/") && ($1 == UInt8(ascii: "/") || $1 == UInt8(ascii: ".")) }
        guard plain else { return resolveByParts(rest, in: folder) }
        return folder.isEmpty ? String(rest) : folder + "/" + rest
    }

    private static func resolveByParts(_ link: Substring, in folder: Substring) -> String {
        var parts = folder.split(separator: "/")
        for part in link.split(separator: "/") {
            if part == "." { continue }
            if part == ".." {
                _ = parts.popLast()
            } else {
                parts.append(part)
            }
        }
        return parts.joined(separator: "/")
    }

    /// The values of `name="…"` attributes in HTML the build wrote itself (always double-quoted), on its bytes.
    static func attributeValues(_ name: String, in html: Data) -> [String] {
        let marker = Array((" " + name + "=\"").utf8)
        return html.withUnsafeBytes { bytes -> [String] in
            guard let base = bytes.baseAddress else { return [] }
            var values: [String] = []
            var at = 0
            while true {
                let found = dossier_find_bytes(base + at, bytes.count - at, marker, marker.count)
                guard found >= 0 else { break }
                let start = at + found + marker.count
                guard let end = bytes[start...].firstIndex(of: UInt8(ascii: "\"")) else { break }
                let value = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
                values.append(value.contains("&") ? value.replacingOccurrences(of: "&amp;", with: "&") : value)
                at = end
            }
            return values
        }
    }
}
