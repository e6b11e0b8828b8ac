import Foundation

/// URL- and file-safe names: lowercase ASCII letters, digits, `-` and `_`.
public enum Slug {
    /// `"Zoë Ångström"` → `"zoe-angstrom"`. Letters with diacritics fold to their base letter;
    /// anything else becomes a single `-`. Never empty: falls back to `fallback`.
    public static func make(_ text: String, fallback: String = "untitled") -> String {
        let folded = text.folding(options: [.diacriticInsensitive, .widthInsensitive], locale: nil)
        var out = ""
        var pendingDash = false
        for scalar in folded.unicodeScalars {
            let value = scalar.value
            let isLower = value >= 97 && value <= 122
            let isUpper = value >= 65 && value <= 90
            let isDigit = value >= 48 && value <= 57
            if isLower || isDigit || isUpper || scalar == "_" {
                if pendingDash && !out.isEmpty { out.append("-") }
                pendingDash = false
                out.unicodeScalars.append(isUpper ? Unicode.Scalar(value + 32)! : scalar)
            } else if scalar == "'" || scalar == "’" {
                continue  // "Europe's" → "europes", not "europe-s"
            } else {
                pendingDash = true
            }
        }
        if out.count > 80 { out = String(out.prefix(80)) }
        while out.hasSuffix("-") { out.removeLast() }
        return out.isEmpty ? fallback : out
    }
}
