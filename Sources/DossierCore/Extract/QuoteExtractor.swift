import Foundation

/// Direct quotations and who said them.
struct QuoteExtractor: Sendable {
    static let speechVerbs: Set<String> = [
        "said", "says", "say", "told", "tells", "added", "adds", "warned", "warns", "stressed", "argued", "argues",
        "wrote", "writes", "stated", "states", "declared", "insisted", "noted", "notes", "explained", "asked", "replied",
        "claimed", "claims", "according", "announced", "commented", "remarked", "tweeted", "posted", "urged", "cautioned",
    ]
    static let pronouns: Set<String> = ["he", "she", "they"]

    /// Quotes in one paragraph. `mentions` are the paragraph's actor mentions in text order.
    struct Found {
        var quotes: [Quote]
        var lastPerson: String?
        /// The paragraph opens with a quotation mark (a quotation continued from the paragraph before).
        var startsWithQuote: Bool
        /// The paragraph's last quotation is never closed (it continues in the next paragraph).
        var endsOpen: Bool
    }

    /// `roles`: the source's people with the roles it gives them, for "the minister said".
    func quotes(in paragraph: Paragraph, sentences: [SentenceRef], mentions: [ActorExtractor.Mention],
                lastPerson: String?, actorKinds: [String: ActorKind], roles: [(name: String, roles: [String])] = []) -> Found {
        var quotes: [Quote] = []
        var lastPerson = lastPerson
        let text = paragraph.text
        var previousEnd: String.Index?
        let spans = Self.quotedSpans(text)
        for span in spans {
            let quoted = String(text[span.inner])
            guard quoted.split(separator: " ").count >= 3 else { continue }
            let before = String(text[..<span.outer.lowerBound])
            let after = String(text[span.outer.upperBound...])
            var speaker = speaker(before: before, after: after, mentions: mentions, lastPerson: lastPerson, kinds: actorKinds, roles: roles)
            // “…,” she said. “…” — a quote that follows another with nothing but space between continues it.
            if speaker == nil, let previousEnd, let last = quotes.last, last.paragraph == paragraph.number,
               String(text[previousEnd..<span.outer.lowerBound]).trimmingWhitespace().isEmpty
                || text[previousEnd..<span.outer.lowerBound].split(separator: " ").count <= 8 && last.speaker != nil {
                speaker = last.speaker
            }
            quotes.append(Quote(speaker: speaker, text: quoted.trimmingWhitespace().trimming(","),
                                paragraph: paragraph.number))
            previousEnd = span.outer.upperBound
        }
        // "he said" in the next paragraph most often means this paragraph's subject: its first person.
        if let person = mentions.first(where: { actorKinds[$0.key] == .person }) { lastPerson = person.key }
        return Found(quotes: quotes, lastPerson: lastPerson, startsWithQuote: text.first.map { "“\"«".contains($0) } ?? false,
                     endsOpen: spans.last.map { $0.outer.upperBound == text.endIndex && $0.inner.upperBound == text.endIndex } ?? false)
    }

    private func speaker(before: String, after: String, mentions: [ActorExtractor.Mention], lastPerson: String?,
                         kinds: [String: ActorKind], roles: [(name: String, roles: [String])]) -> String? {
        func resolve(_ clause: String) -> String? {
            let words = Tokenizer.tokens(clause).map { $0.text }
            guard words.contains(where: { Self.speechVerbs.contains($0.lowercased()) }) else { return nil }
            // The longest known form named in the clause.
            let forms = mentions.filter { clause.contains($0.form) && kinds[$0.key] != nil }
                .sorted { $0.form.count > $1.form.count }
            if let named = forms.first(where: { kinds[$0.key] == .person }) ?? forms.first { return named.key }
            if words.contains(where: { Self.pronouns.contains($0.lowercased()) }) { return lastPerson }
            // "the minister said": the one person this source gives that role.
            let lower = words.map { $0.lowercased() }
            if let article = lower.firstIndex(where: { $0 == "the" }), article + 1 < lower.count {
                let roleWord = lower[(article + 1)...].prefix { !Self.speechVerbs.contains($0) }.prefix(3).last ?? ""
                let holders = roles.filter { $0.roles.contains { $0.lowercased().split(separator: " ").contains(Substring(roleWord)) } }
                if holders.count == 1 { return holders[0].name }
            }
            return nil
        }
        // ", Jane Roe said." right after the quote.
        let afterClause = String(after.prefix { $0 != "." && $0 != "“" && $0 != "\"" }.prefix(120))
        if let speaker = resolve(afterClause) { return speaker }
        // "Jane Roe told reporters: “…”" right before it.
        let beforeClause = String(before.split(separator: ".", omittingEmptySubsequences: false).last ?? "").suffix(160)
        return resolve(String(beforeClause))
    }

    struct Span {
        var outer: Range<String.Index>
        var inner: Range<String.Index>
    }

    /// Text between matching quotation marks (“…”, "…", «…»); a quote left open runs to the paragraph's end.
    static func quotedSpans(_ text: String) -> [Span] {
        // Most paragraphs quote no one: with no '"' byte and no last byte of "“" (E2 80 9C) or "«"
        // (C2 AB) in their UTF-8, they hold no quote mark, and are not walked.
        let marked = text.utf8.withContiguousStorageIfAvailable { bytes in
            bytes.contains { $0 == UInt8(ascii: "\"") || $0 == 0x9C || $0 == 0xAB }
        }
        guard marked != false else { return [] }
        // On scalars: every paragraph is walked here, and the quote marks are single scalars.
        let scalars = text.unicodeScalars
        var spans: [Span] = []
        var index = scalars.startIndex
        while index < scalars.endIndex {
            let opener = scalars[index]
            let closer: Unicode.Scalar? = opener == "“" ? "”" : opener == "\"" ? "\"" : opener == "«" ? "»" : nil
            guard let closer else { index = scalars.index(after: index); continue }
            let innerStart = scalars.index(after: index)
            let close = scalars[innerStart...].firstIndex(of: closer) ?? (opener == "“" ? scalars[innerStart...].firstIndex(of: "\"") : nil)
            let innerEnd = close ?? scalars.endIndex
            let outerEnd = close.map { scalars.index(after: $0) } ?? scalars.endIndex
            spans.append(Span(outer: index..<outerEnd, inner: innerStart..<innerEnd))
            index = outerEnd
        }
        return spans
    }
}
