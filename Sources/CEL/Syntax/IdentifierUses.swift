/// Where an expression names things, read from its tokens: for tools that rewrite
/// expressions by name (a rule set's named expressions) without touching text inside strings
/// or field names after a dot.
public struct IdentifierUse: Sendable, Equatable {
    /// The name as written.
    public let name: String
    /// The scalar offset of its first character.
    public let offset: Int
    /// Whether it follows a `.`: a field or method name, not a variable.
    public let isMember: Bool
    /// Whether a `(` follows it: a function or macro name, not a variable.
    public let isCall: Bool
    /// Whether it names a macro's loop variable (`w` in `peer_workers.all(w, …)`).
    public let isLoopVariable: Bool

    /// The uses of names in an expression, in order; `nil` when it cannot be read as tokens
    /// (the parser then reports why).
    public static func uses(in text: String) -> [IdentifierUse]? {
        var lexer = Lexer(CELSource(text))
        guard let tokens = try? lexer.tokens() else { return nil }
        var uses: [IdentifierUse] = []
        for (index, token) in tokens.enumerated() {
            guard case .identifier(let name) = token.kind else { continue }
            func punctuation(at position: Int) -> String? {
                guard tokens.indices.contains(position),
                    case .punctuation(let symbol) = tokens[position].kind
                else { return nil }
                return symbol
            }
            let isMember = punctuation(at: index - 1) == "."
            let isCall = punctuation(at: index + 1) == "("
            // `target.all(NAME, …)`: a macro's first argument, after `.macro(`.
            var isLoopVariable = false
            if punctuation(at: index - 1) == "(", punctuation(at: index + 1) == ",",
                index >= 3, punctuation(at: index - 3) == ".",
                case .identifier(let macro) = tokens[index - 2].kind
            {
                isLoopVariable = ["all", "exists", "exists_one", "map", "filter"].contains(macro)
            }
            uses.append(
                IdentifierUse(
                    name: name, offset: token.offset, isMember: isMember, isCall: isCall,
                    isLoopVariable: isLoopVariable))
        }
        return uses
    }
}
