import Yams

/// Turns Yams' parser and scanner errors into `DossierError`s that name the file, line and column.
enum YAMLErrors {
    static func located(_ error: Error, file: String, lineOffset: Int = 0) -> DossierError {
        if let yaml = error as? YamlError {
            switch yaml {
            case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _), let .composer(context, problem, mark, _):
                return DossierError(file: file, line: mark.line + lineOffset, column: mark.column,
                                    "malformed YAML: \(problem)\(describe(context, problemAt: mark, lineOffset: lineOffset))")
            case let .duplicatedKeysInMapping(duplicates, context):
                return DossierError(file: file, line: context.mark.line + lineOffset, column: context.mark.column,
                                    "duplicate key \(duplicates.sorted().joined(separator: ", ")) in a mapping")
            default:
                return DossierError(file: file, "malformed YAML: \(yaml)")
            }
        }
        return DossierError(file: file, "malformed YAML: \(error)")
    }

    /// " while parsing a flow sequence that starts at line 2, column 11": libyaml often
    /// notices a mistake (an unclosed `[` or quote) lines after it, so the start is named too.
    private static func describe(_ context: YamlError.Context?, problemAt mark: Mark, lineOffset: Int) -> String {
        guard let context else { return "" }
        if context.mark.line == mark.line && context.mark.column == mark.column { return " \(context.text)" }
        return " \(context.text) that starts at line \(context.mark.line + lineOffset), column \(context.mark.column)"
    }
}
