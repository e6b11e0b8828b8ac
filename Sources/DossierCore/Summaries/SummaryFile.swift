import CDossierSupport
import Foundation
import Yams

/// `summaries/<id>.md`: a source's summary as the analyst edits it. YAML front
/// matter holds the structured fields, the analyst's annotations and, under
/// `extracted`, a fingerprint of each field as the extractor last wrote it (so
/// that a later extraction can tell an edited field from an untouched one);
/// the Markdown body holds the analyst's own notes.
public struct SummaryFile: @unchecked Sendable {  // Yams' Node is a plain value, not marked Sendable
    /// The source file this summary belongs to, relative to the corpus folder.
    public var source: String
    /// Extracted fields by name (see `SummaryNodes.extractedFields`), as the file has them.
    var fields: [String: Node]
    public var annotations: [Annotation]
    /// Field name → fingerprint of the extractor's value when it last wrote the field.
    public var extracted: [String: String]
    /// The analyst's notes, Markdown.
    public var notes: String

    /// Front matter keys the file may hold.
    static let knownKeys = Set(["source", "annotations", "extracted"] + SummaryNodes.extractedFields)

    init(source: String, fields: [String: Node], annotations: [Annotation], extracted: [String: String], notes: String) {
        self.source = source
        self.fields = fields
        self.annotations = annotations
        self.extracted = extracted
        self.notes = notes
    }

    // MARK: Reading

    /// Parses a summary file; every error names `path`, the line and the column.
    public static func parse(_ text: String, path: String) throws -> SummaryFile {
        let text = text.utf8.contains(UInt8(ascii: "\r")) ? text.replacingOccurrences(of: "\r\n", with: "\n") : text
        guard text.hasPrefix("---\n") else {
            throw DossierError(file: path, line: 1, column: 1, "a summary file starts with a `---` line and its YAML front matter",
                               hint: "restore the file from `dossier extract`, or add the front matter")
        }
        let afterOpening = text.index(text.startIndex, offsetBy: 4)
        guard let closing = Self.closingLine(of: text) else {
            throw DossierError(file: path, line: 1, column: 1, "the front matter is not closed with a `---` line")
        }
        // "---\n---": the closing line shares the opening line's newline, and the front matter is empty.
        let yaml = closing.lowerBound < afterOpening ? "" : String(text[afterOpening..<closing.lowerBound])
        let notes = String(text[closing.upperBound...]).trimmingCharacters(in: .newlines)
        let root: Node?
        do {
            // The basic resolver: Dossier reads every value as text and never asks a node's tag, and the
            // parser's check for duplicate keys hashes each key with its tag, which the default resolver
            // works out with a handful of regular expressions (most of a build's time on summary files).
            root = try Yams.compose(yaml: yaml, .basic)
        } catch {
            throw YAMLErrors.located(error, file: path, lineOffset: 1)
        }
        guard let mapping = root?.mapping else {
            throw DossierError(file: path, line: 2, column: 1, "the front matter must be a mapping of fields")
        }
        var fields: [String: Node] = [:]
        var source = ""
        var annotations: [Annotation] = []
        var extracted: [String: String] = [:]
        let reader = NodeReader(path: path, lineOffset: 1)
        for (keyNode, value) in mapping {
            let key = keyNode.string ?? ""
            guard knownKeys.contains(key) else {
                throw reader.error(keyNode, "unknown field `\(key)`", hint: "fields: " + (["source"] + SummaryNodes.extractedFields + ["annotations", "extracted"]).joined(separator: ", "))
            }
            switch key {
            case "source": source = try reader.string(value, "source")
            case "annotations": annotations = try Annotation.read(value, reader: reader)
            case "extracted":
                if SummaryNodes.isNull(value) { continue }
                guard let map = value.mapping else { throw reader.error(value, "`extracted` must be a mapping") }
                for (field, fingerprint) in map { extracted[field.string ?? ""] = fingerprint.string ?? "" }
            default: fields[key] = value
            }
        }
        return SummaryFile(source: source, fields: fields, annotations: annotations, extracted: extracted, notes: notes)
    }

    /// The `\n---\n` that closes the front matter (its newline may be the opening line's), or the
    /// `\n---` that ends the file. On the bytes: Foundation's search went through UTF-16, a tenth
    /// of the time spent on each summary file.
    static func closingLine(of text: String) -> Range<String.Index>? {
        var text = text
        let offsets = text.withUTF8 { bytes -> Range<Int>? in
            let marker = Array("\n---\n".utf8)
            if bytes.count >= 3 + marker.count {
                let found = dossier_find_bytes(bytes.baseAddress! + 3, bytes.count - 3, marker, marker.count)
                if found >= 0 { return (3 + found)..<(3 + found + marker.count) }
            }
            return bytes.count >= 7 && bytes[(bytes.count - 4)...].elementsEqual("\n---".utf8) ? (bytes.count - 4)..<bytes.count : nil
        }
        return offsets.map { text.utf8.index(text.startIndex, offsetBy: $0.lowerBound)..<text.utf8.index(text.startIndex, offsetBy: $0.upperBound) }
    }

    // MARK: Writing

