import Yams

/// A summary's fields as YAML nodes, in the order the summary file lists them.
/// Merging works on these nodes, so that an analyst's edit is compared by its
/// values, whatever quoting or layout the analyst used.
enum SummaryNodes {
    /// Fields the extractor fills and the analyst may edit, in file order.
    static let extractedFields = ["title", "published", "outlet", "author", "genre", "genre_evidence", "flags",
                                  "actors", "quotes", "events", "claims"]

    static func string(_ value: String) -> Node { .scalar(value.represented()) }
    static func optional(_ value: String?) -> Node { value.map(string) ?? .scalar(.init("null")) }
    static func int(_ value: Int) -> Node { .scalar(.init(String(value))) }
    static func list(_ values: [String]) -> Node { .sequence(.init(values.map(string), .implicit, .flow)) }
    static func map(_ pairs: [(String, Node)]) -> Node { .mapping(.init(pairs.map { (string($0.0), $0.1) })) }

    static func encode(_ summary: SourceSummary) -> [(String, Node)] {
        [
            ("title", string(summary.title)),
            ("published", optional(summary.published)),
            ("outlet", optional(summary.outlet)),
            ("author", optional(summary.author)),
            ("genre", optional(summary.genre?.rawValue)),
            ("genre_evidence", optional(summary.genreEvidence)),
            ("flags", .sequence(.init(summary.flags.map { map([("flag", string($0.flag.rawValue)), ("evidence", string($0.evidence))]) }))),
            ("actors", .sequence(.init(summary.actors.map { actor in
                map([("name", string(actor.name)), ("kind", string(actor.kind.rawValue)), ("forms", list(actor.forms)),
                     ("roles", list(actor.roles)), ("mentions", int(actor.mentions)), ("paragraphs", .sequence(.init(actor.paragraphs.map(int), .implicit, .flow)))])
            }))),
            ("quotes", .sequence(.init(summary.quotes.map {
                map([("speaker", optional($0.speaker)), ("text", string($0.text)), ("paragraph", int($0.paragraph))])
            }))),
            ("events", .sequence(.init(summary.events.map {
                map([("date", string($0.date)), ("phrase", string($0.phrase)), ("text", string($0.text)),
                     ("paragraph", int($0.paragraph)), ("actors", list($0.actors))])
            }))),
            ("claims", .sequence(.init(summary.claims.map { map([("text", string($0.text)), ("paragraph", int($0.paragraph))]) }))),
        ]
    }

    /// A node's values, independent of quoting, styles and key order: what an edit changes.
    static func canonical(_ node: Node?) -> String {
        var canonical = CanonicalText()
        write(node, into: &canonical)
        return canonical.text
    }

    /// `canonical`, written onto the end of `canonical`: every field of every summary file is made
    /// canonical on every build, and a string made for each node and joined cost a fifth of a
    /// summary file's time.
    private static func write(_ node: Node?, into canonical: inout CanonicalText) {
        guard let node else { return canonical.text += "~" }
        switch node {
        case .scalar(let scalar):
            if isNull(node) { canonical.text += "~" } else { canonical.scalar(scalar.string) }
        case .sequence(let sequence):
            canonical.sequence(sequence) { write($1, into: &$0) }
        case .mapping(let mapping):
            // By key, so each pair is made on its own first.
            let pairs = mapping.map { (key: Self.canonical($0.key), value: Self.canonical($0.value)) }.sorted { $0.key < $1.key }
            canonical.text += "{"
            for (index, pair) in pairs.enumerated() {
                if index > 0 { canonical.text += "|" }
                canonical.text += pair.key
                canonical.text += "="
                canonical.text += pair.value
            }
            canonical.text += "}"
        case .alias:
            canonical.text += "*"
        }
    }

    /// A text as `canonical` gives a scalar that is not null. Escaped only when it has a backslash or a
    /// bar, as it always was: the fingerprints in the analysts' files must stay what they are.
    static func canonical(_ text: String) -> String {
        var canonical = ""
        write(text, into: &canonical)
        return canonical
    }

