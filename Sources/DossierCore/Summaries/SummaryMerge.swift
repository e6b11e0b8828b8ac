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

    /// `existing` is nil when the source has no summary file yet.
    public func merge(fresh: SourceSummary, existing: SummaryFile?, path: String) throws -> Result {
        let freshFields = Dictionary(uniqueKeysWithValues: SummaryNodes.encode(fresh))
        var file = existing ?? SummaryFile(source: fresh.file, fields: [:], annotations: [], extracted: [:], notes: "")
        file.source = fresh.file
        var conflicts: [Conflict] = []
        var kept: [String] = []
        for field in SummaryNodes.extractedFields {
            let new = freshFields[field]!
            let newPrint = ContentHash.of(SummaryNodes.canonical(new))
            guard let current = file.fields[field], let base = file.extracted[field] else {
                // New file, or a field the analyst deleted to get the extractor's value back.
                file.fields[field] = new
                file.extracted[field] = newPrint
                continue
            }
            if ContentHash.of(SummaryNodes.canonical(current)) == base {
                file.fields[field] = new
            } else {
                kept.append(field)
                if newPrint != base {
                    conflicts.append(Conflict(file: path, line: current.mark.map { $0.line + 1 }, field: field))
                }
            }
            // Reported once: from now on the edit is measured against what the extractor says today.
            file.extracted[field] = newPrint
        }
        let summary = try SummaryDecoder(path: path).summary(from: file.fields, fresh: fresh)
        return Result(summary: summary, file: file, conflicts: conflicts, keptEdits: kept)
    }
}

/// Summary-file fields → a typed summary; errors name the file, line and column.
struct SummaryDecoder {
    let reader: NodeReader

    init(path: String) {
        reader = NodeReader(path: path, lineOffset: 1)
    }

    func summary(from fields: [String: Node], fresh: SourceSummary) throws -> SourceSummary {
        var summary = fresh
        if let node = fields["title"] { summary.title = try reader.string(node, "title") }
        summary.published = try reader.optionalString(fields["published"], "published")
        summary.outlet = try reader.optionalString(fields["outlet"], "outlet")
        summary.author = try reader.optionalString(fields["author"], "author")
        if let genre = try reader.optionalString(fields["genre"], "genre") {
            guard let value = Genre(rawValue: genre) else {
                throw reader.error(fields["genre"]!, "unknown genre `\(genre)`", hint: "one of " + Genre.allCases.map(\.rawValue).joined(separator: ", "))
            }
            summary.genre = value
        } else {
            summary.genre = nil
        }
        summary.genreEvidence = try reader.optionalString(fields["genre_evidence"], "genre_evidence")
        if let node = fields["flags"] {
            summary.flags = try reader.list(node, "flags").map { map in
                let name = try reader.string(map["flag"] ?? .scalar(.init("")), "flag")
                guard let kind = ReliabilityFlag.Kind(rawValue: name) else {
                    throw reader.error(map["flag"]!, "unknown flag `\(name)`", hint: "one of " + ReliabilityFlag.Kind.allCases.map(\.rawValue).joined(separator: ", "))
                }
                return ReliabilityFlag(kind, evidence: try reader.optionalString(map["evidence"], "evidence") ?? "")
            }
        }
        if let node = fields["actors"] {
            summary.actors = try reader.list(node, "actors").map { map in
                let name = try reader.string(map["name"] ?? .scalar(.init("")), "name")
                let kindName = try reader.string(map["kind"] ?? .scalar(.init("")), "kind")
                guard let kind = ActorKind(rawValue: kindName) else {
                    throw reader.error(map["kind"]!, "unknown actor kind `\(kindName)`", hint: "one of person, organisation, state, bloc")
                }
                let forms = try reader.strings(map["forms"], "forms")
                return ActorMention(name: name, kind: kind, forms: forms.isEmpty ? [name] : forms, roles: try reader.strings(map["roles"], "roles"),
                                    mentions: map["mentions"] == nil ? 0 : try reader.int(map["mentions"], "mentions"),
                                    paragraphs: try (map["paragraphs"]?.sequence ?? []).map { try reader.int($0, "paragraphs") })
            }
        }
        if let node = fields["quotes"] {
            summary.quotes = try reader.list(node, "quotes").map { map in
                Quote(speaker: try reader.optionalString(map["speaker"], "speaker"), text: try reader.string(map["text"] ?? .scalar(.init("")), "text"),
                      paragraph: try reader.int(map["paragraph"], "paragraph"))
            }
        }
        if let node = fields["events"] {
            summary.events = try reader.list(node, "events").map { map in
                DatedEvent(date: try reader.string(map["date"] ?? .scalar(.init("")), "date"), phrase: try reader.optionalString(map["phrase"], "phrase") ?? "",
                           text: try reader.string(map["text"] ?? .scalar(.init("")), "text"), paragraph: try reader.int(map["paragraph"], "paragraph"),
                           actors: try reader.strings(map["actors"], "actors"))
            }
        }
        if let node = fields["claims"] {
            summary.claims = try reader.list(node, "claims").map { map in
                Claim(text: try reader.string(map["text"] ?? .scalar(.init("")), "text"), paragraph: try reader.int(map["paragraph"], "paragraph"))
            }
        }
        return summary
    }
}
