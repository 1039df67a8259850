import CEL
import Foundation
import ReadinessTestSupport

/// `readiness-bench cel`: compile time and evaluations per second of representative rule
/// expressions over an organisation with 40 peer workers, on one core.
enum CELBenchmark {
    static let expressions = [
        "org.peer_workers.filter(w, w.supervision.interval_days <= 30).size() * 100 / org.peer_workers.size() >= 80",
        "org.peer_workers.all(w, w.supervision.interval_days <= 60)",
        "org.peer_workers.exists(w, w.supervision.supervisor_is_peer && w.fte >= 0.5)",
        "org.peer_workers.map(w, w.training_hours).filter(h, h >= 46).size() >= 3",
    ]

    static func organisation(workers: Int) -> CELValue {
        var generator = SplitMix(seed: 42)
        let list = (0..<workers).map { index -> CELValue in
            let supervision = CELMap([
                ("interval_days", .int(Int64(7 + generator.next() % 50))),
                ("supervisor_is_peer", .bool(generator.next() % 2 == 0)),
            ])
            return .map(
                CELMap([
                    ("name", .string("Worker \(index)")),
                    ("fte", .double(Double(generator.next() % 10) / 10)),
                    ("training_hours", .int(Int64(generator.next() % 80))),
                    ("supervision", .map(supervision)),
                ]))
        }
        return .map(CELMap([("peer_workers", .list(list)), ("staff", .int(120))]))
    }

    static func run(seconds window: Double, only: Int? = nil, fixedCount: Int? = nil) {
        let clock = ContinuousClock()
        var environment = Environment()
        environment.declare("org", .dyn)
        let bindings = ["org": organisation(workers: 40)]
        print("expression\tcompile (median)\tevaluations/s (one core)\tresult")
        for (number, expression) in expressions.enumerated() where only == nil || only == number + 1
        {
            var compileTimes: [Duration] = []
            var program: Program?
            for _ in 0..<200 {
                compileTimes.append(
                    clock.measure { program = try? environment.compile(expression) })
            }
            guard let program else {
                print("\(expression)\tdoes not compile")
                continue
            }
            let activation = Activation(program: program, bindings: bindings)
            var result = program.evaluate(activation: activation)
            if let fixed = fixedCount {
                // A fixed number of evaluations, for instruction counting under callgrind.
                for _ in 0..<fixed { result = program.evaluate(activation: activation) }
                print("\(expression)\t-\t\(fixed) evaluations\t\(result.debugText)")
                continue
            }
            // Warm up, then count evaluations in the time given.
            for _ in 0..<1000 { result = program.evaluate(activation: activation) }
            var count = 0
            let start = clock.now
            let deadline = start.advanced(by: .milliseconds(Int(window * 1000)))
            while clock.now < deadline {
                for _ in 0..<100 { result = program.evaluate(activation: activation) }
                count += 100
            }
            let elapsed = Self.seconds(clock.now - start)
            let compile = compileTimes.sorted()[compileTimes.count / 2]
            print(
                "\(expression)\t\(String(format: "%.1f µs", self.seconds(compile) * 1e6))\t\(String(format: "%.0f", Double(count) / elapsed))\t\(result.debugText)"
            )
        }
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
