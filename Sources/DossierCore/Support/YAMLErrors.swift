import Yams

/// Turns Yams' parser and scanner errors into `DossierError`s that name the file, line and column.
enum YAMLErrors {
    static func located(_ error: Error, file: String, lineOffset: Int = 0) -> DossierError {
        if let yaml = error as? YamlError {
            switch yaml {
            case let .scanner(context, problem, mark, _):
                return DossierError(file: file, line: mark.line + lineOffset, column: mark.column,
                                    "malformed YAML: \(problem)\(context.map { " \($0.text)" } ?? "")")
            case let .parser(context, problem, mark, _):
                return DossierError(file: file, line: mark.line + lineOffset, column: mark.column,
                                    "malformed YAML: \(problem)\(context.map { " \($0.text)" } ?? "")")
            case let .composer(context, problem, mark, _):
                return DossierError(file: file, line: mark.line + lineOffset, column: mark.column,
                                    "malformed YAML: \(problem)\(context.map { " \($0.text)" } ?? "")")
            case let .duplicatedKeysInMapping(duplicates, context):
                return DossierError(file: file, line: context.mark.line + lineOffset, column: context.mark.column,
                                    "duplicate key \(duplicates.sorted().joined(separator: ", ")) in a mapping")
            default:
                return DossierError(file: file, "malformed YAML: \(yaml)")
            }
        }
        return DossierError(file: file, "malformed YAML: \(error)")
    }
}
