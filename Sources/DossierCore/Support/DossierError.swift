/// A problem the user can act on: where it is (file, line, column where known) and what to do.
public struct DossierError: Error, CustomStringConvertible, Sendable, Equatable {
    public var file: String?
    public var line: Int?
    public var column: Int?
    public var message: String
    public var hint: String?
    /// The build step that raised it, filled in by the pipeline.
    public var step: String?

    public init(file: String? = nil, line: Int? = nil, column: Int? = nil, _ message: String, hint: String? = nil) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
        self.hint = hint
    }

    /// `file:line:column: message` in the form editors and terminals link to.
    public var description: String {
        var place = ""
        if let file {
            place = file
            if let line {
                place += ":\(line)"
                if let column { place += ":\(column)" }
            }
            place += ": "
        }
        var text = place + "error: " + message
        if let step { text = "[\(step)] " + text }
        if let hint { text += "\n  hint: " + hint }
        return text
    }

    func inStep(_ name: String) -> DossierError {
        var copy = self
        if copy.step == nil { copy.step = name }
        return copy
    }
}

/// A problem that does not stop the build (a skipped file, an ignored setting).
public struct DossierWarning: CustomStringConvertible, Sendable, Equatable, Codable {
    public var file: String?
    public var line: Int?
    public var message: String

    public init(file: String? = nil, line: Int? = nil, _ message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String {
        var place = ""
        if let file { place = file + (line.map { ":\($0)" } ?? "") + ": " }
        return place + "warning: " + message
    }
}
