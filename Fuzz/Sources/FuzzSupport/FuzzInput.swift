import DossierCore
import Foundation

/// Fuzz bytes → what the pipeline reads. Every source goes through the corpus reader's own
/// decoding (byte-order marks, UTF-16, invalid UTF-8, CR/CRLF), as a file of the corpus would.
public enum FuzzInput {
    /// The first byte picks the source's format, the rest are the file's bytes.
    public static func formatAndBody(_ bytes: [UInt8]) -> (RawSource.Format, [UInt8])? {
        guard let first = bytes.first else { return nil }
        let formats: [RawSource.Format] = [.text, .markdown, .html]
        return (formats[Int(first) % formats.count], Array(bytes.dropFirst()))
    }

    /// The source the corpus reader makes of `bytes` saved as a file of `format`; nil when it
    /// skips the file (not text, or empty).
    public static func source(_ bytes: [UInt8], format: RawSource.Format, name: String = "fuzz") -> RawSource? {
        let file = name + [RawSource.Format.text: ".txt", .markdown: ".md", .html: ".html"][format]!
        do {
            return try CorpusReader().decode([CorpusReader.File(path: file, bytes: bytes)]).sources.first
        } catch {
            Oracle.fail("decoding one file threw \(error)")
        }
    }

    /// A summary file's text, read the way `SummaryStore` reads it (nil when it is not UTF-8).
    public static func summaryText(_ bytes: [UInt8]) -> String? {
        String(data: Data(bytes), encoding: .utf8)
    }

    /// `bytes` cut at every `\n%%\n` line: one input can hold a source, its summary file and a second source.
    public static func parts(_ bytes: [UInt8]) -> [[UInt8]] {
        let separator: [UInt8] = Array("\n%%\n".utf8)
        var parts: [[UInt8]] = []
        var start = 0
        var index = 0
        while index + separator.count <= bytes.count {
            if bytes[index..<(index + separator.count)].elementsEqual(separator) {
                parts.append(Array(bytes[start..<index]))
                index += separator.count
                start = index
            } else {
                index += 1
            }
        }
        parts.append(Array(bytes[start...]))
        return parts
    }
}

/// What a target does when the code under test breaks a promise: report it and stop the
/// process, so that libFuzzer saves the input as a crash artifact.
public enum Oracle {
    public static func fail(_ message: String, file: StaticString = #file, line: UInt = #line) -> Never {
        FileHandle.standardError.write(Data(("ORACLE FAILED: " + message + "\n").utf8))
        fatalError("oracle failed", file: file, line: line)
    }

    public static func check(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String,
                             file: StaticString = #file, line: UInt = #line) {
        if !condition() { fail(message(), file: file, line: line) }
    }
}
