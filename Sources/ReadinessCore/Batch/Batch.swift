import CEL
import Dispatch
import Foundation
import SourceDiagnostics

/// One rule set over many organisations: per-organisation summaries and sector totals.
///
/// Profiles are evaluated in parallel, one worker per core, while the caller's thread hands
/// each summary on in input order as soon as it and those before it are ready. Workers run at
/// most ``window`` profiles ahead of the hand-off, so memory holds that many summaries at most
/// however many profiles there are. Only small per-organisation summaries and running totals
/// are kept.
public struct Batch: Sendable {
    /// One organisation's line in the batch.
    public struct Row: Sendable, Codable, Equatable {
        public var file: String
        public var organisation: String?
        public var score: Double?
        public var band: String?
        public var compliant: Bool?
        /// The assessment date used (`YYYY-MM-DD`).
        public var asOf: String?
        /// The applicable mandatory rules that fail, are partial or could not be evaluated.
        public var mandatoryFailed: [String]
        /// The mandatory rules whose outcome is unknown for missing data.
        public var mandatoryUnknown: [String]
        public var unknowns: Int
        public var domainScores: [String: Double]
        /// For a profile that could not be assessed: its problems.
        public var errors: [String]
        /// The rules that failed or were partial (for the sector's weakest rules).
        public var failedRules: [String]

        // In snake case already, so an encoder need not convert them row after row.
        private enum CodingKeys: String, CodingKey {
            case file, organisation, score, band, compliant, unknowns, errors
            case asOf = "as_of"
            case mandatoryFailed = "mandatory_failed"
            case mandatoryUnknown = "mandatory_unknown"
            case domainScores = "domain_scores"
            case failedRules = "failed_rules"
        }

        /// A domain's identifier as a key, written as it is.
        private struct DomainKey: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }

