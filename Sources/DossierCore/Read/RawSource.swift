/// One file of the corpus, decoded to text and never modified.
public struct RawSource: Sendable, Equatable {
    public enum Format: String, Sendable {
        case text, markdown, html
    }

    /// Stable identifier, from the file name (`reports/001 Kyiv.txt` → `reports-001-kyiv`).
    public var id: String
    /// Path relative to the corpus folder, `/`-separated.
    public var file: String
    public var format: Format
    /// The file's text: Unicode, `\n` line endings, byte-order mark removed.
    public var text: String
    /// Digest of the file's bytes; a changed source has a changed hash.
    public var contentHash: String
    /// What decoding had to repair (invalid UTF-8, UTF-16), shown to the analyst.
    public var decodingNotes: [String]
    /// Whether `text` holds the file's text. A file unchanged since the previous build (it has
    /// the stamp that build recorded) is not read again: its text is empty, its hash and notes are
    /// the previous build's, and the build reads it only if it must clean it (`CorpusReader.reread`).
    public var isRead = true

    public init(id: String, file: String, format: Format, text: String, contentHash: String, decodingNotes: [String] = []) {
        self.id = id
        self.file = file
        self.format = format
        self.text = text
        self.contentHash = contentHash
        self.decodingNotes = decodingNotes
    }
}
