/// Bytes saved from the web → text, without losing any of it.
enum TextDecoding {
    enum Outcome: Equatable {
        case text(String, notes: [String])
        /// Not a text file (NUL bytes or mostly control characters).
        case binary
    }

    static func decode(_ bytes: [UInt8]) -> Outcome {
        var notes: [String] = []
        var text: String
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            text = decodeUTF16(Array(bytes.dropFirst(2)), bigEndian: bytes[0] == 0xFE)
            notes.append("decoded from UTF-16")
        } else {
            if looksBinary(bytes) { return .binary }
            let body = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(bytes.dropFirst(3)) : bytes
            if let valid = String(validating: body, as: UTF8.self) {
                text = valid
            } else {
                // Invalid sequences become U+FFFD; the rest of the text is kept.
                text = String(decoding: body, as: UTF8.self)
                notes.append("invalid UTF-8 replaced with \u{FFFD}")
            }
        }
        return .text(normalizeLineEndings(text), notes: notes)
    }

    /// `\r\n` and lone `\r` become `\n`.
    static func normalizeLineEndings(_ text: String) -> String {
        guard text.utf8.contains(13) else { return text }
        var out = String.UnicodeScalarView()
        var previousWasCR = false
        for scalar in text.unicodeScalars {
            if scalar == "\r" {
                out.append("\n")
                previousWasCR = true
                continue
            }
            if scalar == "\n" && previousWasCR {
                previousWasCR = false
                continue
            }
            previousWasCR = false
            out.append(scalar)
        }
        return String(out)
    }

    /// NUL bytes, or more than 10% control bytes in the first 8 KiB, mean the file is not text.
    static func looksBinary(_ bytes: [UInt8]) -> Bool {
        let sample = bytes.prefix(8192)
        if sample.contains(0) { return true }
        let controls = sample.filter { $0 < 32 && $0 != 9 && $0 != 10 && $0 != 13 && $0 != 12 }.count
        return !sample.isEmpty && controls * 10 > sample.count
    }

    private static func decodeUTF16(_ bytes: [UInt8], bigEndian: Bool) -> String {
        var units: [UInt16] = []
        units.reserveCapacity(bytes.count / 2)
        var index = 0
        while index + 1 < bytes.count {
            let a = UInt16(bytes[index]), b = UInt16(bytes[index + 1])
            units.append(bigEndian ? (a << 8 | b) : (b << 8 | a))
            index += 2
        }
        return String(decoding: units, as: UTF16.self)
    }
}
