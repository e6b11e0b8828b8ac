import Foundation

/// The layout of each kind of page at each depth, rendered once with marks in place of what
/// differs from page to page (its title, path and description), and filled in for each page.
///
/// swift-mustache looks every name up through dynamic casts on `Any`: about 120 µs a page, a
/// tenth of a full build's CPU at 10,000 sources, all of it spent on the same few dozen layouts.
/// A mark comes out of the templates where the value would: as it is from `{{{name}}}`, escaped
/// from `{{name}}` (its `&` shows which); each is replaced with the page's value, escaped alike.
///
/// That gives the bytes a full render gives only while nothing in the templates depends on a
/// value beyond placing it, so `TemplateSet.layoutsTakeMarks` must hold, and a page whose value
/// is empty or holds a line break (which moves a partial's indentation) is rendered in full.
/// A layout where any mark came out changed or in part (the templates did something the check
/// did not foresee) is never cached.
final class LayoutCache: @unchecked Sendable {
    /// What the layout depends on besides the marked values.
    struct Key: Hashable {
        var kind: MarkdownPage.Kind
        var root: String
        var hasDescription: Bool
        var siteTitle: String
        var language: String
        var question: String?
    }

    /// A run of the layout: its own text, or where a value or the content goes.
    enum Piece {
        case text([UInt8])
        case value(Field, escaped: Bool)
        case content
    }

    enum Field: Int, CaseIterable {
        case title, path, description
    }

    /// Drawn once per run, like the content's mark: no text of the corpus can hold it.
    private static let token = UInt64.random(in: 1...UInt64.max)

    /// The mark for `field`: its `&` is what escaping changes.
    static func mark(_ field: Field) -> String {
        "\u{1}dossier-\(field.rawValue)-\(token)&\u{1}"
    }

    private let lock = NSLock()
    private var layouts: [Key: [Piece]?] = [:]

    /// How many layouts are cached, and how many could not be.
    var counts: (cached: Int, refused: Int) {
        lock.lock()
        defer { lock.unlock() }
        return (layouts.values.filter { $0 != nil }.count, layouts.values.filter { $0 == nil }.count)
    }

    /// The cached layout for `key`, or the one `render` makes from the marks (nil: it cannot be cached).
    func layout(_ key: Key, render: () -> String) -> [Piece]? {
        lock.lock()
        if let known = layouts[key] {
            lock.unlock()
            return known
        }
        lock.unlock()
        let pieces = Self.pieces(of: render(), contentMark: HTMLPageRenderer.contentMark)
        lock.lock()
        layouts[key] = .some(pieces)
        lock.unlock()
        return pieces
    }

    /// Whether a page's values can stand in for the marks (see the type's comment).
    static func takes(_ values: [Field: String]) -> Bool {
        values.values.allSatisfy { value in
            !value.isEmpty && !value.utf8.contains(where: { $0 == 0x0A || $0 == 0x0D || $0 == 0x01 })
        }
    }

    /// `html` cut at the marks; nil when a mark byte stands anywhere else.
    static func pieces(of html: String, contentMark: String) -> [Piece]? {
        var marks: [([UInt8], Piece)] = [(Array(contentMark.utf8), .content)]
        for field in Field.allCases {
            marks.append((Array(mark(field).utf8), .value(field, escaped: false)))
            marks.append((Array(MarkupEscaping.escape(mark(field)).utf8), .value(field, escaped: true)))
        }
        let bytes = Array(html.utf8)
        var pieces: [Piece] = []
        var text: [UInt8] = []
        var at = 0
        scanning: while at < bytes.count {
            guard bytes[at] == 0x01 else {
                text.append(bytes[at])
                at += 1
                continue
            }
            for (mark, piece) in marks where bytes[at...].starts(with: mark) {
                if !text.isEmpty { pieces.append(.text(text)) }
                text = []
                pieces.append(piece)
                at += mark.count
                continue scanning
            }
            return nil
        }
        if !text.isEmpty { pieces.append(.text(text)) }
        // A mark shown some other way (`{{page}}` prints the whole dictionary, escaping its bytes).
        let token = String(Self.token)
        for case .text(let text) in pieces where String(decoding: text, as: UTF8.self).contains(token) { return nil }
        return pieces
    }
}