        /// What the synthesized encoding writes, with every list item and domain score
        /// encoded as text or a number rather than as generic values (each of which went
        /// through the encoder's dynamic type checks). `readiness batch` writes its JSON rows
        /// with its own writer, which its tests hold to this encoding.
        public func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encodeIfPresent(asOf, forKey: .asOf)
            try container.encode(file, forKey: .file)
            try container.encodeIfPresent(organisation, forKey: .organisation)
            try container.encodeIfPresent(score, forKey: .score)
            try container.encodeIfPresent(band, forKey: .band)
            try container.encodeIfPresent(compliant, forKey: .compliant)
            func encode(_ texts: [String], forKey key: CodingKeys) throws {
                var list = container.nestedUnkeyedContainer(forKey: key)
                for text in texts { try list.encode(text) }
            }
            try encode(mandatoryFailed, forKey: .mandatoryFailed)
            try encode(mandatoryUnknown, forKey: .mandatoryUnknown)
            try container.encode(unknowns, forKey: .unknowns)
            var domains = container.nestedContainer(keyedBy: DomainKey.self, forKey: .domainScores)
            for (domain, score) in domainScores {
                try domains.encode(score, forKey: DomainKey(stringValue: domain))
            }
            try encode(errors, forKey: .errors)
            try encode(failedRules, forKey: .failedRules)
        }
    }

    /// Sector totals.
    public struct Totals: Sendable, Codable, Equatable {
        public struct RuleFailure: Sendable, Codable, Equatable {
            public var rule: String
            public var title: String
            public var organisations: Int
            public var share: Double
            /// The share as a percentage with one decimal, from the counts.
            public var percent: Double
        }

        public var profiles: Int
        public var assessed: Int
        public var failedToLoad: Int
        public var compliant: Int
        public var bands: [String: Int]
        public var domainAverages: [String: Double]
        public var mostFailedRules: [RuleFailure]
        /// Profiles left out because a later one of the same organisation is in the batch
        /// (set by the caller that chose them, ``BatchDuplicates/select(_:maxBytes:)``).
        public var superseded: [BatchDuplicates.Superseded] = []
    }

    public let ruleSet: CompiledRuleSet
    public var asOf: CELTimestamp?
    /// Reads every profile against the rule set's schema.
    private let reader: ProfileReader
    /// Evaluates every profile: made once, so assessing a profile hands the shared rule set
    /// to nothing new (each hand-off counted a reference that every core took turns at).
    private let evaluator: Evaluator
    /// Whether each rule, in order, is mandatory (looked up once, not per profile).
    private let mandatory: [Bool]
    /// How many profiles the workers may run ahead of the hand-off (and how often, in
    /// profiles, progress is reported).
    public var window = 256

    /// Creates a batch over a compiled rule set.
    public init(ruleSet: CompiledRuleSet, asOf: CELTimestamp? = nil) {
        self.ruleSet = ruleSet
        self.asOf = asOf
        reader = ProfileReader(schema: ruleSet.ruleSet.schema, limits: ruleSet.limits)
        mandatory = ruleSet.rules.map(\.rule.mandatory)
        // Rows need scores and verdicts, not evidence or gap messages.
        evaluator = Evaluator(ruleSet, describes: false)
    }

    /// What a search of the paths found: the profiles, and the folders it could not read.
    public struct Search: Sendable, Equatable {
        /// A folder that could not be searched, and why (`permission denied`).
        public struct UnreadableFolder: Sendable, Equatable {
            public var path: String
            public var reason: String
        }

        /// Every profile found, sorted.
        public var profiles: [String] = []
        /// Folders whose profiles are missing from ``profiles``.
        public var unreadableFolders: [UnreadableFolder] = []
    }

    /// Every `*.yaml`/`*.yml` file under the paths (folders searched at any depth, hidden files
    /// included, symbolic links listed but not followed into), sorted; a path that is not a
    /// folder is kept as given. A folder that cannot be read is named in the result, not
    /// passed over: its profiles would be missing from the batch without a word.
    public static func search(_ paths: [String]) -> Search {
        var search = Search()
        for path in paths {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory),
                isDirectory.boolValue
            {
                var folder = path
                while folder.count > 1, folder.hasSuffix("/") { folder.removeLast() }
                collectProfiles(in: folder == "/" ? "" : folder, into: &search)
            } else {
                search.profiles.append(path)
            }
        }
        search.profiles.sort()
        return search
    }

    /// The profiles of ``search(_:)``, for callers that report nothing else.
    public static func profilePaths(_ paths: [String]) -> [String] {
        search(paths).profiles
    }

    /// Adds the `.yaml` and `.yml` files in `folder` and the folders under it (hidden ones
    /// too; symbolic links are listed, not followed into) to `search`, and the folders among
    /// them that cannot be read.
    ///
    /// Read with `readdir`, which tells a folder from a file without a `stat` per entry:
    /// Foundation's enumerator cost 48,000 instructions a file, a pause of a tenth of a second
    /// before a batch of 10,000 profiles could start.
    private static func collectProfiles(in folder: String, into search: inout Search) {
        guard let directory = opendir(folder.isEmpty ? "/" : folder) else {
            search.unreadableFolders.append(
                .init(path: folder.isEmpty ? "/" : folder, reason: SourceFile.systemReason(errno)))
            return
        }
        defer { closedir(directory) }
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: &entry.pointee.d_name) { bytes in
                bytes.bindMemory(to: CChar.self).baseAddress.map { String(cString: $0) } ?? ""
            }
            if name == "." || name == ".." { continue }
            let path = folder + "/" + name
            var kind = Int32(entry.pointee.d_type)
            if kind == Int32(DT_UNKNOWN) {
                // Some file systems leave the kind to `lstat`.
                var status = stat()
                guard lstat(path, &status) == 0 else { continue }
                kind = (status.st_mode & S_IFMT) == S_IFDIR ? Int32(DT_DIR) : Int32(DT_REG)
            }
            if kind == Int32(DT_DIR) {
                collectProfiles(in: path, into: &search)
            } else if name.hasSuffix(".yaml") || name.hasSuffix(".yml") {
                search.profiles.append(path)
            }
        }
    }

    /// Assesses every profile, calling `emit` with each row in input order and `progress` with
    /// the count done; returns the totals. `emit` and `progress` run on the caller's thread.
    public func run(
        _ paths: [String], emit: (Row) -> Void, progress: ((Int, Int) -> Void)? = nil
    ) -> Totals {
        run(paths, emit: emit, progress: progress, isCancelled: { false })
    }

    /// The rows of a batch as an asynchronous sequence, in input order, then the totals, for
    /// Swift concurrency (a server's request, say): the work runs on threads of its own, never
    /// blocking the caller's, and stops soon after the consumer stops listening or its task is
    /// cancelled. One compiled rule set serves any number of these at once.
    public func events(_ paths: [String]) -> AsyncStream<Event> {
        AsyncStream { continuation in
            let cancelled = CancellationFlag()
            continuation.onTermination = { _ in cancelled.set() }
            Thread.detachNewThread {
                let totals = self.run(
                    paths, emit: { continuation.yield(.row($0)) }, progress: nil,
                    isCancelled: { cancelled.isSet })
                if !cancelled.isSet { continuation.yield(.totals(totals)) }
                continuation.finish()
            }
        }
    }

    /// What ``events(_:)`` gives: each row, then the totals.
    public enum Event: Sendable {
        case row(Row)
        case totals(Totals)
    }

    /// Runs the batch, stopping before the next row once `isCancelled` says so.
    func run(
        _ paths: [String], emit: (Row) -> Void, progress: ((Int, Int) -> Void)?,
        isCancelled: () -> Bool
    ) -> Totals {
        var accumulator = Accumulator(ruleSet: ruleSet.ruleSet)
        // Rows go to the caller while the workers go on: handing on a chunk at a time left
        // all but one core idle while the chunk's rows were totalled and written, and the
        // cores that finished a chunk first waited for the last profile of it.
        let window = max(1, self.window)
        let handOff = OrderedHandOff<(row: Row, tally: Tally)>(
            count: paths.count, window: window)
        let workers = DispatchGroup()
        let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)
        // A reader per worker: the allowed values in the profiles each one reads are
        // references to its own reader's strings, and the maps hold its own field names, so
        // the cores do not take turns at the same reference counts.
        let readers = (0..<cores).map { _ in reader.copy() }
        DispatchQueue.global().async(group: workers) {
            DispatchQueue.concurrentPerform(iterations: cores) { worker in
                while let index = handOff.claim() {
                    handOff.deliver(index, assess(paths[index], reader: readers[worker]))
                }
            }
        }
        var taken = 0
        for index in paths.indices {
            if isCancelled() {
                handOff.stop()
                break
            }
            let (row, tally) = handOff.take(index)
            taken += 1
            accumulator.add(row, tally)
            emit(row)
            let done = index + 1
            if done % window == 0 || done == paths.count {
                progress?(done, paths.count)
            }
        }
        workers.wait()
        return accumulator.totals(profiles: taken)
    }

    /// One profile's row.
    public func assess(_ path: String) -> Row {
        assess(path, reader: reader).row
    }

    /// What a row adds to the totals, by position in the rule set (rules and domains in
    /// order): worked out by the worker that assessed it, so totalling hashes no names.
    struct Tally {
        /// The positions of the rules that failed or were partial.
        var failedRules: [Int] = []
        /// Each domain's rounded score, by position; `nil` where the domain has none.
        var domainScores: [Double?] = []
    }

    private func assess(_ path: String, reader: ProfileReader) -> (row: Row, tally: Tally) {
        do {
            // What `Assessment.assess` does without `describes`, minus the assessment: rows
            // keep the results and scores only.
            let profile = try reader.load(path: path)
            // One scope of the profile's values for its constraints and its rules.
            let scope = evaluator.scope(for: profile, asOf: asOf ?? profile.asOf)
            try ruleSet.checkConstraints(profile, in: scope)
            let results = evaluator.evaluate(profile, in: scope)
            let scores = Scores.compute(
                ruleSet.ruleSet, results: results, explains: false,
                domainPositions: ruleSet.domainPositions)
            // One pass by index, in the compiled rules' order: filtering the results copied
            // every matching result, all its fields, for each list.
            var mandatoryFailed: [String] = []
            var mandatoryUnknown: [String] = []
            var failedRules: [String] = []
            var tally = Tally()
            var unknowns = 0
            // Sized once: grown from empty, a row's lists were reallocated five times each.
            var failures = 0
            for index in results.indices
            where results[index].outcome == .fail || results[index].outcome == .partial {
                failures += 1
            }
            failedRules.reserveCapacity(failures)
            tally.failedRules.reserveCapacity(failures)
            for index in results.indices {
                let outcome = results[index].outcome
                if outcome != .pass && outcome != .notApplicable && mandatory[index] {
                    if outcome == .unknown {
                        mandatoryUnknown.append(results[index].ruleID)
                    } else {
                        mandatoryFailed.append(results[index].ruleID)
                    }
                }
                if outcome == .fail || outcome == .partial {
                    failedRules.append(results[index].ruleID)
                    tally.failedRules.append(index)
                }
                if outcome == .unknown { unknowns += 1 }
            }
            let domainScores = scores.domains
            // Sized once: grown from empty, it was rehashed four times a row.
            var domains = [String: Double](minimumCapacity: domainScores.count)
            tally.domainScores.reserveCapacity(domainScores.count)
            for index in domainScores.indices {
                let score = domainScores[index].score.map(AssessmentReport.round)
                tally.domainScores.append(score)
                if let score { domains[domainScores[index].id] = score }
            }
            let row = Row(
                file: path, organisation: profile.organisation,
                score: AssessmentReport.round(scores.overall),
                band: scores.band, compliant: scores.compliant,
                asOf: (asOf ?? profile.asOf).date,
                mandatoryFailed: mandatoryFailed, mandatoryUnknown: mandatoryUnknown,
                unknowns: unknowns, domainScores: domains,
                errors: [], failedRules: failedRules)
            return (row, tally)
        } catch {
            let row = Row(
                file: path, organisation: nil, score: nil, band: nil, compliant: nil,
                asOf: nil, mandatoryFailed: [], mandatoryUnknown: [], unknowns: 0,
                domainScores: [:], errors: error.diagnostics.map(\.description), failedRules: [])
            return (row, Tally())
        }
    }

    /// Running totals, kept as counts so memory does not grow with the batch. Rules and
    /// domains are counted by position (from each row's ``Tally``) and named at the end.
    struct Accumulator {
        let ruleSet: RuleSet
        var assessed = 0
        var failed = 0
        var compliant = 0
        var bands: [String: Int] = [:]
        /// By domain position: the sum of the rows' scores, and how many rows had one.
        var domainTotals: [Double]
        var domainCounts: [Int]
        /// By rule position: how many rows failed the rule (or were partial).
        var ruleFailures: [Int]

        init(ruleSet: RuleSet) {
            self.ruleSet = ruleSet
            for band in ruleSet.bands { bands[band.label] = 0 }
            domainTotals = Array(repeating: 0, count: ruleSet.domains.count)
            domainCounts = Array(repeating: 0, count: ruleSet.domains.count)
            ruleFailures = Array(repeating: 0, count: ruleSet.rules.count)
        }

        mutating func add(_ row: Row, _ tally: Tally) {
            guard row.errors.isEmpty else {
                failed += 1
                return
            }
            assessed += 1
            if row.compliant == true { compliant += 1 }
            if let band = row.band { bands[band, default: 0] += 1 }
            for (position, score) in tally.domainScores.enumerated() {
                guard let score else { continue }
                domainTotals[position] += score
                domainCounts[position] += 1
            }
            for position in tally.failedRules { ruleFailures[position] += 1 }
        }

        func totals(profiles: Int) -> Totals {
            var averages: [String: Double] = [:]
            for position in ruleSet.domains.indices where domainCounts[position] > 0 {
                averages[ruleSet.domains[position].id] = AssessmentReport.round(
                    domainTotals[position] / Double(domainCounts[position]))
            }
            let failures = ruleSet.rules.indices.filter { ruleFailures[$0] > 0 }.map { position in
                let rule = ruleSet.rules[position]
                return Totals.RuleFailure(
                    rule: rule.id, title: ruleSet.title(of: rule),
                    organisations: ruleFailures[position],
                    share: AssessmentReport.round(
                        Double(ruleFailures[position]) / Double(max(1, assessed))),
                    percent: (Double(ruleFailures[position]) * 1000 / Double(max(1, assessed)))
                        .rounded() / 10)
            }
            .sorted { ($1.organisations, $0.rule) < ($0.organisations, $1.rule) }
            return Totals(
                profiles: profiles, assessed: assessed, failedToLoad: failed, compliant: compliant,
                bands: bands,
                domainAverages: averages, mostFailedRules: Array(failures.prefix(10)),
                superseded: [])
        }
    }
}

