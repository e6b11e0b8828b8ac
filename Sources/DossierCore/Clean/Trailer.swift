/// The end of a page after the article: author cards, profile lines, links.
enum Trailer {
    /// Moves the run of short, unpunctuated lines at the end of the body to `removed`.
    static func strip(_ body: inout [SourceCleaner.Line], removed: inout [RemovedLine]) {
        var index = body.count - 1
        var trailing: [Int] = []
        while index >= 0 {
            let line = body[index]
            if line.text.isEmpty { index -= 1; continue }
            let isLink = JunkLines.isBareURL(line.text)
            // A profile line is a name, a job title or a handle: short, with no sentence or quotation inside.
            let short = line.text.split(separator: " ").count <= 12 && !ParagraphBuilder.endsSentence(line.text)
                && !line.text.contains(where: { "“”\"?!".contains($0) }) && !line.text.contains(". ")
            guard isLink || (short && ParagraphBuilder.bullet(of: line.text) == nil) else { break }
            trailing.append(index)
            index -= 1
        }
        // Only a tail after real prose; a page that is all short lines is left alone.
        guard !trailing.isEmpty, body[..<(index + 1)].contains(where: { Headline.isProse($0.text) }) else { return }
        for position in trailing {
            let line = body[position]
            removed.append(RemovedLine(line: line.number, text: line.text, reason: JunkLines.isBareURL(line.text) ? .navigation : .profile))
        }
        let dropped = Set(trailing)
        body = body.enumerated().filter { !dropped.contains($0.offset) }.map(\.element)
    }
}
