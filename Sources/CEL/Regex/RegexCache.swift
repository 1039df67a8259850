import Foundation

/// Compiled patterns, shared across evaluations: a rule's pattern is compiled once.
final class RegexCache: @unchecked Sendable {
    static let shared = RegexCache()
    private var cache: [String: Result<RE2Pattern, CELError>] = [:]
    private let lock = NSLock()

    func regex(_ pattern: String) -> Result<RE2Pattern, CELError> {
        lock.lock()
        defer { lock.unlock() }
        if let cached = cache[pattern] { return cached }
        let compiled: Result<RE2Pattern, CELError>
        do {
            compiled = .success(try RE2Pattern(pattern))
        } catch {
            compiled = .failure(error)
        }
        if cache.count > 1000 { cache.removeAll() }
        cache[pattern] = compiled
        return compiled
    }
}