/// Results made by concurrent workers, in any order, handed to one consumer in input order.
///
/// Workers ``claim(_:)`` input positions and ``deliver(_:_:)`` their results; the consumer
/// ``take(_:)``s them 0, 1, 2, …. No worker claims a position more than `window` past the
/// last one taken, so at most `window` results wait at any time.
final class OrderedHandOff<Value>: @unchecked Sendable {
    private let condition = NSCondition()
    /// Result `index` waits in slot `index % window`.
    private var slots: [Value?]
    private let count: Int
    /// The next position to claim.
    private var claimed = 0
    /// How many results the consumer has taken.
    private var taken = 0
    /// The position the consumer sleeps until, or -1: workers wake it only for that one.
    private var awaited = -1
    /// Workers sleeping until the consumer frees a slot.
    private var workersWaiting = 0
    /// How many results the consumer waits for at once.
    private static var run: Int { 32 }

    init(count: Int, window: Int) {
        self.count = count
        slots = Array(repeating: nil, count: max(1, min(window, count)))
    }

    /// The next position to work on, or `nil` when every position is claimed; waits while
    /// the window is full.
    func claim() -> Int? {
        condition.lock()
        defer { condition.unlock() }
        while !stopped && claimed < count && claimed >= taken + slots.count {
            workersWaiting += 1
            condition.wait()
            workersWaiting -= 1
        }
        guard !stopped, claimed < count else { return nil }
        defer { claimed += 1 }
        return claimed
    }

