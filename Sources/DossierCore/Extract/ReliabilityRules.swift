import Foundation

/// Genre and reliability flags, each with the words of the source that decided it.
struct ReliabilityRules: Sendable {
    func flags(for source: CleanSource, raw: RawSource) -> [ReliabilityFlag] {
        var flags: [ReliabilityFlag] = []
        func add(_ kind: ReliabilityFlag.Kind, _ evidence: String) {
            if !flags.contains(where: { $0.flag == kind }) { flags.append(ReliabilityFlag(kind, evidence: evidence)) }
        }
        if let first = source.comments.first {
            add(.readerComments, "\(source.comments.count) reader comment\(source.comments.count == 1 ? "" : "s"), the first: “\(Self.excerpt(first.text))”")
        }
        let allLines = source.removed.map(\.text) + source.paragraphs.map(\.text)
        for line in allLines {
            let lower = line.lowercased()
            if ["read the rest", "continue reading", "read the full", "read the original", "click here to read"].contains(where: lower.contains) {
                add(.truncated, line)
            }
            if lower.hasPrefix("submitted by") || lower.contains("originally published") || lower.contains("republished")
                || lower.hasPrefix("sponsored") || lower.contains("paid content") || lower.contains("partner content") {
                add(.sponsoredOrSyndicated, Self.excerpt(line))
            }
            if JunkLines.isDonationAppeal(lower) || JunkLines.isDisclaimer(lower) {
                add(.advocacySource, Self.excerpt(line))
            }
        }
        if let tags = source.removed.first(where: { JunkLines.isHashtagLine($0.text) }) {
            add(.socialMedia, tags.text)
        } else if let stamp = source.removed.first(where: { JunkLines.isRelativeTimestamp($0.text) }) {
            add(.socialMedia, "profile age stamp “\(stamp.text)”")
        }
        if let note = raw.decodingNotes.first { add(.invalidText, note) }
        return flags
    }

    func genre(for source: CleanSource, flags: [ReliabilityFlag]) -> (Genre, String) {
        let bodyWords = source.paragraphs.reduce(0) { $0 + $1.text.split(separator: " ").count }
        let commentWords = source.comments.reduce(0) { $0 + $1.text.split(separator: " ").count }
        if let thread = source.stated["thread"] {
            return (.commentThread, thread)
        }
        if commentWords > bodyWords {
            return (.commentThread, "\(source.comments.count) comments, longer than the article itself")
        }
        if let social = flags.first(where: { $0.flag == .socialMedia }) {
            return (.socialPost, social.evidence)
        }
        if let advocacy = flags.first(where: { $0.flag == .advocacySource }) {
            return (.opinion, advocacy.evidence)
        }
        let headings = source.paragraphs.filter { $0.kind == .heading }
        if headings.count >= 3 {
            return (.analysis, "\(headings.count) section headings, such as “\(headings[0].text)”")
        }
        return (.newsReport, "no sign of opinion, analysis or social-media framing")
    }

    static func excerpt(_ text: String, limit: Int = 160) -> String {
        text.count <= limit ? text : String(text.prefix(limit)).trimmingCharacters(in: .whitespaces) + "…"
    }
}
