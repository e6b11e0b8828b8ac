import Foundation

/// The reader-comment thread after an article: where it starts and how it
/// splits into one entry per comment.
enum CommentSection {
    /// "25 comments", "Comments (4)", "Reader comments", "3 Responses to …".
    static func isHeader(_ line: String) -> Bool {
        let trimmed = line.trimmingWhitespace()
        guard trimmed.isShorter(than: 61) else { return false }
        let lower = trimmed.lowercased()
        let words = lower.split(separator: " ").map(String.init)
        guard let last = words.last else { return false }
        let nouns: Set<String> = ["comment", "comments", "responses", "response", "replies", "comments:", "discussion"]
        if words.count == 1 { return ["comments", "comments:", "discussion"].contains(last) }
        if words.count == 2 && words[0].allSatisfy(\.isNumber) && nouns.contains(last) { return true }
        if words.count == 2 && ["reader", "readers'", "user", "your"].contains(words[0]) && last.hasPrefix("comment") { return true }
        if words.first?.hasPrefix("comments") == true && words.count == 2 && last.hasPrefix("(") && last.hasSuffix(")") { return true }
        if words.count >= 3, words[0].allSatisfy(\.isNumber), ["responses", "replies", "comments", "thoughts"].contains(words[1]), words[2] == "to" || words[2] == "on" { return true }
        return false
    }

    /// "1. text", "2) name", "3. name says:": the marker that opens a numbered comment.
    static func numberedStart(_ text: String) -> (number: Int, rest: String)? {
        let digits = text.prefix(while: \.isNumber)
        guard !digits.isEmpty, digits.count <= 4, let number = Int(digits) else { return nil }
        let after = text.dropFirst(digits.count)
        guard let mark = after.first, mark == "." || mark == ")", after.dropFirst().first == " " else { return nil }
        return (number, String(after.dropFirst(2)).trimmingWhitespace())
    }

    static func split(_ lines: [SourceCleaner.Line]) -> (comments: [Comment], removed: [RemovedLine]) {
        var comments: [Comment] = []
        var removed: [RemovedLine] = []
        var current: (line: Int, parts: [String])?
        var expected = 1
        let numbered = lines.contains { numberedStart($0.text)?.number == 1 }
        func flush() {
            if let entry = current, !entry.parts.isEmpty {
                comments.append(Comment(line: entry.line, text: entry.parts.joined(separator: "\n\n")))
            }
            current = nil
        }
        for line in lines {
            if line.text.isEmpty {
                if !numbered { flush() }
                continue
            }
            if let reason = JunkLines.reason(for: line.text) {
                removed.append(RemovedLine(line: line.number, text: line.text, reason: reason))
                continue
            }
            if numbered, let start = numberedStart(line.text), start.number == expected {
                flush()
                expected += 1
                current = (line.number, start.rest.isEmpty ? [] : [start.rest])
                continue
            }
            if current == nil { current = (line.number, []) }
            current?.parts.append(line.text)
        }
        flush()
        return (comments, removed)
    }

    /// The lines of a comment promoted back to the article, one per paragraph.
    static func lines(of comment: Comment) -> [SourceCleaner.Line] {
        var lines: [SourceCleaner.Line] = []
        for (offset, paragraph) in comment.text.components(separatedBy: "\n\n").enumerated() {
            if offset > 0 { lines.append(SourceCleaner.Line(number: comment.line, text: "", indented: false)) }
            lines.append(SourceCleaner.Line(number: comment.line, text: paragraph, indented: false))
        }
        return lines
    }
}
