import Yams

/// Merges a fresh extraction with the analyst's summary file, field by field:
/// a field the analyst did not touch takes the extractor's new value; a field
/// the analyst edited keeps the edit, and if the extractor now says something
/// else too, that is a conflict to report, never an overwrite.
public struct SummaryMerge: Sendable {
    public struct Conflict: Sendable, Equatable, CustomStringConvertible {
        public var file: String
        public var line: Int?
        public var field: String

        public var description: String {
            "\(file)\(line.map { ":\($0)" } ?? ""): `\(field)` keeps your edit; the extractor now gives a different value"
        }
    }

    public struct Result: Sendable {
        public var summary: SourceSummary
        /// The file as it should now read (written by `extract`, not by `build`).
        public var file: SummaryFile
        public var conflicts: [Conflict]
        /// Fields where the analyst's edit was kept.
        public var keptEdits: [String]
    }

    public init() {}

    /// `existing` is nil when the source has no summary file yet. `drafting`: the file is to be
    /// written (`extract`), so the result's file gets the fresh values of the fields the analyst did
    /// not edit; a build needs only the summary, the annotations and the notes.
    public func merge(fresh: SourceSummary, existing: SummaryFile?, path: String, drafting: Bool = true) throws -> Result {
        let freshPrints = SummaryNodes.canonicalFields(fresh)
        let freshFields = drafting ? Dictionary(uniqueKeysWithValues: SummaryNodes.encode(fresh)) : [:]
        var file = existing ?? SummaryFile(source: fresh.file, fields: [:], annotations: [], extracted: [:], notes: "")
        file.source = fresh.file
        var conflicts: [Conflict] = []
        var kept: [String] = []
        // The analyst's edits: every other field is the extractor's value.
        var edited: [String: Node] = [:]
        for field in SummaryNodes.extractedFields {
            let newPrint = ContentHash.of(freshPrints[field]!)
            guard let current = file.fields[field], let base = file.extracted[field] else {
                // New file, or a field the analyst deleted to get the extractor's value back.
                file.fields[field] = freshFields[field]
                file.extracted[field] = newPrint
                continue
            }
            if ContentHash.of(SummaryNodes.canonical(current)) == base {
                file.fields[field] = freshFields[field]
            } else {
                kept.append(field)
                edited[field] = current
                if newPrint != base {
                    conflicts.append(Conflict(file: path, line: current.mark.map { $0.line + 1 }, field: field))
                }
            }
            // Reported once: from now on the edit is measured against what the extractor says today.
            file.extracted[field] = newPrint
        }
        let summary = try SummaryDecoder(path: path).summary(from: edited, fresh: fresh)
        return Result(summary: summary, file: file, conflicts: conflicts, keptEdits: kept)
    }
}

/// Summary-file fields → a typed summary; errors name the file, line and column.
struct SummaryDecoder {
    let reader: NodeReader

    init(path: String) {
        reader = NodeReader(path: path, lineOffset: 1)
    }

    /// `fresh` with the fields in `fields` (those the analyst edited) read from their nodes.
    func summary(from fields: [String: Node], fresh: SourceSummary) throws -> SourceSummary {
        var summary = fresh
        if let node = fields["title"] { summary.title = try reader.string(node, "title") }
        if let node = fields["published"] { summary.published = try reader.optionalString(node, "published") }
        if let node = fields["outlet"] { summary.outlet = try reader.optionalString(node, "outlet") }
        if let node = fields["author"] { summary.author = try reader.optionalString(node, "author") }
        if let node = fields["genre"] {
            if let genre = try reader.optionalString(node, "genre") {
                guard let value = Genre(rawValue: genre) else {
                    throw reader.error(node, "unknown genre `\(genre)`", hint: "one of " + Genre.allCases.map(\.rawValue).joined(separator: ", "))
                }
                summary.genre = value
            } else {
                summary.genre = nil
            }
        }
        if let node = fields["genre_evidence"] { summary.genreEvidence = try reader.optionalString(node, "genre_evidence") }
        if let node = fields["flags"] {
            summary.flags = try reader.list(node, "flags").map { map in
                let name = try reader.string(map.named("flag") ?? .scalar(.init("")), "flag")
                guard let kind = ReliabilityFlag.Kind(rawValue: name) else {
                    throw reader.error(map.named("flag")!, "unknown flag `\(name)`", hint: "one of " + ReliabilityFlag.Kind.allCases.map(\.rawValue).joined(separator: ", "))
                }
                return ReliabilityFlag(kind, evidence: try reader.optionalString(map.named("evidence"), "evidence") ?? "")
            }
        }
        if let node = fields["actors"] {
            summary.actors = try reader.list(node, "actors").map { map in
                let name = try reader.string(map.named("name") ?? .scalar(.init("")), "name")
                let kindName = try reader.string(map.named("kind") ?? .scalar(.init("")), "kind")
                guard let kind = ActorKind(rawValue: kindName) else {
                    throw reader.error(map.named("kind")!, "unknown actor kind `\(kindName)`", hint: "one of person, organisation, state, bloc")
                }
                let forms = try reader.strings(map.named("forms"), "forms")
                return ActorMention(name: name, kind: kind, forms: forms.isEmpty ? [name] : forms, roles: try reader.strings(map.named("roles"), "roles"),
                                    mentions: map.named("mentions") == nil ? 0 : try reader.int(map.named("mentions"), "mentions"),
                                    paragraphs: try (map.named("paragraphs")?.sequence ?? []).map { try reader.int($0, "paragraphs") })
            }
        }
        if let node = fields["quotes"] {
            summary.quotes = try reader.list(node, "quotes").map { map in
                Quote(speaker: try reader.optionalString(map.named("speaker"), "speaker"), text: try reader.string(map.named("text") ?? .scalar(.init("")), "text"),
                      paragraph: try reader.int(map.named("paragraph"), "paragraph"))
            }
        }
        if let node = fields["events"] {
            summary.events = try reader.list(node, "events").map { map in
                DatedEvent(date: try reader.string(map.named("date") ?? .scalar(.init("")), "date"), phrase: try reader.optionalString(map.named("phrase"), "phrase") ?? "",
                           text: try reader.string(map.named("text") ?? .scalar(.init("")), "text"), paragraph: try reader.int(map.named("paragraph"), "paragraph"),
                           actors: try reader.strings(map.named("actors"), "actors"))
            }
        }
        if let node = fields["claims"] {
            summary.claims = try reader.list(node, "claims").map { map in
                Claim(text: try reader.string(map.named("text") ?? .scalar(.init("")), "text"), paragraph: try reader.int(map.named("paragraph"), "paragraph"))
            }
        }
        return summary
    }
}
