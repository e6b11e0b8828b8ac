import CDossierSupport

/// Native replacements for the Foundation string searches the hot paths use.
/// On Linux, Foundation's `contains(_:)` and `trimmingCharacters(in:)` go
/// through CFString, converting the text on every call: an order of magnitude
/// slower than searching the UTF-8 bytes.
extension String {
    /// Whether `other` occurs in the string (byte-wise, exact). Preferred over
    /// Foundation's generic `contains` because it is the more specific overload.
    func contains(_ other: String) -> Bool {
        if other.isEmpty { return true }
        var haystack = self
        var needle = other
        return haystack.withUTF8 { hay in
            needle.withUTF8 { pin in
                guard pin.count <= hay.count, let hayBase = hay.baseAddress, let pinBase = pin.baseAddress else { return false }
                return dossier_contains_bytes(hayBase, hay.count, pinBase, pin.count) != 0
            }
        }
    }

    /// Whether the first character is a letter: an ASCII first byte answers on its own (a
    /// character's letter-ness is its first scalar's).
    var startsWithLetter: Bool {
        guard let byte = utf8.first else { return false }
        if byte < 0x80 { return (byte | 0x20) &- UInt8(ascii: "a") < 26 }
        return first?.isLetter == true
    }

    /// The string with ASCII letters lowercased and every other character kept: for
    /// comparing with ASCII words without Unicode case mapping's cost.
    func asciiLowercased() -> String {
        String(decoding: utf8.asciiLowercased(), as: UTF8.self)
    }

    /// `count < limit`, counting no further than `limit` characters (a long article line is
    /// measured against the short lengths of page furniture without walking all of it).
    func isShorter(than limit: Int) -> Bool {
        utf8.count < limit || index(startIndex, offsetBy: limit, limitedBy: endIndex) == nil
    }

    /// The string without leading and trailing white space (spaces, tabs, newlines, no-break spaces).
    func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })!
        return String(scalars[first...last])
    }

    /// The string without leading and trailing `scalar`s: `trimmingCharacters(in:)` for a set of
    /// one, without CFString.
    func trimming(_ scalar: Unicode.Scalar) -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { $0 != scalar }) else { return "" }
        let last = scalars.lastIndex(where: { $0 != scalar })!
        return String(scalars[first...last])
    }

    /// The string without leading and trailing punctuation, symbols and white space.
    func trimmingPunctuation() -> String {
        func isTrimmed(_ scalar: Unicode.Scalar) -> Bool {
            switch scalar.properties.generalCategory {
            case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation,
                 .finalPunctuation, .otherPunctuation, .mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol,
                 .spaceSeparator, .lineSeparator, .paragraphSeparator, .control:
                return true
            default:
                return false
            }
        }
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !isTrimmed($0) }) else { return "" }
        let last = scalars.lastIndex(where: { !isTrimmed($0) })!
        return String(scalars[first...last])
    }
}

extension Sequence<UInt8> {
    /// The bytes with ASCII capitals lowercased.
    func asciiLowercased() -> [UInt8] {
        map(\.asciiLowercased)
    }
}

extension UInt8 {
    /// The byte with an ASCII capital made lowercase; any other byte as it is.
    var asciiLowercased: UInt8 {
        self &- UInt8(ascii: "A") < 26 ? self | 0x20 : self
    }

    /// A–Z, a–z or 0–9.
    var isASCIIAlphanumeric: Bool {
        self &- UInt8(ascii: "a") < 26 || self &- UInt8(ascii: "A") < 26 || self &- UInt8(ascii: "0") < 10
    }
}

extension String {
    /// A folder's path ready to have a relative path joined to it: with one "/" at its end.
    var endingInSlash: String {
        hasSuffix("/") ? self : self + "/"
    }
}

extension StringProtocol {
    /// The folder of a path: everything before its last "/", or nil when it has none. Found on
    /// the bytes: a build asks it of every file of the site, and a search by characters walked
    /// each file name back grapheme by grapheme.
    var pathFolder: Substring? {
        let bytes = Substring(self).utf8
        return bytes.lastIndex(of: UInt8(ascii: "/")).map { Substring(bytes[..<$0]) }
    }
}