    /// Whether ``stop()`` was called: no position is claimed after it.
    private var stopped = false

    /// Stops handing out positions (the consumer stopped taking): waiting workers return.
    func stop() {
        condition.lock()
        stopped = true
        condition.broadcast()
        condition.unlock()
    }

    /// Hands over the result for a claimed position.
    func deliver(_ index: Int, _ value: consuming Value) {
        condition.lock()
        defer { condition.unlock() }
        let slot = index % slots.count
        precondition(slots[slot] == nil, "a result is delivered into a slot still in use")
        slots[slot] = value
        if index == awaited { condition.broadcast() }
    }

    /// The result for `index`, the position after the last one taken, once it is delivered.
    func take(_ index: Int) -> Value {
        condition.lock()
        defer { condition.unlock() }
        precondition(index == taken, "results are taken in order")
        let slot = index % slots.count
        if slots[slot] == nil {
            // Sleep until a run of results is ready, not just the next one: waking for each
            // result cost a context switch per profile. The run's last position is within the
            // window, so some worker will claim it.
            let last = min(index + Self.run, taken + slots.count, count) - 1
            awaited = last
            while slots[last % slots.count] == nil { condition.wait() }
            awaited = index
            while slots[slot] == nil { condition.wait() }
            awaited = -1
        }
        taken += 1
        if workersWaiting > 0 { condition.broadcast() }
        // The loops above waited until it was there.
        guard let result = slots[slot].take() else { preconditionFailure("a result handed on") }
        return result
    }
}

/// A flag set once from any thread (an async stream's termination) and read from another.
final class CancellationFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false

    /// Sets the flag.
    func set() {
        lock.lock()
        value = true
        lock.unlock()
    }

    /// Whether the flag is set.
    var isSet: Bool {
        lock.lock()
        defer { lock.unlock() }
        return value
    }
}
