import Foundation

/// What the previous build wrote for each page: a digest of everything its files were made
/// from, a digest of the parts of the dossier the page was built from (see `PageInputs`), the
/// files with their stamps (their size, and which file each is: see `FileStamp`), and what its
/// layout was given: its kind, where its content stands in its HTML file, its title and description. A page
/// whose inputs are unchanged is linked from the previous site without being built; a page built
/// again whose digest is unchanged is linked instead of rendered and written again. When the
/// templates change, such a page gets the new layout around the content its HTML file holds.
///
/// Stored as `.dossier-cache/pages.tsv`: a header line `dossier-pages <program> <count> <layout>`, then
/// one line per page, `path TAB digest TAB inputs-or-dash TAB script-or-dash TAB kind TAB start+length-or-dash
/// TAB title TAB =description-or-dash TAB file:size:identity ...`, the title and description with tabs,
/// line breaks and backslashes escaped. Anything that does not parse, a count that does not match, or
/// another program's header makes the whole manifest empty: a damaged cache costs a full render, never a stale page.
public struct PageManifest: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        /// Everything the page's files are made from, besides the layout (`SiteRendering.digest`).
        public var digest: String
        /// The digest of the page's inputs, for the pages that have one (`PageInputs`).
        public var inputs: String?
        /// Whether the page's HTML loads a script (the `_headers` policy follows it).
        public var loadsScripts: Bool
        /// The page's kind, which picks its template: a build that changes only the templates lays
        /// out every page from its entry (`NewLayoutBuild`).
        public var kind: MarkdownPage.Kind
        /// Where the page's content stands in its HTML file (the first file), in bytes; nil when
        /// the templates did not place it as it is.
        public var content: Range<Int>?
        public var title: String
        public var description: String?
        public var files: [String]
        public var stamps: [FileStamp]
    }

    /// The digest of what the pages' layout was made from (`HTMLPageRenderer.layoutFingerprint`).
    public var layout: String
    public var entries: [String: Entry] = [:]

    static let path = BuildCache.folder + "/pages.tsv"

    public init(layout: String = "-", entries: [String: Entry] = [:]) {
        self.layout = layout
        self.entries = entries
    }

    /// The manifest of the site in `folder`, or an empty one.
    public static func load(site folder: URL) -> PageManifest {
        guard let data = FileManager.default.contents(atPath: folder.appendingPathComponent(path).path) else { return PageManifest() }
        return data.withUnsafeBytes { parse($0.bindMemory(to: UInt8.self)) } ?? PageManifest()
    }

    /// Parsed on the file's bytes: the manifest of a large site has tens of thousands of lines,
    /// read by every rebuild and up-to-date check, and splitting them as a collection took most
    /// of the time. Text fields must be valid UTF-8, like the rest.
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> PageManifest? {
        var found: [Range<Int>] = []
        var start = 0
        while start < bytes.count {
            guard let newline = memchr(bytes.baseAddress! + start, Int32(UInt8(ascii: "\n")), bytes.count - start) else { return nil }  // cut short
            let end = bytes.baseAddress!.distance(to: newline.assumingMemoryBound(to: UInt8.self))
            found.append(start..<end)
            start = end + 1
        }
        let lines = found
        guard let first = lines.first, let headerText = String(validating: bytes[first], as: UTF8.self) else { return nil }
        let header = headerText.split(separator: " ")
        guard header.count == 4, header[0] == "dossier-pages", header[1] == BuildCache.programFingerprint, Int(header[2]) == lines.count - 1 else { return nil }
        // Lines parse on all cores, a chunk each, and join in order (a later line of a path wins).
        let body = lines.dropFirst()
        let chunks = stride(from: body.startIndex, to: body.endIndex, by: 4096).map { $0..<min($0 + 4096, body.endIndex) }
        let shared = SendableInput(bytes)
        let parsed = chunks.parallelMap { range in lines[range].map { Self.entry(shared.buffer[$0]) } }
        var entries: [String: Entry] = [:]
        entries.reserveCapacity(body.count)
        for chunk in parsed {
            for item in chunk {
                guard let item else { return nil }
                entries[item.path] = item.entry
            }
        }
        return PageManifest(layout: String(header[3]), entries: entries)
    }

    typealias Bytes = Slice<UnsafeBufferPointer<UInt8>>

    /// One line of the manifest: a page's path and entry, or nil when the line does not parse.
    private static func entry(_ line: Bytes) -> (path: String, entry: Entry)? {
        // Empty fields are kept: a title can be empty.
        let fields = line.split(separator: UInt8(ascii: "\t"), omittingEmptySubsequences: false)
        guard fields.count >= 9, Self.isDigest(fields[1]), Self.isDigest(fields[2]) || Self.equals(fields[2], "-") else { return nil }
        let inputs = fields[2].count == 16 ? String(decoding: fields[2], as: UTF8.self) : nil
        let script = Self.equals(fields[3], "script")
        guard script || Self.equals(fields[3], "-"), let kind = MarkdownPage.Kind(rawValue: String(decoding: fields[4], as: UTF8.self)) else { return nil }
        var content: Range<Int>?
        if !Self.equals(fields[5], "-") {
            guard let plus = fields[5].firstIndex(of: UInt8(ascii: "+")), let start = Self.number(fields[5][..<plus]),
                  let length = Self.number(fields[5][(plus + 1)...]) else { return nil }
            content = start..<(start + length)
        }
        guard let path = String(validating: fields[0], as: UTF8.self), let title = Self.unescape(fields[6]) else { return nil }
        var description: String?
        if !Self.equals(fields[7], "-") {
            guard fields[7].first == UInt8(ascii: "="), let text = Self.unescape(fields[7].dropFirst()) else { return nil }
            description = text
        }
        var files: [String] = []
        var stamps: [FileStamp] = []
        for field in fields.dropFirst(8) {
            // Read from the end: `size:identity` follows the path.
            guard let last = field.lastIndex(of: UInt8(ascii: ":")), let identity = Self.hexNumber(field[(last + 1)...]),
                  let colon = field[..<last].lastIndex(of: UInt8(ascii: ":")), let size = Self.number(field[(colon + 1)..<last]),
                  let file = String(validating: field[..<colon], as: UTF8.self) else { return nil }
            files.append(file)
            stamps.append(FileStamp(size: size, identity: identity))
        }
        return (path, Entry(digest: String(decoding: fields[1], as: UTF8.self), inputs: inputs, loadsScripts: script, kind: kind, content: content,
                            title: title, description: description, files: files, stamps: stamps))
    }

    private static func equals(_ field: Bytes, _ text: StaticString) -> Bool {
        text.withUTF8Buffer { field.elementsEqual($0) }
    }

    /// A count written in decimal digits (no sign), up to eighteen of them.
    private static func number(_ field: Bytes) -> Int? {
        guard !field.isEmpty, field.count <= 18 else { return nil }
        var value = 0
        for byte in field {
            guard byte &- UInt8(ascii: "0") < 10 else { return nil }
            value = value * 10 + Int(byte &- UInt8(ascii: "0"))
        }
        return value
    }

    /// Up to sixteen hex digits, as `append` writes a stamp's identity.
    private static func hexNumber(_ field: Bytes) -> UInt64? {
        guard !field.isEmpty, field.count <= 16 else { return nil }
        var value: UInt64 = 0
        for byte in field {
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte &- UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte &- UInt8(ascii: "a") &+ 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte &- UInt8(ascii: "A") &+ 10
            default: return nil
            }
            value = value << 4 | UInt64(digit)
        }
        return value
    }

    /// A title or description as one field: backslashes, tabs and line breaks escaped.
    static func escape(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == UInt8(ascii: "\\") || $0 == UInt8(ascii: "\t") || $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r") }) else { return text }
        var escaped = ""
        for character in text.unicodeScalars {
            switch character {
            case "\\": escaped += "\\\\"
            case "\t": escaped += "\\t"
            case "\n": escaped += "\\n"
            case "\r": escaped += "\\r"
            default: escaped.unicodeScalars.append(character)
            }
        }
        return escaped
    }

    /// `escape` undone; nil for an escape it does not write.
    static func unescape(_ field: Bytes) -> String? {
        guard field.contains(UInt8(ascii: "\\")) else { return String(validating: field, as: UTF8.self) }
        var bytes: [UInt8] = []
        var escaping = false
        for byte in field {
            if escaping {
                switch byte {
                case UInt8(ascii: "\\"): bytes.append(byte)
                case UInt8(ascii: "t"): bytes.append(UInt8(ascii: "\t"))
                case UInt8(ascii: "n"): bytes.append(UInt8(ascii: "\n"))
                case UInt8(ascii: "r"): bytes.append(UInt8(ascii: "\r"))
                default: return nil
                }
                escaping = false
            } else if byte == UInt8(ascii: "\\") {
                escaping = true
            } else {
                bytes.append(byte)
            }
        }
        return escaping ? nil : String(validating: bytes, as: UTF8.self)
    }

    /// Sixteen lowercase hex digits (`ContentHash`).
    private static func isDigest(_ field: Bytes) -> Bool {
        field.count == 16 && field.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains($0) }
    }

    public func file() -> SiteFile {
        // Lines made on all cores, a chunk each, as bytes, joined in path order: every build writes
        // a line for each page of the site.
        let paths = entries.keys.sorted()
        let chunks = stride(from: 0, to: paths.count, by: 4096).map { $0..<min($0 + 4096, paths.count) }
        let parts = chunks.parallelMap { range -> [UInt8] in
            var line: [UInt8] = []
            line.reserveCapacity(range.count * 512)
            for path in paths[range] { Self.append(path, entries[path]!, to: &line) }
            return line
        }
        var data = Data("dossier-pages \(BuildCache.programFingerprint) \(entries.count) \(layout)\n".utf8)
        for part in parts { data.append(contentsOf: part) }
        return SiteFile(path: Self.path, contents: data)
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// One page's line, as `entry(_:)` reads it.
    private static func append(_ path: String, _ entry: Entry, to line: inout [UInt8]) {
        let tab = UInt8(ascii: "\t")
        line += path.utf8
        line.append(tab)
        line += entry.digest.utf8
        line.append(tab)
        line += (entry.inputs ?? "-").utf8
        line += (entry.loadsScripts ? "\tscript\t" : "\t-\t").utf8
        line += entry.kind.rawValue.utf8
        line.append(tab)
        if let content = entry.content {
            line += String(content.lowerBound).utf8
            line.append(UInt8(ascii: "+"))
            line += String(content.count).utf8
        } else {
            line.append(UInt8(ascii: "-"))
        }
        line.append(tab)
        line += escape(entry.title).utf8
        line.append(tab)
        if let description = entry.description {
            line.append(UInt8(ascii: "="))
            line += escape(description).utf8
        } else {
            line.append(UInt8(ascii: "-"))
        }
        for (file, stamp) in zip(entry.files, entry.stamps) {
            line.append(tab)
            line += file.utf8
            line.append(UInt8(ascii: ":"))
            line += String(stamp.size).utf8
            line.append(UInt8(ascii: ":"))
            // Sixteen hex digits, as `ContentHash.hex` writes them.
            for shift in stride(from: 60, through: 0, by: -4) {
                line.append(hexDigits[Int((stamp.identity >> UInt64(shift)) & 0xF)])
            }
        }
        line.append(UInt8(ascii: "\n"))
    }
}