    /// The file's text: front matter in a fixed order, then the notes.
    public func text() throws -> String {
        var pairs: [(Node, Node)] = [(SummaryNodes.string("source"), SummaryNodes.string(source))]
        for field in SummaryNodes.extractedFields {
            if let value = fields[field] { pairs.append((SummaryNodes.string(field), value)) }
        }
        pairs.append((SummaryNodes.string("annotations"), .sequence(.init(annotations.map(\.node)))))
        pairs.append((SummaryNodes.string("extracted"), .mapping(.init(SummaryNodes.extractedFields.compactMap { field in
            extracted[field].map { (SummaryNodes.string(field), SummaryNodes.string($0)) }
        }))))
        let yaml = try Yams.serialize(node: .mapping(.init(pairs)), width: -1, allowUnicode: true)
        let body = notes.isEmpty ? Self.notesPlaceholder : notes
        return "---\n" + Self.header + yaml + "---\n\n" + body + "\n"
    }

    static let header = """
    # Summary of one source, drafted by `dossier extract`. Edit any field: the next
    # extraction keeps what you changed and updates what you did not. Add annotations as
    #   - quote: "exact words from the source"   (optional prefix: / suffix: to pick one of repeats)
    #     note: "what you want to say about them"
    #     tag: disputed                          (or key, context, …)
    # `extracted` fingerprints the extractor's last values; leave it as it is.

    """

    static let notesPlaceholder = "<!-- Your notes on this source, in Markdown. -->"
}

/// An analyst's note on a passage of the source, anchored by the passage's own words.
public struct Annotation: Sendable, Equatable, Codable {
    public var quote: String
    public var prefix: String?
    public var suffix: String?
    public var note: String
    public var tag: String?
    /// Line of the annotation in its summary file, for messages.
    public var line: Int?

    public init(quote: String, prefix: String? = nil, suffix: String? = nil, note: String, tag: String? = nil, line: Int? = nil) {
        self.quote = quote
        self.prefix = prefix
        self.suffix = suffix
        self.note = note
        self.tag = tag
        self.line = line
    }

    var node: Node {
        var pairs: [(String, Node)] = [("quote", SummaryNodes.string(quote))]
        if let prefix { pairs.append(("prefix", SummaryNodes.string(prefix))) }
        if let suffix { pairs.append(("suffix", SummaryNodes.string(suffix))) }
        pairs.append(("note", SummaryNodes.string(note)))
        if let tag { pairs.append(("tag", SummaryNodes.string(tag))) }
        return SummaryNodes.map(pairs)
    }

    static func read(_ node: Node, reader: NodeReader) throws -> [Annotation] {
        if SummaryNodes.isNull(node) { return [] }
        guard let sequence = node.sequence else { throw reader.error(node, "`annotations` must be a list") }
        return try sequence.map { item in
            guard let map = item.mapping else { throw reader.error(item, "an annotation is a mapping with `quote` and `note`") }
            for (key, _) in map where !["quote", "prefix", "suffix", "note", "tag"].contains(key.string ?? "") {
                throw reader.error(key, "unknown annotation field `\(key.string ?? "")`", hint: "fields: quote, prefix, suffix, note, tag")
            }
            guard let quote = map.named("quote") else { throw reader.error(item, "the annotation has no `quote`") }
            let text = try reader.string(quote, "quote")
            guard !text.isEmpty else { throw reader.error(quote, "the annotation's `quote` is empty") }
            return Annotation(quote: text, prefix: try map.named("prefix").map { try reader.string($0, "prefix") },
                              suffix: try map.named("suffix").map { try reader.string($0, "suffix") },
                              note: try map.named("note").map { try reader.string($0, "note") } ?? "",
                              tag: try map.named("tag").map { try reader.string($0, "tag") },
                              line: item.mark.map { $0.line + reader.lineOffset })
        }
    }
}

/// Typed reading of YAML nodes with errors that point at the node.
struct NodeReader {
    let path: String
    let lineOffset: Int

    func error(_ node: Node, _ message: String, hint: String? = nil) -> DossierError {
        DossierError(file: path, line: node.mark.map { $0.line + lineOffset }, column: node.mark?.column, message, hint: hint)
    }

    func string(_ node: Node, _ field: String) throws -> String {
        guard case .scalar(let scalar) = node, !SummaryNodes.isNull(node) else { throw error(node, "`\(field)` must be text") }
        return scalar.string
    }

    func optionalString(_ node: Node?, _ field: String) throws -> String? {
        guard let node, !SummaryNodes.isNull(node) else { return nil }
        return try string(node, field)
    }

    func int(_ node: Node?, _ field: String) throws -> Int {
        guard let node, case .scalar(let scalar) = node, let value = Int(scalar.string) else {
            throw error(node ?? .scalar(.init("")), "`\(field)` must be a whole number")
        }
        return value
    }

    func strings(_ node: Node?, _ field: String) throws -> [String] {
        guard let node, !SummaryNodes.isNull(node) else { return [] }
        guard let sequence = node.sequence else { throw error(node, "`\(field)` must be a list") }
        return try sequence.map { try string($0, field) }
    }

    func list(_ node: Node, _ field: String) throws -> [Node.Mapping] {
        if SummaryNodes.isNull(node) { return [] }
        guard let sequence = node.sequence else { throw error(node, "`\(field)` must be a list") }
        return try sequence.map { item in
            guard let map = item.mapping else { throw error(item, "each entry of `\(field)` must be a mapping") }
            return map
        }
    }
}