    static func write(_ scalar: String, into text: inout String) {
        text += "s:"
        guard scalar.utf8.contains(where: { $0 == UInt8(ascii: "\\") || $0 == UInt8(ascii: "|") }) else { return text += scalar }
        text += scalar.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "|", with: "\\|")
    }

    /// `canonical(encode(summary)[field])` for every field, from the values, without making their nodes:
    /// a build compares every field of every summary file with the fresh extraction's, and Yams works out
    /// how to write each text (quoted or not) with regular expressions.
    static func canonicalFields(_ summary: SourceSummary) -> [String: String] {
        func field(_ write: (inout CanonicalText) -> Void) -> String {
            var canonical = CanonicalText()
            write(&canonical)
            return canonical.text
        }
        // Each mapping's keys in the order `canonical` sorts them into (by their canonical text).
        return [
            "title": canonical(summary.title),
            "published": field { $0.optional(summary.published) },
            "outlet": field { $0.optional(summary.outlet) },
            "author": field { $0.optional(summary.author) },
            "genre": field { $0.optional(summary.genre?.rawValue) },
            "genre_evidence": field { $0.optional(summary.genreEvidence) },
            "flags": field { $0.sequence(summary.flags) { text, flag in
                text.key("evidence", first: true); text.scalar(flag.evidence)
                text.key("flag"); text.scalar(flag.flag.rawValue)
                text.end()
            } },
            "actors": field { $0.sequence(summary.actors) { text, actor in
                text.key("forms", first: true); text.list(actor.forms)
                text.key("kind"); text.scalar(actor.kind.rawValue)
                text.key("mentions"); text.int(actor.mentions)
                text.key("name"); text.scalar(actor.name)
                text.key("paragraphs"); text.sequence(actor.paragraphs) { $0.int($1) }
                text.key("roles"); text.list(actor.roles)
                text.end()
            } },
            "quotes": field { $0.sequence(summary.quotes) { text, quote in
                text.key("paragraph", first: true); text.int(quote.paragraph)
                text.key("speaker"); text.optional(quote.speaker)
                text.key("text"); text.scalar(quote.text)
                text.end()
            } },
            "events": field { $0.sequence(summary.events) { text, event in
                text.key("actors", first: true); text.list(event.actors)
                text.key("date"); text.scalar(event.date)
                text.key("paragraph"); text.int(event.paragraph)
                text.key("phrase"); text.scalar(event.phrase)
                text.key("text"); text.scalar(event.text)
                text.end()
            } },
            "claims": field { $0.sequence(summary.claims) { text, claim in
                text.key("paragraph", first: true); text.int(claim.paragraph)
                text.key("text"); text.scalar(claim.text)
                text.end()
            } },
        ]
    }

    /// Canonical text written from values, piece by piece into one string, as `canonical` writes it
    /// from nodes: every summary of the corpus is made canonical on every build.
    struct CanonicalText {
        var text = ""

        mutating func scalar(_ value: String) { SummaryNodes.write(value, into: &text) }

        mutating func optional(_ value: String?) {
            if let value { scalar(value) } else { text += "~" }
        }

        mutating func int(_ value: Int) {
            text += "s:"
            text += String(value)
        }

        mutating func list(_ values: [String]) { sequence(values) { $0.scalar($1) } }

        mutating func sequence<Items: Sequence>(_ items: Items, _ write: (inout CanonicalText, Items.Element) -> Void) {
            text += "["
            for (index, item) in items.enumerated() {
                if index > 0 { text += "|" }
                write(&self, item)
            }
            text += "]"
        }

        /// A mapping's next key, the mapping opened at the first.
        mutating func key(_ key: String, first: Bool = false) {
            text += first ? "{" : "|"
            scalar(key)
            text += "="
        }

        /// Closes a mapping.
        mutating func end() { text += "}" }
    }

    static func isNull(_ node: Node) -> Bool {
        guard case .scalar(let scalar) = node else { return false }
        guard scalar.style == .plain || scalar.style == .any else { return false }
        // A switch, not a list searched: every scalar of every summary file is asked.
        switch scalar.string {
        case "", "~", "null", "Null", "NULL": return true
        default: return false
        }
    }
}

extension Node.Mapping {
    /// The value of `key`, found by the key's text. Yams' own subscript compares whole nodes,
    /// working out each key's tag with regular expressions: most of the time a build spent on
    /// summary files. As there, a later key wins.
    func named(_ key: String) -> Node? {
        var found: Node?
        for (name, value) in self where name.scalar?.string == key { found = value }
        return found
    }
}
