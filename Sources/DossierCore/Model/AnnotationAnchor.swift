/// Finds the passage an annotation quotes in the cleaned text, so that the
/// note follows its words when the source changes. An annotation whose words
/// are gone is orphaned: shown as such and reported, never dropped.
public struct AnchoredAnnotation: Sendable {
    public var annotation: Annotation
    /// Paragraph number, nil when orphaned.
    public var paragraph: Int?
    /// Character offsets of the passage within the paragraph's text.
    public var range: Range<Int>?

    public var isOrphaned: Bool { paragraph == nil }
}

enum AnnotationAnchor {
    static func anchor(_ annotations: [Annotation], in paragraphs: [Paragraph]) -> [AnchoredAnnotation] {
        annotations.map { annotation in
            var candidates: [(paragraph: Int, range: Range<Int>, score: Int)] = []
            for paragraph in paragraphs {
                let text = Array(paragraph.text)
                let quote = Array(annotation.quote)
                guard quote.count <= text.count, !quote.isEmpty else { continue }
                var start = 0
                while start + quote.count <= text.count {
                    if text[start..<(start + quote.count)].elementsEqual(quote) {
                        // Prefix and suffix tell repeats apart: the occurrence they fit wins.
                        let before = String(text[..<start])
                        let after = String(text[(start + quote.count)...])
                        var score = 0
                        if let prefix = annotation.prefix, !prefix.isEmpty { score += before.hasSuffix(prefix) ? 2 : -1 }
                        if let suffix = annotation.suffix, !suffix.isEmpty { score += after.hasPrefix(suffix) ? 2 : -1 }
                        candidates.append((paragraph.number, start..<(start + quote.count), score))
                    }
                    start += 1
                }
            }
            guard let best = candidates.max(by: { ($0.score, -$0.paragraph, -$0.range.lowerBound) < ($1.score, -$1.paragraph, -$1.range.lowerBound) }) else {
                return AnchoredAnnotation(annotation: annotation, paragraph: nil, range: nil)
            }
            return AnchoredAnnotation(annotation: annotation, paragraph: best.paragraph, range: best.range)
        }
    }
}
