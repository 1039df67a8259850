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
    /// The compiled (and possibly tailored) rule set every profile is assessed against.
    public let ruleSet: CompiledRuleSet
    /// The assessment date for every profile, replacing each one's own when set.
    public var asOf: CELTimestamp?
    /// Waivers (a funder's list, each naming its organisation) weighed in each verdict.
    public var waivers: WaiverList?
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
    public init(ruleSet: CompiledRuleSet, asOf: CELTimestamp? = nil, waivers: WaiverList? = nil) {
        self.ruleSet = ruleSet
        self.asOf = asOf
        self.waivers = waivers
        reader = ProfileReader(schema: ruleSet.ruleSet.schema, limits: ruleSet.limits)
        mandatory = ruleSet.rules.map(\.rule.mandatory)
        // Rows need scores and verdicts, not evidence or gap messages.
        evaluator = Evaluator(ruleSet, describes: false)
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

    /// The row of a profile held in memory (a stored assessment's profile, say), as
    /// ``assess(_:)`` gives for a file; `name` stands for its path.
    public func assess(bytes: [UInt8], name: String) -> Row {
        row(file: name) { () throws(DiagnosticError) in try reader.decode(bytes, name: name) }.row
    }

    /// The totals of rows made one by one (``assess(bytes:name:)``): what ``run(_:emit:progress:)``
    /// gives for the same rows, worked out the same way.
    public func totals(of rows: [Row]) -> Totals {
        var accumulator = Accumulator(ruleSet: ruleSet.ruleSet)
        let rulePositions = Dictionary(
            ruleSet.rules.indices.map { (ruleSet.rules[$0].rule.id, $0) },
            uniquingKeysWith: { first, _ in first })
        for row in rows {
            let tally = Tally(
                failedRules: row.failedRules.compactMap { rulePositions[$0] },
                domainScores: ruleSet.ruleSet.domains.map { row.domainScores[$0.id] })
            accumulator.add(row, tally)
        }
        return accumulator.totals(profiles: rows.count)
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
        row(file: path) { () throws(DiagnosticError) in try reader.load(path: path) }
    }

    /// The row of the profile `load` reads, named `file`.
    private func row(file path: String, load: () throws(DiagnosticError) -> Profile) -> (
        row: Row, tally: Tally
    ) {
        do {
            // What `Assessment` does, without describing: rows keep results and scores only.
            let profile = try load()
            let scored = try evaluator.scored(profile, asOf: asOf, waivers: waivers)
            let (results, scores) = (scored.results, scored.scores)
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
                band: scores.band,
                compliant: ruleSet.ruleSet.judgesCompliance ? scores.compliant : nil,
                asOf: scored.asOf.date,
                mandatoryFailed: mandatoryFailed, mandatoryUnknown: mandatoryUnknown,
                unknowns: unknowns, domainScores: domains,
                errors: [], failedRules: failedRules, waived: scores.waived)
            return (row, tally)
        } catch {
            let row = Row(
                file: path, organisation: nil, score: nil, band: nil, compliant: nil,
                asOf: nil, mandatoryFailed: [], mandatoryUnknown: [], unknowns: 0,
                domainScores: [:], errors: error.diagnostics.map(\.description), failedRules: [])
            return (row, Tally())
        }
    }
}
